// Helpers that drive Recto through its automation contract (test/e2e/README.md).
import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Page } from '@playwright/test'
import { fixturePath } from '../support/paths'
import { loadTruth, truthFields } from '../support/truth'
import { expect } from './fixtures'

export type StageQuad = { key: string; side: 'front' | 'back'; points: { x: number; y: number }[] }

export async function importScans(page: Page, ...files: string[]): Promise<void> {
  await page.getByLabel('Import scans').setInputFiles(files.map(fixturePath))
}

/**
 * Sets the country and type of the selected case (or of the checked cases, when any is checked) with the
 * toolbar's selects, and waits until the main process has saved them.
 */
export async function chooseDocument(page: Page, country: string, idType: string): Promise<void> {
  await page.getByLabel('Issuing country', { exact: true }).selectOption(country)
  await page.getByLabel('ID type', { exact: true }).selectOption(idType)
  await expect
    .poll(() =>
      page.evaluate(
        ([c, t]) =>
          window.api.listCases().then((cases) => cases.some((x) => x.issuingCountry === c && x.idType === t)),
        [country, idType] as const,
      ),
    )
    .toBe(true)
}

/** Presses Recognize all and confirms its dialog (Enter), after checking it lists `groups` when given. */
export async function recognizeAllConfirmed(page: Page, groups?: RegExp[]): Promise<void> {
  await page.getByRole('button', { name: 'Recognize all', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Recognize all' })
  await expect(dialog).toBeVisible()
  for (const g of groups ?? [])
    await expect(dialog.getByRole('list', { name: 'Will be sent' })).toContainText(g)
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
}

/** The quads the stage actually drew, in image pixels (read back from the Konva nodes). */
export async function stageQuads(page: Page): Promise<StageQuad[]> {
  return page.evaluate(() => {
    const hook = (window as unknown as { __rectoStage?: { getQuads(): StageQuad[] } }).__rectoStage
    return hook ? hook.getQuads() : []
  })
}

export function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y)
}

/** Waits for exactly one CSV file in the export folder and parses it (BOM stripped). */
export async function readExportedCsv(exportDir: string): Promise<{ raw: string; rows: string[][] }> {
  let files: string[] = []
  await expect
    .poll(async () => {
      files = (await readdir(exportDir).catch(() => [])).filter((f) => f.endsWith('.csv'))
      return files.length
    })
    .toBe(1)
  const raw = await readFile(join(exportDir, files[0]!), 'utf8')
  return { raw, rows: parse(raw.replace(/^\uFEFF/, '')) as string[][] }
}

type Pt = { x: number; y: number }
type StoredField = {
  key: string
  side: 'front' | 'back'
  value: string
  ocrValue: string
  verified: boolean
  quad: Pt[] | null
  quadSource: string
}

/** Imports the files, chooses country and type, recognises, and waits for the boxes. */
export async function importAndRecognise(
  page: Page,
  files: string[],
  country: string,
  idType: string,
): Promise<void> {
  await importScans(page, ...files)
  await expect(page.getByRole('status')).toContainText(`Imported ${files[0]}`)
  await chooseDocument(page, country, idType)
  await page.getByRole('button', { name: 'Recognize', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('fields recognised')
  await expect.poll(async () => (await stageQuads(page)).length).toBeGreaterThan(0)
}

/** The stored fields of the case whose name is `name` (what the main process saved, not what is shown). */
export async function storedFields(page: Page, name: string): Promise<StoredField[]> {
  return page.evaluate(async (n) => {
    const c = (await window.api.listCases()).find((x) => x.name === n)
    if (!c) throw new Error(`no case ${n}`)
    return (await window.api.getCase(c.id)).fields as StoredField[]
  }, name)
}

export async function storedField(page: Page, name: string, key: string): Promise<StoredField | undefined> {
  return (await storedFields(page, name)).find((f) => f.key === key)
}

/** Page coordinates of an image pixel under the current view (window.__rectoStage.imageToScreen). */
export async function imageToScreen(page: Page, p: Pt): Promise<Pt> {
  return page.evaluate((q) => {
    const hook = (window as unknown as { __rectoStage?: { imageToScreen(p: Pt): Pt } }).__rectoStage
    if (!hook) throw new Error('no stage hook')
    return hook.imageToScreen(q)
  }, p)
}

/** Drags with the mouse from one image pixel to another, in small steps (Konva needs moves to start a drag). */
export async function dragImage(page: Page, from: Pt, to: Pt): Promise<void> {
  const a = await imageToScreen(page, from)
  const b = await imageToScreen(page, to)
  await page.mouse.move(a.x, a.y)
  await page.mouse.down()
  await page.mouse.move(a.x + (b.x - a.x) / 4, a.y + (b.y - a.y) / 4, { steps: 3 })
  await page.mouse.move(b.x, b.y, { steps: 6 })
  await page.mouse.up()
}

/** Selects a case by clicking its button in the list named "Cases". */
export async function openCase(page: Page, name: string): Promise<void> {
  const item = page.getByRole('list', { name: 'Cases' }).getByRole('listitem').filter({ hasText: name })
  await item.getByRole('button').first().click()
  await expect(item).toHaveAttribute('aria-current', 'true')
  await expect.poll(async () => (await stageQuads(page)).length).toBeGreaterThan(0)
}

/** Moves keyboard focus off any input (to the page body), so plain-key shortcuts apply. */
export async function focusBody(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur()
  })
}

