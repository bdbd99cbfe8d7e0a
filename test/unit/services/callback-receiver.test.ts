// CallbackReceiver with the real ARGOS emulator in callback mode (the client sends callbackUrl = the receiver's
// URL), plus hand-made POSTs for what the emulator does not send: unknown ids, malformed bodies, early arrivals.
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ArgosClient, type RecognitionRequest } from '../../../electron/services/argos-client'
import { parseRecognition } from '../../../electron/services/argos-result'
import {
  CallbackReceiver,
  type CallbackOutcome,
  type CallbackReceiverOptions,
} from '../../../electron/services/callback-receiver'
import { startArgosEmulator, type ArgosEmulator } from '../../support/argos-emulator'
import { fixturePath } from '../../support/paths'

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

describe('CallbackReceiver', () => {
  it('listens on 127.0.0.1 by default, at the callback path', async () => {
    const { url } = await receiver()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/argos\/callback$/)
    expect(new URL(url).port).not.toBe('0')
  })

  it('end to end: acknowledgement, then the callback resolves expect() with the same transaction', async () => {
    const { r, url } = await receiver()
    const tx = await accepted(send(emu, url))
    expect(emu.requests.at(-1)).toMatchObject({ mode: 'callback', transactionId: tx, status: 200 })
    const got = recognition(await r.expect(tx, 5000))
    expect(got.transactionId).toBe(tx)
    expect(got.shape).toBe('A')
    expect((got.raw.name as { value: string }).value).toBe(D02.result.data.raw.name!.value)
    await emu.callbacksSettled()
    expect(emu.callbacks.map((c) => [c.transactionId, c.receiverStatus])).toEqual([[tx, 204]])
    expect(r.stats).toEqual({ accepted: 1, ignoredUnknown: 0, ignoredDuplicate: 0, ignoredMalformed: 0 })
    expect(logs.join('\n')).toContain(tx)
    expect(logs.join('\n')).not.toContain(D02.result.data.raw.name!.value)
  })

  it('the error form resolves with the advice for its code', async () => {
    const { r, url } = await receiver()
    emu.injectFault({ kind: 'argos', errorCode: '1011' })
    const tx = await accepted(send(emu, url))
    const o = await r.expect(tx, 5000)
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
    const tx2 = await accepted(send(emu, url))
    expect(await r.expect(tx2, 5000)).toMatchObject({
      kind: 'failed',
      stopBatch: true,
      error: { errorCode: '1001' },
    })
  })

  it('ignores a duplicate callback', async () => {
    const dup = await startArgosEmulator({ duplicateCallbacks: true, callbackDelayMs: 20 })
    try {
      const { r, url } = await receiver()
      const tx = await accepted(send(dup, url))
      expect(recognition(await r.expect(tx, 5000)).transactionId).toBe(tx)
      await dup.callbacksSettled()
      expect(dup.callbacks.map((c) => [c.duplicate, c.receiverStatus])).toEqual([
        [false, 204],
        [true, 200],
      ])
      expect(r.stats).toMatchObject({ accepted: 1, ignoredDuplicate: 1, ignoredUnknown: 0 })
    } finally {
      await dup.close()
    }
  })

  it('holds an early callback for a later expect()', async () => {
    const fast = await startArgosEmulator({ callbackDelayMs: 0 })
    try {
      const { r, url } = await receiver()
      const tx = await accepted(send(fast, url))
      await fast.callbacksSettled()
      expect(fast.callbacks).toHaveLength(1)
      await wait(50)
      const started = Date.now()
      expect(recognition(await r.expect(tx, 5000)).transactionId).toBe(tx)
      expect(Date.now() - started).toBeLessThan(100)
      expect(r.stats).toMatchObject({ accepted: 1, ignoredUnknown: 0 })
    } finally {
      await fast.close()
    }
  })

  it('drops an unknown transaction after the grace period', async () => {
    const { r, url } = await receiver({ earlyGraceMs: 80 })
    const res = await post(url, callbackFor('tx-nobody-asked'))
    expect(res.status).toBe(204)
    expect(r.stats.ignoredUnknown).toBe(0)
    await wait(150)
    expect(r.stats).toEqual({ accepted: 0, ignoredUnknown: 1, ignoredDuplicate: 0, ignoredMalformed: 0 })
    const late = await r.expect('tx-nobody-asked', 50)
    expect(late).toMatchObject({ kind: 'failed', error: { title: 'No callback from ARGOS' } })
    const text = logs.join('\n')
    expect(text).toMatch(/tx-nobody-asked.*unknown/)
    expect(text).not.toContain(D02.result.data.raw.name!.value)
  })

  it('ignores malformed bodies with 200, and a wrong-shape callback makes the timeout say so', async () => {
    const { r, url } = await receiver()
    expect((await post(url, '{"transactionId": "x", "result": {')).status).toBe(200)
    expect((await post(url, [1, 2])).status).toBe(200)
    expect((await post(url, { statusCode: 200, result: {} })).status).toBe(200)
    expect(r.stats.ignoredMalformed).toBe(3)

    emu.injectFault({ kind: 'malformed', variant: 'wrong-shape' })
    const tx = await accepted(send(emu, url))
    const o = await r.expect(tx, 600)
    expect(o).toMatchObject({ kind: 'failed', error: { title: 'Unexpected answer from ARGOS' } })
    expect(r.stats).toMatchObject({ accepted: 0, ignoredMalformed: 4 })
    expect(emu.callbacks.map((c) => c.receiverStatus)).toEqual([200])
  })

  it('times out with advice when no callback comes, and a late one is then ignored', async () => {
    const { r, url } = await receiver()
    const started = Date.now()
    const o = await r.expect('tx-never', 120)
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
    expect((await post(url, callbackFor('tx-never'))).status).toBe(200)
    expect(r.stats).toMatchObject({ accepted: 0, ignoredUnknown: 1 })
  })

  it('stops waiting when the signal aborts, and on stop()', async () => {
    const { r } = await receiver()
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 30)
    expect(await r.expect('tx-a', 5000, controller.signal)).toMatchObject({
      kind: 'failed',
      error: { title: 'Cancelled' },
    })
    const pending = r.expect('tx-b', 5000)
    await r.stop()
    expect(await pending).toMatchObject({ kind: 'failed', error: { title: 'No callback from ARGOS' } })
  })

  it('answers 404 elsewhere, 405 for other methods, 413 over the size limit', async () => {
    const { r, url } = await receiver({ maxBodyBytes: 1000 })
    expect((await post(url.replace('/argos/callback', '/other'), callbackFor('t'))).status).toBe(404)
    expect((await post(url, '', 'GET')).status).toBe(405)
    expect((await post(url, { transactionId: 't', pad: 'x'.repeat(5000) })).status).toBe(413)
    expect(r.stats).toEqual({ accepted: 0, ignoredUnknown: 0, ignoredDuplicate: 0, ignoredMalformed: 1 })
  })
})
