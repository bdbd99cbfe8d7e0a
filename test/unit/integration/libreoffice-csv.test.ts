// The CSV export opened by a real spreadsheet engine: LibreOffice Calc, headless. Two imports of each export:
//  - hostile: formulas evaluated, quoted cells not forced to text, special numbers detected, spaces trimmed. No cell
//    may become a formula. A control file (the same payloads through csv-stringify without the neutraliser) must
//    produce formulas under the same settings, so a pass means the neutraliser worked, not that Calc was lenient.
//  - as text: every cell must come back with the text that was exported (the leading apostrophe of a neutralised
//    cell may or may not be shown; line breaks may come back as LF).
// Both go to flat ODS (.fods), which is read here. LibreOffice is required: .ci/run installs it.
import { execFile, execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { DEFAULT_CSV_OPTIONS, buildCsv } from '../../../electron/services/export/csv'
import { needsNeutralising, NEUTRALISER } from '../../../electron/services/export/neutralise'
import { CaseSchema, SCHEMA_VERSION, type Case, type Field } from '../../../shared/model'

const run = promisify(execFile)
const TIMEOUT = 120_000
const INSTALL_HINT =
  'LibreOffice (soffice) was not found. .ci/run must install it before the tests: ' +
  '`apt-get install -y --no-install-recommends libreoffice-calc-nogui` (or set SOFFICE to its path).'

function findSoffice(): string | null {
  const fromEnv = process.env.SOFFICE
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null
  for (const name of ['soffice', 'libreoffice']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim()
      if (found) return found
    } catch {
      // not on PATH
    }
  }
  const known = [
    '/usr/bin/soffice',
    '/usr/lib/libreoffice/program/soffice',
    '/opt/libreoffice/program/soffice',
    '/Applications/LibreOffice.app/Contents/MacOS/soffice',
  ]
  return known.find((p) => existsSync(p)) ?? null
}

// ---- the exported data: payloads in every kind of cell ----------------------------------------------------

/** OWASP payloads and breakouts (no NUL: XML, and so the .fods, cannot carry it; the unit tests cover it). */
const PAYLOADS = [
  '=1+1',
  '=HYPERLINK("http://x","y")',
  '@SUM(1+1)',
  "+cmd|' /C calc'!A0",
  "=cmd|' /C calc'!A0",
  '-2+3',
  '+1',
  '=DDE("cmd";"/C calc";"!A0")',
  '=WEBSERVICE("http://x")',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  ' =1+1',
  '   @SUM(1+1)',
  '\u3000=1+1',
  'a","=1+1',
  'a;=1+1',
  'a,=1+1',
  'x"\r\n"=1+1',
  '"=1+1',
  "'=1+1",
  '=1+1", "=2+2',
]
const UNICODE = [
  '홍길동',
  '王小明',
  '北京市朝阳区建国路88号',
  'José Müller-Lüdenscheidt',
  'Ærøskøbing',
  'Zoë 😀 👩‍👩‍👧‍👦 🇰🇷',
]
const PLAIN = ['ROSSI GIULIA', 'Via Roma, 1 "A"\nScala B', 'a  b   c', '0012345', '1990-01-31', '']

const field = (key: string, value: string, side: Field['side'] = 'front'): Field => ({
  key,
  side,
  value,
  ocrValue: value,
  score: 90,
  accepted: null,
  quad: null,
  quadSource: 'original',
  verified: false,
})

function aCase(i: number, value: string): Case {
  const img = (name: string) => ({
    file: 'front.jpg',
    originalName: name,
    mime: 'image/jpeg' as const,
    width: 10,
    height: 10,
    bytes: 1,
    preview: null,
  })
  const input: z.input<typeof CaseSchema> = {
    schemaVersion: SCHEMA_VERSION,
    id: `case-${String(i).padStart(4, '0')}`,
    name: 'x',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    front: img(value),
    back: img(`${value}.png`),
    issuingCountry: 'KOR',
    idType: 'passport',
    status: 'recognised',
    provider: 'argos',
    transactionId: value,
    documentType: value,
    error: null,
    fields: [
      field('name', value),
      field('address', `${value} / ${i}`),
      field('remark', value, 'back'),
      field(`k${i}`, value),
    ],
    ocr: {},
    recognition: null,
    supportBody: null,
    history: [],
    decision: {
      kind: 'rejected',
      reason: 'Other',
      note: value,
      reviewer: value,
      at: '2026-03-01T10:00:00.000Z',
    },
    contentHash: null,
  }
  return CaseSchema.parse(input)
}

