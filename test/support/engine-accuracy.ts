// Accuracy of the local recognition engine (issue 15's acceptance) against ground truth: the project's fixtures
// (test/fixtures/documents/*.truth.json) and photographed-style documents from the generator. Shared by
// scripts/engine-accuracy.ts (prints the table) and test/unit/integration/local-engine-accuracy.test.ts (asserts
// the thresholds on a smaller set). The engine is passed in, so nothing here starts tesseract.
import { readFileSync } from 'node:fs'
import { parse } from 'mrz'
import type { LocalEngine, LocalRecognition } from '../../electron/services/local-engine/types'
import { generateDocument, type GenerateOptions } from './doc-generator'
import { SAMPLE_SPECS } from './doc-generator/samples'
import { fixturePath } from './paths'
import { quadIoU, type Pt } from './quad-iou'
import { loadTruth } from './truth'

type Quad = Pt[]

export type TruthSideX = {
  image: Uint8Array
  /** Response key (back side: `back_…`) → the acceptable quads of the field on this side. */
  quads: Record<string, Quad[]>
}

export type AccuracyDoc = {
  id: string
  /** Short description for the table: kind and how it was shot. */
  label: string
  /** A passport or TD1 card: its MRZ must read valid. */
  hasMrz: boolean
  values: { number: string; birth: string; expiry: string }
  sides: { front: TruthSideX; back: TruthSideX | null }
}

const MRZ_KEYS: Record<string, string> = {
  documentNumber: 'number',
  birthDate: 'birth',
  expirationDate: 'expire_date',
  sex: 'gender',
  nationality: 'nationality',
  lastName: 'name',
}

/** The part of a (monospace) MRZ line quad covering characters [start, end) of n, by interpolation. */
function subQuad(line: Quad, start: number, end: number, n: number): Quad {
  const [tl, tr, br, bl] = line as [Pt, Pt, Pt, Pt]
  const at = (a: Pt, b: Pt, t: number): Pt => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t })
  return [at(tl, tr, start / n), at(tl, tr, end / n), at(bl, br, end / n), at(bl, br, start / n)]
}

/** The fixtures' truth: printed quads, plus each MRZ field's share of its MRZ line quad (an engine may box it there). */
export function fixtureDoc(id: string): AccuracyDoc {
  const t = loadTruth(id)
  const raw = JSON.parse(readFileSync(fixturePath(`${id}.truth.json`), 'utf8')) as { mrz?: string[] }
  const sideOf = (name: 'front' | 'back'): TruthSideX | null => {
    const s = t.sides[name]
    if (!s) return null
    const quads: Record<string, Quad[]> = {}
    for (const f of Object.values(s.fields)) (quads[f.responseKey] ??= []).push(f.origQuad)
    if (raw.mrz) {
      const prefix = name === 'back' ? 'back_' : ''
      const lineQuads = raw.mrz.map((_, i) => s.fields[`mrz_line${i + 1}`]?.origQuad)
      if (lineQuads.every(Boolean)) {
        for (const d of parse(raw.mrz).details) {
          const key = d.field ? MRZ_KEYS[d.field] : undefined
          if (!key || d.start === d.end) continue
          const q = subQuad(lineQuads[d.line]!, d.start, d.end, raw.mrz[d.line]!.length)
          // The engine may name an MRZ field either way on the side that carries the MRZ.
          for (const k of new Set([key, prefix + key])) (quads[k] ??= []).push(q)
        }
      }
    }
    return { image: readFileSync(fixturePath(s.file)), quads }
  }
  const fields = Object.values(t.sides.front.fields).concat(Object.values(t.sides.back?.fields ?? {}))
  const value = (key: string) => fields.find((f) => f.responseKey === key)?.truth ?? ''
  return {
    id,
    label: `fixture ${t.idType}`,
    hasMrz: Boolean(raw.mrz),
    values: { number: value('number'), birth: value('birth'), expiry: value('expire_date') },
    sides: { front: sideOf('front')!, back: sideOf('back') },
  }
}

export const FIXTURE_IDS = [
  'd01-utopia-passport',
  'd02-ita-id',
  'd03-can-dl',
  'd04-jpn-residence',
  'd05-mex-passport-turned',
] as const

