// Document checks in the review screen: the Checks region with a failing MRZ check pinned to its field, Approve
// refused naming it, Apply fix (and Shift+Enter) as an ordinary recorded edit that undo sees, the check passing
// afterwards, the queue's failed-checks chip and filter, "Approve with failed checks" with a written reason (and,
// with four-eyes on, a second reviewer confirming it), and the CSV's checks_failed column.
import { FIXED_COLUMNS } from '../../electron/services/export/columns'
import { expect, test } from './fixtures'
import {
  checkItem,
  focusBody,
  importAndRecognise,
  readExportedCsv,
  setReviewer,
  storedCase,
  storedField,
} from './helpers'

const D02 = 'd02-ita-id-front.jpg'
const D05 = 'd05-mex-passport-turned-front.jpg'

test('a planted number error: the MRZ check fails on the field, Approve is refused, Apply fix repairs it', async ({
  app,
}) => {
  const { page, exportDir } = app
  await setReviewer(page, 'Ann Reviewer')
  await importAndRecognise(page, [D02, 'd02-ita-id-back.jpg'], 'ITA', 'government_id')

  // The failing check, pinned to the number field (read CA0O000AA; the MRZ says CA00000AA).
  const checks = page.getByRole('region', { name: 'Checks' })
  await expect(checks).toBeVisible()
  const match = checkItem(page, 'mrz.match.number')
  await expect(match).toHaveAttribute('data-status', 'fail')
  expect((await match.getAttribute('data-fields'))!.split(' ')).toContain('number')
  await expect(match).toContainText('CA0O000AA')
  await expect(match).toContainText('CA00000AA')
  // Failures come first in the section.
  await expect(checks.locator('[data-check]').first()).toHaveAttribute('data-status', 'fail')
  // Passes are collapsed behind a count, but stay in the DOM.
  await expect(checks.getByRole('button', { name: /\d+ passed/ })).toHaveAttribute('aria-expanded', 'false')
  expect(await checks.locator('[data-status="pass"]').count()).toBeGreaterThan(0)

  // The field row says so too, and the queue counts the failure.
  const number = page.locator('[data-field="number"]')
  await expect(page.locator('li', { has: number })).toContainText('Check failed')
  const row = page.getByRole('list', { name: 'Cases' }).getByRole('listitem').filter({ hasText: D02 })
  await expect(row.locator('[title$="check fails"], [title$="checks fail"]')).toBeVisible()

  // Selecting the check (Enter on it) selects its field and puts the caret in it.
  await match.getByRole('button').first().focus()
  await page.keyboard.press('Enter')
  await expect(number).toBeFocused()
  await expect(page.locator('li[aria-current="true"]', { has: number })).toBeVisible()

  // Approve: the doubtful number must be dealt with first; once verified, the failing check is what refuses it.
  // (A controlled box: it shows the stored state once the edit is saved, so click and wait, not check().)
  await page.getByRole('checkbox', { name: 'Verified Document number' }).click()
  await expect.poll(async () => (await storedField(page, D02, 'number'))?.verified).toBe(true)
  await focusBody(page)
  await page.keyboard.press('a')
  await expect(page.getByRole('alert')).toContainText(/Approve refused: \d+ checks? fails?/)
  await expect(page.getByRole('alert')).toContainText('mrz.match.number')
  const decision = page.getByRole('region', { name: 'Decision' })
  await expect(decision).toContainText('Not decided yet')
  await expect(decision.getByRole('button', { name: 'Approve with failed checks…' })).toBeVisible()

  // Apply fix: a recorded edit; the returned case carries fresh checks and the check passes.
  await match.getByRole('button', { name: 'Apply fix' }).click()
  await expect(number).toHaveValue('CA00000AA')
  await expect(match).toHaveAttribute('data-status', 'pass')
  await expect.poll(async () => (await storedField(page, D02, 'number'))?.value).toBe('CA00000AA')
  const fixed = await storedCase(page, D02)
  expect(fixed.history.at(-1)).toMatchObject({ key: 'number', kind: 'value', reviewer: 'Ann Reviewer' })
  expect(fixed.checks?.checks.find((c) => c.id === 'mrz.match.number')?.status).toBe('pass')

  // Undo takes it back (and the check fails again); Shift+Enter in the field applies it once more.
  await focusBody(page)
  await page.keyboard.press('Control+z')
  await expect(number).toHaveValue('CA0O000AA')
  await expect(match).toHaveAttribute('data-status', 'fail')
  await number.focus()
  await page.keyboard.press('Shift+Enter')
  await expect(number).toHaveValue('CA00000AA')
  await expect(match).toHaveAttribute('data-status', 'pass')
  await expect.poll(async () => (await storedField(page, D02, 'number'))?.value).toBe('CA00000AA')

  // The timeline shows the fix as an ordinary field edit.
  await focusBody(page)
  await page.keyboard.press('t')
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText(/"CA0O000AA" → "CA00000AA"/)
  await page.keyboard.press('t')

  // The CSV carries checks_failed right after the fixed columns; the repaired check is no longer in it.
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export CSV' })
  // The case is undecided: "Decided cases only" (on by default) would leave it out.
  await dialog.getByRole('checkbox', { name: 'Decided cases only' }).uncheck()
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  await expect(page.getByRole('status')).toContainText(/Exported 1 case to /)
  const { rows } = await readExportedCsv(exportDir)
  const [header, line] = rows as [string[], string[]]
  expect(header[FIXED_COLUMNS.length]).toBe('checks_failed')
  expect(line[FIXED_COLUMNS.length]).not.toContain('mrz.match.number')
  expect(line[header.indexOf('number')]).toBe('CA00000AA')
})

