// Recognize all: a batch over every pending case with a progress bar, and Cancel.
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { chooseDocument, importEach, recognizeAllConfirmed, setParallelRequests } from './helpers'

const SCANS = ['d01-utopia-passport-front.jpg', 'd02-ita-id-front.jpg', 'd05-mex-passport-turned-front.jpg']

/** Checks every case and gives them all one country and type through the toolbar. */
async function chooseForAll(page: Page, country: string, idType: string): Promise<void> {
  await page.getByRole('checkbox', { name: 'Select all shown' }).check()
  await chooseDocument(page, country, idType)
  await expect
    .poll(() =>
      page.evaluate(() =>
        window.api.listCases().then((cs) => cs.map((c) => `${c.issuingCountry} ${c.idType}`).join(',')),
      ),
    )
    .toBe(`${country} ${idType},`.repeat(SCANS.length).slice(0, -1))
  await page.getByRole('button', { name: 'Clear selection' }).click()
}

test('Recognize all shows progress and recognises every pending case', async ({ app, emulator }) => {
  const { page } = app
  await importEach(page, SCANS)
  await chooseForAll(page, 'NZL', 'passport')
  emulator.setLatency(800)
  try {
    const before = emulator.requests.length
    await recognizeAllConfirmed(page, [/3 × New Zealand Passport/])
    const bar = page.getByRole('progressbar', { name: 'Recognition progress' })
    await expect(bar).toBeVisible()
    await expect(bar).toHaveAttribute('aria-valuemax', '3')
    await expect(page.getByRole('status')).toContainText('Recognized 3 of 3', { timeout: 20_000 })
    expect(emulator.requests.length - before).toBe(3)
    const items = page.getByRole('list', { name: 'Cases' }).getByRole('listitem')
    await expect(items.filter({ hasText: 'Recognized' })).toHaveCount(3)
  } finally {
    emulator.setLatency(0)
  }
})

test('Cancel stops the batch and leaves the cases ready to send again', async ({ app, emulator }) => {
  const { page } = app
  await importEach(page, SCANS)
  await chooseForAll(page, 'NZL', 'passport')
  await setParallelRequests(page, 1)
  // The first answer is held back; Cancel is pressed once that request has reached ARGOS (a condition, not a
  // guess at how long the confirmation takes on a loaded machine).
  emulator.setLatency(5000)
  try {
    const before = emulator.requests.length
    await recognizeAllConfirmed(page)
    await expect.poll(() => emulator.requests.slice(before).filter((r) => r.status === null).length).toBe(1)
    await page.getByRole('button', { name: 'Cancel recognition' }).click()
    const items = page.getByRole('list', { name: 'Cases' }).getByRole('listitem')
    await expect(items.filter({ hasText: 'New' })).toHaveCount(3)
    // Only the one request in flight reached ARGOS; it was abandoned, never answered. Waits until the emulator has
    // settled every request it received (answered, or found its client gone), then judges them.
    await expect
      .poll(() => emulator.requests.slice(before).every((r) => r.clientGone || r.status !== null), {
        timeout: 15_000,
      })
      .toBe(true)
    const sent = emulator.requests.slice(before)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ clientGone: true, status: null })
  } finally {
    emulator.setLatency(0)
  }
})
