// How a case reaches ARGOS, through the UI: a failed case shows its error and Retry, which succeeds; callback mode
// (Settings), where ARGOS acknowledges and posts the result to Recto's receiver; and an upload over the Settings
// limit, sent downscaled, whose boxes come back placed on the stored full-size image.
// case-params.spec.ts covers Retry after a 1011 with other parameters; attack.spec.ts forged callbacks.
import { stat } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import sharp from 'sharp'
import { fixturePath } from '../support/paths'
import { loadTruth, truthFields } from '../support/truth'
import { expect, test } from './fixtures'
import { chooseDocument, distance, importAndRecognise, importScans, stageQuads, storedCase } from './helpers'

const D01 = 'd01-utopia-passport-front.jpg'

/** Opens Settings, lets `change` fill the dialog, saves, waits for the confirmation and closes it. */
async function changeSettings(page: Page, change: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Settings' })
  await change(dialog)
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status')).toHaveText('Settings saved')
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()
}

test('a failed case shows the error and Retry, and Retry recognises it', async ({ app, emulator }) => {
  const { page } = app
  // No automatic retries: the one failure reaches the reviewer at once.
  await changeSettings(page, (d) => d.getByLabel('Retries').fill('0'))
  await importScans(page, D01)
  await expect(page.getByRole('status')).toContainText(`Imported ${D01}`)
  await chooseDocument(page, 'NZL', 'passport')
  emulator.injectFault({ kind: 'http', status: 500 }, { persistent: true })
  const before = emulator.requests.length
  try {
    await page.getByRole('button', { name: 'Recognize', exact: true }).click()
    const panel = page.getByRole('region', { name: 'Recognition error' })
    await expect(panel).toContainText('ARGOS server error')
    await expect(panel).toContainText('A provider problem: try again in a few minutes.')
    expect((await storedCase(page, D01)).status).toBe('failed')
    expect(emulator.requests.slice(before).map((r) => r.status)).toEqual([500])
    // The case's row says so too (the error title in its title attribute).
    const row = page.getByRole('list', { name: 'Cases' }).getByRole('listitem').filter({ hasText: D01 })
    await expect(row.getByRole('button').first()).toHaveAttribute('title', /ARGOS server error/)

    // ARGOS recovers; Retry sends the case again, with its own country and type.
    emulator.clearFaults()
    await panel.getByRole('button', { name: 'Retry' }).click()
    await expect(page.getByRole('status')).toContainText(`${D01}: `)
    await expect(page.getByRole('status')).toContainText('fields recognised')
    await expect(panel).toBeHidden()
  } finally {
    emulator.clearFaults()
  }
  const sent = emulator.requests.slice(before)
  expect(sent.map((r) => [r.status, r.issuingCountry, r.idType])).toEqual([
    [500, 'NZL', 'passport'],
    [200, 'NZL', 'passport'],
  ])
  const c = await storedCase(page, D01)
  expect(c.status).toBe('recognised')
  expect(c.transactionId).toBe(sent[1]!.transactionId)
  expect(c.fields.map((f) => f.key).sort()).toEqual(
    truthFields(loadTruth('d01-utopia-passport'))
      .map((f) => f.responseKey)
      .sort(),
  )
})

