// npm run bench: runs every benchmark, prints a table and writes test/bench/results.json (the commit measured, the
// date, and per figure its median with the run count, min and max) and the same table into README.md. Each
// benchmark runs in its own process so one's memory does not count against another's. The run fails (exit 1) when
// a benchmark fails, prints anything but a list of complete figures (a figure without runs/min/max would be quoted
// with no idea of its spread), or a figure is over its budget.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { REPO_ROOT } from '../support/paths'
import type { BenchResult } from './types'

const BENCHES = [
  'test/bench/prepare-upload.bench.ts',
  // runImportBench: importScans of a 24 MP scan, encrypted store against plaintext (ratio budget 1.10).
  'test/bench/import.bench.ts',
  // runImportFolderBench: a folder of 100 scans of 12 MP imported, documents per second against sharp decoding them.
  'test/bench/import-folder.bench.ts',
  'test/bench/batch.bench.ts',
  'test/bench/canvas.bench.ts',
  'test/bench/store.bench.ts',
  // runExportBench: exportCsv of 10,000 cases of 20 fields end to end (≤ 3 s, ≤ 1.5× loading them plus the write).
  'test/bench/export.bench.ts',
  'test/bench/checks.bench.ts',
  // runLocalEngineBench: Recognize on this computer, per side warm (≤ 3 s) and cold (≤ 8 s), event-loop p99 ≤ 50 ms.
  'test/bench/local-engine.bench.ts',
  // runTeamBench: team workspace, 50,000 cases on PostgreSQL: claim next p95 ≤ 20 ms, queue ≤ 1 s, change seen ≤ 500 ms.
  'test/bench/team.bench.ts',
]

/** What a benchmark must print on stdout: its figures, each with its spread. */
const FiguresSchema = z
  .array(
    z
      .object({
        name: z.string().min(1),
        value: z.number().finite(),
        unit: z.string().min(1),
        budget: z.number().finite().nullable(),
        baseline: z.number().finite().nullable(),
        runs: z.number().int().min(1),
        min: z.number().finite(),
        max: z.number().finite(),
      })
      .strict()
      .refine((r) => r.min <= r.value && r.value <= r.max, {
        message: 'the median must lie between min and max',
      }),
  )
  .min(1)

/** The figures a benchmark printed, or a clear message of what is wrong with them. */
function parseFigures(stdout: string): BenchResult[] {
  const start = stdout.indexOf('[')
  if (start < 0) throw new Error('it printed no list of figures')
  let json: unknown
  try {
    json = JSON.parse(stdout.slice(start))
  } catch {
    throw new Error('its output is not one JSON list of figures')
  }
  const parsed = FiguresSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const at = issue.path.length ? ` at ${issue.path.join('.')}` : ''
    throw new Error(`it printed an incomplete figure${at}: ${issue.message}`)
  }
  return parsed.data
}

const README_START = '<!-- bench:start -->'
const README_END = '<!-- bench:end -->'

/** The README's figures, written from this run only (between the bench markers), so it never quotes another run. */
function readmeBlock(results: readonly BenchResult[], commit: string, measuredAt: string): string {
  const cell = (n: number | null) => (n === null ? '–' : String(n))
  const rows = results.map((r) => {
    const flag = r.budget !== null && r.value > r.budget ? ' **over**' : ''
    const spread = r.runs > 1 ? `${r.min}–${r.max} (${r.runs} runs)` : '1 run'
    return `| \`${r.name}\` | ${r.value} ${r.unit}${flag} | ${spread} | ${cell(r.budget)} | ${cell(r.baseline)} |`
  })
  return [
    README_START,
    '',
    `Measured by \`npm run bench\` at commit \`${commit.slice(0, 12)}\` on ${measuredAt.slice(0, 10)} (medians; the`,
    'baseline is measured in the same run; the full record is `test/bench/results.json`).',
    '',
    '| figure | median | spread | budget | baseline |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    README_END,
  ].join('\n')
}

