// The case store on a temp folder: atomic writes, the listing index (reused, reconciled, rebuilt), quarantine
// of damaged cases, cases from a newer Recto left alone, and what interrupted writes leave cleaned at init.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type * as FsPromises from 'node:fs/promises'
import { isTempFile, writeFileAtomic } from '../../../electron/services/store/atomic-write'
import { SUMMARY_SHAPE } from '../../../electron/services/store/case-index'
import { CaseNotFound, CaseStore, CaseUnreadable } from '../../../electron/services/store/case-store'
import { CaseSchema, SCHEMA_VERSION, summarise, type Case, type Field } from '../../../shared/model'

// Every open() goes through a spy, so a test can tell which case.json files the store read.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>()
  return { ...actual, open: vi.fn(actual.open) }
})
const openSpy = vi.mocked(open)

const field = (key: string, value: string): Field => ({
  key,
  side: 'front',
  value,
  ocrValue: value,
  score: 0.8,
  accepted: null,
  quad: null,
  quadSource: 'none',
  verified: false,
})

let day = 0
function aCase(id: string, over: Partial<Case> = {}): Case {
  day++
  const at = new Date(Date.UTC(2026, 0, day)).toISOString()
  return CaseSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    id,
    name: `scan-${id.slice(0, 4)}.jpg`,
    createdAt: at,
    updatedAt: at,
    front: {
      file: 'front.jpg',
      originalName: 'scan.jpg',
      mime: 'image/jpeg',
      width: 800,
      height: 600,
      bytes: 3,
    },
    back: null,
    issuingCountry: 'NZL',
    idType: 'passport',
    status: 'recognised',
    provider: 'argos',
    transactionId: null,
    documentType: null,
    error: null,
    fields: [field('name', 'ANA LOPEZ'), field('number', 'L898902C3')],
    ocr: {},
    ...over,
  })
}
const IMAGES = [{ file: 'front.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff]) }]

let userDataDir: string
let casesDir: string
beforeEach(async () => {
  userDataDir = join(await mkdtemp(join(tmpdir(), 'recto-store-')), 'user-data')
  casesDir = join(userDataDir, 'cases')
  openSpy.mockClear()
})
const stores: CaseStore[] = []
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close()
})

async function openStore(): Promise<CaseStore> {
  const store = new CaseStore(userDataDir)
  stores.push(store)
  await store.init()
  return store
}

/** A store holding `n` cases (created out of order, to check the sorting), closed so its index is written. */
async function seeded(n: number): Promise<Case[]> {
  const store = new CaseStore(userDataDir)
  await store.init()
  const cases = Array.from({ length: n }, () => aCase(store.newId()))
  for (const c of [...cases].reverse()) await store.create(c, IMAGES)
  await store.close()
  return cases
}

const caseFile = (id: string) => join(casesDir, id, 'case.json')
/** How many times case.json of `id` was opened for reading since the spy was last cleared. */
const reads = (id: string) =>
  openSpy.mock.calls.filter(([path, flags]) => path === caseFile(id) && (flags ?? 'r') === 'r').length
const ids = (list: { id: string }[]) => list.map((c) => c.id)

describe('writeFileAtomic', () => {
  it('replaces the file whole, owner-only, leaving no temp file, and returns the new file stats', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recto-atomic-'))
    const path = join(dir, 'data.json')
    await writeFile(path, 'old content')
    const st = await writeFileAtomic(path, '{"new":true}')
    expect(await readFile(path, 'utf8')).toBe('{"new":true}')
    const onDisk = await stat(path)
    expect([st.size, st.ino, st.mtimeMs]).toEqual([onDisk.size, onDisk.ino, onDisk.mtimeMs])
    if (process.platform !== 'win32') expect(onDisk.mode & 0o777).toBe(0o600)
    expect(await readdir(dir)).toEqual(['data.json'])
  })

  it('on a failed rename leaves the old file and no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recto-atomic-'))
    const target = join(dir, 'taken')
    await mkdir(target)
    await writeFile(join(target, 'inside'), 'x') // a non-empty folder cannot be replaced by a file
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow()
    expect((await readdir(dir)).filter(isTempFile)).toEqual([])
  })
})

