// The review editor through keyboard and pointer: commands, undo/redo, geometry edits, drawn boxes, side moves,
// and boxes drawn where the truth says. Every change is checked in what the main process stored, after a reload.
import { join } from 'node:path'
import sharp from 'sharp'
import { fixturePath } from '../support/paths'
import { loadTruth, truthFields } from '../support/truth'
import { expect, test } from './fixtures'
import {
  distance,
  dragImage,
  focusBody,
  importAndRecognise,
  openCase,
  stageImageInfo,
  stageQuads,
  stageRotation,
  storedField,
} from './helpers'

const D02 = ['d02-ita-id-front.jpg', 'd02-ita-id-back.jpg']
const D02_NAME = 'd02-ita-id-front.jpg'

test('correct a field by keyboard only (N, type, Enter), persisted across a reload', async ({ app }) => {
  const { page } = app
  await importAndRecognise(page, D02, 'ITA', 'government_id')
  await focusBody(page)

  // N goes to the one field needing attention (number, score 39); its input takes the caret.
  await page.keyboard.press('n')
  const number = page.locator('[data-field="number"]')
  await expect(number).toBeFocused()
  await page.keyboard.press('Control+a')
  await page.keyboard.type('CA00000AA')
  // Enter saves, marks it verified and leaves the field; nothing else needs attention, so the decision bar
  // takes the focus (no field input does: the next key cannot land in a field).
  await page.keyboard.press('Enter')
  await expect(number).not.toBeFocused()
  await expect(
    page.getByRole('region', { name: 'Decision' }).getByRole('button', { name: 'Approve', exact: true }),
  ).toBeFocused()
  await expect(page.getByRole('checkbox', { name: 'Verified Document number' })).toBeChecked()
  await expect
    .poll(async () => storedField(page, D02_NAME, 'number'))
    .toMatchObject({ value: 'CA00000AA', ocrValue: 'CA0O000AA', verified: true })

  // Nothing else needs attention now.
  await focusBody(page)
  await page.keyboard.press('n')
  await expect(page.getByRole('status')).toContainText('No field needs attention')

  await page.reload()
  await openCase(page, D02_NAME)
  await expect(page.locator('[data-field="number"]')).toHaveValue('CA00000AA')
  await expect(page.getByRole('checkbox', { name: 'Verified Document number' })).toBeChecked()
})

test('undo and redo restore values and geometry', async ({ app }) => {
  const { page } = app
  await importAndRecognise(page, D02, 'ITA', 'government_id')

  // A typed value is one undo step, however many keystrokes.
  const name = page.locator('[data-field="name"]')
  await name.fill('ROSSI MARIA')
  await name.blur()
  await expect.poll(async () => (await storedField(page, D02_NAME, 'name'))?.value).toBe('ROSSI MARIA')
  await page.keyboard.press('Control+z')
  await expect(name).toHaveValue('ROSSI GIULIA')
  await expect.poll(async () => (await storedField(page, D02_NAME, 'name'))?.value).toBe('ROSSI GIULIA')
  await page.keyboard.press('Control+Shift+z')
  await expect(name).toHaveValue('ROSSI MARIA')
  await expect.poll(async () => (await storedField(page, D02_NAME, 'name'))?.value).toBe('ROSSI MARIA')

  // A vertex drag: select the field, drag its first corner; undo puts it back, Ctrl+Y moves it again.
  await page.locator('[data-field="birth"]').focus()
  const original = (await storedField(page, D02_NAME, 'birth'))!.quad!
  const corner = original[0]!
  const moved = { x: corner.x - 30, y: corner.y - 20 }
  await dragImage(page, corner, moved)
  await expect
    .poll(async () => distance((await storedField(page, D02_NAME, 'birth'))!.quad![0]!, moved))
    .toBeLessThan(3)
  await focusBody(page)
  await page.keyboard.press('Control+z')
  await expect
    .poll(async () => distance((await storedField(page, D02_NAME, 'birth'))!.quad![0]!, corner))
    .toBeLessThan(0.01)
  await expect
    .poll(async () => {
      const q = (await stageQuads(page)).find((d) => d.key === 'birth')
      return q ? distance(q.points[0]!, corner) : Infinity
    })
    .toBeLessThan(0.01)
  await page.keyboard.press('Control+y')
  await expect
    .poll(async () => distance((await storedField(page, D02_NAME, 'birth'))!.quad![0]!, moved))
    .toBeLessThan(3)

  // A recognised field is the provider's reading: it cannot be deleted (the button says why; the key too).
  await page.locator('[data-field="gender"]').focus()
  const del = page.getByRole('button', { name: 'Delete field' })
  await expect(del).toBeDisabled()
  await expect(del).toHaveAttribute('title', /recognised field cannot be deleted/)
  await focusBody(page)
  await page.keyboard.press('Delete')
  await expect(page.getByRole('status')).toContainText('recognised field cannot be deleted')
  expect(await storedField(page, D02_NAME, 'gender')).toMatchObject({ value: 'F' })

  // What was stored survives a reload.
  await page.reload()
  await openCase(page, D02_NAME)
  await expect(page.locator('[data-field="name"]')).toHaveValue('ROSSI MARIA')
  const birth = (await stageQuads(page)).find((d) => d.key === 'birth')!
  expect(distance(birth.points[0]!, moved)).toBeLessThan(3)
})

