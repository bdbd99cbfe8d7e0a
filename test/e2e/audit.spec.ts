// The audit trail as the README promises it, on the encrypted store: "Export audit CSV" writes one row per event
// (who, when, the chain) of exactly what the reviewers did; a log tampered with on disk is reported in the
// timeline ("Audit trail broken at event N: …") after a restart; and a damaged case file is quarantined at start
// with a message naming where it went, every other case still loading.
import { readdir, readFile, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import {
  chooseDocument,
  importAndRecognise,
  importScans,
  readExportedCsv,
  setReviewer,
  storedCase,
} from './helpers'

const D01 = 'd01-utopia-passport-front.jpg'
const D02 = 'd02-ita-id-front.jpg'
const D05 = 'd05-mex-passport-turned-front.jpg'

/** The columns of the audit CSV, in order (test/e2e/README.md, Export). */
const AUDIT_COLUMNS = [
  'case_id',
  'case_name',
  'seq',
  'at',
  'reviewer',
  'event',
  'description',
  'details_json',
  'prev_hash',
  'hash',
  'account',
  'mac',
]

const cases = (page: Page) => page.getByRole('list', { name: 'Cases' }).getByRole('listitem')

/** The case's audit log as the main process reads it (entries, verdict, problem). */
function auditOf(page: Page, id: string) {
  return page.evaluate((caseId) => window.api.getAudit(caseId), id)
}

/** Opens the case from the list and shows its timeline (the panel's Timeline tab; T toggles it). */
async function openTimeline(page: Page, name: string) {
  const item = cases(page).filter({ hasText: name })
  await item.getByRole('button').first().click()
  await expect(item).toHaveAttribute('aria-current', 'true')
  await page.getByRole('tablist', { name: 'Case panel' }).getByRole('tab', { name: 'Timeline' }).click()
  const timeline = page.getByRole('region', { name: 'Timeline' })
  // The heading names the case by its title, the file name in its hover text.
  await expect(timeline.getByRole('heading').getByTitle(name, { exact: true })).toBeVisible()
  return timeline
}

test('Export audit CSV: one row per event, in order, with who did it and the chain', async ({
  app,
  emulator,
}) => {
  const { page } = app
  await setReviewer(page, 'Ann Example')
  await importAndRecognise(page, [D01], 'NZL', 'passport')
  const id = (await storedCase(page, D01)).id

  // An edit by Ann (reviewer-a): the authority, confirmed with Enter.
  const authority = page.locator('textarea[data-field="authority"]')
  await authority.click()
  await page.keyboard.press('Control+a')
  await page.keyboard.type('DIA WELLINGTON')
  await page.keyboard.press('Enter')
  await expect
    .poll(async () => (await storedCase(page, D01)).fields.find((f) => f.key === 'authority')?.value)
    .toBe('DIA WELLINGTON')

  // The decision by another person at the keyboard, under another display name.
  await app.setAccount('reviewer-b')
  await setReviewer(page, 'Ben Example')
  const decision = page.getByRole('region', { name: 'Decision' })
  await decision.locator('[data-decision="second_review"]').click()
  await expect.poll(async () => (await storedCase(page, D01)).decision?.kind).toBe('second_review')

  const timeline = await openTimeline(page, D01)
  const before = await auditOf(page, id)
  expect(before.verdict.ok).toBe(true)
  await expect(timeline).toContainText(`Audit trail intact: ${before.entries.length} events`)
  await timeline.getByRole('button', { name: 'Export audit CSV' }).click()
  await expect(page.getByRole('status')).toContainText(
    `Audit trail exported (${before.entries.length} events)`,
  )

  const { raw, rows } = await readExportedCsv(app.exportDir)
  const [header, ...body] = rows
  expect(header).toEqual(AUDIT_COLUMNS)
  const col = (name: string) => AUDIT_COLUMNS.indexOf(name)
  const cell = (r: string[], name: string) => r[col(name)]!
  expect(body).toHaveLength(before.entries.length)
  expect(body.map((r) => cell(r, 'case_id'))).toEqual(body.map(() => id))
  expect(body.map((r) => cell(r, 'case_name'))).toEqual(body.map(() => D01))
  expect(body.map((r) => cell(r, 'seq'))).toEqual(body.map((_, i) => String(i)))

  // What the test did, in the order it did it (params_changed: the country and type it chose).
  const events = body.map((r) => cell(r, 'event'))
  expect(events[0]).toBe('imported')
  const order = ['imported', 'sent', 'recognised', 'field_edited', 'decided'].map((e) => events.indexOf(e))
  expect(order.every((i) => i >= 0)).toBe(true)
  expect(order).toEqual([...order].sort((a, b) => a - b))
  expect(events.at(-1)).toBe('decided')
  expect(events.filter((e) => e === 'sent')).toHaveLength(1)
  expect(events.filter((e) => e === 'decided')).toHaveLength(1)
  expect(events.indexOf('params_changed')).toBeGreaterThan(0)
  expect(events.indexOf('params_changed')).toBeLessThan(events.indexOf('sent'))
  // Nothing the test did not do: no other kind of event.
  expect(new Set(events)).toEqual(
    new Set(['imported', 'params_changed', 'sent', 'recognised', 'field_edited', 'decided']),
  )

  // Who: every event before the decision by Ann on reviewer-a, the decision by Ben on reviewer-b.
  const decided = body.at(-1)!
  expect([cell(decided, 'reviewer'), cell(decided, 'account')]).toEqual(['Ben Example', 'reviewer-b'])
  for (const r of body.slice(0, -1)) {
    expect([cell(r, 'reviewer'), cell(r, 'account')]).toEqual(['Ann Example', 'reviewer-a'])
  }
  expect(JSON.parse(cell(decided, 'details_json'))).toMatchObject({ kind: 'second_review' })
  const edits = body.filter((r) => cell(r, 'event') === 'field_edited')
  const edit = edits.map((r) => JSON.parse(cell(r, 'details_json')) as Record<string, unknown>)
  expect(edit.some((d) => d['key'] === 'authority' && d['kind'] === 'value')).toBe(true)

  // When, and the chain: ISO times never going back, each row's prev_hash the row before's hash, every row signed.
  const times = body.map((r) => Date.parse(cell(r, 'at')))
  expect(times.every((t) => Number.isFinite(t))).toBe(true)
  expect(times).toEqual([...times].sort((a, b) => a - b))
  expect(cell(body[0]!, 'prev_hash')).toBe('0'.repeat(64))
  for (let i = 1; i < body.length; i++) expect(cell(body[i]!, 'prev_hash')).toBe(cell(body[i - 1]!, 'hash'))
  expect(body.map((r) => cell(r, 'hash'))).toEqual(before.entries.map((e) => e.hash))
  for (const r of body) expect(cell(r, 'mac')).toMatch(/^[0-9a-f]{64}$/)

  // Never the API key, never a folder (paths carry the user's name): sent events record the country and type.
  expect(raw).not.toContain(emulator.apiKey)
  expect(raw).not.toContain(app.exportDir)
  expect(raw).not.toContain(app.userDataDir)
  const sent = JSON.parse(cell(body[events.indexOf('sent')]!, 'details_json')) as Record<string, unknown>
  expect(sent).toEqual({ attempt: 1, provider: 'argos', issuingCountry: 'NZL', idType: 'passport' })

  // The export itself is the next event, naming the file only.
  const file = (await readdir(app.exportDir)).find((f) => f.endsWith('.csv'))!
  expect(file).toMatch(/^recto-audit-\d{8}-\d{4}\.csv$/)
  const after = await auditOf(page, id)
  expect(after.entries).toHaveLength(before.entries.length + 1)
  expect(after.entries.at(-1)).toMatchObject({
    type: 'exported',
    details: { format: 'audit_csv', file },
    account: 'reviewer-b',
  })
})

test('a log tampered with on disk is reported in the timeline after a restart', async ({ app }) => {
  let page = app.page
  // Two cases, each with a few events: imported, then each change of country or type.
  await importScans(page, D01)
  await expect(page.getByRole('status')).toContainText(`Imported ${D01}`)
  await chooseDocument(page, 'FRA', 'government_id')
  await chooseDocument(page, 'NZL', 'passport')
  await importScans(page, D05)
  await expect(page.getByRole('status')).toContainText(`Imported ${D05}`)
  await chooseDocument(page, 'FRA', 'government_id')
  await chooseDocument(page, 'MEX', 'passport')
  const cut = (await storedCase(page, D01)).id
  const swapped = (await storedCase(page, D05)).id
  const cutAudit = await auditOf(page, cut)
  const swappedAudit = await auditOf(page, swapped)
  expect(cutAudit.verdict).toEqual({ ok: true, count: cutAudit.entries.length })
  expect(swappedAudit.verdict).toEqual({ ok: true, count: swappedAudit.entries.length })
  expect(swappedAudit.entries.length).toBeGreaterThanOrEqual(4)
  const n = cutAudit.entries.length
  expect(n).toBeGreaterThanOrEqual(3)
  await app.quit()

  // The lines are sealed (nobody without the key can edit one), but they can be removed or reordered: the last
  // line of one log goes, and two lines of the other trade places.
  const logOf = (id: string) => join(app.userDataDir, 'cases', id, 'audit.jsonl')
  const cutText = await readFile(logOf(cut), 'utf8')
  const cutLines = cutText.split('\n')
  expect(cutLines.pop()).toBe('')
  expect(cutLines).toHaveLength(n)
  await truncate(logOf(cut), Buffer.byteLength(cutLines.slice(0, -1).join('\n') + '\n'))
  const lines = (await readFile(logOf(swapped), 'utf8')).split('\n')
  ;[lines[1], lines[2]] = [lines[2]!, lines[1]!]
  await writeFile(logOf(swapped), lines.join('\n'))

  page = await app.restart()
  const cutTimeline = await openTimeline(page, D01)
  await expect(
    cutTimeline.getByText(
      `Audit trail broken at event ${n}: The log ends after ${n - 1} entries but the case records ${n}: the last entry was removed`,
      { exact: true },
    ),
  ).toBeVisible()

  const swappedTimeline = await openTimeline(page, D05)
  await expect(
    swappedTimeline.getByText(
      'Audit trail broken at event 2: Hash chain broken at entry 1: it has seq 3: an entry before it was removed, or entries were reordered',
      { exact: true },
    ),
  ).toBeVisible()
  const unreadable = 'has been altered, moved or sealed with another key and is not shown'
  await expect(
    swappedTimeline.getByText(`2 invalid lines: line 2 ${unreadable}; line 3 ${unreadable}`, { exact: true }),
  ).toBeVisible()
})

test('a damaged case file is quarantined at start with a notice; every other case still loads', async ({
  app,
}) => {
  let page = app.page
  for (const name of [D01, D02, D05]) {
    await importScans(page, name)
    await expect(page.getByRole('status')).toContainText(`Imported ${name}`)
  }
  await expect(cases(page)).toHaveCount(3)
  const damaged = (await storedCase(page, D02)).id
  const others = [(await storedCase(page, D01)).id, (await storedCase(page, D05)).id]
  await app.quit()

  // Cut short, as a failing disk leaves a file: it no longer opens (sealed), so it cannot be read as a case.
  const file = join(app.userDataDir, 'cases', damaged, 'case.json')
  const size = (await readFile(file)).length
  await truncate(file, Math.floor(size / 2))

  page = await app.restart()
  await expect(cases(page)).toHaveCount(2)
  const moved = await readdir(join(app.userDataDir, 'quarantine'))
  expect(moved).toHaveLength(1)
  expect(moved[0]!.startsWith(`${damaged}-`)).toBe(true)
  await expect(page.getByRole('alert')).toHaveText(
    `Case ${damaged.slice(0, 8)}… could not be read (case.json has been altered or does not belong to this case) ` +
      `and was moved to quarantine/${moved[0]}.`,
  )
  // Every other case is intact: listed, readable, its audit trail whole.
  for (const [id, name] of [
    [others[0]!, D01],
    [others[1]!, D05],
  ] as const) {
    await expect(cases(page).filter({ hasText: name })).toHaveCount(1)
    const c = await page.evaluate((x) => window.api.getCase(x), id)
    expect(c.name).toBe(name)
    expect((await auditOf(page, id)).verdict.ok).toBe(true)
  }
  await expect(cases(page).filter({ hasText: D02 })).toHaveCount(0)
})
