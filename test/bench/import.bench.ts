// Importing a 24 MP scan end to end (ReviewService.importScans: format and decode checks, preview, thumbnail,
// screen copy, audit log, case written) into the encrypted store (issue 13: every file sealed, large ones in a
// worker) against the same import into a plaintext store, measured in the same run. The budget quoted for issue 13
// is on the ratio (≤ 1.10×): the encryption must not make importing noticeably slower. Runs alternate between the
// two stores (swapping which goes first) after a warm-up of each, so machine noise hits both alike. Each figure is
// the median of 7 runs with their min and max; the ratio's runs are the per-run ratios (each encrypted import over
// the plaintext one run next to it). Every temp folder (the harnesses' own included) is removed at the end.
// Run: npx tsx test/bench/import.bench.ts
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isSealed } from '../../electron/services/store/vault/sealed-file'
import { serviceHarness } from '../support/service-harness'
import { makeScanLikeJpeg } from './prepare-upload.bench'
import { figure, median, ratios, type BenchResult } from './types'

const RUNS = 7

export async function runImportBench(): Promise<BenchResult[]> {
  const root = await mkdtemp(join(tmpdir(), 'recto-import-bench-'))
  const plain = await serviceHarness({}, { userDataDir: join(root, 'plain') })
  const sealed = await serviceHarness({}, { userDataDir: join(root, 'encrypted'), encrypted: true })
  try {
    const jpeg = new Uint8Array(await makeScanLikeJpeg(6000, 4000))
    let n = 0
    let lastId = ''
    const importOnce = async (h: typeof plain): Promise<number> => {
      // Each import its own name and copy of the bytes, as files picked one after another would be.
      const file = { name: `scan-24mp-${n++}.jpg`, bytes: jpeg.slice() }
      const t0 = performance.now()
      const result = await h.service.importScans([file])
      const ms = performance.now() - t0
      // A refused import would be fast and measure nothing.
      if (!result.case) throw new Error(`import refused: ${result.errors.map((e) => e.message).join('; ')}`)
      lastId = result.case.id
      return ms
    }
    // Warm-up (sharp's threads, the worker that seals large files), and a check that each store is what its
    // figure says: a ratio near 1 would also come from two plaintext stores.
    const stored = async (h: typeof plain) => readFile(join(h.userDataDir, 'cases', lastId, 'front.jpg'))
    await importOnce(plain)
    if (isSealed(await stored(plain))) throw new Error('the plaintext store sealed the image')
    await importOnce(sealed)
    if (!isSealed(await stored(sealed))) throw new Error('the encrypted store did not seal the image')
    const times = { plain: [] as number[], sealed: [] as number[] }
    for (let i = 0; i < RUNS; i++) {
      if (i % 2) {
        times.sealed.push(await importOnce(sealed))
        times.plain.push(await importOnce(plain))
      } else {
        times.plain.push(await importOnce(plain))
        times.sealed.push(await importOnce(sealed))
      }
    }
    return [
      figure('import-24mp-scan', times.plain, 'ms'),
      figure('import-24mp-scan-encrypted', times.sealed, 'ms', null, median(times.plain)),
      figure('import-24mp-scan-encrypted-ratio', ratios(times.sealed, times.plain), 'ratio', 1.1, 1),
    ]
  } finally {
    // The harnesses keep their export folders in temp folders of their own (removed by cleanup).
    await Promise.allSettled([plain.cleanup(), sealed.cleanup()])
    await rm(root, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runImportBench(), null, 2))
}
