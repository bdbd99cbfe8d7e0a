// Receives ARGOS callbacks (API-NOTES, "Callback"): an HTTP server, on 127.0.0.1 unless told otherwise, that
// hands each result to the expect() waiting for its transactionId. Nothing about a callback is signed, so a body
// is accepted only for a transaction we sent, validated like a synchronous answer, and only once.
//
// Answers: 204 when a callback is taken (handed over, or held for a moment, see below); 200 when it is ignored
// (unknown, duplicate, malformed), so a provider that retries on errors does not hammer us with the same body;
// 413 over the size limit; 404 for other paths; 405 for other methods.
//
// Race: ARGOS may call back before the acknowledgement has been processed and expect() registered. Such an early
// callback is held for `earlyGraceMs` and handed to a later expect(); after that it counts as unknown.
// Logs name transactions and reasons only: never a value from the body.
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CaseError } from '../../shared/model'
import { adviceFor, policyFor } from './argos-errors'
import type { Recognition } from './argos-result'
import { ArgosErrorBody } from './argos-schema'
import type { Logger } from './ports'

export type CallbackOutcome =
  | { kind: 'recognised'; recognition: Recognition }
  | { kind: 'failed'; error: CaseError; retryable: boolean; stopBatch: boolean }

export type CallbackReceiverOptions = {
  /** 0 = an ephemeral port. */
  port: number
  /** Default 127.0.0.1: a public URL is a relay or tunnel the user runs. */
  host?: string
  /** Default '/argos/callback'. */
  path?: string
  logger: Logger
  /** parseRecognition (argos-result), applied to `{transactionId, result}`. */
  parse: (json: unknown) => Recognition | null
  /** How long a callback that arrives before its expect() is kept. Default 30 s. */
  earlyGraceMs?: number
  /** Default 60 MB (results are small, but the provider may echo images). */
  maxBodyBytes?: number
}

type Waiter = {
  finish: (outcome: CallbackOutcome, state: 'delivered' | 'abandoned') => void
  /** A body arrived for this transaction but was not valid: said on timeout instead of "no callback". */
  sawMalformed: boolean
}

const DEFAULT_PATH = '/argos/callback'
const DEFAULT_MAX_BODY = 60 * 1024 * 1024
/** Transactions already settled, remembered to tell duplicates (and late callbacks) apart from unknown ids. */
const SETTLED_MEMORY = 10_000

function failure(error: CaseError, retryable = true, stopBatch = false): CallbackOutcome {
  return { kind: 'failed', error, retryable, stopBatch }
}

const noCallback = (message: string): CaseError => ({
  title: 'No callback from ARGOS',
  message,
  action: 'Retry the case; check the callback URL/relay in Settings.',
  httpStatus: null,
  errorCode: null,
})

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The body, or null past `limit` (it keeps draining a while so the sender reads the 413, then hangs up). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit * 2 + 1_048_576) req.destroy()
    else if (size <= limit) chunks.push(chunk)
  }
  return size > limit ? null : Buffer.concat(chunks)
}

export class CallbackReceiver {
  readonly stats = { accepted: 0, ignoredUnknown: 0, ignoredDuplicate: 0, ignoredMalformed: 0 }
  private readonly waiters = new Map<string, Waiter>()
  private readonly early = new Map<string, { outcome: CallbackOutcome; timer: NodeJS.Timeout }>()
  private readonly settled = new Map<string, 'delivered' | 'abandoned'>()
  private server: Server | null = null
  private readonly path: string
  private readonly host: string

  constructor(private readonly opts: CallbackReceiverOptions) {
    this.path = opts.path ?? DEFAULT_PATH
    this.host = opts.host ?? '127.0.0.1'
  }

