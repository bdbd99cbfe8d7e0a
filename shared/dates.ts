// Dates as documents and the API write them. Two questions, two answers:
// - parseUnambiguousDate: the one day a written date can only mean (what the export writes as ISO 8601); null when
//   it could mean two days. Unambiguous: year first (1990-01-31, 1990.01.31, 1990. 1. 31.), eight digits
//   (19900131), a month name (31 JAN 1990, 31-Jan-1990, 31JAN1990, Jan 31, 1990, 1990 JAN 31), Korean/Chinese/
//   Japanese markers (1990년 1월 31일, 1990年1月31日), and day-month-year or month-day-year with a four-digit year
//   only when one of the first two parts is over 12 (31.01.1990, 01/31/1990) or both are the same (05/05/1990).
//   Two-digit years are never guessed.
// - dateReadings: every day a written date could mean (what the document checks compare with the MRZ: a written
//   date agrees when any of its readings does). Also day/month order both ways, eight digits as DDMMYYYY and
//   MMDDYYYY, YYMMDD and two-digit years in both centuries. No reading at all = not a real date.
// Pure: no Node built-ins, no DOM (used by the export in the main process and by the checks in shared/checks).

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

/** The month a month name or abbreviation means (JAN, January, Sept), or undefined. */
export function monthOfName(name: string): number | undefined {
  return MONTHS[name.toLowerCase()]
}

