// readBarcode end to end on generated licence backs (test/support/pdf417.ts): decoded (ZXing in its worker) and
// parsed at the angles a photographed card lies at, the raw text kept, and every way of not reading a barcode an
// 'unreadable' result with its reason, never a throw.
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { BarcodeReadSchema, type BarcodeData } from '../../../shared/checks/types'
import { DecoderError, Pdf417Decoder } from '../../../electron/services/barcode/decoder'
import { readBarcode, type ReadBarcodeOptions } from '../../../electron/services/barcode/read-barcode'
import { fixturePath } from '../../support/paths'
import {
  aamvaText,
  D03_LICENCE,
  d03BackWithBarcode,
  licenceBackWithBarcode,
  US_LICENCE,
} from '../../support/pdf417'

const decoder = new Pdf417Decoder({ idleMs: 1000 })
afterAll(() => decoder.close())

const D03_DATA: BarcodeData = {
  number: 'T7654-32109-80706',
  surname: 'TREMBLAY',
  givenNames: 'LUC',
  birth: '1980-07-06',
  expiry: '2026-07-06',
  issue: '2021-01-01',
  sex: 'M',
  address: '10 KING ST W, TORONTO ON M5H 1A1',
  country: 'CAN',
  jurisdiction: 'ON',
  version: 10,
}

async function read(image: Uint8Array, opts: ReadBarcodeOptions = {}) {
  const attempts: string[] = []
  const started = performance.now()
  const result = await readBarcode(image, 'back', {
    decoder,
    onAttempt: (a) => attempts.push(a.kind),
    ...opts,
  })
  return { result: BarcodeReadSchema.parse(result), attempts, ms: performance.now() - started }
}

