// The CSV's columns: the fixed case columns, then one column per field key in a canonical order that depends only
// on the set of keys (never on the order fields appear in), so exports of the same field set have the same header.
import type { Field } from '../../../shared/model'
import { BACK_PREFIX, compareColumnKeys } from '../../../shared/field-order'

export const FIXED_COLUMNS = [
  'case_id',
  'transaction_id',
  'front_file',
  'back_file',
  'issuing_country',
  'id_type',
  'document_type',
  'provider',
  'decision',
  'decision_reason',
  'reviewer',
  'decided_at',
] as const
export type FixedColumn = (typeof FIXED_COLUMNS)[number]

/** Right after the fixed columns: the ids of the case's failing document checks, separated by spaces. */
export const CHECKS_COLUMN = 'checks_failed'
/** The columns before the first field column. */
export const LEADING_COLUMNS = [...FIXED_COLUMNS, CHECKS_COLUMN] as const

export { BACK_PREFIX, CANONICAL_FIELD_ORDER, compareColumnKeys } from '../../../shared/field-order'

const FIXED = new Set<string>(LEADING_COLUMNS)

/** The suffixes of the per-field OCR columns (with includeOcr). */
export const OCR_SUFFIX = '__ocr'
export const SCORE_SUFFIX = '__score'
export const CORRECTED_SUFFIX = '__corrected'

/**
 * The column a field goes to: its key, prefixed `back_` when it is on the back side and not already so named; a
 * key that would take a leading column's name (a reviewer may add a field called "decision") is prefixed `field_`.
 */
export function columnKey(field: Pick<Field, 'key' | 'side'>): string {
  const key =
    field.side === 'back' && !field.key.startsWith(BACK_PREFIX) ? BACK_PREFIX + field.key : field.key
  return FIXED.has(key) ? `field_${key}` : key
}

/** True for the machine-readable zone lines (keys containing "mrz", any case). */
export function isMrzKey(key: string): boolean {
  return key.toLowerCase().includes('mrz')
}

/** The field columns of these cases, each once, in canonical order. */
export function fieldColumnKeys(
  cases: ReadonlyArray<{ fields: ReadonlyArray<Pick<Field, 'key' | 'side'>> }>,
  { excludeMrz = false } = {},
): string[] {
  const seen = new Set<string>()
  for (const c of cases) {
    for (const f of c.fields) {
      const key = columnKey(f)
      if (excludeMrz && isMrzKey(key)) continue
      seen.add(key)
    }
  }
  return [...seen].sort(compareColumnKeys)
}

/**
 * The header: fixed columns, checks_failed, then per field key its value column (and with includeOcr its __ocr, __score and
 * __corrected columns right after it). A name that would repeat an earlier one (a field literally called
 * "name__ocr" next to "name" with includeOcr) gets a numeric suffix, so every header name is unique.
 */
export function headerFor(fieldKeys: readonly string[], includeOcr: boolean): string[] {
  const names: string[] = [...LEADING_COLUMNS]
  for (const key of fieldKeys) {
    names.push(key)
    if (includeOcr) names.push(key + OCR_SUFFIX, key + SCORE_SUFFIX, key + CORRECTED_SUFFIX)
  }
  return uniqueNames(names)
}

function uniqueNames(names: string[]): string[] {
  const used = new Set<string>()
  return names.map((name) => {
    let unique = name
    for (let n = 2; used.has(unique); n++) unique = `${name}_${n}`
    used.add(unique)
    return unique
  })
}
