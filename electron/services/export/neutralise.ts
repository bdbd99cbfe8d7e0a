// CSV injection (OWASP "CSV Injection"): a cell that a spreadsheet could read as a formula gets a leading
// apostrophe, which spreadsheets show as text. Dangerous first characters are = + - @, tab, CR, LF and NUL; leading
// whitespace does not protect (spreadsheets may trim it), so it is looked through. The full-width forms of = + - @
// are treated the same (some East Asian input setups turn them into the ASCII ones). Char-code checks, no regex:
// this runs on every cell of an export.

/** What a neutralised cell starts with. */
export const NEUTRALISER = "'"

function isFormulaStart(code: number): boolean {
  switch (code) {
    case 0x3d: // =
    case 0x2b: // +
    case 0x2d: // -
    case 0x40: // @
    case 0x09: // tab
    case 0x0d: // CR
    case 0x0a: // LF
    case 0x00: // NUL
    case 0xff1d: // full-width =
    case 0xff0b: // full-width +
    case 0xff0d: // full-width -
    case 0xff20: // full-width @
      return true
    default:
      return false
  }
}

/** Whitespace (and invisible characters) a spreadsheet might drop before it looks at the first character. */
function isBlank(code: number): boolean {
  if (code <= 0x20 || code === 0x7f) return true // C0 controls and the space
  if (code < 0x85) return false
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    code === 0x180e || // Mongolian vowel separator (zero width)
    (code >= 0x2000 && code <= 0x200d) || // the spaces, zero-width space, ZWNJ, ZWJ
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    (code >= 0x2060 && code <= 0x2064) || // word joiner, invisible function application, times, separator, plus
    code === 0x3000 ||
    code === 0xfeff
  )
}

/** True when a spreadsheet could read `value` as a formula (or a DDE call). */
export function needsNeutralising(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (isFormulaStart(code)) return true
    if (!isBlank(code)) return false
  }
  return false
}

/** The cell as written to the CSV: unchanged, or with a leading apostrophe when it could start a formula. */
export function neutralise(value: string): string {
  if (value.length === 0) return value
  // Fast path: most cells start with a letter or a digit.
  const first = value.charCodeAt(0)
  if (
    (first >= 0x30 && first <= 0x39) ||
    (first >= 0x41 && first <= 0x5a) ||
    (first >= 0x61 && first <= 0x7a)
  ) {
    return value
  }
  return needsNeutralising(value) ? NEUTRALISER + value : value
}
