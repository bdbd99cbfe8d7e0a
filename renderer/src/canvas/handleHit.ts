// Where each vertex handle of the selected box can be grabbed. At low zoom a small field's four handles overlap,
// and Konva hands the pointer to the one drawn last, so a reviewer reaching for a corner could drag the opposite
// one. Each handle's hit region is its disc (a polygon of it) clipped to the points nearer its own vertex than to
// any other (the vertices' Voronoi cells): the grabbed corner is always the nearest to the pointer.
import type { Point } from '../../../shared/model'

const DISC_SIDES = 16

/** Keeps the part of `polygon` where p·d ≤ limit (Sutherland–Hodgman against one half-plane). */
function clipHalfPlane(polygon: Point[], d: Point, limit: number): Point[] {
  const inside = (p: Point) => p.x * d.x + p.y * d.y <= limit
  const out: Point[] = []
  for (let k = 0; k < polygon.length; k++) {
    const a = polygon[k]!
    const b = polygon[(k + 1) % polygon.length]!
    const [ia, ib] = [inside(a), inside(b)]
    if (ia) out.push(a)
    if (ia !== ib) {
      const fa = a.x * d.x + a.y * d.y - limit
      const fb = b.x * d.x + b.y * d.y - limit
      const t = fa / (fa - fb)
      out.push({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t })
    }
  }
  return out
}

/**
 * The hit region of handle `index` of `vertices`, relative to that vertex: a disc of `radius` (as a 16-gon) cut to
 * the points nearer this vertex than any other. Two vertices at the same place: the first keeps the handle.
 * Empty when nothing is left.
 */
export function handleHitRegion(vertices: readonly Point[], index: number, radius: number): Point[] {
  const own = vertices[index]!
  let region: Point[] = Array.from({ length: DISC_SIDES }, (_, k) => {
    const a = (2 * Math.PI * k) / DISC_SIDES
    return { x: radius * Math.cos(a), y: radius * Math.sin(a) }
  })
  for (let j = 0; j < vertices.length && region.length > 0; j++) {
    if (j === index) continue
    const d = { x: vertices[j]!.x - own.x, y: vertices[j]!.y - own.y }
    const lengthSq = d.x * d.x + d.y * d.y
    if (lengthSq === 0) {
      if (j < index) return []
      continue
    }
    // Nearer `own` than vertex j: p·d ≤ |d|² / 2 (p relative to own).
    region = clipHalfPlane(region, d, lengthSq / 2)
  }
  return region
}
