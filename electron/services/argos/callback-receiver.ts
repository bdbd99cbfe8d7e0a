// Receives ARGOS callbacks (API-NOTES, "Callback"): an HTTP server, on 127.0.0.1 unless told otherwise, that
// hands each result to the expect() waiting for it. ARGOS signs nothing, so each request gets its own callback
// URL carrying an unguessable token (`issue()`: 32 random bytes, base64url, as the last path segment). A POST is
// looked at only when its token belongs to a request in flight, its Host is ours (or the public callback URL's),
// it does not come from a browser (no Origin, no Sec-Fetch-Site other than "none"), and it says JSON; anything
// else is refused before a byte of the body is read. A token is good for one delivery: a replay is refused.
//
// Answers: 204 when a callback is taken (handed over, or held for a moment, see below); 200 when a body for a live
// token is ignored (malformed, or another transaction's), so a provider that retries on errors does not hammer us
// with it; 404 for an unknown, spent or missing token and other paths (no detail); 403 for a wrong Host or a
// browser's request; 405 for other methods; 415 for a body that is not JSON; 413 over the size limit; 503 when the
// early-callback store is full.
//
// Race: ARGOS may call back before its acknowledgement has been processed and expect() registered. Such an early
// callback is held (only for a live token, at most `maxEarly` at once) for `earlyGraceMs`, then dropped.
// Logs name transactions and reasons only: never a token, never a value from the body.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CaseError } from '../../../shared/model'
import { adviceFor, policyFor } from './argos-errors'
import type { Recognition } from './argos-result'
import { ArgosErrorBody } from './argos-schema'
import type { Logger } from '../ports'

export type CallbackOutcome =
  | { kind: 'recognised'; recognition: Recognition }
  | { kind: 'failed'; error: CaseError; retryable: boolean; stopBatch: boolean }

export type CallbackReceiverOptions = {
  /** 0 = an ephemeral port. */
  port: number
  /** Default 127.0.0.1: a public URL is a relay or tunnel the user runs. */
  host?: string
  /** Default '/argos/callback'; each request's URL is `<path>/<token>`. */
  path?: string
  logger: Logger
  /** parseRecognition (argos-result), applied to `{transactionId, result}`. */
  parse: (json: unknown) => Recognition | null
  /** How long a callback that arrives before its expect() is kept. Default 30 s. */
  earlyGraceMs?: number
  /** How many early callbacks are held at once; more are dropped. Default 100. */
  maxEarly?: number
  /** Default 2 MB: the largest real answer (the fixtures) is about 13 KB. */
  maxBodyBytes?: number
  /** Server timeouts (ms): a slow or idle client is cut off. */
  timeouts?: Partial<ServerTimeouts>
}

export type ServerTimeouts = {
  /** Time to receive the request's headers. Default 10 s. */
  headersMs: number
  /** Time to receive the whole request. Default 30 s. */
  requestMs: number
  /** An idle kept-alive connection is closed after this. Default 5 s. */
  keepAliveMs: number
  /** How often Node checks the header and request timeouts. Default 1 s. */
  checkIntervalMs: number
}

/** What one request sends as its callback URL; the token is a secret (redact it like the key). */
export type CallbackTicket = { url: string; token: string }

type Waiter = {
  transactionId: string
  finish: (outcome: CallbackOutcome) => void
}

/** One request in flight: its token, the Host values it may arrive with, and its waiter or held callback. */
type Slot = {
  token: Buffer
  hosts: ReadonlySet<string>
  waiter: Waiter | null
  held: { transactionId: string; outcome: CallbackOutcome; timer: NodeJS.Timeout } | null
  /** A body arrived for this token but was not valid: said on timeout instead of "no callback". */
  sawMalformed: boolean
}

const DEFAULT_PATH = '/argos/callback'
export const DEFAULT_MAX_BODY = 2 * 1024 * 1024
const DEFAULT_MAX_EARLY = 100
const DEFAULT_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  checkIntervalMs: 1_000,
}
/** Spent tokens remembered (by digest) to count replays apart from forgeries. */
const SPENT_MEMORY = 10_000
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

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

const unexpected = (): CaseError => ({
  title: 'Unexpected answer from ARGOS',
  message: 'The callback did not have the documented shape',
  action: 'Try again; if this persists, report it to support.',
  httpStatus: null,
  errorCode: null,
})

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Map key of a token: its digest, so a lookup's timing says nothing about the token itself. */
const digest = (token: string): string => createHash('sha256').update(token).digest('hex')

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

/** A browser's request (a web page posting to the local port): it carries Origin or Sec-Fetch-Site. */
function fromBrowser(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site']
  return req.headers.origin !== undefined || (site !== undefined && site !== 'none')
}

function isJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type']
  return typeof type === 'string' && type.split(';')[0]!.trim().toLowerCase() === 'application/json'
}

