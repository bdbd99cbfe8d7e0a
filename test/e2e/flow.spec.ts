// The reviewer's flow through the queue (issue 11, items 5 and 6): human case titles in the list and the window
// title (following a correction), the To do view and its order, a decision opening the next case to do, Ctrl+Enter
// approving and moving on (saving what was being typed), decision buttons off on a case that is not recognised (and
// A saying why), and the queue's filter chips on one line at 1280 × 800.
import type { Page } from '@playwright/test'
import { loadTruth, truthFields } from '../support/truth'
import { expect, test } from './fixtures'
import { focusBody, importAndRecognise, importScans, setReviewer, storedCase, storedField } from './helpers'

const D01 = 'd01-utopia-passport-front.jpg'
const D02 = 'd02-ita-id-front.jpg'
const D03 = 'd03-can-dl-front.png'
const D05 = 'd05-mex-passport-turned-front.jpg'

const D01_TITLE = 'TAMIHANA AR0HA · NZL passport LA1234567 · exp. 2030-05-05'
const D01_CORRECTED = 'TAMIHANA Aroha · NZL passport LA1234567 · exp. 2030-05-05'

const rows = (page: Page) => page.getByRole('list', { name: 'Cases' }).getByRole('listitem')
const row = (page: Page, file: string) => rows(page).filter({ hasText: file })
/** The first line of each row shown (the holder, for a titled case), in the list's order. */
const rowLabels = (page: Page) => rows(page).locator('.queue-name').allTextContents()

/**
 * Makes a recognised case approvable without the UI (setup only): every field set to the fixture's true value
 * and marked verified, so no field needs attention and no planted error fails a check.
 */
async function makeApprovable(page: Page, file: string, fixture: string): Promise<void> {
  const truth = Object.fromEntries(truthFields(loadTruth(fixture)).map((f) => [f.responseKey, f.truth]))
  await page.evaluate(
    async ({ name, values }) => {
      const summary = (await window.api.listCases()).find((c) => c.name === name)
      if (!summary) throw new Error(`no case ${name}`)
      for (const f of (await window.api.getCase(summary.id)).fields) {
        const value = values[f.key] ?? f.value
        if (value !== f.value) await window.api.setFieldValue(summary.id, f.key, value, f.value)
        if (!f.verified) await window.api.setVerified(summary.id, f.key, true)
      }
    },
    { name: file, values: truth },
  )
}

