// CSV injection (OWASP): a cell that a spreadsheet would read as a formula gets a leading apostrophe.
// Leading whitespace does not protect (spreadsheets trim it), so it is looked through.
const FORMULA_START = /^[\s]*[=+\-@\t\r\n\0]/

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}
