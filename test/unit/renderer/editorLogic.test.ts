import { describe, expect, it } from 'vitest'
import { keyProblem } from '../../../renderer/src/canvas/DrawPrompt'
import { sharperTier } from '../../../renderer/src/canvas/useDocumentImage'
import {
  fitViewport,
  imageToStage,
  rectQuad,
  rotateAbout,
  stageToImage,
  translateWithin,
  zoomAt,
} from '../../../renderer/src/canvas/viewport'
import { moveQuadToSide } from '../../../renderer/src/editing/sideMove'
import { needsAttention } from '../../../renderer/src/fields/fieldState'
import { nextKey, panelOrder } from '../../../renderer/src/fields/order'
import type { Field, Quad } from '../../../shared/model'

const box = (x: number, y: number, w = 100, h = 20): Quad => rectQuad({ x, y }, { x: x + w, y: y + h })
const field = (key: string, over: Partial<Field> = {}): Field => ({
  key,
  side: 'front',
  value: 'v',
  ocrValue: 'v',
  score: 90,
  accepted: true,
  quad: null,
  quadSource: 'original',
  verified: false,
  ...over,
})

describe('field navigation', () => {
  const fields = [
    field('b', { quad: box(10, 100) }),
    field('a', { quad: box(10, 10), score: 40 }),
    field('back_x', { side: 'back', quad: box(0, 0) }),
    field('c', { quad: box(10, 200), accepted: false }),
  ]
  const order = panelOrder({ back: null, fields })
  it('walks the panel order: front in reading order, then back', () => {
    expect(order.map((f) => f.key)).toEqual(['a', 'b', 'c', 'back_x'])
    expect(nextKey(order, 'a')).toBe('b')
    expect(nextKey(order, 'a', undefined, -1)).toBe('back_x')
    expect(nextKey(order, 'back_x', undefined, 1, false)).toBeNull()
    expect(nextKey(order, null)).toBe('a')
  })
  it('N finds the next doubtful field the reviewer has not dealt with', () => {
    const doubtful = (f: Field) => needsAttention(f, 60)
    expect(nextKey(order, 'a', doubtful)).toBe('c')
    expect(nextKey(order, 'c', doubtful)).toBe('a')
    expect(doubtful(field('x', { score: 40, verified: true }))).toBe(false)
    expect(doubtful(field('x', { score: 40, value: 'fixed' }))).toBe(false)
    expect(doubtful(field('x', { score: 60 }))).toBe(false)
  })
})

describe('turned view', () => {
  const size = { width: 1000, height: 800 }
  const image = { width: 2000, height: 1000 }
  it('fits a turned image and maps points both ways', () => {
    const v = fitViewport(size, image, 0, 90)
    expect(v.scale).toBeCloseTo(0.4)
    const tl = imageToStage(v, { x: 0, y: 0 })
    const br = imageToStage(v, { x: 2000, y: 1000 })
    // Turned, the image is 1000 × 2000: scaled to 400 × 800 and centred.
    expect(Math.min(tl.x, br.x)).toBeCloseTo((1000 - 400) / 2)
    expect(Math.min(tl.y, br.y)).toBeCloseTo(0)
    const p = { x: 123, y: 456 }
    const back = stageToImage(v, imageToStage(v, p))
    expect(back.x).toBeCloseTo(p.x)
    expect(back.y).toBeCloseTo(p.y)
  })
  it('zooms and turns about an anchor, keeping the image point under it', () => {
    const v = fitViewport(size, image, 0, 90)
    const anchor = { x: 300, y: 200 }
    const under = stageToImage(v, anchor)
    const z = zoomAt(v, anchor, 2)
    expect(stageToImage(z, anchor).x).toBeCloseTo(under.x)
    const r = rotateAbout(z, anchor, 90)
    expect(r.rotation).toBe(180)
    expect(stageToImage(r, anchor).y).toBeCloseTo(under.y)
  })
})

describe('geometry edits', () => {
  it('a moved box stays on the image', () => {
    const q = translateWithin(box(10, 10), -50, 5, { width: 500, height: 500 })
    expect(q[0]).toEqual({ x: 0, y: 15 })
  })
  it('a box moved to the other side is clamped, or dropped when nothing is left', () => {
    expect(moveQuadToSide(box(900, 10), { width: 950, height: 600 })?.[1]).toEqual({ x: 950, y: 10 })
    expect(moveQuadToSide(box(2000, 10), { width: 950, height: 600 })).toBeNull()
  })
  it('drawn keys follow the API rule and must be new', () => {
    expect(keyProblem('signature', ['name'])).toBeNull()
    expect(keyProblem('2x', [])).toMatch(/starting with a letter/)
    expect(keyProblem('a b', [])).toMatch(/Letters/)
    expect(keyProblem('name', ['name'])).toMatch(/already/)
    expect(keyProblem('', [])).toMatch(/Type/)
  })
  it('the full image is fetched only when a preview pixel outgrows a screen pixel', () => {
    // A 5120 px scan: screen copy 1280, preview 2560.
    expect(sharperTier({ source: 'screen', width: 1280 }, 5120, 2560, 0.2)).toBeNull() // 1024 device px
    expect(sharperTier({ source: 'screen', width: 1280 }, 5120, 2560, 0.4)).toBe('preview') // 2048
    expect(sharperTier({ source: 'screen', width: 1280 }, 5120, 2560, 0.6)).toBe('full') // 3072 > preview
    expect(sharperTier({ source: 'screen', width: 1280 }, 5120, null, 0.4)).toBe('full') // no preview
    expect(sharperTier({ source: 'preview', width: 2560 }, 5120, 2560, 0.4)).toBeNull()
    expect(sharperTier({ source: 'preview', width: 2560 }, 5120, 2560, 0.6)).toBe('full')
    expect(sharperTier({ source: 'full', width: 5120 }, 5120, 2560, 4)).toBeNull()
    expect(sharperTier(null, 5120, 2560, 4)).toBeNull()
  })
})