/** Keys whose values are dates: birth, issue_date, expire_date and any *_date (also on the back side). */
export function isDateKey(key: string): boolean {
  const k = key.toLowerCase()
  const bare = k.startsWith('back_') ? k.slice(5) : k
  return bare === 'birth' || bare.endsWith('_date')
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** YYYY-MM-DD when the day exists, else null. */
export function isoDate(year: number, month: number, day: number): string | null {
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
  if (cjk) return isoDate(Number(cjk[1]), Number(cjk[2]), Number(cjk[3]))

  const parsed = tokenise(s)
  if (!parsed) return null
  const { tokens, seps } = parsed

  if (tokens.length === 1) {
    const [t] = tokens as [Token]
    if (t.kind !== 'num' || t.text.length !== 8) return null
    const year = Number(t.text.slice(0, 4))
    if (year < 1800 || year > 2199) return null
    return isoDate(year, Number(t.text.slice(4, 6)), Number(t.text.slice(6, 8)))
  }
  if (tokens.length !== 3) return null
  const [a, b, c] = tokens as [Token, Token, Token]

  // All numbers: the same separator twice, and not a comma.
  if (a.kind === 'num' && b.kind === 'num' && c.kind === 'num') {
    const [s1, s2] = seps as [string, string]
    if (s1 !== s2 || s1 === '' || s1.includes(',')) return null
    if (isYear(a) && isDayOrMonth(b) && isDayOrMonth(c)) return isoDate(a.value, b.value, c.value)
    if (isDayOrMonth(a) && isDayOrMonth(b) && isYear(c)) {
      if (a.value === b.value) return isoDate(c.value, b.value, a.value)
      if (a.value > 12 && b.value <= 12) return isoDate(c.value, b.value, a.value) // day-month-year
      if (b.value > 12 && a.value <= 12) return isoDate(c.value, a.value, b.value) // month-day-year
    }
    return null
  }
  // A month name: its position says which number is the day.
  if (a.kind === 'num' && b.kind === 'month' && isDayOrMonth(a) && isYear(c))
    return isoDate(c.value, b.value, a.value)
  if (a.kind === 'month' && isDayOrMonth(b) && isYear(c)) return isoDate(c.value, a.value, b.value)
  if (isYear(a) && b.kind === 'month' && isDayOrMonth(c)) return isoDate(a.value, b.value, c.value)
  return null
}

/** The value to export: ISO 8601 when unambiguous, otherwise exactly as written. */
export function normaliseDate(raw: string): string {
  return parseUnambiguousDate(raw) ?? raw
}

// Four-digit years outside this range are read as OCR errors, not as dates (no document shows year 0984 or 3101).
const MIN_YEAR = 1800
const MAX_YEAR = 2199

/** The years a written year can be: itself (four digits in range), or both centuries for two digits. */
function years(t: Token): number[] {
  if (t.kind !== 'num') return []
  if (t.text.length === 4) return t.value >= MIN_YEAR && t.value <= MAX_YEAR ? [t.value] : []
  if (t.text.length === 2) return [1900 + t.value, 2000 + t.value]
  return []
}

/** Every day the written date can mean, as YYYY-MM-DD, most likely first; [] when it is not a real date. */
export function dateReadings(raw: string): string[] {
  // An ISO 8601 date-time is its date.
  const s = raw.trim().replace(/^(\d{4}-\d{2}-\d{2})T[\d:.]+(Z|[+-]\d{2}:?\d{2})?$/, '$1')
  if (s.length < 6 || s.length > 40) return []
  const out: string[] = []
  const add = (y: number, m: number, d: number) => {
    const iso = isoDate(y, m, d)
    if (iso && !out.includes(iso)) out.push(iso)
  }
  const cjk = CJK_DATE.exec(s)
  if (cjk) {
    add(Number(cjk[1]), Number(cjk[2]), Number(cjk[3]))
    return out
  }
  const parsed = tokenise(s)
  if (!parsed) return out
  const { tokens, seps } = parsed
  if (tokens.length === 1) {
    const t = tokens[0]!
    if (t.kind !== 'num') return out
    const n = (from: number, to: number) => Number(t.text.slice(from, to))
    if (t.text.length === 8) {
      if (n(0, 4) >= MIN_YEAR && n(0, 4) <= MAX_YEAR) add(n(0, 4), n(4, 6), n(6, 8)) // YYYYMMDD
      if (n(4, 8) >= MIN_YEAR && n(4, 8) <= MAX_YEAR) {
        add(n(4, 8), n(2, 4), n(0, 2)) // DDMMYYYY
        add(n(4, 8), n(0, 2), n(2, 4)) // MMDDYYYY (AAMVA, US)
      }
    } else if (t.text.length === 6) {
      for (const y of [1900 + n(0, 2), 2000 + n(0, 2)]) add(y, n(2, 4), n(4, 6)) // YYMMDD (as in the MRZ)
    }
    return out
  }
  if (tokens.length !== 3) return out
  const [a, b, c] = tokens as [Token, Token, Token]
  if (a.kind === 'num' && b.kind === 'num' && c.kind === 'num') {
    const [s1, s2] = seps as [string, string]
    if (s1 !== s2 || s1 === '' || s1.includes(',')) return out
    if (isYear(a) && isDayOrMonth(b) && isDayOrMonth(c)) for (const y of years(a)) add(y, b.value, c.value)
    if (isDayOrMonth(a) && isDayOrMonth(b) && (c.text.length === 4 || c.text.length === 2)) {
      for (const y of years(c)) add(y, b.value, a.value) // day-month-year
      for (const y of years(c)) add(y, a.value, b.value) // month-day-year
    }
    return out
  }
  if (a.kind === 'num' && b.kind === 'month' && isDayOrMonth(a))
    for (const y of years(c)) add(y, b.value, a.value)
  if (a.kind === 'month' && isDayOrMonth(b)) for (const y of years(c)) add(y, a.value, b.value)
  if (isYear(a) && b.kind === 'month' && isDayOrMonth(c)) for (const y of years(a)) add(y, b.value, c.value)
  return out
}

/** Whole years from `birth` to `on` (both YYYY-MM-DD). A 29 February birthday counts on 1 March in other years. */
export function ageOn(birth: string, on: string): number {
  const whole = Number(on.slice(0, 4)) - Number(birth.slice(0, 4))
  return on.slice(5) >= birth.slice(5) ? whole : whole - 1
}

/** `iso` (YYYY-MM-DD) moved by whole years, as a string that sorts correctly (29 February kept as written). */
export function shiftYears(iso: string, years: number): string {
  return `${String(Number(iso.slice(0, 4)) + years).padStart(4, '0')}${iso.slice(4)}`
}
