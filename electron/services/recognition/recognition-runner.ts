// One case through recognition: prepare the upload (fit under the upload limit, keep the scale), mark the case
// "sending" with a send marker, call ARGOS (sync, or callback mode), map the boxes back to the stored image and
// save the result — or the failure, without touching the reviewer's work.
//
// Billing: ARGOS bills each request it processes, and its API has no idempotency key (openapi.yaml: the body is
// idImage, idBackImage, issuingCountry, idType, callbackUrl; no request id header), so a request that may have
// reached it must not be sent again behind the reviewer's back. The send marker ({ attemptId, at }, local only) is
// saved with status "sending" through the store's atomic, fsynced write BEFORE any byte leaves, and cleared in the
// same write that saves the result or the failure. A case found at start with a marker and no result was
// interrupted (review-service.ts, resume): it is shown as such and resent only when the reviewer asks, or when
// Settings → Recognition → "Resend interrupted requests automatically" is on. A crash before the marker is saved
// leaves the case "queued": nothing left the computer, so it is resumed.
//
// The local engine (issue 15) reads the stored images on this computer: no key, no country or type needed (the
// MRZ fills them in), nothing to bill, so no send marker. The case is "sending" with `runningOn: 'local'` while it
// is read; a crash meanwhile leaves that on disk, and resume queues it again (nothing left the computer). Its
// answer is ARGOS-shaped (local-engine/types.ts) and saved through the same mapping and merge as ARGOS's.
// Which engine reads a case is decided when the case starts (Settings.engine()): a batch may use either.
import { randomBytes } from 'node:crypto'
import { redactSecrets } from '../redact'
import type { BarcodeRead } from '../../../shared/checks/types'
import { mrzCountry } from '../../../shared/checks/country'
import {
  CountryCodeSchema,
  IdTypeSchema,
  type Case,
  type CaseError,
  type Field,
  type SendMarker,
  type Side,
} from '../../../shared/model'
import type { ArgosClient, Recognition, UploadPayload } from '../argos/argos-client'
import { describe } from '../argos/argos-errors'
import { HALTED, type JobResult } from '../batch/batch-queue'
import type { CallbackReceiver } from '../argos/callback-receiver'
import type { CaseRepository } from '../store/repository'
import { fillFromMrz } from '../cases/case-params'
import { fieldsFromRaw, ocrStrings } from '../argos/fields'
import { prepareUpload, type UploadImage } from '../images/image-import'
import { isEngineLoadError, LocalEngineUnavailable } from '../local-engine-loader'
import type { LocalEngine, LocalRecognition } from '../local-engine/types'
import type { Logger } from '../ports'
import type { Settings } from '../settings/settings'

const MB = 1024 * 1024

export type RunnerDeps = {
  store: CaseRepository
  settings: Settings
  client: ArgosClient
  /** Started on first use in callback mode. */
  callbacks: () => Promise<{ receiver: CallbackReceiver; url: string }>
  /** `paramsSource` says who changed the country or type when the change does ("mrz": filled after recognition). */
  changeCase: (id: string, change: (c: Case) => Case, paramsSource?: 'reviewer' | 'mrz') => Promise<Case>
  logger: Logger
  redact: (text: string) => string
  /** Looks for the AAMVA PDF417 barcode on a side (US and Canadian licences); never throws. */
  readBarcode: (image: Uint8Array, side: Side, signal: AbortSignal) => Promise<BarcodeRead>
  /** The engine that reads documents on this computer (loaded on first use); absent: none in this host. */
  localEngine?: LocalEngine
}

/** Countries whose driving licences and ID cards carry an AAMVA PDF417 barcode on the back. */
export const AAMVA_COUNTRIES: ReadonlySet<string> = new Set(['USA', 'CAN'])

/** The back's barcode, for an AAMVA country's two-sided document; null when there is nothing to look for. */
async function backBarcode(deps: RunnerDeps, c: Case, country: string, signal: AbortSignal) {
  if (!c.back || !AAMVA_COUNTRIES.has(country)) return null
  try {
    return await deps.readBarcode(await deps.store.readImage(c, 'back'), 'back', signal)
  } catch (err) {
    if (signal.aborted) return null // the caller sees the abort and stops
    // The reader reports what it cannot read; this is for a failure around it (the image unreadable from disk).
    deps.logger.warn(`barcode: case ${c.id} back not read (${err instanceof Error ? err.name : 'error'})`)
    return {
      side: 'back',
      status: 'unreadable',
      message: 'The back image could not be read to look for the barcode.',
      raw: null,
      data: null,
    } satisfies BarcodeRead
  }
}

