import { describe, expect, it } from 'vitest'
import type { Point } from '../../../shared/model'
import {
  MAX_ZOOM,
  MIN_PAD,
  MIN_ZOOM,
  cropTransform,
  imageToCrop,
  planCrop,
} from '../../../renderer/src/fields/crop'

const rect = (x: number, y: number, w: number, h: number): Point[] => [
  { x, y },
  { x: x + w, y },
  { x: x + w, y: y + h },
  { x, y: y + h },
]

/** Applies a setTransform matrix to a point. */
function apply(m: number[], p: Point): Point {
  const [a, b, c, d, e, f] = m as [number, number, number, number, number, number]
  return { x: a * p.x + c * p.y + e, y: b * p.x + d * p.y + f }
}

const near = (a: Point, b: Point) => {
  expect(a.x).toBeCloseTo(b.x, 6)
  expect(a.y).toBeCloseTo(b.y, 6)
}

describe('planCrop', () => {
  it('pads an upright box and fits it to the panel', () => {
    const plan = planCrop(rect(100, 200, 400, 40), 280, 120)!
    const pad = 40 * 0.25
    expect(plan.width).toBeCloseTo(400 + 2 * pad)
    expect(plan.height).toBeCloseTo(40 + 2 * pad)
    expect(plan.scale).toBeCloseTo(280 / plan.width)
    near(imageToCrop(plan, { x: 100, y: 200 }), { x: pad * plan.scale, y: pad * plan.scale })
    near(imageToCrop(plan, { x: 500, y: 240 }), { x: (400 + pad) * plan.scale, y: (40 + pad) * plan.scale })
  })

  it('shows a small box at least twice its size, and never past the most zoom', () => {
    const small = planCrop(rect(10, 10, 30, 10), 280, 120)!
    expect(small.scale).toBeGreaterThanOrEqual(MIN_ZOOM)
    expect(small.scale).toBeLessThanOrEqual(MAX_ZOOM)
    expect(small.height - 10).toBeCloseTo(2 * MIN_PAD)
    // A 24 px line of text fits the crop's 72 px at 2×.
    expect(planCrop(rect(0, 0, 100, 24), 280, 72)!.scale).toBeGreaterThanOrEqual(MIN_ZOOM)
    const tiny = planCrop(rect(10, 10, 4, 3), 280, 120)!
    expect(tiny.scale).toBe(MAX_ZOOM)
  })

  it('turns a box whose text runs bottom to top upright', () => {
    // A scan turned 90°: the first edge points up the image.
    const quad = [
      { x: 100, y: 500 },
      { x: 100, y: 100 },
      { x: 140, y: 100 },
      { x: 140, y: 500 },
    ]
    const plan = planCrop(quad, 280, 120)!
    expect(plan.width).toBeCloseTo(400 + 2 * 10)
    expect(plan.height).toBeCloseTo(40 + 2 * 10)
    const a = imageToCrop(plan, quad[0]!)
    const b = imageToCrop(plan, quad[1]!)
    const d = imageToCrop(plan, quad[3]!)
    // The first edge runs left to right in the crop; the fourth corner sits below the first.
    expect(b.x - a.x).toBeCloseTo(400 * plan.scale)
    expect(b.y - a.y).toBeCloseTo(0)
    expect(d.y - a.y).toBeCloseTo(40 * plan.scale)
    expect(d.x - a.x).toBeCloseTo(0)
  })

  it('refuses a quad without length', () => {
    expect(planCrop(rect(5, 5, 0, 0), 280, 120)).toBeNull()
    expect(planCrop([{ x: 1, y: 1 }], 280, 120)).toBeNull()
  })
})

describe('cropTransform', () => {
  it('maps bitmap pixels where imageToCrop maps image pixels, at any preview size and pixel ratio', () => {
    const quad = [
      { x: 300, y: 420 },
      { x: 700, y: 380 },
      { x: 704, y: 430 },
      { x: 304, y: 470 },
    ]
    const plan = planCrop(quad, 300, 140)!
    for (const [k, dpr] of [
      [1, 1],
      [0.5, 2],
      [0.25, 1.5],
    ] as const) {
      const m = cropTransform(plan, k, dpr)
      for (const p of quad) {
        const want = imageToCrop(plan, p)
        near(apply(m, { x: p.x * k, y: p.y * k }), { x: want.x * dpr, y: want.y * dpr })
      }
    }
  })
})
