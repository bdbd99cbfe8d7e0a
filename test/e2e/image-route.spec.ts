// The page takes case images from the image route only (shared/image-url.ts): when the route fails, the reviewer
// sees why, and the page does not quietly fetch the same bytes over IPC (previewPrefetch.ts keeps that for the
// Vite dev server). The fixture fails any test in which image bytes crossed IPC, so these also prove no fallback.
import { expect, test } from './fixtures'
import { importScans, stageImageInfo } from './helpers'

// The thumbnail in the list is an <img>, not the stage's loader: it is left to the route.
const STAGE_IMAGES = /\/case-image\/[^/]+\/front\/(screen|preview|full)$/

test('a case image the route refuses is an error the reviewer sees, not a detour through IPC', async ({
  app,
}) => {
  const { page } = app
  const refused: string[] = []
  await page.route(STAGE_IMAGES, async (route) => {
    refused.push(new URL(route.request().url()).pathname.split('/').at(-1)!)
    await route.fulfill({ status: 404, contentType: 'text/plain', body: 'Image not found' })
  })
  await importScans(page, 'd01-utopia-passport-front.jpg')
  await expect(page.getByRole('alert')).toHaveText(
    /Could not show the front image: the app did not serve the image \(HTTP 404\)/,
  )
  await expect(page.locator('.stage-note.error')).toHaveText(/HTTP 404/)
  expect(await stageImageInfo(page)).toBeNull()
  // The screen copy first, then the stored image as the stage's last resort: both through the route.
  expect(refused).toEqual(expect.arrayContaining(['screen', 'full']))
})

test('a route that answers with something other than an image is refused as such', async ({ app }) => {
  const { page } = app
  await page.route(STAGE_IMAGES, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>not an image</p>' }),
  )
  await importScans(page, 'd01-utopia-passport-front.jpg')
  await expect(page.getByRole('alert')).toHaveText(
    /Could not show the front image: the app served something other than an image \(text\/html\)/,
  )
  expect(await stageImageInfo(page)).toBeNull()
})

test('with the route working, the stage paints the image it served', async ({ app }) => {
  const { page } = app
  const served: number[] = []
  page.on('response', (r) => {
    if (STAGE_IMAGES.test(new URL(r.url()).pathname)) served.push(r.status())
  })
  await importScans(page, 'd01-utopia-passport-front.jpg')
  await expect.poll(() => stageImageInfo(page)).not.toBeNull()
  expect(served.length).toBeGreaterThan(0)
  expect(served.every((s) => s === 200)).toBe(true)
})
