// The ARGOS emulator: an HTTP server on 127.0.0.1 that implements the Global ID Recognition contract
// (ARGOS API-NOTES.md and openapi.yaml) for tests and manual runs, answering from a fixture registry
// (argos-emulator-registry.ts) with the bodies of argos-emulator-responses.ts.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { FixtureRegistry, probeImageCached } from './argos-emulator-registry'
import {
  API_TYPE,
  base64Bytes,
  errorBody,
  httpMessage,
  malformedBody,
  shapeAResponse,
  shapeBResponse,
  withoutFields,
  validateRequest,
} from './argos-emulator-responses'
import { CallbackSender } from './argos-emulator-callbacks'
import type { ArgosEmulator, ArgosEmulatorOptions, ArgosFault, RequestLogEntry } from './argos-emulator-types'

export type {
  ArgosEmulator,
  ArgosEmulatorOptions,
  ArgosFault,
  CallbackRecord,
  DocumentInput,
  RequestLogEntry,
} from './argos-emulator-types'

const ROUTES = new Set(['/modules/recognition', '/recognition'])
let counter = 0

function newTransactionId(): string {
  counter = (counter + 1) % 1_000_000
  return `emu_${Date.now().toString(36)}${counter.toString(36)}_${randomBytes(4).toString('hex')}`
}

function clip(value: unknown): string | null {
  return typeof value === 'string' ? value.slice(0, 64) : null
}

