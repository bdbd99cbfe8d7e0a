// Importing a folder of 100 scans of 12 MP (4000×3000 JPEGs) into the encrypted store (the app's default), through
// the service's folder import as the app drives it: the folder chosen through the scripted folder dialog
// (ReviewService.chooseImportFolder, which lists it in the main process), its files paired by the renderer's own
// pairing (shared/pairing) and imported one document after another by the renderer's own import runner
// (renderer/src/queue/importRunner.ts: one ReviewService.importPicked at a time, the files read by name from the
// pick), to completion. Reported in documents per second.
// Baseline, in the same run: sharp decoding the same 100 files to raw pixels (`sharp(file).raw().toBuffer()`),
// SEQUENTIALLY — the import runs one document at a time too, and sharp uses its own threads inside each, so both
// sides use the machine alike. The scans are made with sharp at the start: one scan-like picture (text lines on a
// noisy paper tone) with each file's number written into its first pixels, so all differ (no duplicate warnings).
// Runs: 3, each into a fresh encrypted profile (an import into a store that already holds the same scans would warn
// of duplicates), alternating which of the import and the decode goes first. The docs/s figures are medians of
// the runs; the ratio's runs are the per-run ratios of the import's time to the decode's.
// Budget (the issue gives none): the ratio ≤ 8, i.e. the import keeps at least 1/8 of the rate at which sharp
// merely decodes the files. An import does far more than one decode per file: the read and the format and decode
// checks, the content hash, a display-size preview, the thumbnail and screen copy, sealing the 12 MP original and
// its preview (in a worker) and the fsynced case and audit writes. Measured when the budget was set (issue 14, the
// shared 2-core machine under heavy load, load average about 20): import 0.60 doc/s (0.34–0.68), decode 2.54 doc/s,
// ratio 5.68 (4.25–5.99 over 3 runs). 8 is a third above the worst run, so a busy machine passes, while a change
// that doubled the import's work (a second full decode, sealing on the main thread) would reach about 11 and fail.
// Run: npx tsx test/bench/import-folder.bench.ts
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import sharp from 'sharp'
import { isSealed } from '../../electron/services/store/vault/sealed-file'
import { importFromPick, runImports, type ImportEntry } from '../../renderer/src/queue/importRunner'
import { pairScans } from '../../shared/pairing'
import { serviceHarness } from '../support/service-harness'
import { makeScanLikeJpeg } from './prepare-upload.bench'
import { figure, median, ratios, type BenchResult } from './types'

const SCANS = 100
const WIDTH = 4000
const HEIGHT = 3000
const RUNS = 3
const RATIO_BUDGET = 8

/** The folder of scans: one picture, each file with its number in the red channel of its first 16 pixels. */
async function makeFolder(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const { data, info } = await sharp(await makeScanLikeJpeg(WIDTH, HEIGHT))
    .raw()
    .toBuffer({ resolveWithObject: true })
  const files: string[] = []
  for (let i = 0; i < SCANS; i++) {
    for (let b = 0; b < 16; b++) data[b * info.channels] = (i >> b) & 1 ? 255 : 0
    const file = join(dir, `scan-${String(i).padStart(3, '0')}.jpg`)
    await writeFile(file, await sharp(data, { raw: info }).jpeg({ quality: 90 }).toBuffer())
    files.push(file)
  }
  return files
}

/** The folder imported into a fresh encrypted profile, to completion; returns the time taken. */
async function importFolder(folder: string): Promise<number> {
  const h = await serviceHarness({}, { encrypted: true, folder })
  try {
    await h.service.listCases() // started (vault open, store ready) before the clock starts
    const t0 = performance.now()
    const pick = await h.service.chooseImportFolder()
    if (!pick) throw new Error('the folder dialog answered nothing')
    const { documents } = pairScans<ImportEntry>(pick.files.map((f) => ({ ...f, file: null })))
    const { outcomes } = await runImports(documents, {
      importOne: importFromPick(h.service, pick.token),
      onProgress: () => undefined,
      shouldStop: () => false,
    })
    const ms = performance.now() - t0
    // A refused or partial import would be fast and measure nothing.
    const done = outcomes.filter((o) => o.caseId && !o.duplicates.length)
    if (done.length !== SCANS) {
      const failure = outcomes.find((o) => o.failure)?.failure ?? 'duplicates warned'
      throw new Error(`${done.length} of ${SCANS} scans imported cleanly (${failure})`)
    }
    const stored = await readFile(join(h.userDataDir, 'cases', done[0]!.caseId!, 'front.jpg'))
    if (!isSealed(stored)) throw new Error('the encrypted store did not seal the image')
    return ms
  } finally {
    await h.cleanup()
  }
}

/** sharp decoding every file to raw pixels, one after another. */
async function decodeAll(files: string[]): Promise<number> {
  const t0 = performance.now()
  let pixels = 0
  for (const file of files)
    pixels += (await sharp(file).raw().toBuffer({ resolveWithObject: true })).info.width
  if (pixels !== files.length * WIDTH) throw new Error('a scan did not decode to its size')
  return performance.now() - t0
}

export async function runImportFolderBench(): Promise<BenchResult[]> {
  const root = await mkdtemp(join(tmpdir(), 'recto-import-folder-bench-'))
  try {
    const folder = join(root, 'scans')
    const files = await makeFolder(folder)
    await decodeAll(files.slice(0, 3)) // warm-up: sharp's threads and the files in the page cache
    const importMs: number[] = []
    const decodeMs: number[] = []
    for (let run = 0; run < RUNS; run++) {
      if (run % 2) {
        decodeMs.push(await decodeAll(files))
        importMs.push(await importFolder(folder))
      } else {
        importMs.push(await importFolder(folder))
        decodeMs.push(await decodeAll(files))
      }
    }
    const rate = (ms: number[]) => ms.map((t) => SCANS / (t / 1000))
    const tag = `${SCANS}-scans-12mp`
    return [
      figure(`import-folder-${tag}-docs-per-s`, rate(importMs), 'doc/s', null, median(rate(decodeMs))),
      figure(`import-folder-${tag}-decode-docs-per-s`, rate(decodeMs), 'doc/s'),
      // Time over time: ≤ 8 means at least 1/8 of the decode rate (see the header).
      figure(`import-folder-${tag}-time-ratio`, ratios(importMs, decodeMs), 'ratio', RATIO_BUDGET, 1),
    ]
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runImportFolderBench(), null, 2))
}