test('case titles in the list and the window title, following a correction; search finds them', async ({
  app,
}) => {
  const { page } = app
  await importScans(page, D01)
  await expect(page.getByRole('status')).toContainText(`Imported ${D01}`)
  // No title before recognition: the file name stands in, in the list and the window title.
  await expect(row(page, D01).locator('.queue-name')).toHaveText(D01)
  await expect(page).toHaveTitle(`${D01} — Recto`)

  await importAndRecognise(page, [D02, 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
  await row(page, D01).getByRole('button', { name: D01 }).click()
  await importAndRecogniseOpen(page, 'NZL', 'passport')

  // The title first (from the fields as read: the OCR's AR0HA shows) on two lines, the file name after it.
  const d01 = row(page, D01)
  await expect(d01.locator('.queue-name')).toHaveText('TAMIHANA AR0HA')
  await expect(d01.locator('.queue-title-rest')).toHaveText('NZL passport LA1234567 · exp. 2030-05-05')
  await expect(d01.locator('.queue-context')).toHaveText(D01)
  await expect(d01.getByRole('button', { name: D01 })).toHaveAccessibleName(`${D01_TITLE}, ${D01}`)
  await expect(page).toHaveTitle(`${D01_TITLE} — Recto`)
  await expect(row(page, D02).getByRole('button', { name: D02 })).toHaveAccessibleName(
    `ROSSI Giulia · ITA ID card CA0O000AA · exp. 2029-09-09, ${D02}`,
  )

  // Correcting the name changes the title everywhere.
  const name = page.locator('[data-field="name"]')
  await name.fill('TAMIHANA AROHA')
  await name.blur()
  await expect.poll(async () => (await storedField(page, D01, 'name'))?.value).toBe('TAMIHANA AROHA')
  await expect(d01.locator('.queue-name')).toHaveText('TAMIHANA Aroha')
  await expect(d01.getByRole('button', { name: D01 })).toHaveAccessibleName(`${D01_CORRECTED}, ${D01}`)
  await expect(page).toHaveTitle(`${D01_CORRECTED} — Recto`)

  // The Reject dialog and the timeline name the case by its title.
  await focusBody(page)
  await page.keyboard.press('r')
  const reject = page.getByRole('dialog', { name: 'Reject case' })
  await expect(reject.getByRole('heading')).toHaveText(`Reject ${D01_CORRECTED}`)
  await reject.getByRole('button', { name: 'Cancel' }).click()
  await focusBody(page)
  await page.keyboard.press('t')
  await expect(page.getByRole('region', { name: 'Timeline' }).getByRole('heading')).toHaveText(
    `Timeline · ${D01_CORRECTED}`,
  )

  // "/" searches titles too: the expiry date is only in the title.
  await focusBody(page)
  await page.keyboard.press('/')
  await page.keyboard.type('aroha 2030-05-05')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first()).toContainText(D01)
  await page.keyboard.press('Escape')
  await expect(rows(page)).toHaveCount(2)
})

/** Recognises the open case as `country` / `type` (the case is already imported and selected). */
async function importAndRecogniseOpen(page: Page, country: string, idType: string): Promise<void> {
  await page.getByLabel('Issuing country').selectOption(country)
  await page.getByLabel('ID type').selectOption(idType)
  await page.getByRole('button', { name: 'Recognize', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('fields recognised')
}

test('To do view; a decision opens the next case to do; Ctrl+Enter approves and moves on; not on a new case', async ({
  app,
}) => {
  const { page } = app
  await setReviewer(page, 'Ann Reviewer')
  await importAndRecognise(page, [D02, 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
  await importAndRecognise(page, [D01], 'NZL', 'passport')
  await importAndRecognise(page, [D05], 'MEX', 'passport')
  await importScans(page, D03)
  await expect(page.getByRole('status')).toContainText(`Imported ${D03}`)
  await makeApprovable(page, D02, 'd02-ita-id')
  await makeApprovable(page, D01, 'd01-utopia-passport')

  // To do: the three recognised cases, oldest first, not the new one; newest first in the list until chosen.
  const filters = page.getByRole('group', { name: 'Filter by status' })
  const todo = filters.getByRole('button', { name: /^To do/ })
  await expect(todo).toHaveText(/To do\s*3/)
  await expect(todo).toHaveAttribute('title', /second review/)
  await page.getByLabel('Sort cases').selectOption('created_desc')
  await expect(rows(page).first()).toContainText(D03)
  await todo.focus()
  await page.keyboard.press('Enter')
  await expect(todo).toHaveAttribute('aria-pressed', 'true')
  await expect(rows(page)).toHaveCount(3)
  const todoOrder = await rowLabels(page)
  expect(todoOrder).toEqual(['ROSSI Giulia', 'TAMIHANA Aroha', 'HERNÁNDEZ Sofía'])

  // A on the oldest: approved, it leaves To do, and the next case to do opens.
  await rows(page).first().getByRole('button', { name: D02 }).click()
  await expect(row(page, D02)).toHaveAttribute('aria-current', 'true')
  await focusBody(page)
  await page.keyboard.press('a')
  await expect(page.getByRole('status')).toContainText(/^Approved: ROSSI Giulia .* — next: TAMIHANA Aroha/)
  await expect(row(page, D01)).toHaveAttribute('aria-current', 'true')
  await expect(rows(page)).toHaveCount(2)
  await expect(row(page, D02)).toHaveCount(0)
  expect((await storedCase(page, D02)).decision).toMatchObject({ kind: 'approved', reviewer: 'Ann Reviewer' })
  await expect(page).toHaveTitle(/^TAMIHANA Aroha · NZL passport/)

  // Ctrl+Enter while typing in a field: what was typed is saved, the case approved, and the next one opens.
  const authority = page.locator('[data-field="authority"]')
  await authority.click()
  await authority.press('End')
  await page.keyboard.type(' WELLINGTON')
  await page.keyboard.press('Control+Enter')
  await expect(row(page, D05)).toHaveAttribute('aria-current', 'true')
  await expect(page.getByRole('status')).toContainText(/^Approved: TAMIHANA Aroha .* — next: HERNÁNDEZ Sofía/)
  const d01 = await storedCase(page, D01)
  expect(d01.decision?.kind).toBe('approved')
  expect(d01.fields.find((f) => f.key === 'authority')?.value).toBe('DIA WELLINGTON')
  await expect(rows(page)).toHaveCount(1)

  // The last case to do, sent for second review: nothing is left, so it stays open and the notice says so.
  await focusBody(page)
  await page.keyboard.press('s')
  await expect(page.getByRole('status')).toContainText(
    /^Sent for second review: HERNÁNDEZ Sofía .* — no case left to do/,
  )
  await expect(row(page, D05)).toHaveAttribute('aria-current', 'true')
  expect((await storedCase(page, D05)).decision?.kind).toBe('second_review')

  // A new case: the decision buttons are off and say why; A only tells why.
  await filters.getByRole('button', { name: /^All/ }).click()
  await row(page, D03).getByRole('button', { name: D03 }).click()
  await expect(row(page, D03)).toHaveAttribute('aria-current', 'true')
  const decision = page.getByRole('region', { name: 'Decision' })
  for (const which of ['approve', 'reject', 'second_review']) {
    const button = decision.locator(`[data-decision="${which}"]`)
    await expect(button).toBeDisabled()
    await expect(button).toHaveAttribute('title', /^Not recognized yet/)
  }
  await focusBody(page)
  await page.keyboard.press('a')
  await expect(page.getByRole('status')).toHaveText(/Not recognized yet: recognize this case before deciding/)
  await page.keyboard.press('r')
  await expect(page.getByRole('dialog', { name: 'Reject case' })).toHaveCount(0)
  expect((await storedCase(page, D03)).decision).toBeNull()
  await expect(row(page, D03)).toHaveAttribute('aria-current', 'true')
})

test('with "Open the next case after a decision" off, a decision stays on its case', async ({ app }) => {
  const { page } = app
  await setReviewer(page, 'Ann Reviewer')
  await page.getByRole('button', { name: 'Settings' }).click()
  const settings = page.getByRole('dialog', { name: 'Settings' })
  await expect(settings.getByLabel('Show front and back side by side (from 1440 px wide)')).toBeChecked()
  const advance = settings.getByLabel('Open the next case after a decision')
  await expect(advance).toBeChecked()
  await advance.uncheck()
  await settings.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('Settings saved')
  await settings.getByRole('button', { name: 'Close' }).click()
  expect((await page.evaluate(() => window.api.getSettings())).review.advanceAfterDecision).toBe(false)

  await importAndRecognise(page, [D02, 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
  await importAndRecognise(page, [D01], 'NZL', 'passport')
  await row(page, D02).getByRole('button', { name: D02 }).click()
  await focusBody(page)
  await page.keyboard.press('s')
  await expect(page.getByRole('status')).toHaveText(/^Sent for second review: ROSSI Giulia [^—]*$/)
  await expect(row(page, D02)).toHaveAttribute('aria-current', 'true')
  await expect(page.getByRole('region', { name: 'Decision' })).toContainText('Needs second review')
})

test('the queue filter chips stay on one line at 1280 × 800', async ({ app }) => {
  const { page } = app
  await page.setViewportSize({ width: 1280, height: 800 })
  await importAndRecognise(page, [D02, 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
  await importAndRecognise(page, [D05], 'MEX', 'passport')
  await importScans(page, D03)
  await expect(page.getByRole('status')).toContainText(`Imported ${D03}`)
  const filters = page.getByRole('group', { name: 'Filter by status' })
  // Failed checks shown too (d02's number, d05's birth date): every chip of the row is there.
  await expect(filters.getByRole('button', { name: /^Failed checks/ })).toBeVisible()
  const chips = filters.locator(':scope > button')
  await expect(chips).toHaveCount(4)
  const boxes = await chips.evaluateAll((els) =>
    els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect),
  )
  for (const b of boxes) expect(Math.round(b.y)).toBe(Math.round(boxes[0]!.y))
  // …and inside the pane.
  const pane = (await page.getByRole('navigation', { name: 'Case queue' }).boundingBox())!
  expect(Math.max(...boxes.map((b) => b.x + b.width))).toBeLessThanOrEqual(pane.x + pane.width)

  // The statuses open below it, one toggle each, with their counts; choosing one filters the list.
  const status = filters.getByRole('button', { name: /^Status/ })
  await status.click()
  await expect(status).toHaveAttribute('aria-expanded', 'true')
  await filters.getByRole('button', { name: /^New\s*1/ }).click()
  await expect(rows(page)).toHaveCount(1)
  await expect(status).toHaveText(/^New/)
  await filters.getByRole('button', { name: /^All/ }).click()
  await expect(rows(page)).toHaveCount(3)
})
