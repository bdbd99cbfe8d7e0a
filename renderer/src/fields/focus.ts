/**
 * Moves keyboard focus to a field's value input (which in turn selects the field). A case just opened renders
 * its fields a moment after its scan, so a missing input is looked for again over the next few frames.
 */
export function focusFieldInput(key: string, framesLeft = 10): void {
  const input = document.querySelector<HTMLInputElement>(`input[data-field="${CSS.escape(key)}"]`)
  if (!input) {
    if (framesLeft > 0) requestAnimationFrame(() => focusFieldInput(key, framesLeft - 1))
    return
  }
  input.focus({ preventScroll: true })
  // The whole row: the check notes under the input are part of what the reviewer came to see.
  const row = input.closest('li') ?? input
  row.scrollIntoView({ block: 'nearest' })
}
