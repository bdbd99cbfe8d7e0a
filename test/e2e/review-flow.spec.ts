// The whole job once, through the automation contract: import front+back → recognise against the ARGOS
// emulator → boxes on the canvas where the truth says → correct a value → export CSV, checked cell by cell.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { loadTruth, truthFields } from '../support/truth'
import { expect, test } from './fixtures'
import {
  chooseDocument,
  distance,
  filesUnder,
  importScans,
  readExportedCsv,
  rendererState,
  stageQuads,
  storedField,
} from './helpers'

const NAME = 'd02-ita-id-front.jpg'

test('import, recognise, see boxes, correct a value and export CSV', async ({ app, emulator }) => {
  const { page, exportDir } = app
  const truth = loadTruth('d02-ita-id')
  const consoleLines: string[] = []
  page.on('console', (m) => consoleLines.push(m.text()))
  // The emulator serves the whole worker: this test's requests are the ones after this point.
  const firstRequest = emulator.requests.length

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
  // Waits for what the main process stored, not for a field that was already set before the edit.
  const number = page.locator('[data-field="number"]')
  const before = await storedField(page, NAME, 'number')
  expect(before).toMatchObject({ value: 'CA0O000AA', ocrValue: 'CA0O000AA' })
  await number.fill('CA00000AA')
  await number.blur()
  await expect.poll(async () => (await storedField(page, NAME, 'number'))?.value).toBe('CA00000AA')
  expect(await storedField(page, NAME, 'number')).toMatchObject({ ocrValue: 'CA0O000AA' })

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

  // The API key was in use (ARGOS accepted it) yet never reached the renderer, the export or a plain file of the
  // profile. Each place is first shown to be really read (it holds something known), so a missing file or an
  // empty read fails instead of passing. Booleans, so a failure does not print the case data.
  const mine = emulator.requests.slice(firstRequest)
  expect(mine.length).toBeGreaterThan(0)
  expect(mine.every((r) => r.keyValid)).toBe(true)
  const key = emulator.apiKey
  const holdsKey = (text: string | Buffer) => text.includes(key)
  const renderer = await rendererState(page)
  expect(
    renderer.includes('d02-ita-id-front.jpg') && renderer.includes('CA00000AA'),
    'the renderer state read',
  ).toBe(true)
  expect(holdsKey(renderer), 'the API key in the renderer (DOM, inputs, storage, api answers)').toBe(false)
  expect(holdsKey(consoleLines.join('\n')), 'the API key in the page console').toBe(false)
  if (app.host === 'chromium') {
    const serviceLog = app.serviceLog().join('\n')
    expect(serviceLog.includes('recognize: sending case'), 'the service log read').toBe(true)
    expect(holdsKey(serviceLog), 'the API key in the service log').toBe(false)
  }
  expect(raw.includes('CA00000AA'), 'the export read').toBe(true)
  expect(holdsKey(raw), 'the API key in the export').toBe(false)
  // The export choices were remembered, so the settings file exists and must be readable.
  const settings = await readFile(join(app.userDataDir, 'settings.json'), 'utf8')
  expect(JSON.parse(settings)).toHaveProperty('export')
  expect(holdsKey(settings), 'the API key in settings.json').toBe(false)
  const profile = await filesUnder(app.userDataDir)
  expect(profile.length).toBeGreaterThan(1)
  for (const file of profile) expect(holdsKey(await readFile(file)), file).toBe(false)
})
