// Export through the UI: the dialog's scope (the list as filtered, or the checked cases), its options, the file the
// scripted save dialog puts in the export folder (parsed and checked cell by cell), JSON with quads and audit logs,
// and the question about undecided cases.
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Page } from '@playwright/test'
import { FIXED_COLUMNS } from '../../electron/services/export/columns'
import type { ExportDocument } from '../../electron/services/export/json'
import { expect, test } from './fixtures'
import { focusBody, importAndRecognise } from './helpers'

const D02 = 'd02-ita-id-front.jpg'
const D01 = 'd01-utopia-passport-front.jpg'
const D05 = 'd05-mex-passport-turned-front.jpg'

/**
 * Three recognised cases, imported in this order: d02 (front + back) sent for second review, d01 rejected, d05
 * undecided (and open). The reviewer is "Ann Reviewer".
 */
async function threeCases(page: Page): Promise<Record<string, string>> {
  await page.getByRole('button', { name: 'Settings' }).click()
  const settings = page.getByRole('dialog', { name: 'Settings' })
  await settings.getByLabel('Reviewer name').fill('Ann Reviewer')
  await settings.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('Settings saved')
  await settings.getByRole('button', { name: 'Close' }).click()

  const decision = page.getByRole('region', { name: 'Decision' })
  await importAndRecognise(page, [D02, 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
  await decision.getByRole('button', { name: 'Second review' }).click()
  await expect(decision).toContainText('Needs second review')

  await importAndRecognise(page, [D01], 'NZL', 'passport')
  await decision.getByRole('button', { name: 'Reject…' }).click()
  const reject = page.getByRole('dialog', { name: 'Reject case' })
  await reject.getByLabel('Reason').selectOption('Document expired')
  await reject.getByLabel(/Note/).fill('expired in 2019')
  await reject.getByRole('button', { name: 'Reject' }).click()
  await expect(reject).toBeHidden()
  await expect(decision).toContainText('Rejected — Document expired')

  await importAndRecognise(page, [D05], 'MEX', 'passport')
  const cases = await page.evaluate(() => window.api.listCases())
  return Object.fromEntries(cases.map((c) => [c.name, c.id]))
}

/** Waits for exactly one file with this extension in the export folder; its name and text. */
async function exportedFile(exportDir: string, ext: string): Promise<{ name: string; text: string }> {
  let files: string[] = []
  await expect
    .poll(async () => {
      files = (await readdir(exportDir).catch(() => [])).filter((f) => f.endsWith(ext))
      return files.length
    })
    .toBe(1)
  const name = files[0]!
  return { name, text: await readFile(join(exportDir, name), 'utf8') }
}

test('CSV of the filtered list, with a semicolon, masked numbers and no MRZ', async ({ app, emulator }) => {
  const { page, exportDir } = app
  const ids = await threeCases(page)

  // The list filtered to the two decided cases.
  const filters = page.getByRole('group', { name: 'Filter by status' })
  await filters.getByRole('button', { name: /^Status/ }).click()
  await filters.getByRole('button', { name: /^Second review/ }).click()
  await filters.getByRole('button', { name: /^Rejected/ }).click()
  await expect(page.getByRole('list', { name: 'Cases' }).getByRole('listitem')).toHaveCount(2)

  await page.getByRole('button', { name: 'Export CSV' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export CSV' })
  await expect(dialog).toContainText('All 2 cases in the list (filter: Second review, Rejected)')
  await expect(dialog.getByRole('checkbox', { name: 'Byte order mark (Excel)' })).toBeChecked()
  await expect(dialog.getByRole('radio', { name: 'Comma' })).toBeChecked()
  await dialog.getByRole('radio', { name: 'Semicolon' }).check()
  await dialog.getByRole('checkbox', { name: 'Mask document numbers (keep the last 4)' }).check()
  await dialog.getByRole('checkbox', { name: 'Leave out MRZ lines' }).check()
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await expect(page.getByRole('status')).toContainText(/Exported 2 cases to recto-export-\d{8}-\d{4}\.csv/)
  await expect(dialog).toBeHidden()

  const { name, text } = await exportedFile(exportDir, '.csv')
  expect(name).toMatch(/^recto-export-\d{8}-\d{4}\.csv$/)
  expect((await stat(join(exportDir, name))).mode & 0o777).toBe(0o600)
  expect(text.startsWith('\uFEFF"case_id";"transaction_id";')).toBe(true)
  expect(text.endsWith('"\r\n')).toBe(true)
  expect(text).not.toContain(emulator.apiKey)
  const [header, ...rows] = parse(text.slice(1), { delimiter: ';' }) as [string[], ...string[][]]
  expect(header).toEqual([
    ...FIXED_COLUMNS,
    'checks_failed',
    'name',
    'given_name',
    'number',
    'birth',
    'gender',
    'nationality',
    'issue_date',
    'expire_date',
    'authority',
    'back_address',
    'back_authority',
    'back_issue_date',
  ])
  const cells = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])))
  expect(cells.map((c) => c.case_id)).toEqual([ids[D02], ids[D01]])
  expect(cells[0]).toMatchObject({
    front_file: D02,
    back_file: 'd02-ita-id-back.jpg',
    issuing_country: 'ITA',
    id_type: 'government_id',
    decision: 'second_review',
    decision_reason: '',
    reviewer: 'Ann Reviewer',
    name: 'ROSSI GIULIA',
    number: '*****00AA', // CA0O000AA as read, masked
    birth: '1988-07-07',
    issue_date: '',
    back_address: 'VIA ROMA 1, 00100 ROMA',
    back_issue_date: '2019-09-09',
  })
  expect(cells[1]).toMatchObject({
    front_file: D01,
    back_file: '',
    issuing_country: 'NZL',
    decision: 'rejected',
    decision_reason: 'Document expired: expired in 2019',
    reviewer: 'Ann Reviewer',
    name: 'TAMIHANA AR0HA',
    number: '*****4567',
    authority: 'DIA',
  })
  expect(cells[0]!.decided_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)

  // Each case in the file has the export in its audit log, by file name.
  for (const id of [ids[D02]!, ids[D01]!]) {
    const audit = await page.evaluate((caseId) => window.api.getAudit(caseId), id)
    expect(audit.entries.at(-1)).toMatchObject({ type: 'exported', details: { format: 'csv', file: name } })
  }
  const d05 = await page.evaluate((caseId) => window.api.getAudit(caseId), ids[D05]!)
  expect(d05.entries.some((e) => e.type === 'exported')).toBe(false)

  // The options are remembered for the session.
  await page.getByRole('button', { name: 'Export CSV' }).click()
  await expect(dialog.getByRole('radio', { name: 'Semicolon' })).toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: 'Leave out MRZ lines' })).toBeChecked()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
})

