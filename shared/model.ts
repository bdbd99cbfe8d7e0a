// The review model shared by the main process and the renderer. Pure: zod only.
import { z } from 'zod'
import { AuditHeadSchema } from './audit'
import type { ExportSettings } from './export-options'
import { caseTitle, expiryOf } from './case-title'
import type { PolicyView } from './policy'
import { BarcodeReadSchema, CheckRunSchema, ProviderVerificationSchema, failingChecks } from './checks/types'

export const SCHEMA_VERSION = 1

export { ID_TYPES, IdTypeSchema, CountryCodeSchema, SideSchema, type IdType, type Side } from './primitives'
import { IdTypeSchema, CountryCodeSchema, SideSchema } from './primitives'

export const PointSchema = z.object({ x: z.number().finite(), y: z.number().finite() })
export type Point = z.infer<typeof PointSchema>
/** Four points in the API's order (first, second, third, fourth), in pixels of the stored upright image. */
export const QuadSchema = z.tuple([PointSchema, PointSchema, PointSchema, PointSchema])
export type Quad = z.infer<typeof QuadSchema>

export const QuadSourceSchema = z.enum(['original', 'mapped', 'drawn', 'none'])
export type QuadSource = z.infer<typeof QuadSourceSchema>

/** Keys as the API names them (`name`, `name_chn`, `back_address`); a reviewer-drawn field follows the same rule. */
export const FIELD_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,99}$/

export const FieldSchema = z.object({
  key: z.string().min(1).max(100),
  side: SideSchema,
  value: z.string(),
  ocrValue: z.string(),
  score: z.number().nullable(),
  accepted: z.boolean().nullable(),
  quad: QuadSchema.nullable(),
  quadSource: QuadSourceSchema,
  verified: z.boolean(),
})
export type Field = z.infer<typeof FieldSchema>