export async function generatedDoc(o: GenerateOptions): Promise<AccuracyDoc> {
  const d = await generateDocument(o)
  const sideOf = (name: 'front' | 'back'): TruthSideX | null => {
    const s = d.sides[name]
    if (!s) return null
    const prefix = name === 'back' ? 'back_' : ''
    const quads: Record<string, Quad[]> = {}
    for (const [k, f] of Object.entries(s.fields)) (quads[k] ??= []).push(f.quad)
    for (const [k, f] of Object.entries(s.mrzFields))
      for (const key of new Set([k, prefix + k])) (quads[key] ??= []).push(f.quad)
    return { image: s.jpeg, quads }
  }
  const f = d.sides.front.fields
  const shot = [
    `${o.skewDeg ?? 0}°`,
    o.blur ? `blur ${o.blur}` : '',
    `q${o.quality ?? 90}`,
    o.turn ? `turned ${o.turn}` : '',
  ].filter(Boolean)
  return {
    id: d.id,
    label: `${o.kind} ${shot.join(', ')}`,
    hasMrz: d.mrz !== null,
    values: { number: f.number!.value, birth: f.birth!.value, expiry: f.expire_date!.value },
    sides: { front: sideOf('front')!, back: sideOf('back') },
  }
}

/** ≥ 12 photographed-style documents: passports and TD1 cards skewed −6…+6°, blurred, q60, some turned; licences. */
export const GENERATED_SET: readonly GenerateOptions[] = [
  { kind: 'td3', seed: 101, skewDeg: -6, blur: 1.0, quality: 60 },
  { kind: 'td3', seed: 102, skewDeg: -3.5, blur: 0.8, quality: 60, turn: 90 },
  { kind: 'td3', seed: 103, skewDeg: -1, blur: 1.2, quality: 60 },
  { kind: 'td3', seed: 104, skewDeg: 2.5, blur: 1.0, quality: 60, turn: 180 },
  { kind: 'td3', seed: 105, skewDeg: 4, blur: 0.9, quality: 60 },
  { kind: 'td3', seed: 106, skewDeg: 6, blur: 1.1, quality: 60, turn: 270 },
  { kind: 'td1', seed: 201, skewDeg: -5, blur: 1.0, quality: 60 },
  { kind: 'td1', seed: 202, skewDeg: -2, blur: 1.2, quality: 60, turn: 90 },
  { kind: 'td1', seed: 203, skewDeg: 3, blur: 0.8, quality: 60, turn: 180 },
  { kind: 'td1', seed: 204, skewDeg: 5.5, blur: 1.0, quality: 60 },
  { kind: 'dl', seed: 301, skewDeg: -4, blur: 1.0, quality: 60 },
  { kind: 'dl', seed: 302, skewDeg: 3, blur: 0.9, quality: 60, turn: 90 },
]

/**
 * Held out: never looked at while the engine was tuned (`npm run accuracy -- --held-out`). Other seeds, the same
 * ranges; what it says is what the engine does on documents it was not fitted to.
 */
export const HELD_OUT_SET: readonly GenerateOptions[] = [
  { kind: 'td3', seed: 501, skewDeg: 5, blur: 1.0, quality: 60 },
  { kind: 'td3', seed: 502, skewDeg: -4.5, blur: 1.1, quality: 60, turn: 90 },
  { kind: 'td3', seed: 503, skewDeg: 1.5, blur: 0.8, quality: 60, turn: 180 },
  { kind: 'td3', seed: 504, skewDeg: -6, blur: 1.2, quality: 60, turn: 270 },
  { kind: 'td3', seed: 505, skewDeg: 3, blur: 0.9, quality: 60 },
  { kind: 'td1', seed: 601, skewDeg: 4.5, blur: 1.0, quality: 60 },
  { kind: 'td1', seed: 602, skewDeg: -3, blur: 0.9, quality: 60, turn: 180 },
  { kind: 'td1', seed: 603, skewDeg: 6, blur: 1.1, quality: 60, turn: 90 },
  { kind: 'td1', seed: 604, skewDeg: -5.5, blur: 1.2, quality: 60 },
  { kind: 'td1', seed: 605, skewDeg: 0.5, blur: 0.8, quality: 60, turn: 270 },
  { kind: 'dl', seed: 701, skewDeg: 5, blur: 1.0, quality: 60 },
  { kind: 'dl', seed: 702, skewDeg: -2.5, blur: 1.1, quality: 60, turn: 180 },
]

/**
 * A second held-out set (`npm run accuracy -- --fresh`), added when gen-td3-501 of the first had been looked at and
 * fixed (its MRZ filler read with L): that set no longer measures documents the engine was not fitted to.
 */
