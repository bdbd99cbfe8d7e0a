// The review canvas in Chromium with the built renderer and a real ReviewService (the E2E Chromium host).
//
// Open a 24 MP case with 60 fields. The clock starts at the click on the case's list row and stops at the end of
// the first frame in which BOTH the stage reports this case's image (window.__rectoStage.getImageInfo()) AND the
// field list shows all 60 of its rows (60 `textarea[data-field]` carrying this case's values): a rAF loop in the
// page checks both each frame, and the frame's end is a MessageChannel task posted from that frame's rAF callback,
// which runs after the frame's style, layout, paint and commit (test/bench/canvas-probe.ts).
// - Cold open: a case never opened in this page. The stores are built first, then both apps are started again
//   on them (a new ReviewService without any case in memory and a new page), so nothing of a measured case has
//   been loaded, fetched or decoded except its list row and thumbnail, which a reviewer sees before clicking.
//   Its screen copy exists on disk (ReviewService.importScans makes it, thumbnails.ts): a cold open reads it,
//   fetches it through the image route and decodes it. Five distinct 24 MP cases (distinct pixels), each opened
//   cold once, alternating with re-opens. The files were just written, so the OS may still cache them.
// - Re-open: the same 24 MP case again, after another case (it was opened once in the warm-up).
// - Baselines, in the same page and run: a naive <img> over the stage of the FULL 24 MP image and of the SAME
//   screen copy the app paints, both fetched through the same-origin image route (unique URLs, so never from a
//   cache), timed to img.decode() and the end of the next frame.
// - The same cold open and re-open with the encrypted store (issue 13: images and screen copies sealed and opened
//   in the main process before they are served): a second app with the same cases in its own page, the two
//   measured alternately (which goes first swaps each run) so they share the noise.
// Vertex drag: a selected field's corner dragged with page.mouse (one move at a time, 120 moves, after an untimed
// move past Konva's drag distance). Per move, the whole frame's work on the main thread: the pointer/mouse event
// dispatch (Konva's hit test and drag, the dragmove handler, React's render and commit: react-konva commits
// synchronously in its event batch), the layers' scene AND hit-canvas redraw in the next frame, and that frame's
// rendering up to the end of the frame (canvas-probe.ts). p95 against one frame at 60 Hz (16 ms). The move's
// latency (processing start to the end of that frame, waits for the frame clock included) and each part are
// reported beside it, unbudgeted; the drawn vertex is checked to be under the pointer in every frame.
// Heap: the JS heap after switching between 50 cases (garbage collected first), against the heap after the first.
// Times on this shared machine are noisy: every open is reported with its same-run baselines and per-run ratios.
// Run: npx tsx test/bench/canvas.bench.ts (needs a built renderer: npm run build, or RECTO_E2E_RENDERER_DIR)
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from '@playwright/test'
import config from '../../playwright.config'
import type { ReviewService } from '../../electron/services/review-service'
import { isSealed } from '../../electron/services/store/vault/sealed-file'
import type { Vault } from '../../electron/services/store/vault/vault'
import { caseImagePath } from '../../shared/image-url'
import type { Field, Quad } from '../../shared/model'
import { bundleForPage, launchChromiumApp, type ChromiumApp } from '../e2e/host/chromium-host'
import { testVault } from '../support/test-vault'
import type { MoveTiming, OpenTiming } from './canvas-probe'
import { makeScanLikeJpeg } from './prepare-upload.bench'
import { figure, median, percentile, ratios, type BenchResult } from './types'

/** Cold opens (one distinct 24 MP case each) and as many re-opens and baseline runs. */
const RUNS = 5
const FIELDS = 60
const DRAG_MOVES = 120
const REOPEN = 'reopen-24mp.jpg'
const OTHER = 'scan-2mp.jpg'
const coldName = (i: number) => `cold-24mp-${i}.jpg`
const SWITCHES = 48
const switchName = (i: number) => `switch-${i}.jpg`
const CASES = RUNS + 2 + SWITCHES

/** Budgets: one frame at 60 Hz for the drag; 150 ms for a re-open (issue 13); the cold open: see the report. */
const BUDGET = { reopen: 150, cold: 250, dragFrame: 16, encryptedRatio: 1.15 }

/** A grid of `n` field boxes over the image, as a recognised document would have; values start with `tag`. */
function gridFields(n: number, width: number, height: number, tag: string): Field[] {
  const cols = 4
  const rows = Math.ceil(n / cols)
  return Array.from({ length: n }, (_, i) => {
    const x = (width / cols) * (i % cols) + width * 0.02
    const y = (height / rows) * Math.floor(i / cols) + height * 0.01
    const w = width / cols - width * 0.04
    const h = height / rows - height * 0.02
    const quad: Quad = [
      { x, y },
      { x: x + w, y },
      { x: x + w, y: y + h },
      { x, y: y + h },
    ]
    return {
      key: `field_${i}`,
      side: 'front',
      value: `${tag} ${i}`,
      ocrValue: `${tag} ${i}`,
      score: i % 5 === 0 ? 40 : 90,
      accepted: null,
      quad,
      quadSource: 'original',
      verified: false,
    }
  })
}

