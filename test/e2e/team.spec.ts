// The team workspace (issue 16) with two app instances on one PostgreSQL database: two profiles, two services, two
// logins (the fixture's `workspace: 'team'`). A imports and corrects; B sees the case appear without a reload, cannot
// change it while A holds the claim, and approves it after A releases it; A's own approval of the case A corrected is
// refused by the four-eyes rule. Also: connecting through Settings → Workspace, refusals in words, and Next case.
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import {
  correctD02Number,
  focusBody,
  importAndRecognise,
  openCase,
  setReviewer,
  storedCase,
  storedField,
} from './helpers'

const D02 = 'd02-ita-id-front.jpg'

test.describe('team workspace', () => {
  test.use({ workspace: 'team' })

  test('A imports and corrects; B sees it live, cannot change it while A holds it, approves after the release', async ({
    app,
    otherApp,
    team,
  }) => {
    const a = app.page
    const b = otherApp.page
    await setReviewer(a, 'Ann', true)
    await setReviewer(b, 'Ben', true)
    await expect(a.getByRole('group', { name: 'Workspace' })).toContainText(`Team · ${team!.a.name}`)
    await expect(b.getByRole('group', { name: 'Workspace' })).toContainText(`Team · ${team!.b.name}`)

    await importAndRecognise(a, [D02, 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
    // B's list shows the case without a reload (LISTEN/NOTIFY), claimed by A.
    const bRow = b.getByRole('list', { name: 'Cases' }).getByRole('listitem').filter({ hasText: D02 })
    await expect(bRow).toHaveCount(1)
    await expect(bRow).toHaveAttribute('data-claimed-by', team!.a.name)
    await expect(bRow).toContainText(`In review by ${team!.a.name}`)

    await correctD02Number(a)

    // B opens it: read-only while A holds it, and the value B sees is A's correction.
    await openCase(b, D02)
    await expect(b.getByText(`In review by ${team!.a.name}`).first()).toBeVisible()
    const bNumber = b.locator('[data-field="number"]')
    await expect(bNumber).toHaveValue('CA00000AA')
    await expect(bNumber).toHaveAttribute('readonly', '')
    // Even a client that skips its own checks is refused by the database.
    const refused = await b.evaluate(async (n) => {
      const c = (await window.api.listCases()).find((x) => x.name === n)!
      return window.api.setFieldValue(c.id, 'number', 'B WAS HERE', null).then(
        () => 'saved',
        (e: Error) => e.message,
      )
    }, D02)
    expect(refused).toContain(`In review by ${team!.a.name}`)
    expect((await storedField(a, D02, 'number'))?.value).toBe('CA00000AA')

    // A corrected the case: A's approval is refused (four-eyes), nothing recorded.
    await focusBody(a)
    await a.keyboard.press('a')
    await expect(a.getByRole('alert')).toContainText('Four-eyes rule')
    expect((await storedCase(a, D02)).decision).toBeNull()

    // A releases the claim; B's view becomes editable and B approves.
    await a.getByRole('button', { name: 'Release claim' }).click()
    await expect(bNumber).not.toHaveAttribute('readonly', '')
    const decision = b.getByRole('region', { name: 'Decision' })
    await decision.getByRole('button', { name: 'Approve', exact: true }).click()
    await expect.poll(async () => (await storedCase(b, D02)).decision?.kind).toBe('approved')
    expect((await storedCase(a, D02)).decision).toMatchObject({ kind: 'approved', account: team!.b.name })
    // A's list follows without a reload.
    const aRow = a.getByRole('list', { name: 'Cases' }).getByRole('listitem').filter({ hasText: D02 })
    await expect(aRow).toContainText('Approved')
    await expect(aRow).not.toHaveAttribute('data-claimed-by', /.+/)
  })

  test('Next case claims the oldest open case for whoever asks, once', async ({ app, otherApp, team }) => {
    const a = app.page
    const b = otherApp.page
    await importAndRecognise(a, ['d01-utopia-passport-front.jpg'], 'NZL', 'passport')
    await a.getByRole('button', { name: 'Release claim' }).click()
    const row = (p: Page) =>
      p.getByRole('list', { name: 'Cases' }).getByRole('listitem').filter({ hasText: 'd01-utopia' })
    await expect(row(b)).not.toHaveAttribute('data-claimed-by', /.+/)
    await b.getByRole('button', { name: 'Next case' }).click()
    await expect(row(b)).toHaveAttribute('data-claimed-by', team!.b.name)
    await expect(row(b)).toHaveAttribute('aria-current', 'true')
    await expect(row(a)).toHaveAttribute('data-claimed-by', team!.b.name)
    // Nothing is left for A.
    await a.getByRole('button', { name: 'Next case' }).click()
    await expect(a.getByRole('status')).toContainText("No case is waiting in the team's queue.")
  })
})

test.describe('team workspace faults', () => {
  test.use({ workspace: 'team' })

  test('the database lost: a banner, an edit refused with the typed value kept; back again, it saves', async ({
    app,
    team,
  }) => {
    const a = app.page
    await importAndRecognise(a, [D02, 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
    const login = team!.a.name
    const owner = team!.db.owner
    // The server stops taking this login, and its connections end: as a network or server outage looks to Recto.
    await owner.query(`ALTER ROLE ${login} NOLOGIN`)
    try {
      await owner.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [login])
      const banner = a.getByRole('region', { name: 'Team workspace unreachable' })
      await expect(banner).toBeVisible()
      await expect(banner).toContainText(/Retrying in \d+ s/)
      await expect(a.getByRole('group', { name: 'Workspace' })).toContainText(/reconnecting/i)

      await focusBody(a)
      await a.keyboard.press('n')
      const number = a.locator('[data-field="number"]')
      await expect(number).toBeFocused()
      await a.keyboard.press('Control+a')
      await a.keyboard.type('CA00000AA')
      await a.keyboard.press('Enter')
      await expect(a.getByRole('alert').filter({ hasText: 'Not saved' })).toBeVisible()
      await expect(number).toHaveValue('CA00000AA')
      const stored = await owner.query(
        `SELECT f->>'value' AS v FROM cases, jsonb_array_elements(doc->'fields') f WHERE f->>'key' = 'number'`,
      )
      expect(stored.rows.map((r) => r.v)).not.toContain('CA00000AA')
    } finally {
      await owner.query(`ALTER ROLE ${login} LOGIN`)
    }
    // Recto reconnects by itself (the listener's backoff): the banner goes, and the same Enter saves.
    await expect(a.getByRole('region', { name: 'Team workspace unreachable' })).toHaveCount(0, {
      timeout: 45_000,
    })
    await expect(a.getByRole('group', { name: 'Workspace' })).toContainText(`Team · ${login} · live`)
    const number = a.locator('[data-field="number"]')
    await number.focus()
    await a.keyboard.press('Enter')
    await expect.poll(async () => storedField(a, D02, 'number')).toMatchObject({ value: 'CA00000AA' })
  })
})

test.describe('connecting', () => {
  test.use({ workspace: 'team' })

  test('Settings → Workspace connects with the typed password, refuses a wrong one in words', async ({
    otherApp,
    team,
  }) => {
    // otherApp starts connected: go back to this computer first, through the same section.
    const page = otherApp.page
    await page.getByRole('button', { name: 'Settings' }).click()
    const section = page.getByRole('radiogroup', { name: 'Workspace' })
    await section.getByRole('radio', { name: 'On this computer' }).check()
    await page.getByRole('button', { name: 'Connect', exact: true }).click()
    await expect(page.getByRole('group', { name: 'Workspace' })).toContainText('On this computer')

    await section.getByRole('radio', { name: 'Team (PostgreSQL)' }).check()
    await page.getByLabel('Connection').fill(team!.url(team!.b))
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Connect', exact: true }).click()
    await expect(page.getByRole('dialog').getByRole('alert')).toContainText('password is wrong')
    await expect(page.getByLabel('Connection')).toHaveValue(team!.url(team!.b))
    await expect(page.getByRole('group', { name: 'Workspace' })).toContainText('On this computer')

    await page.getByLabel('Password').fill(team!.b.password)
    await page.getByRole('button', { name: 'Connect', exact: true }).click()
    await expect(page.getByRole('group', { name: 'Workspace' })).toContainText(`Team · ${team!.b.name}`)
    // The password is never shown again nor sent back: the view says only whether one is kept (the Chromium host has
    // no OS keystore, so there it is kept for this session only; Electron's depends on the machine's keyring).
    const view = await page.evaluate(() => window.api.getWorkspace())
    expect(view).toMatchObject({ kind: 'team', state: 'connected' })
    if (otherApp.host === 'chromium') expect(view.hasPassword).toBe(false)
    expect(JSON.stringify(view)).not.toContain(team!.b.password)
  })
})