const VALUES = [...PAYLOADS, ...UNICODE, ...PLAIN]
const CASES = VALUES.map((v, i) => aCase(i, v))

// ---- reading the flat ODS -----------------------------------------------------------------------------------

type Cell = { text: string; formula: string | null; type: string | null }

const decode = (s: string) =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e === 'lt'
      ? '<'
      : e === 'gt'
        ? '>'
        : e === 'amp'
          ? '&'
          : e === 'quot'
            ? '"'
            : e === 'apos'
              ? "'"
              : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  )

function paragraphText(inner: string): string {
  return decode(
    inner
      .replace(/<text:s\s+text:c="(\d+)"\s*\/>/g, (_, n: string) => ' '.repeat(Number(n)))
      .replace(/<text:s\s*\/>/g, ' ')
      .replace(/<text:tab\s*\/>/g, '\t')
      .replace(/<text:line-break\s*\/>/g, '\n')
      .replace(/<[^>]+>/g, ''),
  )
}

const attr = (attrs: string, name: string): string | null => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(attrs)
  return m ? decode(m[1]!) : null
}

/** The first sheet of a flat ODS as rows of cells (trailing empty cells and rows dropped). */
function readFods(xml: string): Cell[][] {
  const table = /<table:table\s[\s\S]*?<\/table:table>/.exec(xml)
  if (!table) throw new Error('no table in the flat ODS')
  const rows: Cell[][] = []
  for (const row of table[0].matchAll(/<table:table-row\b[^>]*?(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)) {
    const cells: Cell[] = []
    const cellRe =
      /<table:(?:covered-)?table-cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:(?:covered-)?table-cell>)/g
    for (const cell of (row[1] ?? '').matchAll(cellRe)) {
      const attrs = cell[1] ?? ''
      const paragraphs = [...(cell[2] ?? '').matchAll(/<text:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/text:p>)/g)]
      const value: Cell = {
        text: paragraphs.map((p) => paragraphText(p[1] ?? '')).join('\n'),
        formula: attr(attrs, 'table:formula'),
        type: attr(attrs, 'office:value-type'),
      }
      const repeat = Math.min(Number(attr(attrs, 'table:number-columns-repeated') ?? 1), 1024)
      for (let i = 0; i < repeat; i++) cells.push(value)
    }
    while (cells.length && cells.at(-1)!.text === '' && cells.at(-1)!.formula === null) cells.pop()
    rows.push(cells)
  }
  while (rows.length && rows.at(-1)!.length === 0) rows.pop()
  return rows
}

// ---- running Calc -------------------------------------------------------------------------------------------

let soffice: string | null = null
let dir = ''

/** CSV import options: separator, quote, UTF-8, from line 1, no column formats, en-US, then the switches. */
const infilter = (delimiter: string, mode: 'hostile' | 'text') => {
  const sep = delimiter.charCodeAt(0)
  // 7 quoted field as text, 8 detect special numbers, 9-10 (export only), 11 trim spaces, 12 (export), 13 evaluate formulas
  const switches =
    mode === 'hostile' ? 'false,true,false,false,true,,true' : 'true,false,false,false,false,,false'
  return `Text - txt - csv (StarCalc):${sep},34,76,1,,1033,${switches}`
}

async function toFods(files: string[], filter: string, outdir: string): Promise<Cell[][][]> {
  if (!soffice) throw new Error(INSTALL_HINT)
  const profile = pathToFileURL(join(dir, 'lo-profile')).href
  const args = [
    `-env:UserInstallation=${profile}`,
    '--headless',
    '--norestore',
    '--nolockcheck',
    '--nodefault',
  ]
  const { stdout, stderr } = await run(
    soffice,
    [...args, `--infilter=${filter}`, '--convert-to', 'fods', '--outdir', outdir, ...files],
    { timeout: TIMEOUT - 10_000 },
  )
  return Promise.all(
    files.map(async (file) => {
      const out = join(outdir, basename(file, '.csv') + '.fods')
      if (!existsSync(out)) throw new Error(`LibreOffice wrote no ${out}\n${stdout}\n${stderr}`)
      return readFods(await readFile(out, 'utf8'))
    }),
  )
}

/** What the export wrote, cell by cell, as a strict RFC 4180 reader sees it. */
const written = (csv: string, delimiter: string) =>
  parse(csv.replace(/^\uFEFF/, ''), { delimiter, relax_column_count: false }) as string[][]

const stripNeutraliser = (s: string) => (s.startsWith(NEUTRALISER) ? s.slice(1) : s)
const sameText = (calc: string, exported: string) =>
  stripNeutraliser(calc.replace(/\r\n?/g, '\n')) === stripNeutraliser(exported.replace(/\r\n?/g, '\n'))

