// The same-origin case image route (shared/image-url.ts, electron/services/images/case-image-route.ts) over a real
// ReviewService: what it serves, what it refuses, and the lazily made thumbnail.
import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { createCaseImageRoute } from '../../../electron/services/images/case-image-route'
import { THUMB_FILE, THUMB_LONG_SIDE } from '../../../electron/services/images/thumbnails'
import { caseImagePath, parseCaseImagePath } from '../../../shared/image-url'
import { serviceHarness } from '../../support/service-harness'

const ORIGIN = 'app://recto'
const get = (path: string, method = 'GET') => new Request(`${ORIGIN}${path}`, { method })

describe('case image paths', () => {
  it('round-trips a case, side and variant', () => {
    const id = '0f8e2a44-1b2c-4d5e-8f90-123456789abc'
    for (const variant of ['thumb', 'screen', 'preview', 'full'] as const) {
      expect(parseCaseImagePath(caseImagePath(id, 'back', variant))).toEqual({
        caseId: id,
        side: 'back',
        variant,
      })
    }
  })
  it('refuses anything else', () => {
    for (const p of [
      '/case-image/../../etc/passwd/front/full',
      '/case-image/ABCDEFGH/front/full',
      '/case-image/abcdefgh/top/full',
      '/case-image/abcdefgh/front/huge',
      '/case-image/abcdefgh/front/full/x',
      '/index.html',
      '/case-image/abcdefgh%2f..%2f/front/full',
    ])
      expect(parseCaseImagePath(p)).toBeNull()
  })
})

describe('case image route', () => {
  it('serves the preview, the full image and a thumbnail with image types; others are not found', async () => {
    const h = await serviceHarness({})
    const route = createCaseImageRoute(h.service)
    const imported = await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])
    const id = imported.case!.id
    const full = await route(get(caseImagePath(id, 'front', 'full')))
    expect(full!.status).toBe(200)
    expect(full!.headers.get('content-type')).toBe('image/jpeg')
    expect(full!.headers.get('x-content-type-options')).toBe('nosniff')
    expect(new Uint8Array(await full!.arrayBuffer())).toEqual(await h.service.getImage(id, 'front'))

    const preview = await route(get(caseImagePath(id, 'front', 'preview')))
    expect(preview!.status).toBe(200)

    // The screen copy the stage paints first: at most 1280 px on the long side.
    const screen = await route(get(caseImagePath(id, 'front', 'screen')))
    const sm = await sharp(Buffer.from(await screen!.arrayBuffer())).metadata()
    expect(sm.format).toBe('jpeg')
    expect(Math.max(sm.width!, sm.height!)).toBe(1280)

    const thumb = await route(get(caseImagePath(id, 'front', 'thumb')))
    const meta = await sharp(Buffer.from(await thumb!.arrayBuffer())).metadata()
    expect(meta.format).toBe('jpeg')
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(THUMB_LONG_SIDE)

    expect((await route(get(caseImagePath(id, 'back', 'full'))))!.status).toBe(404)
    expect((await route(get(caseImagePath('00000000-dead-beef', 'front', 'full'))))!.status).toBe(404)
    expect((await route(get(caseImagePath(id, 'front', 'full'), 'POST')))!.status).toBe(405)
    expect(await route(get('/index.html'))).toBeNull()
    await h.service.dispose()
  })

  it('makes a missing thumbnail on first request and keeps it', async () => {
    const h = await serviceHarness({})
    const route = createCaseImageRoute(h.service)
    const id = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
    const dir = join(h.userDataDir, 'cases', id)
    expect(await readdir(dir)).toContain(THUMB_FILE) // made at import
    await rm(join(dir, THUMB_FILE))
    const answer = await route(get(caseImagePath(id, 'front', 'thumb')))
    expect(answer!.status).toBe(200)
    expect((await stat(join(dir, THUMB_FILE))).size).toBeGreaterThan(100)
    await h.service.dispose()
  })
})
