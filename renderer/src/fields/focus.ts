/** Moves keyboard focus to a field's value input (which in turn selects the field). */
export function focusFieldInput(key: string): void {
  const input = document.querySelector<HTMLInputElement>(`input[data-field="${CSS.escape(key)}"]`)
  if (!input) return
  input.focus({ preventScroll: true })
  input.scrollIntoView({ block: 'nearest' })
}
