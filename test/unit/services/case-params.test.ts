// Per-case country and type: guessed from file names at import, else the last choice; setCaseParams with its
// audit events and refusals; Recognize all sending each case with its own values; a batch that stops on a problem
// every case would hit; and the connection test against the ARGOS emulator.
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importParams, paramsFromFileName } from '../../../electron/services/cases/case-params'
import { startArgosEmulator, type ArgosEmulator } from '../../support/argos-emulator'
import { serviceHarness } from '../../support/service-harness'

let emulator: ArgosEmulator
beforeAll(async () => {
  emulator = await startArgosEmulator()
})
afterAll(async () => {
  await emulator.close()
})
const env = () => ({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey })

describe('paramsFromFileName', () => {
  it.each([
    ['h06-fra-passport-front.jpg', 'FRA', 'passport'],
    ['d02-ita-id-front.jpg', 'ITA', 'government_id'],
    ['d03-can-dl-back.png', 'CAN', 'drivers_license'],
    ['d04-jpn-residence-front.jpg', 'JPN', 'residence_permit'],
    ['scan_FR_driving_licence.png', 'FRA', 'drivers_license'],
    ['d01-utopia-passport-front.jpg', null, 'passport'],
    ['IMG_2041.jpg', null, null],
    // Two countries, or two types: neither is guessed.
    ['fra-ita-passport.jpg', null, 'passport'],
    ['esp-passport-visa.jpg', 'ESP', null],
    // A word that is also a code but more likely a word ("it" Italy, "in" India, "and" Andorra).
    ['it-is-in-and-out.jpg', null, null],
    // An alpha-3 word wins over an alpha-2 one.
    ['de-aut-id.jpg', 'AUT', 'government_id'],
  ])('%s → %s, %s', (name, country, type) => {
    expect(paramsFromFileName(name)).toEqual({ issuingCountry: country, idType: type })
  })

  it('fills what the names do not say from the last choice, and says where each value came from', () => {
    const last = { issuingCountry: 'NZL', idType: 'government_id' as const }
    expect(importParams(['d01-utopia-passport-front.jpg'], last)).toEqual({
      issuingCountry: 'NZL',
      idType: 'passport',
      source: { issuingCountry: 'last_choice', idType: 'file_name' },
    })
    // The back's name counts when the front's is mute.
    expect(importParams(['front.jpg', 'ita-id-back.jpg'], { issuingCountry: null, idType: null })).toEqual({
      issuingCountry: 'ITA',
      idType: 'government_id',
      source: { issuingCountry: 'file_name', idType: 'file_name' },
    })
    expect(importParams(['scan.jpg'], { issuingCountry: null, idType: null }).issuingCountry).toBeNull()
  })
})

describe('per-case country and type in the service', () => {
  it('sets them at import from the name, else from the last choice; the import contract is unchanged', async () => {
    const h = await serviceHarness(env())
    const a = await h.service.importScans([
      await h.file('d02-ita-id-front.jpg'),
      await h.file('d02-ita-id-back.jpg'),
    ])
    expect(a.case).toMatchObject({ issuingCountry: 'ITA', idType: 'government_id', hasBack: true })
    expect(a.errors).toEqual([])
    const b = await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])
    expect(b.case).toMatchObject({ issuingCountry: null, idType: 'passport' })
    await h.service.setCaseParams([b.case!.id], { issuingCountry: 'NZL' })
    const c = await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])
    expect(c.case).toMatchObject({ issuingCountry: 'NZL', idType: 'passport' })
  })

  it('setCaseParams changes only what it names, records one audit event per changed case, and emits', async () => {
    const h = await serviceHarness(env())
    const a = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
    const b = (await h.service.importScans([await h.file('d02-ita-id-front.jpg')])).case!.id
    h.events.length = 0
    const changed = await h.service.setCaseParams([a, b], { issuingCountry: 'ITA' })
    // b already was ITA: only a changed.
    expect(changed.map((s) => [s.id, s.issuingCountry, s.idType])).toEqual([[a, 'ITA', 'passport']])
    expect(h.events).toContainEqual({ event: 'caseChanged', payload: { caseId: a } })
    const auditA = await h.service.getAudit(a)
    expect(auditA.entries.at(-1)).toMatchObject({
      type: 'params_changed',
      details: {
        before: { issuingCountry: null, idType: 'passport' },
        after: { issuingCountry: 'ITA', idType: 'passport' },
        source: 'reviewer',
      },
    })
    expect((await h.service.getAudit(b)).entries.map((e) => e.type)).toEqual(['imported'])
    // null clears.
    await h.service.setCaseParams([a], { idType: null })
    expect((await h.service.getCase(a)).idType).toBeNull()
    await expect(h.service.setCaseParams([a], {})).rejects.toThrow(/Choose an issuing country or an ID type/)
  })

  it('two changes at once (country, then type) both hold, whatever order they are saved in', async () => {
    const h = await serviceHarness(env())
    const ids: string[] = []
    for (const f of ['d02-ita-id-front.jpg', 'd01-utopia-passport-front.jpg', 'd02-ita-id-front.jpg'])
      ids.push((await h.service.importScans([await h.file(f)])).case!.id)
    await Promise.all([
      h.service.setCaseParams(ids, { issuingCountry: 'NZL' }),
      h.service.setCaseParams(ids, { idType: 'passport' }),
    ])
    const listed = await h.service.listCases()
    expect(listed.map((c) => `${c.issuingCountry} ${c.idType}`)).toEqual(Array(3).fill('NZL passport'))
  })

  it('refuses a case that is being recognised, naming it, and changes nothing', async () => {
    emulator.setLatency(400)
    try {
      const h = await serviceHarness(env())
      const a = (await h.service.importScans([await h.file('d02-ita-id-front.jpg')])).case!.id
      const b = (await h.service.importScans([await h.file('d02-ita-id-front.jpg')])).case!.id
      const run = h.service.recognize([a], { issuingCountry: 'ITA', idType: 'government_id' })
      await h.waitFor([a], ['queued', 'sending'])
      await expect(h.service.setCaseParams([a, b], { issuingCountry: 'FRA' })).rejects.toThrow(
        /d02-ita-id-front\.jpg is being recognised/,
      )
      expect((await h.service.getCase(b)).issuingCountry).toBe('ITA')
      await run
    } finally {
      emulator.setLatency(0)
    }
  })

  it('Recognize all sends each case with its own values and skips the cases without', async () => {
    const h = await serviceHarness(env())
    const ita = (await h.service.importScans([await h.file('d02-ita-id-front.jpg')])).case!.id
    const nzl = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
    await h.service.setCaseParams([nzl], { issuingCountry: 'NZL' })
    const none = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
    await h.service.setCaseParams([none], { issuingCountry: null, idType: null })
    const before = emulator.requests.length
    const outcomes = await h.service.recognizeAll(null)
    const sent = emulator.requests.slice(before).map((r) => `${r.issuingCountry} ${r.idType}`)
    expect(sent.sort()).toEqual(['ITA government_id', 'NZL passport'])
    expect(outcomes.find((o) => o.caseId === none)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/choose the issuing country and ID type/),
    })
    expect((await h.service.getCase(none)).status).toBe('new')
    // Each "sent" event records what was sent.
    const sentEvent = (await h.service.getAudit(ita)).entries.find((e) => e.type === 'sent')
    expect(sentEvent?.details).toMatchObject({ issuingCountry: 'ITA', idType: 'government_id' })
  })
})

