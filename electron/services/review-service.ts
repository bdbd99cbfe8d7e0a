// ReviewService: implements the ReviewApi contract on top of the case store, image import, ARGOS client and
// export. Plain Node (no 'electron'), so the app, the unit tests and the Chromium E2E host all run this same code.
import { auditDraft, type AuditDetails, type AuditDraft } from '../../shared/audit'
import { AUDIT_FILE, auditCsv } from './audit-log'
import { CaseAudits, fieldEditDraft, interruptedDraft, paramsDrafts, statusDrafts } from './case-audit'
import { importParams, isBusy, type CaseParamValues } from './case-params'
import {
  decisionProblem,
  overrideOutcome,
  type DecisionDraft,
  type Reviewer,
} from '../../shared/review-rules'
import { failingChecks } from '../../shared/checks/types'
import { checkedInputsChanged, checkOptions, isStale, withChecks } from './checks-runner'
import { makeScreenCopy, makeThumbnail, needsScreenCopy, screenFile, THUMB_FILE } from './thumbnails'
import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import type { ImageVariant } from '../../shared/image-url'
import type { CsvOptions } from '../../shared/export-options'
import type { CaseImageSource } from './case-image-route'
import type {
  ExportRequest,
  ExportResult,
  FolderPick,
  ImagePreview,
  ImportFile,
  ImportResult,
  RecognizeOutcome,
  RecognizeParams,
  ReviewApi,
  SettingsPatch,
  ConnectionTest,
  CaseParams,
  Placement,
  ReviewerField,
} from '../../shared/ipc'
import {
  SCHEMA_VERSION,
  summarise,
  type Case,
  type CaseSummary,
  type Decision,
  type Field,
  type ImageRef,
  type Quad,
  type SettingsView,
  type Side,
} from '../../shared/model'
import { ArgosClient, DEFAULT_RETRY_POLICY } from './argos-client'
import { parseRecognition } from './argos-result'
import { writeFileAtomic } from './atomic-write'
import { BatchQueue } from './batch-queue'
import { CallbackReceiver } from './callback-receiver'
import { CaseStore } from './case-store'
import { CaseKeyring } from './vault/case-keys'
import { createDeletion, RETENTION_INTERVAL_MS } from './deletion'
import { migrateProfile } from './vault/migrate'
import { NO_KEYSTORE } from './vault/vault'
import { VaultGate } from './vault/vault-gate'
import { createExportService } from './export/export-service'
import {
  applyFieldEdit,
  intentChange,
  reviewerName,
  VALUE_MERGE_WINDOW_MS,
  type EditOptions,
  type FieldIntent,
} from './field-edits'
import { ImageRejected, prepareImage, type PreparedImage } from './image-import'
import { FolderPicks, PickedFileUnreadable } from './folder-import'
import type { ServiceDeps } from './ports'
import { makePreview, loadPreview, previewRef, type Preview } from './previews'
import { readBarcode } from './barcode/read-barcode'
import { interruptedError, recognizeCase } from './recognition-runner'
import { lazyLocalEngine } from './local-engine-loader'
import { readSampleFile, readSamplesManifest } from './samples'
import { Settings } from './settings'
import { redactForRenderer } from './redact'

