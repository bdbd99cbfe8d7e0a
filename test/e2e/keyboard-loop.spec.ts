// The reviewer's keyboard loop (issue 11, item 1): N opens the next field needing attention, Enter confirms it and
// leaves it, and no key the reviewer did not aim at a field ever lands in one. Every value is read back from what
// the main process stored. Also the panel the loop walks: sides grouped in the export's column order, inputs that
// fit their value, MRZ lines on one line, and the zoomed crop of the selected field.
import { expect, test } from './fixtures'
import { focusBody, importAndRecognise, storedFields } from './helpers'

const D04 = ['d04-jpn-residence-front.jpg', 'd04-jpn-residence-back.jpg']
const D04_NAME = D04[0]!
const D01 = ['d01-utopia-passport-front.jpg']

/** What the test compares of a stored field: everything a stray key or a wrong save could change. */
const snapshot = (f: { key: string; side: string; value: string; verified: boolean; quad: unknown }) => ({
  key: f.key,
  side: f.side,
  value: f.value,
  verified: f.verified,
  quad: f.quad,
})

test('N, type, Enter, N, type, Enter, stray keys: only the corrected fields change, exactly as typed', async ({
  app,
}) => {
  const { page } = app
  await importAndRecognise(page, D04, 'JPN', 'residence_permit')
  const before = await storedFields(page, D04_NAME)
  const focusedField = () =>
    page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.field ?? null)
  const selectedRow = page.locator('li.field-row[aria-current="true"]')
  await focusBody(page)

  // N opens the first field needing attention in panel order (the expiry date: score 30, not a real date).
  await page.keyboard.press('n')
  await expect(page.locator('[data-field="expire_date"]')).toBeFocused()
  await page.keyboard.press('Control+a')
  await page.keyboard.type('2029-03-31')
  // Enter confirms and leaves: the next field needing attention is selected, not opened.
  await page.keyboard.press('Enter')
  await expect(selectedRow.locator('[data-field="name_chn"]')).toHaveCount(1)
  await expect.poll(focusedField).toBeNull()
  // A stray letter with no field open reaches no field.
  await page.keyboard.press('x')
  await expect(page.locator('[data-field="name_chn"]')).toHaveValue('阮氏闌')

  // N opens the selected field (it needs attention), not the one after it.
  await page.keyboard.press('n')
  await expect(page.locator('[data-field="name_chn"]')).toBeFocused()
  await page.keyboard.press('Control+a')
  await page.keyboard.type('阮氏蘭')
  await page.keyboard.press('Enter')

  // Nothing left: the decision bar has the focus, and stray keys still change nothing.
  const approve = page
    .getByRole('region', { name: 'Decision' })
    .getByRole('button', { name: 'Approve', exact: true })
  await expect(approve).toBeFocused()
  expect(await focusedField()).toBeNull()
  await page.keyboard.press('n')
  await expect(page.getByRole('status')).toContainText('No field needs attention')
  await page.keyboard.press('x')
  await expect(approve).toBeFocused()

  const corrected: Record<string, string> = { expire_date: '2029-03-31', name_chn: '阮氏蘭' }
  await expect
    .poll(async () =>
      (await storedFields(page, D04_NAME))
        .filter((f) => f.key in corrected)
        .map((f) => [f.key, f.value, f.verified]),
    )
    .toEqual(
      expect.arrayContaining([
        ['expire_date', '2029-03-31', true],
        ['name_chn', '阮氏蘭', true],
      ]),
    )
  const after = await storedFields(page, D04_NAME)
  expect(after.map((f) => f.key).sort()).toEqual(before.map((f) => f.key).sort())
  for (const f of before) {
    const now = after.find((a) => a.key === f.key)!
    if (f.key in corrected) expect(now.value, f.key).toBe(corrected[f.key])
    else expect(snapshot(now), f.key).toEqual(snapshot(f))
  }
})

test('Enter and F2 open the selected field; Escape leaves it keeping what was typed', async ({ app }) => {
  const { page } = app
  await importAndRecognise(page, D04, 'JPN', 'residence_permit')
  await focusBody(page)
  await page.keyboard.press('n')
  const expiry = page.locator('[data-field="expire_date"]')
  await expect(expiry).toBeFocused()
  await page.keyboard.press('Enter')
  const nameChn = page.locator('[data-field="name_chn"]')
  await expect(
    page.locator('li.field-row[aria-current="true"]').locator('[data-field="name_chn"]'),
  ).toHaveCount(1)
  await expect(nameChn).not.toBeFocused()
  // Enter on the selected field opens it.
  await page.keyboard.press('Enter')
  await expect(nameChn).toBeFocused()
  // Escape leaves editing; what was typed is saved (Ctrl+Z undoes it), and the field is no longer selected.
  await page.keyboard.press('End')
  await page.keyboard.type('X')
  await page.keyboard.press('Escape')
  await expect(nameChn).not.toBeFocused()
  await expect
    .poll(async () => (await storedFields(page, D04_NAME)).find((f) => f.key === 'name_chn')?.value)
    .toBe('阮氏闌X')
  await expect(
    page.getByRole('complementary', { name: 'Fields' }).locator('li.field-row[aria-current="true"]'),
  ).toHaveCount(0)
  // F2 with no field selected says so. Ctrl+Z takes the typing back; N then opens the field again, and once it is
  // left without being deselected (a blur, not Escape), F2 opens it.
  await page.keyboard.press('F2')
  await expect(page.getByRole('status')).toContainText('Select a field first')
  await page.keyboard.press('Control+z')
  await expect(nameChn).toHaveValue('阮氏闌')
  await page.keyboard.press('n')
  await expect(nameChn).toBeFocused()
  await focusBody(page)
  await expect(nameChn).not.toBeFocused()
  await page.keyboard.press('F2')
  await expect(nameChn).toBeFocused()
  // Shift+Enter never types a line break into a value (there is no fix to apply here).
  await page.keyboard.press('Shift+Enter')
  await expect(nameChn).toHaveValue('阮氏闌')
})

