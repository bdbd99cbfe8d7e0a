// Deleting cases from the UI (issue 13): the case menu's "Delete case…" with a reason, confirmed through the
// dialog interface, leaves a tombstone and no file; Settings sets retention and deletes all data.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import type { Page } from '@playwright/test'
import { importScans } from './helpers'

const D01 = 'd01-utopia-passport-front.jpg'
const D02 = 'd02-ita-id-front.jpg'

/** Opens a case that is not recognised yet (no boxes to wait for). */
async function openNew(page: Page, name: string): Promise<void> {
  const item = page.getByRole('list', { name: 'Cases' }).getByRole('listitem').filter({ hasText: name })
  await item.getByRole('button').first().click()
  await expect(item).toHaveAttribute('aria-current', 'true')
}

async function tombstones(userDataDir: string): Promise<Record<string, unknown>[]> {
  const raw = await readFile(join(userDataDir, 'deletions.jsonl'), 'utf8').catch(() => '')
  return raw
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

test('Delete case… from the case menu, with a reason: gone from the list and the disk, a tombstone kept', async ({
  app,
}) => {
  const { page, userDataDir } = app
  await importScans(page, D01)
  await expect(page.getByRole('status')).toContainText(`Imported ${D01}`)
  await importScans(page, D02)
  await expect(page.getByRole('status')).toContainText(`Imported ${D02}`)
  await openNew(page, D01)
  const id = await page.evaluate(
    async (n) => (await window.api.listCases()).find((c) => c.name === n)!.id,
    D01,
  )
  await page.getByRole('button', { name: 'Case ▾' }).click()
  await page.getByRole('menuitem', { name: 'Delete case…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Delete case' })
  // A reason is required.
  await dialog.getByRole('button', { name: 'Delete case…' }).click()
  await expect(dialog.getByRole('alert')).toContainText('Choose why')
  await dialog.getByLabel('Reason').selectOption('Imported by mistake')
  await dialog.getByLabel(/^Note/).fill('wrong folder')
  await dialog.getByRole('button', { name: 'Delete case…' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('status')).toContainText('Case deleted')
  const list = page.getByRole('list', { name: 'Cases' })
  await expect(list.getByRole('listitem')).toHaveCount(1)
  expect((await readdir(join(userDataDir, 'cases'))).some((f) => f.includes(id))).toBe(false)
  expect(await tombstones(userDataDir)).toEqual([
    expect.objectContaining({
      caseId: id,
      kind: 'reviewer',
      account: 'reviewer-a',
      reason: 'Imported by mistake — wrong folder',
    }),
  ])
})

test.describe('when the reviewer says no in the confirmation', () => {
  test.use({ confirmAnswer: false })
  test('the case stays and nothing is recorded', async ({ app }) => {
    const { page, userDataDir } = app
    await importScans(page, D01)
    await expect(page.getByRole('status')).toContainText(`Imported ${D01}`)
    await openNew(page, D01)
    await focusAndDelete(page)
    const dialog = page.getByRole('dialog', { name: 'Delete case' })
    await dialog.getByLabel('Reason').selectOption('Duplicate submission')
    await dialog.getByRole('button', { name: 'Delete case…' }).click()
    await expect(dialog).toBeVisible()
    await expect(page.getByRole('list', { name: 'Cases' }).getByRole('listitem')).toHaveCount(1)
    expect(await tombstones(userDataDir)).toEqual([])
  })
})

/** Ctrl+Delete opens "Delete case…" (the keyboard path of the case menu). */
async function focusAndDelete(page: Page): Promise<void> {
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Control+Delete')
  await expect(page.getByRole('dialog', { name: 'Delete case' })).toBeVisible()
}

test('Settings: retention is saved, and Delete all data empties the desk', async ({ app }) => {
  const { page, userDataDir } = app
  await importScans(page, D01)
  await expect(page.getByRole('status')).toContainText(`Imported ${D01}`)
  await importScans(page, D02)
  await expect(page.getByRole('status')).toContainText(`Imported ${D02}`)
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  const settings = page.getByRole('dialog', { name: 'Settings' })
  await settings.getByLabel(/Delete cases automatically/).check()
  await settings.getByLabel('Retention (days)').fill('30')
  await settings.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status')).toContainText(/Settings saved/)
  expect((await page.evaluate(() => window.api.getSettings())).review.retentionDays).toBe(30)

  await settings.getByRole('button', { name: 'Delete all data…' }).click()
  await expect(page.getByRole('status')).toContainText('All data deleted: 2 cases')
  await settings.getByRole('button', { name: 'Close' }).click()
  await expect(page.getByRole('list', { name: 'Cases' }).getByRole('listitem')).toHaveCount(0)
  expect((await tombstones(userDataDir)).map((t) => t.kind)).toEqual(['all_data', 'all_data'])
})
