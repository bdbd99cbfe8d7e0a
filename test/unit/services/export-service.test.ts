// The export as the reviewer runs it, through the real ReviewService (ARGOS emulator): the cases asked for and
// no others, "decided only", the question about undecided cases, an owner-only file written atomically, an
// "exported" audit event on every case in it, and full-fidelity JSON. Plus the export service alone with fakes,
// for what the real store cannot be made to do (an audit event that cannot be recorded).
import { readdir, readFile, stat, writeFile, chmod } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { FIXED_COLUMNS } from '../../../electron/services/export/columns'
import {
  createExportService,
  createWrittenPaths,
  defaultExportName,
  NOT_EXPORTED_MESSAGE,
  undecidedQuestion,
  type ExportServiceDeps,
} from '../../../electron/services/export/export-service'
import { EXPORT_FORMAT, type ExportDocument } from '../../../electron/services/export/json'
import { DEFAULT_CSV_OPTIONS } from '../../../shared/export-options'
import { CaseSchema, SCHEMA_VERSION, type Case } from '../../../shared/model'
import { startArgosEmulator, type ArgosEmulator } from '../../support/argos-emulator'
import { serviceHarness } from '../../support/service-harness'

let emulator: ArgosEmulator
beforeAll(async () => {
  emulator = await startArgosEmulator()
})
afterAll(async () => {
  await emulator.close()
})

const SCANS = ['d01-utopia-passport-front.jpg', 'd02-ita-id-front.jpg', 'd05-mex-passport-turned-front.jpg']

type Harness = Awaited<ReturnType<typeof serviceHarness>>

/** Three recognised cases (ids in import order), none decided; the reviewer is Ann. */
async function threeCases(opts: { confirm?: boolean } = {}): Promise<{ h: Harness; ids: string[] }> {
  const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey }, opts)
  await h.service.updateSettings({ reviewerName: 'Ann' })
  const ids: string[] = []
  for (const scan of SCANS) ids.push((await h.service.importScans([await h.file(scan)])).case!.id)
  const outcomes = await h.service.recognize(ids, { issuingCountry: 'NZL', idType: 'passport' })
  expect(outcomes.every((o) => o.ok)).toBe(true)
  return { h, ids }
}

const reject = (h: Harness, id: string) =>
  h.service.decide(id, { kind: 'rejected', reason: 'Other', note: 'torn corner' })

const csvRows = (text: string, delimiter = ',') =>
  parse(text.replace(/^\uFEFF/, ''), { delimiter }) as string[][]

async function exportedEvents(h: Harness, id: string) {
  const view = await h.service.getAudit(id)
  expect(view.verdict.ok).toBe(true)
  return view.entries.filter((e) => e.type === 'exported')
}

