// The ARGOS emulator against the contract (/work/shared/argos): real HTTP on 127.0.0.1, expectations taken from
// the API notes and from the fixtures' response/truth files, never from the emulator's own code.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startArgosEmulator } from '../support/argos-emulator'
import type { ArgosEmulator } from '../support/argos-emulator'

const DOCS = fileURLToPath(new URL('../fixtures/documents/', import.meta.url))
const CORNERS = ['first', 'second', 'third', 'fourth'] as const
interface Pt {
  x: number
  y: number
}
type Quad = Record<(typeof CORNERS)[number], Pt>
interface RawField {
  value: string
  coordinates: Quad
  original_coordinates?: Quad
}
interface ShapeA {
  apiType: string
  transactionId: string
  result: { data: { raw: Record<string, RawField>; ocr: Record<string, string> } }
}
interface ErrorReply {
  statusCode: number
  apiType: string
  transactionId: string
  errorCode: string
  message: string
}
interface TruthSide {
  file: string
  width: number
  height: number
  fields: Record<string, { responseKey: string; origQuad: Pt[] }>
}
interface Truth {
  idType: string
  issuingCountry: string
  sides: { front: TruthSide; back?: TruthSide }
}

const file = (name: string): Buffer => readFileSync(path.join(DOCS, name))
const fixture = (id: string): ShapeA => JSON.parse(file(`${id}.response.json`).toString('utf8')) as ShapeA
const truth = (id: string): Truth => JSON.parse(file(`${id}.truth.json`).toString('utf8')) as Truth
const b64 = (buf: Buffer): string => buf.toString('base64')
const D02 = 'd02-ita-id'
const d02 = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  idImage: b64(file(`${D02}-front.jpg`)),
  issuingCountry: 'ITA',
  idType: 'government_id',
  ...extra,
})

