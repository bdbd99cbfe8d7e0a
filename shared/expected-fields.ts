// The fields a document of a given type (and country) is expected to carry, with the side they are printed on,
// keyed as ARGOS keys them (API-NOTES; the fixtures' responses): the pick list when a reviewer draws a box over a
// field the recognition missed. Pure.
import { BACK_PREFIX, CANONICAL_FIELD_ORDER } from './field-order'
import type { IdType, Side } from './primitives'

export type ExpectedField = { key: string; side: Side }

const front = (...keys: string[]): ExpectedField[] => keys.map((key) => ({ key, side: 'front' }))
const back = (...keys: string[]): ExpectedField[] => keys.map((key) => ({ key, side: 'back' }))

/** TD1 cards (ID cards, residence cards): personal data on the front, address, issue and the 3-line MRZ on the back. */
const TD1_CARD = [
  ...front('name', 'given_name', 'number', 'birth', 'gender', 'nationality', 'expire_date'),
  ...back('address', 'authority', 'issue_date', 'mrz_line1', 'mrz_line2', 'mrz_line3'),
]

const BY_TYPE: Record<IdType, readonly ExpectedField[]> = {
  // TD3 data page: one side, 2-line MRZ.
  passport: front(
    'name',
    'given_name',
    'number',
    'birth',
    'gender',
    'nationality',
    'issue_date',
    'expire_date',
    'authority',
    'mrz_line1',
    'mrz_line2',
  ),
  government_id: TD1_CARD,
  residence_permit: TD1_CARD,
  drivers_license: [
    ...front(
      'number',
      'name',
      'given_name',
      'birth',
      'gender',
      'address',
      'issue_date',
      'expire_date',
      'license_class',
    ),
    ...back('restrictions', 'authority'),
  ],
  // MRV sticker: a passport-like zone with a 2-line MRZ.
  visa: front(
    'name',
    'given_name',
    'number',
    'birth',
    'gender',
    'nationality',
    'issue_date',
    'expire_date',
    'mrz_line1',
    'mrz_line2',
  ),
  vehicle_registration_certificate: front('number', 'name', 'address', 'issue_date', 'expire_date'),
  aadhaar: [...front('name', 'birth', 'gender', 'number'), ...back('address')],
  pancard: front('name', 'father_name', 'birth', 'number'),
}

/** Without a type: what most identity documents carry, which is the canonical front keys. */
const COMMON = front(...CANONICAL_FIELD_ORDER)

/** Country specifics on top of the type's list (alpha-3 → type → extra fields). */
const BY_COUNTRY: Record<string, Partial<Record<IdType, readonly ExpectedField[]>>> = {
  // The residence card prints the holder's name in kanji too (d04).
  JPN: { residence_permit: front('name_chn') },
  // Chinese-script names beside the Latin one.
  CHN: { government_id: front('name_chn'), residence_permit: front('name_chn') },
  TWN: { government_id: front('name_chn') },
  HKG: { government_id: front('name_chn') },
  // Korean ID cards and licences print the Hangul name and an address on the front.
  KOR: { government_id: [...front('name_kor', 'address')], drivers_license: front('name_kor') },
}

/** The expected fields of a type and country, each once (the country's extras after the type's own). */
export function expectedFields(idType: IdType | null, country: string | null): ExpectedField[] {
  const base = idType ? BY_TYPE[idType] : COMMON
  const extra = (idType && country && BY_COUNTRY[country]?.[idType]) || []
  const seen = new Set<string>()
  const out: ExpectedField[] = []
  for (const f of [...base, ...extra]) {
    if (seen.has(f.key)) continue
    seen.add(f.key)
    out.push(f)
  }
  return out
}

/** A key without the back_ prefix: the same field whichever side it was read on. */
export function fieldBaseKey(key: string): string {
  return key.startsWith(BACK_PREFIX) && key.length > BACK_PREFIX.length ? key.slice(BACK_PREFIX.length) : key
}

/** The key a field drawn on `side` gets: back fields are keyed `back_…`, as ARGOS keys them. */
export function keyForSide(baseKey: string, side: Side): string {
  return side === 'back' ? BACK_PREFIX + fieldBaseKey(baseKey) : fieldBaseKey(baseKey)
}

/**
 * The expected fields a case lacks, as the keys a box drawn on `side` would add: those printed on that side first,
 * then the rest (layouts vary by country). A field counts as present on either side (its key with or without back_).
 */
export function missingFieldKeys(
  doc: { idType: IdType | null; issuingCountry: string | null; fields: readonly { key: string }[] },
  side: Side,
): string[] {
  const present = new Set(doc.fields.map((f) => fieldBaseKey(f.key)))
  const missing = expectedFields(doc.idType, doc.issuingCountry).filter((f) => !present.has(f.key))
  const ordered = [...missing.filter((f) => f.side === side), ...missing.filter((f) => f.side !== side)]
  return ordered.map((f) => keyForSide(f.key, side))
}
