// Where boxes come from when the provider gives no `original_coordinates` (README "Canvas", electron/services/
// fields.ts): a field with only processed `coordinates` is placed through a homography fitted on the fields that
// have both, and lands on the truth; a field with neither, or whose fitted box cannot be trusted, gets no box and
// its row says "no position" instead of a box in the wrong place.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import sharp from 'sharp'
import { fixturePath } from '../support/paths'
import { expect, test } from './fixtures'
import {
  chooseDocument,
  expectBoxesAtTruth,
  importScans,
  stageQuads,
  storedField,
  storedFields,
} from './helpers'

type RawMap = Record<string, Record<string, unknown>>

const D05 = 'd05-mex-passport-turned'
const D05_FILE = `${D05}-front.jpg`
const D01 = 'd01-utopia-passport'

/** The field row (list item) that holds the field's input. */
const fieldRow = (page: Page, key: string) =>
  page.getByRole('listitem').filter({ has: page.locator(`[data-field="${key}"]`) })

async function recogniseWithNotice(page: Page, country: string, idType: string, notice: string) {
  await chooseDocument(page, country, idType)
  await page.getByRole('button', { name: 'Recognize', exact: true }).click()
  await expect(page.getByRole('status')).toHaveText(notice)
  await expect.poll(async () => (await stageQuads(page)).length).toBeGreaterThan(0)
}

async function fixtureRaw(id: string): Promise<{ response: Record<string, unknown>; raw: RawMap }> {
  const response = JSON.parse(await readFile(fixturePath(`${id}.response.json`), 'utf8')) as {
    result: { data: { raw: RawMap } }
  }
  return { response, raw: response.result.data.raw }
}

test('a field with only processed coordinates is placed by the fitted homography, on the truth (d05 expiry)', async ({
  app,
}) => {
  const { page } = app
  // The fixture's answer gives the expiry date only in processed-card pixels: nothing but the fit can place it.
  const { raw } = await fixtureRaw(D05)
  expect(raw.expire_date).toHaveProperty('coordinates')
  expect(raw.expire_date).not.toHaveProperty('original_coordinates')

  await importScans(page, D05_FILE)
  await expect(page.getByRole('status')).toContainText(`Imported ${D05_FILE}`)
  await recogniseWithNotice(
    page,
    'MEX',
    'passport',
    `${D05_FILE}: 11 fields recognised (11 with a box, 1 placed by fit)`,
  )
  expect(await storedField(page, D05_FILE, 'expire_date')).toMatchObject({ quadSource: 'mapped' })
  // The fitted box sits on the printed date: every corner within a few pixels of where the truth says it is
  // (the processed and original coordinates are each rounded to whole pixels).
  await expectBoxesAtTruth(page, D05, 'front', { keys: ['expire_date'], tolerance: 4 })
  await expectBoxesAtTruth(page, D05, 'front')
  // Its row says the box was fitted (to be checked by eye); no row lacks a position.
  await expect(fieldRow(page, 'expire_date')).toContainText('mapped')
  await expect(page.getByText('no position', { exact: true })).toHaveCount(0)
})

test('a field without a usable position is listed with "no position" and gets no box', async ({
  app,
  emulator,
}) => {
  const { page } = app
  // A document of its own for the emulator (the d01 passport, negated so it matches nothing else), answered with
  // d01's fields except: authority with no coordinates at all; issue_date with processed coordinates only, far
  // outside the card (the fit would put it off the image); expire_date with processed coordinates only (placeable).
  const { response, raw } = await fixtureRaw(D01)
  delete raw.authority!.coordinates
  delete raw.authority!.original_coordinates
  delete raw.issue_date!.original_coordinates
  const off = raw.issue_date!.coordinates as Record<string, { x: number; y: number }>
  for (const corner of Object.values(off)) corner.x += 4000
  delete raw.expire_date!.original_coordinates
  const front = await sharp(fixturePath(`${D01}-front.jpg`))
    .negate({ alpha: false })
    .jpeg()
    .toBuffer()
  await emulator.registerDocument({
    id: 'placement-no-position',
    front,
    response,
    idType: 'passport',
    issuingCountry: 'NZL',
  })
  const name = 'no-position-passport.jpg'
  const path = join(app.userDataDir, '..', name)
  await writeFile(path, front)

  await page.getByLabel('Import scans').setInputFiles([path])
  await expect(page.getByRole('status')).toContainText(`Imported ${name}`)
  await recogniseWithNotice(
    page,
    'NZL',
    'passport',
    `${name}: 11 fields recognised (9 with a box, 1 placed by fit)`,
  )

  // Stored without a box, and with their values: the reading is kept, only the position is missing.
  for (const [key, value] of [
    ['authority', 'DIA'],
    ['issue_date', '2020-05-05'],
  ] as const) {
    expect(await storedField(page, name, key), key).toMatchObject({ value, quad: null, quadSource: 'none' })
    await expect(fieldRow(page, key)).toContainText('no position')
    await expect(page.locator(`[data-field="${key}"]`)).toHaveValue(value)
  }
  expect(await storedField(page, name, 'expire_date')).toMatchObject({ quadSource: 'mapped' })
  await expect(fieldRow(page, 'expire_date')).toContainText('mapped')
  await expect(fieldRow(page, 'expire_date')).not.toContainText('no position')
  await expect(page.getByText('no position', { exact: true })).toHaveCount(2)

  // The canvas draws every other field, on the truth (the negated scan has d01's geometry), and nothing for these.
  const drawn = (await stageQuads(page)).map((q) => q.key)
  expect(drawn).not.toContain('authority')
  expect(drawn).not.toContain('issue_date')
  expect(drawn).toHaveLength(9)
  const boxed = (await storedFields(page, name)).filter((f) => f.quad !== null).map((f) => f.key)
  expect(drawn.sort()).toEqual(boxed.sort())
  await expectBoxesAtTruth(page, D01, 'front', { keys: boxed, tolerance: 4 })
})