/** Reads the body; past `limit` it keeps draining (so the client reads the 413) but stops buffering. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit * 4 + 1_048_576) req.destroy()
    else if (size <= limit) chunks.push(chunk)
  }
  return size > limit ? null : Buffer.concat(chunks)
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(text)
}

export async function startArgosEmulator(options: ArgosEmulatorOptions = {}): Promise<ArgosEmulator> {
  const apiKey = options.apiKey ?? 'emulator-key'
  const maxBodyBytes = options.maxBodyBytes ?? 50 * 1024 * 1024
  const fixturesDir = options.fixturesDir ?? fileURLToPath(new URL('../fixtures/documents/', import.meta.url))
  const registry = await FixtureRegistry.load(fixturesDir, options.matchThreshold)
  const callbacks = new CallbackSender(options.callbackDelayMs ?? 100, options.duplicateCallbacks ?? false)
  const requests: RequestLogEntry[] = []
  const faults: ArgosFault[] = []
  let persistentFault: ArgosFault | null = null
  let latencyMs = options.latencyMs ?? 0
  let holding = false
  const held: Array<() => void> = []
  const arrivalWaiters: Array<{ count: number; resolve: () => void }> = []
  const releaseHeld = (): void => {
    holding = false
    for (const go of held.splice(0)) go()
  }
  const arrived = (): void => {
    const n = requests.filter((r) => r.bodyReceived).length
    for (const w of arrivalWaiters.filter((x) => x.count <= n)) {
      arrivalWaiters.splice(arrivalWaiters.indexOf(w), 1)
      w.resolve()
    }
  }
  const clearFaults = (): void => {
    faults.length = 0
    persistentFault = null
  }

  async function recognitionRoute(
    req: IncomingMessage,
    res: ServerResponse,
    entry: RequestLogEntry,
  ): Promise<void> {
    entry.keyValid = req.headers['x-api-key'] === apiKey
    const raw = await readBody(req, maxBodyBytes)
    // Counted on arrival, before any answer: the billing record includes requests whose client does not wait.
    entry.bodyReceived = raw !== null
    arrived()
    if (holding) await new Promise<void>((resolve) => held.push(resolve))
    if (latencyMs > 0) await sleep(latencyMs)
    if (res.destroyed || req.socket.destroyed) {
      entry.clientGone = true
      return
    }
    if (!raw) return sendJson(res, (entry.status = 413), { message: 'Request Entity Too Large' })
    if (!entry.keyValid) return sendJson(res, (entry.status = 403), { message: 'Forbidden' })

    let body: unknown = undefined
    try {
      body = JSON.parse(raw.toString('utf8'))
    } catch {
      // stays undefined: answered 1015 below
    }
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
    entry.issuingCountry = clip(fields.issuingCountry)
    entry.idType = clip(fields.idType)
    entry.frontBytes = base64Bytes(fields.idImage)
    entry.backBytes = base64Bytes(fields.idBackImage)
    entry.mode = typeof fields.callbackUrl === 'string' && fields.callbackUrl !== '' ? 'callback' : 'sync'
    const transactionId = (entry.transactionId = newTransactionId())

    const fault = faults.shift() ?? persistentFault
    entry.fault = fault?.kind ?? null
    if (fault?.kind === 'drop') return void res.socket?.destroy()
    if (fault?.kind === 'http') {
      const headers: Record<string, string> =
        fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}
      const message = fault.body ?? JSON.stringify({ message: httpMessage(fault.status) })
      return sendJson(res, (entry.status = fault.status), message, headers)
    }
    const fail = (code: string, message?: string): void => {
      entry.errorCode = code
      sendJson(res, (entry.status = 400), errorBody(transactionId, code, message))
    }

    const checked = validateRequest(body)
    if (!checked.ok) return fail(checked.code)
    const request = checked.request
    const probes = await Promise.all([
      probeImageCached(request.front),
      request.back && probeImageCached(request.back),
    ]).catch(() => null)
    if (!probes) return fail('1013')

    // The outcome (a shape-A result or an error) is computed now, then answered or called back.
    let outcome: { ok: true; body: Record<string, unknown> } | { ok: false; code: string; message?: string }
    const front = registry.matchFront(probes[0])
    const backMatch = front && probes[1] ? registry.matchBack(front.document, probes[1]) : null
    entry.matchedDocument = front?.document.id ?? null
    const typeMismatch =
      options.strictDocumentType &&
      front &&
      ((front.document.idType && front.document.idType !== request.idType) ||
        (front.document.issuingCountry && front.document.issuingCountry !== request.issuingCountry))
    if (!front || typeMismatch) outcome = { ok: false, code: '1011' }
    else if (probes[1] && !backMatch) outcome = { ok: false, code: '1012' }
    else outcome = { ok: true, body: shapeAResponse(front.document, transactionId, front.match, backMatch) }
    if (fault?.kind === 'argos') outcome = { ok: false, code: fault.errorCode, message: fault.message }
    if (outcome.ok && fault?.kind === 'omitFields') outcome.body = withoutFields(outcome.body, fault.keys)
    if (outcome.ok && fault?.kind === 'shapeB')
      outcome.body = shapeBResponse(outcome.body, request.issuingCountry)

    if (request.callbackUrl) {
      if (!outcome.ok) entry.errorCode = outcome.code
      const payload =
        fault?.kind === 'malformed'
          ? malformedBody(fault.variant ?? 'not-json', transactionId)
          : outcome.ok
            ? JSON.stringify({
                statusCode: 200,
                apiType: API_TYPE,
                transactionId,
                result: outcome.body.result,
              })
            : JSON.stringify(errorBody(transactionId, outcome.code, outcome.message))
      sendJson(res, (entry.status = 200), {
        transactionId,
        message: `request has been successfully received. The response will be sent to ${request.callbackUrl}`,
      })
      return callbacks.schedule(request.callbackUrl, transactionId, payload)
    }
    if (fault?.kind === 'malformed') {
      return sendJson(res, (entry.status = 200), malformedBody(fault.variant ?? 'not-json', transactionId))
    }
    if (!outcome.ok) return fail(outcome.code, outcome.message)
    sendJson(res, (entry.status = 200), outcome.body)
  }

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const entry: RequestLogEntry = {
      at: new Date().toISOString(),
      method: req.method ?? '',
      path,
      keyValid: false,
      issuingCountry: null,
      idType: null,
      frontBytes: null,
      backBytes: null,
      matchedDocument: null,
      status: null,
      errorCode: null,
      transactionId: null,
      mode: 'sync',
      fault: null,
      clientGone: false,
      bodyReceived: false,
    }
    requests.push(entry)
    const done = (): void => options.onRequest?.(entry)
    let work: Promise<void>
    if (!ROUTES.has(path)) {
      req.resume()
      work = Promise.resolve(sendJson(res, (entry.status = 404), { message: 'Not Found' }))
    } else if (req.method !== 'POST') {
      req.resume()
      work = Promise.resolve(
        sendJson(res, (entry.status = 405), { message: 'Method Not Allowed' }, { allow: 'POST' }),
      )
    } else {
      work = recognitionRoute(req, res, entry)
    }
    work
      .catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, (entry.status = 500), { message: String(err) })
      })
      .finally(done)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/modules`,
    port,
    apiKey,
    requests,
    callbacks: callbacks.records,
    documentIds: () => registry.documents.map((d) => d.id),
    injectFault(fault, opts) {
      if (opts?.persistent) persistentFault = fault
      else faults.push(fault)
    },
    clearFaults,
    setLatency(ms) {
      latencyMs = Math.max(0, ms)
    },
    hold() {
      holding = true
    },
    release: releaseHeld,
    received(count) {
      return new Promise<void>((resolve) => {
        arrivalWaiters.push({ count, resolve })
        arrived()
      })
    },
    async registerDocument(input) {
      await registry.add(input)
    },
    callbacksSettled: () => callbacks.settled(),
    reset() {
      clearFaults()
      releaseHeld()
      requests.length = 0
      callbacks.cancelAll()
      callbacks.records.length = 0
      latencyMs = options.latencyMs ?? 0
    },
    async close() {
      releaseHeld()
      callbacks.cancelAll()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
