import { describe, expect, it } from 'vitest'
import {
  MAX_SCALE,
  MIN_SCALE,
  clampScale,
  clampToImage,
  edgeAngle,
  labelAngle,
  rotatePoint,
  ensureVisible,
  fitViewport,
  imageToStage,
  quadBounds,
  stageToImage,
  wheelFactor,
  withVertex,
  zoomAt,
  zoomBy,
} from '../../../renderer/src/canvas/viewport'
import type { Quad } from '../../../shared/model'

describe('fitViewport', () => {
  it('fits a wide image by width and centres it vertically', () => {
    const v = fitViewport({ width: 1048, height: 848 }, { width: 2000, height: 1500 }, 24)
    expect(v.scale).toBeCloseTo(0.5)
    expect(v.x).toBeCloseTo(24)
    expect(v.y).toBeCloseTo((848 - 750) / 2)
  })
  it('fits a tall image by height', () => {
    const v = fitViewport({ width: 1000, height: 500 }, { width: 1500, height: 2100 }, 0)
    expect(v.scale).toBeCloseTo(500 / 2100)
    expect(v.y).toBeCloseTo(0)
  })
  it('survives an unmeasured container', () => {
    expect(fitViewport({ width: 0, height: 0 }, { width: 10, height: 10 })).toEqual({ scale: 1, x: 0, y: 0 })
  })
})

describe('zoom', () => {
  it('keeps the image point under the cursor fixed', () => {
    const v = { scale: 0.5, x: 30, y: 40 }
    const anchor = { x: 400, y: 300 }
    const before = stageToImage(v, anchor)
    const z = zoomAt(v, anchor, 2)
    expect(z.scale).toBe(2)
    const after = stageToImage(z, anchor)
    expect(after.x).toBeCloseTo(before.x)
    expect(after.y).toBeCloseTo(before.y)
  })
  it('clamps the scale', () => {
    expect(zoomBy({ scale: 10, x: 0, y: 0 }, { x: 0, y: 0 }, 100).scale).toBe(MAX_SCALE)
    expect(clampScale(0)).toBe(1)
    expect(clampScale(1e-9)).toBe(MIN_SCALE)
    expect(clampScale(Number.NaN)).toBe(1)
  })
  it('wheel up zooms in, wheel down zooms out, symmetrically', () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1)
    expect(wheelFactor(100)).toBeLessThan(1)
    expect(wheelFactor(-100) * wheelFactor(100)).toBeCloseTo(1)
    expect(wheelFactor(3, 1)).toBeCloseTo(wheelFactor(48))
    expect(wheelFactor(-1e6)).toBe(wheelFactor(-300))
  })
  it('maps image and stage coordinates both ways', () => {
    const v = { scale: 0.25, x: 10, y: -20 }
    const p = { x: 800, y: 600 }
    expect(imageToStage(v, p)).toEqual({ x: 210, y: 130 })
    expect(stageToImage(v, imageToStage(v, p))).toEqual(p)
  })
})

describe('ensureVisible', () => {
  const container = { width: 800, height: 600 }
  it('leaves a visible box alone (same object)', () => {
    const v = { scale: 1, x: 0, y: 0 }
    expect(ensureVisible(v, container, { x: 100, y: 100, width: 50, height: 20 })).toBe(v)
  })
  it('pans an off-screen box to the centre without zooming', () => {
    const v = { scale: 2, x: 0, y: 0 }
    const r = { x: 1000, y: 900, width: 100, height: 50 }
    const n = ensureVisible(v, container, r)
    expect(n.scale).toBe(2)
    const c = imageToStage(n, { x: r.x + r.width / 2, y: r.y + r.height / 2 })
    expect(c.x).toBeCloseTo(400)
    expect(c.y).toBeCloseTo(300)
  })
})

describe('quad helpers', () => {
  const q: Quad = [
    { x: 682, y: 468 },
    { x: 915, y: 459 },
    { x: 917, y: 509 },
    { x: 684, y: 517 },
  ]
  it('bounds a skewed quad', () => {
    expect(quadBounds(q)).toEqual({ x: 682, y: 459, width: 235, height: 58 })
  })
  it('replaces one vertex without touching the rest', () => {
    const n = withVertex(q, 2, { x: 1, y: 2 })
    expect(n[2]).toEqual({ x: 1, y: 2 })
    expect(n[0]).toBe(q[0])
    expect(q[2]).toEqual({ x: 917, y: 509 })
    expect(withVertex(q, 7, { x: 0, y: 0 })).toEqual(q)
  })
  it('keeps a dragged vertex on the image', () => {
    expect(clampToImage({ x: -5, y: 2000 }, { width: 100, height: 50 })).toEqual({ x: 0, y: 50 })
  })
})

describe('label angle', () => {
  const level: Quad = [
    { x: 0, y: 10 },
    { x: 100, y: 3 },
    { x: 100, y: 43 },
    { x: 0, y: 50 },
  ]
  const turned: Quad = [
    { x: 0, y: 100 },
    { x: 0, y: 0 },
    { x: 40, y: 0 },
    { x: 40, y: 100 },
  ]
  it('follows turned text and ignores ordinary skew', () => {
    expect(edgeAngle(level)).toBeCloseTo(-4, 0)
    expect(labelAngle(level)).toBe(0)
    expect(labelAngle(turned)).toBeCloseTo(-90)
  })
  it('rotates points about the origin', () => {
    const p = rotatePoint({ x: 1, y: 0 }, 90)
    expect(p.x).toBeCloseTo(0)
    expect(p.y).toBeCloseTo(1)
  })
})
