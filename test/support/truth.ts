// Reads a fixture document's ground truth (test/fixtures/documents/<id>.truth.json).
import { readFileSync } from 'node:fs'
import { fixturePath } from './paths'

export type TruthPoint = { x: number; y: number }
export type TruthField = {
  responseKey: string
  truth: string
  ocr: string
  score: number
  origQuad: TruthPoint[]
}
export type TruthSide = {
  file: string
  width: number
  height: number
  exifOrientation: number
  fields: Record<string, TruthField>
}
export type Truth = {
  id: string
  idType: string
  issuingCountry: string
  sides: { front: TruthSide; back?: TruthSide }
}

export function loadTruth(id: string): Truth {
  return JSON.parse(readFileSync(fixturePath(`${id}.truth.json`), 'utf8')) as Truth
}

/** Every field of the document with the side it is on. */
export function truthFields(t: Truth): (TruthField & { side: 'front' | 'back' })[] {
  return (['front', 'back'] as const).flatMap((side) =>
    Object.values(t.sides[side]?.fields ?? {}).map((f) => ({ ...f, side })),
  )
}
