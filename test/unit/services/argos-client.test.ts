// ArgosClient against the real ARGOS emulator over HTTP: request building, both answer shapes, every error row of
// API-NOTES, retries (backoff with full jitter, Retry-After), 413 shrink, timeouts, aborts, and key redaction.
// Billing: a failure after the body may have reached ARGOS (timeout, drop, 502/504) is not resent unless the
// request says resendAfterSend; one that cannot have been processed (refused, 429, 503, 500, 1003) is.
// `sleep` is injected to record the delays; expectations come from API-NOTES and the fixtures.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  ArgosClient,
  parseRetryAfter,
  requestBody,
  type ArgosClientOptions,
  type RecognitionOutcome,
  type RecognitionRequest,
} from '../../../electron/services/argos/argos-client'
import { fieldsFromRaw } from '../../../electron/services/argos/fields'
import type { IdType } from '../../../shared/model'
import { startArgosEmulator, type ArgosEmulator } from '../../support/argos-emulator'
import { fixturePath } from '../../support/paths'

const KEY = 'SENTINEL-key-9f4c2e71'
const file = (name: string): Buffer => readFileSync(fixturePath(name))
const fixture = (id: string) =>
  JSON.parse(file(`${id}.response.json`).toString('utf8')) as {
    result: { data: { raw: Record<string, unknown>; ocr: Record<string, string> }; document_type: string }
  }
const FRONT = file('d02-ita-id-front.jpg')
const BACK = file('d02-ita-id-back.jpg')

let emu: ArgosEmulator
/** Everything any test's client produced, checked for the key at the end. */
const seen: string[] = []

beforeAll(async () => {
  emu = await startArgosEmulator({ apiKey: KEY })
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => emu.reset())

function harness(over: Partial<ArgosClientOptions> = {}) {
  const logs: string[] = []
  const sleeps: number[] = []
  const push = (m: string): void => {
    logs.push(m)
    seen.push(m)
  }
  const client = new ArgosClient({
    timeoutMs: 10_000,
    retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 250 },
    logger: { info: push, warn: push, error: push },
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    random: () => 0.5,
    ...over,
  })
  const recognize = async (extra: Partial<RecognitionRequest> = {}): Promise<RecognitionOutcome> => {
    const outcome = await client.recognize(request(extra))
    seen.push(JSON.stringify(outcome))
    return outcome
  }
  return { client, logs, sleeps, recognize }
}

function request(extra: Partial<RecognitionRequest> = {}): RecognitionRequest {
  return {
    baseUrl: emu.url,
    apiKey: KEY,
    issuingCountry: 'ITA',
    idType: 'government_id',
    images: { front: FRONT, back: BACK },
    ...extra,
  }
}

function failed(o: RecognitionOutcome) {
  if (o.kind !== 'failed') throw new Error(`expected a failure, got ${o.kind}`)
  return o
}
function recognised(o: RecognitionOutcome) {
  if (o.kind !== 'recognised') throw new Error(`expected a recognition, got ${JSON.stringify(o)}`)
  return o
}

/** A diagonal gradient: unlike any fixture (and unlike a flat image) at the emulator's thumbnail scale. */
async function gradientPng(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      pixels.fill(
        Math.floor((255 * (x + y)) / (width + height)),
        (y * width + x) * 3,
        (y * width + x) * 3 + 3,
      )
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer()
}

/** A flat dark image: recognised as nothing. */
const darkPng = (): Promise<Buffer> =>
  sharp({ create: { width: 500, height: 320, channels: 3, background: '#101010' } })
    .png()
    .toBuffer()

