import { describe, expect, it } from 'vitest'
import {
  applyHomography,
  boundingBox,
  fitHomography,
  fitHomographyDetailed,
  homographyResidual,
  isConvexQuad,
  mapQuad,
  maxCornerDistance,
  polygonArea,
  quadBoundsIoU,
  quadCentroid,
  quadFromApiBox,
  withinRect,
  type Homography,
  type PointPair,
} from '../../../shared/geometry'
import type { Point, Quad } from '../../../shared/model'

/** A card photographed at an angle: rotation, scale, shear and a visible perspective term. */
const TRUE_H: Homography = [1.21, -0.14, 180, 0.11, 1.18, 260, 1.2e-4, -0.9e-4, 1]
const map = (H: Homography, p: Point): Point => applyHomography(H, p)!
const IDENTITY: Homography = [1, 0, 0, 0, 1, 0, 0, 0, 1]

/** Deterministic noise in [−a, a] (LCG), so a failure reproduces. */
function noise(seed: number): (a: number) => number {
  let s = seed >>> 0
  return (a) => {
    s = (s * 1664525 + 1013904223) >>> 0
    return (s / 2 ** 32) * 2 * a - a
  }
}

const box = (x: number, y: number, w: number, h: number): Quad => [
  { x, y },
  { x: x + w, y },
  { x: x + w, y: y + h },
  { x, y: y + h },
]
const gridPoints = (n: number): Point[] =>
  Array.from({ length: n }, (_, i) => ({ x: 40 + (i % 5) * 230, y: 60 + Math.floor(i / 5) * 190 }))

describe('fitHomography', () => {
  it('recovers a known homography exactly from 4 pairs', () => {
    const from = [
      { x: 0, y: 0 },
      { x: 1000, y: 0 },
      { x: 1000, y: 630 },
      { x: 0, y: 630 },
    ]
    const H = fitHomography(from.map((p) => ({ from: p, to: map(TRUE_H, p) })))!
    expect(H).not.toBeNull()
    // Same projective map: equal up to scale (H is returned with unit norm).
    const k = H[8] / TRUE_H[8]
    H.forEach((h, i) => expect(h / k).toBeCloseTo(TRUE_H[i]!, 9))
    for (const p of [
      { x: 500, y: 315 },
      { x: 123, y: 456 },
      { x: 990, y: 20 },
    ]) {
      const q = map(H, p)
      const t = map(TRUE_H, p)
      expect(Math.hypot(q.x - t.x, q.y - t.y)).toBeLessThan(1e-8)
    }
  })

  it('recovers it from 20 noisy pairs to within the noise', () => {
    const rnd = noise(42)
    const pairs = gridPoints(20).map((p) => {
      const t = map(TRUE_H, p)
      return { from: p, to: { x: t.x + rnd(0.5), y: t.y + rnd(0.5) } }
    })
    const H = fitHomography(pairs)!
    const { rms, max } = homographyResidual(H, pairs)
    expect(rms).toBeLessThan(0.5)
    expect(max).toBeLessThan(1)
    // Between the fitted points the map is better than the noise on any single point.
    for (const p of [
      { x: 300, y: 300 },
      { x: 700, y: 500 },
      { x: 950, y: 700 },
    ]) {
      const q = map(H, p)
      const t = map(TRUE_H, p)
      expect(Math.hypot(q.x - t.x, q.y - t.y)).toBeLessThan(0.5)
    }
  })

  it('stays exact on large pixel coordinates (the normalisation at work)', () => {
    const big: Homography = [3.1, 0.2, 2200, -0.15, 3.05, 1900, 2e-5, 1e-5, 1]
    const from = gridPoints(12).map((p) => ({ x: p.x + 5000, y: p.y + 4000 }))
    const H = fitHomography(from.map((p) => ({ from: p, to: map(big, p) })))!
    const p = { x: 5600, y: 4400 }
    const q = map(H, p)
    const t = map(big, p)
    expect(Math.hypot(q.x - t.x, q.y - t.y)).toBeLessThan(1e-6)
  })

  it('returns null for input that cannot determine a homography', () => {
    const to = (from: Point[]): PointPair[] => from.map((p) => ({ from: p, to: map(TRUE_H, p) }))
    // Fewer than 4 pairs.
    expect(fitHomography(to(gridPoints(3)))).toBeNull()
    // Collinear sources (any number of them).
    expect(
      fitHomography(to(Array.from({ length: 8 }, (_, i) => ({ x: 10 + 50 * i, y: 20 + 30 * i })))),
    ).toBeNull()
    // Coincident points.
    expect(fitHomography(to(Array.from({ length: 5 }, () => ({ x: 7, y: 9 }))))).toBeNull()
    // Three of four collinear: the four points do not span a projective frame.
    expect(
      fitHomography(
        to([
          { x: 0, y: 0 },
          { x: 100, y: 0 },
          { x: 200, y: 0 },
          { x: 50, y: 80 },
        ]),
      ),
    ).toBeNull()
    // Collinear targets for spread sources: the map would be singular.
    expect(
      fitHomography(box(0, 0, 100, 50).map((p, i) => ({ from: p, to: { x: 10 * i, y: 10 * i } }))),
    ).toBeNull()
    // Non-finite numbers.
    const bad = to(gridPoints(6))
    bad[2] = { from: { x: Number.NaN, y: 0 }, to: { x: 0, y: 0 } }
    expect(fitHomography(bad)).toBeNull()
  })
})

