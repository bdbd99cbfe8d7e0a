// The recognition pipeline through the real ReviewService and the ARGOS emulator: boxes still land on the
// right pixels after the upload was downscaled, callback mode end to end, and cancel.
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startArgosEmulator, type ArgosEmulator } from '../../support/argos-emulator'
import { fixturePath } from '../../support/paths'
import { serviceHarness } from '../../support/service-harness'
import { loadTruth } from '../../support/truth'

let emulator: ArgosEmulator
beforeAll(async () => {
  emulator = await startArgosEmulator({ callbackDelayMs: 50, duplicateCallbacks: true })
})
afterAll(async () => {
  await emulator.close()
})

const env = () => ({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey })

describe('recognition pipeline', () => {
  it('maps boxes back onto the stored image after the upload was downscaled to fit the limit', async () => {
    const h = await serviceHarness(env())
    // A 4000×3000 scan of d01 (twice the fixture's size) with sensor-like noise, so that even re-encoded at
    // full size it is well over a 0.5 MB upload limit and has to be downscaled.
    const noise = Buffer.alloc(4000 * 3000)
    let seed = 7
    for (let i = 0; i < noise.length; i++)
      noise[i] = 108 + ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 27)
    const grain = await sharp(noise, { raw: { width: 4000, height: 3000, channels: 1 } })
      .png()
      .toBuffer()
    const big = await sharp(fixturePath('d01-utopia-passport-front.jpg'))
      .resize(4000, 3000, { kernel: 'lanczos3' })
      .composite([{ input: grain, blend: 'overlay' }])
      .jpeg({ quality: 97, chromaSubsampling: '4:4:4' })
      .toBuffer()
    expect(big.length).toBeGreaterThan(1024 * 1024)
    await h.service.updateSettings({ recognition: { uploadLimitMb: 0.5 } })
    const id = (await h.service.importScans([{ name: 'big.jpg', bytes: new Uint8Array(big) }])).case!.id
    const before = emulator.requests.length
    const [o] = await h.service.recognize([id], { issuingCountry: 'NZL', idType: 'passport' })
    expect(o).toMatchObject({ ok: true })
    const sent = emulator.requests[before]!
    expect(sent.frontBytes).toBeLessThanOrEqual(0.5 * 1024 * 1024)
    const c = await h.service.getCase(id)
    const scale = c.recognition!.uploadScale.front
    expect(scale).toBeLessThan(1)
    const truth = loadTruth('d01-utopia-passport')
    for (const t of Object.values(truth.sides.front.fields)) {
      const f = c.fields.find((x) => x.key === t.responseKey)!
      // Truth is in fixture pixels; the stored image is twice as large. The emulator rounds to whole pixels of
      // the small upload, so allow that rounding once scaled back (1 / scale px) plus a pixel.
      f.quad!.forEach((p, i) => {
        const d = Math.hypot(p.x - t.origQuad[i]!.x * 2, p.y - t.origQuad[i]!.y * 2)
        expect(d, `${t.responseKey} corner ${i}`).toBeLessThanOrEqual(1 / scale + 1)
      })
    }
  })

  it('callback mode: ARGOS acknowledges, posts the result to the receiver, duplicates are ignored', async () => {
    const h = await serviceHarness(env())
    await h.service.updateSettings({ recognition: { callbackMode: true, callbackTimeoutSec: 10 } })
    const id = (
      await h.service.importScans([await h.file('d02-ita-id-front.jpg'), await h.file('d02-ita-id-back.jpg')])
    ).case!.id
    const before = emulator.requests.length
    const [o] = await h.service.recognize([id], { issuingCountry: 'ITA', idType: 'government_id' })
    expect(o).toMatchObject({ ok: true })
    expect(emulator.requests[before]).toMatchObject({ mode: 'callback', status: 200 })
    const c = await h.service.getCase(id)
    expect(c.transactionId).toBe(emulator.requests[before]!.transactionId)
    expect(c.fields.filter((f) => f.side === 'back').length).toBe(6)
    await emulator.callbacksSettled()
    // The duplicate callback changed nothing.
    expect((await h.service.getCase(id)).updatedAt).toBe(c.updatedAt)
    await h.service.dispose()
  })

  it('cancel puts waiting and in-flight cases back to "new" and sends nothing more', async () => {
    emulator.setLatency(400)
    try {
      const h = await serviceHarness(env())
      await h.service.updateSettings({ recognition: { concurrency: 1 } })
      const ids: string[] = []
      for (let i = 0; i < 4; i++)
        ids.push((await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id)
      const before = emulator.requests.length
      const batch = h.service.recognizeAll({ issuingCountry: 'NZL', idType: 'passport' })
      await h.waitFor([ids[0]!], ['sending'])
      const progress = await h.service.cancelBatch()
      const outcomes = await batch
      expect(outcomes.every((x) => !x.ok)).toBe(true)
      expect(progress.failed).toBe(0)
      await new Promise((r) => setTimeout(r, 500))
      expect(emulator.requests.length - before).toBeLessThanOrEqual(1)
      expect((await h.service.listCases()).map((c) => c.status)).toEqual(['new', 'new', 'new', 'new'])
    } finally {
      emulator.setLatency(0)
    }
  })
})