describe('request', () => {
  it('POSTs raw base64 JSON with the key only in x-api-key', async () => {
    const sent: { url: string; headers: Headers; body: Record<string, unknown> }[] = []
    const spy: typeof fetch = async (input, init) => {
      const body = Buffer.from(init!.body as Uint8Array).toString('utf8')
      sent.push({ url: String(input), headers: new Headers(init!.headers), body: JSON.parse(body) })
      return fetch(input, init)
    }
    const { recognize } = harness({ fetch: spy })
    recognised(await recognize())
    expect(sent).toHaveLength(1)
    const [req] = sent
    expect(req!.url).toBe(`${emu.url}/recognition`)
    expect(req!.headers.get('x-api-key')).toBe(KEY)
    expect(req!.headers.get('content-type')).toBe('application/json')
    expect(Object.keys(req!.body).sort()).toEqual(['idBackImage', 'idImage', 'idType', 'issuingCountry'])
    expect(req!.body.idImage).toBe(FRONT.toString('base64'))
    expect(req!.body.idBackImage).toBe(BACK.toString('base64'))
    expect(req!.body).toMatchObject({ issuingCountry: 'ITA', idType: 'government_id' })
    expect(emu.requests[0]).toMatchObject({
      keyValid: true,
      frontBytes: FRONT.length,
      backBytes: BACK.length,
    })
  })

  it('builds the same JSON as JSON.stringify, without idBackImage when there is no back', () => {
    const images = { front: Buffer.from([1, 2, 3, 250]), back: null }
    const fields = { issuingCountry: 'KOR', idType: 'passport', callbackUrl: 'http://127.0.0.1:9/cb?x="é"' }
    expect(JSON.parse(Buffer.from(requestBody(images, fields)).toString('utf8'))).toEqual({
      idImage: 'AQID+g==',
      issuingCountry: 'KOR',
      idType: 'passport',
      callbackUrl: 'http://127.0.0.1:9/cb?x="é"',
    })
    const both = requestBody(
      { front: Buffer.from('a'), back: Buffer.from('b') },
      { issuingCountry: 'A', idType: 'b' },
    )
    expect(Buffer.from(both).toString()).toBe(
      '{"idImage":"YQ==","idBackImage":"Yg==","issuingCountry":"A","idType":"b"}',
    )
  })
})