test('JSON of two checked cases, opened with Ctrl+Shift+E', async ({ app }) => {
  const { page, exportDir } = app
  const ids = await threeCases(page)
  const list = page.getByRole('list', { name: 'Cases' })
  // d05 is open for review; only the checked cases are exported.
  await expect(list.getByRole('listitem').filter({ hasText: D05 })).toHaveAttribute('aria-current', 'true')

  const selectAll = page.getByRole('checkbox', { name: 'Select all shown' })
  await expect(selectAll).not.toBeChecked()
  await page.getByRole('checkbox', { name: `Select ${D01}` }).check()
  await page.getByRole('checkbox', { name: `Select ${D02}` }).check()
  await expect(selectAll).toBeChecked({ indeterminate: true })
  await expect(page.getByRole('navigation', { name: 'Case queue' })).toContainText('2 selected')
  // Checking a case does not open it.
  await expect(list.getByRole('listitem').filter({ hasText: D05 })).toHaveAttribute('aria-current', 'true')

  await focusBody(page)
  await page.keyboard.press('Control+Shift+E')
  const dialog = page.getByRole('dialog', { name: 'Export JSON' })
  await expect(dialog).toContainText('The 2 checked cases')
  await expect(dialog).toContainText('All 2 decided')
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await expect(page.getByRole('status')).toContainText(/Exported 2 cases to recto-export-\d{8}-\d{4}\.json/)

  const { name, text } = await exportedFile(exportDir, '.json')
  expect((await stat(join(exportDir, name))).mode & 0o777).toBe(0o600)
  const doc = JSON.parse(text) as ExportDocument
  // In the list's order (oldest first), whatever order they were checked in.
  expect(doc.cases.map((c) => c.id)).toEqual([ids[D02], ids[D01]])
  const [d02, d01] = doc.cases as [ExportDocument['cases'][number], ExportDocument['cases'][number]]
  expect(d02).toMatchObject({ frontFile: D02, backFile: 'd02-ita-id-back.jpg', decision: 'second_review' })
  expect(d01).toMatchObject({ decision: 'rejected', decisionReason: 'Document expired' })
  // Every field with its box, as the case stores it (image pixels, the API's point order).
  const stored = await page.evaluate((id) => window.api.getCase(id), ids[D01]!)
  for (const f of stored.fields) {
    const out = d01.fields.find((x) => x.key === f.key)
    expect(out, f.key).toMatchObject({ value: f.value, ocrValue: f.ocrValue, score: f.score })
    expect(out!.quad).toEqual(f.quad)
  }
  expect(d01.fields.filter((f) => f.quad?.length === 4).length).toBe(stored.fields.length)
  // In order (other events, e.g. a change of country or type, may come between).
  const main = ['imported', 'sent', 'recognised', 'decided']
  expect((d01.audit as { type: string }[]).map((e) => e.type).filter((t) => main.includes(t))).toEqual(main)

  // Clear empties the selection; "Select all shown" then checks every case shown.
  await page.getByRole('button', { name: 'Clear selection' }).click()
  await expect(selectAll).not.toBeChecked()
  await selectAll.check()
  await expect(page.getByRole('checkbox', { name: `Select ${D05}` })).toBeChecked()
  await expect(page.getByRole('navigation', { name: 'Case queue' })).toContainText('3 selected')
})

