// The zoomed crop of a field's box shown beside its input: which part of the scan, turned upright along the quad's
// first edge (the direction its text runs), at what size, and the canvas transform that draws it. Pure.
import type { Point } from '../../../shared/model'

/** Room kept around the box, as a share of its height (at least MIN_PAD image px), so its edges stay in view. */
export const PAD_SHARE = 0.25
export const MIN_PAD = 6
/** A small box is shown at least this much larger than the scan's pixels (as long as the panel has room). */
export const MIN_ZOOM = 2
/** Beyond this a crop shows only blur: a tiny box is not blown up further. */
export const MAX_ZOOM = 4

export type CropPlan = {
  /** The upright frame: `origin` is the image point drawn at the crop's top-left, `ux` its x axis (unit). */
  origin: Point
  ux: Point
  /** The crop's size in image pixels (box and padding), and the scale it is shown at (CSS px per image px). */
  width: number
  height: number
  scale: number
}

/**
 * The crop of `quad` (image pixels) for a space of at most `maxWidth` × `maxHeight` CSS pixels, or null for a
 * degenerate quad (no length). The box is shown as large as fits, up to MAX_ZOOM; it is at least MIN_ZOOM unless the
 * panel is too narrow for that, and then it fits the panel width.
 */
export function planCrop(quad: readonly Point[], maxWidth: number, maxHeight: number): CropPlan | null {
  const [p0, p1] = quad
  if (!p0 || !p1 || quad.length < 4) return null
  const len = Math.hypot(p1.x - p0.x, p1.y - p0.y)
  if (!(len > 0.5) || !Number.isFinite(len)) return null
  const ux = { x: (p1.x - p0.x) / len, y: (p1.y - p0.y) / len }
  // Each corner in the upright frame: u along the first edge, v across it (down the text).
  const frame = quad.map((p) => ({
    u: (p.x - p0.x) * ux.x + (p.y - p0.y) * ux.y,
    v: -(p.x - p0.x) * ux.y + (p.y - p0.y) * ux.x,
  }))
  const us = frame.map((f) => f.u)
  const vs = frame.map((f) => f.v)
  const minU = Math.min(...us)
  const minV = Math.min(...vs)
  const boxH = Math.max(...vs) - minV
  const pad = Math.max(MIN_PAD, boxH * PAD_SHARE)
  const width = Math.max(...us) - minU + 2 * pad
  const height = boxH + 2 * pad
  const fit = Math.min(maxWidth / width, maxHeight / height)
  const scale = Math.max(0, Math.min(MAX_ZOOM, fit))
  // The frame's (minU − pad, minV − pad) back in image coordinates.
  const ou = minU - pad
  const ov = minV - pad
  const origin = { x: p0.x + ou * ux.x - ov * ux.y, y: p0.y + ou * ux.y + ov * ux.x }
  return { origin, ux, width, height, scale }
}

/** Where an image point lands in the crop, in CSS pixels (for tests and hit checks). */
export function imageToCrop(plan: CropPlan, p: Point): Point {
  const dx = p.x - plan.origin.x
  const dy = p.y - plan.origin.y
  return {
    x: (dx * plan.ux.x + dy * plan.ux.y) * plan.scale,
    y: (-dx * plan.ux.y + dy * plan.ux.x) * plan.scale,
  }
}

/**
 * The 2D canvas transform (a, b, c, d, e, f as setTransform takes them) drawing a bitmap of the scan whose pixels
 * are `bitmapPerImage` of the stored image's into the crop, `pixelRatio` device pixels per CSS pixel.
 */
export function cropTransform(
  plan: CropPlan,
  bitmapPerImage: number,
  pixelRatio = 1,
): [number, number, number, number, number, number] {
  const s = (plan.scale * pixelRatio) / bitmapPerImage
  const { x: cx, y: sy } = plan.ux
  const o = imageToCrop(plan, { x: 0, y: 0 })
  return [s * cx, -s * sy, s * sy, s * cx, o.x * pixelRatio, o.y * pixelRatio]
}
