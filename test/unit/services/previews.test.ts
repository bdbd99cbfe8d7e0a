// Display-size previews made at import, getPreview, and case files written before history and previews existed.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { stripJpegMetadata } from '../../../electron/services/images/image-metadata'
import { makePreview, previewSize } from '../../../electron/services/images/previews'
import { makeScreenCopy, makeThumbnail } from '../../../electron/services/images/thumbnails'
import { fixturePath } from '../../support/paths'
import { serviceHarness } from '../../support/service-harness'

const solid = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 180, b: 150, alpha: 0.5 } } })

describe('screen copy', () => {
  it('is a baseline JPEG that fits 1280 px (decoded faster on open); the thumbnail stays progressive', async () => {
    const image = await solid(3000, 2000).jpeg().toBuffer()
    const screen = await sharp(await makeScreenCopy(image)).metadata()
    expect([screen.width, screen.height, screen.format, screen.isProgressive]).toEqual([
      1280,
      853,
      'jpeg',
      false,
    ])
    expect((await sharp(await makeThumbnail(image)).metadata()).isProgressive).toBe(true)
  })
})

describe('previewSize', () => {
  it('scales the long side to 2560 and leaves smaller images alone', () => {
    expect(previewSize(6000, 4000)).toEqual({ width: 2560, height: 1707 })
    expect(previewSize(3000, 6000)).toEqual({ width: 1280, height: 2560 })
    expect(previewSize(2560, 1000)).toBeNull()
    expect(previewSize(2000, 1500)).toBeNull()
  })
})

describe('previews at import', () => {
  it('makes a 2560×1707 JPEG preview of a 6000×4000 JPEG; getPreview answers it with the full size', async () => {
    const h = await serviceHarness({})
    const big = await solid(6000, 4000).jpeg({ quality: 90 }).toBuffer()
    const imported = await h.service.importScans([{ name: 'big.jpg', bytes: new Uint8Array(big) }])
    const id = imported.case!.id
    const c = await h.service.getCase(id)
    expect(c.front).toMatchObject({
      file: 'front.jpg',
      width: 6000,
      height: 4000,
      preview: { file: 'front-preview.jpg', width: 2560, height: 1707 },
    })
    const dir = join(h.userDataDir, 'cases', id)
    expect((await readdir(dir)).sort()).toEqual([
      'audit.jsonl',
      'case.json',
      'front-preview.jpg',
      'front-screen.jpg',
      'front-thumb.jpg',
      'front.jpg',
    ])
    // The screen copy the stage paints first: 1280 px on the long side, from the same picture.
    const screen = await sharp(await readFile(join(dir, 'front-screen.jpg'))).metadata()
    expect([screen.format, screen.width, screen.height]).toEqual(['jpeg', 1280, 854])
    const route = await h.service.readCaseImage(id, 'front', 'screen')
    expect(route.mime).toBe('image/jpeg')
    expect(Buffer.from(route.bytes).equals(await readFile(join(dir, 'front-screen.jpg')))).toBe(true)
    // The stored image is untouched (kept byte for byte); the preview is a separate file.
    expect(Buffer.compare(await readFile(join(dir, 'front.jpg')), big)).toBe(0)

    const p = await h.service.getPreview(id, 'front')
    expect(p).toMatchObject({
      mime: 'image/jpeg',
      width: 2560,
      height: 1707,
      fullWidth: 6000,
      fullHeight: 4000,
    })
    const meta = await sharp(p.bytes).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 2560, 1707])
    // getImage still answers the full stored image.
    expect((await h.service.getImage(id, 'front')).byteLength).toBe(big.byteLength)
    await expect(h.service.getPreview(id, 'back')).rejects.toThrow('This case has no back image')
  })

  it('has no preview for a small image: getPreview answers the stored image itself (its EXIF removed)', async () => {
    const h = await serviceHarness({})
    const id = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
    const c = await h.service.getCase(id)
    expect(c.front.preview).toBeNull()
    const p = await h.service.getPreview(id, 'front')
    expect(p).toMatchObject({
      mime: 'image/jpeg',
      width: 2000,
      height: 1500,
      fullWidth: 2000,
      fullHeight: 1500,
    })
    const fixture = await readFile(fixturePath('d01-utopia-passport-front.jpg'))
    expect(Buffer.compare(Buffer.from(p.bytes), stripJpegMetadata(fixture)!)).toBe(0)
  })

  it('gives each side its own preview: PNG without alpha → JPEG, with alpha → PNG', async () => {
    const h = await serviceHarness({})
    const front = await solid(3000, 2000).png().toBuffer()
    const back = await solid(2000, 3000, 4).png().toBuffer()
    const id = (
      await h.service.importScans([
        { name: 'front.png', bytes: new Uint8Array(front) },
        { name: 'back.png', bytes: new Uint8Array(back) },
      ])
    ).case!.id
    const c = await h.service.getCase(id)
    expect(c.front.preview).toEqual({ file: 'front-preview.jpg', width: 2560, height: 1707 })
    expect(c.back!.preview).toEqual({ file: 'back-preview.png', width: 1707, height: 2560 })
    const b = await h.service.getPreview(id, 'back')
    expect(b).toMatchObject({ mime: 'image/png', fullWidth: 2000, fullHeight: 3000 })
    const meta = await sharp(b.bytes).metadata()
    expect([meta.format, meta.hasAlpha]).toEqual(['png', true])
  })

  it('falls back to the stored image when a recorded preview file is gone', async () => {
    const h = await serviceHarness({})
    const big = await solid(4000, 3000).jpeg().toBuffer()
    const id = (await h.service.importScans([{ name: 'big.jpg', bytes: new Uint8Array(big) }])).case!.id
    await rm(join(h.userDataDir, 'cases', id, 'front-preview.jpg'))
    const p = await h.service.getPreview(id, 'front')
    expect(p).toMatchObject({ width: 4000, height: 3000, fullWidth: 4000 })
    expect(h.logs.join('\n')).toMatch(/preview file missing/)
  })

  it('keeps content where the scale says: preview pixel × fullWidth / width = stored pixel', async () => {
    const box = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#000' } })
      .png()
      .toBuffer()
    const stored = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#fff' } })
      .composite([{ input: box, left: 3000, top: 2000 }])
      .jpeg()
      .toBuffer()
    const p = (await makePreview(stored, { format: 'jpeg', width: 6000, height: 4000 }))!
    const { data, info } = await sharp(p.bytes).greyscale().raw().toBuffer({ resolveWithObject: true })
    const at = (x: number, y: number) =>
      data[Math.round((y * p.height) / 4000) * info.width + Math.round((x * p.width) / 6000)]!
    // Just inside and just outside each edge of the box, 6 stored pixels (2.6 preview pixels) away.
    expect([at(3006, 2200), at(3594, 2200), at(3300, 2006), at(3300, 2394)].every((v) => v < 40)).toBe(true)
    expect([at(2994, 2200), at(3606, 2200), at(3300, 1994), at(3300, 2406)].every((v) => v > 215)).toBe(true)
  })

  it('makes no preview when the image is small, without decoding it', async () => {
    expect(
      await makePreview(Buffer.from('not even an image'), { format: 'jpeg', width: 800, height: 600 }),
    ).toBeNull()
  })
})