describe('export scope', () => {
  it('writes exactly the cases asked for, in that order, with the chosen options', async () => {
    const { h, ids } = await threeCases()
    const [a, b, c] = ids as [string, string, string]
    await Promise.all([reject(h, a), reject(h, c)])
    const result = await h.service.exportCsv(
      { caseIds: [c, a], decidedOnly: false },
      { ...DEFAULT_CSV_OPTIONS, delimiter: ';', bom: false },
    )
    expect(result).toEqual({ status: 'saved', path: join(h.exportDir, 'export.csv'), rows: 2 })
    const text = await readFile(join(h.exportDir, 'export.csv'), 'utf8')
    expect(text.startsWith('"case_id";')).toBe(true) // no BOM, semicolons
    expect(text.endsWith('\r\n')).toBe(true)
    const [header, ...rows] = csvRows(text, ';') as [string[], ...string[][]]
    expect(header.slice(0, FIXED_COLUMNS.length)).toEqual([...FIXED_COLUMNS])
    expect(rows.map((r) => r[0])).toEqual([c, a])
    expect(rows.map((r) => r[header.indexOf('decision')])).toEqual(['rejected', 'rejected'])
    expect(rows.map((r) => r[header.indexOf('reviewer')])).toEqual(['Ann', 'Ann'])
    expect(text).not.toContain(b)
    // Every case was decided: nothing to confirm.
    expect(h.confirmations).toEqual([])
    expect(h.saveDialogs).toHaveLength(1)
    expect(h.saveDialogs[0]).toMatchObject({
      defaultName: expect.stringMatching(/^recto-export-\d{8}-\d{4}\.csv$/),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    })
  })

  it('exports a case listed twice once', async () => {
    const { h, ids } = await threeCases()
    const result = await h.service.exportCsv(
      { caseIds: [ids[0]!, ids[0]!], decidedOnly: false },
      DEFAULT_CSV_OPTIONS,
    )
    expect(result).toMatchObject({ status: 'saved', rows: 1 })
    expect(csvRows(await readFile(join(h.exportDir, 'export.csv'), 'utf8'))).toHaveLength(2)
    expect(await exportedEvents(h, ids[0]!)).toHaveLength(1)
  })

  it('"decided only" leaves the undecided cases out without asking', async () => {
    const { h, ids } = await threeCases()
    const [a, b, c] = ids as [string, string, string]
    await h.service.decide(b, { kind: 'second_review', reason: null, note: '' })
    const result = await h.service.exportCsv({ caseIds: [a, b, c], decidedOnly: true }, DEFAULT_CSV_OPTIONS)
    expect(result).toMatchObject({ status: 'saved', rows: 1 })
    const rows = csvRows(await readFile(join(h.exportDir, 'export.csv'), 'utf8'))
    expect(rows.slice(1).map((r) => r[0])).toEqual([b])
    expect(h.confirmations).toEqual([])
    // Only the case in the file has the event.
    expect(await exportedEvents(h, b)).toHaveLength(1)
    expect(await exportedEvents(h, a)).toHaveLength(0)
    expect(await exportedEvents(h, c)).toHaveLength(0)
  })

  it('"decided only" with no decided case is an error, and nothing is asked, written or recorded', async () => {
    const { h, ids } = await threeCases()
    await expect(h.service.exportJson({ caseIds: [ids[0]!, ids[1]!], decidedOnly: true })).rejects.toThrow(
      'None of the 2 chosen cases has a decision yet',
    )
    expect(h.confirmations).toEqual([])
    expect(h.saveDialogs).toEqual([])
    expect(await readdir(h.exportDir)).toEqual([])
    for (const id of ids) expect(await exportedEvents(h, id)).toHaveLength(0)
  })

  it('refuses a case that does not exist, writing nothing', async () => {
    const { h, ids } = await threeCases()
    await expect(
      h.service.exportCsv(
        { caseIds: [ids[0]!, 'no-such-case-0000'], decidedOnly: false },
        DEFAULT_CSV_OPTIONS,
      ),
    ).rejects.toThrow(/does not exist/)
    expect(await readdir(h.exportDir)).toEqual([])
    expect(await exportedEvents(h, ids[0]!)).toHaveLength(0)
  })
})

describe('undecided cases', () => {
  it('asks before exporting them; "no" writes nothing and records nothing', async () => {
    const { h, ids } = await threeCases({ confirm: false })
    await reject(h, ids[1]!)
    const result = await h.service.exportCsv({ caseIds: ids, decidedOnly: false }, DEFAULT_CSV_OPTIONS)
    expect(result).toEqual({ status: 'canceled' })
    expect(h.confirmations).toEqual([
      {
        title: 'Export undecided cases?',
        message: '2 of the 3 cases have no decision yet.',
        detail: 'They will be exported with an empty decision. Export them anyway?',
        confirmLabel: 'Export anyway',
      },
    ])
    expect(h.saveDialogs).toEqual([]) // asked before the file is chosen
    expect(await readdir(h.exportDir)).toEqual([])
    for (const id of ids) expect(await exportedEvents(h, id)).toHaveLength(0)
  })

  it('"yes" exports them with an empty decision', async () => {
    const { h, ids } = await threeCases()
    await reject(h, ids[1]!)
    const result = await h.service.exportCsv({ caseIds: ids, decidedOnly: false }, DEFAULT_CSV_OPTIONS)
    expect(result).toMatchObject({ status: 'saved', rows: 3 })
    expect(h.confirmations).toHaveLength(1)
    const [header, ...rows] = csvRows(await readFile(join(h.exportDir, 'export.csv'), 'utf8')) as [
      string[],
      ...string[][],
    ]
    expect(rows.map((r) => r[header.indexOf('decision')])).toEqual(['', 'rejected', ''])
  })

  it('words the question for one case and for all of them', () => {
    expect(undecidedQuestion(1, 1)).toMatchObject({
      message: 'This case has no decision yet.',
      detail: 'It will be exported with an empty decision. Export it anyway?',
    })
    expect(undecidedQuestion(1, 40).message).toBe('1 of the 40 cases has no decision yet.')
    expect(undecidedQuestion(3, 40).message).toBe('3 of the 40 cases have no decision yet.')
    expect(undecidedQuestion(40, 40).message).toBe('None of the 40 cases has a decision yet.')
  })
})

