// The JSON export: every case at full fidelity (values as written, OCR readings, scores, quads, the audit trail),
// no masking and no neutralising (JSON is data, not a spreadsheet). Quads are in pixels of the stored upright image
// at full resolution, in the API's point order, as the Case stores them. Pure: the audit comes from the caller.
import type { Check } from '../../../shared/checks/types'
import type { Case, Field, Point } from '../../../shared/model'
import { isCorrected, isoUtc } from './csv'

export const EXPORT_FORMAT = 'recto-export'
export const EXPORT_VERSION = 1

export type ExportedField = {
  key: string
  side: Field['side']
  value: string
  ocrValue: string
  score: number | null
  accepted: boolean | null
  corrected: boolean
  verified: boolean
  quad: Point[] | null
  quadSource: Field['quadSource']
}

/** A document check as exported (the full check, with values and fix, stays in the case store). */
export type ExportedCheck = Pick<Check, 'id' | 'status' | 'fields' | 'message' | 'expected'>

export type ExportedCase = {
  id: string
  name: string
  frontFile: string
  backFile: string | null
  issuingCountry: string | null
  idType: string | null
  documentType: string | null
  provider: string | null
  transactionId: string | null
  status: Case['status']
  createdAt: string
  updatedAt: string
  decision: string | null
  decisionReason: string | null
  decisionNote: string | null
  reviewer: string | null
  decidedAt: string | null
  /** "Approve with failed checks": the checks overridden and the reviewer's reason; null otherwise. */
  checksOverride: { checks: string[]; reason: string } | null
  /** The document checks as last run (null: never checked); the day they used is in checksDay. */
  checks: ExportedCheck[] | null
  checksDay: string | null
  /** Size of the stored upright images the quads refer to. */
  images: { front: { width: number; height: number }; back: { width: number; height: number } | null }
  fields: ExportedField[]
  audit: unknown[]
}

export type ExportDocument = {
  format: typeof EXPORT_FORMAT
  version: typeof EXPORT_VERSION
  exportedAt: string
  cases: ExportedCase[]
}

export function exportField(f: Field): ExportedField {
  return {
    key: f.key,
    side: f.side,
    value: f.value,
    ocrValue: f.ocrValue,
    score: f.score,
    accepted: f.accepted,
    corrected: isCorrected(f),
    verified: f.verified,
    quad: f.quad ? f.quad.map((p) => ({ x: p.x, y: p.y })) : null,
    quadSource: f.quadSource,
  }
}

export function exportCase(c: Case, audit: unknown[]): ExportedCase {
  const d = c.decision
  return {
    id: c.id,
    name: c.name,
    frontFile: c.front.originalName,
    backFile: c.back?.originalName ?? null,
    issuingCountry: c.issuingCountry,
    idType: c.idType,
    documentType: c.documentType,
    provider: c.provider,
    transactionId: c.transactionId,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    decision: d?.kind ?? null,
    decisionReason: d?.reason ?? null,
    decisionNote: d ? d.note : null,
    reviewer: d?.reviewer ?? null,
    decidedAt: d ? isoUtc(d.at) : null,
    checksOverride: d?.checksOverride ?? null,
    checks: c.checks
      ? c.checks.checks.map((x) => ({
          id: x.id,
          status: x.status,
          fields: [...x.fields],
          message: x.message,
          expected: x.expected,
        }))
      : null,
    checksDay: c.checks?.options.today ?? null,
    images: {
      front: { width: c.front.width, height: c.front.height },
      back: c.back ? { width: c.back.width, height: c.back.height } : null,
    },
    fields: c.fields.map(exportField),
    audit,
  }
}

/** The export document; `audit(caseId)` gives a case's audit entries, `now` the export time (ISO 8601). */
export function buildExportDocument(
  cases: readonly Case[],
  audit: (caseId: string) => unknown[],
  now: string,
): ExportDocument {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: isoUtc(now),
    cases: cases.map((c) => exportCase(c, audit(c.id))),
  }
}

/** The JSON text of the export: compact (10,000 cases indented would be over 100 MB), ending with a newline. */
export function buildJson(cases: readonly Case[], audit: (caseId: string) => unknown[], now: string): string {
  return JSON.stringify(buildExportDocument(cases, audit, now)) + '\n'
}
