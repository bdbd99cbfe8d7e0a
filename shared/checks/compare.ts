// How a printed value is compared with the same element read from a second source (the MRZ or the barcode), one
// comparison per kind of value. Each says pass, fail (with the look-alike correction when the difference is only
// look-alike characters) or skip (the two cannot be compared by rule, and why).
import { dateReadings } from '../dates'
import { printedCountry } from './country'
import { dateInShapeOf } from './date-shape'
import { isNumberFormatting, isSeparator, lookAlikeFix, type LookAlikeFix } from './lookalike'
import { mrzSpellings, nameAgrees, renderings, type NameParts, type NameRole } from './transliterate'

export type Outcome =
  { status: 'pass' } | { status: 'fail'; fix: LookAlikeFix | null } | { status: 'skip'; why: string }

const PASS: Outcome = { status: 'pass' }
const fail = (fix: LookAlikeFix | null): Outcome => ({ status: 'fail', fix })

/** Document numbers: spaces, dashes, dots, slashes and fillers are formatting, case does not count. */
export const normaliseNumber = (s: string): string =>
  [...s]
    .filter((c) => !isNumberFormatting(c))
    .join('')
    .toUpperCase()

export function compareNumber(printed: string, other: string): Outcome {
  if (normaliseNumber(printed) === normaliseNumber(other)) return PASS
  return fail(lookAlikeFix(printed, normaliseNumber(other), isNumberFormatting))
}

/** A written date agrees when any of its readings is the other date (YYYY-MM-DD). */
export function compareDate(printed: string, otherIso: string): Outcome {
  if (dateReadings(printed).includes(otherIso)) return PASS
  for (const shaped of dateInShapeOf(printed, otherIso)) {
    const fix = lookAlikeFix(printed, shaped)
    if (fix) return fail(fix)
  }
  return fail(null)
}

const SEX_WORDS: Record<string, 'M' | 'F' | 'X'> = {
  M: 'M',
  MALE: 'M',
  MAN: 'M',
  男: 'M',
  남: 'M',
  F: 'F',
  FEMALE: 'F',
  WOMAN: 'F',
  女: 'F',
  여: 'F',
  X: 'X',
  '<': 'X',
  UNSPECIFIED: 'X',
}

/** M, F or X from a printed sex ("F", "Female", bilingual "M/M", "女"); null when it says none or several. */
export function printedSex(value: string): 'M' | 'F' | 'X' | null {
  const words = value.toUpperCase().match(/[\p{L}<]+/gu) ?? []
  const codes = new Set(words.map((w) => SEX_WORDS[w]).filter((c) => c !== undefined))
  return codes.size === 1 ? [...codes][0]! : null
}

/** `other` is M, F or X (the MRZ's filler already read as X: unspecified). */
export function compareSex(printed: string, other: string): Outcome {
  const sex = printedSex(printed)
  return sex === other ? PASS : fail(null)
}

/** `other` is a three-letter code (the MRZ's D already read as DEU). */
export function compareCountry(printed: string, other: string): Outcome {
  const code = printedCountry(printed)
  if (code === other) return PASS
  // Three letters and digits are a code misread ("UT0"), not a name.
  const misreadCode = /^[A-Za-z0-9]{3}$/.test(printed.trim())
  if (code === null && !misreadCode) {
    return { status: 'skip', why: 'is neither a country code nor an English country name the check knows' }
  }
  return fail(misreadCode ? lookAlikeFix(printed.trim(), other) : null)
}

/** Letters and digits only, upper case: punctuation, spacing and case do not count in an address. */
const compact = (s: string): string =>
  [...s.normalize('NFD').replace(/[\u0300-\u036f]/g, '')]
    .filter((c) => !isSeparator(c))
    .join('')
    .toUpperCase()

/** A trailing US ZIP+4 cut to its five digits ("…CA 902101234" or "…CA 90210-1234" → "…CA90210"). */
const zip5 = (s: string): string => s.replace(/(\d{5})\d{4}$/, '$1')

export function compareAddress(printed: string, other: string): Outcome {
  const p = compact(printed)
  const o = compact(other)
  if (p === o || zip5(p) === zip5(o)) return PASS
  return fail(lookAlikeFix(printed, o, isSeparator) ?? lookAlikeFix(printed, zip5(o), isSeparator))
}

/** Names: ICAO transliteration, surname and given names, truncation (see transliterate.ts). */
export function compareName(role: NameRole, printed: string, ref: NameParts): Outcome {
  if (mrzSpellings(printed) === null) {
    return { status: 'skip', why: 'is not in Latin script, so it cannot be compared by rule' }
  }
  if (nameAgrees(role, printed, ref)) return PASS
  for (const rendering of renderings(role, ref)) {
    const fix = lookAlikeFix(printed, rendering, isSeparator)
    if (fix) return fail(fix)
  }
  return fail(null)
}
