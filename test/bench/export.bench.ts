// How long the export takes for 10,000 cases of 20 fields each, and how much memory it needs. The CSV export
// (buildCsv: column plan, neutraliser, csv-stringify) is compared with a bare csv-stringify of the same cells with
// no processing at all; the JSON export (buildJson) with a plain JSON.stringify of the same cases. A and B runs are
// interleaved after a warm-up (so machine noise hits both alike) and medians are reported. Peak memory is the
// growth of the process's peak RSS over one export, measured first, before any other run raised the peak.
// Run: npx tsx test/bench/export.bench.ts
import { pathToFileURL } from 'node:url'
import { stringify } from 'csv-stringify/sync'
import type { z } from 'zod'
import { DEFAULT_CSV_OPTIONS, buildCsv, type CsvOptions } from '../../electron/services/export/csv'
import { buildJson } from '../../electron/services/export/json'
import { CaseSchema, SCHEMA_VERSION, type Case, type Field } from '../../shared/model'
import type { BenchResult } from './types'

const CASES = 10_000
const FIELDS = 20
const RUNS = 5
const BUDGET_MS = 1000

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
 * The same number of cells as the export without any processing: fixed values, then the field values as they are
 * (withOcr: also the OCR value, score and a flag per field, as includeOcr writes them).
 */
function bareCells(cases: Case[], withOcr: boolean): string[][] {
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
    ...c.fields.flatMap((f) =>
      withOcr ? [f.value, f.ocrValue, String(f.score), String(f.verified)] : [f.value],
    ),
  ])
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

function timed(run: () => unknown): number {
  const start = performance.now()
  run()
  return performance.now() - start
}

/** Growth of the peak RSS (MB) while `run` runs; call it before anything else has raised the peak. */
function peakRssGrowthMb(run: () => unknown): number {
  const before = process.resourceUsage().maxRSS
  run()
  return (process.resourceUsage().maxRSS - before) / 1024
}

export async function runExportBench(): Promise<BenchResult[]> {
  const cases = makeCases()
  const cells = bareCells(cases, false)
  const cellsWithOcr = bareCells(cases, true)
  const bare = (rows: string[][]) =>
    stringify(rows, { quoted: true, quoted_empty: true, record_delimiter: '\r\n' })
  const all: CsvOptions = {
    ...DEFAULT_CSV_OPTIONS,
    includeOcr: true,
    normaliseDates: true,
    maskDocumentNumbers: true,
    excludeMrz: false,
  }
  const runs = {
    csv: () => buildCsv(cases, DEFAULT_CSV_OPTIONS),
    csvAll: () => buildCsv(cases, all),
    bare: () => bare(cells),
    bareAll: () => bare(cellsWithOcr),
    json: () => buildJson(cases, () => [], '2026-03-01T10:00:00.000Z'),
    plainJson: () => JSON.stringify(cases),
  }
  // Memory first: the peak RSS only ever grows.
  let csvBytes = 0
  let jsonBytes = 0
  const csvPeakMb = peakRssGrowthMb(() => (csvBytes = Buffer.byteLength(runs.csv())))
  const jsonPeakMb = peakRssGrowthMb(() => (jsonBytes = Buffer.byteLength(runs.json())))

  for (const run of Object.values(runs)) run() // warm-up
  const times: Record<keyof typeof runs, number[]> = {
    csv: [],
    csvAll: [],
    bare: [],
    bareAll: [],
    json: [],
    plainJson: [],
  }
  for (let i = 0; i < RUNS; i++) {
    for (const [name, run] of Object.entries(runs)) times[name as keyof typeof runs].push(timed(run))
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<
    keyof typeof runs,
    number
  >
  const tag = `${CASES / 1000}k-cases-${FIELDS}-fields`
  return [
    { name: `export-csv-${tag}`, value: m.csv, unit: 'ms', budget: BUDGET_MS, baseline: m.bare },
    { name: `export-csv-${tag}-ratio`, value: m.csv / m.bare, unit: 'ratio', budget: null, baseline: 1 },
    // includeOcr (4 columns per field: 92 columns), date normalisation and masking: the most work an export does.
    // Four times the cells, so no budget of its own; the baseline is a bare csv-stringify of as many cells.
    { name: `export-csv-all-options-${tag}`, value: m.csvAll, unit: 'ms', budget: null, baseline: m.bareAll },
    {
      name: `export-csv-all-options-${tag}-ratio`,
      value: m.csvAll / m.bareAll,
      unit: 'ratio',
      budget: null,
      baseline: 1,
    },
    { name: `export-csv-${tag}-peak-rss`, value: csvPeakMb, unit: 'MB', budget: null, baseline: null },
    {
      name: `export-csv-${tag}-size`,
      value: csvBytes / 1024 / 1024,
      unit: 'MB',
      budget: null,
      baseline: null,
    },
    { name: `export-json-${tag}`, value: m.json, unit: 'ms', budget: null, baseline: m.plainJson },
    { name: `export-json-${tag}-peak-rss`, value: jsonPeakMb, unit: 'MB', budget: null, baseline: null },
    {
      name: `export-json-${tag}-size`,
      value: jsonBytes / 1024 / 1024,
      unit: 'MB',
      budget: null,
      baseline: null,
    },
  ]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runExportBench(), null, 2))
}
