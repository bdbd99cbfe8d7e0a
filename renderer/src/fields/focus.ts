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
  input.scrollIntoView({ block: 'nearest' })
}