async function recognize(
  emu: ArgosEmulator,
  body: Record<string, unknown> | string,
  key: string | null = emu.apiKey,
): Promise<{ status: number; headers: Headers; text: string; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (key !== null) headers['x-api-key'] = key
  const res = await fetch(`${emu.url}/recognition`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  let json: unknown = undefined
  try {
    json = JSON.parse(text)
  } catch {
    // left undefined: some tests expect a body that is not JSON
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** Largest coordinate deviation between a returned quad and the expected corners (TL, TR, BR, BL). */
function deviation(got: Quad | undefined, want: Pt[]): number {
  if (!got) return Infinity
  return Math.max(
    ...CORNERS.map((c, i) =>
      Math.max(Math.abs(got[c].x - (want[i]?.x ?? NaN)), Math.abs(got[c].y - (want[i]?.y ?? NaN))),
    ),
  )
}
const quadPoints = (q: Quad | undefined): Pt[] => (q ? CORNERS.map((c) => q[c]) : [])

async function noiseImage(width: number, height: number, format: 'jpeg' | 'png'): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3)
  for (let i = 0; i < raw.length; i++) raw[i] = Math.floor(Math.random() * 256)
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .toFormat(format)
    .toBuffer()
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

let emu: ArgosEmulator
beforeAll(async () => {
  emu = await startArgosEmulator()
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => emu.reset())

describe('auth and validation', () => {
  it('answers 403 Forbidden to a wrong or missing key, and logs keyValid=false without the key', async () => {
    for (const key of ['wrong-secret-key-123', null]) {
      const r = await recognize(emu, d02(), key)
      expect(r.status).toBe(403)
      expect(r.json).toEqual({ message: 'Forbidden' })
    }
    expect(emu.requests.map((e) => [e.status, e.keyValid])).toEqual([
      [403, false],
      [403, false],
    ])
    expect(JSON.stringify(emu.requests)).not.toContain('wrong-secret-key-123')
  })

  const cases: [string, Record<string, unknown> | string, string, string][] = [
    ['missing idImage', { issuingCountry: 'ITA', idType: 'government_id' }, '1005', 'idImage is required'],
    ['missing issuingCountry', d02({ issuingCountry: undefined }), '1006', 'issuingCountry is required'],
    ['missing idType', d02({ idType: undefined }), '1014', 'idType is required'],
    ['idType outside the enum', d02({ idType: 'id_card' }), '1015', 'invalid inputs : missing fields'],
    ['country not 3 capitals', d02({ issuingCountry: 'it' }), '1015', 'invalid inputs : missing fields'],
    ['body not JSON', 'idImage=abc', '1015', 'invalid inputs : missing fields'],
    [
      'callbackUrl not http(s)',
      d02({ callbackUrl: 'ftp://example/cb' }),
      '1015',
      'invalid inputs : missing fields',
    ],
    ['idImage not base64', d02({ idImage: 'not base64 at all!' }), '1013', 'Invalid image format'],
    [
      'data: prefix',
      d02({ idImage: `data:image/jpeg;base64,${b64(file(`${D02}-front.jpg`))}` }),
      '1013',
      'Invalid image format',
    ],
    [
      'base64 of a GIF',
      d02({ idImage: b64(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')) }),
      '1013',
      'Invalid image format',
    ],
    [
      'JPEG magic, garbage after',
      d02({ idImage: b64(Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3, 4, 5])) }),
      '1013',
      'Invalid image format',
    ],
    ['back image not base64', d02({ idBackImage: '@@@@' }), '1013', 'Invalid image format'],
  ]
  it.each(cases)('answers 400 for %s', async (_name, body, errorCode, message) => {
    const r = await recognize(emu, body)
    expect(r.status).toBe(400)
    const json = r.json as ErrorReply
    expect(json).toMatchObject({ statusCode: 400, apiType: 'id_recognition', errorCode, message })
    expect(json.transactionId).toMatch(/\S{6,}/)
    expect(emu.requests.at(-1)).toMatchObject({ status: 400, errorCode, matchedDocument: null })
  })

  it('answers 1013 for decodable images that are not JPEG/PNG, and for unpadded base64', async () => {
    const front = file(`${D02}-front.jpg`)
    const webp = await sharp(front).webp().toBuffer()
    const gif = await sharp(front).resize(450).gif().toBuffer()
    // The 1×1 PNG of the contract's own example, padding dropped ("…ggg==" → "…ggg").
    const png1x1 =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg'
    for (const idImage of [b64(webp), b64(gif), png1x1]) {
      const r = await recognize(emu, d02({ idImage }))
      expect(r.json).toMatchObject({ statusCode: 400, errorCode: '1013' })
    }
    // The same PNG padded is well-formed: it is refused for not being a known document, not for its format.
    expect((await recognize(emu, d02({ idImage: `${png1x1}==` }))).json).toMatchObject({ errorCode: '1011' })
  })

  it('serves /modules/recognition and /recognition; 404 elsewhere, 405 for GET', async () => {
    const direct = await fetch(emu.url.replace(/\/modules$/, '/recognition'), {
      method: 'POST',
      headers: { 'x-api-key': emu.apiKey },
      body: JSON.stringify(d02()),
    })
    expect(direct.status).toBe(200)
    expect((await fetch(`${emu.url}/other`, { method: 'POST' })).status).toBe(404)
    expect((await fetch(`${emu.url}/recognition`)).status).toBe(405)
  })
})

describe('sync recognition', () => {
  it('answers the fixture with a fresh transactionId and unchanged coordinates for the original image', async () => {
    const want = fixture(D02)
    const a = await recognize(emu, d02())
    const b = await recognize(emu, d02())
    expect(a.status).toBe(200)
    const got = a.json as ShapeA
    expect(got.apiType).toBe('id_recognition')
    expect(got.transactionId).not.toBe(want.transactionId)
    expect(got.transactionId).not.toBe((b.json as ShapeA).transactionId)
    expect(got.result.data.ocr).toEqual(want.result.data.ocr)
    const frontKeys = Object.keys(want.result.data.raw).filter((k) => !k.startsWith('back_'))
    expect(Object.keys(got.result.data.raw).sort()).toEqual(frontKeys.sort())
    for (const [key, field] of Object.entries(truth(D02).sides.front.fields)) {
      const g = got.result.data.raw[key]
      expect(g?.value).toBe(want.result.data.raw[key]?.value)
      expect(g?.coordinates).toEqual(want.result.data.raw[key]?.coordinates)
      expect(deviation(g?.original_coordinates, field.origQuad), key).toBeLessThanOrEqual(1)
    }
    expect(emu.requests.at(-2)).toMatchObject({ matchedDocument: D02, status: 200, mode: 'sync' })
  })

  it('scales original_coordinates to an image resized to 50% and re-encoded as PNG', async () => {
    const id = 'd01-utopia-passport'
    const half = await sharp(file(`${id}-front.jpg`))
      .resize(1000, 750)
      .png()
      .toBuffer()
    const r = await recognize(emu, { idImage: b64(half), issuingCountry: 'NZL', idType: 'passport' })
    expect(r.status).toBe(200)
    const raw = (r.json as ShapeA).result.data.raw
    for (const [key, field] of Object.entries(fixture(id).result.data.raw)) {
      if (!field.original_coordinates) continue
      const want = quadPoints(field.original_coordinates).map((p) => ({ x: p.x * 0.5, y: p.y * 0.5 }))
      expect(deviation(raw[key]?.original_coordinates, want), key).toBeLessThanOrEqual(1)
      expect(raw[key]?.coordinates).toEqual(field.coordinates)
    }
  })

  it('turns coordinates with an image rotated 90° clockwise (and 270° at half size)', async () => {
    const t = truth(D02).sides.front
    const front = file(`${D02}-front.jpg`)
    const r90 = await recognize(emu, d02({ idImage: b64(await sharp(front).rotate(90).jpeg().toBuffer()) }))
    const small = await sharp(front).rotate(270).resize(675, 900).jpeg({ quality: 70 }).toBuffer()
    const r270 = await recognize(emu, d02({ idImage: b64(small) }))
    expect([r90.status, r270.status]).toEqual([200, 200])
    for (const [key, field] of Object.entries(t.fields)) {
      const cw = field.origQuad.map((p) => ({ x: t.height - p.y, y: p.x }))
      const ccwHalf = field.origQuad.map((p) => ({ x: p.y / 2, y: (t.width - p.x) / 2 }))
      expect(
        deviation((r90.json as ShapeA).result.data.raw[key]?.original_coordinates, cw),
        key,
      ).toBeLessThanOrEqual(1)
      expect(
        deviation((r270.json as ShapeA).result.data.raw[key]?.original_coordinates, ccwHalf),
        key,
      ).toBeLessThanOrEqual(1)
    }
  })

  it('applies EXIF orientation: d04 (orientation 6) as stored and normalised give upright coordinates', async () => {
    const id = 'd04-jpn-residence'
    const t = truth(id).sides.front
    const stored = file(`${id}-front.jpg`)
    const upright = await sharp(stored).rotate().jpeg({ quality: 80 }).toBuffer()
    for (const image of [stored, upright]) {
      const r = await recognize(emu, {
        idImage: b64(image),
        issuingCountry: 'JPN',
        idType: 'residence_permit',
      })
      expect(r.status).toBe(200)
      for (const [key, field] of Object.entries(t.fields)) {
        expect(
          deviation((r.json as ShapeA).result.data.raw[key]?.original_coordinates, field.origQuad),
          key,
        ).toBeLessThanOrEqual(1)
      }
    }
  })

  it('recognises each fixture front (40%, JPEG q70) as itself and nothing else', async () => {
    const fronts = [
      'd01-utopia-passport',
      'd02-ita-id',
      'd03-can-dl',
      'd04-jpn-residence',
      'd05-mex-passport-turned',
    ]
    for (const id of fronts) {
      const t = truth(id)
      const small = await sharp(file(t.sides.front.file))
        .rotate()
        .resize({ width: Math.round(t.sides.front.width * 0.4) })
      const image = await small.jpeg({ quality: 70 }).toBuffer()
      const r = await recognize(emu, {
        idImage: b64(image),
        issuingCountry: t.issuingCountry,
        idType: t.idType,
      })
      expect(r.status, id).toBe(200)
      expect(emu.requests.at(-1)?.matchedDocument).toBe(id)
    }
  })

  it('answers 1011 for an unknown image (noise) and for a back image sent as the front', async () => {
    const noise = await noiseImage(1200, 900, 'jpeg')
    for (const image of [noise, file(`${D02}-back.jpg`)]) {
      const r = await recognize(emu, d02({ idImage: b64(image) }))
      expect(r.status).toBe(400)
      expect(r.json).toMatchObject({ errorCode: '1011', message: 'Fail to recognize idCard' })
      expect(emu.requests.at(-1)?.matchedDocument).toBeNull()
    }
  })
})

describe('back image', () => {
  it('returns back_ fields only when a back is sent, scaled with the back image', async () => {
    const want = fixture(D02).result.data.raw
    const halfBack = await sharp(file(`${D02}-back.jpg`))
      .resize(900, 675)
      .jpeg()
      .toBuffer()
    const r = await recognize(emu, d02({ idBackImage: b64(halfBack) }))
    expect(r.status).toBe(200)
    const raw = (r.json as ShapeA).result.data.raw
    expect(Object.keys(raw).sort()).toEqual(Object.keys(want).sort())
    for (const [key, field] of Object.entries(want)) {
      if (!field.original_coordinates) continue
      const scale = key.startsWith('back_') ? 0.5 : 1
      const expected = quadPoints(field.original_coordinates).map((p) => ({ x: p.x * scale, y: p.y * scale }))
      expect(deviation(raw[key]?.original_coordinates, expected), key).toBeLessThanOrEqual(1)
    }
    expect(emu.requests.at(-1)?.backBytes).toBe(halfBack.length)
  })

  it('answers 1012 when the back does not match the document (or the document has no back)', async () => {
    const wrong = await recognize(emu, d02({ idBackImage: b64(file('d03-can-dl-back.png')) }))
    const noBack = await recognize(emu, {
      idImage: b64(file('d01-utopia-passport-front.jpg')),
      idBackImage: b64(file(`${D02}-back.jpg`)),
      issuingCountry: 'NZL',
      idType: 'passport',
    })
    for (const r of [wrong, noBack]) {
      expect(r.status).toBe(400)
      expect(r.json).toMatchObject({ errorCode: '1012', message: 'Fail to recognize back of an idCard' })
    }
  })
})

describe('callback mode', () => {
  let receiver: Server
  let receiverUrl = ''
  const received: { contentType: string | undefined; body: string }[] = []
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = ''
      req.setEncoding('utf8')
      req.on('data', (c: string) => (body += c))
      req.on('end', () => {
        received.push({ contentType: req.headers['content-type'], body })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/argos/callback`
  })
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())))
  beforeEach(() => {
    received.length = 0
  })

  it('acknowledges at once, then POSTs the result with the same transactionId', async () => {
    const r = await recognize(emu, d02({ callbackUrl: receiverUrl }))
    expect(r.status).toBe(200)
    const ack = r.json as { transactionId: string; message: string }
    expect(ack.message).toBe(
      `request has been successfully received. The response will be sent to ${receiverUrl}`,
    )
    expect(received).toHaveLength(0)
    await until(() => received.length === 1)
    expect(received[0]?.contentType).toMatch(/application\/json/)
    const cb = JSON.parse(received[0]?.body ?? '') as {
      statusCode: number
      apiType: string
      transactionId: string
    } & Pick<ShapeA, 'result'>
    expect(cb).toMatchObject({ statusCode: 200, apiType: 'id_recognition', transactionId: ack.transactionId })
    expect(cb.result.data.raw.name?.value).toBe(fixture(D02).result.data.raw.name?.value)
    expect(emu.requests.at(-1)).toMatchObject({
      mode: 'callback',
      transactionId: ack.transactionId,
      status: 200,
    })
    await new Promise((r) => setTimeout(r, 200))
    expect(received).toHaveLength(1)
  })

  it('sends the error form by callback when recognition fails, and argos faults go to the callback', async () => {
    const noise = await noiseImage(800, 600, 'png')
    const unknown = await recognize(emu, d02({ idImage: b64(noise), callbackUrl: receiverUrl }))
    emu.injectFault({ kind: 'argos', errorCode: '1003' })
    const faulted = await recognize(emu, d02({ callbackUrl: receiverUrl }))
    expect([unknown.status, faulted.status]).toEqual([200, 200])
    await until(() => received.length === 2)
    const bodies = received.map((x) => JSON.parse(x.body) as ErrorReply)
    const byTx = (tx: unknown): ErrorReply | undefined => bodies.find((b) => b.transactionId === tx)
    expect(byTx((unknown.json as ErrorReply).transactionId)).toMatchObject({
      statusCode: 400,
      errorCode: '1011',
      apiType: 'id_recognition',
    })
    expect(byTx((faulted.json as ErrorReply).transactionId)).toMatchObject({
      statusCode: 400,
      errorCode: '1003',
      message: 'Fail to process data',
    })
  })

  it('sends every callback twice with duplicateCallbacks', async () => {
    const dup = await startArgosEmulator({ duplicateCallbacks: true, callbackDelayMs: 0 })
    try {
      const r = await recognize(dup, d02({ callbackUrl: receiverUrl }))
      await until(() => received.length === 2)
      const txs = received.map((x) => (JSON.parse(x.body) as ShapeA).transactionId)
      expect(txs).toEqual([(r.json as ShapeA).transactionId, (r.json as ShapeA).transactionId])
      expect(dup.callbacks.map((c) => [c.duplicate, c.receiverStatus])).toEqual([
        [false, 204],
        [true, 204],
      ])
    } finally {
      await dup.close()
    }
  })
})

describe('latency, faults, limits', () => {
  it('waits latencyMs before answering without serialising requests', async () => {
    emu.setLatency(600)
    const start = Date.now()
    const answers = await Promise.all([1, 2, 3, 4].map(() => recognize(emu, d02(), 'x')))
    const elapsed = Date.now() - start
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403])
    expect(elapsed).toBeGreaterThanOrEqual(590)
    expect(elapsed).toBeLessThan(1800) // 4 × 600 ms if the delay blocked or serialised requests
    emu.setLatency(0)
    const quick = Date.now()
    await recognize(emu, d02(), 'x')
    expect(Date.now() - quick).toBeLessThan(400)
    emu.setLatency(600)
    emu.reset() // back to the option (0)
    const again = Date.now()
    await recognize(emu, d02(), 'x')
    expect(Date.now() - again).toBeLessThan(400)
  })

  it('consumes queued faults one per request, in order', async () => {
    emu.injectFault({ kind: 'http', status: 500 })
    emu.injectFault({ kind: 'http', status: 429, retryAfter: 2 })
    emu.injectFault({ kind: 'argos', errorCode: '1003' })
    const a = await recognize(emu, d02())
    const b = await recognize(emu, d02())
    const c = await recognize(emu, d02())
    const d = await recognize(emu, d02())
    expect([a.status, b.status, c.status, d.status]).toEqual([500, 429, 400, 200])
    expect(b.headers.get('retry-after')).toBe('2')
    expect(a.json).toHaveProperty('message')
    expect(c.json).toMatchObject({ statusCode: 400, errorCode: '1003', message: 'Fail to process data' })
    expect(emu.requests.map((e) => e.fault)).toEqual(['http', 'http', 'argos', null])
  })

  it('drops the connection without an answer', async () => {
    emu.injectFault({ kind: 'drop' })
    await expect(recognize(emu, d02())).rejects.toThrow()
    expect(emu.requests.at(-1)).toMatchObject({ fault: 'drop', status: null })
    expect((await recognize(emu, d02())).status).toBe(200)
  })

  it('answers malformed bodies: truncated JSON and a wrong shape', async () => {
    emu.injectFault({ kind: 'malformed' })
    emu.injectFault({ kind: 'malformed', variant: 'wrong-shape' })
    const notJson = await recognize(emu, d02())
    const wrong = await recognize(emu, d02())
    expect([notJson.status, wrong.status]).toEqual([200, 200])
    expect(() => JSON.parse(notJson.text) as unknown).toThrow()
    const result = (wrong.json as { result?: Record<string, unknown> }).result
    expect(result?.data).toBeUndefined()
    expect(result?.personalInfo).toBeUndefined()
  })

  it('answers shape B (no coordinates) for the shapeB fault', async () => {
    emu.injectFault({ kind: 'shapeB' })
    const r = await recognize(emu, d02())
    expect(r.status).toBe(200)
    const result = (r.json as { result: Record<string, Record<string, unknown>> }).result
    const ocr = fixture(D02).result.data.ocr
    expect(result.personalInfo).toMatchObject({ fullName: ocr.ocr_fullName, dateOfBirth: ocr.ocr_birthDate })
    expect(result.documentInfo).toMatchObject({ issuingCountry: 'ITA', documentNumber: ocr.ocr_number })
    expect(result.data).toBeUndefined()
    expect(r.text).not.toContain('coordinates')
  })

  it('keeps a persistent fault until cleared; reset() clears it too', async () => {
    emu.injectFault({ kind: 'http', status: 503 }, { persistent: true })
    expect((await recognize(emu, d02())).status).toBe(503)
    expect((await recognize(emu, d02())).status).toBe(503)
    emu.clearFaults()
    expect((await recognize(emu, d02())).status).toBe(200)
    emu.injectFault({ kind: 'http', status: 503 }, { persistent: true })
    emu.reset()
    expect((await recognize(emu, d02())).status).toBe(200)
    expect(emu.requests).toHaveLength(1)
  })

  it('answers 413 over maxBodyBytes; strictDocumentType answers 1011 on a country mismatch', async () => {
    const small = await startArgosEmulator({ maxBodyBytes: 200_000, strictDocumentType: true, apiKey: 'k2' })
    try {
      expect(small.apiKey).toBe('k2')
      const big = await recognize(small, { ...d02(), idImage: b64(file('d01-utopia-passport-front.jpg')) })
      expect(big.status).toBe(413)
      expect((await recognize(small, d02())).status).toBe(200)
      const mismatch = await recognize(small, d02({ issuingCountry: 'FRA' }))
      expect(mismatch.json).toMatchObject({ errorCode: '1011' })
    } finally {
      await small.close()
    }
  })
})

describe('request log', () => {
  it('records each request without the key or any image data', async () => {
    const front = file(`${D02}-front.jpg`)
    const back = file(`${D02}-back.jpg`)
    const r = await recognize(emu, d02({ idBackImage: b64(back) }))
    await recognize(emu, d02(), 'a-wrong-key-value')
    expect(emu.requests[0]).toMatchObject({
      method: 'POST',
      path: '/modules/recognition',
      keyValid: true,
      issuingCountry: 'ITA',
      idType: 'government_id',
      frontBytes: front.length,
      backBytes: back.length,
      matchedDocument: D02,
      status: 200,
      errorCode: null,
      transactionId: (r.json as ShapeA).transactionId,
      mode: 'sync',
    })
    expect(Number.isNaN(Date.parse(emu.requests[0]?.at ?? ''))).toBe(false)
    const log = JSON.stringify(emu.requests)
    expect(log).not.toContain(emu.apiKey)
    expect(log).not.toContain('a-wrong-key-value')
    for (const image of [front, back]) {
      const text = b64(image)
      expect(log).not.toContain(text.slice(0, 40))
      expect(log).not.toContain(text.slice(5000, 5040))
    }
  })
})
