// The CSV export of 10,000 cases of 20 fields, END TO END, as the reviewer runs it: ReviewService.exportCsv on the
// encrypted store (the app's default) — every case loaded and opened, the undecided ones confirmed (the scripted
// message box), the file chosen (the scripted save dialog), the CSV built and written atomically with fsync, then
// one "exported" audit event per case (appended and fsynced, the case JSON re-sealed and written atomically).
// Budget: ≤ 3 s, and ≤ 1.5× a baseline measured in the same run: loading the same 10,000 cases through the store
// (CaseStore.load, 16 at a time, as the export loads them) plus writing the same bytes to a file (atomic, fsync).
//
// The store: 10,000 cases written through the encrypted CaseStore's own create path (key.json, sealed case.json,
// sealed images, each case's audit log started with its "imported" event and anchored, as an import leaves it).
// It is built once on tmpfs (/dev/shm where there is one: its fsyncs cost nothing, so building takes seconds, not
// minutes) and never measured there. Runs stay comparable because each run works on a FRESH COPY of that store on
// the real disk (the temp folder): an export appends to every case's audit log and rewrites every case, so a second
// export on the same store would start from longer logs. Each copy is opened once and closed before the run (not
// measured) so its index matches the copied files, and both the service and the baseline then start on it cold
// (no case read, no data key unwrapped yet). Three runs; in each the export and the baseline run on the same copy,
// back to back, and which goes first alternates. The ratio's runs are the per-run ratios.
// A "text only" figure (buildCsv alone on cases in memory, against a bare csv-stringify of the same cells) is kept
// for comparison, without budget: it is not the export.
// Run: npx tsx test/bench/export.bench.ts (EXPORT_BENCH_CASES=1000 for a quicker look: figures named by the count)
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { stringify } from 'csv-stringify/sync'
import sharp from 'sharp'
import type { z } from 'zod'
import { auditDraft } from '../../shared/audit'
import { DEFAULT_CSV_OPTIONS, buildCsv } from '../../electron/services/export/csv'
import { writeFileAtomic } from '../../electron/services/store/atomic-write'
import { AUDIT_FILE } from '../../electron/services/audit/audit-log'
import { CaseAudits } from '../../electron/services/cases/case-audit'
import { CaseStore } from '../../electron/services/store/case-store'
import { mapLimited } from '../../electron/services/batch/limited'
import { CaseKeyring } from '../../electron/services/store/vault/case-keys'
import { isSealed } from '../../electron/services/store/vault/sealed-file'
import { CaseSchema, SCHEMA_VERSION, type Case, type Field } from '../../shared/model'
import { fakeSecrets } from '../support/fake-secrets'
import { serviceHarness } from '../support/service-harness'
import { testVault } from '../support/test-vault'
import { figure, median, ratios, type BenchResult } from './types'

/** 10,000 (the budget's count); EXPORT_BENCH_CASES sets another for a quick look (its figures are named by it). */
const CASES = Number(process.env.EXPORT_BENCH_CASES ?? 10_000)
const FIELDS = 20
/** End-to-end export runs (each on a fresh copy of the store), each paired with a baseline run. */
const RUNS = 3
/** Runs of the text-only figure (cheap). */
const TEXT_RUNS = 5
const BUDGET_MS = 3000
const RATIO_BUDGET = 1.5
/** Cases the baseline loads at once: the export service's IO_CONCURRENCY. */
const LOAD_CONCURRENCY = 16

const KEYS = [
  'name',
  'given_name',
  'number',
  'birth',
  'gender',
  'nationality',
  'issue_date',
  'expire_date',
  'address',
  'authority',
  'name_chn',
  'personal_number',
  'place_of_birth',
  'mrz1',
  'mrz2',
  'remarks',
  'back_address',
  'back_issue_date',
  'back_authority',
  'back_number',
]