function writeReadme(block: string): void {
  const path = join(REPO_ROOT, 'README.md')
  const text = readFileSync(path, 'utf8')
  const start = text.indexOf(README_START)
  const end = text.indexOf(README_END)
  if (start < 0 || end < start) throw new Error('README.md has no bench markers')
  writeFileSync(path, text.slice(0, start) + block + text.slice(end + README_END.length))
  execFileSync(join(REPO_ROOT, 'node_modules/.bin/prettier'), ['--write', path], { stdio: 'ignore' })
}

const round = (n: number) => Math.round(n * 1000) / 1000
const roundOrNull = (n: number | null) => (n === null ? null : round(n))

function main(): void {
  // `npm run bench -- <files>` runs only those (to look at one or two): the table is printed, results.json is
  // left as the last full run wrote it.
  const only = process.argv.slice(2)
  const benches = only.length ? only : BENCHES
  // The canvas benchmark drives the built renderer.
  if (benches.some((b) => b.includes('canvas')) && !existsSync(join(REPO_ROOT, 'out/renderer/index.html'))) {
    execFileSync(join(REPO_ROOT, 'node_modules/.bin/electron-vite'), ['build'], { stdio: 'inherit' })
  }

  const results: BenchResult[] = []
  const failed = new Set<string>()
  for (const file of benches) {
    console.log(`[bench] ${file}`)
    let out = ''
    try {
      out = execFileSync(join(REPO_ROOT, 'node_modules/.bin/tsx'), [resolve(REPO_ROOT, file)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * 1024 * 1024,
      })
    } catch (err) {
      // A bench run alone may exit 1 over its budget after printing its figures: they are still recorded.
      failed.add(file)
      out = String((err as { stdout?: unknown }).stdout ?? '')
      console.error(`[bench] ${file} failed: ${err instanceof Error ? err.message : String(err)}`)
    }
    try {
      for (const r of parseFigures(out)) {
        results.push({
          ...r,
          value: round(r.value),
          budget: roundOrNull(r.budget),
          baseline: roundOrNull(r.baseline),
          min: round(r.min),
          max: round(r.max),
        })
      }
    } catch (err) {
      failed.add(file)
      console.error(`[bench] ${file}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  // The figures are only worth quoting with the commit they measured (and whether the tree had changes on top of it).
  const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim()
  const commit = git('rev-parse', 'HEAD')
  const dirty =
    git('status', '--porcelain', '--untracked-files=no', '--', 'electron', 'renderer', 'shared') !== ''
  if (!only.length) {
    const measuredAt = new Date().toISOString()
    writeFileSync(
      join(REPO_ROOT, 'test/bench/results.json'),
      JSON.stringify({ commit, dirty, measuredAt, results }, null, 2) + '\n',
    )
    writeReadme(readmeBlock(results, commit, measuredAt))
  }
  let over = 0
  const nameWidth = Math.max(0, ...results.map((r) => r.name.length))
  for (const r of results) {
    const overBudget = r.budget !== null && r.value > r.budget
    if (overBudget) over++
    const flag = overBudget ? '  OVER BUDGET' : ''
    const spread = `(${r.min}–${r.max}, ${r.runs} run${r.runs === 1 ? '' : 's'})`
    console.log(
      `${r.name.padEnd(nameWidth)} ${String(r.value).padStart(10)} ${spread.padEnd(28)} ${r.unit.padEnd(6)} budget ${r.budget ?? '-'}  baseline ${r.baseline ?? '-'}${flag}`,
    )
  }
  console.log(`[bench] commit ${commit.slice(0, 12)}${dirty ? ' (with uncommitted changes)' : ''}`)
  if (failed.size) console.error(`[bench] ${failed.size} benchmark(s) failed`)
  if (over) console.error(`[bench] ${over} figure(s) over budget`)
  // A benchmark that could not run, or a figure over its budget, fails the run.
  process.exit(failed.size || over ? 1 : 0)
}

main()
