// Issue 15's acceptance, on a smaller set than `npm run accuracy`: the real local engine (tesseract.js, one worker
// for the file) over fixtures and photographed-style generated documents (skewed, blurred, q60, turned).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalEngine } from '../../../electron/services/local-engine/engine'
import type { LocalEngine } from '../../../electron/services/local-engine/types'
import {
  fixtureDoc,
  generatedDoc,
  IOU_MIN,
  markdownTable,
  runDoc,
  totals,
  type DocResult,
} from '../../support/engine-accuracy'
import type { GenerateOptions } from '../../support/doc-generator'

const FIXTURES = ['d01-utopia-passport', 'd02-ita-id', 'd05-mex-passport-turned']
const GENERATED: GenerateOptions[] = [
  { kind: 'td3', seed: 901, skewDeg: -5, blur: 1, quality: 60 },
  { kind: 'td3', seed: 902, skewDeg: 3, blur: 0.8, quality: 60, turn: 90 },
  { kind: 'td1', seed: 903, skewDeg: 4, blur: 1.1, quality: 60, turn: 180 },
  { kind: 'dl', seed: 904, skewDeg: -2, blur: 1, quality: 60 },
]

describe('local engine accuracy (fixtures and generated photographed-style documents)', () => {
  let engine: LocalEngine
  const results: DocResult[] = []

  beforeAll(async () => {
    engine = createLocalEngine({ logger: { info: () => {}, warn: () => {}, error: () => {} } })
    for (const id of FIXTURES) results.push(await runDoc(engine, fixtureDoc(id)))
    for (const o of GENERATED) results.push(await runDoc(engine, await generatedDoc(o)))
  }, 240_000)

  afterAll(async () => {
    await engine?.dispose()
  })

  it('reads every document without an error', () => {
    expect(results.filter((r) => r.error).map((r) => `${r.id}: ${r.error}`)).toEqual([])
  })

  it('reads the MRZ with all check digits valid on every passport and TD1 card', () => {
    const t = totals(results)
    expect(t.mrzDocs).toBe(results.filter((r) => r.hasMrz).length)
    expect(t.mrzDocs).toBeGreaterThanOrEqual(6)
    expect(t.pass.mrzAllValid, markdownTable(results)).toBe(true)
  })

  it('gets number, birth and expiry right on at least 90 % of the documents with an MRZ', () => {
    expect(totals(results).pass.nbeAtLeast90, markdownTable(results)).toBe(true)
  })

  it(`returns quads that overlap their truth (IoU ≥ ${IOU_MIN}) wherever a field is found`, () => {
    const t = totals(results)
    // Something must be boxed, or "every quad overlaps" would hold vacuously.
    expect(t.quadsReturned).toBeGreaterThanOrEqual(results.length * 3)
    expect(t.pass.quadsAllOverlap, markdownTable(results)).toBe(true)
  })
})
