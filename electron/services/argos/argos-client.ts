// The ARGOS Global ID Recognition client: builds the request from stored image bytes, retries what is transient
// (API-NOTES, "Errors"), parses the answer (shape A, or shape B converted) and turns every failure into a
// CaseError the reviewer can act on, with what it means for the batch (argos-errors.ts, policyFor).
// The API key goes into the x-api-key header and nowhere else: anything the server echoes is redacted, and
// log lines carry attempt numbers, statuses, error codes and transaction ids only (no values, no images).
//
// Per failure (policyFor in argos-errors.ts; `retry` = retried here, then `retryable`/`stopBatch` in the outcome):
//   1003, 500, 503, 408                              retried with full-jitter backoff   retryable
//   connection refused / no route / DNS / TLS        retried with full-jitter backoff   retryable (stopBatch at end)
//   timeout, connection dropped, 502, 504            NOT retried unless resendAfterSend  maybeProcessed
//   429                retried after Retry-After (capped 60 s), reports retryAfterMs     retryable
//   413                shrink() once and resend (not counted against maxRetries)           retryable
//   403/401, 404, 1001, 1010                         not retried                         retryable, stopBatch
//   1005, 1015 (client bugs)                         not retried                         not retryable
//   other 400 codes, other 4xx/3xx, unexpected body  not retried                         retryable
//   caller abort       stops at once, "Cancelled"                                         retryable
// Billing (argos-errors.ts, maybeProcessed): ARGOS bills each request it processes and has no idempotency key, so
// a retry is safe only when the failed attempt cannot have been processed: refused before the body left (DNS,
// connection refused, TLS), or answered by ARGOS itself as not taken or failed (429, 413, 408, 503, 500, 1003:
// API-NOTES says to retry these). A timeout, a connection dropped after connecting, or a gateway's 502/504 may
// come after ARGOS received the body and while it still processes it: such a failure is reported with
// `maybeProcessed` (the case goes to Interrupted, recognition-runner.ts) instead of being resent silently, unless
// the request says `resendAfterSend` (Settings: "Resend interrupted requests automatically"), when it is retried
// like the rest and may be billed twice. Worst case per case: (1 + maxRetries) × timeoutMs + the delays.
import { redactSecrets } from '../redact'
import { setTimeout as delay } from 'node:timers/promises'
import { z } from 'zod'
import type { CaseError, IdType } from '../../../shared/model'
import {
  adviceFor,
  isUnreachableCode,
  policyFor,
  problemFor,
  sentNothing,
  transportError,
} from './argos-errors'
import type { BatchProblem } from '../batch/batch-queue'
import { parseRecognition, type Recognition } from './argos-result'
import { ArgosErrorBody } from './argos-schema'
import type { Logger } from '../ports'

export type { Recognition } from './argos-result'

export type RetryPolicy = { maxRetries: number; baseDelayMs: number; maxDelayMs: number }
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 15_000 }

export type ArgosClientOptions = {
  fetch?: typeof fetch
  /** Per attempt, covering the upload and reading the answer. */
  timeoutMs: number
  retry: RetryPolicy
  logger: Logger
  /** Injected for tests; must reject (or resolve early) when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** [0, 1), for the backoff jitter. */
  random?: () => number
}

export type UploadPayload = { front: Buffer; back: Buffer | null }

export type RecognitionRequest = {
  baseUrl: string
  apiKey: string
  issuingCountry: string
  idType: IdType
  images: UploadPayload
  /** Callback mode: the answer is an acknowledgement, the result is POSTed here (callback-receiver.ts). */
  callbackUrl?: string
  signal?: AbortSignal
  /** Called once on a 413: smaller images to resend, or null when they cannot be made smaller. */
  shrink?: () => Promise<UploadPayload | null>
  /** Retry also after a failure that ARGOS may have processed (and billed): a timeout, a drop, 502/504. */
  resendAfterSend?: boolean
}

export type RecognitionOutcome =
  | { kind: 'recognised'; recognition: Recognition; attempts: number; shrunk: boolean }
  | { kind: 'accepted'; transactionId: string; attempts: number; shrunk: boolean }
  | {
      kind: 'failed'
      error: CaseError
      /** The answer's body (first 4000 characters, key redacted), kept with the case for support. */
      body: string | null
      /** Retrying the case later can succeed (possibly after changing its inputs or settings). */
      retryable: boolean
      /** Every other case of the batch would fail the same way: do not send them. */
      stopBatch: boolean
      attempts: number
      /** How long the batch should wait before its next request (429, or 503 with Retry-After). */
      retryAfterMs: number | null
      /** A problem of the setup rather than of this case (key refused, endpoint unreachable). */
      problem?: BatchProblem
      /** The last attempt may have reached ARGOS and been processed (billed): resending may bill twice. */
      maybeProcessed?: boolean
    }
