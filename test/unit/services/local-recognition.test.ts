// Recognition on this computer (issue 15) through the real ReviewService, with a FAKE local engine (a LocalEngine
// answering a LocalRecognition built here from d01's ARGOS fixture), so these tests are about the service: the
// engine chosen when each case starts, the result saved through the ARGOS path (provider `local`), the MRZ
// pre-filling the country and type, the repairs in the timeline, the exports saying `local`, abort, failures, and
// a quit while reading that resumes (nothing was sent, so nothing is Interrupted). The emulator stands in for ARGOS
// only to show that nothing reaches it.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest'
import { boxToQuad } from '../../../electron/services/argos/fields'
import { LocalEngineUnavailable } from '../../../electron/services/local-engine-loader'
import type {
  LocalEngine,
  LocalEngineInput,
  LocalRawField,
  LocalRecognition,
} from '../../../electron/services/local-engine/types'
import type { ApiBox } from '../../../electron/services/argos/argos-schema'
import type { ExportDocument } from '../../../electron/services/export/json'
import { describeAuditEntry } from '../../../shared/audit'
import type { Case } from '../../../shared/model'
import { DEFAULT_CSV_OPTIONS } from '../../../shared/export-options'
import { startArgosEmulator, type ArgosEmulator } from '../../support/argos-emulator'
import { fixturePath } from '../../support/paths'
import { serviceHarness } from '../../support/service-harness'

let emulator: ArgosEmulator
beforeAll(async () => {
  emulator = await startArgosEmulator()
})
afterAll(async () => {
  await emulator.close()
})
beforeEach(() => emulator.reset())

const D01 = 'd01-utopia-passport-front.jpg'
const MRZ_READ = [
  'P<NZLTAMIHANA<<AROHA<<<<<<<<<<<<<<<<<<<<<<<<',
  'LA1234567SNZL9203044F3005051<<<<<<<<<<<<<<02',
]
const MRZ_REPAIRED = [MRZ_READ[0]!, MRZ_READ[1]!.replace('567SNZL', '5675NZL')]
const REPAIR = { line: 2, position: 10, from: 'S', to: '5' }

type RawResponse = {
  result: { data: { raw: Record<string, { value: string; score?: number; original_coordinates?: ApiBox }> } }
}

/** d01 as the local engine would answer it: ARGOS's keys and boxes, the MRZ lines, one repair. */
async function d01Reading(): Promise<LocalRecognition> {
  const response = JSON.parse(
    await readFile(fixturePath('d01-utopia-passport.response.json'), 'utf8'),
  ) as RawResponse
  const raw: Record<string, LocalRawField> = {}
  for (const [key, f] of Object.entries(response.result.data.raw)) {
    if (key === 'rotate' || typeof f.value !== 'string') continue
    raw[key] = {
      value: f.value,
      score: f.score ?? 80,
      side: 'front',
      ...(f.original_coordinates ? { original_coordinates: f.original_coordinates } : {}),
    }
  }
  raw['mrz_line1'] = { value: MRZ_REPAIRED[0]!, score: 88, side: 'front' }
  raw['mrz_line2'] = { value: MRZ_REPAIRED[1]!, score: 71, side: 'front' }
  return {
    raw,
    ocr: { mrz: MRZ_READ.join('\n') },
    documentType: 'passport',
    mrz: { issuingCountry: 'NZL', idType: 'passport', valid: true, repairs: [REPAIR] },
    sides: { front: { turned: 90, skewDeg: -1.5 }, back: null },
  }
}

/** A fake engine: `answer` decides each call (default: d01's reading); every call's input and signal kept. */
function fakeEngine(
  answer: (input: LocalEngineInput, signal: AbortSignal) => Promise<LocalRecognition> = async () =>
    d01Reading(),
) {
  const calls: { input: LocalEngineInput; signal: AbortSignal }[] = []
  let disposed = 0
  const engine: LocalEngine = {
    recognize: (input, signal) => {
      calls.push({ input, signal })
      return answer(input, signal)
    },
    warm: async () => undefined,
    dispose: async () => {
      disposed++
    },
  }
  return { engine, calls, disposed: () => disposed }
}

