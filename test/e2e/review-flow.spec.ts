// The whole job once, through the automation contract: import front+back → recognise against the ARGOS
// emulator → boxes on the canvas where the truth says → correct a value → export CSV, checked cell by cell.
import { readFile } from 'node:fs/promises'
import { loadTruth, truthFields } from '../support/truth'
import { expect, test } from './fixtures'
import { chooseDocument, distance, importScans, readExportedCsv, stageQuads } from './helpers'

test('import, recognise, see boxes, correct a value and export CSV', async ({ app, emulator }) => {
  const { page, exportDir } = app
  const truth = loadTruth('d02-ita-id')

  await importScans(page, 'd02-ita-id-front.jpg', 'd02-ita-id-back.jpg')
  await expect(page.getByRole('status')).toContainText('Imported')
  const cases = page.getByRole('list', { name: 'Cases' })
  await expect(cases.getByRole('listitem')).toHaveCount(1)
  await expect(cases.getByRole('listitem').first()).toHaveAttribute('aria-current', 'true')

  await chooseDocument(page, 'ITA', 'government_id')
  await page.getByRole('button', { name: 'Recognize', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('13 fields recognised')
  expect(emulator.requests.at(-1)).toMatchObject({
    keyValid: true,
    issuingCountry: 'ITA',
    idType: 'government_id',
    status: 200,
  })

  // Every field has its value input; the front's boxes are drawn on the true quads.
  for (const f of truthFields(truth)) {
    await expect(page.locator(`[data-field="${f.responseKey}"]`)).toHaveValue(f.ocr)
  }
  await expect.poll(async () => (await stageQuads(page)).length).toBeGreaterThan(0)
  const drawn = await stageQuads(page)
  const front = truthFields(truth).filter((f) => f.side === 'front')
  expect(drawn.map((q) => q.key).sort()).toEqual(front.map((f) => f.responseKey).sort())
  for (const f of front) {
    const q = drawn.find((d) => d.key === f.responseKey)!
    q.points.forEach((p, i) =>
      expect(distance(p, f.origQuad[i]!), `${f.responseKey} corner ${i}`).toBeLessThan(2),
    )
  }

  // Correct the planted OCR error (CA0O000AA → CA00000AA); it is saved at once.
  const number = page.locator('[data-field="number"]')
  await number.fill('CA00000AA')
  await number.blur()
  await expect
    .poll(async () => (await page.evaluate(() => window.api.listCases()))[0]?.updatedAt)
    .toBeTruthy()
  await expect
    .poll(async () => {
      const [c] = await page.evaluate(() => window.api.listCases())
      const full = await page.evaluate((id) => window.api.getCase(id), c!.id)
      return full.fields.find((f) => f.key === 'number')?.value
    })
    .toBe('CA00000AA')

  await page.getByRole('button', { name: 'Export CSV' }).click()
  const exportDialog = page.getByRole('dialog', { name: 'Export CSV' })
  // Undecided: "Decided cases only" (the default) would leave it out, and Export says so by being disabled.
  await expect(exportDialog.getByRole('button', { name: 'Export', exact: true })).toBeDisabled()
  await exportDialog.getByRole('checkbox', { name: 'Decided cases only' }).uncheck()
  await exportDialog.getByRole('button', { name: 'Export', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('Exported 1')
  const { raw, rows } = await readExportedCsv(exportDir)
  expect(raw.startsWith('\uFEFF')).toBe(true)
  expect(rows).toHaveLength(2)
  const [header, row] = rows as [string[], string[]]
  const cell = (col: string) => row[header.indexOf(col)]
  // The fixed leading columns, spelled out: this is the contract downstream systems import.
  const FIXED = [
    'case_id',
    'transaction_id',
    'front_file',
    'back_file',
    'issuing_country',
    'id_type',
    'document_type',
    'provider',
    'decision',
    'decision_reason',
    'reviewer',
    'decided_at',
  ]
  expect(header.slice(0, FIXED.length)).toEqual(FIXED)
  expect(cell('case_id')).toMatch(/^[0-9a-f-]{36}$/)
  expect(cell('front_file')).toBe('d02-ita-id-front.jpg')
  expect(cell('back_file')).toBe('d02-ita-id-back.jpg')
  expect(cell('issuing_country')).toBe('ITA')
  expect(cell('id_type')).toBe('government_id')
  expect(cell('document_type')).toBe('td1')
  expect(cell('transaction_id')).toBe(emulator.requests.at(-1)!.transactionId)
  expect(cell('decision')).toBe('') // undecided: exported after the (scripted) confirmation
  // Every field column holds the true value: the OCR value where it was right, the correction where it was not.
  // The field columns follow the fixed columns and checks_failed (empty: the corrections cleared every check).
  expect(header[FIXED.length]).toBe('checks_failed')
  expect(cell('checks_failed')).toBe('')
  expect(header.slice(FIXED.length + 1).sort()).toEqual(
    truthFields(truth)
      .map((f) => f.responseKey)
      .sort(),
  )
  for (const f of truthFields(truth)) expect(cell(f.responseKey), f.responseKey).toBe(f.truth)

  // The API key never reached the page or the export.
  expect(await page.content()).not.toContain(emulator.apiKey)
  expect(raw).not.toContain(emulator.apiKey)
  expect(await readFile(`${exportDir}/../user-data/settings.json`, 'utf8').catch(() => '')).not.toContain(
    emulator.apiKey,
  )
})