type Failed = Extract<RecognitionOutcome, { kind: 'failed' }>

const RETRY_AFTER_CAP_MS = 60_000
const BODY_KEPT_CHARS = 4000
const MESSAGE_KEPT_CHARS = 500

const Acknowledgement = z.object({ transactionId: z.string().min(1), message: z.string().optional() })

type Attempt =
  | { kind: 'answer'; status: number; text: string; retryAfterMs: number | null }
  | { kind: 'cancelled' }
  | { kind: 'timeout' }
  | { kind: 'network'; code: string | null }

export function recognitionUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/recognition`
}

/**
 * The request body as one buffer: the base64 strings are made once and written straight into it, and only the
 * small fields go through JSON.stringify (base64 needs no JSON escaping). No data: prefix (the contract forbids it).
 */
export function requestBody(
  images: UploadPayload,
  fields: { issuingCountry: string; idType: string; callbackUrl?: string | undefined },
): Uint8Array<ArrayBuffer> {
  const front = images.front.toString('base64')
  const back = images.back ? images.back.toString('base64') : null
  const small = JSON.stringify({
    issuingCountry: fields.issuingCountry,
    idType: fields.idType,
    callbackUrl: fields.callbackUrl || undefined,
  })
  const parts: [string, BufferEncoding][] = [
    ['{"idImage":"', 'ascii'],
    [front, 'ascii'],
    ...(back === null
      ? []
      : ([
          ['","idBackImage":"', 'ascii'],
          [back, 'ascii'],
        ] as [string, BufferEncoding][])),
    [`",${small.slice(1)}`, 'utf8'],
  ]
  const bytes = new Uint8Array(parts.reduce((n, [s, enc]) => n + Buffer.byteLength(s, enc), 0))
  const out = Buffer.from(bytes.buffer) // a view: the strings are written straight into `bytes`
  let offset = 0
  for (const [s, enc] of parts) offset += out.write(s, offset, enc)
  return bytes
}

/** Retry-After in seconds or as an HTTP date, in ms from `now`, capped; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null
  const text = header.trim()
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now
  if (!Number.isFinite(ms)) return null
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, Math.round(ms)))
}

function redactor(apiKey: string): (text: string) => string {
  return (text) => redactSecrets(text, [apiKey])
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined
  } catch {
    return undefined
  }
}

function networkCode(err: unknown): string | null {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined
  const code = cause?.code ?? (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? code : null
}

const cancelledError: CaseError = {
  title: 'Cancelled',
  message: 'The recognition was cancelled before ARGOS answered',
  action: 'Recognize the case again when ready.',
  httpStatus: null,
  errorCode: null,
}

/** What one test request found: reachable, key accepted, or why not (never the key). */
export type ProbeResult = { ok: boolean; message: string; problem?: BatchProblem }

export class ArgosClient {
  private readonly fetch: typeof fetch
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  private readonly random: () => number

