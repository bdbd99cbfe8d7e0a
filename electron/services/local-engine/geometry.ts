// The local engine's geometry (issue 15), pure: how a point read on a turned, downscaled or straightened copy of a
// side maps back into the STORED image's pixels, the skew estimate from the recogniser's line baselines, and the
// rotated rectangle a word occupies when all the recogniser gave is the axis-aligned box of a skewed word.
// Frames: stored (S, after EXIF orientation) → upright (U, the scan's 90° turn undone) → straightened (R, U rotated
// by the skew about its centre on an expanded canvas, as sharp.rotate(skewDeg) does). Reads on downscaled copies
// or crops are converted into U as soon as they come back, so everything else deals with U only.
import type { Point, Quad } from '../../../shared/model'
import type { ApiBox } from '../argos/argos-schema'

// A Quad's corners are in the order top-left, top-right, bottom-right, bottom-left of the text (ApiBox first..fourth).
export type { Point, Quad }
export type BBox = { x0: number; y0: number; x1: number; y1: number }
export type Turn = 0 | 90 | 180 | 270

export type SideFrame = {
  storedW: number
  storedH: number
  /** Clockwise turn the scan has; undone by rotating (360 − turn) clockwise. */
  turn: Turn
  /** Counter-clockwise skew of the text in degrees; undone by rotating skewDeg clockwise (sharp.rotate(skewDeg)). */
  skewDeg: number
}

/** The clockwise rotation that makes a scan turned by `turn` upright. */
export function undoTurn(turn: Turn): Turn {
  return ((360 - turn) % 360) as Turn
}

export function uprightSize(frame: SideFrame): { w: number; h: number } {
  return frame.turn === 90 || frame.turn === 270
    ? { w: frame.storedH, h: frame.storedW }
    : { w: frame.storedW, h: frame.storedH }
}

/** Size of the canvas sharp.rotate(angle) produces (the rotated image's bounding box). */
export function straightSize(frame: SideFrame): { w: number; h: number } {
  const { w, h } = uprightSize(frame)
  const t = (frame.skewDeg * Math.PI) / 180
  const c = Math.abs(Math.cos(t))
  const s = Math.abs(Math.sin(t))
  return { w: w * c + h * s, h: w * s + h * c }
}

/** A point of the upright image back in the stored image (undoes the clockwise rotation undoTurn(turn)). */
export function uprightToStored(frame: SideFrame, p: Point): Point {
  const { storedW: W, storedH: H } = frame
  switch (undoTurn(frame.turn)) {
    case 0:
      return { x: p.x, y: p.y }
    // Rotated 90° clockwise: stored (x, y) went to (H − y, x).
    case 90:
      return { x: p.y, y: H - p.x }
    case 180:
      return { x: W - p.x, y: H - p.y }
    // Rotated 270° clockwise: stored (x, y) went to (y, W − x).
    case 270:
      return { x: W - p.y, y: p.x }
  }
}

/** A point of the stored image in the upright image (inverse of uprightToStored). */
export function storedToUpright(frame: SideFrame, p: Point): Point {
  const { storedW: W, storedH: H } = frame
  switch (undoTurn(frame.turn)) {
    case 0:
      return { x: p.x, y: p.y }
    case 90:
      return { x: H - p.y, y: p.x }
    case 180:
      return { x: W - p.x, y: H - p.y }
    case 270:
      return { x: p.y, y: W - p.x }
  }
}

function rotateAbout(p: Point, from: Point, to: Point, deg: number): Point {
  const t = (deg * Math.PI) / 180
  const c = Math.cos(t)
  const s = Math.sin(t)
  const dx = p.x - from.x
  const dy = p.y - from.y
  return { x: c * dx - s * dy + to.x, y: s * dx + c * dy + to.y }
}

/** Upright → straightened: sharp.rotate(skewDeg) turns clockwise about the centre onto an expanded canvas. */
export function uprightToStraight(frame: SideFrame, p: Point): Point {
  const u = uprightSize(frame)
  const r = straightSize(frame)
  return rotateAbout(p, { x: u.w / 2, y: u.h / 2 }, { x: r.w / 2, y: r.h / 2 }, frame.skewDeg)
}

export function straightToUpright(frame: SideFrame, p: Point): Point {
  const u = uprightSize(frame)
  const r = straightSize(frame)
  return rotateAbout(p, { x: r.w / 2, y: r.h / 2 }, { x: u.w / 2, y: u.h / 2 }, -frame.skewDeg)
}

export function bboxQuad(b: BBox): Quad {
  return [
    { x: b.x0, y: b.y0 },
    { x: b.x1, y: b.y0 },
    { x: b.x1, y: b.y1 },
    { x: b.x0, y: b.y1 },
  ]
}

export function mapQuad(q: Quad, f: (p: Point) => Point): Quad {
  return [f(q[0]), f(q[1]), f(q[2]), f(q[3])]
}

/**
 * The rectangle a word tilted by `skewDeg` occupies, from the axis-aligned box the recogniser gave for it on the
 * unstraightened image: the box is that rectangle's bounding box, so its sides solve
 * W = w·cos + h·sin and H = w·sin + h·cos. Without this, a long line at 4° gets a box twice its height.
 */