/** The tag that starts every field value of a case (so the probe knows the rows it sees are that case's). */
const tagOf = (name: string) => `V-${name.replace(/\.jpg$/, '')}`

async function makeCase(service: ReviewService, name: string, jpeg: Buffer, fields: number): Promise<string> {
  const imported = await service.importScans([{ name, bytes: new Uint8Array(jpeg) }])
  if (!imported.case)
    throw new Error(`import of ${name} refused: ${imported.errors.map((e) => e.message).join('; ')}`)
  const full = await service.getCase(imported.case.id)
  for (const f of gridFields(fields, full.front.width, full.front.height, tagOf(name)))
    await service.addField(imported.case.id, f.key, {
      side: f.side,
      value: f.value,
      quad: f.quad,
      verified: f.verified,
    })
  return imported.case.id
}

/** The in-page timing code (canvas-probe.ts). */
const probe = (): string => bundleForPage(join(import.meta.dirname, 'canvas-probe.ts'))

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined }

async function launch(
  browser: Browser,
  root: string,
  name: string,
  vault: Vault | null,
): Promise<ChromiumApp> {
  return launchChromiumApp(browser, {
    userDataDir: join(root, name),
    exportDir: join(root, `${name}-exports`),
    env: {},
    logger: silent,
    vault,
  })
}

/** One app under measurement: its page with the probe, and its case ids by name. */
type Measured = { app: ChromiumApp; page: Page; ids: Map<string, string> }

async function ready(app: ChromiumApp): Promise<Measured> {
  const page = app.page
  await page.locator(`ul[aria-label="Cases"] li[aria-setsize="${CASES}"]`).first().waitFor()
  await page.evaluate(probe())
  const ids = new Map((await app.service.listCases()).map((c) => [c.name, c.id]))
  return { app, page, ids }
}

/** Untimed: brings the page to the front and filters the list to the case, its thumbnail loaded. */
async function showRow(m: Measured, name: string): Promise<void> {
  await m.page.bringToFront()
  await m.page.getByRole('searchbox', { name: 'Search cases' }).fill(name)
  const thumb = m.page.locator(`ul[aria-label="Cases"] button[aria-label="${name}"] img`)
  await thumb.waitFor()
  // The thumbnail's fetch and decode must not overlap the timed open.
  await thumb.evaluate((img: HTMLImageElement) => img.decode())
}

async function open(m: Measured, name: string, rows: number): Promise<OpenTiming> {
  await showRow(m, name)
  const id = m.ids.get(name)
  if (!id) throw new Error(`no case ${name}`)
  const t = await m.page.evaluate(([n, i, r, tag]) => window.__cbProbe!.open(n, i, r, tag), [
    name,
    id,
    rows,
    tagOf(name),
  ] as const)
  // A 24 MP case must open on its screen copy: the figure is about that path, not a fallback.
  if (name.includes('24mp') && t.source !== 'screen')
    throw new Error(`${name} opened on its ${t.source} image`)
  return t
}

let unique = 0
async function naive(m: Measured, name: string, variant: 'full' | 'screen'): Promise<number> {
  const url = `${caseImagePath(m.ids.get(name)!, 'front', variant)}?run=${unique++}`
  return m.page.evaluate((u) => window.__cbProbe!.naiveImg(u), url)
}

/** A p95 figure over samples: the value is the 95th percentile (not the median), `runs` the sample count. */
function p95Figure(name: string, xs: readonly number[], budget: number | null = null): BenchResult {
  return { ...figure(name, xs, 'ms', budget), value: percentile(xs, 0.95) }
}

