import { expect, test } from './fixtures'
import { importAndRecognise, importScans, setReviewer } from './helpers'

test('shots D', async ({ app }) => {
  const { page } = app
  await setReviewer(page, 'Ann Reviewer')
  await importAndRecognise(page, ['d02-ita-id-front.jpg', 'd02-ita-id-back.jpg'], 'ITA', 'government_id')
  await importAndRecognise(page, ['d01-utopia-passport-front.jpg'], 'NZL', 'passport')
  await importAndRecognise(page, ['d05-mex-passport-turned-front.jpg'], 'MEX', 'passport')
  await importScans(page, 'd03-can-dl-front.png')
  await expect(page.getByRole('status')).toContainText('Imported')
  for (const [w, h] of [[1280, 800], [1440, 900]] as const) {
    await page.setViewportSize({ width: w, height: h })
    await page.waitForTimeout(300)
    await page.screenshot({ path: `/tmp/shots-D/new-${w}.png` })
  }
  await page.getByRole('list', { name: 'Cases' }).getByRole('listitem').filter({ hasText: 'd01' }).getByRole('button').first().click()
  await page.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name: /^To do/ }).click()
  for (const [w, h] of [[1280, 800], [1440, 900]] as const) {
    await page.setViewportSize({ width: w, height: h })
    await page.waitForTimeout(300)
    await page.screenshot({ path: `/tmp/shots-D/todo-${w}.png` })
  }
  await page.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name: /^Status/ }).click()
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.waitForTimeout(300)
  await page.screenshot({ path: `/tmp/shots-D/status-1280.png` })
  await page.keyboard.press('r')
  await page.waitForTimeout(300)
  await page.screenshot({ path: `/tmp/shots-D/reject-1280.png` })
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.waitForTimeout(300)
  await page.getByRole('dialog', { name: 'Settings' }).getByText('Review screen').scrollIntoViewIfNeeded()
  await page.screenshot({ path: `/tmp/shots-D/settings-1280.png` })
})
