// Decisions and the audit trail through the UI: the reviewer name from Settings, a keyboard correction, the
// rubber-stamp guard refusing Approve, a rejection with a reason and a note, the queue filtered by status and
// searched, and the case timeline listing the edits and the decision with the chain verified.
import { expect, test } from './fixtures'
import { focusBody, importAndRecognise, openCase, storedField } from './helpers'

test('decide with a reason, filter the queue, and read the edits in the timeline', async ({ app }) => {
  const { page } = app
  await page.getByRole('button', { name: 'Settings' }).click()
  const settings = page.getByRole('dialog', { name: 'Settings' })
  await settings.getByLabel('Reviewer name').fill('Ann Reviewer')
  // The decision is read back on its own case: no moving on to the next case to do (flow.spec.ts covers that).
  await settings.getByLabel('Open the next case after a decision').uncheck()
  await settings.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('Settings saved')
  await settings.getByRole('button', { name: 'Close' }).click()

  await importAndRecognise(page, ['d02-ita-id-front.jpg', 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
  await importAndRecognise(page, ['d01-utopia-passport-front.jpg'], 'NZL', 'passport')

  // Approve with doubtful fields left unchecked: refused, with the reason, and nothing decided.
  await focusBody(page)
  await page.keyboard.press('a')
  await expect(page.getByRole('alert')).toContainText(/Approve refused: \d+ fields? needs? attention/)
  const decision = page.getByRole('region', { name: 'Decision' })
  await expect(decision).toContainText('Not decided yet')

  // Correct the first doubtful field by keyboard: N, type, Enter.
  await page.keyboard.press('n')
  const focused = page.locator('[data-field]:focus')
  await expect(focused).toBeVisible()
  const key = await focused.getAttribute('data-field')
  await page.keyboard.press('Control+a')
  await page.keyboard.type('CORRECTED VALUE')
  await page.keyboard.press('Enter')
  // Enter confirmed the field and left it: no input keeps the focus, so a stray key cannot land in a field.
  await expect(page.locator('[data-field]:focus')).toHaveCount(0)
  await expect
    .poll(async () => (await storedField(page, 'd01-utopia-passport-front.jpg', key!))?.value)
    .toBe('CORRECTED VALUE')

  // Reject by keyboard with a reason from the list and a note.
  await focusBody(page)
  await page.keyboard.press('r')
  const reject = page.getByRole('dialog', { name: 'Reject case' })
  // The dialog owns the keyboard: S (second review) behind it does nothing.
  await reject.getByRole('button', { name: 'Cancel' }).focus()
  await page.keyboard.press('s')
  await expect(reject).toBeVisible()
  await expect(decision).toContainText('Not decided yet')
  await reject.getByRole('button', { name: 'Reject' }).click()
  await expect(reject.getByRole('alert')).toContainText('Choose a reason')
  await reject.getByLabel('Reason').selectOption('Document expired')
  await reject.getByLabel(/Note/).fill('Expired in 2019')
  await reject.getByRole('button', { name: 'Reject' }).click()
  await expect(reject).toBeHidden()
  await expect(page.getByRole('status')).toContainText('Rejected')
  await expect(decision).toContainText('Rejected — Document expired by Ann Reviewer')
  await expect(decision).toContainText('Expired in 2019')

  // The queue: filter by status, then search by file name.
  const cases = page.getByRole('list', { name: 'Cases' })
  await expect(cases.getByRole('listitem')).toHaveCount(2)
  const filters = page.getByRole('group', { name: 'Filter by status' })
  await filters.getByRole('button', { name: /^Status/ }).click()
  await filters.getByRole('button', { name: /^Rejected/ }).click()
  await expect(cases.getByRole('listitem')).toHaveCount(1)
  await expect(cases.getByRole('listitem').first()).toContainText('d01-utopia-passport-front.jpg')
  await filters.getByRole('button', { name: /^All/ }).click()
  await page.getByRole('searchbox', { name: 'Search cases' }).fill('ita-id')
  await expect(cases.getByRole('listitem')).toHaveCount(1)
  await expect(cases.getByRole('listitem').first()).toContainText('d02-ita-id-front.jpg')
  await page.getByRole('searchbox', { name: 'Search cases' }).fill('')
  await expect(cases.getByRole('listitem')).toHaveCount(2)

  // The timeline of the rejected case: import, recognition, the correction, the decision; chain verified.
  await openCase(page, 'd01-utopia-passport-front.jpg')
  await focusBody(page)
  await page.keyboard.press('t')
  const timeline = page.getByRole('region', { name: 'Timeline' })
  await expect(timeline).toContainText(/Audit trail intact: \d+ events, hash chain verified/)
  const items = timeline.getByRole('listitem')
  await expect(items.first()).toContainText('Rejected: Document expired — Expired in 2019')
  await expect(items.first()).toContainText('Ann Reviewer')
  await expect(timeline).toContainText(/changed: ".*" → "CORRECTED VALUE"/)
  await expect(timeline).toContainText(/marked verified/)
  await expect(timeline).toContainText('Recognised')
  await expect(items.last()).toContainText('Imported d01-utopia-passport-front.jpg')
  expect(key).toBeTruthy()
})