describe('answers', () => {
  it('parses shape A: the raw map whole (unknown keys kept), rotate, review flags, document type, ocr', async () => {
    const front = await gradientPng(640, 400)
    const base = fixture('d01-utopia-passport')
    const response = structuredClone(base) as unknown as {
      result: { data: { raw: Record<string, unknown> }; review_back: boolean }
    }
    response.result.data.raw.zz_custom = { value: 'X1', score: 12, vendor_hint: { a: 1 } }
    response.result.data.raw.not_a_field = 42
    response.result.data.raw.rotate = { value: '90' }
    response.result.review_back = true
    await emu.registerDocument({
      id: 'custom-gradient',
      front,
      response: response as Record<string, unknown>,
    })

    const { recognize, logs } = harness()
    const o = recognised(await recognize({ images: { front, back: null }, idType: 'passport' }))
    expect(o).toMatchObject({ attempts: 1, shrunk: false })
    const r = o.recognition
    expect(r.shape).toBe('A')
    expect(r.transactionId).toBe(emu.requests[0]!.transactionId)
    expect(r.raw.zz_custom).toEqual({ value: 'X1', score: 12, vendor_hint: { a: 1 } })
    expect(r.raw.not_a_field).toBe(42)
    expect(Object.keys(r.raw).sort()).toEqual(Object.keys(response.result.data.raw).sort())
    expect(r).toMatchObject({ rotate: '90', reviewFront: true, reviewBack: true, documentType: 'passport' })
    expect(r.ocr).toEqual(base.result.data.ocr)
    // Logs: the transaction, never a value.
    expect(logs.join('\n')).toContain(r.transactionId)
    expect(logs.join('\n')).not.toMatch(/X1|ERIKSSON|UTOPIA|vendor_hint/)
  })

  it('reads the fixtures rotate and flags as given (d05: 270, d02: td1)', async () => {
    const { recognize } = harness()
    const d05 = recognised(
      await recognize({
        images: { front: file('d05-mex-passport-turned-front.jpg'), back: null },
        issuingCountry: 'MEX',
        idType: 'passport',
      }),
    ).recognition
    expect(d05).toMatchObject({
      rotate: '270',
      documentType: 'passport',
      reviewFront: true,
      reviewBack: false,
    })
    const d02 = recognised(await recognize()).recognition
    expect(d02.documentType).toBe('td1')
    expect(d02.raw.back_address).toEqual(expect.objectContaining({ value: expect.any(String) }))
  })

  it('accepts shape B as fields without coordinates', async () => {
    emu.injectFault({ kind: 'shapeB' })
    const { recognize } = harness()
    const r = recognised(await recognize()).recognition
    const ocr = fixture('d02-ita-id').result.data.ocr
    expect(r.shape).toBe('B')
    expect(r.transactionId).toBe(emu.requests[0]!.transactionId)
    expect(r).toMatchObject({ rotate: null, reviewFront: null, reviewBack: null, documentType: 'td1' })
    expect(r.raw).toMatchObject({
      name: { value: ocr.ocr_fullName, score: 87 },
      given_name: { value: ocr.ocr_firstName, score: 87 },
      surname: { value: ocr.ocr_lastName },
      birth: { value: ocr.ocr_birthDate },
      gender: { value: ocr.ocr_gender },
      nationality: { value: ocr.ocr_nationality },
      expire_date: { value: ocr.ocr_expireDate },
    })
    expect((r.raw.address as { value: string }).value).toMatch(/, ITA$/)
    expect((r.raw.number as { value: string }).value).toBe(ocr.ocr_number || ocr.ocr_identityNumber)
    expect(r.ocr.ocr_fullName).toBe(ocr.ocr_fullName)
    const { fields, skipped } = fieldsFromRaw(r.raw, true)
    expect(skipped).toEqual([])
    expect(fields.length).toBeGreaterThanOrEqual(8)
    for (const f of fields) expect(f).toMatchObject({ quad: null, quadSource: 'none' })
  })

  it.each(['not-json', 'wrong-shape'] as const)(
    'fails on a %s answer and keeps the body',
    async (variant) => {
      emu.injectFault({ kind: 'malformed', variant })
      const { recognize } = harness()
      const o = failed(await recognize())
      expect(o.error).toMatchObject({ title: 'Unexpected answer from ARGOS', httpStatus: 200 })
      expect(o).toMatchObject({ attempts: 1, retryable: true, stopBatch: false })
      expect(o.body).toContain(`"transactionId":"${emu.requests[0]!.transactionId}"`)
      if (variant === 'wrong-shape') expect(JSON.parse(o.body!)).toMatchObject({ result: { items: [] } })
      expect(emu.requests).toHaveLength(1)
    },
  )

  it('keeps only the first 4000 characters of an odd body', async () => {
    emu.injectFault({ kind: 'http', status: 200, body: `"${'x'.repeat(9000)}"` })
    const o = failed(await harness().recognize())
    expect(o.body).toHaveLength(4000)
  })

  it('an acknowledgement without a callbackUrl sent is unexpected', async () => {
    emu.injectFault({
      kind: 'http',
      status: 200,
      body: JSON.stringify({ transactionId: 't1', message: 'ok' }),
    })
    expect(failed(await harness().recognize()).error.title).toBe('Unexpected answer from ARGOS')
  })
})

