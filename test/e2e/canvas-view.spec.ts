// The canvas view: a turned scan opens upright, labels never cover the evidence (nor each other), front and back side
// by side from 1440 px, and a missed field drawn by picking its key from the document's expected fields. Geometry is
// read through the stage test hook (window.__rectoStage), in client pixels for labels and quads alike.
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { dragImage, focusBody, importAndRecognise, stageRotation, storedField } from './helpers'

type Pt = { x: number; y: number }
type Box = { key: string; side: string; x: number; y: number; width: number; height: number }
type ScreenQuad = { key: string; side: string; points: Pt[] }

const SHOTS = process.env.RECTO_SHOTS_DIR

async function screenQuads(page: Page, side?: 'front' | 'back' | 'all'): Promise<ScreenQuad[]> {
  return page.evaluate((s) => window.__rectoStage!.getScreenQuads(s), side)
}
async function labelBoxes(page: Page, side?: 'front' | 'back' | 'all'): Promise<Box[]> {
  return page.evaluate((s) => window.__rectoStage!.getLabels(s), side)
}
async function sides(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__rectoStage!.getSides())
}

function bounds(points: readonly Pt[]) {
  const xs = points.map((p) => p.x)
  const ys = points.map((p) => p.y)
  const x = Math.min(...xs)
  const y = Math.min(...ys)
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y }
}

function overlap(a: Omit<Box, 'key' | 'side'>, b: Omit<Box, 'key' | 'side'>): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? w * h : 0
}

/** No label over another label, nor over its own field's box (its bounding rectangle, stricter than the quad). */
function expectLabelsClear(labels: readonly Box[], quads: readonly ScreenQuad[]): void {
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1)) expect(overlap(a, b), `label ${a.key} over label ${b.key}`).toBe(0)
    const own = quads.find((q) => q.key === a.key && q.side === a.side)
    expect(own, `quad of ${a.key}`).toBeTruthy()
    expect(overlap(a, bounds(own!.points)), `label ${a.key} over its own text`).toBe(0)
  }
}

test('a passport scanned turned 90° opens upright; rotate left then right comes back to it', async ({
  app,
}) => {
  const { page } = app
  await importAndRecognise(page, ['d05-mex-passport-turned-front.jpg'], 'MEX', 'passport')
  // The response says rotate "270": the view turns 90° clockwise; the stored quads do not change.
  await expect.poll(() => stageRotation(page)).toBe(90)
  const nameOnScreen = async () => bounds((await screenQuads(page)).find((q) => q.key === 'name')!.points)
  const upright = await nameOnScreen()
  expect(upright.width).toBeGreaterThan(upright.height * 2)
  const stored = (await storedField(page, 'd05-mex-passport-turned-front.jpg', 'name'))!.quad!
  // In the stored image the name runs bottom to top (taller than wide): only the view turned.
  expect(bounds(stored).height).toBeGreaterThan(bounds(stored).width)
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/upright-1440.png` })

  await focusBody(page)
  await page.keyboard.press('[')
  await expect.poll(() => stageRotation(page)).toBe(0)
  const sideways = await nameOnScreen()
  expect(sideways.height).toBeGreaterThan(sideways.width)
  await page.keyboard.press(']')
  await expect.poll(() => stageRotation(page)).toBe(90)
  expect((await nameOnScreen()).width).toBeGreaterThan((await nameOnScreen()).height * 2)
  // The toolbar's buttons run the same commands.
  await page.getByRole('button', { name: 'Rotate right' }).click()
  await expect.poll(() => stageRotation(page)).toBe(180)
  await page.getByRole('button', { name: 'Rotate left' }).click()
  await expect.poll(() => stageRotation(page)).toBe(90)
})

test('labels sit outside their boxes and never on each other (d02, MRZ lines); L hides them', async ({
  app,
}) => {
  const { page } = app
  await page.setViewportSize({ width: 1280, height: 800 })
  await importAndRecognise(page, ['d02-ita-id-front.jpg', 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
  await focusBody(page)
  for (const side of ['front', 'back'] as const) {
    await page.keyboard.press(side === 'front' ? 'f' : 'b')
    await expect.poll(async () => (await screenQuads(page)).every((q) => q.side === side)).toBe(true)
    // Wait for a settled frame: the side's boxes drawn and most of their labels placed, each label's box among them.
    await expect
      .poll(async () => {
        const [q, l] = [await screenQuads(page), await labelBoxes(page)]
        return l.length > q.length / 2 && l.every((x) => q.some((y) => y.key === x.key && y.side === x.side))
      })
      .toBe(true)
    const quads = await screenQuads(page)
    const labels = await labelBoxes(page)
    expectLabelsClear(labels, quads)
    if (side === 'back') {
      expect(quads.filter((q) => q.key.startsWith('back_mrz_line'))).toHaveLength(3)
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/labels-back-1280.png` })
    }
  }
  // The selected field's label is placed first, outside its own box: the characters compared stay visible.
  await page.locator('[data-field="back_mrz_line2"]').focus()
  await expect.poll(async () => (await labelBoxes(page)).some((l) => l.key === 'back_mrz_line2')).toBe(true)
  expectLabelsClear(await labelBoxes(page), await screenQuads(page))
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/labels-selected-1280.png` })

  await focusBody(page)
  await page.keyboard.press('l')
  await expect.poll(async () => (await labelBoxes(page)).length).toBe(0)
  await expect(page.getByRole('button', { name: 'Labels' })).toHaveAttribute('aria-pressed', 'false')
  await page.keyboard.press('l')
  await expect.poll(async () => (await labelBoxes(page)).length).toBeGreaterThan(0)
})

test('from 1440 px both sides of a two-sided case are on screen, below it one side at a time', async ({
  app,
}) => {
  const { page } = app
  await page.setViewportSize({ width: 1440, height: 900 })
  await importAndRecognise(page, ['d02-ita-id-front.jpg', 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
  await expect.poll(() => sides(page)).toEqual(['front', 'back'])
  const all = await screenQuads(page, 'all')
  expect(all.filter((q) => q.side === 'front')).toHaveLength(7)
  expect(all.filter((q) => q.side === 'back')).toHaveLength(6)
  // Front first (left, or above when landscape cards show larger stacked), back after it, both in the window.
  const front = bounds(all.filter((q) => q.side === 'front').flatMap((q) => q.points))
  const back = bounds(all.filter((q) => q.side === 'back').flatMap((q) => q.points))
  expect(front.x + front.width < back.x || front.y + front.height < back.y).toBe(true)
  for (const b of [front, back]) {
    expect(b.x).toBeGreaterThan(0)
    expect(b.y).toBeGreaterThan(0)
    expect(b.x + b.width).toBeLessThan(1440)
    expect(b.y + b.height).toBeLessThan(900)
  }
  expectLabelsClear(await labelBoxes(page), all)

  // Selecting a back field highlights it in place: nothing flips, both sides stay.
  await page.locator('[data-field="back_address"]').focus()
  await expect(page.locator('.stage-wrap.active [data-side="back"]')).toHaveCount(1)
  await expect(page.getByRole('tab', { name: /^Back/ })).toHaveAttribute('aria-selected', 'true')
  expect(await sides(page)).toEqual(['front', 'back'])
  // The front stays drawn beside it.
  expect((await screenQuads(page, 'front')).length).toBe(7)
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/side-by-side-1440.png` })

  await page.setViewportSize({ width: 1280, height: 800 })
  await expect.poll(() => sides(page)).toEqual(['back'])
  await page.getByRole('tab', { name: /^Front/ }).click()
  await expect.poll(() => sides(page)).toEqual(['front'])
})