async function dragVertex(m: Measured): Promise<MoveTiming[]> {
  const { page } = m
  await open(m, REOPEN, FIELDS)
  const key = 'field_5'
  const vertex = 2
  await page.locator(`textarea[data-field="${key}"]`).click()
  const at = await page.evaluate(
    ([k, v]) => window.__rectoStage!.getScreenQuads().find((q) => q.key === k)!.points[v]!,
    [key, vertex] as const,
  )
  // The field input has the focus; the drag starts on the canvas, as a reviewer's would.
  await page.mouse.move(at.x, at.y)
  await page.mouse.down()
  // Untimed: Konva starts a drag only past its drag distance (3 px); from here on every move drags the vertex.
  await page.mouse.move(at.x, at.y + 6)
  await page.waitForFunction(
    ([k, v, y]) =>
      Math.abs(window.__rectoStage!.getScreenQuads().find((q) => q.key === k)!.points[v]!.y - y) < 1,
    [key, vertex, at.y + 6] as const,
  )
  await page.evaluate(([k, v]) => window.__cbProbe!.startDrag(k, v), [key, vertex] as const)
  let timings: MoveTiming[] = []
  try {
    // Around a 40 px circle from the corner, about 2 px a move, as a hand moves it: every move changes the quad.
    for (let i = 1; i <= DRAG_MOVES; i++) {
      const a = (2 * Math.PI * i) / DRAG_MOVES
      await page.mouse.move(at.x + 40 * Math.sin(a), at.y + 6 + 40 * (1 - Math.cos(a)))
      timings = await page.evaluate((n) => window.__cbProbe!.moves(n), i)
    }
  } finally {
    await page.evaluate(() => window.__cbProbe!.stopDrag())
    await page.mouse.up()
  }
  const off = timings.flatMap((t, i) => (t.offset > 2 ? [`move ${i + 1}: ${t.offset.toFixed(1)} px`] : []))
  if (off.length)
    throw new Error(
      `${off.length} of ${timings.length} drag frames did not show the vertex under the pointer (${off.join(', ')})`,
    )
  return timings
}

