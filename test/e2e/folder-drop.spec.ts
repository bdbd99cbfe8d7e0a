// A real folder drop: the browser's own drag and drop, driven over the DevTools protocol
// (Input.dispatchDragEvent with file paths), not a DataTransfer built in the page. The browser hands the renderer a
// directory entry it walks itself (webkitGetAsEntry), so this proves that a folder dropped on the window (with a
// subfolder and a file that is not an image) reaches the Import dialog, is paired and counted, and that the bytes
// imported are the files' own.
import { createHash, randomUUID } from 'node:crypto'
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { fixturePath } from '../support/paths'
import { expect, test } from './fixtures'
import { storedCase } from './helpers'

// Each test imports several documents through the dialog: on a shared, loaded machine that can take most of a
// minute, so these tests get the long timeout.
test.slow()

const root = join(tmpdir(), `recto-e2e-drop-${randomUUID()}`)
const folder = join(root, 'inbox')
/** Where each scan of the dropped folder lies (relative path → fixture). */
const SCANS: Record<string, string> = {
  'd01-utopia-passport-front.jpg': 'd01-utopia-passport-front.jpg',
  'd02-ita-id-front.jpg': 'd02-ita-id-front.jpg',
  'd02-ita-id-back.jpg': 'd02-ita-id-back.jpg',
  'more/d03-can-dl-front.png': 'd03-can-dl-front.png',
  'more/d03-can-dl-back.png': 'd03-can-dl-back.png',
}

test.beforeAll(async () => {
  await mkdir(join(folder, 'more'), { recursive: true })
  for (const [path, fixture] of Object.entries(SCANS))
    await copyFile(fixturePath(fixture), join(folder, path))
  await writeFile(join(folder, 'notes.txt'), 'not a scan')
})
test.afterAll(async () => rm(root, { recursive: true, force: true }))

/** Drags these files or folders from outside the browser and drops them in the middle of the window. */
async function dropFromOutside(page: Page, paths: string[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  const size = page.viewportSize() ?? { width: 1440, height: 900 }
  const at = { x: Math.round(size.width / 2), y: Math.round(size.height / 2) }
  const data = { items: [], files: paths, dragOperationsMask: 1 }
  try {
    for (const type of ['dragEnter', 'dragOver', 'drop'] as const)
      await cdp.send('Input.dispatchDragEvent', { type, ...at, data })
  } finally {
    await cdp.detach()
  }
}

const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex')

test('a folder dropped on the window opens the Import dialog with its scans paired and counted', async ({
  app,
}) => {
  const { page } = app
  await expect(page.getByRole('list', { name: 'Cases' })).toBeVisible()
  await dropFromOutside(page, [folder])

  const dialog = page.getByRole('dialog', { name: 'Import documents' })
  await expect(dialog).toContainText('3 documents from 5 files, 1 skipped (not an image)')
  const rows = dialog.getByRole('list', { name: 'Documents' }).getByRole('listitem')
  await expect(rows).toHaveCount(3)
  await expect(rows.filter({ hasText: 'd02-ita-id-front.jpg' })).toContainText('d02-ita-id-back.jpg')
  await expect(rows.filter({ hasText: 'd03-can-dl-front.png' })).toContainText('d03-can-dl-back.png')
  await expect(rows.filter({ hasText: 'd01-utopia-passport-front.jpg' })).toContainText('—')
  await dialog.getByRole('button', { name: 'Import 3 documents' }).click()
  // The dialog closes when the run ends; on a loaded machine three documents take a while.
  await expect(dialog).toBeHidden({ timeout: 60_000 })
  await expect(page.getByRole('status')).toHaveText('Imported 3 documents')
  await expect(page.getByRole('list', { name: 'Cases' }).getByRole('listitem')).toHaveCount(3)

  // What was imported is the files on disk, each side the file the dialog showed (the subfolder's by its path).
  const expected = [
    ['d01-utopia-passport-front.jpg', 'd01-utopia-passport-front.jpg', null],
    ['d02-ita-id-front.jpg', 'd02-ita-id-front.jpg', 'd02-ita-id-back.jpg'],
    ['more/d03-can-dl-front.png', 'more/d03-can-dl-front.png', 'more/d03-can-dl-back.png'],
  ] as const
  for (const [name, front, back] of expected) {
    const c = await storedCase(page, name)
    expect(c.contentHash).toEqual({
      front: await sha256(join(folder, front)),
      back: back ? await sha256(join(folder, back)) : null,
    })
  }
})
