// Importing many scans at once: a folder (Import folder…), many files (Import files… or a drop), paired front and
// back by name in the Import dialog, corrected by hand there; and the duplicate warning.
import { randomUUID } from 'node:crypto'
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { fixturePath } from '../support/paths'
import { expect, test } from './fixtures'
import { importScans } from './helpers'

/** A folder under the system temp folder holding copies of fixtures (`target: fixture`) or text files. */
async function makeFolder(dir: string, files: Record<string, string>): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  for (const [name, source] of Object.entries(files)) {
    if (/\.(jpg|png)$/.test(source)) await copyFile(fixturePath(source), join(dir, name))
    else await writeFile(join(dir, name), source)
  }
}

const cases = (page: Page) => page.getByRole('list', { name: 'Cases' }).getByRole('listitem')
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Import documents' })
const rows = (page: Page) => dialog(page).getByRole('list', { name: 'Documents' }).getByRole('listitem')
const row = (page: Page, front: string) => rows(page).filter({ hasText: front })

/** Opens a case from the list and says whether it shows a back (the Front/Back tabs show only then). */
async function hasBack(page: Page, name: string): Promise<boolean> {
  const item = cases(page).filter({ hasText: name })
  await item.getByRole('button').first().click()
  await expect(item).toHaveAttribute('aria-current', 'true')
  // The pane shows the case's name once it is loaded, in the same render as its tabs.
  const pane = page.getByRole('region', { name: 'Document' })
  await expect(pane.getByText(name, { exact: true })).toBeVisible()
  return pane.getByRole('tab', { name: /^Back/ }).isVisible()
}

/** Records every value the import progress bar shows (it may come and go faster than a poll). */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { __importProgress: string[] }).__importProgress = seen
    const look = () => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Import progress"]')
      const text = bar?.getAttribute('aria-valuetext')
      if (text && seen.at(-1) !== text) seen.push(text)
    }
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true })
  })
}
const progressSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { __importProgress: string[] }).__importProgress)

test.describe('Import folder…', () => {
  const folder = join(tmpdir(), `recto-e2e-import-${randomUUID()}`, 'scans')
  test.use({ importFolder: folder })
  test.beforeAll(async () => {
    await makeFolder(folder, {
      'd01-utopia-passport-front.jpg': 'd01-utopia-passport-front.jpg',
      'd02-ita-id-front.jpg': 'd02-ita-id-front.jpg',
      'd02-ita-id-back.jpg': 'd02-ita-id-back.jpg',
      'd03-can-dl-back.png': 'd03-can-dl-back.png',
      'd03-can-dl-front.png': 'd03-can-dl-front.png',
      'notes.txt': 'not a scan',
    })
  })
  test.afterAll(async () => {
    await rm(join(folder, '..'), { recursive: true, force: true })
  })

  test('imports a folder paired front/back, skipping what is not an image', async ({ app }, testInfo) => {
    const { page } = app
    await page.getByRole('button', { name: 'Import folder…' }).click()
    await expect(dialog(page)).toBeVisible()
    await expect(dialog(page)).toContainText('Import 3 documents from scans')
    await expect(dialog(page)).toContainText('3 documents from 5 files, 1 skipped (not an image)')
    await expect(rows(page)).toHaveCount(3)
    await expect(row(page, 'd02-ita-id-front.jpg')).toContainText('d02-ita-id-back.jpg')
    await expect(row(page, 'd03-can-dl-front.png')).toContainText('d03-can-dl-back.png')
    await expect(row(page, 'd01-utopia-passport-front.jpg')).toContainText('—')
    // Enter imports: the Import button has the focus.
    const importButton = dialog(page).getByRole('button', { name: 'Import 3 documents' })
    await expect(importButton).toBeFocused()
    await expect(rows(page).filter({ hasText: 'notes.txt' })).toHaveCount(0)
    const skipped = dialog(page).getByText('notes.txt — not an image file')
    await expect(skipped).toBeHidden()
    await dialog(page).getByText('Skipped files').click()
    await expect(skipped).toBeVisible()
    await dialog(page).screenshot({ path: testInfo.outputPath('import-dialog.png') })
    await page.screenshot({ path: testInfo.outputPath('import-dialog-page.png') })

    await watchProgress(page)
    await importButton.press('Enter')
    await expect(page.getByRole('status')).toHaveText('Imported 3 documents')
    await expect(dialog(page)).toBeHidden()
    expect(await progressSeen(page)).toContain('0 of 3')
    await expect(cases(page)).toHaveCount(3)
    for (const name of ['d01-utopia-passport-front.jpg', 'd02-ita-id-front.jpg', 'd03-can-dl-front.png'])
      await expect(cases(page).filter({ hasText: name })).toHaveCount(1)
    await expect(page.getByRole('alert')).toBeEmpty()

    expect(await hasBack(page, 'd02-ita-id-front.jpg')).toBe(true)
    expect(await hasBack(page, 'd01-utopia-passport-front.jpg')).toBe(false)

    // The same folder again: every document is a duplicate, imported anyway and named in the alert.
    await page.getByRole('button', { name: 'Import folder…' }).click()
    await dialog(page).getByRole('button', { name: 'Import 3 documents' }).click()
    const alert = page.getByRole('alert')
    await expect(alert).toContainText('Imported 3 documents')
    await expect(alert).toContainText(
      'd02-ita-id-front.jpg looks like a duplicate of case d02-ita-id-front.jpg (same file content)',
    )
    await expect(alert).toContainText('d01-utopia-passport-front.jpg looks like a duplicate of case')
    await expect(cases(page)).toHaveCount(6)
  })
})