/** Resolves when `signal` aborts, rejecting as an engine does (AbortError). */
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    const stop = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))
    if (signal.aborted) stop()
    else signal.addEventListener('abort', stop, { once: true })
  })

/** No API key anywhere: the engine is `local` by itself. The ARGOS URL is the emulator's, to see nothing arrive. */
const noKey = () => ({ ARGOS_API_URL: emulator.url })
const withKey = () => ({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey })

async function importAs(h: Awaited<ReturnType<typeof serviceHarness>>, file: string, name = file) {
  const bytes = new Uint8Array(await readFile(fixturePath(file)))
  return (await h.service.importScans([{ name, bytes }])).case!.id
}

describe('a case read on this computer', () => {
  it('needs no key, sends nothing, and is saved like an ARGOS result with provider "local"', async () => {
    const fake = fakeEngine()
    const h = await serviceHarness(noKey(), { localEngine: fake.engine })
    try {
      expect((await h.service.getSettings()).engine).toEqual({ effective: 'local', pinned: false })
      const id = await importAs(h, D01)
      const [outcome] = await h.service.recognize([id], null)
      expect(outcome).toMatchObject({ caseId: id, ok: true })
      expect(outcome!.message).toMatch(/fields recognised on this computer .*1 MRZ character repaired/)
      expect(emulator.requests).toHaveLength(0)

      // The engine got the stored image's bytes (what the reviewer sees), and no back.
      expect(fake.calls).toHaveLength(1)
      expect(
        Buffer.from(fake.calls[0]!.input.front).equals(Buffer.from(await h.service.getImage(id, 'front'))),
      ).toBe(true)
      expect(fake.calls[0]!.input.back).toBeNull()

      const c = await h.service.getCase(id)
      const reading = await d01Reading()
      expect(c).toMatchObject({
        status: 'recognised',
        provider: 'local',
        transactionId: null,
        documentType: 'passport',
        error: null,
        runningOn: null,
        ocr: { mrz: MRZ_READ.join('\n') },
      })
      expect(c.sendMarker ?? null).toBeNull()
      expect(c.recognition).toMatchObject({
        shape: 'A',
        rotate: '90',
        reviewFront: null,
        reviewBack: null,
        uploadScale: { front: 1, back: null },
        attempts: 1,
        verification: null,
        mrz: { valid: true, repairs: [REPAIR] },
      })
      // Every raw entry became a field, each box exactly the engine's (stored pixels, scale 1).
      expect(c.fields.map((f) => f.key).sort()).toEqual(Object.keys(reading.raw).sort())
      const name = c.fields.find((f) => f.key === 'name')!
      expect(name).toMatchObject({
        value: 'TAMIHANA AR0HA',
        ocrValue: 'TAMIHANA AR0HA',
        quadSource: 'original',
      })
      expect(name.quad).toEqual(boxToQuad(reading.raw['name']!.original_coordinates!))
      expect(c.fields.find((f) => f.key === 'mrz_line1')).toMatchObject({ quad: null, quadSource: 'none' })
      // The checks ran, as after ARGOS.
      expect(c.checks).not.toBeNull()
    } finally {
      await h.cleanup()
    }
  })

  it('pre-fills nothing from an MRZ read not valid (a misread state code such as JIP), and maps D to DEU', async () => {
    const answers: LocalRecognition['mrz'][] = [
      { issuingCountry: 'JIP', idType: 'government_id', valid: false, repairs: [] },
      { issuingCountry: 'NZL', idType: 'passport', valid: false, repairs: [] },
      { issuingCountry: 'D', idType: 'government_id', valid: true, repairs: [] },
    ]
    let call = 0
    const engine = fakeEngine(async () => {
      const reading = await d01Reading()
      delete reading.raw['mrz_line1']
      delete reading.raw['mrz_line2']
      return { ...reading, ocr: {}, mrz: answers[call++]! }
    })
    const h = await serviceHarness(noKey(), { localEngine: engine.engine })
    try {
      const ids = [
        await importAs(h, D01, 'scan-0001.jpg'),
        await importAs(h, D01, 'scan-0002.jpg'),
        await importAs(h, D01, 'scan-0003.jpg'),
      ]
      for (const id of ids) expect((await h.service.recognize([id], null))[0]!.ok).toBe(true)
      const got = await Promise.all(ids.map((id) => h.service.getCase(id)))
      expect(got.map((c) => [c.issuingCountry, c.idType])).toEqual([
        [null, null],
        [null, null],
        ['DEU', 'government_id'],
      ])
      expect(got.map((c) => c.recognition?.mrz?.valid)).toEqual([false, false, true])
    } finally {
      await h.cleanup()
    }
  })

  it('pre-fills the issuing country and ID type from the MRZ, recorded as from the MRZ; a case that has them keeps them', async () => {
    // The engine's own MRZ summary, without the lines in the fields or the OCR text: the pre-fill must not depend
    // on the checks finding the MRZ there (they fill in from it too).
    const withoutLines = fakeEngine(async () => {
      const reading = await d01Reading()
      delete reading.raw['mrz_line1']
      delete reading.raw['mrz_line2']
      return { ...reading, ocr: {} }
    })
    const h = await serviceHarness(noKey(), { localEngine: withoutLines.engine })
    try {
      const mute = await importAs(h, D01, 'scan-0001.jpg')
      const ita = await importAs(h, 'd02-ita-id-front.jpg')
      const before = await h.service.getCase(mute)
      expect([before.issuingCountry, before.idType]).toEqual([null, null])
      // Recognize all takes a case without a country or type: the local engine needs neither.
      const outcomes = await h.service.recognizeAll(null)
      expect(outcomes.every((o) => o.ok)).toBe(true)

      const filled = await h.service.getCase(mute)
      expect([filled.issuingCountry, filled.idType]).toEqual(['NZL', 'passport'])
      expect(filled.recognition?.sent).toBeNull()
      const params = (await h.service.getAudit(mute)).entries.filter((e) => e.type === 'params_changed')
      expect(params.map((e) => e.details)).toEqual([
        {
          before: { issuingCountry: null, idType: null },
          after: { issuingCountry: 'NZL', idType: 'passport' },
          source: 'mrz',
        },
      ])
      expect(describeAuditEntry(params[0]!)).toBe('Country and type: — · — → NZL · passport (from the MRZ)')

      const kept = await h.service.getCase(ita)
      expect([kept.issuingCountry, kept.idType]).toEqual(['ITA', 'government_id'])
      expect(kept.recognition?.sent).toEqual({ issuingCountry: 'ITA', idType: 'government_id' })
    } finally {
      await h.cleanup()
    }
  })

  it('says in the timeline that it was read here, and what the MRZ repair changed', async () => {
    const h = await serviceHarness(noKey(), { localEngine: fakeEngine().engine })
    try {
      const id = await importAs(h, D01)
      await h.service.recognize([id], null)
      const { entries } = await h.service.getAudit(id)
      const sent = entries.find((e) => e.type === 'sent')!
      expect(sent.details).toMatchObject({ provider: 'local', attempt: 1 })
      expect(sent.details).not.toHaveProperty('resendOf')
      expect(describeAuditEntry(sent)).toBe('Read on this computer as — · passport (attempt 1)')
      const recognised = entries.find((e) => e.type === 'recognised')!
      expect(recognised.details).toEqual({
        transactionId: null,
        fieldCount: (await h.service.getCase(id)).fields.length,
        provider: 'local',
        mrz: { valid: true, repairs: [REPAIR] },
      })
      expect(describeAuditEntry(recognised)).toMatch(
        /^Recognised on this computer \(\d+ fields, MRZ repaired: line 2 character 10 "S" → "5"\)$/,
      )
      // The service log names the case and counts, never what was read.
      const log = h.logs.join('\n')
      expect(log).toContain(`case ${id}: 1 MRZ character(s) repaired`)
      expect(log).not.toContain('TAMIHANA')
      expect(log).not.toContain('LA1234567')
    } finally {
      await h.cleanup()
    }
  })

  it('is exported with provider "local" in the CSV column and the JSON', async () => {
    const h = await serviceHarness(noKey(), { localEngine: fakeEngine().engine })
    try {
      const id = await importAs(h, D01)
      await h.service.recognize([id], null)
      const csv = await h.service.exportCsv({ caseIds: [id], decidedOnly: false }, DEFAULT_CSV_OPTIONS)
      expect(csv.status).toBe('saved')
      const rows = parse(await readFile(join(h.exportDir, 'export.csv'), 'utf8'), {
        bom: true,
        columns: true,
      }) as Record<string, string>[]
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({
        case_id: id,
        provider: 'local',
        transaction_id: '',
        document_type: 'passport',
      })

      h.setSavePath(join(h.exportDir, 'export.json'))
      await h.service.exportJson({ caseIds: [id], decidedOnly: false })
      const doc = JSON.parse(await readFile(join(h.exportDir, 'export.json'), 'utf8')) as ExportDocument
      expect(doc.cases[0]).toMatchObject({ id, provider: 'local', transactionId: null })
    } finally {
      await h.cleanup()
    }
  })
})

