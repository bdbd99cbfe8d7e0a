// 500 documents through the real ReviewService against the ARGOS emulator at 1 s latency, 8 in parallel.
// The ideal is 500 / 8 × 1 s; the budget is 1.15× that. The emulator runs in its own process so the peak RSS
// measured here is the service's alone (import of 500 cases included). The batch runs once (about a minute, and
// its peak RSS is only meaningful for the first run in the process): every figure says runs 1, min = max = value.
// Run: npx tsx test/bench/batch.bench.ts
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { REPO_ROOT } from '../support/paths'
import { serviceHarness } from '../support/service-harness'
import { figure, type BenchResult } from './types'

const DOCUMENTS = Number(process.env.BATCH_BENCH_DOCUMENTS ?? 500)
const LATENCY_MS = 1000
const CONCURRENCY = 8

async function startEmulatorProcess(): Promise<{ url: string; key: string; stop(): void }> {
  const child = spawn(
    join(REPO_ROOT, 'node_modules/.bin/tsx'),
    [join(REPO_ROOT, 'test/support/emulator-cli.ts'), '--port', '0', '--latency', String(LATENCY_MS)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const lines = createInterface({ input: child.stdout! })
  let url = ''
  let key = ''
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`emulator exited (${code})`)))
    lines.on('line', (raw) => {
      const line = raw.trim()
      if (line.startsWith('ARGOS_API_URL=')) url = line.slice('ARGOS_API_URL='.length).trim()
      if (line.startsWith('ARGOS_API_KEY=')) key = line.slice('ARGOS_API_KEY='.length).trim()
      if (url && key) resolve()
    })
  })
  return { url, key, stop: () => child.kill('SIGTERM') }
}

export async function runBatchBench(): Promise<BenchResult[]> {
  const emulator = await startEmulatorProcess()
  const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.key })
  try {
    await h.service.updateSettings({ recognition: { concurrency: CONCURRENCY, maxRetries: 0 } })
    const scans = [
      'd01-utopia-passport-front.jpg',
      'd02-ita-id-front.jpg',
      'd05-mex-passport-turned-front.jpg',
    ]
    const files = await Promise.all(scans.map((f) => h.file(f)))
    for (let i = 0; i < DOCUMENTS; i++) {
      const r = await h.service.importScans([files[i % files.length]!])
      if (!r.case) throw new Error(`import failed: ${r.errors.map((e) => e.message).join('; ')}`)
    }
    const started = performance.now()
    const outcomes = await h.service.recognizeAll({ issuingCountry: 'NZL', idType: 'passport' })
    const wallMs = performance.now() - started
    const failed = outcomes.filter((o) => !o.ok)
    if (outcomes.length !== DOCUMENTS || failed.length) {
      throw new Error(`${failed.length} of ${outcomes.length} failed: ${failed[0]?.message ?? ''}`)
    }
    const ideal = (DOCUMENTS / CONCURRENCY) * LATENCY_MS
    const peakRssMb = process.resourceUsage().maxRSS / 1024
    // One run: each figure is that run's single measurement.
    return [
      figure(`batch-${DOCUMENTS}-docs-wall`, [Math.round(wallMs)], 'ms', Math.round(ideal * 1.15), ideal),
      figure(`batch-${DOCUMENTS}-docs-wall-ratio`, [+(wallMs / ideal).toFixed(3)], 'ratio', 1.15, 1),
      figure(`batch-${DOCUMENTS}-docs-peak-rss`, [Math.round(peakRssMb)], 'MB', 600),
    ]
  } finally {
    emulator.stop()
    await h.cleanup()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await runBatchBench(), null, 2))
}
