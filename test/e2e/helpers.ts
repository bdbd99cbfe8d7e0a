// Helpers that drive Recto through its automation contract (test/e2e/README.md).
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Page } from '@playwright/test'
import { fixturePath } from '../support/paths'
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
