// A case's human title: "TAMIHANA Aroha · NZL passport LA1234567 · exp. 2030-05-05", built from the fields as read
// or corrected (so it follows every correction). The list, dialogs, timeline and window title show it first and the
// file name second. Pure.
import { DOCUMENT_NUMBER_KEYS, type Case, type IdType } from './model'
import { parseUnambiguousDate } from './dates'

/** How a title names the document type (lower case: it reads inside a sentence). */
export const ID_TYPE_NOUNS: Record<IdType, string> = {
  government_id: 'ID card',
  passport: 'passport',
  drivers_license: "driver's license",
  residence_permit: 'residence permit',
  vehicle_registration_certificate: 'vehicle registration',
  visa: 'visa',
  aadhaar: 'Aadhaar',
  pancard: 'PAN card',
}

const EXPIRY_KEYS = ['expire_date', 'expiry_date', 'date_of_expiry', 'back_expire_date']
const FULL_NAME_KEYS = ['name', 'full_name']

type TitleSource = Pick<Case, 'fields' | 'issuingCountry' | 'idType'>

/** The first non-blank value among `keys`, with runs of white space made one space. */
function value(c: Pick<Case, 'fields'>, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = c.fields
      .find((f) => f.key === k)
      ?.value.replace(/\s+/g, ' ')
      .trim()
    if (v) return v
  }
  return null
}

/** "Given names" in title case, word by word (hyphens and apostrophes kept): "ANNA-LENA" → "Anna-Lena". */
function titleCase(s: string): string {
  return s
    .toLocaleLowerCase()
    .replace(/(^|[\s\-'’])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toLocaleUpperCase())
}

const surnameFirst = (surname: string, given: string): string =>
  `${surname.toLocaleUpperCase()} ${titleCase(given)}`

/** The surname of a full name that holds `given` before or after it ("ROSSI GIULIA" / "GIULIA ROSSI"), or null. */
function surnameBeside(full: string, given: string): string | null {
  const f = full.toLocaleUpperCase()
  const g = given.toLocaleUpperCase()
  if (f.length <= g.length) return null
  const rest = f.endsWith(` ${g}`)
    ? full.slice(0, full.length - given.length)
    : f.startsWith(`${g} `)
      ? full.slice(given.length)
      : null
  const sur = rest?.replace(/,\s*$/, '').trim()
  return sur ? sur : null
}

/**
 * "SURNAME Given": the surname upper case, the given names in title case. Built from surname and given-name fields,
 * from a full name that holds the given name (either order) or is written "SURNAME, Given"; otherwise the full name
 * as read (an OCR error in it is shown, not hidden).
 */
export function holderName(c: Pick<Case, 'fields'>): string | null {
  const full = value(c, FULL_NAME_KEYS)
  const given = value(c, ['given_name', 'given_names'])
  const surname = value(c, ['surname', 'last_name', 'family_name'])
  if (surname && given) return surnameFirst(surname, given)
  if (full && given) {
    const sur = surnameBeside(full, given)
    if (sur) return surnameFirst(sur, given)
  }
  const comma = full?.match(/^([^,]+),\s*(.+)$/)
  if (comma) return surnameFirst(comma[1]!.trim(), comma[2]!)
  if (full) return full
  if (surname) return surname.toLocaleUpperCase()
  return given ? titleCase(given) : null
}

/** The expiry date as ISO 8601 when it reads as one, else as written; null when the case has none. */
export function expiryOf(c: Pick<Case, 'fields'>): string | null {
  const raw = value(c, EXPIRY_KEYS)
  return raw === null ? null : (parseUnambiguousDate(raw) ?? raw)
}

/**
 * The title, or null while the fields name neither the holder nor the document (a new or failed case): callers
 * then show the file name.
 */
export function caseTitle(c: TitleSource): string | null {
  const holder = holderName(c)
  const number = value(c, DOCUMENT_NUMBER_KEYS)
  if (!holder && !number) return null
  const kind = [c.issuingCountry, c.idType ? ID_TYPE_NOUNS[c.idType] : null].filter(Boolean).join(' ')
  const doc = [kind || null, number].filter(Boolean).join(' ')
  const expiry = expiryOf(c)
  return [holder, doc || null, expiry ? `exp. ${expiry}` : null].filter(Boolean).join(' · ')
}