export const ImageRefSchema = z.object({
  /** File name inside the case folder. */
  file: z.string().regex(/^[a-z]+\.(jpg|png)$/),
  /** The name the reviewer dropped. */
  originalName: z.string(),
  mime: z.enum(['image/jpeg', 'image/png']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
  /**
   * A display-size copy made at import when the long side is over 2560 px (see electron/services/images/previews.ts);
   * null when the stored image is shown as is. Cases saved before previews existed load with null.
   */
  preview: z
    .object({
      file: z.string().regex(/^[a-z]+-preview\.(jpg|png)$/),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
    })
    .nullable()
    .default(null),
})
export type ImageRef = z.infer<typeof ImageRefSchema>

/** The recognition state machine: new → queued → sending → recognised | failed (persisted with the case). */
/** One recorded edit of a field: who, when, the field before and after (null = absent: added or deleted). */
export const FieldEditSchema = z.object({
  at: z.string(),
  /** The display name from Settings at the time: a label. */
  reviewer: z.string(),
  /** The operating-system account that made the edit (absent in cases saved before accounts were kept). */
  account: z.string().optional(),
  key: z.string(),
  kind: z.enum(['value', 'quad', 'side', 'verified', 'add', 'delete', 'other']),
  before: FieldSchema.nullable(),
  after: FieldSchema.nullable(),
})
export type FieldEdit = z.infer<typeof FieldEditSchema>

/** A reviewer's decision on a case. "second_review" hands it to another reviewer (four-eyes). */
export const DECISION_KINDS = ['approved', 'rejected', 'second_review'] as const
export const DecisionKindSchema = z.enum(DECISION_KINDS)
export type DecisionKind = z.infer<typeof DecisionKindSchema>

/** Why a case was rejected: a fixed list (for reporting), plus a free note. */
export const REJECT_REASONS = [
  'Document expired',
  'Image unreadable or incomplete',
  'Suspected tampering or forgery',
  'Data does not match the document',
  'Document type not accepted',
  'Duplicate submission',
  'Other',
] as const
export const RejectReasonSchema = z.enum(REJECT_REASONS)
export type RejectReason = z.infer<typeof RejectReasonSchema>

export const DecisionSchema = z.object({
  kind: DecisionKindSchema,
  /** Set for "rejected" (one of REJECT_REASONS); null otherwise. */
  reason: RejectReasonSchema.nullable(),
  note: z.string().max(2000),
  /** The display name from Settings at the time: a label. */
  reviewer: z.string(),
  /** The operating-system account that decided: what four-eyes compares (absent in decisions from before). */
  account: z.string().optional(),
  at: z.string(),
  /**
   * Set when the reviewer approved (or, with four-eyes, asked to approve) while checks failed: the failing check ids
   * and the reviewer's written reason. Also an audit event of its own ("checks_overridden").
   */
  checksOverride: z
    .object({ checks: z.array(z.string()), reason: z.string().max(2000) })
    .nullable()
    .default(null),
})
export type Decision = z.infer<typeof DecisionSchema>

/**
 * "interrupted": a request left for ARGOS (the case has a send marker) and no answer was saved, either because
 * Recto stopped meanwhile or because the connection failed after the body may have arrived. ARGOS may have
 * processed and billed it, so it is never resent without the reviewer (or the auto-resend setting) asking.
 */
export const CaseStatusSchema = z.enum(['new', 'queued', 'sending', 'recognised', 'failed', 'interrupted'])
export type CaseStatus = z.infer<typeof CaseStatusSchema>

/**
 * Saved (with status "sending") before any byte of a request leaves, and cleared in the write that saves the
 * result or the failure: a case found at start with a marker and no result may have been billed (see
 * recognition-runner.ts). Local only: the ARGOS API has no idempotency key to send the attempt id with.
 */
export const SendMarkerSchema = z.object({
  /** Random, one per request sent (retries inside one request keep it). */
  attemptId: z.string().regex(/^[0-9a-f]{8,64}$/),
  /** When the request was about to leave (ISO 8601). */
  at: z.string(),
})
export type SendMarker = z.infer<typeof SendMarkerSchema>

export const CaseErrorSchema = z.object({
  title: z.string(),
  message: z.string(),
  action: z.string(),
  httpStatus: z.number().nullable(),
  errorCode: z.string().nullable(),
})
export type CaseError = z.infer<typeof CaseErrorSchema>

/** Who reads a document: ARGOS (the cloud service) or the local engine on this computer (issue 15). */
export const ENGINES = ['argos', 'local'] as const
export const EngineSchema = z.enum(ENGINES)
export type Engine = z.infer<typeof EngineSchema>

/** One look-alike character the local engine repaired in the MRZ, guided by a check digit (1-based, as read). */
export const MrzRepairSchema = z.object({
  line: z.number().int().positive(),
  position: z.number().int().positive(),
  from: z.string().max(4),
  to: z.string().max(4),
})
export type MrzRepair = z.infer<typeof MrzRepairSchema>

export const CaseSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z.string().regex(/^[a-z0-9-]{8,64}$/),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  front: ImageRefSchema,
  back: ImageRefSchema.nullable(),
  issuingCountry: CountryCodeSchema.nullable(),
  idType: IdTypeSchema.nullable(),
  status: CaseStatusSchema,
  /** Who read the fields the case holds (the latest recognition saved); null before any. */
  provider: EngineSchema.nullable(),
  transactionId: z.string().nullable(),
  documentType: z.string().nullable(),
  error: CaseErrorSchema.nullable(),
  /** The request in flight, or the one interrupted (status "interrupted"); null or absent otherwise. */
  sendMarker: SendMarkerSchema.nullable().optional(),
  /**
   * The engine of the recognition in progress (status "sending"); null or absent otherwise, and in cases saved
   * before issue 15 (those were ARGOS's). A case found "sending" at start on the local engine sent nothing
   * anywhere, so it is resumed rather than shown as Interrupted (review-service.ts, resume).
   */
  runningOn: EngineSchema.nullable().optional(),
  fields: z.array(FieldSchema),
  /** `result.data.ocr` as returned, kept for reference (strings only). */
  ocr: z.record(z.string(), z.string()),
  /** What else the provider said about the document (kept, shown, exported later). */
  recognition: z
    .object({
      shape: z.enum(['A', 'B']),
      rotate: z.string().nullable(),
      reviewFront: z.boolean().nullable(),
      reviewBack: z.boolean().nullable(),
      /** Sent width / stored width per side (1 = sent as stored); returned boxes were divided by it. */
      uploadScale: z.object({ front: z.number().positive(), back: z.number().positive().nullable() }),
      attempts: z.number().int().nonnegative(),
      recognisedAt: z.string(),
      /** The country and type this recognition was sent with (what country.match / type.match compare). */
      sent: z.object({ issuingCountry: CountryCodeSchema, idType: IdTypeSchema }).nullable().default(null),
      /** The provider's own verdict (shape B `verificationStatus`), when the answer carried one. */
      verification: ProviderVerificationSchema.nullable().default(null),
      /**
       * The local engine's MRZ: whether every check digit passed, and the look-alike characters it repaired (the
       * unrepaired read is in `ocr.mrz`). Absent for ARGOS and for a document without an MRZ.
       */
      mrz: z
        .object({ valid: z.boolean(), repairs: z.array(MrzRepairSchema) })
        .nullable()
        .optional(),
    })
    .nullable()
    .default(null),
  /** An unexpected provider answer, kept for support (no key, no image). */
  supportBody: z.string().nullable().default(null),
  /** Every reviewer edit of a field, oldest first (appended; a burst of typing in one field is one entry). */
  history: z.array(FieldEditSchema).default([]),
  /** The latest decision; null while undecided. Every decision is also in the audit log. */
  decision: DecisionSchema.nullable().default(null),
  /** When the case was last written to an export (CSV, JSON or audit CSV); null before. Retention counts from it. */
  exportedAt: z.string().nullable().default(null),
  /** The audit log's head when the case was last saved (see electron/services/cases/case-audit.ts); null before. */
  auditHead: AuditHeadSchema.nullable().default(null),
  /** SHA-256 (hex) of the bytes the reviewer imported, per side: finds duplicate submissions. */
  contentHash: z
    .object({
      front: z.string().regex(/^[0-9a-f]{64}$/),
      back: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .nullable(),
    })
    .nullable()
    .default(null),
  /**
   * The document checks as last run by the main process (on recognition and on every change; see
   * electron/services/cases/checks-runner.ts); null for a case never checked (imported, or saved before checks).
   */
  checks: CheckRunSchema.nullable().default(null),
  /** The PDF417 barcode read on the back at recognition (US/Canadian driving licences); null when not looked for. */
  barcode: BarcodeReadSchema.nullable().default(null),
})
export type Case = z.infer<typeof CaseSchema>