describe('CaseStore', () => {
  it('keeps recent cases in memory as independent copies, and re-reads a file changed behind its back', async () => {
    const [c] = await seeded(1)
    const store = await openStore()
    const first = await store.load(c!.id)
    const original = first.fields[0]!.value
    first.fields[0]!.value = 'CHANGED BY A CALLER'
    first.name = 'renamed by a caller'
    const again = await store.load(c!.id)
    expect(again.fields[0]!.value).toBe(original)
    expect(again.name).toBe(c!.name)
    // Written by someone else (a new file, as any atomic save makes): the store sees it.
    await writeFileAtomic(caseFile(c!.id), JSON.stringify({ ...again, name: 'changed elsewhere' }))
    expect((await store.load(c!.id)).name).toBe('changed elsewhere')
    // And its own saves are what it answers next.
    await store.save({ ...again, name: 'saved here' })
    expect((await store.load(c!.id)).name).toBe('saved here')
  })

  it('the summary shape probe works (else every start would read every case)', () => {
    expect(SUMMARY_SHAPE).toContain('createdAt')
  })

  it('lists summaries from the index, oldest first, without reading any case', async () => {
    const cases = await seeded(3)
    openSpy.mockClear()
    const store = await openStore()
    const { summaries, problems } = await store.listSummaries()
    expect(problems).toEqual([])
    expect(summaries).toEqual(cases.map(summarise))
    for (const c of cases) expect(reads(c.id)).toBe(0)
    // list() still gives whole cases.
    expect((await store.list()).cases).toEqual(cases)
  })

  it('keeps the index current on save, writes it at most every flush interval, and on close', async () => {
    const [a] = await seeded(1)
    const store = new CaseStore(userDataDir, { indexFlushMs: 60_000 })
    await store.init()
    const renamed = await store.update(a!.id, (c) => ({ ...c, name: 'renamed.jpg' }))
    expect((await store.listSummaries()).summaries).toEqual([summarise(renamed)])
    const onDisk = () => readFile(join(casesDir, 'index.json'), 'utf8').then((t) => JSON.parse(t))
    expect((await onDisk()).entries[a!.id].summary.name).toBe(a!.name) // not written yet
    await store.close()
    expect((await onDisk()).entries[a!.id].summary.name).toBe('renamed.jpg')
  })

  it('runs concurrent updates of one case one after another', async () => {
    const [a] = await seeded(1)
    const store = await openStore()
    const bump = (c: Case) => ({ ...c, fields: c.fields.map((f) => ({ ...f, value: `${f.value}+` })) })
    await Promise.all(Array.from({ length: 12 }, () => store.update(a!.id, bump)))
    expect((await store.load(a!.id)).fields[0]!.value).toBe(`ANA LOPEZ${'+'.repeat(12)}`)
  })

  it('reads again only a case whose case.json changed behind its back', async () => {
    const [a, b, c] = await seeded(3)
    // a: different size. b: same size, different content and mtime. c: untouched.
    await writeFile(caseFile(a!.id), JSON.stringify({ ...a, name: 'changed elsewhere.jpg' }))
    const sameSize = JSON.stringify({ ...b, name: b!.name.replace(/^scan/, 'SCAN') }, null, 1)
    expect(sameSize.length).toBe((await readFile(caseFile(b!.id), 'utf8')).length)
    await writeFile(caseFile(b!.id), sameSize)
    await utimes(caseFile(b!.id), new Date(Date.UTC(2030, 0, 1)), new Date(Date.UTC(2030, 0, 1)))
    openSpy.mockClear()
    const store = await openStore()
    expect([reads(a!.id), reads(b!.id), reads(c!.id)]).toEqual([1, 1, 0])
    const names = (await store.listSummaries()).summaries.map((s) => s.name)
    expect(names).toEqual(['changed elsewhere.jpg', b!.name.replace(/^scan/, 'SCAN'), c!.name])
  })

  it.each([
    ['deleted', async (path: string) => rm(path)],
    ['not JSON', async (path: string) => writeFile(path, '{"version":1,"entr')],
    [
      'from another index version',
      async (path: string) => writeFile(path, '{"version":99,"schemaVersion":1,"entries":{}}'),
    ],
  ])('rebuilds an index that was %s', async (_, spoil) => {
    const cases = await seeded(3)
    await spoil(join(casesDir, 'index.json'))
    openSpy.mockClear()
    const store = await openStore()
    for (const c of cases) expect(reads(c.id)).toBe(1)
    expect((await store.listSummaries()).summaries).toEqual(cases.map(summarise))
    await store.flush()
    const index = JSON.parse(await readFile(join(casesDir, 'index.json'), 'utf8'))
    expect(Object.keys(index.entries).sort()).toEqual(ids(cases).sort())
  })

  it('reads again a case whose index entry has a summary of another shape (an older CaseSummary)', async () => {
    const [a, b] = await seeded(2)
    const path = join(casesDir, 'index.json')
    const index = JSON.parse(await readFile(path, 'utf8'))
    delete index.entries[a!.id].summary.decidedBy
    await writeFile(path, JSON.stringify(index))
    openSpy.mockClear()
    const store = await openStore()
    expect([reads(a!.id), reads(b!.id)]).toEqual([1, 0])
    expect((await store.listSummaries()).summaries).toEqual([summarise(a!), summarise(b!)])
  })

  it('drops the entry of a case folder that is gone', async () => {
    const [a, b] = await seeded(2)
    await rm(join(casesDir, a!.id), { recursive: true })
    const store = await openStore()
    expect(await store.listSummaries()).toEqual({ summaries: [summarise(b!)], problems: [] })
    await expect(store.load(a!.id)).rejects.toBeInstanceOf(CaseNotFound)
    await store.close()
    const index = JSON.parse(await readFile(join(casesDir, 'index.json'), 'utf8'))
    expect(Object.keys(index.entries)).toEqual([b!.id])
  })

  it('quarantines a case whose case.json is not JSON, reports it once, and loads every other case', async () => {
    const [a, b, c] = await seeded(3)
    await writeFile(caseFile(b!.id), '{"schemaVersion":1,"id":"')
    const store = await openStore()
    const { summaries, problems } = await store.listSummaries()
    expect(ids(summaries)).toEqual([a!.id, c!.id])
    expect(problems).toHaveLength(1)
    const [p] = problems
    expect(p!.id).toBe(b!.id)
    expect(p!.message).toMatch(
      new RegExp(
        `^Case ${b!.id.slice(0, 8)}… could not be read \\(case\\.json is not valid JSON\\) and was moved to quarantine/${b!.id}-`,
      ),
    )
    expect(p!.quarantinedTo).toMatch(new RegExp(`^${join(userDataDir, 'quarantine', b!.id)}-`))
    // The whole folder moved, untouched.
    expect((await readdir(p!.quarantinedTo!)).sort()).toEqual(['case.json', 'front.jpg'])
    expect(await readFile(join(p!.quarantinedTo!, 'case.json'), 'utf8')).toBe('{"schemaVersion":1,"id":"')
    expect(existsSync(join(casesDir, b!.id))).toBe(false)
    expect(store.problems()).toEqual(problems)
    const listed = await store.list()
    expect(ids(listed.cases)).toEqual([a!.id, c!.id])
    expect(listed.problems).toEqual(problems)
    await expect(store.load(b!.id)).rejects.toThrow(CaseUnreadable)
    // The next start no longer sees it.
    const next = await openStore()
    expect(next.problems()).toEqual([])
    expect(ids((await next.listSummaries()).summaries)).toEqual([a!.id, c!.id])
  })

  it('quarantines a case that fails validation, naming what is wrong', async () => {
    const [a, b] = await seeded(2)
    const broken = { ...a, front: { ...a!.front, width: -5 } }
    await writeFile(caseFile(a!.id), JSON.stringify(broken))
    const store = await openStore()
    const { summaries, problems } = await store.listSummaries()
    expect(ids(summaries)).toEqual([b!.id])
    expect(problems).toEqual([
      {
        id: a!.id,
        message: expect.stringMatching(
          /could not be read \(case\.json is not a valid case at front\.width: .+\) and was moved to quarantine\//,
        ),
        quarantinedTo: expect.stringContaining(join(userDataDir, 'quarantine')),
      },
    ])
    expect(JSON.parse(await readFile(join(problems[0]!.quarantinedTo!, 'case.json'), 'utf8'))).toEqual(broken)
  })

  it('quarantines a case folder without case.json and one whose case.json names another case', async () => {
    const [a, b, c] = await seeded(3)
    await rm(caseFile(a!.id))
    await writeFile(caseFile(b!.id), JSON.stringify({ ...b, id: c!.id }))
    const store = await openStore()
    const { summaries, problems } = await store.listSummaries()
    expect(ids(summaries)).toEqual([c!.id])
    const byId = new Map(problems.map((p) => [p.id, p]))
    expect(byId.get(a!.id)?.message).toContain('(case.json is missing)')
    expect(byId.get(b!.id)?.message).toContain('(case.json belongs to another case')
    expect(problems.every((p) => p.quarantinedTo && existsSync(p.quarantinedTo))).toBe(true)
  })

  it('reports a case made by a newer Recto and leaves it where it is', async () => {
    const [a, b] = await seeded(2)
    const newer = JSON.stringify({ ...a, schemaVersion: SCHEMA_VERSION + 1, somethingNew: [1, 2] })
    await writeFile(caseFile(a!.id), newer)
    const store = await openStore()
    const { summaries, problems } = await store.listSummaries()
    expect(ids(summaries)).toEqual([b!.id])
    expect(problems).toEqual([
      {
        id: a!.id,
        message: expect.stringContaining('made by a newer version of Recto'),
        quarantinedTo: null,
      },
    ])
    expect(await readFile(caseFile(a!.id), 'utf8')).toBe(newer)
    expect(existsSync(join(userDataDir, 'quarantine'))).toBe(false)
    await expect(store.load(a!.id)).rejects.toThrow(/newer version of Recto/)
    expect(store.problems()).toHaveLength(1) // reported once, however often it is asked for
  })

  it('quarantines a case damaged after start-up when it is next loaded', async () => {
    const [a, b] = await seeded(2)
    const store = await openStore()
    await writeFile(caseFile(a!.id), 'not json at all')
    await expect(store.update(a!.id, (c) => c)).rejects.toBeInstanceOf(CaseUnreadable)
    const { summaries, problems } = await store.listSummaries()
    expect(ids(summaries)).toEqual([b!.id])
    expect(problems.map((p) => p.id)).toEqual([a!.id])
    expect(existsSync(problems[0]!.quarantinedTo!)).toBe(true)
    await expect(store.load(a!.id)).rejects.toBeInstanceOf(CaseUnreadable)
  })

  it('removes what interrupted writes and imports left, at init', async () => {
    const [a, b] = await seeded(2)
    const leftovers = [
      join(casesDir, a!.id, '.case.json.tmp-0123abcd'),
      join(casesDir, a!.id, '.case.json.0123456789ab.tmp'), // the older naming
      join(casesDir, '.index.json.tmp-deadbeef'),
    ]
    for (const path of leftovers) await writeFile(path, '{"half":')
    const staging = join(casesDir, '.importing-0a1b2c3d-half')
    await mkdir(staging)
    await writeFile(join(staging, 'front.jpg'), 'x')
    const store = await openStore()
    for (const path of [...leftovers, staging]) expect(existsSync(path), path).toBe(false)
    expect((await readdir(join(casesDir, a!.id))).sort()).toEqual(['case.json', 'front.jpg'])
    expect(await store.listSummaries()).toEqual({ summaries: [summarise(a!), summarise(b!)], problems: [] })
  })

  it('creates a case whole or not at all', async () => {
    const store = await openStore()
    const c = aCase(store.newId())
    await store.create(c, IMAGES)
    await expect(store.create(c, IMAGES)).rejects.toThrow() // the folder exists
    await expect(
      store.create(aCase(store.newId()), [{ file: '../escape.jpg', bytes: new Uint8Array(1) }]),
    ).rejects.toThrow(/Not an image file name/)
    expect((await readdir(casesDir)).filter((n) => n.startsWith('.'))).toEqual([])
    expect(ids((await store.listSummaries()).summaries)).toEqual([c.id])
    expect(await store.load(c.id)).toEqual(c)
  })
})