type StageExtras = {
  getRotation(): number
  getImageInfo(): { source: string; width: number; height: number } | null
}

/** The view's rotation in degrees (window.__rectoStage.getRotation). */
export async function stageRotation(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __rectoStage: StageExtras }).__rectoStage.getRotation())
}

/** Which bitmap is painted under the quads (window.__rectoStage.getImageInfo). */
export async function stageImageInfo(page: Page): Promise<ReturnType<StageExtras['getImageInfo']>> {
  return page.evaluate(() => (window as unknown as { __rectoStage: StageExtras }).__rectoStage.getImageInfo())
}

/** Sets the reviewer name (and, when given, the four-eyes setting) in Settings and closes the dialog. */
export async function setReviewer(page: Page, name: string, fourEyes?: boolean): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  const settings = page.getByRole('dialog', { name: 'Settings' })
  await settings.getByLabel('Reviewer name').fill(name)
  if (fourEyes !== undefined) await settings.getByLabel(/^Four-eyes/).setChecked(fourEyes)
  await settings.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status')).toContainText(/Settings (saved|unchanged)/)
  await settings.getByRole('button', { name: 'Close' }).click()
  await expect(settings).toBeHidden()
}

/** The element of one document check in the region named "Checks" (`data-check="<id>"`). */
export function checkItem(page: Page, id: string) {
  return page.getByRole('region', { name: 'Checks' }).locator(`[data-check="${id}"]`)
}

/** The stored case whose name is `name` (decision, checks and history as the main process saved them). */
export async function storedCase(page: Page, name: string) {
  return page.evaluate(async (n) => {
    const c = (await window.api.listCases()).find((x) => x.name === n)
    if (!c) throw new Error(`no case ${n}`)
    return window.api.getCase(c.id)
  }, name)
}

/**
 * Everything the renderer holds that a leaked secret could sit in, as one string: the DOM, the values of every
 * input (page.content() leaves typed values out), web storage, and what window.api answers for settings and cases.
 */
