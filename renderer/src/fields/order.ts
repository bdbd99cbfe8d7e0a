// Reading order for the field panel: top to bottom, then left to right within a line of text.
import type { Case, Field, Side } from '../../../shared/model'
import { edgeAngle, quadBounds, rotatePoint } from '../canvas/viewport'

type Placed = { field: Field; top: number; left: number; height: number; index: number }

/** The document's text direction: the median first-edge angle of the placed quads (0 for an upright scan). */
function dominantAngle(fields: readonly Field[]): number {
  const angles = fields
    .map((f) => (f.quad ? edgeAngle(f.quad) : null))
    .filter((a): a is number => a !== null)
    .sort((a, b) => a - b)
  return angles[Math.floor(angles.length / 2)] ?? 0
}

/**
 * Sorts by quad top then left, in the document's own frame: a scan turned by 90° is read along its text,
 * not along the image axes. Boxes whose tops are within half a box height of the first box of a line
 * count as the same line (scans are rarely perfectly level), so "Sex F  Nationality ITA" reads left to right.
 * Fields without a quad go last, in their original order. The input is not modified.
 */
export function readingOrder(fields: readonly Field[]): Field[] {
  const placed: Placed[] = []
  const unplaced: Field[] = []
  const angle = dominantAngle(fields)
  const upright = Math.abs(angle) < 20
  fields.forEach((field, index) => {
    if (field.quad === null) {
      unplaced.push(field)
      return
    }
    const b = quadBounds(upright ? field.quad : field.quad.map((p) => rotatePoint(p, -angle)))
    placed.push({ field, top: b.y, left: b.x, height: b.height, index })
  })
  placed.sort((a, b) => a.top - b.top || a.left - b.left || a.index - b.index)

  const lines: Placed[][] = []
  for (const p of placed) {
    const line = lines[lines.length - 1]
    const head = line?.[0]
    if (line && head && p.top - head.top < Math.max(4, Math.min(head.height, p.height) / 2)) line.push(p)
    else lines.push([p])
  }
  const ordered = lines.flatMap((line) => line.sort((a, b) => a.left - b.left || a.index - b.index))
  return [...ordered.map((p) => p.field), ...unplaced]
}

/** The field panel's groups: front then back (back fields show even when the case has no back image). */
export function panelGroups(doc: Pick<Case, 'back' | 'fields'>): { side: Side; fields: Field[] }[] {
  const sides: Side[] = doc.back ? ['front', 'back'] : ['front']
  if (!doc.back && doc.fields.some((f) => f.side === 'back')) sides.push('back')
  return sides.map((side) => ({ side, fields: readingOrder(doc.fields.filter((f) => f.side === side)) }))
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