/** What the queue shows: the recognition state until a reviewer works on the case, then the review state. */
export const QUEUE_STATUSES = [
  'new',
  'queued',
  'sending',
  'recognised',
  'in_review',
  'second_review',
  'approved',
  'rejected',
  'failed',
  'interrupted',
] as const
export type QueueStatus = (typeof QUEUE_STATUSES)[number]

export function queueStatus(c: Pick<Case, 'status' | 'decision' | 'history'>): QueueStatus {
  if (c.decision) return c.decision.kind
  if (c.status === 'recognised' && c.history.length > 0) return 'in_review'
  return c.status
}

/** Field keys that carry the document number, in order of preference (search and masking use them). */
export const DOCUMENT_NUMBER_KEYS = [
  'number',
  'document_number',
  'passport_number',
  'license_number',
  'id_number',
]

export type CaseSummary = Pick<
  Case,
  'id' | 'name' | 'status' | 'createdAt' | 'updatedAt' | 'issuingCountry' | 'idType'
> & {
  fieldCount: number
  lowestScore: number | null
  hasBack: boolean
  /** The failure's title when status is "failed" (or "interrupted"). */
  errorTitle: string | null
  queueStatus: QueueStatus
  /** The holder's name and the document number as read or corrected (for search); null when not recognised. */
  holderName: string | null
  documentNumber: string | null
  /** The files the reviewer imported. */
  frontFile: string
  backFile: string | null
  decidedBy: string | null
  /** SHA-256 of the imported bytes per side (duplicate check); null for cases imported before it was kept. */
  contentHash: Case['contentHash']
  /** How many document checks fail, and warn, as last run (0 when never checked). */
  checksFailed: number
  checksWarned: number
  /** The human title (shared/case-title.ts), null until the fields name the holder or the document. */
  title: string | null
  /** The expiry date (ISO when it reads as a date), null when none was read. */
  expiry: string | null
  /**
   * Since when retention counts for this case: the later of its decision and its last export, or null while it
   * has neither (an undecided, unexported case is never deleted by retention).
   */
  retainedSince: string | null
  /** Team workspace: the login holding the case (In review by …) while the claim lasts; null when none (always, locally). */
  claimedBy?: string | null
}