const VALUES: Record<string, (i: number) => string> = {
  name: (i) => (i % 3 === 0 ? '홍길동' : i % 3 === 1 ? 'ROSSI GIULIA' : 'José Müller-Lüdenscheidt'),
  given_name: (i) => (i % 2 ? 'GIULIA' : '길동'),
  number: (i) => `M${String(10_000_000 + i)}`,
  birth: (i) =>
    i % 2 ? `${1 + (i % 28)}.0${1 + (i % 9)}.1990` : `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
  gender: (i) => (i % 2 ? 'F' : 'M'),
  nationality: () => 'KOR',
  issue_date: (i) => `${1 + (i % 28)} JAN 2020`,
  expire_date: (i) => `2030${String(1 + (i % 12)).padStart(2, '0')}15`,
  address: (i) => `서울특별시 강남구 테헤란로 ${i}, "B" 동`,
  authority: (i) => (i % 50 === 0 ? '=HYPERLINK("http://x","y")' : 'Ministry of Foreign Affairs'),
  name_chn: () => '王小明',
  personal_number: (i) => `900101-${String(1_000_000 + i)}`,
  place_of_birth: (i) => (i % 7 === 0 ? '-Seoul' : 'Seoul'),
  mrz1: () => 'P<KORHONG<<GILDONG<<<<<<<<<<<<<<<<<<<<<<<<<<',
  mrz2: (i) => `M${String(10_000_000 + i)}KOR9001011M3001012<<<<<<<<<<<<<<06`,
  remarks: (i) => (i % 10 === 0 ? '@SUM(1+1)' : 'none 😀'),
  back_address: (i) => `Via Roma, ${i}\nScala B`,
  back_issue_date: () => '01/02/2020',
  back_authority: () => 'Seoul Metropolitan Police',
  back_number: (i) => `B${i}`,
}

export function makeCases(count = CASES): Case[] {
  const cases: Case[] = []
  for (let i = 0; i < count; i++) {
    const fields: Field[] = KEYS.slice(0, FIELDS).map((key, k) => {
      const value = VALUES[key]!(i)
      return {
        key,
        side: key.startsWith('back_') ? 'back' : 'front',
        value,
        ocrValue: (i + k) % 5 === 0 ? `${value}?` : value,
        score: 50 + ((i * 7 + k) % 50),
        accepted: null,
        quad: [
          { x: 10 + k, y: 20 },
          { x: 300, y: 20 + k },
          { x: 300, y: 60 },
          { x: 10, y: 60 },
        ],
        quadSource: 'original',
        verified: (i + k) % 3 === 0,
      }
    })
    // Different cases list their fields in different orders (the header must not care).
    if (i % 2) fields.reverse()
    const id = `case-${String(i).padStart(6, '0')}`
    const input: z.input<typeof CaseSchema> = {
      schemaVersion: SCHEMA_VERSION,
      id,
      name: `scan-${i}.jpg`,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      front: {
        file: 'front.jpg',
        originalName: `scan-${i}.jpg`,
        mime: 'image/jpeg',
        width: 4000,
        height: 2520,
        bytes: 1,
        preview: null,
      },
      back: {
        file: 'back.jpg',
        originalName: `scan-${i}-back.jpg`,
        mime: 'image/jpeg',
        width: 4000,
        height: 2520,
        bytes: 1,
        preview: null,
      },
      issuingCountry: 'KOR',
      idType: 'passport',
      status: 'recognised',
      provider: 'argos',
      transactionId: `tx-${i}`,
      documentType: 'Passport',
      error: null,
      fields,
      ocr: {},
      recognition: null,
      supportBody: null,
      history: [],
      decision:
        i % 4 === 0
          ? null
          : {
              kind: i % 4 === 1 ? 'approved' : 'rejected',
              reason: i % 4 === 1 ? null : 'Other',
              note: 'checked',
              reviewer: 'Kim',
              at: '2026-03-01T10:00:00.000Z',
            },
      contentHash: null,
    }
    // Through the schema, as the store loads cases (fills defaults such as newer optional keys).
    cases.push(CaseSchema.parse(input))
  }
  return cases
}

/**
 * The same number of cells as the export without any processing: fixed values, then the field values as they are.
 */
function bareCells(cases: Case[]): string[][] {
  return cases.map((c) => [
    c.id,
    c.transactionId ?? '',
    c.front.originalName,
    c.back?.originalName ?? '',
    c.issuingCountry ?? '',
    c.idType ?? '',
    c.documentType ?? '',
    c.provider ?? '',
    c.decision?.kind ?? '',
    c.decision?.reason ?? '',
    c.decision?.reviewer ?? '',
    c.decision?.at ?? '',
    ...c.fields.map((f) => f.value),
  ])
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined }

/**
 * The store the export reads: `cases` created through the encrypted CaseStore, each with its audit log started by
 * its "imported" event (signed with the profile's audit key, as the service signs) and anchored in the case.
 */
async function buildStore(userDataDir: string, cases: Case[]): Promise<void> {
  const vault = await testVault(userDataDir)
  const keys = new CaseKeyring(vault)
  const store = new CaseStore(userDataDir, { keys })
  await store.init()
  // The harness's secrets: the service started on a copy finds and opens the same audit key.
  const audits = CaseAudits.forService(
    store.root,
    { userDataDir, secrets: fakeSecrets(true), logger: silent, account: () => 'reviewer-a' },
    keys,
  )
  const image = await sharp({ create: { width: 64, height: 40, channels: 3, background: '#8899aa' } })
    .jpeg()
    .toBuffer()
  await mapLimited(cases, 64, async (c) => {
    const first = await audits.newFile(
      auditDraft(
        'imported',
        { frontFile: c.front.originalName, backFile: c.back?.originalName ?? null, contentHash: null },
        'Kim',
        c.createdAt,
      ),
    )
    await store.create({ ...c, auditHead: CaseAudits.firstHead(first.entry) }, [
      { file: AUDIT_FILE, bytes: new TextEncoder().encode(first.text) },
      { file: 'front.jpg', bytes: image },
      { file: 'back.jpg', bytes: image },
    ])
  })
  await store.close()
  vault.lock()
  // A figure for an encrypted store is only worth quoting if the store is.
  if (!isSealed(await readFile(join(store.root, cases[0]!.id, 'case.json')))) {
    throw new Error('the encrypted store wrote case.json in plain text')
  }
}

/** A fresh copy of the built store on the disk, opened and closed once so its index matches the copied files. */
async function freshCopy(pristine: string, target: string): Promise<void> {
  // cp -a: tens of thousands of small files; fs.cp takes several times as long.
  execFileSync('cp', ['-a', pristine, target])
  const vault = await testVault(target)
  const store = new CaseStore(target, { keys: new CaseKeyring(vault) })
  await store.init()
  await store.listSummaries()
  await store.close()
  vault.lock()
}

/** The baseline: the cases loaded as the export loads them (a store started on `userDataDir`), then `bytes` written. */
async function loadAndWrite(userDataDir: string, ids: string[], bytes: string, out: string): Promise<number> {
  const vault = await testVault(userDataDir)
  const store = new CaseStore(userDataDir, { keys: new CaseKeyring(vault) })
  await store.init()
  try {
    const t0 = performance.now()
    const loaded = await mapLimited(ids, LOAD_CONCURRENCY, (id) => store.load(id))
    await writeFileAtomic(out, bytes, { mode: 0o600 })
    const ms = performance.now() - t0
    if (loaded.length !== ids.length) throw new Error('the baseline did not load every case')
    return ms
  } finally {
    await store.close()
    vault.lock()
  }
}

type Harness = Awaited<ReturnType<typeof serviceHarness>>

/** One export of every case, end to end; checks it wrote `expected` and recorded the export in the audit trail. */
async function exportOnce(h: Harness, ids: string[], expected: string): Promise<number> {
  const path = join(h.exportDir, 'export.csv')
  h.setSavePath(path)
  const t0 = performance.now()
  const result = await h.service.exportCsv({ caseIds: ids, decidedOnly: false }, DEFAULT_CSV_OPTIONS)
  const ms = performance.now() - t0
  if (result.status !== 'saved' || result.rows !== ids.length) {
    throw new Error(`the export did not save every case: ${JSON.stringify(result)}`)
  }
  // The baseline writes the same bytes: they must be what the export wrote.
  if ((await readFile(path, 'utf8')) !== expected)
    throw new Error('the export wrote other bytes than the baseline')
  for (const id of [ids[0]!, ids[ids.length - 1]!]) {
    const audit = await h.service.getAudit(id)
    if (!audit.verdict.ok || audit.entries.at(-1)?.type !== 'exported') {
      throw new Error('a case of the export has no "exported" audit event')
    }
  }
  return ms
}

export async function runExportBench(): Promise<BenchResult[]> {
  const root = await mkdtemp(join(tmpdir(), 'recto-export-bench-'))
  const fast = existsSync('/dev/shm') ? await mkdtemp('/dev/shm/recto-export-bench-') : null
  try {
    const cases = makeCases()
    const ids = cases.map((c) => c.id)
    const text = buildCsv(cases, DEFAULT_CSV_OPTIONS)
    const pristine = join(fast ?? root, 'pristine')
    await buildStore(pristine, cases)

    const exportMs: number[] = []
    const baseMs: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const dir = join(root, `run-${run}`)
      await freshCopy(pristine, dir)
      const h = await serviceHarness({}, { userDataDir: dir, encrypted: true })
      let stopped = false
      const stop = async () => {
        if (!stopped) await h.cleanup()
        stopped = true
      }
      try {
        // Started (store and index ready) before the clock starts, as the app is when the reviewer exports.
        if ((await h.service.listCases()).length !== CASES) throw new Error('the copied store lost cases')
        const baseOut = join(root, `baseline-${run}.csv`)
        if (run % 2) {
          exportMs.push(await exportOnce(h, ids, text))
          // Stopped first, so its index is on disk: the baseline's store then starts without reading any case.
          await stop()
          baseMs.push(await loadAndWrite(dir, ids, text, baseOut))
        } else {
          baseMs.push(await loadAndWrite(dir, ids, text, baseOut))
          exportMs.push(await exportOnce(h, ids, text))
        }
      } finally {
        await stop()
        await rm(dir, { recursive: true, force: true })
      }
    }

    // The text alone, for comparison: buildCsv on the cases in memory against a bare csv-stringify of as many cells.
    const cells = bareCells(cases)
    const textMs: number[] = []
    const bareMs: number[] = []
    const timed = (run: () => unknown) => {
      const t0 = performance.now()
      run()
      return performance.now() - t0
    }
    buildCsv(cases, DEFAULT_CSV_OPTIONS) // warm-up
    for (let i = 0; i < TEXT_RUNS; i++) {
      textMs.push(timed(() => buildCsv(cases, DEFAULT_CSV_OPTIONS)))
      bareMs.push(
        timed(() => stringify(cells, { quoted: true, quoted_empty: true, record_delimiter: '\r\n' })),
      )
    }

    const tag = `${CASES / 1000}k-cases-${FIELDS}-fields`
    return [
      figure(`export-csv-${tag}`, exportMs, 'ms', BUDGET_MS, median(baseMs)),
      figure(`export-csv-${tag}-ratio`, ratios(exportMs, baseMs), 'ratio', RATIO_BUDGET, 1),
      figure(`export-csv-${tag}-baseline-load-and-write`, baseMs, 'ms'),
      figure(`export-csv-text-only-${tag}`, textMs, 'ms', null, median(bareMs)),
      figure(`export-csv-${tag}-size`, [Buffer.byteLength(text) / 1024 / 1024], 'MB'),
    ]
  } finally {
    await rm(root, { recursive: true, force: true })
    if (fast) await rm(fast, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runExportBench(), null, 2))
}
