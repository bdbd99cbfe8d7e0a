// The convex-quad IoU used by the engine accuracy table (test/support/quad-iou.ts).
import { describe, expect, it } from 'vitest'
import { intersectionArea, isConvex, polygonArea, quadIoU, type Pt } from '../../support/quad-iou'

const rect = (x: number, y: number, w: number, h: number): Pt[] => [
  { x, y },
  { x: x + w, y },
  { x: x + w, y: y + h },
  { x, y: y + h },
]
const rotate = (q: Pt[], deg: number, c: Pt): Pt[] => {
  const r = (deg * Math.PI) / 180
  return q.map((p) => ({
    x: c.x + (p.x - c.x) * Math.cos(r) - (p.y - c.y) * Math.sin(r),
    y: c.y + (p.x - c.x) * Math.sin(r) + (p.y - c.y) * Math.cos(r),
  }))
}

describe('quadIoU', () => {
  it('is 1 for the same quad, in either winding', () => {
    const q = rect(10, 20, 100, 40)
    expect(quadIoU(q, q)).toBeCloseTo(1, 12)
    expect(quadIoU(q, [...q].reverse())).toBeCloseTo(1, 12)
  })

  it('is 0 for disjoint quads and for quads touching at an edge', () => {
    expect(quadIoU(rect(0, 0, 10, 10), rect(20, 0, 10, 10))).toBe(0)
    expect(quadIoU(rect(0, 0, 10, 10), rect(10, 0, 10, 10))).toBe(0)
  })

  it('matches hand-computed overlaps of axis-aligned boxes', () => {
    // Half-shifted: intersection 50, union 150.
    expect(quadIoU(rect(0, 0, 10, 10), rect(5, 0, 10, 10))).toBeCloseTo(1 / 3, 12)
    // One inside the other: 25 / 100.
    expect(quadIoU(rect(0, 0, 10, 10), rect(2, 2, 5, 5))).toBeCloseTo(0.25, 12)
  })

  it('handles rotated quads: a square and itself turned 45° about its centre', () => {
    const sq = rect(-1, -1, 2, 2)
    const diamond = rotate(sq, 45, { x: 0, y: 0 })
    // The intersection is a regular octagon of area 8(√2−1) inside squares of area 4.
    const inter = 8 * (Math.SQRT2 - 1)
    expect(intersectionArea(sq, diamond)).toBeCloseTo(inter, 9)
    expect(quadIoU(sq, diamond)).toBeCloseTo(inter / (8 - inter), 9)
  })

  it('is symmetric', () => {
    const a = rotate(rect(0, 0, 120, 30), 7, { x: 60, y: 15 })
    const b = rect(10, 5, 100, 30)
    expect(quadIoU(a, b)).toBeCloseTo(quadIoU(b, a), 12)
  })

  it('refuses a bow-tie (corners out of order) and a degenerate quad with a clear message', () => {
    const bowTie = [
      { x: 0, y: 0 },
      { x: 10, y: 10 },
      { x: 10, y: 0 },
      { x: 0, y: 10 },
    ]
    expect(() => quadIoU(bowTie, rect(0, 0, 10, 10))).toThrow(/not convex/)
    expect(() => quadIoU(rect(0, 0, 10, 10), rect(0, 0, 10, 0))).toThrow(/second polygon is not convex/)
    expect(() => quadIoU(rect(0, 0, Number.NaN, 1), rect(0, 0, 1, 1))).toThrow(/non-finite/)
  })

  it('polygonArea and isConvex agree with geometry', () => {
    expect(polygonArea(rect(0, 0, 3, 4))).toBe(12)
    expect(isConvex(rect(0, 0, 3, 4))).toBe(true)
    // An arrow-head (concave) pentagon.
    expect(
      isConvex([
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 5, y: 3 },
        { x: 10, y: 10 },
        { x: 0, y: 10 },
      ]),
    ).toBe(false)
  })
})
