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

export async function chooseDocument(page: Page, country: string, idType: string): Promise<void> {
  await page.getByLabel('Issuing country').selectOption(country)
  await page.getByLabel('ID type').selectOption(idType)
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
