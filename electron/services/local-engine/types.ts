// The local recognition engine's contract (issue 15): what the review service asks of it and what it answers.
// The answer is an ARGOS-shaped raw map (the same keys, `original_coordinates` quads, `back_` on the back), so
// fieldsFromRaw() places its boxes and everything after recognition (checks, edits, audit, export) needs nothing
// new. Nothing here imports tesseract or sharp: tests of the services use a fake engine.
import type { IdType } from '../../../shared/primitives'
import type { ApiBox } from '../argos/argos-schema'

export type LocalRawField = {
  value: string
  /** 0–100, from the recogniser's confidence. */
  score: number
  /** In the stored (upright) image's pixels. Absent when the value has no place on the image. */
  original_coordinates?: ApiBox
  side: 'front' | 'back'
}

/** One repair of a look-alike character guided by a check digit (issue 15: the unrepaired read is kept). */
export type MrzRepair = {
  /** 1-based MRZ line and character position, as a reviewer counts them. */
  line: number
  position: number
  from: string
  to: string
}

export type LocalSideReport = {
  /** Clockwise turn found and undone before reading (0 when the scan was upright). */
  turned: 0 | 90 | 180 | 270
  /** Skew estimated from the recogniser's baselines, in degrees (positive: counter-clockwise text). */
  skewDeg: number
}

export type LocalRecognition = {
  /** Keys as ARGOS names them: name, given_name, number, birth, expire_date, gender, nationality, mrz_line1..3,
   * address, issue_date, authority…; back-side keys prefixed `back_`. */
  raw: Record<string, LocalRawField>
  /** Text kept for reference (e.g. `mrz`: the MRZ lines as read before repair, joined by newlines). */
  ocr: Record<string, string>
  /** 'passport', 'id_card'… as the MRZ's document code says; null without an MRZ. */
  documentType: string | null
  /** The issuing state and ID type the MRZ says (pre-fill the case's country and type); null without an MRZ. */
  mrz: { issuingCountry: string; idType: IdType; valid: boolean; repairs: MrzRepair[] } | null
  sides: { front: LocalSideReport; back: LocalSideReport | null }
}

export type LocalEngineInput = {
  /** The stored images' bytes (upright, as the case store keeps them). */
  front: Uint8Array
  back: Uint8Array | null
}

export interface LocalEngine {
  /** Rejects with an AbortError when `signal` aborts (the work in flight is stopped, not left running). */
  recognize(input: LocalEngineInput, signal: AbortSignal): Promise<LocalRecognition>
  /** Loads the recogniser ahead of the first document (optional; recognize() starts it when needed). */
  warm(): Promise<void>
  dispose(): Promise<void>
}