test('draw a missed field: pick its key from the missing expected fields, it comes empty and flagged, then typed', async ({
  app,
  emulator,
}) => {
  const { page } = app
  const NAME = 'd05-mex-passport-turned-front.jpg'
  // The provider misses the passport's authority and issue date.
  emulator.injectFault({ kind: 'omitFields', keys: ['authority', 'issue_date'] })
  await importAndRecognise(page, [NAME], 'MEX', 'passport')
  for (const key of ['authority', 'issue_date']) {
    await expect.poll(async () => storedField(page, NAME, key)).toBeUndefined()
  }
  await focusBody(page)
  await page.keyboard.press('d')
  // Over where the authority is printed (the view is turned upright: the drag follows the image's pixels).
  await dragImage(page, { x: 940, y: 1265 }, { x: 996, y: 1352 })
  const prompt = page.getByRole('form', { name: 'New field' })
  await expect(prompt).toBeVisible()
  const options = prompt.getByRole('option')
  // Exactly the expected passport fields that are missing (label, then key), then "Other key…".
  await expect(options).toHaveText([/issue_date$/, /^Authority\s*authority$/, 'Other key…'])
  const box = prompt.getByRole('combobox', { name: /Field key/ })
  await expect(box).toBeFocused()
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowDown')
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowUp')
  // Typing filters.
  await box.fill('auth')
  await expect(options).toHaveText([/authority$/, 'Other key: auth'])
  // A typed key is checked like the API's keys.
  await box.fill('2bad')
  await page.keyboard.press('Enter')
  await expect(prompt).toContainText('Letters, digits and _ only')
  await box.fill('auth')
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/draw-pick-1440.png` })
  await page.keyboard.press('Enter')
  await expect(prompt).toHaveCount(0)

  // Added empty, drawn, not verified; selected and open for typing.
  await expect
    .poll(async () => storedField(page, NAME, 'authority'))
    .toMatchObject({ value: '', quadSource: 'drawn', verified: false, side: 'front' })
  const input = page.locator('[data-field="authority"]')
  await expect(input).toBeFocused()
  await expect(input).toHaveValue('')
  await page.keyboard.type('SRE')
  await page.keyboard.press('Enter')
  await expect.poll(async () => (await storedField(page, NAME, 'authority'))?.value).toBe('SRE')
  const drawn = (await storedField(page, NAME, 'authority'))!.quad!
  expect(Math.min(...drawn.map((p) => p.x))).toBeCloseTo(940, -1)
  expect(Math.max(...drawn.map((p) => p.y))).toBeCloseTo(1352, -1)
})