test('callback mode: ARGOS acknowledges, posts the result to the receiver, and the case is recognised', async ({
  app,
  emulator,
}) => {
  const { page } = app
  // Port 0: the receiver takes any free port on 127.0.0.1.
  await changeSettings(page, async (d) => {
    await d.getByLabel('Callback mode (asynchronous)').check()
    await expect(d.getByLabel('Callback port')).toHaveValue('0')
  })
  const before = emulator.requests.length
  const callbacksBefore = emulator.callbacks.length
  await importAndRecognise(page, [D01], 'NZL', 'passport')
  await emulator.callbacksSettled()

  const sent = emulator.requests.slice(before)
  expect(sent).toHaveLength(1)
  // The synchronous answer was only the acknowledgement; the result came by the callback.
  expect(sent[0]).toMatchObject({ mode: 'callback', status: 200, matchedDocument: 'd01-utopia-passport' })
  const delivered = emulator.callbacks.slice(callbacksBefore)
  expect(delivered).toHaveLength(1)
  expect(delivered[0]).toMatchObject({
    transactionId: sent[0]!.transactionId,
    receiverStatus: 204,
    error: null,
  })
  // Each request has its own one-time URL on the local receiver: <url>/<token>.
  expect(delivered[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+\/[A-Za-z0-9_-]{20,}$/)

  const c = await storedCase(page, D01)
  expect(c.status).toBe('recognised')
  expect(c.transactionId).toBe(sent[0]!.transactionId)
  for (const f of truthFields(loadTruth('d01-utopia-passport'))) {
    expect(c.fields.find((x) => x.key === f.responseKey)?.ocrValue, f.responseKey).toBe(f.ocr)
  }
})

test('an image over the upload limit is sent downscaled; its boxes land on the stored full-size image', async ({
  app,
  emulator,
}) => {
  // A 12 MP image is made, imported, re-encoded and downscaled several times on a shared 2-core machine.
  test.setTimeout(180_000)
  const { page } = app
  const limitMb = 0.5
  await changeSettings(page, (d) => d.getByLabel('Upload limit (MB)').fill(String(limitMb)))
  // A 4000 × 3000 copy of the ID card's front with sensor-like grain, so that even re-encoded at full size it stays
  // far over the limit and only a smaller image fits (a clean synthetic card compresses too well).
  const big = app.userDataDir + '-big-d02-ita-id-front.jpg'
  const grain = await sharp({
    create: {
      width: 4000,
      height: 3000,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 24 },
    },
  })
    .png()
    .toBuffer()
  const card = await sharp(fixturePath('d02-ita-id-front.jpg')).resize(4000, 3000).toBuffer()
  await sharp(card)
    .composite([{ input: grain, blend: 'soft-light' }])
    .jpeg({ quality: 90 })
    .toFile(big)
  expect((await stat(big)).size).toBeGreaterThan(limitMb * 1024 * 1024 * 4)

  await page.getByLabel('Import scans').setInputFiles([big])
  await expect(page.getByRole('status')).toContainText('Imported')
  await chooseDocument(page, 'ITA', 'government_id')
  const before = emulator.requests.length
  await page.getByRole('button', { name: 'Recognize', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('fields recognised')

  // What ARGOS received fits the limit, and is the same document (the emulator matched it).
  const sent = emulator.requests.slice(before)
  expect(sent).toHaveLength(1)
  expect(sent[0]).toMatchObject({ status: 200, matchedDocument: 'd02-ita-id' })
  expect(sent[0]!.frontBytes).toBeLessThanOrEqual(limitMb * 1024 * 1024)

  // The stored image is still the full 4000 px one, and the boxes are drawn on it where the truth says, scaled
  // from the fixture's 1800 px: the returned coordinates were mapped back by the upload's scale.
  const c = await storedCase(page, c0Name(big))
  expect(c.front).toMatchObject({ width: 4000, height: 3000 })
  const scale = c.recognition!.uploadScale.front
  expect(scale).toBeLessThan(1)
  const k = 4000 / 1800
  const front = truthFields(loadTruth('d02-ita-id')).filter((f) => f.side === 'front')
  await expect.poll(async () => (await stageQuads(page)).length).toBe(front.length)
  const drawn = await stageQuads(page)
  for (const f of front) {
    const q = drawn.find((d) => d.key === f.responseKey)
    expect(q, f.responseKey).toBeTruthy()
    q!.points.forEach((p, i) => {
      const want = { x: f.origQuad[i]!.x * k, y: f.origQuad[i]!.y * k }
      // One pixel of the downscaled upload is 1/scale stored pixels: allow for the rounding there.
      expect(distance(p, want), `${f.responseKey} corner ${i}`).toBeLessThan(3 / scale)
    })
  }
})

/** The case name Recto gives an imported file: its base name. */
function c0Name(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}
