// Screenshots for docs/: the review screen on fixture documents, recognised through the emulator.
import { join } from 'node:path'
import { REPO_ROOT } from '../support/paths'
import { expect, test } from './fixtures'
import { chooseDocument, importScans } from './helpers'

const shot = (name: string) => join(REPO_ROOT, 'docs', name)

test('review screen: two-sided ID card', async ({ app }) => {
  const { page } = app
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
  await importScans(page, 'd01-utopia-passport-front.jpg')
  await chooseDocument(page, 'NZL', 'passport')
  await page.getByRole('button', { name: 'Recognize', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('fields recognised')
  await page.locator('[data-field="name"]').click()
  await page.waitForTimeout(400)
  await page.screenshot({ path: shot('review-passport.png') })
})
