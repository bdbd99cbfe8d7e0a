// Where each field's label goes on screen, so that labels never hide the evidence: outside its own box, on the side
// with room (right of the value, else below, above or left), never over another label or over any field's text quad, and
// inside the visible stage where possible. A label with no free place is left out (shown on hover or selection).
// Pure geometry in screen pixels, after the view's zoom, pan and rotation.
import type { Point } from '../../../shared/model'

export type Rect = { x: number; y: number; width: number; height: number }
export type Placement = 'above' | 'below' | 'left' | 'right'

/** One label to place: its field's quad in screen pixels and the label's size. */
export type LabelRequest = { key: string; quad: readonly Point[]; width: number; height: number }
/** A field's text quad, in screen pixels: no label may cover it. */
export type Obstacle = { key: string; quad: readonly Point[] }
export type PlacedLabel = Rect & { key: string; placement: Placement }

/** Space between a box and its label, and the least space kept between two labels (screen pixels). */
export const LABEL_GAP = 2
const LABEL_SPACING = 1

export function rectOf(points: readonly Point[]): Rect {
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -Infinity
  let y1 = -Infinity
  for (const p of points) {
    x0 = Math.min(x0, p.x)
    y0 = Math.min(y0, p.y)
    x1 = Math.max(x1, p.x)
    y1 = Math.max(y1, p.y)
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

export function rectCorners(r: Rect): Point[] {
  return [
    { x: r.x, y: r.y },
    { x: r.x + r.width, y: r.y },
    { x: r.x + r.width, y: r.y + r.height },
    { x: r.x, y: r.y + r.height },
  ]
}

/** Two rectangles share area (touching edges do not count); `margin` grows `a` on every side. */
export function rectsOverlap(a: Rect, b: Rect, margin = 0): boolean {
  return (
    a.x - margin < b.x + b.width &&
    b.x < a.x + a.width + margin &&
    a.y - margin < b.y + b.height &&
    b.y < a.y + a.height + margin
  )
}

function project(points: readonly Point[], axis: Point): [number, number] {
  let min = Infinity
  let max = -Infinity
  for (const p of points) {
    const d = p.x * axis.x + p.y * axis.y
    min = Math.min(min, d)
    max = Math.max(max, d)
  }
  return [min, max]
}

/**
 * A rectangle and a convex quad share area (separating axis test: the rectangle's two axes and the normals of the
 * quad's edges). A tilted quad's empty corners do not count, so labels may sit in the wedge between stacked lines.
 */
export function rectIntersectsQuad(r: Rect, quad: readonly Point[]): boolean {
  const corners = rectCorners(r)
  const axes: Point[] = [
    { x: 1, y: 0 },
    { x: 0, y: 1 },
  ]
  for (let i = 0; i < quad.length; i++) {
    const a = quad[i]!
    const b = quad[(i + 1) % quad.length]!
    const len = Math.hypot(b.x - a.x, b.y - a.y)
    if (len > 1e-9) axes.push({ x: -(b.y - a.y) / len, y: (b.x - a.x) / len })
  }
  const EPS = 1e-6
  for (const axis of axes) {
    const [a0, a1] = project(corners, axis)
    const [b0, b1] = project(quad, axis)
    if (a1 <= b0 + EPS || b1 <= a0 + EPS) return false
  }
  return true
}

function inside(r: Rect, bounds: Rect): boolean {
  return (
    r.x >= bounds.x &&
    r.y >= bounds.y &&
    r.x + r.width <= bounds.x + bounds.width &&
    r.y + r.height <= bounds.y + bounds.height
  )
}

function clamp(v: number, lo: number, hi: number): number {
  return hi < lo ? lo : Math.min(hi, Math.max(lo, v))
}

/** Candidate places round a box, best first: above, below, left, right; each aligned a few ways. */
export function candidates(
  box: Rect,
  w: number,
  h: number,
  bounds: Rect | null,
  gap = LABEL_GAP,
): PlacedLabel[] {
  const right = box.x + box.width
  const bottom = box.y + box.height
  const xs = [box.x, right - w, box.x + (box.width - w) / 2]
  const ys = [box.y + (box.height - h) / 2, box.y, bottom - h]
  if (bounds) {
    xs.push(clamp(box.x, bounds.x, bounds.x + bounds.width - w))
    ys.push(clamp(box.y, bounds.y, bounds.y + bounds.height - h))
  }
  const out: PlacedLabel[] = []
  const add = (placement: Placement, x: number, y: number) =>
    out.push({ key: '', placement, x, y, width: w, height: h })
  // Right of the value first: on ID documents the printed caption sits above or left of it, so that side is
  // usually blank; then below, above and left.
  for (const y of ys) add('right', right + gap, y)
  for (const x of xs) add('below', x, bottom + gap)
  for (const x of xs) add('above', x, box.y - gap - h)
  for (const y of ys) add('left', box.x - gap - w, y)
  return out
}

/**
 * Places the labels in the order given (put the selected field first: it gets the best place). Returns one entry
 * per request, in the same order: the label's rectangle, or null when it has no free place.
 * `bounds`: the visible stage; a place inside it is preferred, one outside is taken only when nothing inside is free.
 */
export function layoutLabels(
  requests: readonly LabelRequest[],
  obstacles: readonly Obstacle[],
  bounds: Rect | null,
  gap = LABEL_GAP,
): (PlacedLabel | null)[] {
  const placed: Rect[] = []
  // Cheap pre-filter: the quads' bounding rectangles, tested exactly only when they overlap a candidate.
  const blockers = obstacles.map((o) => ({ quad: o.quad, rect: rectOf(o.quad) }))
  const free = (r: Rect): boolean =>
    !placed.some((p) => rectsOverlap(r, p, LABEL_SPACING)) &&
    !blockers.some((b) => rectsOverlap(r, b.rect) && rectIntersectsQuad(r, b.quad))
  return requests.map((req) => {
    if (req.quad.length < 3 || !(req.width > 0) || !(req.height > 0)) return null
    const box = rectOf(req.quad)
    const options = candidates(box, req.width, req.height, bounds, gap)
    const pick =
      (bounds ? options.find((c) => inside(c, bounds) && free(c)) : undefined) ??
      // Off screen only when the box itself is (partly) off screen: a label there is still the right one.
      (bounds && inside(box, bounds) ? undefined : options.find(free))
    if (!pick) return null
    const label = { ...pick, key: req.key }
    placed.push(label)
    return label
  })
}

/**
 * The place for a label shown whatever the others do (the selected or hovered field whose label found no free
 * place): right of its box, else below, above or left, kept inside the bounds where they allow, never on its own box.
 */
export function forcedPlace(req: LabelRequest, bounds: Rect | null, gap = LABEL_GAP): PlacedLabel {
  const box = rectOf(req.quad)
  const options = candidates(box, req.width, req.height, bounds, gap)
  const pick = (bounds ? options.find((c) => inside(c, bounds)) : undefined) ?? options[0]!
  return { ...pick, key: req.key }
}
