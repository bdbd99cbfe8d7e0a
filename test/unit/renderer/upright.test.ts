import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  quarterTurn,
  uprightFromHint,
  uprightFromQuads,
  uprightRotation,
} from '../../../renderer/src/canvas/upright'
import { rotatePoint } from '../../../renderer/src/canvas/viewport'
import type { Field, Point, Quad } from '../../../shared/model'
import { fixturePath } from '../../support/paths'

type RawBox = Record<'first' | 'second' | 'third' | 'fourth', Point>
type Raw = Record<string, { value: string; original_coordinates?: RawBox } | { value: string }>

/** The fixture's response as fields (original coordinates only) and its rotate hint. */
function fromResponse(id: string): { fields: Field[]; rotate: string | null } {
  const body = JSON.parse(readFileSync(fixturePath(`${id}.response.json`), 'utf8')) as {
    result: { data: { raw: Raw } }
  }
  const raw = body.result.data.raw
  const fields: Field[] = []
  for (const [key, v] of Object.entries(raw)) {
    if (key === 'rotate') continue
    const oc = 'original_coordinates' in v ? v.original_coordinates : undefined
    const quad: Quad | null = oc ? [oc.first, oc.second, oc.third, oc.fourth] : null
    fields.push({
      key,
      side: key.startsWith('back_') ? 'back' : 'front',
      value: v.value,
      ocrValue: v.value,
      score: 90,
      accepted: null,
      quad,
      quadSource: quad ? 'original' : 'none',
      verified: false,
    })
  }
  const rotate = (raw.rotate as { value?: string } | undefined)?.value ?? null
  return { fields, rotate }
}

function recognition(rotate: string | null) {
  return {
    shape: 'A' as const,
    rotate,
    reviewFront: null,
    reviewBack: null,
    uploadScale: { front: 1, back: null },
    attempts: 1,
    recognisedAt: '2024-01-01T00:00:00Z',
    sent: null,
    verification: null,
  }
}

/** The first edge's direction on screen once the view is turned by `turn`. */
function screenAngle(q: readonly Point[], turn: number): number {
  const a = rotatePoint(q[0]!, turn)
  const b = rotatePoint(q[1]!, turn)
  return (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI
}

describe('quarterTurn', () => {
  it('rounds to the nearest quarter and normalises', () => {
    expect(quarterTurn(-90)).toBe(270)
    expect(quarterTurn(88)).toBe(90)
    expect(quarterTurn(-179)).toBe(180)
    expect(quarterTurn(360)).toBe(0)
    expect(quarterTurn(-3)).toBe(0)
  })
})

describe('uprightFromHint', () => {
  it('turns the view back by the provider rotation', () => {
    expect(uprightFromHint('0')).toBe(0)
    expect(uprightFromHint('270')).toBe(90)
    expect(uprightFromHint('90')).toBe(270)
    expect(uprightFromHint('180')).toBe(180)
    expect(uprightFromHint(' -90 ')).toBe(90)
  })
  it('ignores a missing or unusable hint', () => {
    expect(uprightFromHint(null)).toBeNull()
    expect(uprightFromHint(undefined)).toBeNull()
    expect(uprightFromHint('')).toBeNull()
    expect(uprightFromHint('left')).toBeNull()
    expect(uprightFromHint('45')).toBeNull()
  })
})

describe('uprightFromQuads', () => {
  it('is null without quads and 0 for level text', () => {
    expect(uprightFromQuads([])).toBeNull()
    const level: Quad = [
      { x: 0, y: 0 },
      { x: 100, y: 2 },
      { x: 100, y: 20 },
      { x: 0, y: 18 },
    ]
    expect(uprightFromQuads([level])).toBe(0)
  })
  it('lets long lines outvote short ones', () => {
    const up = (x: number, len: number): Quad => [
      { x, y: 1000 },
      { x, y: 1000 - len },
      { x: x + 20, y: 1000 - len },
      { x: x + 20, y: 1000 },
    ]
    const level: Quad = [
      { x: 0, y: 0 },
      { x: 30, y: 0 },
      { x: 30, y: 20 },
      { x: 0, y: 20 },
    ]
    expect(uprightFromQuads([level, level, up(10, 500)])).toBe(90)
  })
})

describe('uprightRotation on the fixtures', () => {
  it('d05 (passport scanned turned 90°, rotate "270"): hint and quads agree on 90, and the text then reads left to right', () => {
    const { fields, rotate } = fromResponse('d05-mex-passport-turned')
    expect(rotate).toBe('270')
    const byHint = uprightRotation({ fields, recognition: recognition(rotate) })
    const byQuads = uprightRotation({ fields, recognition: recognition(null) })
    expect(byHint).toBe(90)
    expect(byQuads).toBe(90)
    const name = fields.find((f) => f.key === 'name')!.quad!
    expect(Math.abs(screenAngle(name, byHint))).toBeLessThan(5)
  })
  it.each(['d01-utopia-passport', 'd02-ita-id', 'd03-can-dl', 'd04-jpn-residence'])(
    '%s is upright already',
    (id) => {
      const { fields, rotate } = fromResponse(id)
      expect(uprightRotation({ fields, recognition: recognition(rotate) })).toBe(0)
      expect(uprightRotation({ fields, recognition: recognition(null) }, 'front')).toBe(0)
    },
  )
  it('judges a side by its own quads, else by the whole case, else leaves the view as it is', () => {
    const { fields } = fromResponse('d05-mex-passport-turned')
    expect(uprightRotation({ fields, recognition: null }, 'back')).toBe(90)
    expect(uprightRotation({ fields: [], recognition: null })).toBe(0)
  })
})