describe('retries', () => {
  it('retries 1003 once, then succeeds', async () => {
    emu.injectFault({ kind: 'argos', errorCode: '1003' })
    const { recognize, sleeps } = harness()
    const o = recognised(await recognize())
    expect(o.attempts).toBe(2)
    expect(emu.requests.map((r) => [r.status, r.errorCode])).toEqual([
      [400, '1003'],
      [200, null],
    ])
    expect(sleeps).toEqual([50])
  })

  it('retries a 500, then succeeds', async () => {
    emu.injectFault({ kind: 'http', status: 500 })
    const o = recognised(await harness().recognize())
    expect(o.attempts).toBe(2)
    expect(emu.requests.map((r) => r.status)).toEqual([500, 200])
  })

  it('gives up on a persistent 500 after 1 + maxRetries attempts, with growing jittered delays', async () => {
    emu.injectFault({ kind: 'http', status: 500 }, { persistent: true })
    const { recognize, sleeps } = harness()
    const o = failed(await recognize())
    expect(emu.requests).toHaveLength(4)
    expect(o).toMatchObject({ attempts: 4, retryable: true, stopBatch: false, retryAfterMs: null })
    expect(o.error).toMatchObject({ title: 'ARGOS server error', httpStatus: 500 })
    // Full jitter at random()=0.5: half of min(250, 100·2^n).
    expect(sleeps).toEqual([50, 100, 125])
  })

  it('spreads the delay over [0, ceiling) with full jitter', async () => {
    emu.injectFault({ kind: 'http', status: 503 }, { persistent: true })
    const randoms = [0, 0.999, 0.25]
    const { recognize, sleeps } = harness({ random: () => randoms.shift() ?? 0 })
    failed(await recognize())
    expect(sleeps).toEqual([0, 199, 62])
  })

  it('honours maxRetries 0', async () => {
    emu.injectFault({ kind: 'argos', errorCode: '1003' }, { persistent: true })
    const o = failed(await harness({ retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } }).recognize())
    expect(o.attempts).toBe(1)
    expect(o.error).toMatchObject({ errorCode: '1003', title: 'ARGOS could not process the data' })
    expect(emu.requests).toHaveLength(1)
  })

  it('retries a dropped connection when resending after a send is allowed, then succeeds', async () => {
    emu.injectFault({ kind: 'drop' })
    const o = recognised(await harness().recognize({ resendAfterSend: true }))
    expect(o.attempts).toBe(2)
    expect(emu.requests.map((r) => [r.fault, r.status])).toEqual([
      ['drop', null],
      [null, 200],
    ])
  })

  it('fails after retrying a refused connection', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const { recognize, sleeps } = harness()
    const o = failed(await recognize({ baseUrl: `http://127.0.0.1:${port}/modules` }))
    // Still retried (a refusal can be a restart), then the batch stops: every other case would be refused too.
    expect(o).toMatchObject({ attempts: 4, retryable: true, stopBatch: true, problem: 'unreachable' })
    expect(o.error).toMatchObject({ title: 'Could not reach ARGOS', httpStatus: null })
    expect(o.error.message).toContain('ECONNREFUSED')
    expect(sleeps).toHaveLength(3)
  })

  it('times out each attempt, retries, then fails', async () => {
    emu.setLatency(600)
    const { recognize } = harness({ timeoutMs: 150, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } })
    const started = Date.now()
    const o = failed(await recognize({ resendAfterSend: true }))
    expect(Date.now() - started).toBeLessThan(1000)
    expect(o.error.title).toBe('ARGOS did not answer in time')
    expect(o).toMatchObject({ attempts: 2, retryable: true, stopBatch: false })
    expect(emu.requests).toHaveLength(2)
  })

  it('times out once, then succeeds when the server is fast again', async () => {
    emu.setLatency(600)
    const { recognize } = harness({ timeoutMs: 150, sleep: async () => emu.setLatency(0) })
    const o = recognised(await recognize({ resendAfterSend: true }))
    expect(o.attempts).toBe(2)
    expect(emu.requests).toHaveLength(2)
  })

  it('on 429 waits Retry-After seconds, counted as a retry', async () => {
    emu.injectFault({ kind: 'http', status: 429, retryAfter: 2 })
    const { recognize, sleeps } = harness()
    const o = recognised(await recognize())
    expect(sleeps).toHaveLength(1)
    expect(sleeps[0]).toBeGreaterThanOrEqual(1900)
    expect(sleeps[0]).toBeLessThanOrEqual(2000)
    expect(o.attempts).toBe(2)
  })

  it('reports retryAfterMs when 429 persists, so the batch can slow down', async () => {
    emu.injectFault({ kind: 'http', status: 429, retryAfter: 2 }, { persistent: true })
    const { recognize, sleeps } = harness()
    const o = failed(await recognize())
    expect(o).toMatchObject({ attempts: 4, retryAfterMs: 2000, retryable: true, stopBatch: false })
    expect(o.error.title).toBe('Too many requests')
    expect(sleeps).toEqual([2000, 2000, 2000])
    emu.reset()
    emu.injectFault({ kind: 'http', status: 429 }, { persistent: true })
    const bare = failed(
      await harness({ retry: { maxRetries: 1, baseDelayMs: 100, maxDelayMs: 250 } }).recognize(),
    )
    expect(bare.retryAfterMs).toBe(200)
  })

  it('reads Retry-After as seconds or an HTTP date, capped at 60 s', () => {
    const now = Date.parse('2030-01-01T00:00:00Z')
    expect(parseRetryAfter('2', now)).toBe(2000)
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Mon, 31 Dec 2029 23:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('3600', now)).toBe(60_000)
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter(null, now)).toBeNull()
  })
})

