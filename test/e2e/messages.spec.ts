// The one message area: at most one toast, gone on a case change, in a strip of its own that never covers the
// canvas or the field panel; persistent connection problems as one banner with Test connection.
import type { Locator, Page } from '@playwright/test'
import { expect, test } from './fixtures'
import {
  chooseDocument,
  focusBody,
  importAndRecognise,
  importScans,
  openCase,
  recognizeAllConfirmed,
} from './helpers'

const D01 = 'd01-utopia-passport-front.jpg'
const D05 = 'd05-mex-passport-turned-front.jpg'
const D02 = 'd02-ita-id-front.jpg'

type Box = { x: number; y: number; width: number; height: number }

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox()
  if (!b) throw new Error('not visible')
  return b
}

/** The texts of every toast region shown (the status strip holds one alert and one status region). */
async function shownToasts(page: Page): Promise<string[]> {
  const texts = await page
    .getByTestId('status-strip')
    .locator('[role="alert"], [role="status"]')
    .allTextContents()
  return texts.filter((t) => t.trim() !== '')
}

test('one toast at a time, gone when another case is opened', async ({ app }) => {
  const { page } = app
  await importAndRecognise(page, [D01], 'NZL', 'passport')
  await importAndRecognise(page, [D05], 'MEX', 'passport')

  // Two notices in a row: the second replaces the first.
  await focusBody(page)
  await page.keyboard.press('Delete') // no field selected
  await expect(page.getByRole('status')).toHaveText('Select a field first')
  await page.keyboard.press('b') // d05 has no back
  await expect(page.getByRole('status')).toHaveText('This case has no back image')
  expect(await shownToasts(page)).toEqual(['This case has no back image'])

  // An error (a refused import) replaces a notice too, and Esc dismisses it.
  await page.getByLabel('Import scans').setInputFiles({
    name: 'broken.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.from('this is not an image'),
  })
  await expect(page.getByRole('alert')).toContainText('broken.jpg')
  await expect(page.getByRole('status')).toHaveText('')
  expect(await shownToasts(page)).toHaveLength(1)
  await focusBody(page)
  await page.keyboard.press('Escape')
  await expect(page.getByRole('alert')).toHaveText('')

  // A notice about this case is gone as soon as another case is opened.
  await page.keyboard.press('b')
  await expect(page.getByRole('status')).toHaveText('This case has no back image')
  await openCase(page, D01)
  await expect(page.getByRole('status')).toHaveText('')
  expect(await shownToasts(page)).toEqual([])

  // A notice goes by itself after a few seconds.
  await focusBody(page)
  await page.keyboard.press('Delete')
  await expect(page.getByRole('status')).toHaveText('Select a field first')
  await expect(page.getByRole('status')).toHaveText('', { timeout: 8_000 })
})

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
]) {
  test(`a long error at ${viewport.width}×${viewport.height} covers neither the canvas nor the field panel`, async ({
    app,
  }) => {
    const { page } = app
    await page.setViewportSize(viewport)
    await importAndRecognise(page, [D01], 'NZL', 'passport')
    // A refused import names the file: a long name makes a long error.
    const name = `${'a-very-long-scan-name-from-the-branch-scanner-'.repeat(6)}.jpg`
    await page.getByLabel('Import scans').setInputFiles({
      name,
      mimeType: 'image/jpeg',
      buffer: Buffer.from('this is not an image'),
    })
    const alert = page.getByRole('alert')
    await expect(alert).toContainText(name)
    const strip = await box(page.getByTestId('status-strip'))
    const toast = await box(alert)
    const canvas = await box(page.getByRole('region', { name: 'Document' }).first())
    const panel = await box(page.getByRole('complementary', { name: 'Fields' }))
    for (const b of [strip, toast]) {
      expect(intersects(b, canvas), 'over the canvas').toBe(false)
      expect(intersects(b, panel), 'over the field panel').toBe(false)
      expect(b.y + b.height).toBeLessThanOrEqual(viewport.height + 0.5)
    }
    // Dismissed with its button.
    await page.getByRole('button', { name: 'Dismiss error' }).click()
    await expect(alert).toHaveText('')
  })
}

test.describe('without an API key', () => {
  test.use({
    argosEnv: async ({ emulator }, use) => {
      await use({ ARGOS_API_URL: emulator.url })
    },
  })

  test('Recognize all shows one banner and stops; Test connection with the key clears it', async ({
    app,
    emulator,
  }) => {
    const { page } = app
    const sentBefore = emulator.requests.length
    // One request at a time, so the batch has cases still queued when the first one meets the problem.
    await page.evaluate(async () => {
      const { recognition } = await window.api.getSettings()
      await window.api.updateSettings({ recognition: { ...recognition, concurrency: 1, engine: 'argos' } })
    })
    for (const file of [D01, D05, D02]) {
      await importScans(page, file)
      await expect(page.getByRole('status')).toContainText(`Imported ${file}`)
    }
    // Every case gets a country and type (the toolbar sets the checked cases).
    await page.getByRole('checkbox', { name: 'Select all shown' }).check()
    await chooseDocument(page, 'NZL', 'passport')
    await expect
      .poll(async () =>
        (await page.evaluate(() => window.api.listCases())).every((c) => c.idType === 'passport'),
      )
      .toBe(true)
    await recognizeAllConfirmed(page)

    const banner = page.getByRole('region', { name: 'Connection problem' })
    await expect(banner).toContainText('No ARGOS API key is set')
    await expect(banner).toContainText(emulator.url)
    await expect(banner).toHaveCount(1)
    // Not one error per case: no error toast; the batch stopped, nothing was sent, and the cases still queued
    // went back to "new" (at most the one that met the problem failed).
    await expect(page.getByRole('alert')).toHaveText('')
    await expect(page.getByRole('status')).toContainText(/Recognition stopped: \d+ cases? not sent/)
    const statuses = (await page.evaluate(() => window.api.listCases())).map((c) => c.status)
    expect(statuses.filter((st) => st === 'new').length).toBeGreaterThanOrEqual(2)
    expect(statuses.filter((st) => st !== 'new' && st !== 'failed')).toEqual([])
    expect(emulator.requests.length).toBe(sentBefore)

    // Test connection without a key: the banner stays and says why.
    await banner.getByRole('button', { name: 'Test connection' }).click()
    await expect(banner).toBeVisible()
    await expect(banner.getByRole('button', { name: 'Test connection' })).toBeEnabled()

    // The key, through Settings (opened from the banner), then Test connection clears the banner.
    await banner.getByRole('button', { name: 'Open Settings' }).click()
    const settings = page.getByRole('dialog', { name: 'Settings' })
    await settings.getByLabel('API key').fill(emulator.apiKey)
    await settings.getByRole('button', { name: 'Save key' }).click()
    await settings.getByRole('button', { name: 'Close' }).click()
    await expect(settings).toBeHidden()
    await banner.getByRole('button', { name: 'Test connection' }).click()
    await expect(banner).toBeHidden()
    await expect(page.getByRole('status')).toContainText('Connected')
  })
})
