// Plane geometry of field boxes (quads in image pixels, y down). Pure: no Node, no DOM.
// The homography fit lives in ./homography and is re-exported here, so `shared/geometry` is the one entry point.
import type { Point, Quad } from './model'
import { applyHomography, type Homography } from './homography'

export * from './homography'

export type Size = { width: number; height: number }
/** Axis-aligned rectangle: top-left corner and extent. */
export type Rect = { x: number; y: number; width: number; height: number }
/** A box as the API writes it (`coordinates`, `original_coordinates`). */
export type ApiBoxLike = { first: Point; second: Point; third: Point; fourth: Point }

/** The API's box as a quad, in the API's order (first, second, third, fourth): never re-sorted. */
export function quadFromApiBox(box: ApiBoxLike): Quad {
  const p = (pt: Point): Point => ({ x: pt.x, y: pt.y })
  return [p(box.first), p(box.second), p(box.third), p(box.fourth)]
}

export function scaleQuad(q: Quad, factor: number): Quad {
  return q.map((p) => ({ x: p.x * factor, y: p.y * factor })) as Quad
}

/** Each corner through H, order kept; null if any corner has no place (see applyHomography). */
export function mapQuad(H: Homography, q: Quad): Quad | null {
  const out = q.map((p) => applyHomography(H, p))
  return out.every((p): p is Point => p !== null) ? (out as Quad) : null
}

/** Mean of the four corners (for a parallelogram also the area centroid). */
export function quadCentroid(q: Quad): Point {
  return { x: (q[0].x + q[1].x + q[2].x + q[3].x) / 4, y: (q[0].y + q[1].y + q[2].y + q[3].y) / 4 }
}

export function boundingBox(points: readonly Point[]): Rect {
  if (points.length === 0) return { x: 0, y: 0, width: 0, height: 0 }
  const xs = points.map((p) => p.x)
  const ys = points.map((p) => p.y)
  const x = Math.min(...xs)
  const y = Math.min(...ys)
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y }
}

/** Shoelace area, signed: positive when the points run clockwise on screen (y down), as the API's TL, TR, BR, BL do. */
export function polygonArea(points: readonly Point[]): number {
  let sum = 0
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!
    const b = points[(i + 1) % points.length]!
    sum += a.x * b.y - b.x * a.y
  }
  return sum / 2
}

/** Intersection over union of two rectangles (0 when both are empty). */
export function rectIoU(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  const inter = w > 0 && h > 0 ? w * h : 0
  const union = a.width * a.height + b.width * b.height - inter
  return union > 0 ? inter / union : 0
}

/** IoU of the two quads' axis-aligned bounding boxes: a cheap "same box?" measure. */
export function quadBoundsIoU(a: Quad, b: Quad): number {
  return rectIoU(boundingBox(a), boundingBox(b))
}

/** Strictly convex and simple (not self-intersecting): every turn has the same, non-zero sign. */
export function isConvexQuad(q: Quad): boolean {
  let sign = 0
  for (let i = 0; i < 4; i++) {
    const a = q[i]!
    const b = q[(i + 1) % 4]!
    const c = q[(i + 2) % 4]!
    const cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x)
    if (!(cross !== 0)) return false
    if (sign === 0) sign = Math.sign(cross)
    else if (Math.sign(cross) !== sign) return false
  }
  // With four vertices, same-sign turns cannot wind twice (each turn is under π), so the quad is also simple.
  return true
}

/** Largest distance between corresponding corners (the same order assumed). */
export function maxCornerDistance(a: Quad, b: Quad): number {
  return Math.max(...a.map((p, i) => Math.hypot(p.x - b[i]!.x, p.y - b[i]!.y)))
}

/** Whether every point lies inside the rectangle grown by `margin` on each side. */
export function withinRect(points: readonly Point[], r: Rect, margin = 0): boolean {
  return points.every(
    (p) =>
      p.x >= r.x - margin &&
      p.x <= r.x + r.width + margin &&
      p.y >= r.y - margin &&
      p.y <= r.y + r.height + margin,
  )
}