export async function runCanvasBench(): Promise<BenchResult[]> {
  const root = await mkdtemp(join(tmpdir(), 'recto-canvas-bench-'))
  const browser = await chromium.launch({ ...config.use?.launchOptions, headless: true })
  const apps: ChromiumApp[] = []
  const vaults: Vault[] = []
  try {
    // 1. The stores, through import: the same cases in a plaintext and an encrypted store.
    const big = await makeScanLikeJpeg(6000, 4000)
    const colds = await Promise.all(
      Array.from({ length: RUNS }, (_, i) => makeScanLikeJpeg(6000, 4000, { seed: 1000 + i })),
    )
    const small = await makeScanLikeJpeg(1732, 1155)
    vaults.push(await testVault(join(root, 'encrypted')))
    for (const [name, vault] of [
      ['plain', null],
      ['encrypted', vaults[0]!],
    ] as const) {
      const builder = await launch(browser, root, name, vault)
      const s = builder.service
      await makeCase(s, REOPEN, big, FIELDS)
      for (let i = 0; i < RUNS; i++) await makeCase(s, coldName(i), colds[i]!, FIELDS)
      await makeCase(s, OTHER, small, FIELDS)
      for (let i = 0; i < SWITCHES; i++) await makeCase(s, switchName(i), small, 10)
      await builder.close()
    }
    vaults[0]!.lock()
    // A figure for an encrypted store is only worth quoting if the store is: its copies must be sealed.
    const sealedCases = join(root, 'encrypted', 'cases')
    for (const id of (await readdir(sealedCases)).filter((f) => !f.includes('.')).slice(0, 3)) {
      for (const file of ['front.jpg', 'front-screen.jpg']) {
        if (!isSealed(await readFile(join(sealedCases, id, file))))
          throw new Error(`the encrypted store did not seal ${file}`)
      }
    }

    // 2. Both apps started again on those stores: no case loaded in the service, nothing fetched in the page.
    vaults.push(await testVault(join(root, 'encrypted')))
    const plainApp = await launch(browser, root, 'plain', null)
    apps.push(plainApp)
    const sealedApp = await launch(browser, root, 'encrypted', vaults[1]!)
    apps.push(sealedApp)
    const plain = await ready(plainApp)
    const sealed = await ready(sealedApp)

    const t = {
      cold: [] as OpenTiming[],
      reopen: [] as OpenTiming[],
      coldSealed: [] as OpenTiming[],
      reopenSealed: [] as OpenTiming[],
      naiveFull: [] as number[],
      naiveScreen: [] as number[],
    }
    // Warm-up: the app's code paths run once in each page, and the re-open case has been opened once.
    for (const m of [plain, sealed]) {
      await open(m, switchName(0), 10)
      await open(m, REOPEN, FIELDS)
      await open(m, OTHER, FIELDS)
    }
    await naive(plain, REOPEN, 'full')
    await naive(plain, REOPEN, 'screen')
    for (let i = 0; i < RUNS; i++) {
      // Cold, then re-open (each open changes the case); which store goes first swaps each run.
      const plainRun = async () => {
        t.cold.push(await open(plain, coldName(i), FIELDS))
        t.reopen.push(await open(plain, REOPEN, FIELDS))
      }
      const sealedRun = async () => {
        t.coldSealed.push(await open(sealed, coldName(i), FIELDS))
        t.reopenSealed.push(await open(sealed, REOPEN, FIELDS))
      }
      if (i % 2) {
        await sealedRun()
        await plainRun()
      } else {
        await plainRun()
        await sealedRun()
      }
      await plain.page.bringToFront()
      t.naiveFull.push(await naive(plain, REOPEN, 'full'))
      t.naiveScreen.push(await naive(plain, REOPEN, 'screen'))
    }
    await sealedApp.close()
    apps.splice(apps.indexOf(sealedApp), 1)

    // 3. Drag a vertex of a selected field on the 24 MP case.
    const moves = await dragVertex(plain)

    // 4. Heap: switch between 50 cases, collect garbage, read the heap.
    const { page } = plain
    const cdp = await page.context().newCDPSession(page)
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage')
      return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / 1024 / 1024
    }
    await open(plain, switchName(0), 10)
    const heapFirst = await heap()
    for (let i = 0; i < 50; i++) {
      if (i % 2) await open(plain, REOPEN, FIELDS)
      else await open(plain, switchName(i % SWITCHES), 10)
    }
    const heapAfter = await heap()

    const total = (xs: OpenTiming[]) => xs.map((x) => x.total)
    const naiveScreen = median(t.naiveScreen)
    const naiveFull = median(t.naiveFull)
    const cold = median(total(t.cold))
    const reopen = median(total(t.reopen))
    return [
      figure('open-24mp-60-fields-cold', total(t.cold), 'ms', BUDGET.cold, naiveFull),
      figure('open-24mp-60-fields-reopen', total(t.reopen), 'ms', BUDGET.reopen, naiveScreen),
      figure('open-24mp-cold-vs-naive-full-img', ratios(total(t.cold), t.naiveFull), 'ratio', null, 1),
      figure('open-24mp-cold-vs-naive-screen-img', ratios(total(t.cold), t.naiveScreen), 'ratio', null, 1),
      figure(
        'open-24mp-reopen-vs-naive-screen-img',
        ratios(total(t.reopen), t.naiveScreen),
        'ratio',
        null,
        1,
      ),
      figure('naive-img-24mp-full', t.naiveFull, 'ms'),
      figure('naive-img-24mp-screen-copy', t.naiveScreen, 'ms'),
      // Where an open's time goes: the first frame with the scan, and the first with the rows (frame starts).
      figure(
        'open-24mp-cold-scan-frame',
        t.cold.map((x) => x.scan),
        'ms',
      ),
      figure(
        'open-24mp-cold-rows-frame',
        t.cold.map((x) => x.rows),
        'ms',
      ),
      figure(
        'open-24mp-reopen-scan-frame',
        t.reopen.map((x) => x.scan),
        'ms',
      ),
      figure(
        'open-24mp-reopen-rows-frame',
        t.reopen.map((x) => x.rows),
        'ms',
      ),
      figure('open-24mp-60-fields-cold-encrypted', total(t.coldSealed), 'ms', BUDGET.cold, cold),
      figure('open-24mp-60-fields-reopen-encrypted', total(t.reopenSealed), 'ms', BUDGET.reopen, reopen),
      figure(
        'open-24mp-cold-encrypted-ratio',
        ratios(total(t.coldSealed), total(t.cold)),
        'ratio',
        BUDGET.encryptedRatio,
        1,
      ),
      figure(
        'open-24mp-reopen-encrypted-ratio',
        ratios(total(t.reopenSealed), total(t.reopen)),
        'ratio',
        BUDGET.encryptedRatio,
        1,
      ),
      p95Figure(
        'vertex-drag-frame-work-p95',
        moves.map((m) => m.work),
        BUDGET.dragFrame,
      ),
      p95Figure(
        'vertex-drag-latency-p95',
        moves.map((m) => m.latency),
      ),
      p95Figure(
        'vertex-drag-input-react-p95',
        moves.map((m) => m.input),
      ),
      p95Figure(
        'vertex-drag-konva-draw-p95',
        moves.map((m) => m.draw),
      ),
      p95Figure(
        'vertex-drag-hit-canvas-p95',
        moves.map((m) => m.hit),
      ),
      p95Figure(
        'vertex-drag-render-p95',
        moves.map((m) => m.render),
      ),
      figure('js-heap-after-50-switches', [heapAfter], 'MB', null, heapFirst),
    ]
  } finally {
    for (const app of apps) await app.close()
    for (const v of vaults) v.lock()
    await browser.close()
    await rm(root, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runCanvasBench()
  console.log(JSON.stringify(results, null, 2))
  const over = results.filter((r) => r.budget !== null && r.value > r.budget)
  if (over.length) {
    console.error(
      `[bench] over budget: ${over.map((r) => `${r.name} ${r.value.toFixed(2)} > ${r.budget}`).join(', ')}`,
    )
    process.exit(1)
  }
}
