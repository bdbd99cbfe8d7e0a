// CallbackReceiver with the real ARGOS emulator in callback mode (the client sends callbackUrl = the URL issued
// for the request, token included), plus hand-made requests for what the emulator does not send: forged and
// replayed tokens, a wrong Host, a browser's cross-origin POST, oversized bodies, slow clients, early arrivals.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { request as httpRequest, type Server } from 'node:http'
import { connect } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ArgosClient, type RecognitionRequest } from '../../../electron/services/argos/argos-client'
import { parseRecognition } from '../../../electron/services/argos/argos-result'
import {
  CallbackReceiver,
  type CallbackOutcome,
  type CallbackReceiverOptions,
  DEFAULT_MAX_BODY,
} from '../../../electron/services/argos/callback-receiver'
import { startArgosEmulator, type ArgosEmulator } from '../../support/argos-emulator'
import { FIXTURES_DIR, fixturePath } from '../../support/paths'

const file = (name: string): Buffer => readFileSync(fixturePath(name))
const D02 = JSON.parse(file('d02-ita-id.response.json').toString('utf8')) as {
  result: { data: { raw: Record<string, { value: string }> } }
}
const FRONT = file('d02-ita-id-front.jpg')

const logs: string[] = []
const logger = {
  info: (m: string) => logs.push(m),
  warn: (m: string) => logs.push(m),
  error: (m: string) => logs.push(m),
}
const client = new ArgosClient({
  timeoutMs: 10_000,
  retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 },
  logger,
})

let emu: ArgosEmulator
const receivers: CallbackReceiver[] = []
beforeAll(async () => {
  emu = await startArgosEmulator({ callbackDelayMs: 50 })
})
afterAll(async () => {
  await emu.close()
})
afterEach(async () => {
  await emu.callbacksSettled()
  emu.reset()
  await Promise.all(receivers.splice(0).map((r) => r.stop()))
  logs.length = 0
})

async function receiver(over: Partial<CallbackReceiverOptions> = {}) {
  const r = new CallbackReceiver({ port: 0, logger, parse: parseRecognition, ...over })
  receivers.push(r)
  const { url } = await r.start()
  return { r, url }
}

function send(emulator: ArgosEmulator, callbackUrl: string, extra: Partial<RecognitionRequest> = {}) {
  return client.recognize({
    baseUrl: emulator.url,
    apiKey: emulator.apiKey,
    issuingCountry: 'ITA',
    idType: 'government_id',
    images: { front: FRONT, back: null },
    callbackUrl,
    ...extra,
  })
}

async function accepted(promise: ReturnType<typeof send>): Promise<string> {
  const o = await promise
  if (o.kind !== 'accepted') throw new Error(`expected an acknowledgement, got ${JSON.stringify(o)}`)
  return o.transactionId
}

function post(url: string, body: string | object, method = 'POST'): Promise<Response> {
  return fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'GET' ? null : typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** A request with full control of its headers (Host, Origin, …); resolves with the status, or the socket error. */
function raw(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number | null; error: string | null }> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? null, error: null }))
    })
    req.on('error', (err) => resolve({ status: null, error: err.message }))
    req.end(body)
  })
}

/** A valid callback body (shape A) for a transaction of our choosing. */
const callbackFor = (transactionId: string) => ({
  statusCode: 200,
  apiType: 'id_recognition',
  transactionId,
  result: structuredClone(D02.result),
})

