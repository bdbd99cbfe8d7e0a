// Error paths: what the reviewer sees when things go wrong, and that nothing already saved is lost.
import { writeFile } from 'node:fs/promises'
import { expect, test } from './fixtures'
import { chooseDocument, importScans } from './helpers'

test.describe('a wrong API key', () => {
  // The URL comes from the environment; the key is typed in Settings, as a reviewer would.
  test.use({ argosEnv: async ({ emulator }, use) => use({ ARGOS_API_URL: emulator.url }) })

  test('shows what to do and loses nothing', async ({ app, emulator }) => {
    const { page } = app
    const setKey = async (key: string) => {
      // exact: the connection banner has "Open Settings" too.
      await page.getByRole('button', { name: 'Settings', exact: true }).click()
      const dialog = page.getByRole('dialog', { name: 'Settings' })
      await dialog.getByLabel('API key').fill(key)
      await dialog.getByRole('button', { name: 'Save key' }).click()
      // Encrypted by the OS keychain where there is one (Electron host), else kept for this session only.
      await expect(dialog).toContainText(/kept for this session only|Stored encrypted/)
      await dialog.getByRole('button', { name: 'Close' }).click()
      await expect(dialog).toBeHidden()
    }

    await importScans(page, 'd01-utopia-passport-front.jpg')
    await chooseDocument(page, 'NZL', 'passport')
    await setKey('not-the-key')
    await page.getByRole('button', { name: 'Recognize', exact: true }).click()
    // A refused key is a problem of the setup, not of the case: the one connection banner says what to do.
    const banner = page.getByRole('region', { name: 'Connection problem' })
    await expect(banner).toContainText(/check the API key or IP allow-list/i)
    expect(emulator.requests.at(-1)).toMatchObject({ keyValid: false, status: 403 })

    // With the right key it works; the reviewer corrects a value.
    await setKey(emulator.apiKey)
    await page.getByRole('button', { name: 'Recognize', exact: true }).click()
    await expect(page.getByRole('status')).toContainText('fields recognised')
    await expect(banner).toBeHidden()
    const name = page.locator('[data-field="name"]')
    await name.fill('TAMIHANA AROHA')
    await name.press('Enter')

    // The key is revoked: a failing run must not touch the correction.
    await setKey('revoked-key')
    await page.getByRole('button', { name: 'Recognize', exact: true }).click()
    await expect(banner).toContainText(/check the API key/i)
    await page.reload()
    await expect(page.getByRole('list', { name: 'Cases' }).getByRole('listitem')).toHaveCount(1)
    await page.getByRole('list', { name: 'Cases' }).getByRole('listitem').first().click()
    await expect(page.locator('[data-field="name"]')).toHaveValue('TAMIHANA AROHA')
    expect(await page.content()).not.toContain(emulator.apiKey)
  })
})

test('a file that is not an image gets a clear message and no case', async ({ app }, testInfo) => {
  const { page } = app
  const bogus = testInfo.outputPath('scan.jpg')
  await writeFile(bogus, 'this is a text file with a .jpg name')
  await page.getByLabel('Import scans').setInputFiles(bogus)
  // The whole message: what happened, to which file, why, and what Recto does read (AVIF and HEIC only where this
  // build of sharp decodes them).
  await expect(page.getByRole('alert')).toHaveText(
    /^Import refused — scan\.jpg: not an image Recto can read \(expected a scan in JPEG, PNG, WebP, TIFF, GIF, BMP(, AVIF)?(, HEIC)?\)$/,
  )
  await expect(page.getByRole('list', { name: 'Cases' }).getByRole('listitem')).toHaveCount(0)
  // The app still works afterwards.
  await importScans(page, 'd01-utopia-passport-front.jpg')
  await expect(page.getByRole('list', { name: 'Cases' }).getByRole('listitem')).toHaveCount(1)
})

test('Recognize without a country or type says which is missing and sends nothing', async ({
  app,
  emulator,
}) => {
  const { page } = app
  // The name says "passport" but no country: the type is set, the country is not.
  await importScans(page, 'd01-utopia-passport-front.jpg')
  await expect(page.getByRole('status')).toContainText('Imported d01-utopia-passport-front.jpg')
  await expect(page.getByLabel('ID type', { exact: true })).toHaveValue('passport')
  await expect(page.getByLabel('Issuing country', { exact: true })).toHaveValue('')
  const before = emulator.requests.length
  await page.getByRole('button', { name: 'Recognize', exact: true }).click()
  await expect(page.getByRole('alert')).toContainText(/Choose the issuing country of d01-utopia/)
  await expect(page.getByRole('alert')).not.toContainText(/and the ID type/)
  expect(emulator.requests.length).toBe(before)
})
