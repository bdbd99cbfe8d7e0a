import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fieldsFromRaw, type SideSizes } from '../../../electron/services/argos/fields'
import { maxCornerDistance } from '../../../shared/geometry'
import type { Field, Quad } from '../../../shared/model'
import { FIXTURES_DIR, fixturePath } from '../../support/paths'
import { loadTruth, truthFields, type Truth } from '../../support/truth'

type Box = Record<'first' | 'second' | 'third' | 'fourth', { x: number; y: number }>
type RawEntry = { coordinates?: Box; original_coordinates?: Box; [k: string]: unknown }
type Raw = Record<string, RawEntry>

const IDS = readdirSync(FIXTURES_DIR)
  .filter((f) => f.endsWith('.response.json'))
  .map((f) => f.replace('.response.json', ''))
  .sort()

/** A fresh copy of the fixture's raw map (tests mutate it). */
const rawOf = (id: string): Raw =>
  (JSON.parse(readFileSync(fixturePath(`${id}.response.json`), 'utf8')) as { result: { data: { raw: Raw } } })
    .result.data.raw
const sizesOf = (t: Truth): SideSizes => ({ front: t.sides.front, back: t.sides.back ?? null })
const hasBack = (t: Truth): boolean => t.sides.back !== undefined
const fieldOf = (fields: Field[], key: string): Field => {
  const f = fields.find((x) => x.key === key)
  if (!f) throw new Error(`no field ${key}`)
  return f
}
const errorPx = (f: Field, origQuad: { x: number; y: number }[]): number =>
  maxCornerDistance(f.quad!, origQuad as Quad)

/** Removes original_coordinates from every third field of each side (the 3rd, 6th, …), keeping ≥ 2 pair fields. */
function dropEveryThird(id: string, raw: Raw): string[] {
  const dropped: string[] = []
  for (const side of ['front', 'back'] as const) {
    const keys = Object.values(loadTruth(id).sides[side]?.fields ?? {}).map((f) => f.responseKey)
    keys.forEach((k, i) => {
      if (i % 3 === 2) {
        delete raw[k]!.original_coordinates
        dropped.push(k)
      }
    })
  }
  return dropped
}

describe('fieldsFromRaw: boxes from original_coordinates', () => {
  it('places every field that has original_coordinates on its true quad, in API point order', () => {
    const truth = loadTruth('d02-ita-id')
    const { fields, skipped } = fieldsFromRaw(rawOf('d02-ita-id'), true)
    expect(skipped).toEqual([])
    expect(fields.map((f) => f.key)).not.toContain('rotate')
    for (const t of truthFields(truth)) {
      const f = fieldOf(fields, t.responseKey)
      expect(f.side).toBe(t.side)
      expect(f.quadSource).toBe('original')
      expect(errorPx(f, t.origQuad)).toBeLessThan(1.5)
    }
  })

  it('puts back_ fields on the front when no back image was sent, honours side:"back", undoes an upload scale', () => {
    const raw = {
      back_address: { value: 'X', score: 80 },
      number: {
        value: 'N1',
        score: 90,
        side: 'back',
        original_coordinates: {
          first: { x: 10, y: 20 },
          second: { x: 30, y: 20 },
          third: { x: 30, y: 40 },
          fourth: { x: 10, y: 40 },
        },
      },
      junk: 'not a field',
    }
    expect(fieldsFromRaw(raw, false).fields.map((f) => f.side)).toEqual(['front', 'front'])
    const { fields, skipped } = fieldsFromRaw(raw, true, { front: 1, back: 0.5 })
    expect(fields.map((f) => f.side)).toEqual(['back', 'back'])
    expect(fields[1]!.quad![2]).toEqual({ x: 60, y: 80 })
    expect(skipped).toEqual(['junk'])
  })
})

