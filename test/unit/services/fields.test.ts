import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fieldsFromRaw } from '../../../electron/services/fields'
import { fixturePath } from '../../support/paths'

type Truth = {
  sides: Record<
    string,
    { fields: Record<string, { responseKey: string; origQuad: { x: number; y: number }[] }> }
  >
}
const load = (id: string) => ({
  response: JSON.parse(readFileSync(fixturePath(`${id}.response.json`), 'utf8')) as {
    result: { data: { raw: Record<string, unknown> } }
  },
  truth: JSON.parse(readFileSync(fixturePath(`${id}.truth.json`), 'utf8')) as Truth,
})

describe('fieldsFromRaw', () => {
  it('places every field that has original_coordinates on its true quad, in API point order', () => {
    const { response, truth } = load('d02-ita-id')
    const { fields, skipped } = fieldsFromRaw(response.result.data.raw, true)
    expect(skipped).toEqual([])
    expect(fields.map((f) => f.key)).not.toContain('rotate')
    for (const [side, s] of Object.entries(truth.sides)) {
      for (const t of Object.values(s.fields)) {
        const f = fields.find((x) => x.key === t.responseKey)
        expect(f, t.responseKey).toBeDefined()
        expect(f!.side).toBe(side)
        expect(f!.quadSource).toBe('original')
        f!.quad!.forEach((p, i) => {
          expect(Math.hypot(p.x - t.origQuad[i]!.x, p.y - t.origQuad[i]!.y)).toBeLessThan(1.5)
        })
      }
    }
  })

  it('says "no position" instead of guessing when original_coordinates are missing', () => {
    const { response } = load('d05-mex-passport-turned')
    const expire = fieldsFromRaw(response.result.data.raw, false).fields.find((f) => f.key === 'expire_date')
    expect(expire).toMatchObject({ quad: null, quadSource: 'none' })
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
