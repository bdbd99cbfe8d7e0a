// Approve through the UI, end to end: a recognised case with its one doubtful field corrected and every check
// passing is approved with A (stored decision, audit event, queue and the next case opened), and the four-eyes
// rule: whoever corrected a case cannot approve it (the exact refusal, nothing recorded), another OS account can.
// decisions.spec.ts covers the rubber-stamp refusal and Reject; checks.spec.ts four-eyes for failed checks.
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { correctD02Number, focusBody, importAndRecognise, setReviewer, storedCase } from './helpers'

const D02 = 'd02-ita-id-front.jpg'
const D01 = 'd01-utopia-passport-front.jpg'

/** The audit entries of the case named `name`, oldest first, as the main process reads them back. */
async function auditOf(page: Page, name: string) {
  return page.evaluate(async (n) => {
    const c = (await window.api.listCases()).find((x) => x.name === n)
    if (!c) throw new Error(`no case ${n}`)
    return window.api.getAudit(c.id)
  }, name)
}

test('A approves a recognised case with every doubtful field dealt with and no failing check', async ({
  app,
}) => {
  const { page } = app
  await setReviewer(page, 'Ann Reviewer')
  await importAndRecognise(page, [D01], 'NZL', 'passport')
  await importAndRecognise(page, [D02, 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
  await correctD02Number(page)

  // The state Approve needs, as the main process stored it: recognised, nothing needing attention, no failing check.
  const before = await storedCase(page, D02)
  expect(before.status).toBe('recognised')
  expect(before.decision).toBeNull()
  expect(before.checks!.checks.length).toBeGreaterThan(0)
  expect(before.checks!.checks.filter((c) => c.status === 'fail')).toEqual([])
  // With nothing left to do in the panel, the decision bar's Approve has the focus (README: the keyboard loop).
  const decision = page.getByRole('region', { name: 'Decision' })
  await expect(decision.getByRole('button', { name: 'Approve', exact: true })).toBeFocused()
  const eventsBefore = (await auditOf(page, D02)).entries.length

  await focusBody(page)
  await page.keyboard.press('a')
  // The notice names the approved case and the next case to do, which opens (the default setting).
  await expect(page.getByRole('status')).toHaveText(
    'Approved: ROSSI Giulia · ITA ID card CA00000AA · exp. 2029-09-09 — next: TAMIHANA AR0HA · NZL passport LA1234567 · exp. 2030-05-05',
  )
  const cases = page.getByRole('list', { name: 'Cases' })
  const row = (name: string) => cases.getByRole('listitem').filter({ hasText: name })
  await expect(row(D01)).toHaveAttribute('aria-current', 'true')
  await expect(row(D02)).toContainText('Approved')

  const after = await storedCase(page, D02)
  expect(after.decision).toMatchObject({
    kind: 'approved',
    reason: null,
    note: '',
    reviewer: 'Ann Reviewer',
    account: 'reviewer-a',
    checksOverride: null,
  })
  // Exactly one new audit event, the decision, chained onto the log, which still verifies.
  const audit = await auditOf(page, D02)
  expect(audit.verdict).toEqual({ ok: true, count: eventsBefore + 1 })
  expect(audit.entries.slice(eventsBefore)).toMatchObject([
    {
      type: 'decided',
      reviewer: 'Ann Reviewer',
      account: 'reviewer-a',
      details: { kind: 'approved', reason: null, note: '' },
    },
  ])
  expect(audit.entries.at(-1)!.prevHash).toBe(audit.entries.at(-2)!.hash)

  // The queue's To do view no longer lists it; the undecided passport is what is left to do.
  await page.getByRole('button', { name: /^To do/ }).click()
  await expect(cases.getByRole('listitem')).toHaveCount(1)
  await expect(cases.getByRole('listitem').first()).toContainText(D01)
})

test.describe('with four-eyes on', () => {
  test('the reviewer who corrected a case cannot approve it; another account can', async ({ app }) => {
    const { page } = app
    await setReviewer(page, 'Ann Reviewer', true)
    await importAndRecognise(page, [D02, 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
    await correctD02Number(page)
    const eventsBefore = (await auditOf(page, D02)).entries.length

    // Everything else Approve needs is there: only the rule refuses it, with the whole message.
    await focusBody(page)
    await page.keyboard.press('a')
    await expect(page.getByRole('alert')).toHaveText(
      'Four-eyes rule: you corrected this case, so another reviewer must approve it. Send it for second review instead.',
    )
    const decision = page.getByRole('region', { name: 'Decision' })
    await expect(decision).toContainText('Not decided yet')
    expect((await storedCase(page, D02)).decision).toBeNull()
    expect((await auditOf(page, D02)).entries).toHaveLength(eventsBefore)

    // Another OS account sits down (the display name alone would not do: four-eyes compares accounts).
    await app.setAccount('reviewer-b')
    await setReviewer(page, 'Bob Checker')
    await expect(decision.getByLabel('Reviewer account')).toHaveText('reviewer-b')
    await focusBody(page)
    await page.keyboard.press('a')
    await expect(page.getByRole('status')).toHaveText(
      'Approved: ROSSI Giulia · ITA ID card CA00000AA · exp. 2029-09-09 — no case left to do',
    )
    expect((await storedCase(page, D02)).decision).toMatchObject({
      kind: 'approved',
      reviewer: 'Bob Checker',
      account: 'reviewer-b',
    })
    const audit = await auditOf(page, D02)
    expect(audit.entries.slice(eventsBefore)).toMatchObject([
      { type: 'decided', account: 'reviewer-b', details: { kind: 'approved' } },
    ])
    // The correction stays recorded as reviewer-a's: the approval did not rewrite who did what.
    const corrected = (await storedCase(page, D02)).history.filter(
      (e) => e.key === 'number' && e.kind !== 'verified',
    )
    expect(corrected.length).toBeGreaterThan(0)
    expect(corrected.every((e) => e.account === 'reviewer-a')).toBe(true)
  })
})