/** Keeps what the reviewer corrected when a case is recognised again. */
export function mergeFields(previous: Field[], fresh: Field[]): Field[] {
  const old = new Map(previous.map((f) => [f.key, f]))
  return fresh.map((f) => {
    const before = old.get(f.key)
    if (!before || (before.value === before.ocrValue && !before.verified)) return f
    return { ...f, value: before.value, verified: before.verified }
  })
}

function stamp(): string {
  return new Date().toISOString()
}

export async function recognizeCase(deps: RunnerDeps, id: string, signal: AbortSignal): Promise<JobResult> {
  // A callback token issued for this request is forgotten however the request ends (spent already if taken).
  const revoke: Array<() => void> = []
  try {
    return await recognize(deps, id, signal, revoke)
  } finally {
    for (const r of revoke) r()
  }
}

async function recognize(
  deps: RunnerDeps,
  id: string,
  signal: AbortSignal,
  revoke: Array<() => void>,
): Promise<JobResult> {
  if (deps.settings.engine() === 'local') return recognizeLocally(deps, id, signal)
  const { store, settings, client, logger } = deps
  const config = settings.recognition()
  const limit = Math.round(config.uploadLimitMb * MB)
  let apiKey: string
  try {
    apiKey = settings.apiKey()
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    await fail(deps, id, {
      title: 'No API key',
      message,
      action: 'Open Settings and enter the key.',
      httpStatus: null,
      errorCode: null,
    })
    return { ok: false, message, stopBatch: true, problem: 'no_key' }
  }

  // Each case is sent with its own country and type (never a default): without them nothing is sent.
  const queued = await store.load(id)
  if (!queued.issuingCountry || !queued.idType) {
    const message = 'Choose the issuing country and ID type, then recognize again.'
    await fail(deps, id, {
      title: 'Country or type missing',
      message,
      action: 'Set them with the Issuing country and ID type selects, then recognize again.',
      httpStatus: null,
      errorCode: null,
    })
    return { ok: false, message: `${queued.name}: ${message}` }
  }
  // The images are read and fitted before the marker is saved: a crash while preparing leaves the case "queued".
  // The country and type cannot change meanwhile (setCaseParams refuses a queued case).
  let c: Case = queued
  const sentAs = { issuingCountry: queued.issuingCountry, idType: queued.idType }

  // Only the payloads of requests in flight are held in memory: read and fit each side now, not at enqueue.
  const fit = async (factor: number): Promise<{ front: UploadImage; back: UploadImage | null }> => {
    const front = await prepareUpload(await store.readImage(c, 'front'), c.front, Math.floor(limit * factor))
    const back = c.back
      ? await prepareUpload(await store.readImage(c, 'back'), c.back, Math.floor(limit * factor))
      : null
    return { front, back }
  }
  let sent = await fit(1)
  const payload = (u: typeof sent): UploadPayload => ({ front: u.front.bytes, back: u.back?.bytes ?? null })
  if (signal.aborted) return aborted(deps, c, signal)

  // Callback mode: this request's own callback URL, carrying a token only ARGOS learns (callback-receiver.ts).
  let callback: { receiver: CallbackReceiver; url: string; token: string } | null = null
  if (config.callbackMode) {
    const { receiver } = await deps.callbacks()
    const ticket = receiver.issue(config.publicCallbackUrl || undefined)
    revoke.push(() => receiver.revoke(ticket.token))
    callback = { receiver, ...ticket }
  }
  const callbackUrl = callback?.url
  // The API key and this request's callback token, in every form a server might echo them.
  const redact = (text: string): string => redactSecrets(text, [apiKey, callback?.token])
  const redactAll = (text: string): string => redact(deps.redact(text))

  // Saved (atomic write, fsync) before the request leaves; any earlier marker (an interrupted request being resent)
  // is replaced, and the "sent" audit event names it (case-audit.ts).
  const marker: SendMarker = { attemptId: randomBytes(16).toString('hex'), at: stamp() }
  c = await deps.changeCase(id, (x) => ({
    ...x,
    status: 'sending',
    error: null,
    sendMarker: marker,
    runningOn: 'argos',
  }))
  logger.info(`recognize: sending case ${id}${callbackUrl ? ' (callback mode)' : ''}`)
  const outcome = await client.recognize({
    baseUrl: settings.baseUrl(),
    apiKey,
    issuingCountry: sentAs.issuingCountry,
    idType: sentAs.idType,
    images: payload(sent),
    ...(callbackUrl ? { callbackUrl } : {}),
    signal,
    resendAfterSend: config.resendInterrupted,
    // 413: shrink once to half the limit and retry.
    shrink: async () => {
      sent = await fit(0.5)
      return payload(sent)
    },
  })

  let recognition: Recognition
  let attempts = outcome.attempts
  if (signal.aborted) return aborted(deps, c, signal)
  if (outcome.kind === 'failed' && outcome.maybeProcessed) {
    // A timeout or a dropped connection after the body may have arrived: not resent (auto-resend is off).
    await interrupt(deps, id, outcome.error)
    return {
      ok: false,
      message: `${c.name}: ${describe({ ...outcome.error, message: redactAll(outcome.error.message) })}`,
    }
  }
  if (outcome.kind === 'failed') {
    await fail(deps, id, outcome.error, outcome.body, redactAll)
    return {
      ok: false,
      message: `${c.name}: ${describe({ ...outcome.error, message: redactAll(outcome.error.message) })}`,
      stopBatch: outcome.stopBatch,
      pauseMs: outcome.retryAfterMs,
      ...(outcome.problem ? { problem: outcome.problem } : {}),
    }
  } else if (outcome.kind === 'accepted') {
    if (!callback) throw new Error('An acknowledgement without a callback URL')
    const answer = await callback.receiver.expect(
      callback.token,
      outcome.transactionId,
      config.callbackTimeoutSec * 1000,
      signal,
    )
    if (signal.aborted) return aborted(deps, c, signal)
    if (answer.kind === 'failed') {
      await fail(deps, id, answer.error, null, redactAll)
      return {
        ok: false,
        message: `${c.name}: ${describe({ ...answer.error, message: redactAll(answer.error.message) })}`,
      }
    }
    recognition = answer.recognition
    attempts = outcome.attempts
  } else {
    recognition = outcome.recognition
  }

  // Boxes come back in the pixels of what was sent; each side's scale puts them back on the stored image.
  const mapped = fieldsFromRaw(
    recognition.raw,
    c.back !== null,
    { front: sent.front.scale, back: sent.back?.scale ?? 1 },
    { front: c.front, back: c.back },
  )
  const fields = mapped.fields
  if (mapped.skipped.length)
    logger.warn(`recognize: case ${id}: ${mapped.skipped.length} raw entries not field-shaped`)
  // The barcode is read once per recognition, before the result is saved, so the first checks include it.
  const barcode = await backBarcode(deps, c, sentAs.issuingCountry, signal)
  if (signal.aborted) return aborted(deps, c, signal)
  await deps.changeCase(id, (x) => ({
    ...x,
    status: 'recognised',
    provider: 'argos',
    error: null,
    sendMarker: null,
    runningOn: null,
    supportBody: null,
    transactionId: recognition.transactionId,
    documentType: recognition.documentType,
    fields: mergeFields(x.fields, fields),
    ocr: ocrStrings(recognition.ocr),
    barcode,
    recognition: {
      shape: recognition.shape,
      rotate: recognition.rotate,
      reviewFront: recognition.reviewFront,
      reviewBack: recognition.reviewBack,
      uploadScale: { front: sent.front.scale, back: sent.back?.scale ?? null },
      attempts,
      recognisedAt: stamp(),
      sent: sentAs,
      verification: recognition.verification,
    },
  }))
  // A case recognised without a country or type of its own takes the MRZ's (nothing to do when it has both).
  await deps.changeCase(id, fillFromMrz, 'mrz')
  const placed = fields.filter((f) => f.quad).length
  const viaFit = fields.filter((f) => f.quadSource === 'mapped').length
  return {
    ok: true,
    message: `${c.name}: ${fields.length} fields recognised (${placed} with a box${viaFit ? `, ${viaFit} placed by fit` : ''})`,
  }
}