describe('the file', () => {
  it('is owner-only, replaces an existing file atomically and leaves no temp file', async () => {
    const { h, ids } = await threeCases()
    const target = join(h.exportDir, 'export.csv')
    await writeFile(target, 'old content')
    await chmod(target, 0o644)
    const before = (await stat(target)).ino
    await h.service.exportCsv({ caseIds: ids, decidedOnly: false }, DEFAULT_CSV_OPTIONS)
    const after = await stat(target)
    expect(after.mode & 0o777).toBe(0o600)
    // A new file renamed over the old one, never the old one rewritten in place.
    expect(after.ino).not.toBe(before)
    expect(await readdir(h.exportDir)).toEqual(['export.csv'])
    const text = await readFile(target, 'utf8')
    expect(text.startsWith('\uFEFF"case_id",')).toBe(true)
    expect(text).not.toContain('old content')
    expect(text).not.toContain(emulator.apiKey)
  })

  it('is not written when the save dialog is cancelled, and nothing is recorded', async () => {
    const { h, ids } = await threeCases()
    h.cancelNextSave()
    expect(await h.service.exportJson({ caseIds: ids, decidedOnly: false })).toEqual({ status: 'canceled' })
    expect(h.confirmations).toHaveLength(1)
    expect(await readdir(h.exportDir)).toEqual([])
    for (const id of ids) expect(await exportedEvents(h, id)).toHaveLength(0)
  })

  it('gives every case in it an "exported" audit event with the file name only', async () => {
    const { h, ids } = await threeCases()
    h.setSavePath(join(h.exportDir, 'march.json'))
    await h.service.exportJson({ caseIds: [ids[0]!, ids[2]!], decidedOnly: false })
    h.setSavePath(join(h.exportDir, 'march.csv'))
    await h.service.exportCsv({ caseIds: [ids[0]!], decidedOnly: false }, DEFAULT_CSV_OPTIONS)

    const first = await exportedEvents(h, ids[0]!)
    expect(first.map((e) => e.details)).toEqual([
      { format: 'json', file: 'march.json' },
      { format: 'csv', file: 'march.csv' },
    ])
    expect(first.every((e) => e.reviewer === 'Ann')).toBe(true)
    expect((await exportedEvents(h, ids[2]!)).map((e) => e.details)).toEqual([
      { format: 'json', file: 'march.json' },
    ])
    expect(await exportedEvents(h, ids[1]!)).toEqual([])
    // The event is anchored in the case like every other change.
    const view = await h.service.getAudit(ids[0]!)
    expect((await h.service.getCase(ids[0]!)).auditHead).toEqual({
      count: view.entries.length,
      hash: view.entries.at(-1)!.hash,
    })
  })
})

