// Resume after a restart mid-batch, through the app: requests in flight at the quit may have been processed and
// billed by ARGOS, so after the restart their cases are Interrupted (shown in the list, filterable, explained in
// the field panel) and resent only by the reviewer's Recognize; a case that was only queued is resent by itself.
// The billing record is every request the emulator received in full, answered or abandoned.
import { expect, test } from './fixtures'
import { chooseDocument, importEach, recognizeAllConfirmed, setParallelRequests } from './helpers'

// Two launches of the app on one test: more than the default minute on a loaded machine.
test.slow()

const SCANS = ['d01-utopia-passport-front.jpg', 'd02-ita-id-front.jpg', 'd05-mex-passport-turned-front.jpg']

test('a restart mid-batch: in-flight cases are Interrupted and resent only on Recognize', async ({
  app,
  emulator,
}) => {
  let page = app.page
  await importEach(page, SCANS)
  await page.getByRole('checkbox', { name: 'Select all shown' }).check()
  await chooseDocument(page, 'NZL', 'passport')
  await page.getByRole('button', { name: 'Clear selection' }).click()
  await setParallelRequests(page, 2)
  const received = () => emulator.requests.filter((r) => r.bodyReceived).length
  const before = received()

  // Two requests reach ARGOS and are held there (in flight); the third case waits in the queue.
  emulator.hold()
  try {
    await recognizeAllConfirmed(page, [/3 × New Zealand Passport/])
    await emulator.received(before + 2)
    await app.quit()
  } finally {
    emulator.release()
  }
  expect(received()).toBe(before + 2)
  page = await app.restart()

  const items = page.getByRole('list', { name: 'Cases' }).getByRole('listitem')
  await expect(items.filter({ hasText: 'Recognized' })).toHaveCount(1, { timeout: 20_000 })
  const interrupted = items.filter({ hasText: 'Interrupted' })
  await expect(interrupted).toHaveCount(2)
  // The queued case was sent once after the restart; the two interrupted ones were not sent again.
  expect(received()).toBe(before + 3)

  // The status filter offers Interrupted and narrows the list to those cases.
  await page.getByRole('button', { name: 'Status', exact: true }).click()
  await page.getByRole('button', { name: /^Interrupted 2$/ }).click()
  await expect(items).toHaveCount(2)
  await expect(page.getByText('Showing 2 of 3')).toBeVisible()

  // The field panel says why, and the keyboard reaches the case.
  const first = interrupted.first().getByRole('button').first()
  await first.focus()
  await page.keyboard.press('Enter')
  await expect(interrupted.first()).toHaveAttribute('aria-current', 'true')
  const note = page.getByRole('region', { name: 'Recognition interrupted' })
  await expect(note).toContainText(
    /Recognition was interrupted at .+ after the request was sent; ARGOS may have processed and billed it\./,
  )
  await expect(note).toContainText('Recognize again to resend.')
  expect(received()).toBe(before + 3)

  // The reviewer resends it with Recognize: one more request, and the case is recognised.
  await page.getByRole('button', { name: 'Recognize', exact: true }).click()
  await expect(page.getByRole('status')).toContainText('fields recognised', { timeout: 20_000 })
  await page.getByRole('button', { name: /^All \d+$/ }).click()
  await expect(items.filter({ hasText: 'Recognized' })).toHaveCount(2)
  await expect(items.filter({ hasText: 'Interrupted' })).toHaveCount(1)
  expect(received()).toBe(before + 4)
})
