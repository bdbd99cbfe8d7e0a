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

function value(c: Pick<Case, 'fields'>, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = c.fields.find((f) => f.key === k)?.value.trim()
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

/** "SURNAME Given": the surname as printed, the given names in title case; the full name as is otherwise. */
export function holderName(c: Pick<Case, 'fields'>): string | null {
  const full = value(c, FULL_NAME_KEYS)
  const given = value(c, ['given_name', 'given_names'])
  const surname = value(c, ['surname', 'last_name', 'family_name'])
  if (surname && given) return `${surname.toLocaleUpperCase()} ${titleCase(given)}`
  if (
    full &&
    given &&
    full.length > given.length &&
    full.toLocaleUpperCase().endsWith(given.toLocaleUpperCase())
  ) {
    const sur = full.slice(0, full.length - given.length).trim()
    if (sur) return `${sur.toLocaleUpperCase()} ${titleCase(given)}`
  }
  return full ?? surname ?? (given ? titleCase(given) : null)
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