describe('JSON', () => {
  it('has the cases with their fields, quads, decision and audit log, and never the API key', async () => {
    const { h, ids } = await threeCases()
    const [a, b] = ids as [string, string]
    await reject(h, b)
    const auditBefore = await h.service.getAudit(b)
    const caseA = await h.service.getCase(a)
    h.setSavePath(join(h.exportDir, 'out.json'))
    const result = await h.service.exportJson({ caseIds: [a, b], decidedOnly: false })
    expect(result).toMatchObject({ status: 'saved', rows: 2 })
    expect(h.saveDialogs[0]).toMatchObject({
      defaultName: expect.stringMatching(/^recto-export-\d{8}-\d{4}\.json$/),
      filters: [{ name: 'JSON', extensions: ['json'] }],
    })
    const text = await readFile(join(h.exportDir, 'out.json'), 'utf8')
    expect(text).not.toContain(emulator.apiKey)
    expect((await stat(join(h.exportDir, 'out.json'))).mode & 0o777).toBe(0o600)
    const doc = JSON.parse(text) as ExportDocument
    expect(doc.format).toBe(EXPORT_FORMAT)
    expect(Date.parse(doc.exportedAt)).toBeGreaterThan(0)
    expect(doc.cases.map((c) => c.id)).toEqual([a, b])

    const [outA, outB] = doc.cases as [ExportDocument['cases'][number], ExportDocument['cases'][number]]
    expect(outA.fields).toHaveLength(caseA.fields.length)
    expect(outA.fields.length).toBeGreaterThan(0)
    for (const f of caseA.fields) {
      const out = outA.fields.find((x) => x.key === f.key)!
      expect(out).toMatchObject({ value: f.value, ocrValue: f.ocrValue, score: f.score, side: f.side })
      expect(out.quad).toEqual(f.quad)
    }
    expect(outA.fields.filter((f) => f.quad?.length === 4).length).toBeGreaterThan(0)
    expect(outA.decision).toBeNull()
    expect(outB).toMatchObject({ decision: 'rejected', decisionReason: 'Other', decisionNote: 'torn corner' })
    // The audit log as it stood when the file was written (this export's own event comes after).
    expect(outB.audit).toEqual(auditBefore.entries)
    // In order (other events, e.g. a change of country or type, may come between).
    const main = ['imported', 'sent', 'recognised', 'decided']
    expect((outB.audit as { type: string }[]).map((e) => e.type).filter((t) => main.includes(t))).toEqual(
      main,
    )
  })
})

// ---- the service alone, with fakes ------------------------------------------------------------------------

function fakeCase(id: string, decided: boolean): Case {
  const input: z.input<typeof CaseSchema> = {
    schemaVersion: SCHEMA_VERSION,
    id,
    name: `${id}.jpg`,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    front: {
      file: 'front.jpg',
      originalName: `${id}.jpg`,
      mime: 'image/jpeg',
      width: 100,
      height: 60,
      bytes: 1,
      preview: null,
    },
    back: null,
    issuingCountry: 'NZL',
    idType: 'passport',
    status: 'recognised',
    provider: 'argos',
    transactionId: null,
    documentType: null,
    error: null,
    fields: [],
    ocr: {},
    recognition: null,
    supportBody: null,
    history: [],
    decision: decided
      ? { kind: 'approved', reason: null, note: '', reviewer: 'Ann', at: '2026-01-02T00:00:00.000Z' }
      : null,
    contentHash: null,
  }
  return CaseSchema.parse(input)
}

describe('export service with fakes', () => {
  async function setup(recordExport: ExportServiceDeps['recordExport']) {
    const h = await serviceHarness({})
    const cases = new Map(['case-aaaa', 'case-bbbb', 'case-cccc'].map((id) => [id, fakeCase(id, true)]))
    const logs: string[] = []
    const service = createExportService({
      load: async (id) => cases.get(id)!,
      auditOf: async () => [],
      recordExport,
      dialogs: { chooseSavePath: async () => join(h.exportDir, 'x.csv'), confirm: async () => true },
      logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
      now: () => new Date(2026, 0, 31, 9, 5),
    })
    return { h, service, logs, ids: [...cases.keys()] }
  }

  it('records the others when one event cannot be recorded, then says so', async () => {
    const recorded: string[] = []
    const { h, service, logs, ids } = await setup(async (id) => {
      if (id === 'case-bbbb') throw new Error('disk full')
      recorded.push(id)
    })
    await expect(
      service.exportCsv({ caseIds: ids, decidedOnly: false }, DEFAULT_CSV_OPTIONS),
    ).rejects.toThrow('x.csv was written, but the export could not be recorded in the audit trail of 1 case.')
    expect(recorded.sort()).toEqual(['case-aaaa', 'case-cccc'])
    expect(await readdir(h.exportDir)).toEqual(['x.csv'])
    expect(logs.join('\n')).toContain('case case-bbbb exported but not recorded')
  })

  it('names the file by the local date and time', async () => {
    expect(defaultExportName('csv', new Date(2026, 0, 31, 9, 5))).toBe('recto-export-20260131-0905.csv')
    expect(defaultExportName('json', new Date(2025, 11, 1, 23, 59))).toBe('recto-export-20251201-2359.json')
  })
})