describe('billing: no silent resend after the body may have reached ARGOS', () => {
  it('a dropped connection is not retried: one request, reported as maybe processed', async () => {
    emu.injectFault({ kind: 'drop' })
    const { recognize, sleeps } = harness()
    const o = failed(await recognize())
    expect(o).toMatchObject({ attempts: 1, maybeProcessed: true, retryable: true })
    expect(emu.requests.filter((r) => r.bodyReceived)).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('a timeout is not retried: one request, reported as maybe processed', async () => {
    emu.setLatency(600)
    const o = failed(await harness({ timeoutMs: 150 }).recognize())
    expect(o).toMatchObject({ attempts: 1, maybeProcessed: true })
    expect(o.error.title).toBe('ARGOS did not answer in time')
    expect(emu.requests).toHaveLength(1)
  })

  it('a gateway 502 or 504 is not retried; ARGOS’s own 503 and 500 are', async () => {
    for (const status of [502, 504]) {
      emu.reset()
      emu.injectFault({ kind: 'http', status })
      const o = failed(await harness().recognize())
      expect(o).toMatchObject({ attempts: 1, maybeProcessed: true, error: { httpStatus: status } })
    }
    for (const status of [503, 500]) {
      emu.reset()
      emu.injectFault({ kind: 'http', status })
      const o = recognised(await harness().recognize())
      expect(o.attempts).toBe(2)
    }
  })

  it('a refused connection (nothing sent) and a 429 are retried and not reported as maybe processed', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const refused = failed(await harness().recognize({ baseUrl: `http://127.0.0.1:${port}/modules` }))
    expect(refused.attempts).toBe(4)
    expect(refused.maybeProcessed).toBeUndefined()
    emu.injectFault({ kind: 'http', status: 429 })
    expect(recognised(await harness().recognize()).attempts).toBe(2)
  })
})

describe('errors', () => {
  it('403: stops the batch at once, no retry', async () => {
    const { recognize, sleeps } = harness()
    const o = failed(await recognize({ apiKey: 'wrong-key-SENTINEL-2' }))
    expect(o).toMatchObject({ attempts: 1, stopBatch: true, retryable: true, problem: 'auth' })
    expect(o.error).toMatchObject({
      httpStatus: 403,
      action: 'Check the API key or IP allow-list in Settings.',
    })
    expect(emu.requests).toHaveLength(1)
    expect(sleeps).toEqual([])
    expect(JSON.stringify(o)).not.toContain('wrong-key-SENTINEL-2')
  })

  it('413: shrinks once and the smaller upload goes through', async () => {
    const small = await startArgosEmulator({ apiKey: KEY, maxBodyBytes: 300_000 })
    try {
      const half = async (b: Buffer) =>
        sharp(b)
          .resize({ width: Math.round((await sharp(b).metadata()).width! / 2) })
          .jpeg({ quality: 80 })
          .toBuffer()
      let calls = 0
      let shrunkFront: Buffer | null = null
      const o = recognised(
        await harness().recognize({
          baseUrl: small.url,
          shrink: async () => {
            calls += 1
            shrunkFront = await half(FRONT)
            return { front: shrunkFront, back: await half(BACK) }
          },
        }),
      )
      expect(calls).toBe(1)
      expect(o).toMatchObject({ attempts: 2, shrunk: true })
      expect(small.requests.map((r) => r.status)).toEqual([413, 200])
      expect(small.requests[1]!.frontBytes).toBe(shrunkFront!.length)
      expect(o.recognition.raw.name).toBeDefined()

      // A second 413 fails; no shrink function: fails at once.
      small.reset()
      let again = 0
      const twice = failed(
        await harness().recognize({
          baseUrl: small.url,
          shrink: async () => {
            again += 1
            return { front: FRONT, back: BACK }
          },
        }),
      )
      expect(again).toBe(1)
      expect(twice.error).toMatchObject({ httpStatus: 413, title: 'Image too large for ARGOS' })
      expect(twice).toMatchObject({ attempts: 2, retryable: true, stopBatch: false })
      const none = failed(await harness().recognize({ baseUrl: small.url }))
      expect(none.attempts).toBe(1)
      expect(small.requests).toHaveLength(3)
    } finally {
      await small.close()
    }
  })

  // Every 400 row of API-NOTES, injected after validation: no retry, the advice of argos-errors.ts.
  it.each([
    ['1001', /workspace unavailable/i, /account administrator/i, true, true],
    ['1005', /front image missing/i, /import the front image/i, false, false],
    ['1006', /issuing country missing/i, /choose the issuing country/i, true, false],
    ['1009', /could not be analysed/i, /sharper/i, true, false],
    ['1010', /callback url missing/i, /callback settings/i, true, true],
    ['1011', /not recognised/i, /country and ID type match the front/i, true, false],
    ['1012', /back of the document/i, /back image belongs/i, true, false],
    ['1013', /invalid image format/i, /JPEG or PNG/i, true, false],
    ['1014', /ID type missing/i, /choose the ID type/i, true, false],
    ['1015', /invalid request/i, /report it to support/i, false, false],
  ] as const)('%s maps to its advice', async (code, title, action, retryable, stopBatch) => {
    emu.injectFault({ kind: 'argos', errorCode: code })
    const { recognize, sleeps } = harness()
    const o = failed(await recognize())
    expect(o.error.title).toMatch(title)
    expect(o.error.action).toMatch(action)
    expect(o.error).toMatchObject({ httpStatus: 400, errorCode: code })
    expect(o.error.message.length).toBeGreaterThan(0)
    expect(o).toMatchObject({ attempts: 1, retryable, stopBatch })
    expect(o.body).toContain(code)
    expect(emu.requests).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('the emulator’s own validation errors reach the reviewer (1005, 1006, 1011, 1012, 1013, 1014, 1015)', async () => {
    const { recognize } = harness()
    const codeOf = async (extra: Partial<RecognitionRequest>) => failed(await recognize(extra)).error
    expect(await codeOf({ images: { front: Buffer.alloc(0), back: null } })).toMatchObject({
      errorCode: '1005',
      message: 'idImage is required',
    })
    expect((await codeOf({ issuingCountry: '' })).errorCode).toBe('1006')
    expect((await codeOf({ idType: '' as IdType })).errorCode).toBe('1014')
    expect((await codeOf({ issuingCountry: 'it' })).errorCode).toBe('1015')
    const unknown = await codeOf({ images: { front: await darkPng(), back: null } })
    expect(unknown).toMatchObject({ errorCode: '1011', title: 'Document not recognised' })
    expect(unknown.action).toMatch(/change them and recognize again/)
    const wrongBack = await codeOf({ images: { front: FRONT, back: file('d03-can-dl-back.png') } })
    expect(wrongBack).toMatchObject({ errorCode: '1012', message: 'Fail to recognize back of an idCard' })
    const notImage = await codeOf({ images: { front: Buffer.from('GIF89a not really'), back: null } })
    expect(notImage).toMatchObject({ errorCode: '1013', title: 'Invalid image format' })
    expect(emu.requests).toHaveLength(7)
  })

  it('other 4xx are not retried; an invalid base URL stops the batch without a request', async () => {
    emu.injectFault({ kind: 'http', status: 404 })
    const notFound = failed(await harness().recognize())
    expect(notFound).toMatchObject({ attempts: 1, stopBatch: true })
    expect(notFound.error.action).toMatch(/base URL/)
    emu.injectFault({ kind: 'http', status: 400 })
    expect(failed(await harness().recognize())).toMatchObject({ attempts: 1, stopBatch: false })
    expect(emu.requests).toHaveLength(2)
    const bad = failed(await harness().recognize({ baseUrl: 'ftp:/nowhere' }))
    expect(bad).toMatchObject({ attempts: 0, stopBatch: true })
    expect(emu.requests).toHaveLength(2)
  })
})

describe('cancelling', () => {
  it('stops at once when the caller aborts mid-request', async () => {
    emu.setLatency(3000)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const started = Date.now()
    const { recognize, sleeps, logs } = harness()
    const o = failed(await recognize({ signal: controller.signal }))
    expect(Date.now() - started).toBeLessThan(1500)
    // Not mistaken for a network failure: no retry scheduled.
    expect(sleeps).toEqual([])
    expect(logs.join('\n')).not.toMatch(/retry/)
    expect(o.error.title).toBe('Cancelled')
    expect(o).toMatchObject({ attempts: 1, retryable: true, stopBatch: false })
    expect(emu.requests).toHaveLength(1)
  })

  it('stops during the backoff wait (default sleep), with no further attempt', async () => {
    emu.injectFault({ kind: 'http', status: 500 }, { persistent: true })
    const controller = new AbortController()
    const client = new ArgosClient({
      timeoutMs: 5000,
      retry: { maxRetries: 3, baseDelayMs: 20_000, maxDelayMs: 20_000 },
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      random: () => 0.99,
    })
    setTimeout(() => controller.abort(), 150)
    const started = Date.now()
    const o = failed(await client.recognize(request({ signal: controller.signal })))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(o).toMatchObject({ attempts: 1, retryable: true })
    expect(o.error.title).toBe('Cancelled')
    expect(emu.requests).toHaveLength(1)
  })

  it('sends nothing when already aborted', async () => {
    const o = failed(await harness().recognize({ signal: AbortSignal.abort() }))
    expect(o).toMatchObject({ attempts: 0 })
    expect(o.error.title).toBe('Cancelled')
    expect(emu.requests).toHaveLength(0)
  })
})

describe('the API key', () => {
  it('is redacted when the server echoes it back', async () => {
    const { recognize, logs } = harness()
    emu.injectFault({ kind: 'http', status: 500, body: JSON.stringify({ message: `bad key ${KEY}` }) })
    emu.injectFault({ kind: 'http', status: 500, body: JSON.stringify({ message: `bad key ${KEY}` }) })
    emu.injectFault({ kind: 'http', status: 500, body: JSON.stringify({ message: `bad key ${KEY}` }) })
    emu.injectFault({ kind: 'http', status: 500, body: JSON.stringify({ message: `bad key ${KEY}` }) })
    const five = failed(await recognize())
    expect(five.error.message).toBe('bad key [redacted]')
    emu.injectFault({ kind: 'argos', errorCode: '1015', message: `invalid x-api-key ${KEY}` })
    const invalid = failed(await recognize())
    expect(invalid.error.message).toBe('invalid x-api-key [redacted]')
    emu.injectFault({ kind: 'http', status: 200, body: `{"echo":"${KEY}"` })
    const odd = failed(await recognize())
    expect(odd.body).toBe('{"echo":"[redacted]"')
    for (const o of [five, invalid, odd]) expect(JSON.stringify(o)).not.toContain(KEY)
    expect(logs.join('\n')).not.toContain(KEY)
  })

  it('appears in no outcome or log line of any test in this file', () => {
    expect(seen.length).toBeGreaterThan(40)
    const all = seen.join('\n')
    expect(all).not.toContain(KEY)
    expect(all).not.toContain(FRONT.toString('base64').slice(0, 40))
  })
})
