import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { ImageRejected, prepareImage } from '../../../electron/services/image-import'
import { fixturePath } from '../../support/paths'

async function rejection(name: string, bytes: Uint8Array): Promise<ImageRejected> {
  const err = await prepareImage(name, bytes).then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ImageRejected)
  return err as ImageRejected
}

describe('prepareImage', () => {
  it('keeps an upright JPEG byte for byte', async () => {
    const bytes = await readFile(fixturePath('d01-utopia-passport-front.jpg'))
    const img = await prepareImage('front.jpg', bytes)
    expect(img.format).toBe('jpeg')
    expect([img.width, img.height]).toEqual([2000, 1500])
    expect(Buffer.compare(img.bytes, bytes)).toBe(0)
  })

  it('accepts a PNG', async () => {
    const img = await prepareImage('front.png', await readFile(fixturePath('d03-can-dl-front.png')))
    expect(img.format).toBe('png')
    expect([img.width, img.height]).toEqual([2400, 1800])
  })

  it('applies EXIF orientation 6 once and drops the tag', async () => {
    // d04 is stored 1500×2000 with orientation 6; upright it is 2000×1500.
    const img = await prepareImage(
      'residence.jpg',
      await readFile(fixturePath('d04-jpn-residence-front.jpg')),
    )
    expect([img.width, img.height]).toEqual([2000, 1500])
    const meta = await sharp(img.bytes).metadata()
    expect([meta.width, meta.height]).toEqual([2000, 1500])
    expect(meta.orientation ?? 1).toBe(1)
  })

  it('detects the format from the bytes, not the name', async () => {
    const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#888' } })
      .png()
      .toBuffer()
    const img = await prepareImage('looks-like.jpg', png)
    expect(img.format).toBe('png')
  })

  it('refuses an empty file', async () => {
    expect((await rejection('empty.jpg', new Uint8Array())).reason).toMatch(/empty/)
  })

  it('refuses a text file named .jpg, naming the file', async () => {
    const err = await rejection('notes.jpg', new TextEncoder().encode('not an image at all'))
    expect(err.message).toContain('notes.jpg')
    expect(err.reason).toMatch(/not an image/)
  })

  it('refuses formats the skeleton does not convert yet (WebP)', async () => {
    const webp = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#888' } })
      .webp()
      .toBuffer()
    expect((await rejection('scan.webp', webp)).reason).toMatch(/WEBP.*only JPEG and PNG/)
  })

  it('refuses a truncated JPEG', async () => {
    const bytes = await readFile(fixturePath('d01-utopia-passport-front.jpg'))
    const err = await rejection('cut.jpg', bytes.subarray(0, Math.floor(bytes.length / 2)))
    expect(err.reason).toMatch(/truncated or corrupt/)
  })
})