export const FRESH_SET: readonly GenerateOptions[] = [
  { kind: 'td3', seed: 801, skewDeg: -5.5, blur: 1.0, quality: 60 },
  { kind: 'td3', seed: 802, skewDeg: 2, blur: 1.2, quality: 60, turn: 90 },
  { kind: 'td3', seed: 803, skewDeg: 6, blur: 0.9, quality: 60, turn: 180 },
  { kind: 'td3', seed: 804, skewDeg: -2.5, blur: 1.1, quality: 60 },
  { kind: 'td3', seed: 805, skewDeg: 4.5, blur: 0.8, quality: 60, turn: 270 },
  { kind: 'td1', seed: 901, skewDeg: -4, blur: 1.0, quality: 60 },
  { kind: 'td1', seed: 902, skewDeg: 5, blur: 1.2, quality: 60, turn: 90 },
  { kind: 'td1', seed: 903, skewDeg: -6, blur: 0.9, quality: 60, turn: 180 },
  { kind: 'td1', seed: 904, skewDeg: 1, blur: 1.1, quality: 60 },
  { kind: 'td1', seed: 905, skewDeg: 3.5, blur: 1.0, quality: 60, turn: 270 },
  { kind: 'dl', seed: 951, skewDeg: -3, blur: 1.0, quality: 60 },
  { kind: 'dl', seed: 952, skewDeg: 4, blur: 0.9, quality: 60, turn: 90 },
]

/** The documents shipped as resources/samples/ (the same generator options, so the same images). */
export const SAMPLE_SET: readonly GenerateOptions[] = SAMPLE_SPECS.map((s) => s.options)

const digits = (s: string) => s.replace(/\D/g, '')
const alnum = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '')

/** A date is right when its digits are the truth's (YYYYMMDD), or its YYMMDD as the MRZ writes it. */
function sameDate(read: string | undefined, truth: string): boolean {
  if (!read) return false
  const r = digits(read)
  const t = digits(truth)
  return r === t || (r.length === 6 && r === t.slice(2))
}

function readValue(rec: LocalRecognition, key: string): string | undefined {
  return rec.raw[key]?.value ?? rec.raw[`back_${key}`]?.value
}

export type QuadScore = { key: string; side: 'front' | 'back'; iou: number }

export type DocResult = {
  id: string
  label: string
  hasMrz: boolean
  mrzValid: boolean | null
  mrzRepairs: number
  number: boolean
  birth: boolean
  expiry: boolean
  /** Returned quads that have a truth on their side, with their best IoU. */
  quads: QuadScore[]
  /** Returned quads with no truth to compare to (a field the truth does not list, or on another side). */
  unscoredQuads: string[]
  ms: number
  error?: string
}

const toQuad = (b: NonNullable<LocalRecognition['raw'][string]['original_coordinates']>): Quad => [
  b.first,
  b.second,
  b.third,
  b.fourth,
]

function safeIoU(a: Quad, b: Quad): number {
  try {
    return quadIoU(a, b)
  } catch {
    // A bow-tie or flat quad from the engine overlaps nothing usefully.
    return 0
  }
}

export function scoreRecognition(doc: AccuracyDoc, rec: LocalRecognition, ms: number): DocResult {
  const quads: QuadScore[] = []
  const unscoredQuads: string[] = []
  for (const [key, f] of Object.entries(rec.raw)) {
    if (!f.original_coordinates) continue
    const side = doc.sides[f.side]
    const candidates = side?.quads[key] ?? []
    if (candidates.length === 0) {
      unscoredQuads.push(`${f.side}:${key}`)
      continue
    }
    const q = toQuad(f.original_coordinates)
    quads.push({ key, side: f.side, iou: Math.max(...candidates.map((c) => safeIoU(q, c))) })
  }
  return {
    id: doc.id,
    label: doc.label,
    hasMrz: doc.hasMrz,
    mrzValid: doc.hasMrz ? (rec.mrz?.valid ?? false) : rec.mrz ? rec.mrz.valid : null,
    mrzRepairs: rec.mrz?.repairs.length ?? 0,
    number: alnum(readValue(rec, 'number') ?? '') === alnum(doc.values.number) && doc.values.number !== '',
    birth: sameDate(readValue(rec, 'birth'), doc.values.birth),
    expiry: sameDate(readValue(rec, 'expire_date'), doc.values.expiry),
    quads,
    unscoredQuads,
    ms,
  }
}

