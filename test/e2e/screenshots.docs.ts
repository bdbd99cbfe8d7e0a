// Screenshots for docs/: the review screen on fixture documents, recognised through the emulator.
import { join } from 'node:path'
import { REPO_ROOT } from '../support/paths'
import { expect, test } from './fixtures'
import { chooseDocument, importScans } from './helpers'

const shot = (name: string) => join(REPO_ROOT, 'docs', name)

test('review screen: two-sided ID card', async ({ app }) => {
  const { page } = app
  await page.evaluate(() => window.api.updateSettings({ reviewerName: 'Ann Reviewer' }))
  await page.reload()
  await importScans(page, 'd02-ita-id-front.jpg', 'd02-ita-id-back.jpg')
  await chooseDocument(page, 'ITA', 'government_id')
  await page.getByRole('button', { name: 'Recognize', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('fields recognised')
  await page.locator('[data-field="number"]').click()
  await page.waitForTimeout(400)
  await page.screenshot({ path: shot('review-screen.png') })
})

test('review screen: passport', async ({ app }) => {
  const { page } = app
  await page.evaluate(() => window.api.updateSettings({ reviewerName: 'Ann Reviewer' }))
  await page.reload()
  await importScans(page, 'd01-utopia-passport-front.jpg')
  await chooseDocument(page, 'NZL', 'passport')
  await page.getByRole('button', { name: 'Recognize', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('fields recognised')
  await page.locator('[data-field="name"]').click()
  await page.waitForTimeout(400)
  await page.screenshot({ path: shot('review-passport.png') })
})

test('queue, decision and timeline', async ({ app }) => {
  const { page } = app
  await page.evaluate(() => window.api.updateSettings({ reviewerName: 'Ann Reviewer' }))
  await page.reload()
  for (const [files, country, type] of [
    [['d02-ita-id-front.jpg', 'd02-ita-id-back.jpg'], 'ITA', 'government_id'],
    [['d03-can-dl-front.png', 'd03-can-dl-back.png'], 'CAN', 'drivers_license'],
    [['d01-utopia-passport-front.jpg'], 'NZL', 'passport'],
  ] as const) {
    await importScans(page, ...files)
    await chooseDocument(page, country, type)
    await page.getByRole('button', { name: 'Recognize', exact: true }).click()
    await expect(page.getByRole('status')).toContainText('fields recognised')
  }
  const name = page.locator('[data-field="name"]')
  await name.fill('TAMIHANA AROHA')
  await name.blur()
  await page.keyboard.press('r')
  const reject = page.getByRole('dialog', { name: 'Reject case' })
  await reject.getByLabel('Reason').selectOption('Document expired')
  await reject.getByLabel(/Note/).fill('Expired before the application date')
  await reject.getByRole('button', { name: 'Reject' }).click()
  await page.getByRole('tab', { name: 'Timeline' }).click()
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('hash chain verified')
  await page
    .getByRole('button', { name: 'Dismiss' })
    .first()
    .click()
    .catch(() => undefined)
  await page.waitForTimeout(400)
  await page.screenshot({ path: shot('queue-decision-timeline.png') })
})
