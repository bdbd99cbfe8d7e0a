// Viewport maths for the document stage, kept pure (no DOM) so it can be unit-tested.
// A viewport maps image pixels to stage (screen) pixels: screen = image * scale + (x, y).
import type { Point, Quad } from '../../../shared/model'

export type Size = { width: number; height: number }
export type Rect = { x: number; y: number; width: number; height: number }
export type Viewport = { scale: number; x: number; y: number }

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
export function fitViewport(container: Size, image: Size, padding = FIT_PADDING): Viewport {
  if (container.width <= 0 || container.height <= 0 || image.width <= 0 || image.height <= 0) return IDENTITY
  const availW = Math.max(1, container.width - 2 * padding)
  const availH = Math.max(1, container.height - 2 * padding)
  const scale = clampScale(Math.min(availW / image.width, availH / image.height))
  return {
    scale,
    x: (container.width - image.width * scale) / 2,
    y: (container.height - image.height * scale) / 2,
  }
}

/** Zooms to `scale` keeping the image point under `anchor` (a screen point) where it is. */
export function zoomAt(view: Viewport, anchor: Point, scale: number): Viewport {
  const next = clampScale(scale)
  const ix = (anchor.x - view.x) / view.scale
  const iy = (anchor.y - view.y) / view.scale
  return { scale: next, x: anchor.x - ix * next, y: anchor.y - iy * next }
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
  return { x: p.x * view.scale + view.x, y: p.y * view.scale + view.y }
}

export function stageToImage(view: Viewport, p: Point): Point {
  return { x: (p.x - view.x) / view.scale, y: (p.y - view.y) / view.scale }
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
  const left = rect.x * view.scale + view.x
  const top = rect.y * view.scale + view.y
  const right = left + rect.width * view.scale
  const bottom = top + rect.height * view.scale
  const inside =
    left >= margin &&
    top >= margin &&
    right <= container.width - margin &&
    bottom <= container.height - margin
  if (inside) return view
  const cx = (left + right) / 2
  const cy = (top + bottom) / 2
  return { scale: view.scale, x: view.x + container.width / 2 - cx, y: view.y + container.height / 2 - cy }
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