test.describe('re-pairing in the Import dialog', () => {
  const folder = join(tmpdir(), `recto-e2e-import-${randomUUID()}`, 'batch 7')
  test.use({ importFolder: folder })
  test.beforeAll(async () => {
    await makeFolder(folder, {
      'anna.jpg': 'd02-ita-id-front.jpg',
      'anna reverse.jpg': 'd02-ita-id-back.jpg',
      'd03-can-dl-front.png': 'd03-can-dl-front.png',
      'd03-can-dl-back.png': 'd03-can-dl-back.png',
    })
  })
  test.afterAll(async () => {
    await rm(join(folder, '..'), { recursive: true, force: true })
  })

  test('Unpair and Pair with… change the documents before import; Esc cancels', async ({ app }, testInfo) => {
    const { page } = app
    await page.getByRole('button', { name: 'Import folder…' }).click()
    await expect(dialog(page)).toContainText('3 documents from 4 files')
    // Esc closes the dialog without importing anything.
    await page.keyboard.press('Escape')
    await expect(dialog(page)).toBeHidden()
    await expect(cases(page)).toHaveCount(0)

    await page.getByRole('button', { name: 'Import folder…' }).click()
    await expect(rows(page)).toHaveCount(3)
    await row(page, 'd03-can-dl-front.png').getByRole('button', { name: 'Unpair' }).click()
    await expect(rows(page)).toHaveCount(4)
    await expect(dialog(page)).toContainText('4 documents from 4 files')

    // Pair anna.jpg with its back, by keyboard: the chooser opens focused.
    const anna = row(page, 'anna.jpg')
    await anna.getByRole('button', { name: 'Pair anna.jpg with…' }).focus()
    await page.keyboard.press('Enter')
    const choose = dialog(page).getByRole('combobox', { name: 'Pair anna.jpg with', exact: true })
    await expect(choose).toBeFocused()
    await choose.selectOption({ label: 'anna reverse.jpg' })
    await dialog(page).screenshot({ path: testInfo.outputPath('import-dialog-pair-with.png') })
    await dialog(page).getByRole('button', { name: 'Pair anna.jpg with the chosen back' }).press('Enter')
    await expect(rows(page)).toHaveCount(3)
    await expect(row(page, 'anna.jpg')).toContainText('anna reverse.jpg')
    await expect(dialog(page)).toContainText('3 documents from 4 files')
    await dialog(page).screenshot({ path: testInfo.outputPath('import-dialog-repaired.png') })

    await dialog(page).getByRole('button', { name: 'Import 3 documents' }).click()
    await expect(page.getByRole('status')).toHaveText('Imported 3 documents')
    await expect(cases(page)).toHaveCount(3)
    expect(await hasBack(page, 'anna.jpg')).toBe(true)
    expect(await hasBack(page, 'd03-can-dl-front.png')).toBe(false)
    await expect(cases(page).filter({ hasText: 'd03-can-dl-back.png' })).toHaveCount(1)
  })
})

test('importing the same file again warns of a duplicate, and still imports it', async ({ app }) => {
  const { page } = app
  await importScans(page, 'd01-utopia-passport-front.jpg')
  await expect(page.getByRole('status')).toHaveText('Imported d01-utopia-passport-front.jpg')
  await expect(page.getByRole('alert')).toBeEmpty()
  await importScans(page, 'd01-utopia-passport-front.jpg')
  await expect(page.getByRole('alert')).toHaveText(
    'd01-utopia-passport-front.jpg looks like a duplicate of case d01-utopia-passport-front.jpg (same file content)',
  )
  await expect(cases(page)).toHaveCount(2)

  // Many files through Import files…: the dialog, and the warning per duplicate at the end.
  await importScans(
    page,
    'd04-jpn-residence-back.jpg',
    'd01-utopia-passport-front.jpg',
    'd04-jpn-residence-front.jpg',
  )
  await expect(dialog(page)).toContainText('2 documents from 3 files')
  await expect(row(page, 'd04-jpn-residence-front.jpg')).toContainText('d04-jpn-residence-back.jpg')
  await dialog(page).getByRole('button', { name: 'Import 2 documents' }).click()
  // One message at a time: the summary heads the warning.
  await expect(page.getByRole('alert')).toContainText('Imported 2 documents')
  const lines = (await page.getByRole('alert').innerText()).split('\n')
  expect(lines).toEqual([
    'Imported 2 documents',
    'd01-utopia-passport-front.jpg looks like a duplicate of case d01-utopia-passport-front.jpg (same file content)',
    'd01-utopia-passport-front.jpg looks like a duplicate of case d01-utopia-passport-front.jpg (same file content)',
  ])
  await expect(cases(page)).toHaveCount(4)
})

