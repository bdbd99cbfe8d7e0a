// npm run bench: runs every benchmark, prints a table and writes test/bench/results.json.
// Each benchmark runs in its own process so one's memory does not count against another's.
import { execFileSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../support/paths'
import type { BenchResult } from './types'

const BENCHES = [
  'test/bench/prepare-upload.bench.ts',
  // runImportBench: importScans of a 24 MP scan, encrypted store against plaintext (ratio budget 1.10).
  'test/bench/import.bench.ts',
  'test/bench/batch.bench.ts',
  'test/bench/canvas.bench.ts',
  'test/bench/store.bench.ts',
  // runExportBench: 10,000 cases of 20 fields as CSV and JSON (budget 1 s for the CSV).
  'test/bench/export.bench.ts',
  'test/bench/checks.bench.ts',
]

// The canvas benchmark drives the built renderer.
if (!existsSync(join(REPO_ROOT, 'out/renderer/index.html'))) {
  execFileSync(join(REPO_ROOT, 'node_modules/.bin/electron-vite'), ['build'], { stdio: 'inherit' })
}

const results: BenchResult[] = []
let failed = false
for (const file of BENCHES) {
  console.log(`[bench] ${file}`)
  try {
    const out = execFileSync(join(REPO_ROOT, 'node_modules/.bin/tsx'), [join(REPO_ROOT, file)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    })
    const json = out.slice(out.indexOf('['))
    const round = (n: number | null) => (n === null ? null : Math.round(n * 1000) / 1000)
    for (const r of JSON.parse(json) as BenchResult[]) {
      results.push({ ...r, value: round(r.value)!, budget: round(r.budget), baseline: round(r.baseline) })
    }
  } catch (err) {
    failed = true
    console.error(`[bench] ${file} failed: ${err instanceof Error ? err.message : String(err)}`)
  }
}
// The figures are only worth quoting with the commit they measured (and whether the tree had changes on top of it).
const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim()
const commit = git('rev-parse', 'HEAD')
const dirty =
  git('status', '--porcelain', '--untracked-files=no', '--', 'electron', 'renderer', 'shared') !== ''
writeFileSync(
  join(REPO_ROOT, 'test/bench/results.json'),
  JSON.stringify({ commit, dirty, measuredAt: new Date().toISOString(), results }, null, 2) + '\n',
)
let over = 0
const nameWidth = Math.max(0, ...results.map((r) => r.name.length))
for (const r of results) {
  const overBudget = r.budget !== null && r.value > r.budget
  if (overBudget) over++
  const flag = overBudget ? '  OVER BUDGET' : ''
  console.log(
    `${r.name.padEnd(nameWidth)} ${String(r.value).padStart(10)} ${r.unit.padEnd(6)} budget ${r.budget ?? '-'}  baseline ${r.baseline ?? '-'}${flag}`,
  )
}
console.log(`[bench] commit ${commit.slice(0, 12)}${dirty ? ' (with uncommitted changes)' : ''}`)
if (over) console.error(`[bench] ${over} figure(s) over budget`)
// A benchmark that could not run, or a figure over its budget, fails the run.
process.exit(failed || over ? 1 : 0)
