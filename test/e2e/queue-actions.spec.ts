// Two queue actions the README promises that no other spec drives: Swap sides in the Import dialog (the stored
// front is then the former back: its bytes, its name, its audit record), and Shift+click on the case list's check
// boxes checking a range, which the toolbar's country select then changes and nothing else.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { fixturePath } from '../support/paths'
import { expect, test } from './fixtures'
import { importScans, storedCase } from './helpers'

// Each test imports several documents through the dialog: on a shared, loaded machine that can take most of a
// minute, so these tests get the long timeout.
test.slow()

const cases = (page: Page) => page.getByRole('list', { name: 'Cases' }).getByRole('listitem')
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Import documents' })
const rows = (page: Page) => dialog(page).getByRole('list', { name: 'Documents' }).getByRole('listitem')

/** The Import dialog closes when its run ends; on a loaded machine a few documents take a while. */
const importFinished = (page: Page) => expect(dialog(page)).toBeHidden({ timeout: 60_000 })

const sha256 = async (fixture: string) =>
  createHash('sha256')
    .update(await readFile(fixturePath(fixture)))
    .digest('hex')

test('Swap sides in the Import dialog: the former back is stored as the front', async ({ app }) => {
  const { page } = app
  await importScans(
    page,
    'd02-ita-id-front.jpg',
    'd02-ita-id-back.jpg',
    'd03-can-dl-front.png',
    'd03-can-dl-back.png',
  )
  await expect(dialog(page)).toContainText('2 documents from 4 files')
  const ita = rows(page).filter({ hasText: 'd02-ita-id-front.jpg' })
  // Paired by name, front first.
  await expect(ita.getByRole('button', { name: 'Swap sides of d02-ita-id-front.jpg' })).toBeVisible()
  await ita.getByRole('button', { name: 'Swap sides of d02-ita-id-front.jpg' }).click()
  // The row now leads with the back.
  const swapped = rows(page).filter({ hasText: 'd02-ita-id-back.jpg' })
  await expect(swapped.getByRole('button', { name: 'Swap sides of d02-ita-id-back.jpg' })).toBeVisible()
  await expect(rows(page)).toHaveCount(2)
  await dialog(page).getByRole('button', { name: 'Import 2 documents' }).click()
  await importFinished(page)
  await expect(page.getByRole('status')).toHaveText('Imported 2 documents')
  await expect(cases(page)).toHaveCount(2)

  // What the main process stored: the case is named by its front, the former back, whose bytes are the front's.
  const c = await storedCase(page, 'd02-ita-id-back.jpg')
  expect(c.contentHash).toEqual({
    front: await sha256('d02-ita-id-back.jpg'),
    back: await sha256('d02-ita-id-front.jpg'),
  })
  const audit = await page.evaluate((id) => window.api.getAudit(id), c.id)
  expect(audit.entries[0]).toMatchObject({
    type: 'imported',
    details: { frontFile: 'd02-ita-id-back.jpg', backFile: 'd02-ita-id-front.jpg' },
  })
  // The document left alone keeps its order.
  const other = await storedCase(page, 'd03-can-dl-front.png')
  expect(other.contentHash).toEqual({
    front: await sha256('d03-can-dl-front.png'),
    back: await sha256('d03-can-dl-back.png'),
  })
})

test('Shift+click checks the range from the last box clicked; the country select then changes exactly those', async ({
  app,
}) => {
  const { page } = app
  const files = [
    'd01-utopia-passport-front.jpg',
    'd02-ita-id-front.jpg',
    'd03-can-dl-front.png',
    'd04-jpn-residence-front.jpg',
    'd05-mex-passport-turned-front.jpg',
  ]
  await importScans(page, ...files)
  await dialog(page).getByRole('button', { name: 'Import 5 documents' }).click()
  await importFinished(page)
  await expect(page.getByRole('status')).toHaveText('Imported 5 documents')
  await expect(cases(page)).toHaveCount(5)

  // The rows in the order shown (aria-posinset: the list is virtualised, DOM order is not the order shown).
  const shown = await cases(page).evaluateAll((items) =>
    items
      .map((li) => ({
        pos: Number(li.getAttribute('aria-posinset')),
        box: li.querySelector('input[type="checkbox"]')?.getAttribute('aria-label') ?? '',
      }))
      .sort((a, b) => a.pos - b.pos)
      .map((r) => r.box),
  )
  expect(shown).toHaveLength(5)
  const names = shown.map((label) => label.replace(/^Select /, ''))
  expect([...names].sort()).toEqual([...files].sort())
  const box = (i: number) => page.getByRole('checkbox', { name: shown[i], exact: true })
  const before = new Map(
    (await page.evaluate(() => window.api.listCases())).map((c) => [c.name, c.issuingCountry]),
  )
  expect([...before.values()]).not.toContain('FRA')

  // The second row, then Shift+click on the fourth: the second to the fourth are checked.
  await box(1).click()
  await box(3).click({ modifiers: ['Shift'] })
  await expect(page.getByText('3 selected', { exact: true })).toBeVisible()
  for (const [i, on] of [false, true, true, true, false].entries()) {
    if (on) await expect(box(i)).toBeChecked()
    else await expect(box(i)).not.toBeChecked()
  }

  // The toolbar's country changes the checked cases, not the one open nor any other.
  await page.getByLabel('Issuing country', { exact: true }).selectOption('FRA')
  const inRange = new Set(names.slice(1, 4))
  await expect
    .poll(async () =>
      (await page.evaluate(() => window.api.listCases()))
        .filter((c) => c.issuingCountry === 'FRA')
        .map((c) => c.name)
        .sort(),
    )
    .toEqual([...inRange].sort())
  const after = await page.evaluate(() => window.api.listCases())
  for (const c of after) if (!inRange.has(c.name)) expect(c.issuingCountry).toBe(before.get(c.name))
})
