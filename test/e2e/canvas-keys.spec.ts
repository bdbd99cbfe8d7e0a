// The canvas's pointer gestures and the keyboard commands not driven elsewhere (README "Canvas", test/e2e/README.md
// "Keyboard" and "Pointer"): wheel zoom keeps the point under the pointer in place; dragging empty space, or
// anything with Space held, pans without editing; Shift+R turns the view; M moves a field to the other side and
// Delete deletes a drawn one, each undone with Ctrl+Z; J / K follow the case list as sorted; / goes to the search.
// Each checks the state the gesture or key must change (the stage transform, what the main process stored, the
// case with aria-current, the focus).
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import {
  distance,
  dragImage,
  focusBody,
  importAndRecognise,
  imageToScreen,
  importScans,
  stageQuads,
  stageRotation,
  stageScale,
  storedField,
  storedFields,
} from './helpers'

type Pt = { x: number; y: number }

const D02 = ['d02-ita-id-front.jpg', 'd02-ita-id-back.jpg']
const D02_NAME = 'd02-ita-id-front.jpg'

/**
 * Below 1440 px a two-sided case shows one side at a time: one stage, the active one. (Set on the page: the app
 * fixture opens its own window, so `test.use({ viewport })` does not reach it.)
 */
const ONE_SIDE = { width: 1280, height: 800 }

/** Presses the mouse at `from` (page pixels), moves by `by` in steps (Konva needs moves to start a drag), releases. */
async function dragScreen(page: Page, from: Pt, by: Pt): Promise<void> {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(from.x + by.x / 4, from.y + by.y / 4, { steps: 3 })
  await page.mouse.move(from.x + by.x, from.y + by.y, { steps: 6 })
  await page.mouse.up()
}

const storedQuads = async (page: Page) =>
  Object.fromEntries((await storedFields(page, D02_NAME)).map((f) => [f.key, f.quad]))

test('wheel zooms about the pointer; dragging empty space, or a box with Space held, pans and edits nothing', async ({
  app,
}) => {
  const { page } = app
  await page.setViewportSize(ONE_SIDE)
  await importAndRecognise(page, D02, 'ITA', 'government_id')
  await focusBody(page)
  const before = await storedQuads(page)
  const probe = { x: 900, y: 700 }

  // Drag from empty space (the scan's corner, outside every box): the view moves with the pointer, same zoom.
  const corner = { x: 40, y: 40 }
  for (const q of await stageQuads(page)) {
    expect(Math.min(...q.points.map((p) => distance(p, corner))), `${q.key} near the corner`).toBeGreaterThan(
      200,
    )
  }
  const scale0 = await stageScale(page)
  const probe0 = await imageToScreen(page, probe)
  await dragScreen(page, await imageToScreen(page, corner), { x: 120, y: 70 })
  await expect
    .poll(async () => distance(await imageToScreen(page, probe), { x: probe0.x + 120, y: probe0.y + 70 }))
    .toBeLessThan(1.5)
  // Same zoom (within 1 %: until the first pan the view is refitted to the pane, which may still settle by a pixel).
  expect(Math.abs((await stageScale(page)) / scale0 - 1)).toBeLessThan(0.01)

  // Space held: dragging the selected box pans the view instead of moving the box.
  await page.locator('[data-field="name"]').focus()
  await focusBody(page)
  const name = before.name!
  const centre = { x: (name[0]!.x + name[2]!.x) / 2, y: (name[0]!.y + name[2]!.y) / 2 }
  const centre0 = await imageToScreen(page, centre)
  await page.keyboard.down('Space')
  // The stage shows it is in pan mode (a grab cursor) before the button goes down.
  await page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="document-stage"]')].some(
      (el) => el.style.cursor === 'grab',
    ),
  )
  await dragScreen(page, centre0, { x: -90, y: -60 })
  await page.keyboard.up('Space')
  await expect
    .poll(async () => distance(await imageToScreen(page, centre), { x: centre0.x - 90, y: centre0.y - 60 }))
    .toBeLessThan(1.5)
  expect(await storedQuads(page)).toEqual(before)

  // Wheel up over a point: zoomed in, and that image point is still under the pointer.
  const at = await imageToScreen(page, probe)
  await page.mouse.move(at.x, at.y)
  await page.mouse.wheel(0, -300)
  await expect.poll(() => stageScale(page)).toBeGreaterThan(scale0 * 1.3)
  expect(distance(await imageToScreen(page, probe), at)).toBeLessThan(1)
  // Points elsewhere moved away from it: the zoom is about the pointer, not a pan.
  const far = { x: probe.x + 300, y: probe.y + 200 }
  const farAt = await imageToScreen(page, far)
  expect(distance(farAt, at)).toBeGreaterThan(300 * scale0 * 1.3)

  // Wheel down over another point: zoomed out about that one.
  const zoomed = await stageScale(page)
  await page.mouse.move(farAt.x, farAt.y)
  await page.mouse.wheel(0, 200)
  await expect.poll(() => stageScale(page)).toBeLessThan(zoomed * 0.9)
  expect(distance(await imageToScreen(page, far), farAt)).toBeLessThan(1)
  // Zoom and pan are views: nothing was stored.
  expect(await storedQuads(page)).toEqual(before)
})