export async function runDoc(engine: LocalEngine, doc: AccuracyDoc): Promise<DocResult> {
  const started = performance.now()
  try {
    const rec = await engine.recognize(
      { front: doc.sides.front.image, back: doc.sides.back?.image ?? null },
      new AbortController().signal,
    )
    return scoreRecognition(doc, rec, Math.round(performance.now() - started))
  } catch (error) {
    return {
      id: doc.id,
      label: doc.label,
      hasMrz: doc.hasMrz,
      mrzValid: doc.hasMrz ? false : null,
      mrzRepairs: 0,
      number: false,
      birth: false,
      expiry: false,
      quads: [],
      unscoredQuads: [],
      ms: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    }
  }
}

export const IOU_MIN = 0.5

export type Totals = {
  mrzDocs: number
  mrzValid: number
  nbeRight: number
  quadsReturned: number
  quadsOk: number
  /** The issue's acceptance, each part. */
  pass: { mrzAllValid: boolean; nbeAtLeast90: boolean; quadsAllOverlap: boolean }
}

export function totals(results: readonly DocResult[]): Totals {
  const withMrz = results.filter((r) => r.hasMrz)
  const mrzValid = withMrz.filter((r) => r.mrzValid).length
  const nbeRight = withMrz.filter((r) => r.number && r.birth && r.expiry).length
  const all = results.flatMap((r) => r.quads)
  const quadsOk = all.filter((q) => q.iou >= IOU_MIN).length
  return {
    mrzDocs: withMrz.length,
    mrzValid,
    nbeRight,
    quadsReturned: all.length,
    quadsOk,
    pass: {
      mrzAllValid: withMrz.length > 0 && mrzValid === withMrz.length,
      nbeAtLeast90: withMrz.length > 0 && nbeRight / withMrz.length >= 0.9,
      quadsAllOverlap: all.length > 0 && quadsOk === all.length,
    },
  }
}

const yn = (b: boolean) => (b ? 'yes' : 'no')
const pct = (a: number, b: number) => (b === 0 ? '—' : `${Math.round((100 * a) / b)} %`)

/** The markdown table: one row per document, then the totals the issue's acceptance asks for. */
export function markdownTable(results: readonly DocResult[]): string {
  const rows = [
    '| Document | Shot | MRZ valid | Number | Birth | Expiry | Quads IoU ≥ 0.5 / returned | Time |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map((r) => {
      const ok = r.quads.filter((q) => q.iou >= IOU_MIN).length
      const mrz =
        r.mrzValid === null ? '—' : `${yn(r.mrzValid)}${r.mrzRepairs ? ` (${r.mrzRepairs} repaired)` : ''}`
      return `| ${r.id} | ${r.label} | ${mrz} | ${yn(r.number)} | ${yn(r.birth)} | ${yn(r.expiry)} | ${ok} / ${r.quads.length} | ${(r.ms / 1000).toFixed(1)} s${r.error ? ` — error: ${r.error}` : ''} |`
    }),
  ]
  const t = totals(results)
  const lines = [
    ...rows,
    '',
    `- MRZ valid on passports and TD1 cards: ${t.mrzValid} / ${t.mrzDocs} (${t.pass.mrzAllValid ? 'PASS' : 'FAIL'}: all)`,
    `- Number, birth and expiry right on documents with an MRZ: ${t.nbeRight} / ${t.mrzDocs} = ${pct(t.nbeRight, t.mrzDocs)} (${t.pass.nbeAtLeast90 ? 'PASS' : 'FAIL'}: ≥ 90 %)`,
    `- Returned quads overlapping their truth (IoU ≥ ${IOU_MIN}): ${t.quadsOk} / ${t.quadsReturned} (${t.pass.quadsAllOverlap ? 'PASS' : 'FAIL'}: all)`,
  ]
  const low = results.flatMap((r) =>
    r.quads.filter((q) => q.iou < IOU_MIN).map((q) => `${r.id} ${q.side}:${q.key} IoU ${q.iou.toFixed(2)}`),
  )
  if (low.length) lines.push(`- Quads under ${IOU_MIN}: ${low.join('; ')}`)
  const unscored = results.flatMap((r) => r.unscoredQuads.map((k) => `${r.id} ${k}`))
  if (unscored.length)
    lines.push(`- Returned quads with no truth to compare (not counted): ${unscored.join('; ')}`)
  return lines.join('\n')
}
