// Viewport maths for the document stage, kept pure (no DOM) so it can be unit-tested.
// A viewport maps image pixels to stage (screen) pixels: screen = image * scale + (x, y).
import type { Point, Quad } from '../../../shared/model'

export type Size = { width: number; height: number }
export type Rect = { x: number; y: number; width: number; height: number }
/**
 * screen = R(rotation) · (image × scale) + (x, y) — Konva's own order for a stage with x/y, rotation, scale.
 * rotation is the view's turn in degrees (0, 90, 180, 270); absent = 0. Quads stay in image pixels.
 */
export type Viewport = { scale: number; x: number; y: number; rotation?: number }

export const MIN_SCALE = 0.02
export const MAX_SCALE = 16
/** One press of + / − multiplies or divides the scale by this. */
export const ZOOM_STEP = 1.25
/** Breathing room around the image when fitted, in screen pixels. */
export const FIT_PADDING = 24

export const IDENTITY: Viewport = { scale: 1, x: 0, y: 0 }

export function clampScale(scale: number): number {
  if (!Number.isFinite(scale) || scale <= 0) return 1
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale))
}

/** The whole image, centred, as large as fits inside the container minus padding. */
export function fitViewport(container: Size, image: Size, padding = FIT_PADDING, rotation = 0): Viewport {
  if (container.width <= 0 || container.height <= 0 || image.width <= 0 || image.height <= 0) return IDENTITY
  const availW = Math.max(1, container.width - 2 * padding)
  const availH = Math.max(1, container.height - 2 * padding)
  const turned = Math.abs(rotation % 180) === 90
  const w = turned ? image.height : image.width
  const h = turned ? image.width : image.height
  const scale = clampScale(Math.min(availW / w, availH / h))
  if (!rotation) {
    return { scale, x: (container.width - w * scale) / 2, y: (container.height - h * scale) / 2 }
  }
  // Where the turned image's bounding box lies with no translation; centre it.
  const corners = [
    { x: 0, y: 0 },
    { x: image.width, y: 0 },
    { x: image.width, y: image.height },
    { x: 0, y: image.height },
  ].map((p) => rotatePoint({ x: p.x * scale, y: p.y * scale }, rotation))
  const b = quadBounds(corners)
  return {
    scale,
    rotation,
    x: (container.width - b.width) / 2 - b.x,
    y: (container.height - b.height) / 2 - b.y,
  }
}

/** Turns the view by `degrees` about the screen point `anchor` (the image point there stays there). */
export function rotateAbout(view: Viewport, anchor: Point, degrees: number): Viewport {
  const p = stageToImage(view, anchor)
  const rotation = ((((view.rotation ?? 0) + degrees) % 360) + 360) % 360
  const q = rotatePoint({ x: p.x * view.scale, y: p.y * view.scale }, rotation)
  return { scale: view.scale, rotation, x: anchor.x - q.x, y: anchor.y - q.y }
}

/** Zooms to `scale` keeping the image point under `anchor` (a screen point) where it is. */
export function zoomAt(view: Viewport, anchor: Point, scale: number): Viewport {
  const next = clampScale(scale)
  // Linear in the image point, so this holds for a turned view too.
  const ratio = next / view.scale
  return {
    ...view,
    scale: next,
    x: anchor.x - (anchor.x - view.x) * ratio,
    y: anchor.y - (anchor.y - view.y) * ratio,
  }
}

export function zoomBy(view: Viewport, anchor: Point, factor: number): Viewport {
  return zoomAt(view, anchor, view.scale * factor)
}

/**
 * Scale factor for one wheel event. Exponential in the delta so trackpads (many small deltas) and mouse
 * wheels (few large ones) feel alike; one notch of a mouse wheel (100 px) is about ×1.16.
 * deltaMode 1 = lines, 2 = pages (Firefox, some mice).
 */
export function wheelFactor(deltaY: number, deltaMode = 0): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY
  const clamped = Math.max(-300, Math.min(300, px))
  return Math.exp(-clamped * 0.0015)
}

export function centreOf(container: Size): Point {
  return { x: container.width / 2, y: container.height / 2 }
}

export function imageToStage(view: Viewport, p: Point): Point {
  const r = rotatePoint({ x: p.x * view.scale, y: p.y * view.scale }, view.rotation ?? 0)
  return { x: r.x + view.x, y: r.y + view.y }
}

export function stageToImage(view: Viewport, p: Point): Point {
  const r = rotatePoint({ x: p.x - view.x, y: p.y - view.y }, -(view.rotation ?? 0))
  return { x: r.x / view.scale, y: r.y / view.scale }
}