describe('a batch that hits a problem every case would hit', () => {
  it('stops on a refused key: one request, the rest back to "new", the outcome says "auth"', async () => {
    const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: 'wrong-key-1234' })
    await h.service.updateSettings({ recognition: { concurrency: 1 } })
    const ids: string[] = []
    for (let i = 0; i < 3; i++)
      ids.push((await h.service.importScans([await h.file('d02-ita-id-front.jpg')])).case!.id)
    const before = emulator.requests.length
    const outcomes = await h.service.recognizeAll(null)
    expect(emulator.requests.length - before).toBe(1)
    expect(outcomes.every((o) => o.problem === 'auth')).toBe(true)
    const statuses = (await h.service.listCases()).map((c) => c.status).sort()
    expect(statuses).toEqual(['failed', 'new', 'new'])
  })

  it('stops without a key, sending nothing ("no_key")', async () => {
    const h = await serviceHarness({ ARGOS_API_URL: emulator.url })
    await h.service.updateSettings({ recognition: { concurrency: 1, engine: 'argos' } })
    for (let i = 0; i < 2; i++) await h.service.importScans([await h.file('d02-ita-id-front.jpg')])
    const before = emulator.requests.length
    const outcomes = await h.service.recognizeAll(null)
    expect(emulator.requests.length).toBe(before)
    expect(outcomes.map((o) => o.problem)).toEqual(['no_key', 'no_key'])
    expect((await h.service.listCases()).filter((c) => c.status === 'new')).toHaveLength(1)
  })

  it('stops when the endpoint refuses connections ("unreachable")', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/modules`
    const h = await serviceHarness({ ARGOS_API_URL: url, ARGOS_API_KEY: 'any-key-1234' })
    await h.service.updateSettings({ recognition: { concurrency: 1, maxRetries: 0 } })
    for (let i = 0; i < 2; i++) await h.service.importScans([await h.file('d02-ita-id-front.jpg')])
    const outcomes = await h.service.recognizeAll(null)
    expect(outcomes.map((o) => o.problem)).toEqual(['unreachable', 'unreachable'])
    expect((await h.service.listCases()).map((c) => c.status).sort()).toEqual(['failed', 'new'])
  })
})

/** A port nothing listens on (bound, read, closed). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

describe('testConnection', () => {
  it('ok with the right key, without sending an image', async () => {
    const h = await serviceHarness(env())
    const before = emulator.requests.length
    const r = await h.service.testConnection()
    expect(r).toMatchObject({ ok: true, endpoint: emulator.url })
    expect(r.message).toMatch(/accepted the API key/)
    expect(emulator.requests.slice(before)).toEqual([
      expect.objectContaining({ keyValid: true, frontBytes: null, status: 400 }),
    ])
  })

  it('a wrong key: not ok, says so, and never holds the key', async () => {
    const KEY = 'SENTINEL-wrong-key-77'
    const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: KEY })
    const r = await h.service.testConnection()
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(/refused the API key.*HTTP 403/)
    expect(JSON.stringify(r)).not.toContain(KEY)
    expect(h.logs.join('\n')).not.toContain(KEY)
  })

  it('unreachable: not ok, with the reason; no key: says how to set one', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/modules`
    const h = await serviceHarness({ ARGOS_API_URL: url, ARGOS_API_KEY: 'any-key-1234' })
    const r = await h.service.testConnection()
    expect(r).toMatchObject({ ok: false, endpoint: url })
    expect(r.message).toMatch(/Could not connect \(ECONNREFUSED\)/)
    const none = await serviceHarness({ ARGOS_API_URL: emulator.url })
    expect(await none.service.testConnection()).toMatchObject({
      ok: false,
      message: expect.stringMatching(/No ARGOS API key is set/),
    })
  })
})
