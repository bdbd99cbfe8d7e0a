// The local engine's geometry (electron/services/local-engine/geometry.ts): the frame mappings agree with what sharp
// actually does to the pixels (a dot is turned and straightened by sharp, found, and mapped back to where it was),
// the tilted rectangle recovered from a skewed word's bounding box, the baseline skew estimate's weighting, and
// the ApiBox order and clamping.
import sharp, { type Sharp } from 'sharp'
import { describe, expect, it } from 'vitest'
import {
  type BBox,
  type Point,
  type Quad,
  type SideFrame,
  type Turn,
  bboxQuad,
  estimateSkew,
  storedToUpright,
  straightSize,
  straightToUpright,
  tiltedRect,
  toApiBox,
  undoTurn,
  uprightToStored,
  uprightToStraight,
} from '../../../../electron/services/local-engine/geometry'
import { quadIoU } from '../../../support/quad-iou'

const W = 240
const H = 160

/** A white image with one 4×4 black dot at (x, y). */
function dotImage(x: number, y: number) {
  const raw = Buffer.alloc(W * H, 255)
  for (let j = y; j < y + 4; j++) for (let i = x; i < x + 4; i++) raw[j * W + i] = 0
  return sharp(raw, { raw: { width: W, height: H, channels: 1 } })
}

/** The centre of the dark pixels of a rendered image (centre of pixel i is at i + 0.5). */
async function findDot(image: Sharp): Promise<Point & { width: number; height: number }> {
  const { data, info } = await image.grayscale().raw().toBuffer({ resolveWithObject: true })
  let sx = 0
  let sy = 0
  let n = 0
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++)
      if (data[(y * info.width + x) * info.channels]! < 100) {
        sx += x + 0.5
        sy += y + 0.5
        n++
      }
  expect(n).toBeGreaterThan(0)
  return { x: sx / n, y: sy / n, width: info.width, height: info.height }
}

const near = (a: Point, b: Point, tolerance: number) => {
  expect(Math.abs(a.x - b.x)).toBeLessThanOrEqual(tolerance)
  expect(Math.abs(a.y - b.y)).toBeLessThanOrEqual(tolerance)
}

describe('frame mappings agree with sharp', () => {
  const dot = { x: 170, y: 30 }
  const dotCentre = { x: dot.x + 2, y: dot.y + 2 }

  for (const turn of [0, 90, 180, 270] as Turn[]) {
    it(`a scan turned ${turn}° maps back from its upright copy`, async () => {
      const frame: SideFrame = { storedW: W, storedH: H, turn, skewDeg: 0 }
      const found = await findDot(dotImage(dot.x, dot.y).rotate(undoTurn(turn)))
      near(storedToUpright(frame, dotCentre), found, 0.01)
      near(uprightToStored(frame, found), dotCentre, 0.01)
    })
  }

  for (const skewDeg of [-6, -4, 2.5, 30]) {
    it(`straightening by ${skewDeg}° (sharp.rotate) maps back, with the canvas size sharp makes`, async () => {
      const frame: SideFrame = { storedW: W, storedH: H, turn: 90, skewDeg }
      const upright = await dotImage(dot.x, dot.y)
        .rotate(undoTurn(frame.turn))
        .grayscale()
        .raw()
        .toBuffer({ resolveWithObject: true })
      const straight = sharp(upright.data, {
        raw: { width: upright.info.width, height: upright.info.height, channels: 1 },
      }).rotate(skewDeg, { background: '#ffffff' })
      const found = await findDot(straight)
      const size = straightSize(frame)
      expect(Math.abs(size.w - found.width)).toBeLessThanOrEqual(1)
      expect(Math.abs(size.h - found.height)).toBeLessThanOrEqual(1)
      const up = storedToUpright(frame, dotCentre)
      near(uprightToStraight(frame, up), found, 1)
      near(uprightToStored(frame, straightToUpright(frame, found)), dotCentre, 1)
    })
  }
})

