// The one canonical order of field keys: the CSV's columns and the field panel (per side) follow it, so a field sits
// in the same place on every document. Depends only on the set of keys, never on the order fields arrive in. Pure.

/** Keys that start with this belong to the back image (our convention, see API-NOTES). */
export const BACK_PREFIX = 'back_'

/** The front-side keys that lead, in this order; other keys follow alphabetically, then the back_ keys. */
export const CANONICAL_FIELD_ORDER = [
  'name',
  'given_name',
  'number',
  'birth',
  'gender',
  'nationality',
  'issue_date',
  'expire_date',
  'address',
  'authority',
] as const

const CANONICAL_RANK = new Map<string, number>(CANONICAL_FIELD_ORDER.map((k, i) => [k, i]))

// Code-unit order, not locale order: the order must not depend on the machine's locale.
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function group(key: string): number {
  if (CANONICAL_RANK.has(key)) return 0
  return key.startsWith(BACK_PREFIX) ? 2 : 1
}

/** Canonical order of column keys: the canonical front keys, the rest alphabetically, then back_ keys alphabetically. */
export function compareColumnKeys(a: string, b: string): number {
  const ga = group(a)
  const gb = group(b)
  if (ga !== gb) return ga - gb
  if (ga === 0) return CANONICAL_RANK.get(a)! - CANONICAL_RANK.get(b)!
  return byCodeUnit(a, b)
}