describe('Show in folder (revealExport)', () => {
  async function setup(opts: { reveal?: boolean } = {}) {
    const h = await serviceHarness({})
    const revealed: string[] = []
    let name = 'a.csv'
    const dialogs: ExportServiceDeps['dialogs'] = {
      chooseSavePath: async () => join(h.exportDir, name),
      confirm: async () => true,
    }
    if (opts.reveal !== false) dialogs.revealInFolder = async (path) => void revealed.push(path)
    const service = createExportService({
      load: async (id) => fakeCase(id, true),
      auditOf: async () => [],
      recordExport: async () => undefined,
      dialogs,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    })
    const exportAs = async (file: string) => {
      name = file
      const result = await service.exportCsv(
        { caseIds: ['case-aaaa'], decidedOnly: true },
        DEFAULT_CSV_OPTIONS,
      )
      if (result.status !== 'saved') throw new Error('not saved')
      return result.path
    }
    return { h, service, revealed, exportAs }
  }

  it('shows a file this session exported, through the dialogs port', async () => {
    const { service, revealed, exportAs } = await setup()
    const first = await exportAs('a.csv')
    const second = await exportAs('b.csv')
    await service.revealExport(first)
    await service.revealExport(second)
    expect(revealed).toEqual([first, second])
  })

  it('refuses any other path, and never calls the port for it', async () => {
    const { h, service, revealed, exportAs } = await setup()
    await exportAs('a.csv')
    const other = join(h.exportDir, 'other.csv')
    await writeFile(other, 'x')
    await expect(service.revealExport(other)).rejects.toThrow(NOT_EXPORTED_MESSAGE)
    await expect(service.revealExport('/etc/passwd')).rejects.toThrow(NOT_EXPORTED_MESSAGE)
    await expect(service.revealExport(h.exportDir)).rejects.toThrow(NOT_EXPORTED_MESSAGE)
    expect(revealed).toEqual([])
  })

  it('accepts a file another export noted (the audit CSV), and says when the file is gone', async () => {
    const { h, service, revealed } = await setup()
    const audit = join(h.exportDir, 'audit.csv')
    await writeFile(audit, 'x')
    await expect(service.revealExport(audit)).rejects.toThrow(NOT_EXPORTED_MESSAGE)
    service.noteWritten(audit)
    await service.revealExport(audit)
    expect(revealed).toEqual([audit])
    const gone = join(h.exportDir, 'gone.csv')
    service.noteWritten(gone)
    await expect(service.revealExport(gone)).rejects.toThrow('gone.csv is no longer there')
    expect(revealed).toEqual([audit])
  })

  it('says so on a host without a file manager', async () => {
    const { service, exportAs } = await setup({ reveal: false })
    const path = await exportAs('a.csv')
    await expect(service.revealExport(path)).rejects.toThrow('cannot open a file manager')
  })

  it('remembers a bounded number of paths, forgetting the oldest first', () => {
    const paths = createWrittenPaths(3)
    for (const p of ['/x/1', '/x/2', '/x/3', '/x/1', '/x/4']) paths.add(p)
    expect(paths.size).toBe(3)
    expect(['/x/1', '/x/2', '/x/3', '/x/4'].map((p) => paths.has(p))).toEqual([true, false, true, true])
    expect(paths.has('/x/../x/4')).toBe(true)
  })
})
