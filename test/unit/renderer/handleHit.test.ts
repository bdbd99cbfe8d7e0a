// The vertex handles' hit regions (renderer/src/canvas/handleHit.ts): overlapping handles of a small box at low
// zoom each claim only the points nearest their own corner.
import { describe, expect, it } from 'vitest'
import { handleHitRegion } from '../../../renderer/src/canvas/handleHit'

type Pt = { x: number; y: number }

/** Point-in-polygon (ray casting), for a region relative to its vertex. */
function contains(polygon: Pt[], p: Pt): boolean {
  let inside = false
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!
    const b = polygon[j]!
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside
  }
  return inside
}

// A 40 × 6 box (a date field at low zoom), handles of radius 10: the left pair and the right pair overlap.
const box: Pt[] = [
  { x: 0, y: 0 },
  { x: 40, y: 0 },
  { x: 40, y: 6 },
  { x: 0, y: 6 },
]

describe('handleHitRegion', () => {
  it('is the whole disc when no other vertex is near', () => {
    const region = handleHitRegion(box, 0, 10)
    // The disc of radius 10 around (0, 0), cut only by the bisector with (0, 6): y ≤ 3.
    expect(contains(region, { x: -6, y: -6 })).toBe(true)
    expect(contains(region, { x: 0, y: 2.9 })).toBe(true)
    expect(contains(region, { x: 0, y: 3.1 })).toBe(false)
  })

  it('gives each point under overlapping handles to the nearest corner only', () => {
    const regions = box.map((_, i) => handleHitRegion(box, i, 10))
    for (let x = -9; x <= 49; x += 1.7) {
      for (let y = -9; y <= 15; y += 1.3) {
        const owners = box
          .map((v, i) => (contains(regions[i]!, { x: x - v.x, y: y - v.y }) ? i : -1))
          .filter((i) => i >= 0)
        expect(owners.length, `(${x}, ${y})`).toBeLessThanOrEqual(1)
        if (owners.length === 1) {
          const d = box.map((v) => Math.hypot(x - v.x, y - v.y))
          expect(d[owners[0]!]).toBeCloseTo(Math.min(...d), 6)
        }
      }
    }
    // The top-left corner itself belongs to handle 0, not to handle 3 drawn after it.
    expect(contains(regions[0]!, { x: 0.5, y: 0.5 })).toBe(true)
    expect(contains(regions[3]!, { x: 0.5, y: -5.5 })).toBe(false)
  })

  it('keeps a handle for only the first of two vertices at the same place', () => {
    const collapsed: Pt[] = [
      { x: 5, y: 5 },
      { x: 5, y: 5 },
      { x: 30, y: 5 },
      { x: 30, y: 20 },
    ]
    expect(handleHitRegion(collapsed, 0, 8).length).toBeGreaterThan(2)
    expect(handleHitRegion(collapsed, 1, 8)).toEqual([])
  })
})