/**
 * A reviewer's cancel puts the case back to "new" (the reviewer chose to stop; their next Recognize is explicit).
 * The app closing (HALTED) leaves the case as it is on disk: "queued" when nothing was sent (resumed at the next
 * start), "sending" with its marker when the request had left (Interrupted at the next start, see resume).
 */
async function aborted(deps: RunnerDeps, c: Case, signal: AbortSignal): Promise<JobResult> {
  if (signal.reason !== HALTED)
    await deps.changeCase(c.id, (x) => ({ ...x, status: 'new', sendMarker: null, runningOn: null }))
  return {
    ok: false,
    message: `${c.name}: ${signal.reason === HALTED ? 'stopped' : 'cancelled'}`,
  }
}

/**
 * What an interrupted case says (status "interrupted"); `at` is when its request left, `cause` 'restart' when Recto
 * stopped meanwhile, or the transport failure (only its title and status are kept: no server text).
 */
export function interruptedError(at: string, cause: 'restart' | CaseError): CaseError {
  const when = at
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')
    .replace(/Z$/, ' UTC')
  const why =
    cause === 'restart' ? 'Recognition was interrupted' : `Recognition was interrupted (${cause.title})`
  return {
    title: 'Recognition interrupted',
    message: `${why} at ${when} after the request was sent; ARGOS may have processed and billed it.`,
    action: 'Recognize again to resend.',
    httpStatus: cause === 'restart' ? null : cause.httpStatus,
    errorCode: null,
  }
}