describe('the engine chosen when each case starts', () => {
  it('reads with the local engine, then sends to ARGOS when the reviewer switches: a batch may use either', async () => {
    const fake = fakeEngine()
    const h = await serviceHarness(withKey(), { localEngine: fake.engine })
    try {
      expect((await h.service.getSettings()).engine.effective).toBe('argos')
      await h.service.updateSettings({ recognition: { engine: 'local' } })
      const id = await importAs(h, D01)
      await h.service.recognize([id], { issuingCountry: 'NZL', idType: 'passport' })
      expect(emulator.requests).toHaveLength(0)
      expect((await h.service.getCase(id)).provider).toBe('local')

      await h.service.updateSettings({ recognition: { engine: 'argos' } })
      await h.service.recognize([id], null)
      expect(emulator.requests).toHaveLength(1)
      const c = await h.service.getCase(id)
      expect(c).toMatchObject({ provider: 'argos', transactionId: expect.any(String), runningOn: null })
      // The ARGOS result has no local MRZ verdict.
      expect(c.recognition?.mrz ?? null).toBeNull()
      expect(fake.calls).toHaveLength(1)
      const sent = (await h.service.getAudit(id)).entries.filter((e) => e.type === 'sent')
      expect(sent.map((e) => e.details['provider'])).toEqual(['local', 'argos'])
      expect(describeAuditEntry(sent[1]!)).toMatch(/^Sent to ARGOS as NZL · passport/)
    } finally {
      await h.cleanup()
    }
  })

  it('still fails a case without a country or type on ARGOS (nothing sent)', async () => {
    const h = await serviceHarness(withKey(), { localEngine: fakeEngine().engine })
    try {
      const id = await importAs(h, D01, 'scan-0002.jpg')
      const [outcome] = await h.service.recognize([id], null)
      expect(outcome!.ok).toBe(false)
      expect((await h.service.getCase(id)).error?.title).toBe('Country or type missing')
      expect(emulator.requests).toHaveLength(0)
    } finally {
      await h.cleanup()
    }
  })
})

