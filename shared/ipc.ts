// The one IPC contract between the renderer and the main process.
// Every call is described once here: its argument schema (validated on the main side) and, through
// `ReviewApi`, its result type. The preload and the main-side binding are both generated from `reviewApiSchema`.
import { z } from 'zod'
import type { SettingsHistoryView } from './policy'
import {
  CountryCodeSchema,
  DecisionKindSchema,
  RejectReasonSchema,
  IdTypeSchema,
  QuadSchema,
  RecognitionSettingsSchema,
  ReviewSettingsSchema,
  SideSchema,
  type BatchProgress,
  type Quad,
  type Case,
  type CaseSummary,
  type SettingsView,
  type Side,
} from './model'
import type { ReviewApiMethodName, ReviewEventNameLiteral } from './ipc-names'
import type { AuditEntry, AuditMacReport } from './audit'
import { CsvOptionsSchema, ExportSettingsSchema, type CsvOptions } from './export-options'
import { endpointProblem } from './endpoint'
import type { DecisionDraft } from './review-rules'
import {
  PassphraseSchema,
  VaultSecretSchema,
  type RecoveryKeyResult,
  type VaultSecret,
  type VaultView,
} from './vault'
import {
  ConnectWorkspaceSchema,
  type ClaimView,
  type ConnectWorkspace,
  type CopyToTeamReport,
  type WorkspaceView,
} from './workspace'

/** Largest file the renderer may hand over in one import call (the main process re-checks). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024

export const ImportFileSchema = z.object({
  name: z.string().min(1).max(1024),
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_IMPORT_BYTES, 'file too large'),
})
export type ImportFile = z.infer<typeof ImportFileSchema>

export const CaseIdSchema = z.string().regex(/^[a-z0-9-]{8,64}$/, 'a case id')
export const FieldKeySchema = z.string().min(1).max(200)

/** A field value as the reviewer may write it. */
export const FieldValueSchema = z.string().max(10_000)

/** Where a field sits: its side and its box (null: no box). */
export const PlacementSchema = z.strictObject({ side: SideSchema, quad: QuadSchema.nullable() })
export type Placement = z.infer<typeof PlacementSchema>

/**
 * What a reviewer may say about a field they drew: everything else (ocrValue, score, accepted, quadSource) is
 * the provider's, or set by the main process.
 */
export const ReviewerFieldSchema = z.strictObject({
  side: SideSchema,
  value: FieldValueSchema,
  quad: QuadSchema.nullable(),
  verified: z.boolean(),
})
export type ReviewerField = z.infer<typeof ReviewerFieldSchema>

export const RecognizeParamsSchema = z.object({
  issuingCountry: CountryCodeSchema,
  idType: IdTypeSchema,
})
export type RecognizeParams = z.infer<typeof RecognizeParamsSchema>

/** What the reviewer chose for cases before recognition (list row, field panel, toolbar); null clears it. */
export const CaseParamsSchema = z
  .object({ issuingCountry: CountryCodeSchema.nullable(), idType: IdTypeSchema.nullable() })
  .partial()
  .strict()
export type CaseParams = z.infer<typeof CaseParamsSchema>

/** Test connection: one authenticated request to the endpoint in use; the message never holds the key. */
export type ConnectionTest = { ok: boolean; message: string; endpoint: string }

export const SettingsPatchSchema = z
  .object({
    argosBaseUrl: z
      .string()
      .max(2000)
      .superRefine((u, ctx) => {
        const problem = endpointProblem(u)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      }),
    reviewerName: z.string().max(200),
    recognition: RecognitionSettingsSchema.partial().strict(),
    review: ReviewSettingsSchema.partial().strict(),
    export: ExportSettingsSchema.partial().strict(),
  })
  .partial()
  .strict()
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>

export type ImportResult = {
  /** The case created, when at least the front image was accepted. */
  case: CaseSummary | null
  /** One message per file that was refused, naming the file and the reason. */
  errors: { file: string; message: string }[]
  /** Existing cases with the same content (SHA-256 of a side's bytes): imported anyway, and the reviewer warned. */
  duplicates: { caseId: string; name: string }[]
  /** importSamples only: every case created, in the manifest's order (`case` is the first of them). */
  cases?: CaseSummary[]
}