function recognition(o: CallbackOutcome) {
  if (o.kind !== 'recognised') throw new Error(`expected a recognition, got ${JSON.stringify(o)}`)
  return o.recognition
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const TOKEN_URL = /^http:\/\/127\.0\.0\.1:\d+\/argos\/callback\/[A-Za-z0-9_-]{43}$/
const forgedToken = () => randomBytes(32).toString('base64url')
const jsonHeaders = (url: string) => ({ 'content-type': 'application/json', host: new URL(url).host })

describe('CallbackReceiver', () => {
  it('listens on 127.0.0.1; each request gets its own URL with a fresh 32-byte token', async () => {
    const { r, url } = await receiver()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/argos\/callback$/)
    expect(new URL(url).port).not.toBe('0')
    const a = r.issue()
    const b = r.issue()
    expect(a.url).toMatch(TOKEN_URL)
    expect(a.url).toBe(`${url}/${a.token}`)
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32)
    expect(a.token).not.toBe(b.token)
    expect(r.inFlight).toBe(2)
    // The base URL alone takes nothing.
    expect((await post(url, callbackFor('t'))).status).toBe(404)
  })

  it('end to end through the emulator: acknowledgement, then the callback resolves expect()', async () => {
    const { r } = await receiver()
    const ticket = r.issue()
    const tx = await accepted(send(emu, ticket.url))
    expect(emu.requests.at(-1)).toMatchObject({ mode: 'callback', transactionId: tx, status: 200 })
    const got = recognition(await r.expect(ticket.token, tx, 5000))
    expect(got.transactionId).toBe(tx)
    expect(got.shape).toBe('A')
    expect((got.raw.name as { value: string }).value).toBe(D02.result.data.raw.name!.value)
    await emu.callbacksSettled()
    expect(emu.callbacks.map((c) => [c.transactionId, c.url, c.receiverStatus])).toEqual([
      [tx, ticket.url, 204],
    ])
    expect(r.stats).toMatchObject({ accepted: 1, refused: 0, ignoredDuplicate: 0, ignoredMalformed: 0 })
    expect(r.inFlight).toBe(0)
    const text = logs.join('\n')
    expect(text).toContain(tx)
    expect(text).not.toContain(D02.result.data.raw.name!.value)
    expect(text).not.toContain(ticket.token)
  })

  it('the error form resolves with the advice for its code', async () => {
    const { r } = await receiver()
    emu.injectFault({ kind: 'argos', errorCode: '1011' })
    const t1 = r.issue()
    const tx = await accepted(send(emu, t1.url))
    const o = await r.expect(t1.token, tx, 5000)
    expect(o).toMatchObject({
      kind: 'failed',
      retryable: true,
      stopBatch: false,
      error: {
        errorCode: '1011',
        httpStatus: 400,
        title: 'Document not recognised',
        message: 'Fail to recognize idCard',
      },
    })
    emu.injectFault({ kind: 'argos', errorCode: '1001' })
    const t2 = r.issue()
    const tx2 = await accepted(send(emu, t2.url))
    expect(await r.expect(t2.token, tx2, 5000)).toMatchObject({
      kind: 'failed',
      stopBatch: true,
      error: { errorCode: '1001' },
    })
  })

  it('refuses a replayed token: the emulator’s duplicate, and the same body posted again by hand', async () => {
    const dup = await startArgosEmulator({ duplicateCallbacks: true, callbackDelayMs: 20 })
    try {
      const { r } = await receiver()
      const ticket = r.issue()
      const tx = await accepted(send(dup, ticket.url))
      expect(recognition(await r.expect(ticket.token, tx, 5000)).transactionId).toBe(tx)
      await dup.callbacksSettled()
      expect(dup.callbacks.map((c) => [c.duplicate, c.receiverStatus])).toEqual([
        [false, 204],
        [true, 404],
      ])
      expect((await post(ticket.url, callbackFor(tx))).status).toBe(404)
      expect(r.stats).toMatchObject({ accepted: 1, ignoredDuplicate: 2, refused: 2 })
    } finally {
      await dup.close()
    }
  })

  it('refuses a forged token before reading the body, and the real callback still gets through', async () => {
    const { r, url } = await receiver()
    const ticket = r.issue()
    const waiting = r.expect(ticket.token, 'tx-real', 5000)
    for (const path of [forgedToken(), 'short', `${ticket.token}x`, `${ticket.token}/x`, ''])
      expect((await post(`${url}/${path}`, 'not even JSON')).status).toBe(404)
    // A token differing in its last character only.
    const last = ticket.token.at(-1) === 'A' ? 'B' : 'A'
    expect((await post(`${url}/${ticket.token.slice(0, -1)}${last}`, callbackFor('tx-real'))).status).toBe(
      404,
    )
    expect(r.stats).toMatchObject({ refused: 6, ignoredMalformed: 0, accepted: 0 })
    expect((await post(ticket.url, callbackFor('tx-real'))).status).toBe(204)
    expect(recognition(await waiting).transactionId).toBe('tx-real')
  })

  it('holds an early callback of a request in flight for a later expect()', async () => {
    const fast = await startArgosEmulator({ callbackDelayMs: 0 })
    try {
      const { r } = await receiver()
      const ticket = r.issue()
      const tx = await accepted(send(fast, ticket.url))
      await fast.callbacksSettled()
      expect(fast.callbacks.map((c) => c.receiverStatus)).toEqual([204])
      await wait(50)
      const started = Date.now()
      expect(recognition(await r.expect(ticket.token, tx, 5000)).transactionId).toBe(tx)
      expect(Date.now() - started).toBeLessThan(100)
      expect(r.stats).toMatchObject({ accepted: 1, ignoredUnknown: 0 })
      expect(r.inFlight).toBe(0)
    } finally {
      await fast.close()
    }
  })

  it('refuses a replay of a held early callback; the first one is what expect() gets', async () => {
    const { r } = await receiver()
    const ticket = r.issue()
    expect((await post(ticket.url, callbackFor('tx-first'))).status).toBe(204)
    expect((await post(ticket.url, callbackFor('tx-second'))).status).toBe(404)
    expect(r.stats).toMatchObject({ ignoredDuplicate: 1, droppedEarly: 0 })
    expect(recognition(await r.expect(ticket.token, 'tx-first', 1000)).transactionId).toBe('tx-first')
  })

  it('an early callback for an unknown token is refused and not held', async () => {
    const { r, url } = await receiver()
    expect((await post(`${url}/${forgedToken()}`, callbackFor('tx-nobody-asked'))).status).toBe(404)
    expect(r.inFlight).toBe(0)
    expect(r.stats).toMatchObject({ accepted: 0, refused: 1 })
  })

  it('holds at most maxEarly early callbacks; more are dropped', async () => {
    const { r } = await receiver({ maxEarly: 2 })
    const tickets = [r.issue(), r.issue(), r.issue()]
    const statuses = []
    for (const [i, t] of tickets.entries()) statuses.push((await post(t.url, callbackFor(`tx-${i}`))).status)
    expect(statuses).toEqual([204, 204, 503])
    expect(r.stats).toMatchObject({ droppedEarly: 1 })
    expect(recognition(await r.expect(tickets[0]!.token, 'tx-0', 1000)).transactionId).toBe('tx-0')
    // A slot is free again.
    const more = r.issue()
    expect((await post(more.url, callbackFor('tx-3'))).status).toBe(204)
    expect(await r.expect(tickets[2]!.token, 'tx-2', 50)).toMatchObject({
      kind: 'failed',
      error: { title: 'No callback from ARGOS' },
    })
  })

  it('drops a held early callback after the grace period, and its token with it', async () => {
    const { r } = await receiver({ earlyGraceMs: 80 })
    const ticket = r.issue()
    expect((await post(ticket.url, callbackFor('tx-late-ack'))).status).toBe(204)
    await wait(150)
    expect(r.stats).toMatchObject({ accepted: 0, ignoredUnknown: 1 })
    expect(r.inFlight).toBe(0)
    expect(await r.expect(ticket.token, 'tx-late-ack', 50)).toMatchObject({
      kind: 'failed',
      error: { title: 'No callback from ARGOS' },
    })
    const text = logs.join('\n')
    expect(text).toMatch(/tx-late-ack.*never expected/)
    expect(text).not.toContain(D02.result.data.raw.name!.value)
  })

  it('another transaction’s body on a token is ignored, the token stays for the real one', async () => {
    const { r } = await receiver()
    const ticket = r.issue()
    const waiting = r.expect(ticket.token, 'tx-mine', 5000)
    expect((await post(ticket.url, callbackFor('tx-other'))).status).toBe(200)
    expect((await post(ticket.url, callbackFor('tx-mine'))).status).toBe(204)
    expect(recognition(await waiting).transactionId).toBe('tx-mine')
  })

  it('refuses a cross-origin text/plain POST from a web page, and any browser request', async () => {
    const { r } = await receiver()
    const ticket = r.issue()
    const waiting = r.expect(ticket.token, 'tx-real', 5000)
    const host = new URL(ticket.url).host
    const body = JSON.stringify(callbackFor('tx-real'))
    // What a page's fetch(url, {method: 'POST', mode: 'no-cors', body}) sends: a "simple" request, no preflight.
    const page = {
      host,
      'content-type': 'text/plain;charset=UTF-8',
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'no-cors',
    }
    expect((await raw(ticket.url, body, page)).status).toBe(403)
    expect((await raw(ticket.url, body, { ...page, 'content-type': 'application/json' })).status).toBe(403)
    const { origin: _o, ...noOrigin } = page
    expect((await raw(ticket.url, body, { ...noOrigin, 'content-type': 'application/json' })).status).toBe(
      403,
    )
    const { 'sec-fetch-site': _s, ...noFetchSite } = page
    expect((await raw(ticket.url, body, { ...noFetchSite, 'content-type': 'application/json' })).status).toBe(
      403,
    )
    // Not JSON, even without a browser's headers.
    expect((await raw(ticket.url, body, { host, 'content-type': 'text/plain' })).status).toBe(415)
    expect((await raw(ticket.url, body, { host })).status).toBe(415)
    expect(r.stats).toMatchObject({ refused: 6, accepted: 0, ignoredMalformed: 0 })
    expect((await raw(ticket.url, body, jsonHeaders(ticket.url))).status).toBe(204)
    expect(recognition(await waiting).transactionId).toBe('tx-real')
  })

  it('refuses a wrong Host (DNS rebinding); takes the public callback URL’s host when one is set', async () => {
    const { r, url } = await receiver()
    const port = new URL(url).port
    const local = r.issue()
    const body = JSON.stringify(callbackFor('tx-a'))
    for (const host of [`evil.example:${port}`, `localhost:${port}`, '127.0.0.1', 'relay.example'])
      expect((await raw(local.url, body, { 'content-type': 'application/json', host })).status).toBe(403)
    expect(r.stats.refused).toBe(4)

    const relayed = r.issue('https://relay.example/hooks/argos/')
    expect(relayed.url).toBe(`https://relay.example/hooks/argos/${relayed.token}`)
    // The relay forwards `<public path>/<token>` to `<our path>/<token>`.
    const forwarded = `${url}/${relayed.token}`
    const waiting = r.expect(relayed.token, 'tx-b', 5000)
    expect(
      (
        await raw(forwarded, JSON.stringify(callbackFor('tx-b')), {
          'content-type': 'application/json',
          host: 'other.example',
        })
      ).status,
    ).toBe(403)
    expect(
      (
        await raw(forwarded, JSON.stringify(callbackFor('tx-b')), {
          'content-type': 'application/json',
          host: 'relay.example',
        })
      ).status,
    ).toBe(204)
    expect(recognition(await waiting).transactionId).toBe('tx-b')
    // The relay's host is good for that request only.
    expect(
      (await raw(local.url, body, { 'content-type': 'application/json', host: 'relay.example' })).status,
    ).toBe(403)
    expect((await raw(local.url, body, jsonHeaders(local.url))).status).toBe(204)
  })

  it('caps the body: 413 over the limit, declared or streamed; the default fits every real answer', async () => {
    const { r } = await receiver({ maxBodyBytes: 1000 })
    const ticket = r.issue()
    const big = JSON.stringify({ transactionId: 't', pad: 'x'.repeat(5000) })
    expect((await post(ticket.url, big)).status).toBe(413)
    // Chunked (no Content-Length): read up to the limit, then refused.
    const chunked = await new Promise<number | null>((resolve) => {
      const req = httpRequest(
        ticket.url,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? null)
        },
      )
      req.on('error', () => resolve(null))
      for (let i = 0; i < 5; i++) req.write('x'.repeat(500))
      req.end()
    })
    expect(chunked).toBe(413)
    // Far over: refused without reading (the sender may see the 413 or a closed connection).
    const huge = await raw(ticket.url, 'x'.repeat(3_000_000), jsonHeaders(ticket.url))
    expect(huge.status === 413 || huge.error !== null).toBe(true)
    expect(r.stats).toMatchObject({ accepted: 0, ignoredMalformed: 3 })
    expect(r.inFlight).toBe(1)

    // The default cap: a callback built from the largest fixture answer fits well under it.
    const sizes = readdirSync(FIXTURES_DIR)
      .filter((f) => f.endsWith('.response.json'))
      .map((f) =>
        Buffer.byteLength(
          JSON.stringify({
            statusCode: 200,
            transactionId: 'x'.repeat(64),
            ...JSON.parse(file(f).toString('utf8')),
          }),
        ),
      )
    expect(sizes.length).toBeGreaterThan(0)
    expect(Math.max(...sizes) * 10).toBeLessThan(DEFAULT_MAX_BODY)
    expect(DEFAULT_MAX_BODY).toBeLessThanOrEqual(4 * 1024 * 1024)
  })

  it('cuts off a slow client: headers that never end, and a body that trickles', async () => {
    const { r, url } = await receiver({
      timeouts: { headersMs: 200, requestMs: 400, keepAliveMs: 100, checkIntervalMs: 50 },
    })
    const ticket = r.issue()
    const { port } = new URL(url)
    const slow = (lines: string[], everyMs: number) =>
      new Promise<{ ms: number; answer: string }>((resolve) => {
        const started = Date.now()
        let answer = ''
        const socket = connect(Number(port), '127.0.0.1')
        let i = 0
        const timer = setInterval(() => {
          if (i < lines.length && !socket.destroyed) socket.write(lines[i++]!)
        }, everyMs)
        socket.on('data', (d) => (answer += d.toString()))
        socket.on('error', () => undefined)
        socket.on('close', () => {
          clearInterval(timer)
          resolve({ ms: Date.now() - started, answer })
        })
      })
    const path = new URL(ticket.url).pathname
    const host = new URL(url).host
    // Headers, one line every 100 ms, never finished.
    const headers = await slow(
      [`POST ${path} HTTP/1.1\r\n`, ...Array.from({ length: 50 }, (_, i) => `x-${i}: 1\r\n`)],
      100,
    )
    expect(headers.ms).toBeLessThan(2000)
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408/)
    // Headers complete, the body trickles a byte every 100 ms.
    const start = `POST ${path} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n`
    const body = await slow([start, ...Array.from({ length: 100 }, () => ' ')], 100)
    expect(body.ms).toBeLessThan(3000)
    expect(body.answer).not.toMatch(/^HTTP\/1\.1 204/)
    expect(r.stats.accepted).toBe(0)
  })

  it('uses server timeouts by default', async () => {
    const { r } = await receiver()
    const server = Reflect.get(r, 'server') as Server
    expect(server.headersTimeout).toBe(10_000)
    expect(server.requestTimeout).toBe(30_000)
    expect(server.keepAliveTimeout).toBe(5_000)
  })

  it('ignores malformed bodies with 200, and a wrong-shape callback makes the timeout say so', async () => {
    const { r } = await receiver()
    const hand = r.issue()
    expect((await post(hand.url, '{"transactionId": "x", "result": {')).status).toBe(200)
    expect((await post(hand.url, [1, 2])).status).toBe(200)
    expect((await post(hand.url, { statusCode: 200, result: {} })).status).toBe(200)
    expect(r.stats.ignoredMalformed).toBe(3)

    emu.injectFault({ kind: 'malformed', variant: 'wrong-shape' })
    const ticket = r.issue()
    const tx = await accepted(send(emu, ticket.url))
    const o = await r.expect(ticket.token, tx, 600)
    expect(o).toMatchObject({ kind: 'failed', error: { title: 'Unexpected answer from ARGOS' } })
    expect(r.stats).toMatchObject({ accepted: 0, ignoredMalformed: 4 })
    expect(emu.callbacks.map((c) => c.receiverStatus)).toEqual([200])
  })

  it('times out with advice when no callback comes, and a late one is then refused', async () => {
    const { r } = await receiver()
    const ticket = r.issue()
    const started = Date.now()
    const o = await r.expect(ticket.token, 'tx-never', 120)
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
    expect(o).toEqual({
      kind: 'failed',
      retryable: true,
      stopBatch: false,
      error: {
        title: 'No callback from ARGOS',
        message: expect.stringMatching(/No callback within/),
        action: 'Retry the case; check the callback URL/relay in Settings.',
        httpStatus: null,
        errorCode: null,
      },
    })
    expect((await post(ticket.url, callbackFor('tx-never'))).status).toBe(404)
    expect(r.stats).toMatchObject({ accepted: 0, ignoredDuplicate: 1 })
  })

  it('stops waiting when the signal aborts, on revoke() and on stop()', async () => {
    const { r } = await receiver()
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 30)
    expect(await r.expect(r.issue().token, 'tx-a', 5000, controller.signal)).toMatchObject({
      kind: 'failed',
      error: { title: 'Cancelled' },
    })
    const revoked = r.issue()
    r.revoke(revoked.token)
    expect(r.inFlight).toBe(0)
    expect((await post(revoked.url, callbackFor('tx-r'))).status).toBe(404)
    const pending = r.expect(r.issue().token, 'tx-b', 5000)
    await r.stop()
    expect(await pending).toMatchObject({ kind: 'failed', error: { title: 'No callback from ARGOS' } })
    expect(r.inFlight).toBe(0)
  })

  it('answers 404 elsewhere and 405 for other methods', async () => {
    const { r, url } = await receiver()
    const ticket = r.issue()
    expect((await post(url.replace('/argos/callback', '/other'), callbackFor('t'))).status).toBe(404)
    expect((await post(ticket.url, '', 'GET')).status).toBe(405)
    expect(r.stats).toMatchObject({ accepted: 0, ignoredMalformed: 0 })
    expect(r.inFlight).toBe(1)
  })
})