export interface ReviewService extends ReviewApi, CaseImageSource {
  /** Stops in-flight work; called when the app quits. */
  dispose(): Promise<void>
  /** The secrets the IPC binding's redaction point removes from error messages (not on the IPC contract). */
  secretsForRedaction(): string[]
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

const MIME = { jpeg: 'image/jpeg', png: 'image/png' } as const
const EXT = { jpeg: 'jpg', png: 'png' } as const

function imageRef(side: Side, name: string, img: PreparedImage, preview: Preview | null): ImageRef {
  return {
    file: `${side}.${EXT[img.format]}`,
    originalName: name,
    mime: MIME[img.format],
    width: img.width,
    height: img.height,
    bytes: img.bytes.byteLength,
    preview: preview ? previewRef(side, preview) : null,
  }
}

/** The files one side puts in the case folder: the stored image and its preview, if any. */
function imageFiles(ref: ImageRef, img: PreparedImage, preview: Preview | null) {
  const files = [{ file: ref.file, bytes: img.bytes }]
  if (ref.preview && preview) files.push({ file: ref.preview.file, bytes: preview.bytes })
  return files
}

function now(): string {
  return new Date().toISOString()
}

/** The endpoint as the reviewer may see it: no user name, password, query or fragment (they can carry secrets). */
export function shownEndpoint(baseUrl: string): string {
  if (!URL.canParse(baseUrl)) return baseUrl.replace(/[?#].*$/, '')
  const u = new URL(baseUrl)
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`
}

export function createReviewService(deps: ServiceDeps): ReviewService {
  // With a vault the case files, the index and the audit logs are encrypted (issue 13); without, plaintext (tests).
  // The app always gives a VaultGate: the store opens only once the reviewer (or the keystore) has unlocked it.
  const gate =
    deps.vault instanceof VaultGate
      ? deps.vault
      : deps.vault
        ? VaultGate.around(deps.vault, { dir: deps.userDataDir, codec: NO_KEYSTORE, logger: deps.logger })
        : null
  const keys = gate ? new CaseKeyring(() => gate.current()) : null
  const store = new CaseStore(deps.userDataDir, { keys })
  const settings = new Settings(deps.settings, deps.secrets, deps.env, deps.logger, {
    account: deps.account,
    policyFile: deps.policyFile,
    userDataDir: deps.userDataDir,
  })
  // An encrypted store first encrypts what a plaintext profile holds (resumable, atomic per case, with progress on
  // the gate's screen), then opens. The keystore answers asynchronously: the stored API key is opened before
  // anything uses the settings.
  const stopMigration = new AbortController()
  const migrated =
    gate && keys
      ? gate.unlocked.then(() =>
          migrateProfile(deps.userDataDir, keys, {
            logger: deps.logger,
            signal: stopMigration.signal,
            onProgress: (done, total) => gate.migrating(done, total),
          }).then(() => undefined),
        )
      : Promise.resolve()
  let isReady = false
  let unlockedYet = false
  void gate?.unlocked.then(() => {
    unlockedYet = true
  })
  const ready = migrated
    .then(() => Promise.all([store.init(), settings.init()]))
    .then(() => {
      isReady = true
    })
  if (gate)
    ready.then(
      () => gate.storeOpened(),
      (err: unknown) => {
        deps.logger.error(`store: could not open (${err instanceof Error ? err.name : 'error'})`)
        gate.fail(
          `Recto could not open the case store: ${err instanceof Error ? err.message : 'unknown error'}. Close Recto and start it again; if this repeats, keep the profile folder for examination.`,
        )
      },
    )
  if (gate) gate.onChange((view) => deps.emit('vaultChanged', view))
  const deletion = createDeletion({
    store,
    userDataDir: deps.userDataDir,
    dialogs: deps.dialogs,
    emit: deps.emit,
    logger: deps.logger,
    who: () => ({ account: deps.account(), name: settings.reviewer() }),
    retentionDays: () => settings.review().retentionDays,
  })
  // Retention runs once the store is ready, then every few hours while the app is open.
  const purge = () =>
    ready
      .then(() => deletion.purgeExpired())
      .catch((err: unknown) =>
        deps.logger.error(`retention: purge failed (${err instanceof Error ? err.name : 'error'})`),
      )
  const purged = purge()
  const purgeTimer = setInterval(() => void purge(), RETENTION_INTERVAL_MS)
  purgeTimer.unref?.()
  const audits = CaseAudits.forService(store.root, deps, keys)
  // The real recogniser is imported and started on the first document read locally, not here.
  const localEngine = deps.localEngine ?? lazyLocalEngine({ logger: deps.logger })
  const reportedProblems = new Set<string>()
  /** The reviewer's last country and type choice this session: what a new case starts with when its name is mute. */
  const lastChoice: CaseParamValues = { issuingCountry: null, idType: null }
  const remember = (p: Partial<CaseParamValues>): void => {
    if (p.issuingCountry) lastChoice.issuingCountry = p.issuingCountry
    if (p.idType) lastChoice.idType = p.idType
  }

  /** The secrets no message to the renderer may carry (the key in use); main process only. */
  const secretsForRedaction = (): string[] => {
    try {
      const key = settings.apiKey()
      return key ? [key] : []
    } catch {
      return []
    }
  }

  /** Belt and braces: whatever a server echoes, no secret or credential-shaped text reaches the renderer. */
  const redact = (text: string): string => redactForRenderer(text, secretsForRedaction())

  /**
   * Every change of a case: applied, turned into audit events (the status changes it makes, plus `events` for
   * what only the caller knows), the events appended to the case's audit log, then the case saved.
   * A change that returns the case itself (nothing to do) records and saves nothing (see CaseStore.update).
   */
  async function changeCase(
    id: string,
    change: (c: Case) => Case,
    events?: (before: Case, after: Case, reviewer: string, at: string) => AuditDraft[],
    paramsSource: 'reviewer' | 'mrz' = 'reviewer',
  ): Promise<Case> {
    await ready
    const updated = await store.update(id, async (c) => {
      const changed = change(c)
      if (changed === c) return c
      const at = now()
      // Checks follow what they read: a recognition or an edit re-runs them (a decision runs its own, see decide).
      const next = checkedInputsChanged(c, changed) ? checked(changed, at) : changed
      const reviewer = reviewerName(settings.reviewer())
      // A new country or type is recorded before the status change that uses it (e.g. "sent").
      const drafts = [
        ...paramsDrafts(c, next, paramsSource, reviewer, at),
        ...statusDrafts(c, next, reviewer, at),
        ...(events?.(c, next, reviewer, at) ?? []),
      ]
      return audits.record({ ...next, updatedAt: at }, drafts)
    })
    deps.emit('caseChanged', { caseId: id })
    return updated
  }

  /** The case with a check run made now, under the current settings. */
  function checked(c: Case, at: string = now()): Case {
    return withChecks(c, checkOptions(settings.review()), at, deps.logger)
  }

  const TYPING: EditOptions = { mergeValueWithinMs: VALUE_MERGE_WINDOW_MS }

  /** The OS account at the keyboard (what the rules and the records go by) and the display name (a label). */
  function whoIsReviewing(): Reviewer {
    return { account: deps.account(), name: settings.reviewer() }
  }

  /**
   * Every field change is an intent checked against the stored case (intentChange), then made by applyFieldEdit,
   * so it is recorded in the case history and the audit log.
   */
  function editCase(id: string, key: string, intent: FieldIntent, options?: EditOptions): Promise<Case> {
    let change: { expected: Field | null; next: Field | null } | null = null
    return changeCase(
      id,
      (c) => {
        change = intentChange(c, key, intent)
        return applyFieldEdit(c, key, change.expected, change.next, whoIsReviewing(), now(), options)
      },
      (_before, _after, reviewer, at) => [fieldEditDraft(key, change!.expected, change!.next, reviewer, at)],
    )
  }

  /** A display copy when the stored image is large; a failure only costs speed, so it never fails the import. */
  async function previewOf(img: PreparedImage): Promise<Preview | null> {
    try {
      return await makePreview(img.bytes, img)
    } catch (err) {
      deps.logger.warn(`import: no preview made (${err instanceof Error ? err.name : 'error'})`)
      return null
    }
  }

  const MB = 1024 * 1024
  const client = () => {
    const r = settings.recognition()
    return new ArgosClient({
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      timeoutMs: r.requestTimeoutSec * 1000,
      retry: { ...DEFAULT_RETRY_POLICY, maxRetries: r.maxRetries },
      logger: deps.logger,
    })
  }

  // The callback receiver starts on first use in callback mode, on 127.0.0.1 only.
  let receiver: Promise<{ receiver: CallbackReceiver; url: string }> | null = null
  const callbacks = () => {
    receiver ??= (async () => {
      const r = new CallbackReceiver({
        port: settings.recognition().callbackPort,
        logger: deps.logger,
        parse: parseRecognition,
      })
      const { url } = await r.start()
      return { receiver: r, url }
    })().catch((err: unknown) => {
      receiver = null
      throw err
    })
    return receiver
  }

  const queue = new BatchQueue({
    concurrency: settings.recognition().concurrency,
    work: (id, signal) =>
      recognizeCase(
        {
          store,
          settings,
          client: client(),
          callbacks,
          changeCase: (id, change, source) => changeCase(id, change, undefined, source),
          logger: deps.logger,
          redact,
          readBarcode: (image, side, signal) => readBarcode(image, side, { signal }),
          localEngine,
        },
        id,
        signal,
      ),
    // Cases taken off the queue unsent go back to "new", whether the reviewer cancelled or the batch stopped on a
    // problem every case would hit (the outcome says why, once): they were never sent, so they did not fail.
    onDropped: async (ids) => {
      for (const id of ids) {
        await changeCase(id, (c) => ({ ...c, status: 'new' })).catch(() => undefined)
      }
    },
    onProgress: (p) => deps.emit('batchProgress', p),
  })

  /** `paramsFor` gives the country and type to store with each case (nothing = keep the case's own). */
  async function enqueue(
    ids: string[],
    paramsFor: (c: Case) => Partial<RecognizeParams>,
  ): Promise<RecognizeOutcome[]> {
    await ready
    queue.setConcurrency(settings.recognition().concurrency)
    // Persist "queued" (with the country and type to use) before anything runs, so a restart can resume.
    for (const id of ids) {
      await changeCase(id, (c) => ({ ...c, ...paramsFor(c), status: 'queued', error: null }))
    }
    const results = await queue.run(ids)
    return results.map(({ id, ok, message, problem }) => ({
      caseId: id,
      ok,
      message,
      ...(problem ? { problem } : {}),
    }))
  }

  /**
   * After a crash or quit mid-batch. Cases only "queued" (nothing left the computer) are queued again. Cases
   * "sending" have a send marker and no saved result: their request may have reached ARGOS and been billed, so
   * they become Interrupted for the reviewer to resend, or, with "Resend interrupted requests automatically" on,
   * are queued again with an audit event saying so. Recognised cases are never sent again. A case "sending" on the
   * local engine (no marker) sent nothing anywhere: it is queued again like a "queued" one.
   */
  const resumed = ready.then(async () => {
    // The index has every case's status: no case file is read at start-up unless it has to be resumed.
    const { summaries } = await store.listSummaries()
    const queued = summaries.filter((c) => c.status === 'queued').map((c) => c.id)
    const inFlight = summaries.filter((c) => c.status === 'sending').map((c) => c.id)
    const resend = settings.recognition().resendInterrupted
    const readLocally: string[] = []
    const interrupted: string[] = []
    for (const id of inFlight) {
      let local = false
      await changeCase(
        id,
        (c): Case => {
          if (c.status !== 'sending') return c
          local = c.runningOn === 'local' && !c.sendMarker
          if (local) return { ...c, status: 'queued', error: null, runningOn: null }
          // A case saved "sending" before markers existed has none: judged as sent, at its last save.
          const at = c.sendMarker?.at ?? c.updatedAt
          return resend
            ? { ...c, status: 'queued', error: null, runningOn: null }
            : { ...c, status: 'interrupted', error: interruptedError(at, 'restart'), runningOn: null }
        },
        (before, _after, reviewer, at) =>
          resend && !local ? [interruptedDraft(before, 'automatic', reviewer, at)] : [],
      ).then(
        () => (local ? readLocally : interrupted).push(id),
        (err: unknown) =>
          deps.logger.error(`resume: case ${id} not marked (${err instanceof Error ? err.name : 'error'})`),
      )
    }
    const again = [...queued, ...readLocally, ...(resend ? interrupted : [])]
    if (interrupted.length && !resend) {
      deps.logger.info(`resume: ${interrupted.length} case(s) interrupted after sending, not resent`)
      deps.emit('notice', {
        level: 'info',
        message: `${interrupted.length} case(s) were interrupted after their request was sent: ARGOS may have processed and billed them. They are marked Interrupted; recognize them again to resend.`,
      })
    }
    if (!again.length) return
    deps.logger.info(`resume: ${again.length} interrupted cases queued again`)
    deps.emit('notice', {
      level: 'info',
      message: `Resuming recognition of ${again.length} interrupted case(s).`,
    })
    void enqueue(again, () => ({}))
  })

  // Exports: each case in the file gets an "exported" audit event, recorded like any other change of the case.
  /** An export of the case, as an audit event (the case itself is unchanged but for its audit anchor). */
  async function recordExport(id: string, details: AuditDetails['exported']): Promise<void> {
    await changeCase(
      id,
      (x) => ({ ...x, exportedAt: now() }),
      (_b, _a, reviewer, at) => [auditDraft('exported', details, reviewer, at)],
    )
  }

  const exporter = createExportService({
    load: (id) => store.load(id),
    auditOf: async (c) => (await audits.view(c)).entries,
    recordExport,
    dialogs: deps.dialogs,
    logger: deps.logger,
  })

  // ---- Import: one document (front, optional back), whether its bytes came from the renderer or a folder pick.
  const picks = new FolderPicks()

  function refused(errors: ImportResult['errors'], twoSided: boolean): ImportResult {
    if (twoSided)
      errors.push({
        file: '',
        message: 'Nothing was imported: fix the file above and import front and back again.',
      })
    return { case: null, errors, duplicates: [] }
  }

  /** Existing cases with a side whose bytes hash to one of `hashes` (imported anyway; the reviewer is told). */
  async function duplicatesOf(hashes: string[]): Promise<ImportResult['duplicates']> {
    const { summaries } = await store.listSummaries()
    const wanted = new Set(hashes)
    return summaries
      .filter(
        (s) => s.contentHash && [s.contentHash.front, s.contentHash.back].some((h) => h && wanted.has(h)),
      )
      .map((s) => ({ caseId: s.id, name: s.name }))
  }

  /** Prepares the images and previews, records the "imported" event and creates the case. */
  async function importDocument(files: { name: string; bytes: Uint8Array }[]): Promise<ImportResult> {
    const prepared: PreparedImage[] = []
    const errors: ImportResult['errors'] = []
    for (const file of files) {
      try {
        prepared.push(
          await prepareImage(file.name, file.bytes, {
            maxInputBytes: settings.recognition().inputLimitMb * MB,
          }),
        )
      } catch (err) {
        const message = err instanceof ImageRejected ? err.reason : 'could not be read'
        errors.push({ file: file.name, message: `${file.name}: ${message}` })
      }
    }
    if (errors.length) return refused(errors, files.length > 1)
    const [front, back] = prepared as [PreparedImage, PreparedImage | undefined]
    const contentHash = {
      front: sha256Hex(files[0]!.bytes),
      back: files[1] ? sha256Hex(files[1].bytes) : null,
    }
    const duplicates = await duplicatesOf([
      contentHash.front,
      ...(contentHash.back ? [contentHash.back] : []),
    ])
    const id = store.newId()
    // Both sides at once: each is one decode-resize-encode, and sharp runs them on its own threads.
    const [frontPreview, backPreview] = await Promise.all([previewOf(front), back ? previewOf(back) : null])
    const frontRef = imageRef('front', files[0]!.name, front, frontPreview)
    const backRef = back ? imageRef('back', files[1]!.name, back, backPreview) : null
    const params = importParams(
      files.map((f) => f.name),
      lastChoice,
    )
    const created: Case = {
      schemaVersion: SCHEMA_VERSION,
      id,
      name: files[0]!.name,
      createdAt: now(),
      updatedAt: now(),
      front: frontRef,
      back: backRef,
      issuingCountry: params.issuingCountry,
      idType: params.idType,
      status: 'new',
      provider: null,
      transactionId: null,
      documentType: null,
      error: null,
      fields: [],
      ocr: {},
      recognition: null,
      supportBody: null,
      history: [],
      decision: null,
      exportedAt: null,
      auditHead: null,
      contentHash,
      checks: null,
      barcode: null,
    }
    const first = await audits.newFile(
      auditDraft(
        'imported',
        {
          frontFile: files[0]!.name,
          backFile: files[1]?.name ?? null,
          contentHash: created.contentHash,
          params,
        },
        reviewerName(settings.reviewer()),
        created.createdAt,
      ),
    )
    created.auditHead = CaseAudits.firstHead(first.entry)
    // The list thumbnail and each side's screen copy (what the stage paints first), from the smaller source.
    const sides = [
      { side: 'front' as const, img: front, preview: frontPreview },
      ...(back ? [{ side: 'back' as const, img: back, preview: backPreview }] : []),
    ]
    const [thumb, screens] = await Promise.all([
      makeThumbnail(frontPreview?.bytes ?? front.bytes),
      Promise.all(
        sides
          .filter((s) => needsScreenCopy(s.img.width, s.img.height))
          .map(async (s) => ({
            file: screenFile(s.side),
            bytes: await makeScreenCopy(s.preview?.bytes ?? s.img.bytes),
          })),
      ),
    ])
    const images = [
      { file: AUDIT_FILE, bytes: new TextEncoder().encode(first.text) },
      { file: THUMB_FILE, bytes: thumb },
      ...screens,
      ...imageFiles(frontRef, front, frontPreview),
      ...(back && backRef ? imageFiles(backRef, back, backPreview) : []),
    ]
    await store.create(created, images)
    deps.logger.info(
      `import: case ${id} created${duplicates.length ? ` (same content as ${duplicates.map((d) => d.caseId).join(', ')})` : ''}`,
    )
    deps.emit('casesChanged', {})
    return { case: summarise(created), errors: [], duplicates }
  }

  const requireGate = (): VaultGate => {
    if (!gate) throw new Error('This store is not encrypted; there is no vault to set up or unlock.')
    return gate
  }

  const service: ReviewService = {
    async getSettings(): Promise<SettingsView> {
      await ready
      return settings.view()
    },
    async updateSettings(patch: SettingsPatch) {
      return settings.update(patch)
    },
    async setApiKey(key: string) {
      return settings.setApiKey(key)
    },
    async clearApiKey() {
      return settings.clearApiKey()
    },

    async listCases(): Promise<CaseSummary[]> {
      await ready
      const { summaries, problems } = await store.listSummaries()
      // Each unreadable or quarantined case is told once per session (the renderer lists at start-up).
      for (const p of problems) {
        const key = `${p.id}:${p.quarantinedTo ?? ''}`
        if (reportedProblems.has(key)) continue
        reportedProblems.add(key)
        deps.logger.warn(`case ${p.id} could not be loaded${p.quarantinedTo ? ' (quarantined)' : ''}`)
        deps.emit('notice', { level: 'error', message: p.message })
      }
      return summaries
    },

    async getCase(id: string) {
      await ready
      const c = await store.load(id)
      // A run from another day (expiry, age) or under another minimum age is re-run for display; it is saved with
      // the case's next change, and a decision always runs the checks afresh.
      return isStale(c.checks, checkOptions(settings.review())) ? checked(c) : c
    },

    async getImage(id: string, side: Side) {
      return (await service.readCaseImage(id, side, 'full')).bytes
    },

    async importScans(files: ImportFile[]): Promise<ImportResult> {
      await ready
      return importDocument(files)
    },

    async importSamples(): Promise<ImportResult> {
      await ready
      const dir = deps.samplesDir ?? null
      const manifest = await readSamplesManifest(dir)
      const result: Required<ImportResult> = { case: null, errors: [], duplicates: [], cases: [] }
      // One document at a time, in the manifest's order, each as if the reviewer had dropped its files.
      for (const doc of manifest.documents) {
        const read = await Promise.all(
          [doc.front, ...(doc.back ? [doc.back] : [])].map((name) => readSampleFile(dir!, name)),
        )
        const files: { name: string; bytes: Uint8Array }[] = []
        const missing: ImportResult['errors'] = []
        for (const r of read)
          if ('bytes' in r) files.push(r)
          else missing.push(r)
        const one = missing.length ? refused(missing, read.length > 1) : await importDocument(files)
        result.errors.push(...one.errors)
        for (const d of one.duplicates)
          if (!result.duplicates.some((x) => x.caseId === d.caseId)) result.duplicates.push(d)
        if (one.case) result.cases.push(one.case)
      }
      result.case = result.cases[0] ?? null
      deps.logger.info(`import: ${result.cases.length} sample document(s) imported`)
      return result
    },

    async chooseImportFolder(): Promise<FolderPick | null> {
      return picks.choose(deps.dialogs)
    },

    async importPicked(token: string, front: string, back: string | null): Promise<ImportResult> {
      await ready
      if (back === front) throw new Error(`${front} cannot be both the front and the back of a document`)
      const maxBytes = settings.recognition().inputLimitMb * MB
      const files: { name: string; bytes: Uint8Array }[] = []
      const errors: ImportResult['errors'] = []
      for (const name of back === null ? [front] : [front, back]) {
        try {
          files.push(await picks.read(token, name, maxBytes))
        } catch (err) {
          // A name outside the pick (or a pick that expired) is refused outright; an unreadable file is reported.
          if (!(err instanceof PickedFileUnreadable)) throw err
          errors.push({ file: name, message: err.message })
        }
      }
      return errors.length ? refused(errors, back !== null) : importDocument(files)
    },

    async recognize(caseIds: string[], params: RecognizeParams | null): Promise<RecognizeOutcome[]> {
      if (params) remember(params)
      return enqueue(caseIds, () => params ?? {})
    },

    async recognizeAll(params: RecognizeParams | null): Promise<RecognizeOutcome[]> {
      await ready
      // The index has what is needed to choose (status, country, type): no case file is read to choose.
      const { summaries } = await store.listSummaries()
      const pending = summaries.filter(
        (c) => (c.status === 'new' || c.status === 'failed') && !queue.has(c.id),
      )
      // Each case goes with its own country and type. `params`, when given, is the caller's explicit choice for
      // the cases that have neither or only one (recorded as a change of those cases); the renderer sets such
      // cases itself (setCaseParams, after the reviewer confirmed) and passes null. The rest are skipped.
      const complete = (c: { issuingCountry: string | null; idType: string | null }) =>
        Boolean(c.issuingCountry && c.idType)
      // The local engine needs neither: the MRZ fills them in (an engine chosen now; each case runs on the one in
      // force when it starts).
      const local = settings.engine() === 'local'
      const runnable = pending.filter((c) => params || local || complete(c))
      const skipped: RecognizeOutcome[] = pending
        .filter((c) => !runnable.includes(c))
        .map((c) => ({
          caseId: c.id,
          ok: false,
          message: `${c.name}: choose the issuing country and ID type first.`,
        }))
      if (!runnable.length) return skipped
      const ids = runnable.map((c) => c.id)
      const outcomes = await enqueue(ids, (c) =>
        params && !complete(c)
          ? { issuingCountry: c.issuingCountry ?? params.issuingCountry, idType: c.idType ?? params.idType }
          : {},
      )
      return [...outcomes, ...skipped]
    },

    async cancelBatch() {
      await queue.cancel()
      return queue.progress()
    },

    async getBatchProgress() {
      return queue.progress()
    },

    // Field edits: each intent is checked against the stored case (field-edits.ts intentChange).
    // Typing saves on every change; a burst of keystrokes in one field becomes one history entry.
    async setFieldValue(caseId: string, key: string, value: string, expected: string | null) {
      return editCase(caseId, key, { op: 'value', value, expected }, expected === null ? TYPING : undefined)
    },

    async setFieldQuad(caseId: string, key: string, quad: Quad | null, expected: Quad | null) {
      return editCase(caseId, key, { op: 'quad', quad, expected })
    },

    async moveField(caseId: string, key: string, to: Placement, expected: Placement) {
      return editCase(caseId, key, { op: 'move', to, expected })
    },

    async setVerified(caseId: string, key: string, verified: boolean) {
      return editCase(caseId, key, { op: 'verified', verified })
    },

    async addField(caseId: string, key: string, field: ReviewerField) {
      return editCase(caseId, key, { op: 'add', field })
    },

    async deleteField(caseId: string, key: string, expected: ReviewerField) {
      return editCase(caseId, key, { op: 'delete', expected })
    },

    async decide(caseId: string, draft: DecisionDraft) {
      const who = whoIsReviewing()
      let override: AuditDetails['checks_overridden'] | null = null
      return changeCase(
        caseId,
        (stored) => {
          // The rules are judged on checks run now (today's date, current settings), and that run is kept.
          const c = checked(stored)
          const problem = decisionProblem(c, draft, who, settings.review())
          if (problem) throw new Error(problem)
          const failing = draft.kind === 'approved' ? failingChecks(c.checks).map((x) => x.id) : []
          const reason = draft.checksOverride?.trim() ?? ''
          // An approval over failing checks: approved, or with four-eyes the first reviewer's request.
          const outcome = failing.length ? overrideOutcome(c, who, settings.review()) : 'approve'
          override = failing.length
            ? {
                checks: failing,
                reason,
                outcome: outcome === 'approve' ? 'approved' : 'second_review_requested',
              }
            : null
          const decision: Decision = {
            kind: outcome === 'approve' ? draft.kind : 'second_review',
            reason: draft.kind === 'rejected' ? draft.reason : null,
            note: draft.note.trim(),
            reviewer: who.name,
            account: who.account,
            at: now(),
            checksOverride: failing.length ? { checks: failing, reason } : null,
          }
          return { ...c, decision }
        },
        (_b, after, reviewer, at) => [
          ...(override ? [auditDraft('checks_overridden', override, reviewer, at)] : []),
          auditDraft(
            'decided',
            { kind: after.decision!.kind, reason: after.decision!.reason, note: after.decision!.note },
            reviewer,
            at,
          ),
        ],
      )
    },

    async getAudit(caseId: string) {
      await ready
      return audits.view(await store.load(caseId))
    },

    async exportAuditCsv(caseIds: string[]): Promise<ExportResult> {
      await ready
      const cases = await Promise.all(caseIds.map((id) => store.load(id)))
      const rows = []
      for (const c of cases) {
        const { entries } = await audits.view(c)
        for (const entry of entries) rows.push({ caseId: c.id, caseName: c.name, entry })
      }
      const stamp = now().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
      const path = await deps.dialogs.chooseSavePath({
        title: 'Export the audit trail as CSV',
        defaultName: `recto-audit-${stamp}.csv`,
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      })
      if (!path) return { status: 'canceled' }
      await writeFileAtomic(path, auditCsv(rows))
      exporter.noteWritten(path)
      const file = basename(path)
      for (const c of cases) await recordExport(c.id, { format: 'audit_csv', file })
      deps.logger.info(`export: audit of ${cases.length} cases written`)
      return { status: 'saved', path, rows: rows.length }
    },

    async readCaseImage(caseId: string, side: Side, variant: ImageVariant) {
      if (variant === 'thumb' || variant === 'screen') {
        if (variant === 'thumb' && side !== 'front') throw new Error('Only the front has a thumbnail')
        await ready
        const c = await store.load(caseId)
        const ref = side === 'front' ? c.front : c.back
        if (!ref) throw new Error(`This case has no ${side} image`)
        if (variant === 'screen' && !needsScreenCopy(ref.width, ref.height)) {
          return { bytes: new Uint8Array(await store.readImage(c, side)), mime: ref.mime }
        }
        // Made from the preview when there is one: a smaller decode than the stored image.
        const source = async () => (await store.readPreview(c, side)) ?? store.readImage(c, side)
        const bytes =
          variant === 'thumb'
            ? await store.readDerived(c, THUMB_FILE, source, makeThumbnail)
            : await store.readDerived(c, screenFile(side), source, makeScreenCopy)
        return { bytes: new Uint8Array(bytes), mime: 'image/jpeg' }
      }
      if (variant === 'preview') {
        const { bytes, mime } = await service.getPreview(caseId, side)
        return { bytes, mime }
      }
      await ready
      const c = await store.load(caseId)
      const ref = side === 'front' ? c.front : c.back
      if (!ref) throw new Error(`This case has no ${side} image`)
      return { bytes: new Uint8Array(await store.readImage(c, side)), mime: ref.mime }
    },

    async getPreview(caseId: string, side: Side): Promise<ImagePreview> {
      await ready
      const c = await store.load(caseId)
      const { preview, missing } = await loadPreview(store, c, side)
      if (missing)
        deps.logger.warn(`preview: case ${caseId} ${side} preview file missing, image sent instead`)
      return preview
    },

    // The admin policy's export options apply whatever the renderer sends (settings.ts enforce*).
    async exportCsv(request: ExportRequest, options: CsvOptions): Promise<ExportResult> {
      await ready
      return exporter.exportCsv(settings.enforceExportRequest(request), settings.enforceCsvOptions(options))
    },

    async exportJson(request: ExportRequest): Promise<ExportResult> {
      await ready
      // JSON carries everything unmasked: refused while the policy masks numbers or leaves out the MRZ.
      const problem = settings.exportProblem('json')
      if (problem) throw new Error(problem)
      return exporter.exportJson(settings.enforceExportRequest(request))
    },

    async setCaseParams(caseIds: string[], params: CaseParams): Promise<CaseSummary[]> {
      await ready
      if (!('issuingCountry' in params) && !('idType' in params)) {
        throw new Error('Choose an issuing country or an ID type to set')
      }
      const ids = [...new Set(caseIds)]
      const cases = await Promise.all(ids.map((id) => store.load(id)))
      // All or nothing: a case being sent keeps the values it is sent with, and the reviewer is told which.
      const busy = cases.filter((c) => isBusy(c) || queue.has(c.id))
      if (busy.length) {
        const names = busy.slice(0, 3).map((c) => c.name)
        const more = busy.length > 3 ? ` and ${busy.length - 3} more` : ''
        throw new Error(
          `${names.join(', ')}${more} ${busy.length === 1 ? 'is' : 'are'} being recognised: change the country or ` +
            'type after it finishes (or cancel the recognition)',
        )
      }
      remember({ issuingCountry: params.issuingCountry ?? null, idType: params.idType ?? null })
      const changed: CaseSummary[] = []
      for (const c of cases) {
        let didChange = false
        // Judged on the case as stored at the change (another call may have changed the other value meanwhile).
        const saved = await changeCase(c.id, (x) => {
          const next = {
            issuingCountry: params.issuingCountry !== undefined ? params.issuingCountry : x.issuingCountry,
            idType: params.idType !== undefined ? params.idType : x.idType,
          }
          if (isBusy(x) || (next.issuingCountry === x.issuingCountry && next.idType === x.idType)) return x
          didChange = true
          return { ...x, ...next }
        })
        if (didChange) changed.push(summarise(saved))
      }
      if (changed.length > 1) deps.emit('casesChanged', {})
      deps.logger.info(`params: ${changed.length} of ${ids.length} case(s) changed`)
      return changed
    },

    getSettingsHistory() {
      return settings.history()
    },

    async deleteCase(caseId: string, reason: string) {
      await ready
      return deletion.deleteCase(caseId, reason)
    },

    async deleteAllData() {
      await ready
      return deletion.deleteAllData()
    },

    // The vault: answered before the store is open (everything else waits for `ready`).
    async getVaultState() {
      return gate ? gate.state() : { state: 'none' }
    },
    async setUpVault(passphrase) {
      return requireGate().setUp(passphrase)
    },
    async unlockVault(secret) {
      return requireGate().unlock(secret)
    },
    async setVaultPassphrase(passphrase) {
      return requireGate().setPassphrase(passphrase)
    },
    async newRecoveryKey() {
      return requireGate().newRecoveryKey()
    },

    async testConnection(): Promise<ConnectionTest> {
      await ready
      const baseUrl = settings.baseUrl()
      const endpoint = shownEndpoint(baseUrl)
      let apiKey: string
      try {
        apiKey = settings.apiKey()
      } catch (err) {
        return { ok: false, message: redact(err instanceof Error ? err.message : String(err)), endpoint }
      }
      const timeoutMs = Math.min(10_000, settings.recognition().requestTimeoutSec * 1000)
      const result = await client().probe(baseUrl, apiKey, timeoutMs)
      return { ok: result.ok, message: redact(result.message), endpoint }
    },

    async revealExport(path: string): Promise<void> {
      await ready
      return exporter.revealExport(path)
    },

    secretsForRedaction,

    async dispose() {
      clearInterval(purgeTimer)
      stopMigration.abort(new Error('Recto is quitting'))
      // Quitting at the unlock screen: nothing was started, nothing to wait for (ready never comes).
      if (!isReady) {
        if (unlockedYet) await ready.catch(() => undefined)
        if (!isReady) {
          await localEngine.dispose().catch(() => undefined)
          keys?.forget()
          gate?.lock()
          return
        }
      }
      await purged
      await resumed.catch(() => undefined)
      // In-flight requests are aborted; their cases stay "sending" on disk (Interrupted at the next start).
      queue.halt()
      await queue.idle()
      // After the queue: a document being read was aborted by the halt, so nothing uses the engine any more.
      await localEngine
        .dispose()
        .catch((err: unknown) =>
          deps.logger.warn(
            `local engine: not stopped cleanly (${err instanceof Error ? err.name : 'error'})`,
          ),
        )
      if (receiver) await (await receiver.catch(() => null))?.receiver.stop()
      await store.close()
      keys?.forget()
      gate?.lock()
    },
  }
  return service
}
