// The admin policy file (issue 12): what it pins shows locked in Settings and the export dialog, the main process
// refuses changing it and forces it on exports, a bad file is reported and the safest values apply; and every
// change of a security-relevant setting is listed in Settings → History with the OS account.
import { expect, test } from './fixtures'

test.describe('with a policy that pins four-eyes, the threshold and masking', () => {
  test.use({
    policy: { version: 1, requireFourEyes: true, attentionScore: 80, export: { maskDocumentNumbers: true } },
  })

  test('pinned settings are locked in the dialog and refused through window.api', async ({ app }) => {
    const { page } = app
    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Settings' })
    await expect(dialog.getByLabel(/^Four-eyes/)).toBeDisabled()
    await expect(dialog.getByLabel(/^Four-eyes/)).toBeChecked()
    await expect(dialog.getByLabel('Attention below score')).toBeDisabled()
    await expect(dialog.getByLabel('Attention below score')).toHaveValue('80')
    await expect(dialog).toContainText("Set by your organisation's policy")
    // What is not pinned stays the reviewer's.
    await expect(dialog.getByLabel('Minimum age')).toBeEnabled()
    await dialog.getByRole('button', { name: 'Close' }).click()

    const refused = await page.evaluate(async () => {
      try {
        await window.api.updateSettings({ review: { fourEyes: false } })
        return null
      } catch (err) {
        return (err as Error).message
      }
    })
    expect(refused).toMatch(/organisation's policy/)
    const view = await page.evaluate(() => window.api.getSettings())
    expect(view.review).toMatchObject({ fourEyes: true, attentionScore: 80 })
    expect(view.policy.pinned).toEqual(
      expect.arrayContaining(['review.fourEyes', 'review.attentionScore', 'export.csv.maskDocumentNumbers']),
    )
  })
})

test.describe('with a policy file that cannot be used', () => {
  test.use({ policy: '{ "version": 1, "requireFourEyes": true, "surprise": 1 ' })

  test('it is reported in Settings and the safest values apply', async ({ app }) => {
    const { page } = app
    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Settings' })
    await expect(dialog.getByRole('alert').first()).toContainText('policy.json')
    await expect(dialog.getByLabel(/^Four-eyes/)).toBeChecked()
    await expect(dialog.getByLabel(/^Four-eyes/)).toBeDisabled()
    const view = await page.evaluate(() => window.api.getSettings())
    expect(view.policy.problem).toContain('policy.json')
    expect(view.export.csv).toMatchObject({ maskDocumentNumbers: true, excludeMrz: true })
  })
})

test('Settings → History lists each change with the OS account, and the chain holds', async ({ app }) => {
  const { page } = app
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Settings' })
  await dialog.getByLabel(/^Four-eyes/).setChecked(true)
  await dialog.getByLabel('Attention below score').fill('75')
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status')).toContainText(/Settings saved/)
  const history = dialog.getByRole('region', { name: 'Settings changes, newest first' })
  await expect(history).toContainText('reviewer-a')
  await expect(history).toContainText(/Four-eyes/i)
  await expect(history).toContainText('75')
  const stored = await page.evaluate(() => window.api.getSettingsHistory())
  expect(stored.verdict).toEqual({ ok: true, count: stored.entries.length })
  expect(stored.entries.map((e) => [e.setting, e.account])).toEqual(
    expect.arrayContaining([
      ['review.fourEyes', 'reviewer-a'],
      ['review.attentionScore', 'reviewer-a'],
    ]),
  )
})