test('two files whose names pair the other way round: the front comes first', async ({ app }) => {
  const { page } = app
  await importScans(page, 'd02-ita-id-back.jpg', 'd02-ita-id-front.jpg')
  await expect(page.getByRole('status')).toHaveText('Imported d02-ita-id-front.jpg and d02-ita-id-back.jpg')
  await expect(cases(page)).toHaveCount(1)
  await expect(cases(page).first()).toContainText('d02-ita-id-front.jpg')
  expect(await hasBack(page, 'd02-ita-id-front.jpg')).toBe(true)
})

test('dropping more than two files opens the Import dialog', async ({ app }) => {
  const { page } = app
  const names = [
    'd05-mex-passport-turned-front.jpg',
    'd04-jpn-residence-front.jpg',
    'd04-jpn-residence-back.jpg',
  ]
  const files = await Promise.all(
    names.map(async (name) => ({ name, base64: (await readFile(fixturePath(name))).toString('base64') })),
  )
  await page.evaluate((list) => {
    const dt = new DataTransfer()
    for (const { name, base64 } of list) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      dt.items.add(new File([bytes], name, { type: 'image/jpeg' }))
    }
    dt.items.add(new File(['hello'], 'readme.txt', { type: 'text/plain' }))
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
  }, files)
  await expect(dialog(page)).toContainText('2 documents from 3 files, 1 skipped (not an image)')
  await expect(row(page, 'd04-jpn-residence-front.jpg')).toContainText('d04-jpn-residence-back.jpg')
  await dialog(page).getByRole('button', { name: 'Import 2 documents' }).click()
  await expect(page.getByRole('status')).toHaveText('Imported 2 documents')
  await expect(cases(page)).toHaveCount(2)
})

test.describe('a long import', () => {
  const folder = join(tmpdir(), `recto-e2e-import-${randomUUID()}`, 'inbox')
  const COUNT = 60
  test.use({ importFolder: folder })
  test.beforeAll(async () => {
    const files: Record<string, string> = {}
    for (let i = 1; i <= COUNT; i += 1)
      files[`scan-${String(i).padStart(3, '0')}.jpg`] = 'd01-utopia-passport-front.jpg'
    await makeFolder(folder, files)
  })
  test.afterAll(async () => {
    await rm(join(folder, '..'), { recursive: true, force: true })
  })

  test('shows its progress, and Cancel stops it after the document being imported', async ({
    app,
  }, testInfo) => {
    const { page } = app
    await page.getByRole('button', { name: 'Import folder…' }).click()
    await expect(dialog(page)).toContainText(`${COUNT} documents from ${COUNT} files`)
    await dialog(page)
      .getByRole('button', { name: `Import ${COUNT} documents` })
      .click()
    const bar = dialog(page).getByRole('progressbar', { name: 'Import progress' })
    await expect(bar).toHaveAttribute('aria-valuemax', String(COUNT))
    await expect(bar).toHaveAttribute('aria-valuetext', new RegExp(`^([2-9]|\\d\\d) of ${COUNT}$`))
    await dialog(page).screenshot({ path: testInfo.outputPath('import-dialog-progress.png') })
    await dialog(page).getByRole('button', { name: 'Cancel' }).click()
    await expect(dialog(page)).toBeHidden()
    // Copies of one file: the summary heads the duplicate warnings in role alert (one message at a time).
    await expect(page.getByRole('alert')).toContainText('Imported ')
    const notice = (await page.getByRole('alert').innerText()).split('\n')[0]!
    const m = /^Imported (\d+) documents; cancelled, (\d+) documents? not imported$/.exec(notice)
    expect(m, notice).not.toBeNull()
    const [imported, notRun] = [Number(m![1]), Number(m![2])]
    expect(imported + notRun).toBe(COUNT)
    expect(notRun).toBeGreaterThan(0)
    expect(await page.evaluate(() => window.api.listCases().then((l) => l.length))).toBe(imported)
    // Every copy after the first has the same content as each earlier one: the warnings are capped at 10 lines
    // plus a count. How many documents went in before Cancel depends on the machine's speed.
    const lines = (await page.getByRole('alert').innerText()).split('\n').slice(1)
    const pairs = (imported * (imported - 1)) / 2
    expect(lines[0]).toBe('scan-002.jpg looks like a duplicate of case scan-001.jpg (same file content)')
    if (pairs > 10) {
      expect(lines).toHaveLength(11)
      expect(lines[10]).toBe(`…and ${pairs - 10} more duplicates`)
    } else {
      expect(lines).toHaveLength(pairs)
      expect(lines.some((l) => l.startsWith('…and'))).toBe(false)
    }
  })
})