  async start(): Promise<{ url: string }> {
    if (!this.server) {
      const server = createServer((req, res) => {
        this.handle(req, res).catch(() => {
          if (!res.headersSent) res.writeHead(500).end()
        })
      })
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(this.opts.port, this.host, () => {
          server.off('error', reject)
          resolve()
        })
      })
      this.server = server
    }
    const { port } = this.server.address() as AddressInfo
    const host = this.host.includes(':') ? `[${this.host}]` : this.host
    return { url: `http://${host}:${port}${this.path}` }
  }

  /** Resolves with the callback for `transactionId`, or a failed outcome on timeout, abort or stop(). */
  expect(transactionId: string, timeoutMs: number, signal?: AbortSignal): Promise<CallbackOutcome> {
    const held = this.early.get(transactionId)
    if (held) {
      clearTimeout(held.timer)
      this.early.delete(transactionId)
      this.settle(transactionId, 'delivered')
      this.stats.accepted += 1
      this.opts.logger.info(`argos callback: transaction ${transactionId} taken (arrived early)`)
      return Promise.resolve(held.outcome)
    }
    if (this.waiters.has(transactionId))
      return Promise.reject(new Error(`Already waiting for transaction ${transactionId}`))
    if (signal?.aborted) return Promise.resolve(failure(cancelled()))
    // Expecting a transaction again (e.g. after a timeout) makes its callbacks welcome again.
    this.settled.delete(transactionId)

    return new Promise<CallbackOutcome>((resolve) => {
      const timer = setTimeout(() => {
        const malformed = waiter.sawMalformed
        this.opts.logger.warn(`argos callback: transaction ${transactionId} timed out`)
        finish(
          malformed
            ? failure({
                title: 'Unexpected answer from ARGOS',
                message: 'The callback did not have the documented shape',
                action: 'Try again; if this persists, report it to support.',
                httpStatus: null,
                errorCode: null,
              })
            : failure(noCallback(`No callback within ${Math.round(timeoutMs / 1000)} s`)),
          'abandoned',
        )
      }, timeoutMs)
      const onAbort = (): void => finish(failure(cancelled()), 'abandoned')
      const finish = (outcome: CallbackOutcome, state: 'delivered' | 'abandoned'): void => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        if (this.waiters.get(transactionId) !== waiter) return
        this.waiters.delete(transactionId)
        this.settle(transactionId, state)
        resolve(outcome)
      }
      const waiter: Waiter = { finish, sawMalformed: false }
      this.waiters.set(transactionId, waiter)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  async stop(): Promise<void> {
    for (const [tx, waiter] of [...this.waiters]) {
      this.opts.logger.info(`argos callback: transaction ${tx} abandoned (receiver stopped)`)
      waiter.finish(failure(noCallback('The callback receiver was stopped')), 'abandoned')
    }
    for (const { timer } of this.early.values()) clearTimeout(timer)
    this.early.clear()
    const server = this.server
    this.server = null
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private settle(transactionId: string, state: 'delivered' | 'abandoned'): void {
    this.settled.set(transactionId, state)
    if (this.settled.size > SETTLED_MEMORY) {
      const oldest = this.settled.keys().next()
      if (!oldest.done) this.settled.delete(oldest.value)
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (path !== this.path) return this.reply(req, res, 404)
    if (req.method !== 'POST') return this.reply(req, res, 405, { allow: 'POST' })
    let body: Buffer | null
    try {
      body = await readBody(req, this.opts.maxBodyBytes ?? DEFAULT_MAX_BODY)
    } catch {
      return // the sender went away
    }
    if (!body) {
      this.stats.ignoredMalformed += 1
      this.opts.logger.warn('argos callback: ignored (body over the size limit)')
      return this.reply(req, res, 413, { connection: 'close' })
    }
    this.reply(req, res, this.receive(body) ? 204 : 200)
  }

  /** True when the callback was taken (handed to a waiter, or held for one). */
  private receive(body: Buffer): boolean {
    const log = this.opts.logger
    let json: unknown
    try {
      json = JSON.parse(body.toString('utf8'))
    } catch {
      json = undefined
    }
    const tx = isRecord(json) && typeof json.transactionId === 'string' ? json.transactionId : ''
    if (!isRecord(json) || !tx || tx.length > 200) {
      this.stats.ignoredMalformed += 1
      log.warn('argos callback: ignored (not a JSON object with a transactionId)')
      return false
    }
    const state = this.settled.get(tx)
    if (state === 'delivered' || this.early.has(tx)) {
      this.stats.ignoredDuplicate += 1
      log.info(`argos callback: transaction ${tx} ignored (duplicate)`)
      return false
    }
    if (state === 'abandoned') {
      this.stats.ignoredUnknown += 1
      log.warn(`argos callback: transaction ${tx} ignored (no longer expected)`)
      return false
    }

    const outcome = this.outcomeOf(tx, json)
    const waiter = this.waiters.get(tx)
    if (!outcome) {
      this.stats.ignoredMalformed += 1
      if (waiter) waiter.sawMalformed = true
      log.warn(`argos callback: transaction ${tx} ignored (body of an unexpected shape)`)
      return false
    }
    if (waiter) {
      this.stats.accepted += 1
      log.info(`argos callback: transaction ${tx} accepted`)
      waiter.finish(outcome, 'delivered')
      return true
    }
    const grace = this.opts.earlyGraceMs ?? 30_000
    const timer = setTimeout(() => {
      this.early.delete(tx)
      this.stats.ignoredUnknown += 1
      log.warn(`argos callback: transaction ${tx} ignored (unknown)`)
    }, grace)
    timer.unref()
    this.early.set(tx, { outcome, timer })
    log.info(`argos callback: transaction ${tx} held (not expected yet)`)
    return true
  }

  /** The success form through `parse`, or the error form through adviceFor; null when neither. */
  private outcomeOf(tx: string, json: Record<string, unknown>): CallbackOutcome | null {
    const status = typeof json.statusCode === 'number' ? json.statusCode : null
    if (json.result !== undefined && (status === null || (status >= 200 && status < 300))) {
      const recognition = this.opts.parse({ transactionId: tx, result: json.result })
      return recognition && recognition.transactionId === tx ? { kind: 'recognised', recognition } : null
    }
    const error = ArgosErrorBody.safeParse(json)
    if (!error.success || (error.data.errorCode === undefined && (status === null || status < 400)))
      return null
    const httpStatus = status !== null && status >= 400 ? status : 400
    const errorCode = error.data.errorCode ?? null
    const message = error.data.message ? error.data.message.slice(0, 500) : null
    const policy = policyFor(httpStatus, errorCode)
    return failure(adviceFor(httpStatus, errorCode, message), policy.retryable, policy.stopBatch)
  }

  private reply(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Record<string, string> = {},
  ): void {
    if (status === 404 || status === 405) req.resume()
    if (status === 204) res.writeHead(204, headers).end()
    else {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(JSON.stringify({ status: status === 200 ? 'ignored' : status }))
    }
  }
}

function cancelled(): CaseError {
  return {
    title: 'Cancelled',
    message: 'Stopped waiting for the ARGOS callback',
    action: 'Recognize the case again when ready.',
    httpStatus: null,
    errorCode: null,
  }
}