describe('fieldsFromRaw: boxes mapped from processed coordinates', () => {
  it.each(IDS)('%s: every third field without original_coordinates lands within 3 px of the truth', (id) => {
    const truth = loadTruth(id)
    const raw = rawOf(id)
    const dropped = dropEveryThird(id, raw)
    const lacking = Object.keys(raw).filter((k) => raw[k]!.coordinates && !raw[k]!.original_coordinates)
    expect(lacking.length).toBeGreaterThan(0)
    expect(lacking).toEqual(expect.arrayContaining(dropped))
    for (const sizes of [sizesOf(truth), undefined]) {
      const { fields, placement } = fieldsFromRaw(raw, hasBack(truth), undefined, sizes)
      for (const t of truthFields(truth)) {
        const f = fieldOf(fields, t.responseKey)
        expect(f.quadSource, t.responseKey).toBe(lacking.includes(t.responseKey) ? 'mapped' : 'original')
        expect(f.side).toBe(t.side)
        expect(errorPx(f, t.origQuad), t.responseKey).toBeLessThan(3)
      }
      expect([...placement.front.placed, ...placement.back.placed].sort()).toEqual([...lacking].sort())
      expect([...placement.front.refused, ...placement.back.refused]).toEqual([])
    }
  })

  it('d05 (turned 90°): expire_date, which has no original_coordinates in the response, is placed within 3 px', () => {
    const truth = loadTruth('d05-mex-passport-turned')
    const raw = rawOf('d05-mex-passport-turned')
    expect(raw.expire_date!.original_coordinates).toBeUndefined()
    const { fields, placement } = fieldsFromRaw(raw, false, undefined, sizesOf(truth))
    const f = fieldOf(fields, 'expire_date')
    expect(f.quadSource).toBe('mapped')
    expect(errorPx(f, truth.sides.front.fields.expire_date!.origQuad)).toBeLessThan(3)
    expect(placement.front).toMatchObject({ outcome: 'fitted', pairFields: 10, placed: ['expire_date'] })
    // Its order is the API's: the card's top-left corner is at the bottom-left of the turned scan.
    expect(f.quad![0].y).toBeGreaterThan(f.quad![1].y)
  })

  it('d04 (EXIF orientation 6): front and back boxes land in upright pixels, each side from its own pairs', () => {
    const truth = loadTruth('d04-jpn-residence')
    expect(truth.sides.front.exifOrientation).toBe(6)
    const raw = rawOf('d04-jpn-residence')
    dropEveryThird('d04-jpn-residence', raw)
    // No front pairs at all: the front refuses, the back still maps from back pairs only.
    for (const [k, e] of Object.entries(raw))
      if (!k.startsWith('back_') && k !== 'given_name') delete e.original_coordinates
    const { fields, placement } = fieldsFromRaw(raw, true, undefined, sizesOf(truth))
    expect(placement.front.outcome).toBe('too-few-pairs')
    expect(placement.back).toMatchObject({
      outcome: 'fitted',
      pairFields: 4,
      placed: ['back_issue_date', 'back_mrz_line3'],
    })
    for (const t of truthFields(truth)) {
      const f = fieldOf(fields, t.responseKey)
      if (t.side === 'front' && t.responseKey !== 'given_name')
        expect(f).toMatchObject({ quad: null, quadSource: 'none' })
      else expect(errorPx(f, t.origQuad), t.responseKey).toBeLessThan(3)
    }
  })

  it('with only one field having both boxes, fields without original_coordinates stay without a box', () => {
    const truth = loadTruth('d01-utopia-passport')
    const raw = rawOf('d01-utopia-passport')
    for (const [k, e] of Object.entries(raw)) if (k !== 'name') delete e.original_coordinates
    const { fields, placement } = fieldsFromRaw(raw, false, undefined, sizesOf(truth))
    expect(fieldOf(fields, 'name').quadSource).toBe('original')
    for (const f of fields.filter((x) => x.key !== 'name'))
      expect(f).toMatchObject({ quad: null, quadSource: 'none' })
    expect(placement.front).toMatchObject({ outcome: 'too-few-pairs', pairFields: 1, placed: [] })
    expect(placement.front.refused).toHaveLength(10)
  })

  it('refuses, rather than misplaces, when one pair field has corrupted coordinates', () => {
    const truth = loadTruth('d01-utopia-passport')
    for (const corrupt of [
      // Two corners swapped (a self-crossing box).
      (b: Box) => ([b.first, b.third] = [b.third, b.first]),
      // A whole box shifted by 40 px in processed space: a well-formed box in the wrong place.
      (b: Box) => Object.values(b).forEach((p) => (p.y += 40)),
    ]) {
      const raw = rawOf('d01-utopia-passport')
      const dropped = dropEveryThird('d01-utopia-passport', raw)
      corrupt(raw.birth!.coordinates!)
      const { fields, placement } = fieldsFromRaw(raw, false, undefined, sizesOf(truth))
      expect(placement.front.outcome).toBe('inconsistent')
      expect(placement.front.residual!.max).toBeGreaterThan(placement.front.tolerancePx!)
      for (const k of dropped) expect(fieldOf(fields, k)).toMatchObject({ quad: null, quadSource: 'none' })
    }
  })

  it('refuses boxes the pairs cannot vouch for: far from pair fields that all sit on one line', () => {
    const truth = loadTruth('d01-utopia-passport')
    const raw = rawOf('d01-utopia-passport')
    // `name` and `number` share the card's top line; nothing else keeps original_coordinates.
    for (const [k, e] of Object.entries(raw))
      if (k !== 'name' && k !== 'number') delete e.original_coordinates
    const { fields, placement } = fieldsFromRaw(raw, false, undefined, sizesOf(truth))
    expect(placement.front.outcome).toBe('fitted')
    expect(placement.front.refused).toEqual(expect.arrayContaining(['mrz_line1', 'mrz_line2', 'authority']))
    for (const t of truthFields(truth)) {
      const f = fieldOf(fields, t.responseKey)
      if (f.quadSource === 'mapped') expect(errorPx(f, t.origQuad), t.responseKey).toBeLessThan(3)
    }
  })

  it('refuses a mapped box outside the image', () => {
    const truth = loadTruth('d03-can-dl')
    const raw = rawOf('d03-can-dl')
    raw.gender!.coordinates = {
      first: { x: 2500, y: 577 },
      second: { x: 2600, y: 577 },
      third: { x: 2600, y: 610 },
      fourth: { x: 2500, y: 610 },
    }
    delete raw.gender!.original_coordinates
    const { fields, placement } = fieldsFromRaw(raw, true, undefined, sizesOf(truth))
    expect(placement.front.refused).toEqual(['gender'])
    expect(fieldOf(fields, 'gender')).toMatchObject({ quad: null, quadSource: 'none' })
  })

  it.each(IDS)('%s: a half-size upload (scale 0.5) still places mapped boxes on the truth', (id) => {
    const truth = loadTruth(id)
    // Exact half-size pixels must give the same boxes (within 3 px); integer ones, as a provider would return them,
    // are 2 stored pixels apart, so the original boxes alone are up to 1.4 px off: allow 4 px there.
    for (const [round, limit] of [
      [(v: number) => v, 3],
      [Math.round, 4],
    ] as const) {
      const raw = rawOf(id)
      const dropped = dropEveryThird(id, raw)
      for (const e of Object.values(raw))
        for (const p of Object.values(e.original_coordinates ?? {})) {
          p.x = round(p.x * 0.5)
          p.y = round(p.y * 0.5)
        }
      const { fields } = fieldsFromRaw(raw, hasBack(truth), { front: 0.5, back: 0.5 }, sizesOf(truth))
      for (const t of truthFields(truth)) {
        const f = fieldOf(fields, t.responseKey)
        if (dropped.includes(t.responseKey)) expect(f.quadSource).toBe('mapped')
        expect(errorPx(f, t.origQuad), t.responseKey).toBeLessThan(limit)
      }
    }
  })
})