beforeAll(async () => {
  soffice = findSoffice()
  dir = await mkdtemp(join(tmpdir(), `lo-profile-${process.pid}-${Math.random().toString(36).slice(2)}-`))
})

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('CSV export in LibreOffice Calc', () => {
  it('finds LibreOffice', () => {
    expect(soffice, INSTALL_HINT).not.toBeNull()
  })

  it.each([',', ';'] as const)(
    'delimiter %j, hostile import: no cell becomes a formula (while the unprotected control does)',
    async (delimiter) => {
      const name = delimiter === ',' ? 'comma' : 'semicolon'
      const csv = buildCsv(CASES, { ...DEFAULT_CSV_OPTIONS, delimiter, includeOcr: true })
      const exportedRows = written(csv, delimiter)
      const exportFile = join(dir, `export-${name}.csv`)
      const controlFile = join(dir, `control-${name}.csv`)
      await writeFile(exportFile, csv, 'utf8')
      // The same payload cells without the neutraliser, quoted the same way.
      const control = stringify(
        VALUES.map((v) => [v, `x${v}`]),
        { delimiter, quoted: true, quoted_empty: true, record_delimiter: '\r\n' },
      )
      await writeFile(controlFile, control, 'utf8')

      const [sheet, controlSheet] = await toFods(
        [exportFile, controlFile],
        infilter(delimiter, 'hostile'),
        join(dir, `hostile-${name}`),
      )

      const controlFormulas = controlSheet!.flat().filter((c) => c.formula !== null)
      expect(
        controlFormulas.length,
        'Calc must evaluate unprotected payloads, or this test proves nothing',
      ).toBeGreaterThanOrEqual(3)

      expect(sheet).toHaveLength(exportedRows.length)
      const formulas = sheet!.flatMap((r, y) =>
        r.flatMap((c, x) => (c.formula ? [`R${y + 1}C${x + 1}: ${c.formula}`] : [])),
      )
      expect(formulas).toEqual([])
      // Every neutralised cell stayed a text cell with its text.
      let neutralised = 0
      exportedRows.forEach((row, y) =>
        row.forEach((cell, x) => {
          if (!cell.startsWith(NEUTRALISER) || !needsNeutralising(cell.slice(1))) return
          neutralised++
          const got = sheet![y]![x]
          expect(got?.type, `R${y + 1}C${x + 1} ${JSON.stringify(cell)}`).toBe('string')
          expect(
            sameText(got!.text, cell),
            `R${y + 1}C${x + 1}: ${JSON.stringify(got!.text)} vs ${JSON.stringify(cell)}`,
          ).toBe(true)
        }),
      )
      expect(neutralised).toBeGreaterThan(PAYLOADS.length * 5)
    },
    TIMEOUT,
  )

  it.each([',', ';'] as const)(
    'delimiter %j, import as text: every cell comes back with the exported text, Unicode included',
    async (delimiter) => {
      const name = delimiter === ',' ? 'comma' : 'semicolon'
      const csv = buildCsv(CASES, { ...DEFAULT_CSV_OPTIONS, delimiter, includeOcr: true, bom: true })
      const exportedRows = written(csv, delimiter)
      const file = join(dir, `text-${name}.csv`)
      await writeFile(file, csv, 'utf8')
      const [sheet] = await toFods([file], infilter(delimiter, 'text'), join(dir, `text-${name}`))

      expect(sheet).toHaveLength(exportedRows.length)
      // The BOM is read as the encoding mark, not as part of the first header cell.
      expect(sheet![0]![0]!.text).toBe('case_id')
      const mismatches: string[] = []
      exportedRows.forEach((row, y) => {
        // Calc drops trailing empty cells; nothing else may be missing.
        const got = sheet![y]!
        const width = row.findLastIndex((c) => c !== '') + 1
        if (got.length !== width) mismatches.push(`row ${y + 1}: ${got.length} cells, expected ${width}`)
        row.forEach((cell, x) => {
          const calc = got[x]?.text ?? ''
          if (!sameText(calc, cell))
            mismatches.push(`R${y + 1}C${x + 1}: ${JSON.stringify(calc)} vs ${JSON.stringify(cell)}`)
          if (got[x]?.formula) mismatches.push(`R${y + 1}C${x + 1} became ${got[x]!.formula}`)
        })
      })
      expect(mismatches).toEqual([])
      // The Unicode values are there as written.
      const texts = new Set(sheet!.flat().map((c) => c.text))
      for (const u of UNICODE) expect(texts.has(u), u).toBe(true)
    },
    TIMEOUT,
  )
})
