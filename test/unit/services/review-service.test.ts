import { mkdir, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_CSV_OPTIONS } from '../../../shared/export-options'
import { startArgosEmulator, type ArgosEmulator } from '../../support/argos-emulator'
import { serviceHarness } from '../../support/service-harness'
import { loadTruth, truthFields } from '../../support/truth'

let emulator: ArgosEmulator
beforeAll(async () => {
  emulator = await startArgosEmulator()
})
afterAll(async () => {
  await emulator.close()
})

describe('ReviewService against the ARGOS emulator', () => {
  it('imports front+back, recognises, corrects a value and exports the corrected CSV', async () => {
    const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey })
    const imported = await h.service.importScans([
      await h.file('d02-ita-id-front.jpg'),
      await h.file('d02-ita-id-back.jpg'),
    ])
    expect(imported.errors).toEqual([])
    const id = imported.case!.id
    expect(imported.case).toMatchObject({ status: 'new', hasBack: true })
    expect(h.events.map((e) => e.event)).toContain('casesChanged')

    const [outcome] = await h.service.recognize([id], { issuingCountry: 'ITA', idType: 'government_id' })
    expect(outcome).toMatchObject({ caseId: id, ok: true })
    const truth = loadTruth('d02-ita-id')
    const c = await h.service.getCase(id)
    expect(c.status).toBe('recognised')
    for (const t of truthFields(truth)) {
      const f = c.fields.find((x) => x.key === t.responseKey)!
      expect(f.side).toBe(t.side)
      expect(f.value).toBe(t.ocr)
      f.quad!.forEach((p, i) =>
        expect(Math.hypot(p.x - t.origQuad[i]!.x, p.y - t.origQuad[i]!.y)).toBeLessThan(1.5),
      )
    }
    const sent = emulator.requests.at(-1)!
    expect(sent).toMatchObject({ keyValid: true, matchedDocument: 'd02-ita-id', issuingCountry: 'ITA' })
    expect(c.transactionId).toBe(sent.transactionId)

    await h.service.setFieldValue(id, 'number', 'CA00000AA', null)
    // Saved at once, on disk, in the case folder.
    const onDisk = JSON.parse(await readFile(join(h.userDataDir, 'cases', id, 'case.json'), 'utf8'))
    expect(onDisk.fields.find((f: { key: string }) => f.key === 'number').value).toBe('CA00000AA')

    const result = await h.service.exportCsv({ caseIds: [id], decidedOnly: false }, DEFAULT_CSV_OPTIONS)
    expect(result).toMatchObject({ status: 'saved', rows: 1 })
    const csv = await readFile(join(h.exportDir, 'export.csv'), 'utf8')
    expect(csv).toContain('"CA00000AA"')
    expect(csv).not.toContain('CA0O000AA')
    expect(csv).not.toContain(emulator.apiKey)
  })

  it('on a wrong key says what to do, keeps the case and the corrections, and never shows the key', async () => {
    const KEY = 'wrong-key-SENTINEL-123'
    const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: KEY })
    // One at a time, so the stop is visible: with more lanes, requests already in flight get their own 403.
    await h.service.updateSettings({ recognition: { concurrency: 1 } })
    const a = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
    const b = (await h.service.importScans([await h.file('d02-ita-id-front.jpg')])).case!.id
    const before = emulator.requests.length
    const outcomes = await h.service.recognize([a, b], { issuingCountry: 'NZL', idType: 'passport' })
    expect(outcomes[0]).toMatchObject({ ok: false })
    expect(outcomes[0]!.message).toMatch(/check the API key or IP allow-list/i)
    // A 403 stops the batch: the second case is not sent.
    expect(outcomes[1]!.message).toMatch(/^Not sent/)
    expect(emulator.requests.length - before).toBe(1)
    expect(JSON.stringify(outcomes)).not.toContain(KEY)
    expect(JSON.stringify(await h.service.getCase(a))).not.toContain(KEY)
    expect(JSON.stringify(await h.service.getSettings())).not.toContain(KEY)
    expect(h.logs.join('\n')).not.toContain(KEY)
    expect((await h.service.listCases()).map((c) => c.id).sort()).toEqual([a, b].sort())
  })

  it('keeps a reviewer correction when the case is recognised again', async () => {
    const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey })
    const id = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
    await h.service.recognize([id], { issuingCountry: 'NZL', idType: 'passport' })
    await h.service.setFieldValue(id, 'name', 'TAMIHANA AROHA', null)
    await h.service.recognize([id], { issuingCountry: 'NZL', idType: 'passport' })
    const name = (await h.service.getCase(id)).fields.find((f) => f.key === 'name')!
    expect(name).toMatchObject({ value: 'TAMIHANA AROHA', ocrValue: 'TAMIHANA AR0HA' })
  })

  it('says how to fix a missing key without sending anything', async () => {
    const h = await serviceHarness({ ARGOS_API_URL: emulator.url })
    await h.service.updateSettings({ recognition: { engine: 'argos' } })
    const id = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
    const before = emulator.requests.length
    const [o] = await h.service.recognize([id], { issuingCountry: 'NZL', idType: 'passport' })
    expect(o!.message).toMatch(/No ARGOS API key is set.*Settings/)
    expect(emulator.requests.length).toBe(before)
  })

  it('refuses a bad file by name and creates no case; a bad back refuses the pair', async () => {
    const h = await serviceHarness({})
    const text = { name: 'notes.jpg', bytes: new TextEncoder().encode('hello') }
    const r1 = await h.service.importScans([text])
    expect(r1.case).toBeNull()
    expect(r1.errors[0]!.message).toMatch(/^notes\.jpg: not an image/)
    const r2 = await h.service.importScans([await h.file('d01-utopia-passport-front.jpg'), text])
    expect(r2.case).toBeNull()
    expect(r2.errors.map((e) => e.message).join(' ')).toMatch(/Nothing was imported/)
    expect(await h.service.listCases()).toEqual([])
    await mkdir(join(h.userDataDir, 'cases'), { recursive: true })
    expect(await readdir(join(h.userDataDir, 'cases'))).toEqual([])
  })

  it('reports ARGOS error codes with the API message and an action', async () => {
    const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey })
    const id = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
    emulator.injectFault({ kind: 'http', status: 500 }, { persistent: true })
    await h.service.updateSettings({ recognition: { maxRetries: 1 } })
    const before = emulator.requests.length
    const [o] = await h.service.recognize([id], { issuingCountry: 'NZL', idType: 'passport' })
    emulator.clearFaults()
    expect(o!.message).toMatch(/ARGOS server error.*try again/i)
    // One retry, then the case fails and keeps the error.
    expect(emulator.requests.length - before).toBe(2)
    const c = await h.service.getCase(id)
    expect(c).toMatchObject({ status: 'failed', error: { httpStatus: 500 } })
  })

  it('export cancelled in the dialog writes nothing', async () => {
    const h = await serviceHarness({})
    const { case: c } = await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])
    h.cancelNextSave()
    expect(await h.service.exportCsv({ caseIds: [c!.id], decidedOnly: false }, DEFAULT_CSV_OPTIONS)).toEqual({
      status: 'canceled',
    })
    expect(await readdir(h.exportDir)).toEqual([])
  })
})
