// Screenshots for docs/ (npm run docs:screenshots; not part of npm test): the review screen on the synthetic fixture
// documents, recognised through the emulator, at the three window sizes reviewers use.
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { REPO_ROOT } from '../support/paths'
import { expect, test } from './fixtures'
import { importAndRecognise, recognizeAllConfirmed, chooseDocument, importScans } from './helpers'

const shot = (name: string) => join(REPO_ROOT, 'docs', name)

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const

async function asReviewer(
  page: Page,
  size: { width: number; height: number },
  advanceAfterDecision = true,
): Promise<void> {
  await page.setViewportSize(size)
  await page.evaluate(
    (advance) =>
      window.api.updateSettings({ reviewerName: 'Ann Reviewer', review: { advanceAfterDecision: advance } }),
    advanceAfterDecision,
  )
  await page.reload()
}

/** Lets the last message fade and the canvas settle, so a screenshot shows the desk, not a transition. */
async function settle(page: Page): Promise<void> {
  await page.keyboard.press('Escape').catch(() => undefined)
  await page.waitForTimeout(500)
}

for (const size of SIZES) {
  test(`review screen at ${size.width}×${size.height}: a two-sided residence card, a field selected`, async ({
    app,
  }) => {
    const { page } = app
    await asReviewer(page, size)
    // A queue with a few others in it, so the list shows titles and statuses.
    await importScans(page, 'd01-utopia-passport-front.jpg')
    await chooseDocument(page, 'NZL', 'passport')
    await importScans(page, 'd02-ita-id-front.jpg', 'd02-ita-id-back.jpg')
    await expect(page.getByRole('status')).toContainText('Imported d02-ita-id-front.jpg')
    await importAndRecognise(
      page,
      ['d04-jpn-residence-front.jpg', 'd04-jpn-residence-back.jpg'],
      'JPN',
      'residence_permit',
    )
    await page.keyboard.press('n')
    await expect(page.locator('textarea[data-field]:focus')).toHaveCount(1)
    await page.waitForTimeout(600)
    await page.screenshot({ path: shot(`review-${size.width}x${size.height}.png`) })
  })
}

test('a passport scanned turned 90° opens upright (1440×900)', async ({ app }) => {
  const { page } = app
  await asReviewer(page, SIZES[1])
  await importAndRecognise(page, ['d05-mex-passport-turned-front.jpg'], 'MEX', 'passport')
  await page.locator('[data-field="name"]').click()
  await settle(page)
  await page.screenshot({ path: shot('review-passport.png') })
})

test('the To do queue, a rejection and the case timeline (1440×900)', async ({ app }) => {
  const { page } = app
  await asReviewer(page, SIZES[1], false) // the decided case stays open for its timeline
  for (const [files, country, type] of [
    [['d02-ita-id-front.jpg', 'd02-ita-id-back.jpg'], 'ITA', 'government_id'],
    [['d03-can-dl-front.png', 'd03-can-dl-back.png'], 'CAN', 'drivers_license'],
    [['d01-utopia-passport-front.jpg'], 'NZL', 'passport'],
  ] as const) {
    await importScans(page, ...files)
    await expect(page.getByRole('status')).toContainText(`Imported ${files[0]}`)
    await chooseDocument(page, country, type)
  }
  await recognizeAllConfirmed(page)
  await expect(page.getByRole('status')).toContainText(/Recognized 3 of 3/)
  await page.getByRole('button', { name: /^To do/ }).click()
  await page.getByRole('button', { name: /^TAMIHANA/ }).click()
  const name = page.locator('[data-field="name"]')
  await name.fill('TAMIHANA AROHA')
  await name.blur()
  await page.keyboard.press('r')
  const reject = page.getByRole('dialog', { name: /Reject/ })
  await reject.getByLabel('Reason').selectOption('Document expired')
  await reject.getByLabel(/Note/).fill('Expired before the application date')
  await reject.getByRole('button', { name: 'Reject' }).click()
  await page.getByRole('tab', { name: 'Timeline' }).click()
  await expect(page.getByRole('region', { name: /Timeline/ })).toContainText('hash chain verified')
  await settle(page)
  await page.screenshot({ path: shot('queue-decision-timeline.png') })
})

test.describe('without an OS keystore', () => {
  test.use({ keystore: 'absent' })

  test('the vault: set a passphrase, then the recovery key once (1440×900)', async ({ app }) => {
    const { page } = app
    await page.setViewportSize({ width: 1440, height: 900 })
    await expect(page.getByRole('heading', { name: 'Protect the cases on this computer' })).toBeVisible()
    await page.getByLabel('Passphrase', { exact: true }).fill('amber lantern 42')
    await page.getByLabel('Repeat passphrase').fill('amber lantern 4')
    await page.getByRole('button', { name: 'Set passphrase' }).click()
    await expect(page.getByText('The two passphrases differ.', { exact: false })).toBeVisible()
    await page.screenshot({ path: shot('vault-setup.png') })
    await page.getByLabel('Repeat passphrase').fill('amber lantern 42')
    await page.getByRole('button', { name: 'Set passphrase' }).click()
    await expect(page.getByRole('heading', { name: 'Your recovery key' })).toBeVisible()
    await page.getByRole('checkbox', { name: 'I have stored the recovery key somewhere safe' }).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    const unlock = await app.restart()
    await unlock.getByLabel('Passphrase', { exact: true }).fill('amber lantern 24')
    await unlock.getByRole('button', { name: 'Unlock', exact: true }).click()
    await expect(unlock.getByRole('alert')).toContainText('does not unlock')
    await unlock.screenshot({ path: shot('vault-unlock.png') })
  })
})