export function tiltedRect(b: BBox, skewDeg: number): Quad {
  const t = (skewDeg * Math.PI) / 180
  const c = Math.abs(Math.cos(t))
  const s = Math.abs(Math.sin(t))
  const bw = b.x1 - b.x0
  const bh = b.y1 - b.y0
  const det = c * c - s * s
  // Boxes are not tight (a few pixels either way): keep the solution within what the box can hold.
  const w = Math.min(bw, Math.max(0.5 * bw, (bw * c - bh * s) / det))
  const h = Math.min(bh, Math.max(0.3 * bh, (bh * c - bw * s) / det))
  const centre = { x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2 }
  // Text at +skewDeg (counter-clockwise) is the straight rectangle turned by −skewDeg in image coordinates.
  const corner = (dx: number, dy: number): Point =>
    rotateAbout({ x: centre.x + dx, y: centre.y + dy }, centre, centre, -skewDeg)
  return [corner(-w / 2, -h / 2), corner(w / 2, -h / 2), corner(w / 2, h / 2), corner(-w / 2, h / 2)]
}

export type BaselineSample = { baseline: BBox; confidence: number }

/**
 * The text's skew in degrees (positive: counter-clockwise) from the recogniser's line baselines: the median of their
 * slopes weighted by confidence × length, so a few short or garbled lines do not pull it. 0 without usable lines.
 */
export function estimateSkew(lines: BaselineSample[], minLength = 60): number {
  const samples: { deg: number; weight: number }[] = []
  for (const { baseline: b, confidence } of lines) {
    const dx = b.x1 - b.x0
    const dy = b.y1 - b.y0
    if (dx < minLength || confidence <= 0) continue
    samples.push({ deg: (Math.atan2(dy, dx) * 180) / Math.PI, weight: confidence * dx })
  }
  if (samples.length === 0) return 0
  samples.sort((a, b) => a.deg - b.deg)
  const total = samples.reduce((sum, s) => sum + s.weight, 0)
  let acc = 0
  for (const s of samples) {
    acc += s.weight
    // Image y grows downwards, so a baseline rising to the right has a negative slope: counter-clockwise text.
    if (acc >= total / 2) return -s.deg
  }
  return -samples[samples.length - 1]!.deg
}

/** A quad in the stored image as ARGOS shapes it, rounded to whole pixels and clamped to the image. */
export function toApiBox(q: Quad, frame: Pick<SideFrame, 'storedW' | 'storedH'>): ApiBox {
  const fix = (p: Point) => ({
    x: Math.round(Math.min(frame.storedW, Math.max(0, p.x))),
    y: Math.round(Math.min(frame.storedH, Math.max(0, p.y))),
  })
  return { first: fix(q[0]), second: fix(q[1]), third: fix(q[2]), fourth: fix(q[3]) }
}

export type GreyImage = { data: Uint8Array; width: number; height: number }

/**
 * Refines a skew estimate with a projection profile: the ink edges of text lines pile up into sharp rows when
 * projected at the text's own angle. Tesseract's baselines on a sparse read drift at larger angles (a copy turned 6°
 * reported 2.5°), so they give the centre of the search and this settles it. Degrees, positive counter-clockwise.
 */
export function profileSkew(img: GreyImage, centre: number, span = 6): number {
  const { data, width: w, height: h } = img
  const edge = (i: number) => {
    const d = data[i + 1]! - data[i]!
    return d > 40 || d < -40
  }
  let count = 0
  for (let y = 0; y < h; y++) for (let i = y * w, end = i + w - 1; i < end; i++) if (edge(i)) count++
  if (count < 50) return centre
  // Enough points for a sharp profile while keeping the search a few milliseconds on the main thread.
  const stride = Math.max(1, Math.ceil(count / 6_000))
  const xs = new Int32Array(Math.ceil(count / stride))
  const ys = new Int32Array(xs.length)
  let seen = 0
  let n = 0
  // Every row: skipping rows would make the unrotated projection alias into a false peak at 0°.
  for (let y = 0; y < h; y++)
    for (let x = 0; x + 1 < w; x++)
      if (edge(y * w + x) && seen++ % stride === 0 && n < xs.length) {
        xs[n] = x
        ys[n] = y
        n++
      }
  const bins = new Float64Array(2 * (w + h) + 2)
  const score = (deg: number) => {
    const t = (deg * Math.PI) / 180
    const s = Math.sin(t)
    const c = Math.cos(t)
    bins.fill(0)
    for (let k = 0; k < n; k++) bins[Math.round(xs[k]! * s + ys[k]! * c) + w + h]! += 1
    let sum = 0
    for (const b of bins) sum += b * b
    return sum
  }
  const search = (from: number, to: number, by: number, best: number) => {
    let bestScore = score(best)
    for (let deg = from; deg <= to + 1e-9; deg += by) {
      const sc = score(deg)
      if (sc > bestScore) {
        bestScore = sc
        best = deg
      }
    }
    return best
  }
  // Coarse to fine: ~35 projections of ≤ 6,000 points, a few milliseconds.
  const coarse = search(centre - span, centre + span, 1, centre)
  const middle = search(coarse - 1, coarse + 1, 0.25, coarse)
  return search(middle - 0.25, middle + 0.25, 0.05, middle)
}
