// Intersection over union of two convex quadrilaterals (or any convex polygons), used to score the boxes a
// recogniser returns against the generator's or the fixtures' truth. Pure.
import { polygonArea as signedArea } from '../../shared/geometry'

export type Pt = { x: number; y: number }

/** Shoelace area; positive for either winding (shared/geometry's is signed by the winding). */
export function polygonArea(poly: readonly Pt[]): number {
  return Math.abs(signedArea(poly))
}

/** True when the polygon is convex (collinear points allowed) and not degenerate. */
export function isConvex(poly: readonly Pt[]): boolean {
  if (poly.length < 3 || polygonArea(poly) === 0) return false
  let sign = 0
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!
    const b = poly[(i + 1) % poly.length]!
    const c = poly[(i + 2) % poly.length]!
    const cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x)
    if (cross === 0) continue
    const s = Math.sign(cross)
    if (sign === 0) sign = s
    else if (s !== sign) return false
  }
  return true
}

// Sutherland–Hodgman: clipping a convex subject by a convex clip polygon gives their exact intersection.
function clip(subject: readonly Pt[], clipPoly: readonly Pt[]): Pt[] {
  // Work with the clip polygon counter-clockwise in a y-up sense (positive signed area) so "inside" is "left of".
  const c = signedArea(clipPoly) < 0 ? [...clipPoly].reverse() : [...clipPoly]
  let out: Pt[] = [...subject]
  for (let i = 0; i < c.length && out.length > 0; i++) {
    const a = c[i]!
    const b = c[(i + 1) % c.length]!
    const side = (p: Pt) => (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
    const input = out
    out = []
    for (let j = 0; j < input.length; j++) {
      const p = input[j]!
      const q = input[(j + 1) % input.length]!
      const sp = side(p)
      const sq = side(q)
      if (sp >= 0) out.push(p)
      if (sp >= 0 !== sq >= 0) {
        const t = sp / (sp - sq)
        out.push({ x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y) })
      }
    }
  }
  return out
}

/** Area of the intersection of two convex polygons. */
export function intersectionArea(a: readonly Pt[], b: readonly Pt[]): number {
  const inter = clip(a, b)
  return inter.length < 3 ? 0 : polygonArea(inter)
}

/**
 * IoU of two convex polygons, 0…1. Throws on a non-convex or degenerate input: a bow-tie quad (corners out of
 * order) would otherwise score silently wrong.
 */
export function quadIoU(a: readonly Pt[], b: readonly Pt[]): number {
  for (const [name, q] of [
    ['first', a],
    ['second', b],
  ] as const) {
    if (!q.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)))
      throw new Error(`quadIoU: the ${name} polygon has a non-finite coordinate`)
    if (!isConvex(q)) throw new Error(`quadIoU: the ${name} polygon is not convex (or has no area)`)
  }
  const inter = intersectionArea(a, b)
  const union = polygonArea(a) + polygonArea(b) - inter
  return union <= 0 ? 0 : inter / union
}
