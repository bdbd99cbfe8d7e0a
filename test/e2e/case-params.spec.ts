// Per-case country and type (issue 11, item 2): each case keeps its own; "Recognize all" lists what it will send per
// country and type and asks once; a 1011 failure is fixed in the error panel's selects and Retry sends those values;
// every "sent" audit event records the country and type sent.
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { chooseDocument, importScans } from './helpers'

const D01 = 'd01-utopia-passport-front.jpg'
const D05 = 'd05-mex-passport-turned-front.jpg'
const D02 = 'd02-ita-id-front.jpg'

/** Imports one file and waits for its case (a second import of a file is a duplicate: warned of, still a case). */
async function importOne(page: Page, file: string): Promise<void> {
  const items = page.getByRole('list', { name: 'Cases' }).getByRole('listitem')
  const count = await items.count()
  await importScans(page, file)
  await expect(items).toHaveCount(count + 1)
  await expect(items.and(page.locator('[aria-current="true"]'))).toContainText(file)
}

function caseItem(page: Page, name: string) {
  return page.getByRole('list', { name: 'Cases' }).getByRole('listitem').filter({ hasText: name })
}

async function select(page: Page, name: string): Promise<void> {
  await caseItem(page, name).getByRole('button').first().click()
  await expect(caseItem(page, name)).toHaveAttribute('aria-current', 'true')
}

/** The stored country and type of every case, by file name (what the main process saved). */
async function storedParams(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const out: Record<string, string> = {}
    for (const c of await window.api.listCases()) out[c.name] = `${c.issuingCountry} ${c.idType}`
    return out
  })
}

/** The country and type of each "sent" event in a case's audit trail. */
async function sentEvents(page: Page, name: string): Promise<string[]> {
  return page.evaluate(async (n) => {
    const c = (await window.api.listCases()).find((x) => x.name === n)
    if (!c) throw new Error(`no case ${n}`)
    const { entries } = await window.api.getAudit(c.id)
    return entries
      .filter((e) => e.type === 'sent')
      .map((e) => `${String(e.details['issuingCountry'])} ${String(e.details['idType'])}`)
  }, name)
}

const country = (page: Page) => page.getByLabel('Issuing country', { exact: true })
const idType = (page: Page) => page.getByLabel('ID type', { exact: true })

test('each case keeps its own country and type; the toolbar shows and changes the selected one', async ({
  app,
}) => {
  const { page } = app
  await importOne(page, D01)
  // The name says "passport", nothing about the country.
  await expect(idType(page)).toHaveValue('passport')
  await expect(country(page)).toHaveValue('')
  await chooseDocument(page, 'NZL', 'passport')
  await importOne(page, D05)
  // The new case is selected; its name says Mexico and passport.
  await expect(country(page)).toHaveValue('MEX')
  await expect(idType(page)).toHaveValue('passport')
  await chooseDocument(page, 'ITA', 'government_id')

  await select(page, D01)
  await expect(country(page)).toHaveValue('NZL')
  await expect(idType(page)).toHaveValue('passport')
  await select(page, D05)
  await expect(country(page)).toHaveValue('ITA')
  await expect(idType(page)).toHaveValue('government_id')
  expect(await storedParams(page)).toEqual({ [D01]: 'NZL passport', [D05]: 'ITA government_id' })

  // With both checked, the selects stand for both: mixed, and one choice changes both.
  await page.getByRole('checkbox', { name: 'Select all shown' }).check()
  await expect(country(page)).toHaveValue('__mixed__')
  await idType(page).selectOption('passport')
  await expect.poll(() => storedParams(page)).toEqual({ [D01]: 'NZL passport', [D05]: 'ITA passport' })
})

test('Recognize all lists the groups and asks once: cancel sends nothing, confirm sends each its own', async ({
  app,
  emulator,
}) => {
  const { page } = app
  await importOne(page, D01)
  await chooseDocument(page, 'NZL', 'passport')
  await importOne(page, D05) // MEX passport, from its name
  await importOne(page, D02) // ITA government ID, from its name
  await importOne(page, 'd01-utopia-passport-front.jpg') // passport, and the last country chosen: NZL
  await importOne(page, D02)
  await country(page).selectOption('') // this one has no country: skipped
  await expect
    .poll(async () => Object.values(await storedParams(page)).filter((v) => v === 'null government_id'))
    .toHaveLength(1)

  const before = emulator.requests.length
  await page.getByRole('button', { name: 'Recognize all', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Recognize all' })
  const groups = dialog.getByRole('list', { name: 'Will be sent' }).getByRole('listitem')
  await expect(groups).toHaveText([
    '2 × New Zealand Passport',
    '1 × Italy Government ID',
    '1 × Mexico Passport',
  ])
  await expect(dialog.getByRole('region', { name: 'Skipped' })).toContainText('1 case will be skipped')
  await expect(dialog.getByRole('button', { name: 'Recognize 4 cases' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  // Cancel queued nothing: every case is still as imported (the batch sets "queued" before anything leaves), and
  // the confirmed run below must send exactly its four requests after `before`, so a late one from here would show.
  await expect
    .poll(() => page.evaluate(() => window.api.listCases().then((cs) => cs.map((c) => c.status))))
    .toEqual(['new', 'new', 'new', 'new', 'new'])
  expect(emulator.requests.length).toBe(before)

  await page.getByRole('button', { name: 'Recognize all', exact: true }).click()
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('status')).toContainText('Recognized 4 of 5', { timeout: 20_000 })
  const sent = emulator.requests.slice(before).map((r) => `${r.issuingCountry} ${r.idType}`)
  expect(sent.sort()).toEqual(['ITA government_id', 'MEX passport', 'NZL passport', 'NZL passport'])
  expect(await sentEvents(page, D05)).toEqual(['MEX passport'])
})

test('a 1011 failure: change the country and type in the error panel, Retry sends them', async ({
  app,
  emulator,
}) => {
  const { page } = app
  await importOne(page, D02)
  await chooseDocument(page, 'FRA', 'passport')
  emulator.injectFault({ kind: 'argos', errorCode: '1011' })
  const before = emulator.requests.length
  await page.getByRole('button', { name: 'Recognize', exact: true }).click()
  const panel = page.getByRole('region', { name: 'Recognition error' })
  await expect(panel).toContainText('Document not recognised')
  // The panel's selects show what was sent; they change the case itself.
  const panelCountry = panel.getByLabel(/^Country of /)
  const panelType = panel.getByLabel(/^Type of /)
  await expect(panelCountry).toHaveValue('FRA')
  await expect(panelType).toHaveValue('passport')
  await panelCountry.selectOption('ITA')
  await panelType.selectOption('government_id')
  await expect(country(page)).toHaveValue('ITA')
  await panel.getByRole('button', { name: 'Retry' }).click()
  await expect(page.getByRole('status')).toContainText('fields recognised')
  await expect(panel).toBeHidden()

  const sent = emulator.requests.slice(before).map((r) => `${r.issuingCountry} ${r.idType}`)
  expect(sent).toEqual(['FRA passport', 'ITA government_id'])
  expect(await sentEvents(page, D02)).toEqual(['FRA passport', 'ITA government_id'])
})