/** A folder the reviewer chose in the main process: its image files by relative name, never its path. */
export type FolderPick = {
  /** Names the pick for importPicked; valid for an hour (and for the 20 latest picks). */
  token: string
  /** The folder's own name (for messages). */
  folder: string
  /** Image files, relative to the folder with "/" separators, in natural order. */
  files: { name: string; size: number }[]
  /** How many entries were passed over (not images, hidden, unreadable), with the first few named. */
  skipped: number
  skippedSamples: { name: string; reason: string }[]
  /** True when the folder held more image files than one import takes (the rest are not listed). */
  truncated: boolean
}

/** How an export chooses its cases: the renderer sends the ids (checked cases, or the list as filtered). */
export const ExportRequestSchema = z
  .object({
    caseIds: z.array(CaseIdSchema).min(1).max(100_000),
    /** Only cases with a decision; the others are left out (and not asked about). */
    decidedOnly: z.boolean(),
  })
  .strict()
export type ExportRequest = z.infer<typeof ExportRequestSchema>

export type RecognizeOutcome = {
  caseId: string
  ok: boolean
  /** Reviewer-facing text: what happened and what to do. */
  message: string
  /**
   * A problem every case would hit, so the batch stopped (the cases not sent went back to "new"): no API key, the
   * key refused (401/403), or the endpoint unreachable (no such host, connection refused, TLS, 404). Set on the
   * outcome that hit it and on the ones taken off the queue; the renderer shows one banner for it.
   */
  problem?: 'no_key' | 'auth' | 'unreachable'
}

export type ImagePreview = {
  bytes: Uint8Array
  mime: 'image/jpeg' | 'image/png'
  width: number
  height: number
  /** The stored image's size: preview pixel × (fullWidth / width) = stored pixel. */
  fullWidth: number
  fullHeight: number
}

export const DecisionDraftSchema = z
  .object({
    kind: DecisionKindSchema,
    reason: RejectReasonSchema.nullable(),
    note: z.string().max(2000),
    checksOverride: z.string().max(2000).nullable().optional(),
  })
  .strict()

export type ExportResult = { status: 'saved'; path: string; rows: number } | { status: 'canceled' }

/** Arguments of every call, as zod tuples. Keys are the method names. */
export const reviewApiSchema = {
  getSettings: z.tuple([]),
  updateSettings: z.tuple([SettingsPatchSchema]),
  setApiKey: z.tuple([z.string().trim().min(1).max(4096)]),
  clearApiKey: z.tuple([]),
  listCases: z.tuple([]),
  getCase: z.tuple([CaseIdSchema]),
  getImage: z.tuple([CaseIdSchema, SideSchema]),
  importScans: z.tuple([z.array(ImportFileSchema).min(1).max(2)]),
  recognize: z.tuple([z.array(CaseIdSchema).min(1).max(100_000), RecognizeParamsSchema.nullable()]),
  recognizeAll: z.tuple([RecognizeParamsSchema.nullable()]),
  cancelBatch: z.tuple([]),
  getBatchProgress: z.tuple([]),
  setFieldValue: z.tuple([CaseIdSchema, FieldKeySchema, FieldValueSchema, FieldValueSchema.nullable()]),
  setFieldQuad: z.tuple([CaseIdSchema, FieldKeySchema, QuadSchema.nullable(), QuadSchema.nullable()]),
  moveField: z.tuple([CaseIdSchema, FieldKeySchema, PlacementSchema, PlacementSchema]),
  setVerified: z.tuple([CaseIdSchema, FieldKeySchema, z.boolean()]),
  addField: z.tuple([CaseIdSchema, FieldKeySchema, ReviewerFieldSchema]),
  deleteField: z.tuple([CaseIdSchema, FieldKeySchema, ReviewerFieldSchema]),
  getPreview: z.tuple([CaseIdSchema, SideSchema]),
  exportCsv: z.tuple([ExportRequestSchema, CsvOptionsSchema]),
  exportJson: z.tuple([ExportRequestSchema]),
  chooseImportFolder: z.tuple([]),
  importPicked: z.tuple([
    z.string().uuid(),
    z.string().min(1).max(4096),
    z.string().min(1).max(4096).nullable(),
  ]),
  decide: z.tuple([CaseIdSchema, DecisionDraftSchema]),
  getAudit: z.tuple([CaseIdSchema]),
  exportAuditCsv: z.tuple([z.array(CaseIdSchema).min(1).max(100_000)]),
  setCaseParams: z.tuple([z.array(CaseIdSchema).min(1).max(100_000), CaseParamsSchema]),
  testConnection: z.tuple([]),
  revealExport: z.tuple([z.string().min(1).max(4096)]),
  getSettingsHistory: z.tuple([]),
  deleteCase: z.tuple([CaseIdSchema, z.string().trim().min(1).max(2000)]),
  deleteAllData: z.tuple([]),
  getVaultState: z.tuple([]),
  setUpVault: z.tuple([PassphraseSchema]),
  unlockVault: z.tuple([VaultSecretSchema]),
  setVaultPassphrase: z.tuple([PassphraseSchema]),
  newRecoveryKey: z.tuple([]),
  importSamples: z.tuple([]),
  getWorkspace: z.tuple([]),
  connectWorkspace: z.tuple([ConnectWorkspaceSchema]),
  nextCase: z.tuple([]),
  claimCase: z.tuple([CaseIdSchema]),
  touchClaim: z.tuple([CaseIdSchema]),
  releaseClaim: z.tuple([CaseIdSchema, z.boolean()]),
  copyLocalToTeam: z.tuple([]),
  getSummaries: z.tuple([z.array(CaseIdSchema).min(1).max(1000)]),
} as const