describe('when the local engine cannot read', () => {
  it('fails the case with a title, the reason and what to do; the next case is still read', async () => {
    let n = 0
    const fake = fakeEngine(async () => {
      if (n++ === 0) throw new Error('Input buffer contains unsupported image format')
      return d01Reading()
    })
    const h = await serviceHarness(noKey(), { localEngine: fake.engine })
    try {
      await h.service.updateSettings({ recognition: { concurrency: 1 } })
      const bad = await importAs(h, D01)
      const good = await importAs(h, D01, 'second.jpg')
      const outcomes = await h.service.recognize([bad, good], null)
      expect(outcomes.map((o) => o.ok)).toEqual([false, true])
      const c = await h.service.getCase(bad)
      expect(c.status).toBe('failed')
      expect(c.error).toEqual({
        title: 'Not read on this computer',
        message:
          'The document could not be read on this computer: Input buffer contains unsupported image format.',
        action:
          'Check that the scan is a clear image of the document and recognize again, or choose ARGOS in Settings → Recognition engine.',
        httpStatus: null,
        errorCode: null,
      })
      expect(c.runningOn).toBeNull()
      const failed = (await h.service.getAudit(bad)).entries.find((e) => e.type === 'recognition_failed')!
      expect(describeAuditEntry(failed)).toBe('Recognition failed: Not read on this computer (attempt 1)')
      expect((await h.service.getCase(good)).status).toBe('recognised')
    } finally {
      await h.cleanup()
    }
  })

  it('stops the batch when the recogniser cannot start: the cases not tried go back to "new"', async () => {
    const fake = fakeEngine(async () => {
      throw new LocalEngineUnavailable(
        'The recogniser on this computer could not be started (worker missing)',
      )
    })
    const h = await serviceHarness(noKey(), { localEngine: fake.engine })
    try {
      await h.service.updateSettings({ recognition: { concurrency: 1 } })
      const ids = [await importAs(h, D01), await importAs(h, D01, 'b.jpg'), await importAs(h, D01, 'c.jpg')]
      const outcomes = await h.service.recognize(ids, null)
      expect(outcomes.every((o) => !o.ok)).toBe(true)
      expect(fake.calls).toHaveLength(1)
      const cases = await Promise.all(ids.map((id) => h.service.getCase(id)))
      expect(cases.map((c) => c.status)).toEqual(['failed', 'new', 'new'])
      expect(cases[0]!.error).toMatchObject({
        title: 'Local engine unavailable',
        action: expect.stringContaining('choose ARGOS in Settings'),
      })
      expect(cases[0]!.error!.message).toContain('could not be started')
    } finally {
      await h.cleanup()
    }
  })
})

