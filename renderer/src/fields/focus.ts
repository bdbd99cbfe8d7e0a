import { releaseOpenCaseRows } from './rowsGate'

/**
 * Opens a field for typing: keyboard focus in its value input (which in turn selects the field). A case just
 * opened renders its fields a moment after its scan (rowsGate.ts; asking for an input releases them at once), so
 * a missing input is looked for again over the next few frames. Only what the reviewer asked for calls this (N,
 * Enter/F2 on the selected field, Tab, a click on a box or a check): typing never starts in a field the reviewer
 * did not open.
 */
export function focusFieldInput(key: string, framesLeft = 10): void {
  const k = CSS.escape(key)
  const input = document.querySelector<HTMLElement>(`textarea[data-field="${k}"], input[data-field="${k}"]`)
  if (!input) {
    releaseOpenCaseRows()
    if (framesLeft > 0) requestAnimationFrame(() => focusFieldInput(key, framesLeft - 1))
    return
  }
  input.focus({ preventScroll: true })
  // The whole row: the check notes under the input are part of what the reviewer came to see.
  const row = input.closest('li') ?? input
  row.scrollIntoView({ block: 'nearest' })
}
