// The accuracy scoring behind `npm run accuracy` and the engine acceptance test (test/support/engine-accuracy.ts):
// fed the fixtures' own truth it scores perfect, and it notices a wrong value, a displaced quad and an invalid MRZ.
import { describe, expect, it } from 'vitest'
import type { LocalRecognition } from '../../../electron/services/local-engine/types'
import {
  fixtureDoc,
  generatedDoc,
  markdownTable,
  scoreRecognition,
  totals,
} from '../../support/engine-accuracy'
import { loadTruth } from '../../support/truth'

type Pt = { x: number; y: number }
const box = (q: Pt[]) => ({ first: q[0]!, second: q[1]!, third: q[2]!, fourth: q[3]! })

/** A "perfect engine" answer built from a fixture's truth. */
function perfect(id: string): LocalRecognition {
  const t = loadTruth(id)
  const raw: LocalRecognition['raw'] = {}
  for (const side of ['front', 'back'] as const)
    for (const f of Object.values(t.sides[side]?.fields ?? {}))
      raw[f.responseKey] = { value: f.truth, score: 90, original_coordinates: box(f.origQuad), side }
  return {
    raw,
    ocr: {},
    documentType: 'passport',
    mrz: { issuingCountry: t.issuingCountry, idType: 'passport', valid: true, repairs: [] },
    sides: { front: { turned: 0, skewDeg: 0 }, back: null },
  }
}

describe('engine accuracy scoring', () => {
  it('scores the truth itself as perfect', () => {
    const r = scoreRecognition(fixtureDoc('d01-utopia-passport'), perfect('d01-utopia-passport'), 0)
    expect([r.mrzValid, r.number, r.birth, r.expiry]).toEqual([true, true, true, true])
    expect(r.quads.length).toBeGreaterThan(5)
    expect(r.quads.every((q) => q.iou > 0.99)).toBe(true)
    expect(totals([r]).pass).toEqual({ mrzAllValid: true, nbeAtLeast90: true, quadsAllOverlap: true })
  })

  it('notices a wrong number, an expiry off by a day, a displaced quad and an invalid MRZ', () => {
    const rec = perfect('d01-utopia-passport')
    rec.raw.number!.value = 'LA1234561'
    rec.raw.expire_date!.value = '2030-05-06'
    const q = rec.raw.birth!.original_coordinates!
    const dx = (q.second.x - q.first.x) * 0.7
    for (const p of [q.first, q.second, q.third, q.fourth]) p.x += dx
    rec.mrz!.valid = false
    const r = scoreRecognition(fixtureDoc('d01-utopia-passport'), rec, 0)
    expect([r.mrzValid, r.number, r.birth, r.expiry]).toEqual([false, false, true, false])
    expect(r.quads.find((s) => s.key === 'birth')!.iou).toBeLessThan(0.5)
    expect(totals([r]).pass).toEqual({ mrzAllValid: false, nbeAtLeast90: false, quadsAllOverlap: false })
    expect(markdownTable([r])).toMatch(/Quads under 0.5: d01-utopia-passport front:birth/)
  })

  it('accepts an MRZ date (YYMMDD) and a box on the MRZ instead of the printed value', async () => {
    const doc = await generatedDoc({ kind: 'td3', seed: 3 })
    // The printed number's quad first, then its place in the MRZ.
    const g = doc.sides.front.quads.number!
    expect(g).toHaveLength(2)
    const rec: LocalRecognition = {
      raw: {
        number: {
          value: doc.values.number,
          score: 80,
          original_coordinates: box(g[1]!),
          side: 'front',
        },
        birth: { value: doc.values.birth.replace(/-/g, '').slice(2), score: 80, side: 'front' },
      },
      ocr: {},
      documentType: 'passport',
      mrz: { issuingCountry: 'ITA', idType: 'passport', valid: true, repairs: [] },
      sides: { front: { turned: 0, skewDeg: 0 }, back: null },
    }
    const r = scoreRecognition(doc, rec, 0)
    expect([r.number, r.birth, r.expiry]).toEqual([true, true, false])
    expect(r.quads).toEqual([{ key: 'number', side: 'front', iou: 1 }])
  })
})