describe('stopping a reading', () => {
  it("Cancel aborts the engine's work and puts the case back to new, as for ARGOS", async () => {
    const fake = fakeEngine((_input, signal) => untilAborted(signal))
    const h = await serviceHarness(noKey(), { localEngine: fake.engine })
    try {
      const id = await importAs(h, D01)
      const running = h.service.recognize([id], null)
      await h.waitFor([id], ['sending'])
      expect((await h.service.getCase(id)).runningOn).toBe('local')
      await h.service.cancelBatch()
      const [outcome] = await running
      expect(outcome!.ok).toBe(false)
      expect(fake.calls[0]!.signal.aborted).toBe(true)
      const c = await h.service.getCase(id)
      expect(c).toMatchObject({ status: 'new', runningOn: null, provider: null, error: null })
    } finally {
      await h.cleanup()
    }
  })

  it('a quit while reading leaves a case that resumes at the next start, not one "Interrupted"', async () => {
    const profile = await mkdtemp(join(tmpdir(), 'recto-local-resume-'))
    onTestFinished(() => rm(profile, { recursive: true, force: true }))
    const userDataDir = join(profile, 'user-data')
    const stuck = fakeEngine((_input, signal) => untilAborted(signal))
    const first = await serviceHarness(noKey(), { userDataDir, localEngine: stuck.engine })
    let id: string
    try {
      id = await importAs(first, D01)
      void first.service.recognize([id], null)
      await first.waitFor([id], ['sending'])
    } finally {
      await first.cleanup()
    }
    // What the quit left on disk: "sending" on the local engine, no send marker.
    const onDisk = JSON.parse(await readFile(join(userDataDir, 'cases', id, 'case.json'), 'utf8')) as Case
    expect(onDisk).toMatchObject({ status: 'sending', runningOn: 'local' })
    expect(onDisk.sendMarker ?? null).toBeNull()
    expect(stuck.disposed()).toBe(1)
    expect(stuck.calls[0]!.signal.aborted).toBe(true)

    const second = await serviceHarness(noKey(), { userDataDir, localEngine: fakeEngine().engine })
    try {
      await second.waitFor([id], ['recognised'])
      const c = await second.service.getCase(id)
      expect(c).toMatchObject({ provider: 'local', runningOn: null, error: null })
      const types = (await second.service.getAudit(id)).entries.map((e) => e.type)
      expect(types).not.toContain('recognition_interrupted')
      expect(types.filter((t) => t === 'sent')).toHaveLength(2)
      expect(second.events).toContainEqual({
        event: 'notice',
        payload: { level: 'info', message: 'Resuming recognition of 1 interrupted case(s).' },
      })
      expect(JSON.stringify(second.events)).not.toContain('billed')
    } finally {
      await second.cleanup()
    }
  })
})