describe('tiltedRect', () => {
  const rotated = (cx: number, cy: number, w: number, h: number, deg: number): Quad => {
    const t = (-deg * Math.PI) / 180
    const corner = (dx: number, dy: number) => ({
      x: cx + dx * Math.cos(t) - dy * Math.sin(t),
      y: cy + dx * Math.sin(t) + dy * Math.cos(t),
    })
    return [corner(-w / 2, -h / 2), corner(w / 2, -h / 2), corner(w / 2, h / 2), corner(-w / 2, h / 2)]
  }
  const bboxOf = (q: Quad): BBox => ({
    x0: Math.min(...q.map((p) => p.x)),
    y0: Math.min(...q.map((p) => p.y)),
    x1: Math.max(...q.map((p) => p.x)),
    y1: Math.max(...q.map((p) => p.y)),
  })

  for (const deg of [-6, -4, 2, 6]) {
    it(`recovers a long word tilted ${deg}° from its bounding box`, () => {
      const truth = rotated(500, 300, 520, 40, deg)
      const box = bboxOf(truth)
      const iou = quadIoU(tiltedRect(box, deg), truth)
      expect(iou).toBeGreaterThan(0.95)
      // The axis-aligned box alone is a much poorer answer: that is what the function is for.
      expect(quadIoU(bboxQuad(box), truth)).toBeLessThan(iou - 0.25)
    })
  }

  it('keeps the corner order top-left, top-right, bottom-right, bottom-left', () => {
    const [tl, tr, br, bl] = tiltedRect({ x0: 0, y0: 0, x1: 200, y1: 40 }, 3)
    expect(tr.x).toBeGreaterThan(tl.x)
    expect(br.y).toBeGreaterThan(tr.y)
    expect(bl.x).toBeLessThan(br.x)
    // Counter-clockwise text rises to the right (image y grows downwards).
    expect(tr.y).toBeLessThan(tl.y)
  })
})

describe('estimateSkew', () => {
  const line = (deg: number, length: number, confidence: number) => {
    const t = (deg * Math.PI) / 180
    return { baseline: { x0: 100, y0: 500, x1: 100 + length, y1: 500 - length * Math.tan(t) }, confidence }
  }

  it('reads counter-clockwise text as positive degrees', () => {
    expect(estimateSkew([line(3, 400, 90)])).toBeCloseTo(3, 5)
    expect(estimateSkew([line(-4, 400, 90)])).toBeCloseTo(-4, 5)
  })

  it('takes the confidence- and length-weighted median, so garbled or short lines do not pull it', () => {
    const lines = [
      line(2, 500, 95),
      line(2.1, 400, 90),
      line(1.9, 450, 92),
      line(25, 300, 20),
      line(-30, 80, 10),
    ]
    expect(estimateSkew(lines)).toBeCloseTo(2, 0)
    // A plain mean would be dragged far off by the two bad lines.
    expect(Math.abs(estimateSkew(lines) - 2)).toBeLessThan(0.15)
  })

  it('ignores lines shorter than the minimum and answers 0 without usable lines', () => {
    expect(estimateSkew([line(10, 30, 95)])).toBe(0)
    expect(estimateSkew([])).toBe(0)
    expect(estimateSkew([line(5, 300, 0)])).toBe(0)
  })
})

describe('toApiBox', () => {
  it('rounds, clamps to the stored image and keeps first..fourth as TL, TR, BR, BL', () => {
    const q: Quad = [
      { x: -3.2, y: 10.6 },
      { x: 120.4, y: 9.5 },
      { x: 250, y: 40 },
      { x: 0.4, y: 170 },
    ]
    expect(toApiBox(q, { storedW: W, storedH: H })).toEqual({
      first: { x: 0, y: 11 },
      second: { x: 120, y: 10 },
      third: { x: 240, y: 40 },
      fourth: { x: 0, y: 160 },
    })
  })
})
