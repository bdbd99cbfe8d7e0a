// Dates of the document as ISO 8601 (YYYY-MM-DD) when the written form can only mean one day; otherwise the value
// is kept exactly as written. Unambiguous: year first (1990-01-31, 1990.01.31, 1990. 1. 31.), eight digits
// (19900131), a month name (31 JAN 1990, 31-Jan-1990, 31JAN1990, Jan 31, 1990, 1990 JAN 31), Korean/Chinese/Japanese
// markers (1990년 1월 31일, 1990年1月31日), and day-month-year or month-day-year with a four-digit year only when one
// of the first two parts is over 12 (31.01.1990, 01/31/1990) or both are the same (05/05/1990). Two-digit years
// are never guessed.

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
}

/** Keys whose values are dates: birth, issue_date, expire_date and any *_date (also on the back side). */
export function isDateKey(key: string): boolean {
  const k = key.toLowerCase()
  const bare = k.startsWith('back_') ? k.slice(5) : k
  return bare === 'birth' || bare.endsWith('_date')
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

function iso(year: number, month: number, day: number): string | null {
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

type Token = { kind: 'num'; text: string; value: number } | { kind: 'month'; text: string; value: number }

const CJK_DATE = /^(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]?$/
const SEPARATORS = ' -./,'

/** Splits into numbers and month names with the separators between them; null when anything else is present. */
function tokenise(s: string): { tokens: Token[]; seps: string[] } | null {
  const tokens: Token[] = []
  const seps: string[] = []
  let sep = ''
  let i = 0
  while (i < s.length) {
    const c = s[i]!
    if (SEPARATORS.includes(c)) {
      sep += c
      i++
      continue
    }
    let j = i
    if (c >= '0' && c <= '9') {
      while (j < s.length && s[j]! >= '0' && s[j]! <= '9') j++
      const text = s.slice(i, j)
      if (tokens.length) seps.push(sep)
      else if (sep) return null
      tokens.push({ kind: 'num', text, value: Number(text) })
    } else {
      while (j < s.length && /[A-Za-z]/.test(s[j]!)) j++
      if (j === i) return null
      const text = s.slice(i, j)
      const month = MONTHS[text.toLowerCase()]
      if (month === undefined) return null
      if (tokens.length) seps.push(sep)
      else if (sep) return null
      tokens.push({ kind: 'month', text, value: month })
    }
    sep = ''
    i = j
  }
  // Only a trailing full stop is allowed (Korean style "1990. 01. 31.").
  if (sep !== '' && sep !== '.') return null
  return { tokens, seps }
}

const isYear = (t: Token) => t.kind === 'num' && t.text.length === 4
const isDayOrMonth = (t: Token) => t.kind === 'num' && t.text.length <= 2

/** The ISO 8601 form of a written date when it is unambiguous, else null. */
export function parseUnambiguousDate(raw: string): string | null {
  const s = raw.trim()
  if (s.length < 6 || s.length > 40) return null

  const cjk = CJK_DATE.exec(s)
  if (cjk) return iso(Number(cjk[1]), Number(cjk[2]), Number(cjk[3]))

  const parsed = tokenise(s)
  if (!parsed) return null
  const { tokens, seps } = parsed

  if (tokens.length === 1) {
    const [t] = tokens as [Token]
    if (t.kind !== 'num' || t.text.length !== 8) return null
    const year = Number(t.text.slice(0, 4))
    if (year < 1800 || year > 2199) return null
    return iso(year, Number(t.text.slice(4, 6)), Number(t.text.slice(6, 8)))
  }
  if (tokens.length !== 3) return null
  const [a, b, c] = tokens as [Token, Token, Token]

  // All numbers: the same separator twice, and not a comma.
  if (a.kind === 'num' && b.kind === 'num' && c.kind === 'num') {
    const [s1, s2] = seps as [string, string]
    if (s1 !== s2 || s1 === '' || s1.includes(',')) return null
    if (isYear(a) && isDayOrMonth(b) && isDayOrMonth(c)) return iso(a.value, b.value, c.value)
    if (isDayOrMonth(a) && isDayOrMonth(b) && isYear(c)) {
      if (a.value === b.value) return iso(c.value, b.value, a.value)
      if (a.value > 12 && b.value <= 12) return iso(c.value, b.value, a.value) // day-month-year
      if (b.value > 12 && a.value <= 12) return iso(c.value, a.value, b.value) // month-day-year
    }
    return null
  }
  // A month name: its position says which number is the day.
  if (a.kind === 'num' && b.kind === 'month' && isDayOrMonth(a) && isYear(c))
    return iso(c.value, b.value, a.value)
  if (a.kind === 'month' && isDayOrMonth(b) && isYear(c)) return iso(c.value, a.value, b.value)
  if (isYear(a) && b.kind === 'month' && isDayOrMonth(c)) return iso(a.value, b.value, c.value)
  return null
}

/** The value to export: ISO 8601 when unambiguous, otherwise exactly as written. */
export function normaliseDate(raw: string): string {
  return parseUnambiguousDate(raw) ?? raw
}