export type ReviewApiMethod = keyof typeof reviewApiSchema
export { REVIEW_API_METHODS, REVIEW_EVENT_NAMES, invokeChannel, eventChannel } from './ipc-names'

/** The calls the renderer can make. Implemented in the main process by ReviewService. */
export interface ReviewApi {
  getSettings(): Promise<SettingsView>
  updateSettings(patch: SettingsPatch): Promise<SettingsView>
  /** Stores the key (encrypted when the OS allows); returns only whether a key is set. */
  setApiKey(key: string): Promise<SettingsView>
  clearApiKey(): Promise<SettingsView>
  listCases(): Promise<CaseSummary[]>
  getCase(id: string): Promise<Case>
  /** The stored (upright) image bytes of one side. */
  getImage(id: string, side: Side): Promise<Uint8Array>
  /** First file is the front, an optional second the back of the same document. */
  importScans(files: ImportFile[]): Promise<ImportResult>
  /**
   * Queues these cases for recognition with this country and type (the reviewer's explicit choice, so a case
   * already recognised is sent again) and resolves when all of them are finished. `params` null: each case keeps
   * its own (the local engine needs none: the MRZ fills them in; ARGOS fails a case without them).
   */
  recognize(caseIds: string[], params: RecognizeParams | null): Promise<RecognizeOutcome[]>
  /**
   * Queues every pending case (new or failed; never one already recognised). With ARGOS, cases without a country
   * or type take `params`, and without params such cases are skipped and reported; the local engine takes them all
   * (the MRZ fills in what is missing). Resolves when the batch is finished.
   */
  recognizeAll(params: RecognizeParams | null): Promise<RecognizeOutcome[]>
  /** Stops the batch: queued cases go back to "new", requests in flight are aborted. */
  cancelBatch(): Promise<BatchProgress>
  getBatchProgress(): Promise<BatchProgress>
  // Field edits are intents, checked against the stored case in the main process: the renderer names what the
  // reviewer changed (value, box, side, verified, a drawn field added or deleted) and never sends a whole field,
  // so the provider's reading (ocrValue, score, accepted, quadSource) is not the renderer's to write. Each is
  // recorded in the case history and the audit log; undo/redo replay them reversed. `expected` is a
  // compare-and-swap guard: an edit based on a stale view is refused ("changed meanwhile").
  /**
   * The field's value. `expected` null: typing (no guard; a burst of typing is one history entry); else the value
   * the reviewer saw (undo, redo).
   */
  setFieldValue(caseId: string, key: string, value: string, expected: string | null): Promise<Case>
  /**
   * The field's box, drawn or dragged (null: no box; undo of a first box). Where it came from is the main
   * process's to say: 'drawn', or the provider's own source when the box is back where recognition put it.
   */
  setFieldQuad(caseId: string, key: string, quad: Quad | null, expected: Quad | null): Promise<Case>
  /** The field to the other side, with its box there (null: none). */
  moveField(caseId: string, key: string, to: Placement, expected: Placement): Promise<Case>
  setVerified(caseId: string, key: string, verified: boolean): Promise<Case>
  /** A field the reviewer drew (a new key); its OCR value is empty, its score and engine verdict null. */
  addField(caseId: string, key: string, field: ReviewerField): Promise<Case>
  /** Deletes a field the reviewer drew (never a provider's field); `expected` as the reviewer last saw it. */
  deleteField(caseId: string, key: string, expected: ReviewerField): Promise<Case>
  /** A display-size copy of a side (at most 2560 px on the long side), made at import; quads stay in full pixels. */
  getPreview(caseId: string, side: Side): Promise<ImagePreview>
  /**
   * Writes the cases as CSV (electron/services/export) to a file chosen through the save dialog, owner-only.
   * Undecided cases in the request are exported only after the reviewer confirms (a message box). Each case
   * exported gets an "exported" audit event.
   */
  exportCsv(request: ExportRequest, options: CsvOptions): Promise<ExportResult>
  /** The same, as full-fidelity JSON (fields with quads, decisions, audit logs). */
  exportJson(request: ExportRequest): Promise<ExportResult>
  /** Opens the folder dialog and lists the image files in the chosen folder; null when cancelled. */
  chooseImportFolder(): Promise<FolderPick | null>
  /** Imports one document (front, optional back) from a folder pick, by the files' relative names. */
  importPicked(token: string, front: string, back: string | null): Promise<ImportResult>
  /**
   * Records the reviewer's decision (the reviewer name comes from settings). Refused with a message when the
   * review rules say no (shared/review-rules.ts: rubber-stamp guard, four-eyes, reason for a rejection).
   */
  decide(caseId: string, draft: DecisionDraft): Promise<Case>
  /** The case's audit log, oldest first, with whether its hash chain and anchor hold. */
  getAudit(caseId: string): Promise<AuditView>
  /** Writes the audit logs of these cases as CSV (one row per event) to a file chosen through the save dialog. */
  exportAuditCsv(caseIds: string[]): Promise<ExportResult>
  /**
   * Sets the issuing country and/or ID type of these cases (what Recognize, Recognize all and Retry send). Refused
   * for a case being recognised. Each change is an audit event. Returns the changed cases' summaries.
   */
  setCaseParams(caseIds: string[], params: CaseParams): Promise<CaseSummary[]>
  /** One request to the ARGOS endpoint in use with the key in use: reachable, key accepted, or why not. */
  testConnection(): Promise<ConnectionTest>
  /** Shows a file this session exported in the OS file manager; refused for any other path. */
  revealExport(path: string): Promise<void>
  /** The settings audit log (four-eyes, threshold, endpoint, key set or cleared, …), oldest first, verified. */
  getSettingsHistory(): Promise<SettingsHistoryView>
  /**
   * Deletes one case after the reviewer confirms (a message box): a tombstone (case id, audit head, account, time,
   * reason) goes to the deletion log first, then the case's files. Canceled when the reviewer says no.
   */
  deleteCase(caseId: string, reason: string): Promise<DeleteResult>
  /** Deletes every case and quarantined folder after one confirmation (settings and the logs stay). */
  deleteAllData(): Promise<DeleteResult>
  // The vault (shared/vault.ts). These answer before the store is open: everything else waits for the unlock.
  /** Where the vault stands: opening, set-up or unlock needed, encrypting older cases, open, or failed. */
  getVaultState(): Promise<VaultView>
  /**
   * First start without a real OS keystore: creates the vault under this passphrase. Returns the recovery key,
   * to show the reviewer once (it is not stored anywhere).
   */
  setUpVault(passphrase: string): Promise<RecoveryKeyResult>
  /** Unlocks with the passphrase or the recovery key; refused with a message when it does not open the vault. */
  unlockVault(secret: VaultSecret): Promise<VaultView>
  /** Sets a new passphrase (the vault open): after a recovery-key unlock, or from Settings. */
  setVaultPassphrase(passphrase: string): Promise<VaultView>
  /** Replaces the recovery key (the old one stops working); returns the new one, to show once. */
  newRecoveryKey(): Promise<RecoveryKeyResult>
  /**
   * "Try sample documents": imports the synthetic specimens shipped with the app (`<samples>/manifest.json`),
   * each through the normal import. `case` is the first created, `cases` all of them; a sample file that cannot
   * be read is one entry of `errors`. Rejects with a message when the samples or their manifest are missing or bad.
   */
  importSamples(): Promise<ImportResult>
  // The workspace (shared/workspace.ts): on this computer, or a team's on PostgreSQL (docs/TEAM.md).
  getWorkspace(): Promise<WorkspaceView>
  /**
   * Switches the workspace: 'local', or 'team' with a postgres:// URL (no password in it) and a password to keep
   * with the OS keystore (null: keep the saved one). Resolves once open; rejects with the reason (the previous
   * workspace stays open then). Saved, so the next start opens the same one.
   */
  connectWorkspace(request: ConnectWorkspace): Promise<WorkspaceView>
  /** Team: claims the next case in the team's order (oldest open case nobody holds); null when none is left. */
  nextCase(): Promise<CaseSummary | null>
  /**
   * Team: claims this case for the reviewer (opening it): `mine` false when someone else holds it (it is then
   * read-only here). Local: always the reviewer's own.
   */
  claimCase(caseId: string): Promise<ClaimView>
  /** Team: the reviewer is working on it: extends the claim's lease. Resolves with the claim as it stands. */
  touchClaim(caseId: string): Promise<ClaimView>
  /**
   * Team: releases the reviewer's own claim, or with `anyone` (a senior) whoever holds it; the database refuses
   * that for a reviewer and audits it for a senior.
   */
  releaseClaim(caseId: string, anyone: boolean): Promise<ClaimView>
  /**
   * Copies every local case with its audit log into the team workspace (chain verified before and after), case by
   * case, so an interrupted copy resumes; then asks whether to remove the local copies (a message box).
   */
  copyLocalToTeam(): Promise<CopyToTeamReport>
  /**
   * The list rows of these cases as the workspace has them (in a team workspace with who holds each: a claim
   * changes no case, so the renderer cannot make this row itself); ids not found are left out.
   */
  getSummaries(caseIds: string[]): Promise<CaseSummary[]>
}