export async function rendererState(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const values = [...document.querySelectorAll('input, textarea, select')].map(
      (e) => (e as HTMLInputElement).value,
    )
    const storage = (s: Storage) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`)
    const cases = await window.api.listCases()
    const full = await Promise.all(cases.map((c) => window.api.getCase(c.id)))
    return JSON.stringify({
      html: document.documentElement.outerHTML,
      values,
      local: storage(localStorage),
      session: storage(sessionStorage),
      settings: await window.api.getSettings(),
      cases,
      full,
    })
  })
}

/** Every file under a folder, recursively (paths), e.g. to search a profile for what must not be written. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

/** importAndRecognise for files given by path (e.g. made by the test from a fixture), not by fixture name. */
export async function importPathsAndRecognise(
  page: Page,
  paths: string[],
  country: string,
  idType: string,
): Promise<void> {
  await page.getByLabel('Import scans').setInputFiles(paths)
  // Uncompressed scans (a 9 MB BMP) cross the test host's JSON bridge as base64: allow for a loaded machine.
  await expect(page.getByRole('status')).toContainText(`Imported ${basename(paths[0]!)}`, { timeout: 30_000 })
  await chooseDocument(page, country, idType)
  await page.getByRole('button', { name: 'Recognize', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('fields recognised')
  await expect.poll(async () => (await stageQuads(page)).length).toBeGreaterThan(0)
}

/**
 * Checks that the active stage drew one box per truth field of `side` (or of `keys`), each corner within
 * `tolerance` image pixels of the truth's `origQuad` (the fixture's own pixels: the stored image must be the
 * fixture's size and upright for this to hold).
 */
export async function expectBoxesAtTruth(
  page: Page,
  truthId: string,
  side: 'front' | 'back',
  opts: { tolerance?: number; keys?: string[] } = {},
): Promise<void> {
  const tolerance = opts.tolerance ?? 3
  const truth = truthFields(loadTruth(truthId)).filter(
    (f) => f.side === side && (!opts.keys || opts.keys.includes(f.responseKey)),
  )
  expect(truth.length, `${truthId} ${side}: truth fields to compare`).toBeGreaterThan(0)
  await expect
    .poll(async () => {
      const drawn = await stageQuads(page)
      return truth.filter((f) => drawn.some((q) => q.key === f.responseKey && q.side === side)).length
    })
    .toBe(truth.length)
  const drawn = await stageQuads(page)
  for (const f of truth) {
    const q = drawn.find((d) => d.key === f.responseKey && d.side === side)!
    q.points.forEach((p, i) =>
      expect(
        distance(p, f.origQuad[i]!),
        `${truthId} ${f.responseKey} corner ${i} at (${p.x}, ${p.y})`,
      ).toBeLessThan(tolerance),
    )
  }
}

/** The zoom of the active stage: screen pixels per image pixel (window.__rectoStage.getScale). */
export async function stageScale(page: Page): Promise<number> {
  return page.evaluate(() => window.__rectoStage!.getScale())
}

/** Imports each scan as its own case, waiting for each import's notice. */
export async function importEach(page: Page, scans: string[]): Promise<void> {
  for (const scan of scans) {
    await importScans(page, scan)
    await expect(page.getByRole('status')).toContainText(`Imported ${scan}`)
  }
}

/** Settings → Recognition → Parallel requests, saved. */
export async function setParallelRequests(page: Page, n: number): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Settings' })
  await dialog.getByLabel('Parallel requests').fill(String(n))
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await dialog.getByRole('button', { name: 'Close' }).click()
}

/**
 * The empty queue's **Try sample documents**, pressed from the keyboard (focus, Enter), and its notice awaited:
 * the samples are imported by the main process through the normal import path.
 */
export async function trySampleDocuments(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Try sample documents' })
  await button.focus()
  await expect(button).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('status')).toContainText(/Imported \d+ sample documents?/, { timeout: 30_000 })
}

/**
 * The keyboard loop until nothing needs attention: N opens the next doubtful field, Enter verifies it as read;
 * done when the decision bar's Approve has the focus. Returns the keys verified this way, in order.
 */
export async function verifyDoubtfulFields(page: Page): Promise<string[]> {
  const approve = page
    .getByRole('region', { name: 'Decision' })
    .getByRole('button', { name: 'Approve', exact: true })
  const focusedField = () =>
    page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.field ?? null)
  const verified: string[] = []
  // Bounded: a field that will not stay verified must fail the test, not loop it.
  for (let i = 0; i < 60; i++) {
    if (await approve.evaluate((el) => el === document.activeElement)) return verified
    await focusBody(page)
    await page.keyboard.press('n')
    let key: string | null = null
    await expect
      .poll(async () => {
        key = await focusedField()
        const none = (await page.getByRole('status').textContent())?.includes('No field needs attention')
        return key !== null || none === true
      })
      .toBe(true)
    if (key === null) return verified
    verified.push(key)
    await page.keyboard.press('Enter')
    await expect.poll(focusedField).toBeNull()
  }
  throw new Error(`still fields needing attention after verifying ${verified.length}`)
}

/**
 * Corrects d02's planted OCR error (number CA0O000AA → CA00000AA) by keyboard: N opens the doubtful field, type,
 * Enter saves and verifies it; resolves once the main process stored it.
 */
export async function correctD02Number(page: Page, name = 'd02-ita-id-front.jpg'): Promise<void> {
  await focusBody(page)
  await page.keyboard.press('n')
  const number = page.locator('[data-field="number"]')
  await expect(number).toBeFocused()
  await page.keyboard.press('Control+a')
  await page.keyboard.type('CA00000AA')
  await page.keyboard.press('Enter')
  await expect
    .poll(async () => storedField(page, name, 'number'))
    .toMatchObject({ value: 'CA00000AA', verified: true })
}