test('drag a whole box and nudge it with the arrow keys', async ({ app }) => {
  const { page } = app
  await importAndRecognise(page, D02, 'ITA', 'government_id')
  await page.locator('[data-field="name"]').focus()
  const q = (await storedField(page, D02_NAME, 'name'))!.quad!
  const centre = { x: (q[0]!.x + q[2]!.x) / 2, y: (q[0]!.y + q[2]!.y) / 2 }
  await dragImage(page, centre, { x: centre.x + 40, y: centre.y + 25 })
  // Pointer events land on whole screen pixels: at this zoom that is within ~2 image px.
  await expect
    .poll(async () =>
      distance((await storedField(page, D02_NAME, 'name'))!.quad![0]!, { x: q[0]!.x + 40, y: q[0]!.y + 25 }),
    )
    .toBeLessThan(3)
  const dragged = (await storedField(page, D02_NAME, 'name'))!.quad!
  // Every corner moved together (a translation, not a reshaping).
  dragged.forEach((p, i) =>
    expect(
      distance(
        { x: p.x - dragged[0]!.x, y: p.y - dragged[0]!.y },
        { x: q[i]!.x - q[0]!.x, y: q[i]!.y - q[0]!.y },
      ),
    ).toBeLessThan(0.01),
  )

  // Arrows nudge by 1 image px, Shift by 10; a burst of nudges is saved as one edit.
  await focusBody(page)
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('Shift+ArrowDown')
  await expect
    .poll(async () => {
      const s = (await storedField(page, D02_NAME, 'name'))!.quad!
      return [Math.round(s[2]!.x - dragged[2]!.x), Math.round(s[2]!.y - dragged[2]!.y)]
    })
    .toEqual([-1, 10])
  // One undo takes back the whole burst.
  await page.keyboard.press('Control+z')
  await expect
    .poll(async () => distance((await storedField(page, D02_NAME, 'name'))!.quad![2]!, dragged[2]!))
    .toBeLessThan(0.01)
})

test('draw a box for a missed field and move a field to the other side, persisted', async ({ app }) => {
  const { page } = app
  await importAndRecognise(page, D02, 'ITA', 'government_id')
  await focusBody(page)
  await page.keyboard.press('d')
  await dragImage(page, { x: 100, y: 1150 }, { x: 700, y: 1230 })
  const prompt = page.getByRole('form', { name: 'New field' })
  await expect(prompt).toBeVisible()
  // The key is checked like the API's keys.
  await prompt.getByRole('combobox', { name: /Field key/ }).fill('2bad key')
  await prompt.getByRole('button', { name: 'Add field' }).click()
  await expect(prompt).toContainText('Letters, digits and _ only')
  await prompt.getByRole('combobox', { name: /Field key/ }).fill('signature')
  await prompt.getByRole('button', { name: 'Add field' }).click()
  await expect(page.locator('[data-field="signature"]')).toBeFocused()
  await expect
    .poll(async () => storedField(page, D02_NAME, 'signature'))
    .toMatchObject({ side: 'front', quadSource: 'drawn' })
  const drawn = (await storedField(page, D02_NAME, 'signature'))!.quad!
  expect(distance(drawn[0]!, { x: 100, y: 1150 })).toBeLessThan(3)
  expect(distance(drawn[2]!, { x: 700, y: 1230 })).toBeLessThan(3)

  // A drawn field can be deleted, and the deletion undone (it comes back as it was).
  await page.keyboard.type('X')
  await expect.poll(async () => (await storedField(page, D02_NAME, 'signature'))?.value).toBe('X')
  await page.getByRole('button', { name: 'Delete field' }).click()
  await expect(page.locator('[data-field="signature"]')).toHaveCount(0)
  await expect.poll(async () => storedField(page, D02_NAME, 'signature')).toBeUndefined()
  await page.keyboard.press('Control+z')
  await expect(page.locator('[data-field="signature"]')).toHaveValue('X')
  await expect
    .poll(async () => storedField(page, D02_NAME, 'signature'))
    .toMatchObject({ value: 'X', ocrValue: '', score: null, quadSource: 'drawn' })
  await page.locator('[data-field="signature"]').fill('')
  await expect.poll(async () => (await storedField(page, D02_NAME, 'signature'))?.value).toBe('')

  // Move "gender" to the back with the command's button; the view follows it.
  await page.locator('[data-field="gender"]').focus()
  await page.getByRole('button', { name: 'Move to other side' }).click()
  await expect.poll(async () => (await storedField(page, D02_NAME, 'gender'))?.side).toBe('back')
  await expect(page.getByRole('tab', { name: /Back/ })).toHaveAttribute('aria-selected', 'true')

  await page.reload()
  await openCase(page, D02_NAME)
  await expect(page.locator('[data-field="signature"]')).toHaveValue('')
  expect((await stageQuads(page)).map((q) => q.key)).toContain('signature')
  await focusBody(page)
  await page.keyboard.press('b')
  await expect.poll(async () => (await stageQuads(page)).map((q) => q.key)).toContain('gender')
})