test('Shift+R turns the view right; M moves a field to the back and Delete deletes a drawn one, both undone', async ({
  app,
}) => {
  const { page } = app
  await page.setViewportSize(ONE_SIDE)
  await importAndRecognise(page, D02, 'ITA', 'government_id')
  const gender = (await storedField(page, D02_NAME, 'gender'))!

  // M: the selected field goes to the other side, the view follows it; Ctrl+Z brings it back where it was.
  await page.locator('[data-field="gender"]').focus()
  await focusBody(page)
  await page.keyboard.press('m')
  await expect.poll(async () => (await storedField(page, D02_NAME, 'gender'))?.side).toBe('back')
  await expect(page.getByRole('status')).toContainText('Sex moved to the back')
  await expect(page.getByRole('tab', { name: /^Back/ })).toHaveAttribute('aria-selected', 'true')
  await expect.poll(async () => (await stageQuads(page)).find((q) => q.key === 'gender')?.side).toBe('back')
  await page.keyboard.press('Control+z')
  await expect
    .poll(async () => storedField(page, D02_NAME, 'gender'))
    .toMatchObject({
      side: 'front',
      quad: gender.quad,
    })

  // Delete: a reviewer-drawn field is deleted (its row and box go), Ctrl+Z restores it with its box.
  await focusBody(page)
  await page.keyboard.press('f')
  await page.keyboard.press('d')
  await dragImage(page, { x: 100, y: 1150 }, { x: 700, y: 1230 })
  const prompt = page.getByRole('form', { name: 'New field' })
  await prompt.getByRole('combobox', { name: /Field key/ }).fill('signature')
  await prompt.getByRole('button', { name: 'Add field' }).click()
  await expect(page.locator('[data-field="signature"]')).toBeFocused()
  await expect
    .poll(async () => storedField(page, D02_NAME, 'signature'))
    .toMatchObject({ quadSource: 'drawn' })
  const drawn = (await storedField(page, D02_NAME, 'signature'))!
  await focusBody(page)
  await page.keyboard.press('Delete')
  await expect(page.getByRole('status')).toContainText('deleted — Ctrl+Z brings it back')
  await expect.poll(async () => storedField(page, D02_NAME, 'signature')).toBeUndefined()
  await expect(page.locator('[data-field="signature"]')).toHaveCount(0)
  await expect.poll(async () => (await stageQuads(page)).map((q) => q.key)).not.toContain('signature')
  await page.keyboard.press('Control+z')
  await expect
    .poll(async () => storedField(page, D02_NAME, 'signature'))
    .toMatchObject({ side: 'front', quad: drawn.quad, quadSource: 'drawn' })
  await expect.poll(async () => (await stageQuads(page)).map((q) => q.key)).toContain('signature')

  // Shift+R: the view turns 90° clockwise; the boxes stay in image pixels, so only their look on screen turns.
  await focusBody(page)
  expect(await stageRotation(page)).toBe(0)
  const quads = await stageQuads(page)
  const onScreen = async () => {
    const q = await page.evaluate(() => window.__rectoStage!.getScreenQuads())
    const pts = q.find((x) => x.key === 'name')!.points
    const xs = pts.map((p) => p.x)
    const ys = pts.map((p) => p.y)
    return { width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) }
  }
  const flat = await onScreen()
  expect(flat.width).toBeGreaterThan(flat.height * 2)
  await page.keyboard.press('Shift+R')
  await expect.poll(() => stageRotation(page)).toBe(90)
  const turned = await onScreen()
  expect(turned.height).toBeGreaterThan(turned.width * 2)
  expect(await stageQuads(page)).toEqual(quads)
  await page.keyboard.press('Shift+R')
  await expect.poll(() => stageRotation(page)).toBe(180)
})