test('undecided cases: "Decided cases only" leaves them out, else the export asks first', async ({ app }) => {
  const { page, exportDir } = app
  const ids = await threeCases(page)
  const decision = page.getByRole('region', { name: 'Decision' })

  await page.getByRole('button', { name: 'Export CSV' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export CSV' })
  const decidedOnly = dialog.getByRole('checkbox', { name: 'Decided cases only' })
  await expect(dialog).toContainText('All 3 cases in the list')
  await expect(dialog).toContainText('2 of 3 decided')
  // On by default.
  await expect(decidedOnly).toBeChecked()
  // No shortcut of the window acts behind the dialog: S would send the open case (d05) for second review.
  await decidedOnly.focus()
  await page.keyboard.press('s')
  await page.keyboard.press('Space')
  await expect(decidedOnly).not.toBeChecked()
  await expect(dialog).toContainText('1 without a decision — you will be asked to confirm')
  await page.keyboard.press('Space')
  await expect(decidedOnly).toBeChecked()
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('Exported 2 cases to')
  const first = await exportedFile(exportDir, '.csv')
  expect(
    parse(first.text.slice(1))
      .slice(1)
      .map((r: string[]) => r[0]),
  ).toEqual([ids[D02], ids[D01]])
  await expect(decision).toContainText('Not decided yet')

  // Without "decided only" the undecided case is included once the reviewer confirms (the scripted message box
  // answers yes).
  await page.getByRole('button', { name: 'Export CSV' }).click()
  await dialog.getByRole('checkbox', { name: 'Decided cases only' }).uncheck()
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('Exported 3 cases to')
  const audit = await page.evaluate((id) => window.api.getAudit(id), ids[D05]!)
  expect(audit.entries.filter((e) => e.type === 'exported')).toHaveLength(1)
})

test.describe('when the reviewer answers no', () => {
  test.use({ confirmAnswer: false })

  test('nothing is written or recorded, and the dialog stays open', async ({ app }) => {
    const { page, exportDir } = app
    const ids = await threeCases(page)
    await page.getByRole('button', { name: 'Export JSON' }).click()
    const dialog = page.getByRole('dialog', { name: 'Export JSON' })
    await dialog.getByRole('checkbox', { name: 'Decided cases only' }).uncheck()
    await dialog.getByRole('button', { name: 'Export', exact: true }).click()
    await expect(page.getByRole('status')).toContainText('Export canceled: nothing was written')
    await expect(dialog).toBeVisible()
    expect(await readdir(exportDir).catch(() => [])).toEqual([])
    for (const id of Object.values(ids)) {
      const audit = await page.evaluate((caseId) => window.api.getAudit(caseId), id)
      expect(audit.entries.some((e) => e.type === 'exported')).toBe(false)
    }
    // "Decided cases only" needs no question.
    await dialog.getByRole('checkbox', { name: 'Decided cases only' }).check()
    await dialog.getByRole('button', { name: 'Export', exact: true }).click()
    await expect(page.getByRole('status')).toContainText('Exported 2 cases to')
    const { text } = await exportedFile(exportDir, '.json')
    expect((JSON.parse(text) as ExportDocument).cases.map((c) => c.id)).toEqual([ids[D02], ids[D01]])
  })
})

test('safe defaults the first time, the choices remembered, and Show in folder', async ({ app }) => {
  const { page, exportDir } = app
  await threeCases(page)

  // First time: decided cases only, ISO dates (and the BOM); nothing else.
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export CSV' })
  const box = (name: string) => dialog.getByRole('checkbox', { name })
  await expect(box('Decided cases only')).toBeChecked()
  await expect(box('Dates as ISO 8601 where unambiguous')).toBeChecked()
  await expect(box('Byte order mark (Excel)')).toBeChecked()
  await expect(box('Mask document numbers (keep the last 4)')).not.toBeChecked()
  await expect(dialog).toContainText('2 rows.')

  // Choices made here are saved with the export, in the main process's settings.
  await dialog.getByRole('radio', { name: 'Semicolon' }).check()
  await box('Dates as ISO 8601 where unambiguous').uncheck()
  await box('Mask document numbers (keep the last 4)').check()
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await expect(dialog).toBeHidden()
  const status = page.getByRole('status')
  const { name } = await exportedFile(exportDir, '.csv')
  await expect(status).toHaveText(`Exported 2 cases to ${name} in ${exportDir}`)
  const saved = await page.evaluate(() => window.api.getSettings())
  expect(saved.export).toEqual({
    decidedOnly: true,
    csv: expect.objectContaining({ delimiter: ';', normaliseDates: false, maskDocumentNumbers: true }),
  })

  // Show in folder reveals exactly the file written (the scripted host records the call).
  await page.getByRole('button', { name: 'Show in folder' }).click()
  const revealed = join(exportDir, '.recto-revealed.log')
  await expect
    .poll(async () => (await readFile(revealed, 'utf8').catch(() => '')).split('\n').filter(Boolean))
    .toEqual([join(exportDir, name)])
  // Any other path is refused by the main process.
  const refusal = await page.evaluate(() =>
    window.api.revealExport('/etc/passwd').then(
      () => 'shown',
      (e: Error) => e.message,
    ),
  )
  expect(refusal).toContain('only opens files exported in this session')

  // A new window (reload) starts from the remembered choices.
  await page.reload()
  await expect(page.getByRole('list', { name: 'Cases' }).getByRole('listitem')).toHaveCount(3)
  await page.getByRole('button', { name: 'Export CSV' }).click()
  await expect(dialog.getByRole('radio', { name: 'Semicolon' })).toBeChecked()
  await expect(box('Dates as ISO 8601 where unambiguous')).not.toBeChecked()
  await expect(box('Mask document numbers (keep the last 4)')).toBeChecked()
  await expect(box('Decided cases only')).toBeChecked()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
})
