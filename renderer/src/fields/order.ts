// The field panel's order: by side (front, then back), and within a side in the canonical order of the export's
// columns (shared/field-order.ts), so a field sits in the same place on every document and N, Tab and Enter walk
// the fields in the order the reviewer sees them.
import { BACK_PREFIX, compareColumnKeys } from '../../../shared/field-order'
import type { Case, Field, Side } from '../../../shared/model'

/** The export column a field fills: its key on the front; on the back `back_` + key unless already so prefixed. */
export function columnKey(f: Pick<Field, 'key' | 'side'>): string {
  return f.side === 'back' && !f.key.startsWith(BACK_PREFIX) ? BACK_PREFIX + f.key : f.key
}

/** The fields of one side in canonical order (ties, which distinct keys never make, keep their input order). */
export function canonicalOrder(fields: readonly Field[]): Field[] {
  return [...fields].sort((a, b) => compareColumnKeys(columnKey(a), columnKey(b)))
}

/** The field panel's groups: front then back (back fields show even when the case has no back image). */
export function panelGroups(doc: Pick<Case, 'back' | 'fields'>): { side: Side; fields: Field[] }[] {
  const sides: Side[] = doc.back ? ['front', 'back'] : ['front']
  if (!doc.back && doc.fields.some((f) => f.side === 'back')) sides.push('back')
  return sides.map((side) => ({ side, fields: canonicalOrder(doc.fields.filter((f) => f.side === side)) }))
}

/** Every field in panel order: what Tab, N and Enter walk through. */
export function panelOrder(doc: Pick<Case, 'back' | 'fields'>): Field[] {
  return panelGroups(doc).flatMap((g) => g.fields)
}

/**
 * The key after `current` in `order` that satisfies `pick` (wrapping round), or null. With `current`
 * null the search starts at the top; `step` -1 walks backwards.
 */
export function nextKey(
  order: readonly Field[],
  current: string | null,
  pick: (f: Field) => boolean = () => true,
  step: 1 | -1 = 1,
  wrap = true,
): string | null {
  const n = order.length
  if (n === 0) return null
  const at = current === null ? -1 : order.findIndex((f) => f.key === current)
  const start = at < 0 ? (step === 1 ? -1 : n) : at
  for (let i = 1; i <= n; i++) {
    const raw = start + i * step
    if (!wrap && (raw < 0 || raw >= n)) return null
    const f = order[((raw % n) + n) % n]
    if (f && f.key !== current && pick(f)) return f.key
  }
  return null
}
