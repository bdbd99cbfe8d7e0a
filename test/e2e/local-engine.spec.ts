// The whole job with no ARGOS key (issue 15): the engine is this computer's; Try sample documents → open the sample
// passport → Recognize (read locally) → boxes on the scan → correct a value by keyboard → Approve → Export CSV,
// whose provider column says `local`. Nothing reaches ARGOS: the app is pointed at the emulator, without a key, so
// a request that left would be seen there.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { REPO_ROOT } from '../support/paths'
import { expect, test } from './fixtures'
import {
  focusBody,
  readExportedCsv,
  setReviewer,
  stageQuads,
  storedCase,
  storedField,
  storedFields,
  trySampleDocuments,
  verifyDoubtfulFields,
} from './helpers'

type Manifest = { version: number; documents: { name: string; front: string; back: string | null }[] }

async function readManifest(): Promise<Manifest> {
  return JSON.parse(await readFile(join(REPO_ROOT, 'resources/samples/manifest.json'), 'utf8')) as Manifest
}

/** The Settings select and the toolbar label, as a reviewer without a key first sees them. */
async function expectLocalEngineShown(page: Page): Promise<void> {
  await expect(page.getByRole('group', { name: 'Engine in use' })).toHaveText('Engine: On this computer')
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  const settings = page.getByRole('dialog', { name: 'Settings' })
  const engine = settings.getByLabel('Recognition engine')
  await expect(engine).toHaveValue('local')
  await expect(engine).toBeEnabled()
  await expect(engine.locator('option')).toHaveText(['ARGOS (cloud)', 'On this computer'])
  await settings.getByRole('button', { name: 'Close' }).click()
  await expect(settings).toBeHidden()
}

test.describe('no ARGOS key at all', () => {
  test.use({ argosEnv: {} })

  test('the engine is local: Settings and the toolbar say so', async ({ app }) => {
    await expectLocalEngineShown(app.page)
    expect((await app.page.evaluate(() => window.api.getSettings())).engine).toEqual({
      effective: 'local',
      pinned: false,
    })
  })
})

test.describe('no key, the engine pinned to ARGOS by the admin policy', () => {
  test.use({ argosEnv: {}, policy: { version: 1, engine: 'argos' } })

  test('Settings shows the select locked with the policy note, and the toolbar says ARGOS', async ({
    app,
  }) => {
    const { page } = app
    await expect(page.getByRole('group', { name: 'Engine in use' })).toHaveText('Engine: ARGOS')
    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    const settings = page.getByRole('dialog', { name: 'Settings' })
    const engine = settings.getByLabel('Recognition engine')
    await expect(engine).toHaveValue('argos')
    await expect(engine).toBeDisabled()
    await expect(engine).toHaveAccessibleDescription(/Set by your organisation's policy/)
  })
})

test.describe('no key, the emulator as the ARGOS endpoint', () => {
  // No key: the engine is local. The base URL is the emulator's, so anything sent to ARGOS would land there.
  test.use({
    argosEnv: async ({ emulator }, use) => {
      await use({ ARGOS_API_URL: emulator.url })
    },
  })

  test('sample documents → recognise on this computer → correct → approve → export CSV says local', async ({
    app,
    emulator,
  }) => {
    // Tesseract reads each side in seconds; on a loaded 2-core machine allow several times that.
    test.setTimeout(240_000)
    const { page, exportDir } = app
    const firstRequest = emulator.requests.length
    await expectLocalEngineShown(page)
    await setReviewer(page, 'Sam Sample') // every decision records who took it

    const manifest = await readManifest()
    await trySampleDocuments(page)
    const cases = page.getByRole('list', { name: 'Cases' })
    await expect(cases.getByRole('listitem')).toHaveCount(manifest.documents.length)

    // The upright passport (the manifest also holds one turned sideways).
    const passport = manifest.documents.find(
      (d) => /passport/i.test(d.name) && !/turn|rotat|sideways|90/i.test(`${d.name} ${d.front}`),
    )
    expect(passport, 'the manifest lists a sample passport').toBeDefined()
    const NAME = passport!.front
    const row = cases.getByRole('listitem').filter({ hasText: NAME })
    await row.getByRole('button').first().click()
    await expect(row).toHaveAttribute('aria-current', 'true')
    // No country or type is chosen: the local engine needs none (the MRZ gives them).
    await page.getByRole('button', { name: 'Recognize', exact: true }).click()
    await expect(page.getByRole('status')).toContainText('fields recognised', { timeout: 180_000 })

    const recognised = await storedCase(page, NAME)
    expect(recognised).toMatchObject({
      status: 'recognised',
      provider: 'local',
      issuingCountry: expect.any(String),
    })
    expect(recognised.idType).toBe('passport')
    await expect(page.getByRole('complementary', { name: 'Fields' })).toContainText('Read on this computer')

    // The MRZ's fields have boxes on the scan, drawn by the stage.
    const mrzKeys = ['number', 'birth', 'expire_date']
    const withBox = (await storedFields(page, NAME)).filter((f) => f.quad !== null).map((f) => f.key)
    expect(withBox).toEqual(expect.arrayContaining(mrzKeys))
    await expect
      .poll(async () => (await stageQuads(page)).map((q) => q.key))
      .toEqual(expect.arrayContaining(mrzKeys))

    // Correct one value by keyboard: the authority (printed, not in the MRZ, so no check compares it).
    const KEY = 'authority'
    const before = await storedField(page, NAME, KEY)
    expect(before, `the engine read the ${KEY}`).toBeDefined()
    const CORRECTED = `${before!.value.trim()} CORRECTED`
    await focusBody(page)
    await page.locator(`[data-field="${KEY}"]`).focus()
    await page.keyboard.press('Control+a')
    await page.keyboard.type(CORRECTED)
    await page.keyboard.press('Enter')
    await expect
      .poll(async () => storedField(page, NAME, KEY))
      .toMatchObject({ value: CORRECTED, ocrValue: before!.ocrValue, verified: true })

    // Whatever the engine read with a low score is looked at and confirmed, then Approve (A).
    await verifyDoubtfulFields(page)
    const failing = (await storedCase(page, NAME)).checks?.checks.filter((c) => c.status === 'fail') ?? []
    expect(failing.map((c) => c.id)).toEqual([])
    await focusBody(page)
    await page.keyboard.press('a')
    await expect.poll(async () => (await storedCase(page, NAME)).decision?.kind).toBe('approved')

    await page.getByRole('button', { name: 'Export CSV' }).click()
    const dialog = page.getByRole('dialog', { name: 'Export CSV' })
    await expect(dialog.getByRole('checkbox', { name: 'Decided cases only' })).toBeChecked()
    await dialog.getByRole('button', { name: 'Export', exact: true }).click()
    await expect(page.getByRole('status')).toContainText('Exported 1 case')
    const { rows } = await readExportedCsv(exportDir)
    expect(rows).toHaveLength(2)
    const [header, row1] = rows as [string[], string[]]
    const cell = (col: string) => row1[header.indexOf(col)]
    expect(cell('front_file')).toBe(NAME)
    expect(cell('provider')).toBe('local')
    expect(cell('transaction_id')).toBe('')
    expect(cell('decision')).toBe('approved')
    expect(cell('reviewer')).toBe('Sam Sample')
    expect(cell(KEY)).toBe(CORRECTED)

    // Nothing was sent anywhere: the emulator (the configured ARGOS endpoint) saw no request from this test.
    expect(emulator.requests.length - firstRequest).toBe(0)
  })
})
