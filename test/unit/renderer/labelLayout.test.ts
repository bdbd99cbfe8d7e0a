import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  candidates,
  forcedPlace,
  layoutLabels,
  rectIntersectsQuad,
  rectOf,
  rectsOverlap,
  type LabelRequest,
  type Obstacle,
  type PlacedLabel,
  type Rect,
} from '../../../renderer/src/canvas/labelLayout'
import type { Point } from '../../../shared/model'
import { fixturePath } from '../../support/paths'

type RawBox = Record<'first' | 'second' | 'third' | 'fourth', Point>

/** The fixture's quads of one side (original coordinates), mapped to screen by scale + offset. */
function screenQuads(id: string, side: 'front' | 'back', scale: number, offset = 20): Obstacle[] {
  const body = JSON.parse(readFileSync(fixturePath(`${id}.response.json`), 'utf8')) as {
    result: { data: { raw: Record<string, { original_coordinates?: RawBox }> } }
  }
  return Object.entries(body.result.data.raw).flatMap(([key, v]) => {
    const oc = v.original_coordinates
    if (!oc || key === 'rotate' || key.startsWith('back_') !== (side === 'back')) return []
    const quad = [oc.first, oc.second, oc.third, oc.fourth].map((p) => ({
      x: p.x * scale + offset,
      y: p.y * scale + offset,
    }))
    return [{ key, quad }]
  })
}

function requestsFor(quads: readonly Obstacle[], w = 70, h = 17): LabelRequest[] {
  return quads.map((q) => ({ key: q.key, quad: q.quad, width: w, height: h }))
}

/** Every invariant the canvas promises, checked on a layout. */
function expectClean(
  placed: readonly (PlacedLabel | null)[],
  quads: readonly Obstacle[],
  bounds: Rect | null,
) {
  const shown = placed.filter((p): p is PlacedLabel => p !== null)
  for (const [i, a] of shown.entries()) {
    for (const b of shown.slice(i + 1)) expect(rectsOverlap(a, b), `${a.key} over ${b.key}`).toBe(false)
    const own = quads.find((q) => q.key === a.key)!
    // Its own box: not even the bounding rectangle (the text and the handles at its corners stay clear).
    expect(rectsOverlap(a, rectOf(own.quad)), `${a.key} over its own box`).toBe(false)
    for (const q of quads) expect(rectIntersectsQuad(a, q.quad), `${a.key} over ${q.key}`).toBe(false)
    if (bounds) {
      expect(a.x).toBeGreaterThanOrEqual(bounds.x)
      expect(a.y).toBeGreaterThanOrEqual(bounds.y)
      expect(a.x + a.width).toBeLessThanOrEqual(bounds.x + bounds.width)
      expect(a.y + a.height).toBeLessThanOrEqual(bounds.y + bounds.height)
    }
  }
  return shown
}

const square = (x: number, y: number, w: number, h: number): Point[] => [
  { x, y },
  { x: x + w, y },
  { x: x + w, y: y + h },
  { x, y: y + h },
]

describe('geometry', () => {
  it('rectsOverlap: touching is not overlapping, the margin counts', () => {
    expect(rectsOverlap({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 5, height: 5 })).toBe(
      false,
    )
    expect(rectsOverlap({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 5, height: 5 }, 1)).toBe(
      true,
    )
    expect(rectsOverlap({ x: 0, y: 0, width: 10, height: 10 }, { x: 9, y: 9, width: 5, height: 5 })).toBe(
      true,
    )
  })
  it('rectIntersectsQuad sees through a tilted quad’s empty corner', () => {
    // A band tilted 45°: its bounding box covers (0..100, 0..100) but the corner near (90, 5) is empty.
    const band = [
      { x: 0, y: 10 },
      { x: 10, y: 0 },
      { x: 100, y: 90 },
      { x: 90, y: 100 },
    ]
    expect(rectIntersectsQuad({ x: 80, y: 0, width: 15, height: 10 }, band)).toBe(false)
    expect(rectIntersectsQuad({ x: 45, y: 45, width: 10, height: 10 }, band)).toBe(true)
  })
  it('offers places right first (printed captions sit above or left of a value), then below, above and left, all outside the box', () => {
    const box = { x: 100, y: 100, width: 80, height: 20 }
    const list = candidates(box, 40, 10, null)
    expect([...new Set(list.map((c) => c.placement))]).toEqual(['right', 'below', 'above', 'left'])
    expect(list.map((c) => c.placement)).toEqual(expect.arrayContaining(['above', 'below', 'left', 'right']))
    for (const c of list) expect(rectsOverlap(c, box)).toBe(false)
  })
})