test('boxes are drawn where the truth says (d01, d02 front and back)', async ({ app }) => {
  const { page } = app
  const check = async (id: string, side: 'front' | 'back') => {
    const truth = truthFields(loadTruth(id)).filter((f) => f.side === side)
    await expect
      .poll(async () => (await stageQuads(page)).filter((q) => q.side === side).length)
      .toBe(truth.length)
    const drawn = await stageQuads(page)
    for (const f of truth) {
      const q = drawn.find((d) => d.key === f.responseKey)
      expect(q, `${id} ${f.responseKey}`).toBeTruthy()
      q!.points.forEach((p, i) =>
        expect(distance(p, f.origQuad[i]!), `${id} ${f.responseKey} corner ${i}`).toBeLessThan(3),
      )
    }
  }
  await importAndRecognise(page, ['d01-utopia-passport-front.jpg'], 'NZL', 'passport')
  await check('d01-utopia-passport', 'front')
  await importAndRecognise(page, D02, 'ITA', 'government_id')
  await check('d02-ita-id', 'front')
  await focusBody(page)
  await page.keyboard.press('b')
  await check('d02-ita-id', 'back')

  // Turning the view changes the view only: the quads stay in image pixels.
  await page.getByRole('button', { name: 'Rotate right' }).click()
  expect(await stageRotation(page)).toBe(90)
  await check('d02-ita-id', 'back')
  // The 1800 px back at this fit zoom shows fewer device pixels than the 1280 px screen copy has: the screen copy
  // is what is painted, at its own size, while the quads above stayed in the stored image's pixels.
  const scale = await page.evaluate(() => window.__rectoStage!.getScale())
  expect(scale * 1800).toBeLessThanOrEqual(1280)
  expect(await stageImageInfo(page)).toMatchObject({ source: 'screen', width: 1280, height: 960 })
})

test('? opens the shortcut sheet listing every command', async ({ app }) => {
  const { page } = app
  await focusBody(page)
  await page.keyboard.press('?')
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(sheet).toBeVisible()
  for (const label of [
    'Next field needing attention',
    'Undo',
    'Redo',
    'Draw box',
    'Move to other side',
    'Rotate view right (90° clockwise)',
  ]) {
    await expect(sheet.getByText(label, { exact: true })).toBeVisible()
  }
  await page.keyboard.press('Escape')
  await expect(sheet).toHaveCount(0)
})

test('a large scan shows its screen copy first, then the preview and the full image as it is zoomed in', async ({
  app,
}) => {
  const { page } = app
  // A 4000 px copy of a fixture: over the 1280 px screen copy and the 2560 px preview.
  const big = join(app.userDataDir, '..', 'big-front.jpg')
  await sharp(fixturePath('d02-ita-id-front.jpg')).resize(4000, 3000).jpeg({ quality: 85 }).toFile(big)
  await page.getByLabel('Import scans').setInputFiles([big])
  await expect(page.getByRole('status')).toContainText('Imported big-front.jpg')
  await expect.poll(async () => (await stageImageInfo(page))?.source).toBe('screen')
  expect(await stageImageInfo(page)).toMatchObject({ width: 1280, height: 960 })
  await focusBody(page)
  // Zoomed until 4000 × scale passes 1280 device pixels but not 2560: the preview.
  const scale = async () => page.evaluate(() => window.__rectoStage!.getScale())
  while ((await scale()) * 4000 <= 1300) await page.keyboard.press('+')
  // One zoom step (×1.25) past 1300 stays under 2560: the preview is the sharper tier this zoom needs.
  expect((await scale()) * 4000).toBeLessThanOrEqual(2560)
  await expect.poll(async () => stageImageInfo(page)).toMatchObject({ source: 'preview', width: 2560 })
  for (let i = 0; i < 6; i++) await page.keyboard.press('+')
  await expect.poll(async () => stageImageInfo(page)).toMatchObject({ source: 'full', width: 4000 })
})

test('at low zoom a small box’s overlapping handles give the pointer the nearest corner (1440×800)', async ({
  app,
}) => {
  const { page } = app
  // At this height the ID card is shown at about 19 %: the birth date's box is a few pixels tall and its left
  // handles overlap; the one drawn last used to take the press, so the wrong corner moved.
  await page.setViewportSize({ width: 1440, height: 800 })
  await importAndRecognise(page, D02, 'ITA', 'government_id')
  await page.locator('[data-field="birth"]').focus()
  const before = (await storedField(page, D02_NAME, 'birth'))!.quad!
  const to = { x: before[0]!.x - 30, y: before[0]!.y - 20 }
  await dragImage(page, before[0]!, to)
  await expect
    .poll(async () => distance((await storedField(page, D02_NAME, 'birth'))!.quad![0]!, to))
    .toBeLessThan(6)
  const after = (await storedField(page, D02_NAME, 'birth'))!.quad!
  expect(after.slice(1)).toEqual(before.slice(1))
})