test('the panel groups sides in the column order, fits long values, and shows the selected field’s scan', async ({
  app,
}) => {
  const { page } = app
  await page.setViewportSize({ width: 1280, height: 800 })
  await importAndRecognise(page, D04, 'JPN', 'residence_permit')
  const panel = page.getByRole('complementary', { name: 'Fields' })
  const keysIn = (side: string) =>
    panel
      .getByRole('region', { name: side, exact: true })
      .locator('[data-field]')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.field))
  await expect(panel.getByRole('heading', { name: /^Front/ })).toBeVisible()
  expect(await keysIn('Front')).toEqual([
    'name',
    'given_name',
    'number',
    'birth',
    'gender',
    'nationality',
    'expire_date',
    'name_chn',
  ])
  expect(await keysIn('Back')).toEqual([
    'back_address',
    'back_authority',
    'back_issue_date',
    'back_mrz_line1',
    'back_mrz_line2',
    'back_mrz_line3',
  ])
  // One label per key: the panel's labels.
  await expect(panel.getByRole('checkbox', { name: 'Verified Date of expiry' })).toBeVisible()
  await expect(panel.getByRole('checkbox', { name: 'Verified Name (Chinese)' })).toBeVisible()

  // A long value wraps onto more lines instead of being cut off; a pasted line break becomes a space.
  const address = page.locator('[data-field="back_address"]')
  const oneLine = await address.evaluate((e) => e.getBoundingClientRect().height)
  const long =
    '東京都新宿区西新宿2-8-1 新宿パークタワー 45階 4501号室 株式会社サンプル 気付 グエン・ティ・ラン 様'
  await address.focus()
  await page.keyboard.press('Control+a')
  await page.keyboard.insertText(`${long}\nline two`)
  await expect(address).toHaveValue(`${long} line two`)
  expect(await address.evaluate((e) => e.getBoundingClientRect().height)).toBeGreaterThan(oneLine * 1.6)
  expect(await address.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true)
  await page.keyboard.press('Escape')
  await expect
    .poll(async () => (await storedFields(page, D04_NAME)).find((f) => f.key === 'back_address')?.value)
    .toBe(`${long} line two`)

  // The selected field shows its box from the scan, zoomed, and not blank.
  await focusBody(page)
  await page.keyboard.press('n')
  const crop = panel.getByRole('img', { name: 'Scan of Date of expiry' })
  await expect(crop).toBeVisible()
  await expect(crop).toHaveAttribute('aria-busy', 'false')
  const stats = await crop.evaluate((c) => {
    const canvas = c as HTMLCanvasElement
    const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
    let sum = 0
    let sq = 0
    const n = d.length / 4
    for (let i = 0; i < d.length; i += 4) {
      const v = (d[i]! + d[i + 1]! + d[i + 2]!) / 3
      sum += v
      sq += v * v
    }
    const mean = sum / n
    return {
      width: canvas.getBoundingClientRect().width,
      height: canvas.getBoundingClientRect().height,
      sd: Math.sqrt(sq / n - mean * mean),
    }
  })
  // Shown larger than the scan's pixels, and far larger than the canvas shows it at fit, within the panel.
  const quad = (await storedFields(page, D04_NAME)).find((f) => f.key === 'expire_date')!.quad!
  const boxWidth = Math.hypot(quad[1]!.x - quad[0]!.x, quad[1]!.y - quad[0]!.y)
  const stageScale = await page.evaluate(() => window.__rectoStage!.getScale())
  expect(stats.width).toBeGreaterThan(boxWidth)
  expect(stats.width).toBeGreaterThan(boxWidth * stageScale * 2)
  expect(stats.width).toBeLessThanOrEqual(320)
  // Printed text on a card: far from a flat fill.
  expect(stats.sd).toBeGreaterThan(12)
})

test('MRZ lines are one monospace line each, 44 characters across the panel at 1280 px', async ({ app }) => {
  const { page } = app
  await page.setViewportSize({ width: 1280, height: 800 })
  await importAndRecognise(page, D01, 'NZL', 'passport')
  for (const key of ['mrz_line1', 'mrz_line2']) {
    const mrz = page.locator(`[data-field="${key}"]`)
    await expect(mrz).toHaveValue(/^.{44}$/)
    const box = await mrz.evaluate((e) => {
      const s = getComputedStyle(e)
      return {
        whiteSpace: s.whiteSpace,
        font: s.fontFamily,
        fits: e.scrollWidth <= e.clientWidth,
        h: e.clientHeight,
      }
    })
    expect(box.whiteSpace).toBe('pre')
    expect(box.font).toMatch(/mono/i)
    expect(box.fits, `${key} fits without scrolling`).toBe(true)
  }
})