describe('readBarcode', () => {
  it.each([0, 2, -2, 4, -4])(
    'reads the d03 licence from a back turned by %d°, keeping the raw text',
    async (angle) => {
      const { result } = await read(await licenceBackWithBarcode({ licence: D03_LICENCE, angle }))
      expect(result).toEqual({
        side: 'back',
        status: 'read',
        message: 'PDF417 barcode read (AAMVA version 10, ON, CAN).',
        raw: aamvaText(D03_LICENCE),
        data: D03_DATA,
      })
    },
  )

  it('reads a US licence (MMDDCCYY dates) from a turned, blurred JPEG photo', async () => {
    const image = await licenceBackWithBarcode({ licence: US_LICENCE, angle: 3, blur: 1.2, format: 'jpeg' })
    const { result } = await read(image)
    expect(result.status).toBe('read')
    expect(result.raw).toBe(aamvaText(US_LICENCE))
    expect(result.data).toMatchObject({
      birth: '1990-12-31',
      expiry: '2029-12-31',
      issue: '2024-02-15',
      sex: 'F',
    })
  })

  it('straightens a card turned further than ZXing alone copes with (7°), small or large in pixels', async () => {
    for (const scale of [0.5, 1.5]) {
      const image = await licenceBackWithBarcode({ licence: D03_LICENCE, angle: -7, scale })
      const found: string[] = []
      const result = await readBarcode(image, 'back', {
        decoder,
        onAttempt: (a) => a.found && found.push(a.kind),
      })
      expect(result.data).toEqual(D03_DATA)
      expect(found).toEqual(['region'])
      // ZXing given the whole image as it is finds nothing.
      const { data, info } = await sharp(image).grayscale().raw().toBuffer({ resolveWithObject: true })
      const whole = await decoder.decode(new Uint8Array(data), info.width, info.height, { tryHarder: true })
      expect(whole.results).toEqual([])
    }
  })

  it('reads the barcode laid on the d03 fixture back, where its card is (the image keeps its size)', async () => {
    const image = await d03BackWithBarcode()
    expect(await sharp(image).metadata()).toMatchObject({ width: 2400, height: 1800 })
    const { result } = await read(image)
    expect(result.data).toEqual(D03_DATA)
  })

  it('gives up quickly on a back without a barcode', async () => {
    for (const image of [
      await licenceBackWithBarcode({ barcode: false, angle: 3 }),
      await readFile(fixturePath('d03-can-dl-back.png')),
    ]) {
      const { result, attempts, ms } = await read(image)
      expect(result).toEqual({
        side: 'back',
        status: 'unreadable',
        message: 'No PDF417 barcode was found on this side.',
        raw: null,
        data: null,
      })
      expect(attempts.length).toBeLessThanOrEqual(3)
      expect(ms).toBeLessThan(8000)
    }
  })

  it('says when the barcode is not AAMVA licence data (a plain-text PDF417)', async () => {
    const { result, attempts } = await read(
      await licenceBackWithBarcode({ text: 'INVOICE 2024-118 PAID', angle: -2 }),
    )
    expect(result).toMatchObject({ status: 'unreadable', raw: null, data: null })
    expect(result.message).toMatch(/does not hold AAMVA licence data/)
    expect(attempts).toEqual(['region'])
  })

  it('says when an AAMVA barcode holds no readable licence', async () => {
    const { result } = await read(
      await licenceBackWithBarcode({ text: aamvaText(D03_LICENCE, [['DAY', 'BRO']]), angle: 1 }),
    )
    expect(result.status).toBe('unreadable')
    expect(result.message).toMatch(
      /AAMVA header, but its licence number, name and birth date could not be read/,
    )
  })

  it('answers unreadable, without throwing, for a truncated, corrupt or empty image', async () => {
    const png = await licenceBackWithBarcode({ licence: D03_LICENCE })
    const noise = new Uint8Array(5000).map((_, i) => (i * 7919) % 251)
    for (const bytes of [png.subarray(0, png.length / 3), noise, new Uint8Array(0)]) {
      const { result, attempts } = await read(bytes)
      expect(result).toMatchObject({ status: 'unreadable', raw: null, data: null })
      expect(result.message).toBe('The image could not be decoded to look for a barcode.')
      expect(attempts).toEqual([])
    }
  })

  it('answers unreadable when the decoder cannot run', async () => {
    const broken = {
      decode: () => Promise.reject(new DecoderError('PDF417 decoder stopped (exit 1)')),
    } as unknown as Pdf417Decoder
    const { result } = await read(await licenceBackWithBarcode({ licence: D03_LICENCE }), { decoder: broken })
    expect(result).toMatchObject({ status: 'unreadable', data: null })
    expect(result.message).toMatch(/barcode reader could not run/)
  })

  it('stops when its signal is aborted', async () => {
    const image = await licenceBackWithBarcode({ licence: D03_LICENCE, angle: 2 })
    const controller = new AbortController()
    controller.abort()
    await expect(read(image, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' })
    const late = new AbortController()
    const pending = read(await licenceBackWithBarcode({ barcode: false }), {
      signal: late.signal,
      onAttempt: () => late.abort(),
    })
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('logs nothing (the text is personal data)', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => undefined),
    )
    await read(await licenceBackWithBarcode({ licence: US_LICENCE, angle: -1 }))
    for (const spy of spies) expect(spy).not.toHaveBeenCalled()
    for (const spy of spies) spy.mockRestore()
  })
})

describe('Pdf417Decoder', () => {
  it('decodes in a worker that stops when idle or closed, and starts again on the next decode', async () => {
    const own = new Pdf417Decoder({ idleMs: 50 })
    const image = await licenceBackWithBarcode({ licence: D03_LICENCE, angle: 0, scale: 0.5 })
    expect(own.running).toBe(false)
    const first = await readBarcode(image, 'back', { decoder: own })
    expect(own.running).toBe(true)
    await own.close()
    expect(own.running).toBe(false)
    const second = await readBarcode(image, 'back', { decoder: own })
    expect([first.status, second.status]).toEqual(['read', 'read'])
    await new Promise((r) => setTimeout(r, 300))
    expect(own.running).toBe(false)
    expect((await readBarcode(image, 'back', { decoder: own })).data?.number).toBe(D03_LICENCE.number)
    await own.close()
  })

  it('refuses a buffer smaller than the image it is said to be', async () => {
    await expect(decoder.decode(new Uint8Array(10), 100, 100, { tryHarder: false })).rejects.toThrow(
      RangeError,
    )
  })
})