describe('layoutLabels', () => {
  it('puts a lone label just right of its box', () => {
    const quad = square(100, 100, 80, 20)
    const [p] = layoutLabels([{ key: 'a', quad, width: 40, height: 14 }], [{ key: 'a', quad }], {
      x: 0,
      y: 0,
      width: 500,
      height: 500,
    })
    expect(p).toMatchObject({ placement: 'right' })
    expect(p!.x).toBeGreaterThanOrEqual(180)
  })
  it('goes below when the right edge of the stage leaves no room, and beside when above and below are taken', () => {
    const bounds = { x: 0, y: 0, width: 500, height: 500 }
    const edge = square(420, 100, 80, 20)
    expect(
      layoutLabels([{ key: 't', quad: edge, width: 40, height: 14 }], [{ key: 't', quad: edge }], bounds)[0],
    ).toMatchObject({ placement: 'below' })
    // A field with others right above and below it, and wider than it.
    const mid = square(100, 200, 40, 20)
    const stack = [
      { key: 'm', quad: mid },
      { key: 'u', quad: square(0, 170, 300, 28) },
      { key: 'd', quad: square(0, 222, 300, 28) },
    ]
    const [m] = layoutLabels([{ key: 'm', quad: mid, width: 40, height: 14 }], stack, bounds)
    expect(m!.placement === 'left' || m!.placement === 'right').toBe(true)
    expectClean([m!], stack, bounds)
  })
  it('hides a label with no free place rather than covering text, and forcedPlace still keeps it off its box', () => {
    const bounds = { x: 0, y: 0, width: 300, height: 300 }
    // A wall of text all round the field.
    const field = { key: 'f', quad: square(100, 100, 60, 20) }
    const walls = [
      field,
      { key: 'n', quad: square(0, 0, 300, 99) },
      { key: 's', quad: square(0, 121, 300, 179) },
      { key: 'w', quad: square(0, 99, 99, 22) },
      { key: 'e', quad: square(161, 99, 139, 22) },
    ]
    const [p] = layoutLabels([{ key: 'f', quad: field.quad, width: 40, height: 14 }], walls, bounds)
    expect(p).toBeNull()
    const forced = forcedPlace({ key: 'f', quad: field.quad, width: 40, height: 14 }, bounds)
    expect(rectsOverlap(forced, rectOf(field.quad))).toBe(false)
  })
  it('keeps the first requested (selected) label where it would be alone', () => {
    const quads = [
      { key: 'a', quad: square(100, 100, 80, 20) },
      { key: 'b', quad: square(100, 130, 80, 20) },
    ]
    const bounds = { x: 0, y: 0, width: 400, height: 400 }
    const [b] = layoutLabels(requestsFor([quads[1]!], 60, 14), quads, bounds)
    const [b2, a2] = layoutLabels(requestsFor([quads[1]!, quads[0]!], 60, 14), quads, bounds)
    expect(b2).toEqual(b)
    expectClean([b2!, a2!], quads, bounds)
  })
  it("d02's back: three tightly stacked, tilted MRZ lines and the fields above them, at fit zoom", () => {
    for (const scale of [0.3, 0.45, 0.7, 1]) {
      const quads = screenQuads('d02-ita-id', 'back', scale)
      expect(quads.map((q) => q.key)).toContain('back_mrz_line3')
      const bounds = { x: 0, y: 0, width: 1800 * scale + 40, height: 1350 * scale + 40 }
      const placed = layoutLabels(requestsFor(quads, 90, 17), quads, bounds)
      const shown = expectClean(placed, quads, bounds)
      // Room enough round the card: every label finds a place.
      expect(shown.length, `scale ${scale}`).toBe(quads.length)
    }
  })
  it('a dense card (d04 front, d03 front) with a tight stage: clean whatever is shown, most labels shown', () => {
    for (const [id, w, h] of [
      ['d04-jpn-residence', 1500, 2000],
      ['d03-can-dl', 2400, 1800],
      ['d01-utopia-passport', 2000, 1500],
    ] as const) {
      const scale = 700 / Math.max(w, h)
      const quads = screenQuads(id, 'front', scale, 0)
      const bounds = { x: 0, y: 0, width: w * scale, height: h * scale }
      const placed = layoutLabels(requestsFor(quads, 80, 17), quads, bounds)
      const shown = expectClean(placed, quads, bounds)
      expect(shown.length, id).toBeGreaterThanOrEqual(Math.ceil(quads.length * 0.7))
    }
  })
  it('a grid packed so tight that labels cannot all fit: none overlaps, the rest are hidden', () => {
    const quads: Obstacle[] = []
    for (let r = 0; r < 10; r++)
      for (let c = 0; c < 4; c++) quads.push({ key: `f${r}_${c}`, quad: square(c * 100, r * 24, 96, 20) })
    const bounds = { x: 0, y: 0, width: 400, height: 240 }
    const placed = layoutLabels(requestsFor(quads, 50, 14), quads, bounds)
    expectClean(placed, quads, bounds)
    expect(placed.some((p) => p === null)).toBe(true)
  })
  it('skips a degenerate request', () => {
    expect(layoutLabels([{ key: 'x', quad: [], width: 10, height: 10 }], [], null)).toEqual([null])
  })
})