test('Approve with failed checks: a written reason, the override shown and exported; the queue filter', async ({
  app,
}) => {
  const { page, exportDir } = app
  await setReviewer(page, 'Ann Reviewer')
  await importAndRecognise(page, [D02, 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
  await importAndRecognise(page, [D05], 'MEX', 'passport')

  // Birth was read 1984-06-38: not a date, and nothing to suggest from that check.
  const invalid = checkItem(page, 'date.invalid.birth')
  await expect(invalid).toHaveAttribute('data-status', 'fail')
  expect((await invalid.getAttribute('data-fields'))!.split(' ')).toContain('birth')
  await expect(invalid.getByRole('button', { name: 'Apply fix' })).toHaveCount(0)

  // N stops at the fields that need a look; verify each of them by hand.
  const open = await page.evaluate(async () => {
    const c = (await window.api.listCases()).find((x) => x.name === 'd05-mex-passport-turned-front.jpg')!
    const doc = await window.api.getCase(c.id)
    const failing = new Set(doc.checks!.checks.filter((x) => x.status === 'fail').flatMap((x) => x.fields))
    return doc.fields
      .filter((f) => f.accepted === false || (f.score !== null && f.score < 60) || failing.has(f.key))
      .map((f) => f.key)
  })
  expect(open).toContain('birth')
  await focusBody(page)
  await page.keyboard.press('n')
  await expect(page.locator('[data-field]:focus')).toHaveAttribute('data-field', /.+/)
  expect(open).toContain(await page.locator('[data-field]:focus').getAttribute('data-field'))
  for (const key of open) {
    await page
      .locator('li', { has: page.locator(`[data-field="${key}"]`) })
      .getByRole('checkbox', { name: /^Verified / })
      .click()
    await expect.poll(async () => (await storedField(page, D05, key))?.verified).toBe(true)
  }

  // Approve is refused, naming the failing check.
  await focusBody(page)
  await page.keyboard.press('a')
  await expect(page.getByRole('alert')).toContainText('date.invalid.birth')

  // The queue: a failed-checks count per case and a filter.
  const cases = page.getByRole('list', { name: 'Cases' })
  const filters = page.getByRole('group', { name: 'Filter by status' })
  const failedFilter = filters.getByRole('button', { name: /^Failed checks/ })
  await expect(failedFilter).toHaveAttribute('aria-pressed', 'false')
  // d02 is repaired first, so only d05 is left with a failure that the filter shows.
  await cases.getByRole('listitem').filter({ hasText: D02 }).getByRole('button', { name: D02 }).click()
  await checkItem(page, 'mrz.match.number').getByRole('button', { name: 'Apply fix' }).click()
  await expect(checkItem(page, 'mrz.match.number')).toHaveAttribute('data-status', 'pass')
  const d02failing = (await storedCase(page, D02)).checks!.checks.filter((c) => c.status === 'fail').length
  await failedFilter.click()
  await expect(failedFilter).toHaveAttribute('aria-pressed', 'true')
  await expect(cases.getByRole('listitem')).toHaveCount(d02failing > 0 ? 2 : 1)
  const d05row = cases.getByRole('listitem').filter({ hasText: D05 })
  await expect(d05row.locator('[title$="check fails"], [title$="checks fail"]')).toBeVisible()
  await d05row.getByRole('button', { name: D05 }).click()
  await expect(d05row).toHaveAttribute('aria-current', 'true')
  await failedFilter.click()
  await expect(cases.getByRole('listitem')).toHaveCount(2)

  // Shift+A opens the dialog; the reason is required.
  await focusBody(page)
  await page.keyboard.press('Shift+A')
  const dialog = page.getByRole('dialog', { name: 'Approve with failed checks' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('date.invalid.birth')
  await dialog.getByRole('button', { name: 'Approve' }).click()
  await expect(dialog.getByRole('alert')).toContainText('Write why')
  await dialog.getByLabel('Reason').fill('Birth date checked on the original passport: 30 June 1984')
  await dialog.getByRole('button', { name: 'Approve' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('status')).toContainText(/Approved with \d+ failed checks?/)
  // The next case to do (d02) opens; back on d05, the decision shows its override.
  await expect(cases.getByRole('listitem').filter({ hasText: D02 })).toHaveAttribute('aria-current', 'true')
  await d05row.getByRole('button', { name: D05 }).click()
  await expect(d05row).toHaveAttribute('aria-current', 'true')
  const decision = page.getByRole('region', { name: 'Decision' })
  await expect(decision).toContainText('Approved')
  await expect(decision).toContainText('date.invalid.birth')
  await expect(decision).toContainText('Birth date checked on the original passport')
  const stored = await storedCase(page, D05)
  expect(stored.decision).toMatchObject({ kind: 'approved', reviewer: 'Ann Reviewer' })
  expect(stored.decision?.checksOverride?.checks).toContain('date.invalid.birth')
  expect(stored.decision?.checksOverride?.reason).toBe(
    'Birth date checked on the original passport: 30 June 1984',
  )

  // Exported: the approved case still lists its failed checks.
  await page
    .getByRole('list', { name: 'Cases' })
    .getByRole('checkbox', { name: `Select ${D05}` })
    .check()
  await page.getByRole('button', { name: 'Export CSV' }).click()
  await page
    .getByRole('dialog', { name: 'Export CSV' })
    .getByRole('button', { name: 'Export', exact: true })
    .click()
  await expect(page.getByRole('status')).toContainText(/Exported 1 case to /)
  const { rows } = await readExportedCsv(exportDir)
  const [header, line] = rows as [string[], string[]]
  expect(header[FIXED_COLUMNS.length]).toBe('checks_failed')
  expect(line[FIXED_COLUMNS.length]!.split(' ')).toContain('date.invalid.birth')
})

test('with four-eyes on, Approve with failed checks asks for a second reviewer, who confirms it', async ({
  app,
}) => {
  const { page } = app
  await setReviewer(page, 'Ann Reviewer', true)
  await importAndRecognise(page, [D05], 'MEX', 'passport')
  const decision = page.getByRole('region', { name: 'Decision' })
  for (const [key, label] of [
    ['birth', 'Date of birth'],
    ['authority', 'Authority'],
  ] as const) {
    await page.getByRole('checkbox', { name: `Verified ${label}` }).click()
    await expect.poll(async () => (await storedField(page, D05, key))?.verified).toBe(true)
  }

  await decision.getByRole('button', { name: 'Approve with failed checks…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Approve with failed checks' })
  await expect(dialog).toContainText('another reviewer must confirm')
  await dialog.getByLabel('Reason').fill('Seen the original')
  await dialog.getByRole('button', { name: 'Approve' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('status')).toContainText('Second review requested')
  await expect(decision).toContainText('Needs second review')
  await expect(decision).toContainText('Approval with failed checks requested')

  // The same reviewer cannot confirm it.
  const confirmRefused = async () => {
    await focusBody(page)
    await page.keyboard.press('Shift+A')
    await dialog.getByLabel('Reason').fill('Still fine')
    await dialog.getByRole('button', { name: 'Approve' }).click()
    await expect(dialog.getByRole('alert')).toContainText('another reviewer must confirm')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
  }
  await confirmRefused()

  // Retyping the display name does not make another reviewer: four-eyes goes by the OS account.
  await setReviewer(page, 'Bob')
  await confirmRefused()

  // Another account does (the decision bar says who is deciding).
  await app.setAccount('reviewer-b')
  await setReviewer(page, 'Bob Checker')
  await expect(decision.getByLabel('Reviewer account')).toHaveText('reviewer-b')
  await focusBody(page)
  await page.keyboard.press('Shift+A')
  await expect(dialog).toContainText('Ann Reviewer asked to approve with failed checks')
  await dialog.getByLabel('Reason').fill('Confirmed against the original')
  await page.keyboard.press('Control+Enter')
  await expect(dialog).toBeHidden()
  await expect(decision).toContainText('Approved')
  await expect(decision).toContainText('by Bob Checker (reviewer-b)')
  const stored = await storedCase(page, D05)
  expect(stored.decision).toMatchObject({ kind: 'approved', reviewer: 'Bob Checker', account: 'reviewer-b' })
})

test('recognised as the wrong country: the check offers the MRZ’s country and type in one step', async ({
  app,
}) => {
  const { page } = app
  await importAndRecognise(page, [D02, 'd02-ita-id-back.jpg'], 'FRA', 'passport')
  const country = checkItem(page, 'country.match')
  await expect(country).toHaveAttribute('data-status', 'fail')
  await expect(checkItem(page, 'type.match')).toHaveAttribute('data-status', 'fail')
  await country.getByRole('button', { name: 'Recognize as Italy · Government ID' }).click()
  await expect(page.getByRole('status')).toContainText('fields recognised')
  await expect(country).toHaveAttribute('data-status', 'pass')
  await expect(checkItem(page, 'type.match')).toHaveAttribute('data-status', 'pass')
  await expect(page.getByLabel('Issuing country')).toHaveValue('ITA')
  await expect(page.getByLabel('ID type')).toHaveValue('government_id')
  expect(await storedCase(page, D02)).toMatchObject({ issuingCountry: 'ITA', idType: 'government_id' })
})