  constructor(private readonly opts: ArgosClientOptions) {
    this.fetch = opts.fetch ?? ((input, init) => fetch(input, init))
    this.sleep = opts.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }))
    this.random = opts.random ?? Math.random
  }

  /**
   * Test connection: one POST to the recognition route with an empty JSON body and the key. The API has no cheap
   * authenticated read, so this relies on the order the provider (and the emulator) judge a request in: the key
   * first (403 "Forbidden" when refused), then the body (400 with a 100x errorCode: "idImage is required"). An
   * answered validation error therefore means "reachable and the key accepted", without sending any image (and,
   * we assume, without anything billed). Not retried; `timeoutMs` bounds it.
   */
  async probe(baseUrl: string, apiKey: string, timeoutMs: number): Promise<ProbeResult> {
    const redact = redactor(apiKey)
    const url = recognitionUrl(baseUrl)
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      return {
        ok: false,
        message: 'The ARGOS base URL is not a valid http(s) address.',
        problem: 'unreachable',
      }
    }
    const timeout = AbortSignal.timeout(timeoutMs)
    let status: number
    let text: string
    try {
      const res = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': apiKey },
        body: '{}',
        signal: timeout,
        redirect: 'manual',
      })
      status = res.status
      text = await res.text()
    } catch (err) {
      if (timeout.aborted) {
        return {
          ok: false,
          message: `No answer within ${Math.round(timeoutMs / 100) / 10} s.`,
          problem: 'unreachable',
        }
      }
      const code = networkCode(err)
      this.opts.logger.warn(`argos: connection test failed (network ${code ?? 'error'})`)
      return {
        ok: false,
        message: `Could not connect${code ? ` (${code})` : ''}: check the network and the ARGOS base URL.`,
        problem: 'unreachable',
      }
    }
    this.opts.logger.info(`argos: connection test answered HTTP ${status}`)
    const parsed = ArgosErrorBody.safeParse(parseJson(text))
    const errorCode = parsed.success ? (parsed.data.errorCode ?? null) : null
    if ((status >= 200 && status < 300) || (status === 400 && errorCode !== null && errorCode !== '1001')) {
      return { ok: true, message: 'Connected: ARGOS answered and accepted the API key.' }
    }
    const advice = adviceFor(status, errorCode, null)
    return {
      ok: false,
      message: redact(
        `${advice.title} (HTTP ${status}${errorCode ? `, error ${errorCode}` : ''}). ${advice.action}`,
      ),
      ...(problemFor(status, errorCode) ? { problem: problemFor(status, errorCode)! } : {}),
    }
  }

  /** Never throws: every failure is a `failed` outcome. */
  async recognize(req: RecognitionRequest): Promise<RecognitionOutcome> {
    const redact = redactor(req.apiKey)
    try {
      return await this.run(req, redact)
    } catch (err) {
      const message = redact(err instanceof Error ? err.message : String(err)).slice(0, MESSAGE_KEPT_CHARS)
      this.opts.logger.error('argos: recognition failed unexpectedly')
      return this.failed(
        transportError(message, 'Try again; if this persists, report it to support.', 'Recognition failed'),
        { attempts: 0 },
      )
    }
  }

  private async run(req: RecognitionRequest, redact: (text: string) => string): Promise<RecognitionOutcome> {
    const log = this.opts.logger
    const url = recognitionUrl(req.baseUrl)
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      const error = transportError(
        'The ARGOS base URL is not a valid http(s) address',
        'Check the ARGOS base URL in Settings.',
        'ARGOS address invalid',
      )
      return this.failed(error, { attempts: 0, stopBatch: true, problem: 'unreachable' })
    }
    const { maxRetries } = this.opts.retry
    let images = req.images
    let shrunk = false
    let attempts = 0
    let retries = 0
    for (;;) {
      if (req.signal?.aborted) return this.cancelled(attempts)
      attempts += 1
      const answer = await this.send(url, req, images)
      if (answer.kind === 'cancelled') return this.cancelled(attempts)
      if (answer.kind === 'answer' && answer.status >= 200 && answer.status < 300)
        return this.interpret(answer, req, attempts, shrunk, redact)

      const failure = this.classify(answer, redact, retries)
      log.warn(`argos: attempt ${attempts} failed (${failure.summary})`)
      if (answer.kind === 'answer' && answer.status === 413 && !shrunk && req.shrink) {
        // A shrink that fails counts as "cannot be made smaller": the 413 is reported.
        const smaller = await req.shrink().catch(() => {
          log.warn('argos: could not shrink the images')
          return null
        })
        if (smaller) {
          images = smaller
          shrunk = true
          log.info('argos: resending smaller images after 413')
          continue
        }
      }
      // Not resent when ARGOS may have processed this attempt: the reviewer decides (or the setting did).
      const unsafe = failure.maybeProcessed && !req.resendAfterSend
      if (!failure.retry || unsafe || retries >= maxRetries) {
        if (unsafe && failure.retry) log.warn(`argos: not resent, the request may have reached ARGOS`)
        else if (failure.retry) log.warn(`argos: giving up after ${attempts} attempts`)
        return this.failed(failure.error, { ...failure, attempts })
      }
      const wait = failure.waitMs ?? this.backoff(retries)
      retries += 1
      log.info(`argos: retry ${retries}/${maxRetries} in ${wait} ms`)
      try {
        await this.sleep(wait, req.signal)
      } catch {
        return this.cancelled(attempts)
      }
    }
  }

  /** Full jitter: uniform in [0, min(max, base·2^n)). */
  private backoff(retry: number): number {
    return Math.floor(this.random() * this.ceiling(retry))
  }

  private ceiling(retry: number): number {
    const { baseDelayMs, maxDelayMs } = this.opts.retry
    return Math.min(maxDelayMs, baseDelayMs * 2 ** retry)
  }

  private async send(url: string, req: RecognitionRequest, images: UploadPayload): Promise<Attempt> {
    const timeout = AbortSignal.timeout(this.opts.timeoutMs)
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout
    try {
      const res = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': req.apiKey },
        body: requestBody(images, req),
        signal,
        // A redirect would carry x-api-key to wherever it points: never follow one.
        redirect: 'manual',
      })
      const text = await res.text()
      return {
        kind: 'answer',
        status: res.status,
        text,
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
      }
    } catch (err) {
      if (req.signal?.aborted) return { kind: 'cancelled' }
      if (timeout.aborted) return { kind: 'timeout' }
      return { kind: 'network', code: networkCode(err) }
    }
  }

  private interpret(
    answer: Extract<Attempt, { kind: 'answer' }>,
    req: RecognitionRequest,
    attempts: number,
    shrunk: boolean,
    redact: (text: string) => string,
  ): RecognitionOutcome {
    const json = parseJson(answer.text)
    const recognition = parseRecognition(json)
    if (recognition) {
      this.opts.logger.info(
        `argos: recognised, transaction ${recognition.transactionId} (shape ${recognition.shape}, ${attempts} attempt(s))`,
      )
      return { kind: 'recognised', recognition, attempts, shrunk }
    }
    const ack = req.callbackUrl ? Acknowledgement.safeParse(json) : null
    if (ack?.success) {
      this.opts.logger.info(`argos: accepted for callback, transaction ${ack.data.transactionId}`)
      return { kind: 'accepted', transactionId: ack.data.transactionId, attempts, shrunk }
    }
    this.opts.logger.warn(`argos: HTTP ${answer.status} answer of an unexpected shape`)
    const error: CaseError = {
      title: 'Unexpected answer from ARGOS',
      message:
        json === undefined
          ? 'The response was not JSON'
          : 'The response had neither the documented shape nor the alternative one',
      action: 'Try again; if this persists, report it to support (the response is kept with the case).',
      httpStatus: answer.status,
      errorCode: null,
    }
    return this.failed(error, { attempts, body: redact(answer.text).slice(0, BODY_KEPT_CHARS) })
  }

  private classify(
    answer: Exclude<Attempt, { kind: 'cancelled' }>,
    redact: (t: string) => string,
    retries: number,
  ) {
    // Transport failures: no answer to read, worth another attempt if the body cannot have been processed.
    const transient = (error: CaseError, summary: string, maybeProcessed: boolean) => ({
      error,
      body: null,
      retry: true,
      retryable: true,
      stopBatch: false,
      waitMs: null,
      retryAfterMs: null,
      summary,
      maybeProcessed,
    })
    if (answer.kind === 'timeout') {
      return transient(
        transportError(
          `No answer within ${Math.round(this.opts.timeoutMs / 100) / 10} s`,
          'Check the network and try again.',
          'ARGOS did not answer in time',
        ),
        'timeout',
        true,
      )
    }
    if (answer.kind === 'network') {
      const failure = transient(
        transportError(
          `The connection failed${answer.code ? ` (${answer.code})` : ''}`,
          'Check the network connection and the ARGOS base URL in Settings, then try again.',
        ),
        `network ${answer.code ?? 'error'}`,
        !sentNothing(answer.code),
      )
      // No address, refused, or a certificate that does not hold: once the retries are spent, every other case
      // would fail the same way, so the batch stops.
      return isUnreachableCode(answer.code)
        ? { ...failure, stopBatch: true, problem: 'unreachable' as const }
        : failure
    }
    const parsed = ArgosErrorBody.safeParse(parseJson(answer.text))
    const errorCode = parsed.success ? (parsed.data.errorCode ?? null) : null
    const apiMessage =
      parsed.success && parsed.data.message ? redact(parsed.data.message).slice(0, MESSAGE_KEPT_CHARS) : null
    const tx = parsed.success ? parsed.data.transactionId : undefined
    const policy = policyFor(answer.status, errorCode)
    const honoursHeader = answer.status === 429 || answer.status === 503
    const waitMs = honoursHeader ? answer.retryAfterMs : null
    // The batch slows down by what the server asked for, or by the current backoff ceiling on a bare 429.
    const retryAfterMs = answer.status === 429 ? (waitMs ?? this.ceiling(retries)) : waitMs
    const summary = `HTTP ${answer.status}${errorCode ? ` error ${errorCode}` : ''}${tx ? `, transaction ${tx.slice(0, 64)}` : ''}`
    return {
      error: adviceFor(answer.status, errorCode, apiMessage),
      body: redact(answer.text).slice(0, BODY_KEPT_CHARS) || null,
      ...policy,
      waitMs,
      retryAfterMs,
      summary,
      problem: problemFor(answer.status, errorCode),
    }
  }

  private cancelled(attempts: number): Failed {
    this.opts.logger.info(`argos: cancelled after ${attempts} attempt(s)`)
    return this.failed(cancelledError, { attempts, retryable: true })
  }

  private failed(
    error: CaseError,
    extra: Partial<
      Pick<
        Failed,
        'body' | 'retryable' | 'stopBatch' | 'attempts' | 'retryAfterMs' | 'problem' | 'maybeProcessed'
      >
    >,
  ): Failed {
    return {
      kind: 'failed',
      error,
      body: extra.body ?? null,
      retryable: extra.retryable ?? true,
      stopBatch: extra.stopBatch ?? false,
      attempts: extra.attempts ?? 0,
      retryAfterMs: extra.retryAfterMs ?? null,
      ...(extra.problem ? { problem: extra.problem } : {}),
      ...(extra.maybeProcessed ? { maybeProcessed: true } : {}),
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