export function quadBounds(quad: readonly Point[]): Rect {
  const xs = quad.map((p) => p.x)
  const ys = quad.map((p) => p.y)
  const x = Math.min(...xs)
  const y = Math.min(...ys)
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y }
}

/**
 * Pans (never zooms) so that `rect` (image pixels) is inside the container with `margin` to spare.
 * Returns the same object when it already is, so callers can skip a state update.
 */
export function ensureVisible(view: Viewport, container: Size, rect: Rect, margin = 48): Viewport {
  const screen = quadBounds(
    [
      { x: rect.x, y: rect.y },
      { x: rect.x + rect.width, y: rect.y },
      { x: rect.x + rect.width, y: rect.y + rect.height },
      { x: rect.x, y: rect.y + rect.height },
    ].map((p) => imageToStage(view, p)),
  )
  const left = screen.x
  const top = screen.y
  const right = left + screen.width
  const bottom = top + screen.height
  const inside =
    left >= margin &&
    top >= margin &&
    right <= container.width - margin &&
    bottom <= container.height - margin
  if (inside) return view
  const cx = (left + right) / 2
  const cy = (top + bottom) / 2
  return { ...view, x: view.x + container.width / 2 - cx, y: view.y + container.height / 2 - cy }
}

/** Keeps a dragged vertex on the image. */
export function clampToImage(p: Point, image: Size): Point {
  return { x: Math.min(image.width, Math.max(0, p.x)), y: Math.min(image.height, Math.max(0, p.y)) }
}

/** A quad with one vertex replaced (the quad is a fixed 4-tuple, so this keeps its type). */
export function withVertex(quad: Quad, index: number, p: Point): Quad {
  const q: Quad = [quad[0], quad[1], quad[2], quad[3]]
  if (index >= 0 && index < 4) q[index as 0 | 1 | 2 | 3] = { x: p.x, y: p.y }
  return q
}

export function quadToPoints(quad: Quad): number[] {
  return quad.flatMap((p) => [p.x, p.y])
}

/** Direction of the quad's first edge (first → second point: the text's baseline direction), in degrees. */
export function edgeAngle(quad: readonly Point[]): number {
  const a = quad[0]
  const b = quad[1]
  if (!a || !b) return 0
  return (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI
}

/**
 * Rotation for a quad's label so it runs along the text (turned scans), snapped to level for the few degrees
 * of skew every scan has, where a tilted label would only look blurry.
 */
export function labelAngle(quad: readonly Point[], snap = 12): number {
  const angle = edgeAngle(quad)
  return Math.abs(angle) < snap ? 0 : angle
}

/** Rotates a point about the origin by `degrees`. */
export function rotatePoint(p: Point, degrees: number): Point {
  const r = (degrees * Math.PI) / 180
  const c = Math.cos(r)
  const s = Math.sin(r)
  return { x: p.x * c - p.y * s, y: p.x * s + p.y * c }
}

/** The quad moved by (dx, dy), the move shortened so that the whole quad stays on the image. */
export function translateWithin(quad: Quad, dx: number, dy: number, image: Size): Quad {
  const b = quadBounds(quad)
  const mx = Math.min(image.width - (b.x + b.width), Math.max(-b.x, dx))
  const my = Math.min(image.height - (b.y + b.height), Math.max(-b.y, dy))
  const [a, c, d, e] = quad.map((p) => ({ x: p.x + mx, y: p.y + my }))
  return [a!, c!, d!, e!]
}

/** An axis-aligned box from two corners, as a quad in the API's order (top-left, top-right, …). */
export function rectQuad(a: Point, b: Point): Quad {
  const x0 = Math.min(a.x, b.x)
  const x1 = Math.max(a.x, b.x)
  const y0 = Math.min(a.y, b.y)
  const y1 = Math.max(a.y, b.y)
  return [
    { x: x0, y: y0 },
    { x: x1, y: y0 },
    { x: x1, y: y1 },
    { x: x0, y: y1 },
  ]
}

/**
 * The label's rotation in the image frame for a view turned by `viewRotation`: along the text as seen on
 * screen, snapped level when nearly so (a turned view keeps labels readable).
 */
export function screenLabelAngle(quad: readonly Point[], viewRotation = 0): number {
  if (!viewRotation) return labelAngle(quad)
  return labelAngle(quad.map((p) => rotatePoint(p, viewRotation))) - viewRotation
}