export function summarise(c: Case): CaseSummary {
  const scores = c.fields.map((f) => f.score).filter((s): s is number => s !== null)
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    issuingCountry: c.issuingCountry,
    idType: c.idType,
    fieldCount: c.fields.length,
    lowestScore: scores.length ? Math.min(...scores) : null,
    hasBack: c.back !== null,
    errorTitle: c.error?.title ?? null,
    queueStatus: queueStatus(c),
    holderName: fieldValue(c, ['name', 'full_name', 'surname']),
    documentNumber: fieldValue(c, DOCUMENT_NUMBER_KEYS),
    frontFile: c.front.originalName,
    backFile: c.back?.originalName ?? null,
    decidedBy: c.decision?.reviewer ?? null,
    contentHash: c.contentHash,
    checksFailed: failingChecks(c.checks).length,
    checksWarned: c.checks ? c.checks.checks.filter((x) => x.status === 'warn').length : 0,
    title: caseTitle(c),
    expiry: expiryOf(c),
    retainedSince: latest(c.decision?.at ?? null, c.exportedAt),
  }
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return a ?? b
  return Date.parse(a) >= Date.parse(b) ? a : b
}

function fieldValue(c: Pick<Case, 'fields'>, keys: readonly string[]): string | null {
  for (const k of keys) {
    const f = c.fields.find((x) => x.key === k && x.value.trim() !== '')
    if (f) return f.value
  }
  return null
}

/** What the renderer may know about settings: never the key itself. */
export type SettingsView = {
  argosBaseUrl: string
  reviewerName: string
  apiKeySet: boolean
  /** Where the key lives: encrypted on disk, in memory for this session only, or the environment. */
  apiKeyStorage: 'encrypted' | 'session' | 'environment' | 'none'
  /** True when the OS keychain (Electron safeStorage) can encrypt the key. */
  encryptionAvailable: boolean
  overriddenByEnvironment: { argosBaseUrl: boolean; apiKey: boolean }
  recognition: RecognitionSettings
  review: ReviewSettings
  export: ExportSettings
  /** The operating-system account at the keyboard: what decisions, audit entries and four-eyes go by. */
  account: string
  /**
   * The engine Recognize uses now: the admin policy's, else the reviewer's choice (recognition.engine), else
   * `local` while no API key is set and `argos` otherwise. `pinned`: set by the policy (a change is refused).
   */
  engine: { effective: Engine; pinned: boolean }
  /** The admin policy in force (shared/policy.ts). */
  policy: PolicyView
}