describe('applyHomography and homographyResidual', () => {
  it('reports RMS and maximum reprojection error in target pixels', () => {
    const pairs = gridPoints(4).map((p) => ({ from: p, to: { ...p } }))
    expect(homographyResidual(IDENTITY, pairs)).toEqual({ rms: 0, max: 0 })
    pairs[1] = { from: pairs[1]!.from, to: { x: pairs[1]!.to.x + 3, y: pairs[1]!.to.y + 4 } }
    const r = homographyResidual(IDENTITY, pairs)
    expect(r.max).toBeCloseTo(5, 12)
    expect(r.rms).toBeCloseTo(Math.sqrt(25 / 4), 12)
    expect(homographyResidual(IDENTITY, [])).toEqual({ rms: 0, max: 0 })
  })

  it('gives no point beyond the line the map sends to infinity, and the residual says so', () => {
    const H: Homography = [1, 0, 0, 0, 1, 0, 0.01, 0, 1] // w = 0 on x = −100
    expect(applyHomography(H, { x: 0, y: 0 })).toEqual({ x: 0, y: 0 })
    expect(applyHomography(H, { x: -100, y: 5 })).toBeNull()
    expect(applyHomography(H, { x: -150, y: 5 })).toBeNull()
    expect(homographyResidual(H, [{ from: { x: -150, y: 0 }, to: { x: 0, y: 0 } }]).max).toBe(Infinity)
  })

  it('is oriented so the fitted data has w > 0 even when fitted from a mirrored, negated set', () => {
    const pairs = gridPoints(10).map((p) => ({ from: p, to: { x: -p.x, y: p.y } }))
    const H = fitHomography(pairs)!
    expect(homographyResidual(H, pairs).max).toBeLessThan(1e-9)
  })
})

describe('fitHomographyDetailed', () => {
  const affine = (p: Point): Point => ({ x: 1.3 * p.x - 0.09 * p.y + 184, y: 0.09 * p.x + 1.3 * p.y + 160 })
  const pairsOf = (quads: Quad[]): PointPair[] =>
    quads.flatMap((q) => q.map((p) => ({ from: p, to: affine(p) })))

  it('has a small prediction error between spread boxes and a large one far from boxes on a single line', () => {
    const spread = fitHomographyDetailed(
      pairsOf([box(330, 158, 100, 35), box(640, 330, 300, 35), box(40, 556, 800, 40)]),
    )!
    expect(spread.residual.max).toBeLessThan(1e-9)
    const inside = Math.max(...box(330, 243, 100, 35).map((p) => spread.predictionError(p, 0.5)))
    expect(inside).toBeLessThan(0.5)

    const line = fitHomographyDetailed(pairsOf([box(330, 158, 100, 35), box(640, 158, 300, 35)]))!
    expect(line.residual.max).toBeLessThan(1e-9)
    const far = Math.max(...box(40, 556, 800, 40).map((p) => line.predictionError(p, 0.5)))
    expect(far).toBeGreaterThan(5)
  })
})

describe('quads', () => {
  const apiBox = {
    first: { x: 30, y: 10 },
    second: { x: 30, y: 40 },
    third: { x: 10, y: 40 },
    fourth: { x: 10, y: 10 },
  }

  it('keeps the API point order, never re-sorted, through quadFromApiBox and mapQuad', () => {
    const q = quadFromApiBox(apiBox)
    expect(q).toEqual([apiBox.first, apiBox.second, apiBox.third, apiBox.fourth])
    const shifted: Homography = [1, 0, 5, 0, 1, -2, 0, 0, 1]
    expect(mapQuad(shifted, q)).toEqual(q.map((p) => ({ x: p.x + 5, y: p.y - 2 })))
    expect(mapQuad([1, 0, 0, 0, 1, 0, 0.01, 0, 1], box(-200, 0, 300, 10))).toBeNull()
  })

  it('measures quads: centroid, bounds, signed area, convexity, IoU, corner distance, bounds test', () => {
    const q = box(10, 20, 100, 50)
    expect(quadCentroid(q)).toEqual({ x: 60, y: 45 })
    expect(boundingBox(q)).toEqual({ x: 10, y: 20, width: 100, height: 50 })
    expect(polygonArea(q)).toBe(5000) // TL, TR, BR, BL: clockwise on screen, positive
    expect(polygonArea([...q].reverse())).toBe(-5000)
    expect(isConvexQuad(q)).toBe(true)
    expect(isConvexQuad([...q].reverse() as Quad)).toBe(true)
    expect(isConvexQuad([q[0], q[2], q[1], q[3]])).toBe(false) // bow-tie
    expect(isConvexQuad([q[0], q[1], { x: 210, y: 20 }, q[3]])).toBe(false) // three collinear
    expect(quadBoundsIoU(q, q)).toBe(1)
    expect(quadBoundsIoU(q, box(60, 20, 100, 50))).toBeCloseTo(2500 / 7500, 12)
    expect(quadBoundsIoU(q, box(500, 500, 10, 10))).toBe(0)
    expect(maxCornerDistance(q, box(13, 24, 100, 50))).toBe(5)
    expect(withinRect(q, { x: 0, y: 0, width: 110, height: 70 })).toBe(true)
    expect(withinRect(q, { x: 0, y: 0, width: 105, height: 70 })).toBe(false)
    expect(withinRect(q, { x: 0, y: 0, width: 105, height: 70 }, 5)).toBe(true)
  })
})