/** The case waits for the reviewer: its request may have been processed, so it is not failed nor resent. */
async function interrupt(deps: RunnerDeps, id: string, error: CaseError): Promise<void> {
  deps.logger.warn(`recognize: case ${id} interrupted after sending (${error.httpStatus ?? 'no response'})`)
  await deps.changeCase(id, (x) => ({
    ...x,
    status: 'interrupted',
    runningOn: null,
    // The marker stays: it is what the case was interrupted with (cleared by the next result or failure).
    error: interruptedError(x.sendMarker?.at ?? stamp(), error),
  }))
}

async function fail(
  deps: RunnerDeps,
  id: string,
  error: CaseError,
  body: string | null = null,
  redact: (text: string) => string = deps.redact,
): Promise<void> {
  const safe = { ...error, message: redact(error.message) }
  deps.logger.warn(
    `recognize: case ${id} failed (${safe.httpStatus ?? 'no response'} ${safe.errorCode ?? ''})`,
  )
  await deps.changeCase(id, (x) => ({
    ...x,
    status: 'failed',
    sendMarker: null,
    runningOn: null,
    error: safe,
    supportBody: body === null ? x.supportBody : redact(body),
  }))
}

// ---- The local engine

/**
 * The MRZ's issuing state and document type, from an MRZ read valid (every check digit passes and its state codes are
 * known: a misread "JIP" is no country to file a case under) and when they are values a case can hold; null otherwise.
 * Germany's 'D' is DEU.
 */
function mrzParams(mrz: LocalRecognition['mrz']): { issuingCountry: string; idType: Case['idType'] } | null {
  if (!mrz?.valid) return null
  const country = CountryCodeSchema.safeParse(mrzCountry(mrz.issuingCountry))
  const type = IdTypeSchema.safeParse(mrz.idType)
  return country.success && type.success ? { issuingCountry: country.data, idType: type.data } : null
}

/** The case with the MRZ's country and type where it has none; the case itself when nothing changes. */
function prefillFrom(mrz: NonNullable<ReturnType<typeof mrzParams>>) {
  return (c: Case): Case => {
    const issuingCountry = c.issuingCountry ?? mrz.issuingCountry
    const idType = c.idType ?? mrz.idType
    return issuingCountry === c.issuingCountry && idType === c.idType ? c : { ...c, issuingCountry, idType }
  }
}

/** The first line of an error's message, short: what the reviewer reads in the case's error. */
function reason(err: unknown): string {
  const text = err instanceof Error ? err.message : ''
  const line = text.split('\n')[0]!.trim()
  return line.length > 200 ? `${line.slice(0, 199)}…` : line
}

/** What a failure of the local engine says (the title, and what to do). */
export function localEngineError(err: unknown): CaseError {
  const why = reason(err)
  if (isEngineLoadError(err))
    return {
      title: 'Local engine unavailable',
      message: `The recogniser on this computer could not be started${why ? `: ${why}` : ''}.`,
      action:
        'Recognize again; if it fails again, restart Recto, or choose ARGOS in Settings → Recognition engine.',
      httpStatus: null,
      errorCode: null,
    }
  return {
    title: 'Not read on this computer',
    message: `The document could not be read on this computer${why ? `: ${why}` : ''}.`,
    action:
      'Check that the scan is a clear image of the document and recognize again, or choose ARGOS in Settings → Recognition engine.',
    httpStatus: null,
    errorCode: null,
  }
}