test('J / K step through the case list as sorted; / puts the caret in the search', async ({ app }) => {
  const { page } = app
  const list = page.getByRole('list', { name: 'Cases' })
  const rows = list.getByRole('listitem')
  const row = (file: string) => rows.filter({ hasText: file })
  // Created in this order; by name the order is A, B, C.
  const [A, B, C] = [
    'd01-utopia-passport-front.jpg',
    'd02-ita-id-front.jpg',
    'd05-mex-passport-turned-front.jpg',
  ]
  for (const file of [C, A, B]) {
    await importScans(page, file)
    await expect(page.getByRole('status')).toContainText(`Imported ${file}`)
  }
  const order = async () =>
    (await rows.allTextContents()).map((t) => [A, B, C].find((f) => t.includes(f)) ?? t)
  const expectCurrent = async (file: string) => {
    await expect(row(file)).toHaveAttribute('aria-current', 'true')
    await expect(rows.and(page.locator('[aria-current="true"]'))).toHaveCount(1)
  }

  // Oldest first (the default): C, A, B; the last import is open.
  await expect.poll(order).toEqual([C, A, B])
  await expectCurrent(B)
  await focusBody(page)
  await page.keyboard.press('k')
  await expectCurrent(A)
  await page.keyboard.press('k')
  await expectCurrent(C)
  await page.keyboard.press('j')
  await expectCurrent(A)

  // Name A–Z: A, B, C. From A, J twice reaches C (in creation order the second J would stop at B, the last).
  await page.getByLabel('Sort cases').selectOption('name')
  await expect.poll(order).toEqual([A, B, C])
  await focusBody(page)
  await page.keyboard.press('j')
  await expectCurrent(B)
  await page.keyboard.press('j')
  await expectCurrent(C)

  // Newest first: B, A, C. From C, K goes to A (by name it would be B).
  await page.getByLabel('Sort cases').selectOption('created_desc')
  await expect.poll(order).toEqual([B, A, C])
  await focusBody(page)
  await page.keyboard.press('k')
  await expectCurrent(A)

  // "/": the search takes the focus, empty (the slash is not typed into it); what follows is a query, not keys.
  await page.keyboard.press('/')
  const search = page.getByRole('searchbox', { name: 'Search cases' })
  await expect(search).toBeFocused()
  await expect(search).toHaveValue('')
  // Typed in the search, j is a letter (J would open C, the next case): ".jpg" matches every file, A stays open.
  await page.keyboard.type('jpg')
  await expect(search).toHaveValue('jpg')
  await expect.poll(order).toEqual([B, A, C])
  await expectCurrent(A)
  await search.fill('passport')
  await expect.poll(order).toEqual([A, C])
})