describe('case files from before history and previews', () => {
  it('loads, lists, previews and edits an old case.json', async () => {
    const h = await serviceHarness({})
    const id = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
    const file = join(h.userDataDir, 'cases', id, 'case.json')
    const old = JSON.parse(await readFile(file, 'utf8'))
    delete old.history
    delete old.front.preview
    old.fields = [
      {
        key: 'name',
        side: 'front',
        value: 'A',
        ocrValue: 'A',
        score: 50,
        accepted: false,
        quad: null,
        quadSource: 'none',
        verified: false,
      },
    ]
    await writeFile(file, JSON.stringify(old))

    const c = await h.service.getCase(id)
    expect(c.history).toEqual([])
    expect(c.front.preview).toBeNull()
    expect((await h.service.listCases()).map((x) => x.id)).toEqual([id])
    expect(await h.service.getPreview(id, 'front')).toMatchObject({ width: 2000, fullWidth: 2000 })
    const edited = await h.service.setFieldValue(id, 'name', 'B', null)
    expect(edited.history).toHaveLength(1)
    // Saved in the new shape.
    const saved = JSON.parse(await readFile(file, 'utf8'))
    expect(saved.front.preview).toBeNull()
    expect(saved.history).toHaveLength(1)
  })
})

describe('previews, thumbnails and screen copies carry no metadata', () => {
  const SECRET = 'Jane Q Secret'
  it('makes them without EXIF, XMP or a profile (converted to sRGB) from an image that has all three', async () => {
    const stored = await solid(3000, 2000)
      .withExif({ IFD0: { Copyright: SECRET }, IFD3: { GPSLatitudeRef: 'N' } })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>')
      .withIccProfile('p3')
      .jpeg()
      .toBuffer()
    const before = await sharp(stored).metadata()
    expect([!!before.exif, !!before.xmp, !!before.icc]).toEqual([true, true, true])
    const preview = (await makePreview(stored, { format: 'jpeg', width: 3000, height: 2000 }))!.bytes
    for (const copy of [preview, await makeThumbnail(stored), await makeScreenCopy(stored)]) {
      for (const m of ['Exif\0\0', 'http://ns.adobe.com/xap', SECRET]) expect(copy.includes(m), m).toBe(false)
      const meta = await sharp(copy).metadata()
      expect([meta.exif, meta.xmp, meta.iptc, meta.icc]).toEqual([undefined, undefined, undefined, undefined])
    }
  })
})