async function recognizeLocally(deps: RunnerDeps, id: string, signal: AbortSignal): Promise<JobResult> {
  const { store, logger } = deps
  const queued = await store.load(id)
  // What the case held when it was read: what country.match / type.match compare the MRZ with.
  const sentAs =
    queued.issuingCountry && queued.idType
      ? { issuingCountry: queued.issuingCountry, idType: queued.idType }
      : null
  if (signal.aborted) return aborted(deps, queued, signal)
  // No marker: nothing leaves the computer. An earlier marker (an interrupted ARGOS request) is dropped, since
  // this reading replaces the answer it was waiting for.
  let c = await deps.changeCase(id, (x) => ({
    ...x,
    status: 'sending',
    error: null,
    sendMarker: null,
    runningOn: 'local',
  }))
  logger.info(`recognize: reading case ${id} on this computer`)
  let read: LocalRecognition
  try {
    const front = new Uint8Array(await store.readImage(c, 'front'))
    const back = c.back ? new Uint8Array(await store.readImage(c, 'back')) : null
    if (signal.aborted) return aborted(deps, c, signal)
    if (!deps.localEngine) throw new LocalEngineUnavailable('This host has no local engine')
    read = await deps.localEngine.recognize({ front, back }, signal)
  } catch (err) {
    if (signal.aborted) return aborted(deps, c, signal)
    // The name only: an engine's message may quote what it read.
    logger.warn(
      `recognize: case ${id} not read on this computer (${err instanceof Error ? err.name : 'error'})`,
    )
    const error = localEngineError(err)
    await fail(deps, id, error)
    // An engine that cannot start fails every case the same way: the rest of the batch is not tried.
    return { ok: false, message: `${c.name}: ${error.message}`, stopBatch: isEngineLoadError(err) }
  }
  if (signal.aborted) return aborted(deps, c, signal)

  // Every quad is in the stored image's pixels: scale 1.
  const mapped = fieldsFromRaw(
    read.raw,
    c.back !== null,
    { front: 1, back: 1 },
    { front: c.front, back: c.back },
  )
  const fields = mapped.fields
  if (mapped.skipped.length)
    logger.warn(`recognize: case ${id}: ${mapped.skipped.length} local entries not field-shaped`)
  const fromMrz = mrzParams(read.mrz)
  const country = sentAs?.issuingCountry ?? c.issuingCountry ?? fromMrz?.issuingCountry ?? null
  const barcode = country ? await backBarcode(deps, c, country, signal) : null
  if (signal.aborted) return aborted(deps, c, signal)
  const turned = read.sides.front.turned
  c = await deps.changeCase(id, (x) => ({
    ...x,
    status: 'recognised',
    provider: 'local',
    error: null,
    sendMarker: null,
    runningOn: null,
    supportBody: null,
    transactionId: null,
    documentType: read.documentType,
    fields: mergeFields(x.fields, fields),
    ocr: ocrStrings(read.ocr),
    barcode,
    recognition: {
      shape: 'A',
      rotate: turned ? String(turned) : null,
      reviewFront: null,
      reviewBack: null,
      uploadScale: { front: 1, back: c.back ? 1 : null },
      attempts: 1,
      recognisedAt: stamp(),
      sent: sentAs,
      verification: null,
      mrz: read.mrz ? { valid: read.mrz.valid, repairs: read.mrz.repairs } : null,
    },
  }))
  // The issuing state and document code pre-fill what the case does not have, as the reviewer would.
  if (fromMrz) await deps.changeCase(id, prefillFrom(fromMrz), 'mrz')
  await deps.changeCase(id, fillFromMrz, 'mrz')
  const placed = fields.filter((f) => f.quad).length
  const repairs = read.mrz?.repairs.length ?? 0
  if (repairs) logger.info(`recognize: case ${id}: ${repairs} MRZ character(s) repaired by check digit`)
  return {
    ok: true,
    message: `${c.name}: ${fields.length} fields recognised on this computer (${placed} with a box${repairs ? `, ${repairs} MRZ character${repairs === 1 ? '' : 's'} repaired` : ''})`,
  }
}