export class CallbackReceiver {
  readonly stats = {
    accepted: 0,
    refused: 0,
    ignoredUnknown: 0,
    ignoredDuplicate: 0,
    ignoredMalformed: 0,
    droppedEarly: 0,
  }
  private readonly slots = new Map<string, Slot>()
  private readonly spent = new Set<string>()
  private heldCount = 0
  private server: Server | null = null
  private readonly path: string
  private readonly host: string
  private base: { url: string; host: string } | null = null

  constructor(private readonly opts: CallbackReceiverOptions) {
    this.path = (opts.path ?? DEFAULT_PATH).replace(/\/+$/, '')
    this.host = opts.host ?? '127.0.0.1'
  }

  /** Starts the server; `url` is the base, which takes no callback by itself (see issue()). */
  async start(): Promise<{ url: string }> {
    if (!this.server) {
      const t = { ...DEFAULT_TIMEOUTS, ...this.opts.timeouts }
      const server = createServer(
        {
          headersTimeout: t.headersMs,
          requestTimeout: t.requestMs,
          keepAliveTimeout: t.keepAliveMs,
          connectionsCheckingInterval: t.checkIntervalMs,
        },
        (req, res) => {
          this.handle(req, res).catch(() => {
            if (!res.headersSent) res.writeHead(500, { connection: 'close' }).end()
          })
        },
      )
      server.headersTimeout = t.headersMs
      server.requestTimeout = t.requestMs
      server.keepAliveTimeout = t.keepAliveMs
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(this.opts.port, this.host, () => {
          server.off('error', reject)
          resolve()
        })
      })
      this.server = server
      const { port } = server.address() as AddressInfo
      const host = `${this.host.includes(':') ? `[${this.host}]` : this.host}:${port}`
      this.base = { url: `http://${host}${this.path}`, host: host.toLowerCase() }
    }
    return { url: this.base!.url }
  }

  /**
   * A fresh callback URL for one request: `<public URL or ours>/<token>`. Its callback is taken once, through
   * expect(token, …); revoke(token) when the request was not accepted.
   */
  issue(publicUrl?: string): CallbackTicket {
    if (!this.base) throw new Error('The callback receiver is not started')
    const token = randomBytes(32).toString('base64url')
    const hosts = new Set([this.base.host])
    let url = `${this.base.url}/${token}`
    if (publicUrl) {
      const pub = new URL(publicUrl)
      hosts.add(pub.host.toLowerCase())
      pub.pathname = `${pub.pathname.replace(/\/+$/, '')}/${token}`
      url = pub.toString()
    }
    this.slots.set(digest(token), {
      token: Buffer.from(token),
      hosts,
      waiter: null,
      held: null,
      sawMalformed: false,
    })
    return { url, token }
  }

  /** Forgets a token (its request failed or was cancelled before the acknowledgement); a no-op when spent. */
  revoke(token: string): void {
    const key = digest(token)
    const slot = this.slots.get(key)
    if (!slot) return
    if (slot.waiter) {
      slot.waiter.finish(failure(cancelled()))
      return
    }
    this.spend(key, slot)
  }

  /** How many tokens are live (requests in flight); for tests and diagnostics. */
  get inFlight(): number {
    return this.slots.size
  }

  /**
   * Resolves with the callback sent to `token` for `transactionId`, or a failed outcome on timeout, abort, revoke
   * or stop(). The token is spent when this settles.
   */
  expect(
    token: string,
    transactionId: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<CallbackOutcome> {
    const key = digest(token)
    const slot = this.slots.get(key)
    if (!slot) return Promise.resolve(failure(noCallback('The callback was no longer expected')))
    if (slot.waiter) return Promise.reject(new Error(`Already waiting for transaction ${transactionId}`))
    const held = slot.held
    if (held) {
      this.spend(key, slot)
      if (held.transactionId !== transactionId) {
        this.stats.ignoredMalformed += 1
        this.opts.logger.warn(`argos callback: transaction ${transactionId} answered for another transaction`)
        return Promise.resolve(failure(unexpected()))
      }
      this.stats.accepted += 1
      this.opts.logger.info(`argos callback: transaction ${transactionId} taken (arrived early)`)
      return Promise.resolve(held.outcome)
    }
    if (signal?.aborted) {
      this.spend(key, slot)
      return Promise.resolve(failure(cancelled()))
    }

    return new Promise<CallbackOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.opts.logger.warn(`argos callback: transaction ${transactionId} timed out`)
        finish(
          slot.sawMalformed
            ? failure(unexpected())
            : failure(noCallback(`No callback within ${Math.round(timeoutMs / 1000)} s`)),
        )
      }, timeoutMs)
      const onAbort = (): void => finish(failure(cancelled()))
      const finish = (outcome: CallbackOutcome): void => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        if (slot.waiter !== waiter) return
        slot.waiter = null
        this.spend(key, slot)
        resolve(outcome)
      }
      const waiter: Waiter = { transactionId, finish }
      slot.waiter = waiter
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  async stop(): Promise<void> {
    for (const [key, slot] of [...this.slots]) {
      if (slot.waiter) {
        this.opts.logger.info(
          `argos callback: transaction ${slot.waiter.transactionId} abandoned (receiver stopped)`,
        )
        slot.waiter.finish(failure(noCallback('The callback receiver was stopped')))
      } else this.spend(key, slot)
    }
    const server = this.server
    this.server = null
    this.base = null
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private spend(key: string, slot: Slot): void {
    if (slot.held) {
      clearTimeout(slot.held.timer)
      slot.held = null
      this.heldCount -= 1
    }
    this.slots.delete(key)
    this.spent.add(key)
    if (this.spent.size > SPENT_MEMORY) {
      const oldest = this.spent.values().next()
      if (!oldest.done) this.spent.delete(oldest.value)
    }
  }

  /** The live slot of this request's token (compared in constant time), or null. */
  private slotOf(pathname: string): { key: string; slot: Slot } | null {
    const token = pathname.slice(this.path.length + 1)
    if (!TOKEN_SHAPE.test(token)) return null
    const key = digest(token)
    const slot = this.slots.get(key)
    if (!slot) {
      if (this.spent.has(key)) {
        this.stats.ignoredDuplicate += 1
        this.opts.logger.info('argos callback: refused (token already used)')
      }
      return null
    }
    const given = Buffer.from(token)
    return given.length === slot.token.length && timingSafeEqual(given, slot.token) ? { key, slot } : null
  }

  private refuse(req: IncomingMessage, res: ServerResponse, status: number, reason: string): void {
    this.stats.refused += 1
    this.opts.logger.warn(`argos callback: refused (${reason})`)
    this.reply(res, status, { connection: 'close' })
  }

  /** A second delivery for a token whose callback is held already. */
  private replayed(req: IncomingMessage, res: ServerResponse): void {
    this.stats.ignoredDuplicate += 1
    this.refuse(req, res, 404, 'token already used')
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let pathname: string
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname
    } catch {
      return this.refuse(req, res, 404, 'bad path')
    }
    if (pathname !== this.path && !pathname.startsWith(`${this.path}/`))
      return this.refuse(req, res, 404, 'other path')
    if (req.method !== 'POST') return this.reply(res, 405, { allow: 'POST', connection: 'close' })
    const live = this.slotOf(pathname)
    if (!live) return this.refuse(req, res, 404, 'no valid token')
    const { key, slot } = live
    if (slot.held) return this.replayed(req, res)
    const host = (req.headers.host ?? '').toLowerCase()
    if (!slot.hosts.has(host)) return this.refuse(req, res, 403, 'wrong Host')
    if (fromBrowser(req)) return this.refuse(req, res, 403, 'from a browser')
    if (!isJson(req)) return this.refuse(req, res, 415, 'not JSON')
    const limit = this.opts.maxBodyBytes ?? DEFAULT_MAX_BODY
    const declared = Number(req.headers['content-length'] ?? 0)
    let body: Buffer | null = null
    if (!(declared > limit)) {
      try {
        body = await readBody(req, limit)
      } catch {
        return // the sender went away
      }
    }
    if (!body) {
      this.stats.ignoredMalformed += 1
      this.opts.logger.warn('argos callback: ignored (body over the size limit)')
      return this.reply(res, 413, { connection: 'close' })
    }
    // The token may have been spent (expect() timed out, revoke) while the body was read.
    if (this.slots.get(key) !== slot) return this.refuse(req, res, 404, 'no valid token')
    if (slot.held) return this.replayed(req, res)
    const status = this.receive(key, slot, body)
    this.reply(res, status, status === 503 ? { connection: 'close' } : {})
  }

  /** The answer's status: 204 taken (handed to the waiter, or held for it), 200 ignored, 503 not held. */
  private receive(key: string, slot: Slot, body: Buffer): number {
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
      slot.sawMalformed = true
      log.warn('argos callback: ignored (not a JSON object with a transactionId)')
      return 200
    }
    const waiter = slot.waiter
    const outcome = waiter && waiter.transactionId !== tx ? null : this.outcomeOf(tx, json)
    if (!outcome) {
      this.stats.ignoredMalformed += 1
      slot.sawMalformed = true
      log.warn(`argos callback: transaction ${tx} ignored (body of an unexpected shape or transaction)`)
      return 200
    }
    if (waiter) {
      this.stats.accepted += 1
      log.info(`argos callback: transaction ${tx} accepted`)
      waiter.finish(outcome)
      return 204
    }
    if (this.heldCount >= (this.opts.maxEarly ?? DEFAULT_MAX_EARLY)) {
      this.stats.droppedEarly += 1
      log.warn(`argos callback: transaction ${tx} dropped (too many early callbacks held)`)
      return 503
    }
    const timer = setTimeout(() => {
      if (this.slots.get(key) !== slot) return
      this.spend(key, slot)
      this.stats.ignoredUnknown += 1
      log.warn(`argos callback: transaction ${tx} ignored (never expected)`)
    }, this.opts.earlyGraceMs ?? 30_000)
    timer.unref()
    slot.held = { transactionId: tx, outcome, timer }
    this.heldCount += 1
    log.info(`argos callback: transaction ${tx} held (not expected yet)`)
    return 204
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

  private reply(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
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