/** How the review desk judges fields and decisions (main-process settings, shown and edited in Settings). */
export const ReviewSettingsSchema = z.object({
  /** A field read with a score below this needs the reviewer's attention (box colour, N, the Approve guard). */
  attentionScore: z.number().int().min(0).max(100),
  /** Four-eyes: a reviewer who corrected a case cannot also approve it. */
  fourEyes: z.boolean(),
  /** holder.age warns when the holder is younger than this (years). */
  minimumAge: z.number().int().min(0).max(150),
  /** After a decision, open the next undecided case of the To do order. */
  advanceAfterDecision: z.boolean(),
  /** From 1440 px wide, show the front and the back side by side. */
  sideBySide: z.boolean(),
  /** Retention: delete a case this many days after its decision or last export; null = keep (the default). */
  retentionDays: z.number().int().min(1).max(3650).nullable(),
})
export type ReviewSettings = z.infer<typeof ReviewSettingsSchema>

export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = {
  attentionScore: 60,
  fourEyes: false,
  minimumAge: 18,
  advanceAfterDecision: true,
  sideBySide: true,
  retentionDays: null,
}

/** How recognition runs; all main-process settings with bounds (see RecognitionSettingsSchema). */
export const RecognitionSettingsSchema = z.object({
  /** Images above this are downscaled/re-encoded before upload (API: recommended 10 MB, maximum 50 MB). */
  uploadLimitMb: z.number().min(0.5).max(50),
  /** Files above this are refused at import, before decoding. */
  inputLimitMb: z.number().min(1).max(2000),
  requestTimeoutSec: z.number().int().min(5).max(600),
  maxRetries: z.number().int().min(0).max(10),
  concurrency: z.number().int().min(1).max(16),
  /** Asynchronous mode: ARGOS posts the result to a callback URL instead of answering at once. */
  callbackMode: z.boolean(),
  /** Port of the local callback receiver on 127.0.0.1 (0 = any free port). */
  callbackPort: z.number().int().min(0).max(65535),
  /** A public URL (relay or tunnel the user runs) that forwards to the local receiver; empty = use the local URL. */
  publicCallbackUrl: z.union([
    z.literal(''),
    z
      .string()
      .url()
      .regex(/^https?:\/\//, 'an http(s) URL'),
  ]),
  callbackTimeoutSec: z.number().int().min(10).max(3600),
  /**
   * Resend interrupted requests without asking: at start (cases left with a send marker) and inside one
   * recognition (a timeout or dropped connection after the body may have arrived). ARGOS may bill twice.
   */
  resendInterrupted: z.boolean(),
  /**
   * Who reads the documents: 'argos' or 'local' (on this computer), or null for automatic: `local` while no API
   * key is set, `argos` otherwise (SettingsView.engine says which applies). Stored settings without it read null.
   */
  engine: EngineSchema.nullable(),
})
export type RecognitionSettings = z.infer<typeof RecognitionSettingsSchema>

export const DEFAULT_RECOGNITION_SETTINGS: RecognitionSettings = {
  uploadLimitMb: 10,
  inputLimitMb: 200,
  requestTimeoutSec: 120,
  maxRetries: 3,
  concurrency: 4,
  callbackMode: false,
  callbackPort: 0,
  publicCallbackUrl: '',
  callbackTimeoutSec: 300,
  resendInterrupted: false,
  engine: null,
}

/** Progress of the recognition batch, sent as an event while it runs. */
export type BatchProgress = {
  running: boolean
  total: number
  done: number
  failed: number
  remaining: number
  inFlight: number
  /** Estimated time to finish, from the average time per document so far; null until one finished. */
  etaMs: number | null
  /** Set while the batch waits because ARGOS asked to slow down (429 Retry-After). */
  pausedUntil: string | null
}

export const DEFAULT_ARGOS_BASE_URL = 'https://idverify-api.argosidentity.com/modules'