export type DeleteResult = { status: 'deleted'; count: number } | { status: 'canceled' }

/** A case's audit log as the timeline shows it. */
export type AuditView = {
  entries: AuditEntry[]
  verdict: { ok: true; count: number } | { ok: false; index: number; reason: string }
  /** How the entries' MACs stand (the audit key in the OS keystore, or not). */
  mac: AuditMacReport
  /** A torn or unreadable line, or the log being ahead of the case (a change interrupted by a crash). */
  problem: string | null
}

// Compile-time check: the schema map and the interface name the same methods with the same arguments.
type ArgsOf<M extends ReviewApiMethod> = z.infer<(typeof reviewApiSchema)[M]>
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Assert<T extends true> = T
export type ContractIsConsistent = Assert<
  { [M in ReviewApiMethod]: Same<Parameters<ReviewApi[M]>, ArgsOf<M>> }[ReviewApiMethod] &
    Same<keyof ReviewApi, ReviewApiMethod> &
    Same<ReviewApiMethodName, ReviewApiMethod> &
    Same<ReviewEventNameLiteral, ReviewEventName>
>

/** Events the main process sends to the renderer. */
export interface ReviewEvents {
  caseChanged: { caseId: string }
  casesChanged: Record<string, never>
  notice: { level: 'info' | 'error'; message: string }
  batchProgress: BatchProgress
  vaultChanged: VaultView
  workspaceChanged: WorkspaceView
  /** "Copy local cases to the team workspace…" in progress. */
  copyProgress: { done: number; total: number }
}
export type ReviewEventName = keyof ReviewEvents

/** What the renderer sees on `window.api`. */
export type RendererApi = ReviewApi & {
  on<E extends ReviewEventName>(event: E, listener: (payload: ReviewEvents[E]) => void): () => void
}

/** Errors cross IPC as plain messages; this prefix marks an argument that failed validation. */
export const INVALID_ARGUMENTS = 'Invalid arguments'
