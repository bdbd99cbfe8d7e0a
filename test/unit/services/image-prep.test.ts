// Image preparation on real files: every input is generated here with sharp (or written byte by byte for BMP),
// saved to a temporary folder and read back, then checked by its pixels, size and the messages it gives.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32, deflateSync } from 'node:zlib'
import sharp, { type Sharp } from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeBmp, readBmpHeader } from '../../../electron/services/images/image-bmp'
import { stripJpegMetadata } from '../../../electron/services/images/image-metadata'
import {
  DEFAULT_IMPORT_LIMITS,
  DEFAULT_UPLOAD_LIMIT_BYTES,
  ImageRejected,
  MIN_UPLOAD_LONG_SIDE,
  UPLOAD_LIMIT_MAX_BYTES,
  UploadTooLarge,
  canDecodeAvif,
  canDecodeHeic,
  prepareImage,
  prepareUpload,
  type ImportLimits,
} from '../../../electron/services/images/image-import'
import { makeScanLikeJpeg } from '../../bench/prepare-upload.bench'
import { fixturePath } from '../../support/paths'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recto-image-prep-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Writes the bytes to a file in the temporary folder and reads them back, as an import would. */
async function onDisk(name: string, bytes: Uint8Array): Promise<Buffer> {
  await writeFile(join(dir, name), bytes)
  return readFile(join(dir, name))
}

async function rejection(
  name: string,
  bytes: Uint8Array,
  limits?: Partial<ImportLimits>,
): Promise<ImageRejected> {
  const err = await prepareImage(name, bytes, limits).then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ImageRejected)
  expect((err as ImageRejected).message).toContain(name)
  return err as ImageRejected
}

type Rgba = [number, number, number, number]
/** Reads an encoded image's pixels as stored (no orientation applied) and returns a sampler. */
async function pixels(bytes: Buffer) {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  const at = (x: number, y: number): Rgba => {
    const i = (y * info.width + x) * 4
    return [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!]
  }
  return { width: info.width, height: info.height, at }
}
const isRed = ([r, g, b]: Rgba) => r > 200 && g < 60 && b < 60
const isWhite = ([r, g, b]: Rgba) => r > 200 && g > 200 && b > 200
const isBlue = ([r, g, b]: Rgba) => r < 60 && g < 60 && b > 200

// The asymmetric test picture: 300×200 white with a 60×40 red block in the top-left corner.
const W = 300
const H = 200
const redTopLeft = (x: number, y: number) => x < 60 && y < 40
function uprightRgb(width = W, height = H): Buffer {
  const px = Buffer.alloc(width * height * 3, 255)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      if (redTopLeft(x, y)) px.fill(0, (y * width + x) * 3 + 1, (y * width + x) * 3 + 3)
  }
  return px
}
const raw = (width: number, height: number, channels: 1 | 3 | 4 = 3) => ({ raw: { width, height, channels } })

/** Checks that an image is the upright test picture: right size, red block top-left and nowhere else. */
async function expectUpright(bytes: Buffer) {
  const p = await pixels(bytes)
  expect([p.width, p.height]).toEqual([W, H])
  expect(isRed(p.at(10, 10))).toBe(true)
  expect(isRed(p.at(50, 30))).toBe(true)
  for (const [x, y] of [
    [W - 10, 10],
    [10, H - 10],
    [W - 10, H - 10],
    [80, 10],
    [10, 60],
  ] as const) {
    expect(isWhite(p.at(x, y)), `white at ${x},${y}`).toBe(true)
  }
}

/**
 * The stored pixels a camera writes for EXIF orientation n, so that applying n gives the upright picture.
 * For each stored pixel (sx, sy) the formula gives where it shows upright (EXIF 2.3, "Orientation").
 */
function storedForOrientation(n: number): { data: Buffer; width: number; height: number } {
  const upright = uprightRgb()
  const turned = n >= 5
  const [sw, sh] = turned ? [H, W] : [W, H]
  const place: Record<number, (sx: number, sy: number) => [number, number]> = {
    1: (sx, sy) => [sx, sy],
    2: (sx, sy) => [W - 1 - sx, sy],
    3: (sx, sy) => [W - 1 - sx, H - 1 - sy],
    4: (sx, sy) => [sx, H - 1 - sy],
    5: (sx, sy) => [sy, sx],
    6: (sx, sy) => [W - 1 - sy, sx],
    7: (sx, sy) => [W - 1 - sy, H - 1 - sx],
    8: (sx, sy) => [sy, H - 1 - sx],
  }
  const data = Buffer.alloc(sw * sh * 3)
  for (let sy = 0; sy < sh; sy++) {
    for (let sx = 0; sx < sw; sx++) {
      const [ux, uy] = place[n]!(sx, sy)
      upright.copy(data, (sy * sw + sx) * 3, (uy * W + ux) * 3, (uy * W + ux) * 3 + 3)
    }
  }
  return { data, width: sw, height: sh }
}

describe('prepareImage: JPEG and PNG kept as they are', () => {
  it('keeps an upright JPEG without metadata byte for byte, without copying it', async () => {
    const fixture = await readFile(fixturePath('d01-utopia-passport-front.jpg'))
    const bytes = await onDisk('clean.jpg', stripJpegMetadata(fixture)!)
    const img = await prepareImage('front.jpg', bytes)
    expect(img).toMatchObject({ format: 'jpeg', width: 2000, height: 1500, converted: false, orientation: 1 })
    expect(img.sourceFormat).toBe('jpeg')
    expect(img.bytes).toBe(bytes)
  })

  it('keeps an upright JPEG with EXIF losslessly: only the EXIF segment goes', async () => {
    const bytes = await readFile(fixturePath('d01-utopia-passport-front.jpg'))
    expect(bytes.includes('Exif\0\0')).toBe(true)
    const img = await prepareImage('front.jpg', bytes)
    expect(img).toMatchObject({ format: 'jpeg', converted: false, orientation: 1 })
    const exifLength = 2 + bytes.readUInt16BE(4) // APP1 right after SOI
    expect(img.bytes.equals(Buffer.concat([bytes.subarray(0, 2), bytes.subarray(2 + exifLength)]))).toBe(true)
    expect(img.bytes.includes('Exif\0\0')).toBe(false)
  })

  it('keeps a PNG, and views a Uint8Array input without copying it', async () => {
    const file = await readFile(fixturePath('d03-can-dl-front.png'))
    const view = new Uint8Array(file.buffer, file.byteOffset, file.byteLength)
    const img = await prepareImage('front.png', view)
    expect(img).toMatchObject({
      format: 'png',
      width: 2400,
      height: 1800,
      converted: false,
      sourceFormat: 'png',
    })
    expect(img.bytes.buffer).toBe(file.buffer)
    expect(img.bytes.byteOffset).toBe(file.byteOffset)
  })

  it('detects the format from the bytes, not the name', async () => {
    const png = await onDisk('png-named.jpg', await sharp(uprightRgb(), raw(W, H)).png().toBuffer())
    const img = await prepareImage('looks-like.jpg', png)
    expect(img.format).toBe('png')
    expect(img.sourceFormat).toBe('png')
  })

  it('accepts a 24 MP JPEG as it is, and prepareUpload fits it under 10 MB', async () => {
    const jpeg = await onDisk('scan-24mp.jpg', await makeScanLikeJpeg(6000, 4000))
    expect(jpeg.length).toBeGreaterThan(DEFAULT_UPLOAD_LIMIT_BYTES) // so the upload has to shrink it
    const img = await prepareImage('scan-24mp.jpg', jpeg)
    expect(img).toMatchObject({ width: 6000, height: 4000, converted: false, format: 'jpeg' })
    const up = await prepareUpload(img.bytes, img, DEFAULT_UPLOAD_LIMIT_BYTES)
    expect(up.bytes.length).toBeLessThanOrEqual(DEFAULT_UPLOAD_LIMIT_BYTES)
    expect(up.format).toBe('jpeg')
    expect(up.width).toBe(6000 * up.scale)
    expect(up.height).toBe(Math.round(4000 * up.scale))
    const meta = await sharp(up.bytes).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', up.width, up.height])
  })
})

describe('prepareImage: EXIF orientation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('applies orientation %i once and stores an upright image', async (n) => {
    const s = storedForOrientation(n)
    const jpeg = await onDisk(
      `o${n}.jpg`,
      await sharp(s.data, raw(s.width, s.height))
        .withMetadata({ orientation: n })
        .jpeg({ quality: 95 })
        .toBuffer(),
    )
    expect((await sharp(jpeg).metadata()).orientation).toBe(n)
    const img = await prepareImage(`o${n}.jpg`, jpeg)
    expect(img).toMatchObject({ format: 'jpeg', width: W, height: H, orientation: n, converted: n !== 1 })
    await expectUpright(img.bytes)
    expect((await sharp(img.bytes).metadata()).orientation ?? 1).toBe(1)
  })

  it('turns a PNG with orientation 6 upright and keeps it PNG', async () => {
    const s = storedForOrientation(6)
    const png = await sharp(s.data, raw(s.width, s.height)).withMetadata({ orientation: 6 }).png().toBuffer()
    const img = await prepareImage('o6.png', await onDisk('o6.png', png))
    expect(img).toMatchObject({ format: 'png', width: W, height: H, orientation: 6, converted: true })
    await expectUpright(img.bytes)
    expect((await sharp(img.bytes).metadata()).orientation ?? 1).toBe(1)
  })

  it('turns the d04 fixture (stored 1500×2000, orientation 6) upright', async () => {
    const img = await prepareImage(
      'residence.jpg',
      await readFile(fixturePath('d04-jpn-residence-front.jpg')),
    )
    expect([img.width, img.height, img.orientation]).toEqual([2000, 1500, 6])
    const meta = await sharp(img.bytes).metadata()
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([2000, 1500, 1])
  })
})

/** A valid PNG of 30000×30000 1-bit pixels, ~110 KB: a decompression bomb (900 MP). */
function pngBomb(side = 30000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const out = Buffer.alloc(body.length + 8)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc32(body), body.length + 4)
    return out
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(side, 0)
  ihdr.writeUInt32BE(side, 4)
  ihdr.set([1, 0, 0, 0, 0], 8) // 1-bit greyscale, deflate, no filter, no interlace
  const rows = Buffer.alloc((1 + Math.ceil(side / 8)) * side) // filter byte 0 + zero bits, every row
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const idat = chunk('IDAT', deflateSync(rows, { level: 9 }))
  return Buffer.concat([signature, chunk('IHDR', ihdr), idat, chunk('IEND', Buffer.alloc(0))])
}

describe('prepareImage: refusals', () => {
  it('refuses an empty file', async () => {
    expect((await rejection('empty.jpg', await onDisk('empty.jpg', new Uint8Array()))).reason).toMatch(
      /empty/,
    )
  })

  it('refuses a text file named .jpg, naming the file', async () => {
    const err = await rejection('notes.jpg', await onDisk('notes.jpg', Buffer.from('not an image at all\n')))
    expect(err.reason).toMatch(/^not an image/)
  })

  it('refuses a truncated JPEG', async () => {
    const bytes = await readFile(fixturePath('d01-utopia-passport-front.jpg'))
    const cut = await onDisk('cut.jpg', bytes.subarray(0, Math.floor(bytes.length / 2)))
    expect((await rejection('cut.jpg', cut)).reason).toMatch(/truncated or corrupt/)
  })

  it('refuses a JPEG cut before the end of its header', async () => {
    const bytes = await readFile(fixturePath('d01-utopia-passport-front.jpg'))
    const err = await rejection('stub.jpg', await onDisk('stub.jpg', bytes.subarray(0, 40)))
    expect(err.reason).toMatch(/looks like JPEG.*truncated or corrupt/)
  })

  it('refuses a truncated PNG', async () => {
    const bytes = await readFile(fixturePath('d03-can-dl-front.png'))
    const cut = await onDisk('cut.png', bytes.subarray(0, bytes.length - 5000))
    expect((await rejection('cut.png', cut)).reason).toMatch(/truncated or corrupt/)
  })

  it('refuses a file over maxInputBytes before decoding it, naming size and limit', async () => {
    // Garbage bytes: had they been decoded, the reason would be "not an image".
    const big = await onDisk('big.jpg', Buffer.alloc(300 * 1024, 7))
    const err = await rejection('big.jpg', big, { maxInputBytes: 200 * 1024 })
    expect(err.reason).toBe('the file is 300 KB; the limit is 200 KB (Settings)')
  })

  it('words a default-sized limit in MB', async () => {
    expect(DEFAULT_IMPORT_LIMITS).toEqual({ maxInputBytes: 200 * 1024 * 1024, maxPixels: 100_000_000 })
    const err = await rejection('big.jpg', Buffer.alloc(3 * 1024 * 1024 + 1), {
      maxInputBytes: 2 * 1024 * 1024,
    })
    expect(err.reason).toBe('the file is 3.1 MB; the limit is 2 MB (Settings)')
  })

  it('refuses a pixel bomb from its header alone, fast', async () => {
    const bomb = await onDisk('bomb.png', pngBomb())
    expect(bomb.length).toBeLessThan(200_000)
    const start = performance.now()
    const err = await rejection('bomb.png', bomb)
    expect(performance.now() - start).toBeLessThan(500)
    expect(err.reason).toBe('too many pixels: 30000×30000 is 900 MP; the limit is 100 MP (Settings)')
  })

  it('applies a lower pixel limit from the settings', async () => {
    const png = await sharp(uprightRgb(), raw(W, H)).png().toBuffer()
    const err = await rejection('small.png', png, { maxPixels: 50_000 })
    expect(err.reason).toBe('too many pixels: 300×200 is 0.06 MP; the limit is 0.05 MP (Settings)')
  })

  it.each([
    [
      'scan.svg',
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
      'SVG',
    ],
    ['scan.pdf', '%PDF-1.7\n1 0 obj\n<<>>\nendobj\n', 'PDF'],
  ])('refuses %s as an unsupported format, naming it', async (name, text, label) => {
    const err = await rejection(name, await onDisk(name, Buffer.from(text)))
    expect(err.reason).toMatch(new RegExp(`^a ${label} file, which Recto does not import`))
  })
})

/** Encodes the upright test picture with sharp in the given format. */
const upright = (make: (s: Sharp) => Sharp) => make(sharp(uprightRgb(), raw(W, H))).toBuffer()

describe('prepareImage: conversions', () => {
  it('converts a WebP photo to JPEG', async () => {
    const webp = await onDisk('scan.webp', await upright((s) => s.webp({ quality: 95 })))
    const img = await prepareImage('scan.webp', webp)
    expect(img).toMatchObject({ format: 'jpeg', sourceFormat: 'webp', converted: true, orientation: 1 })
    expect((await sharp(img.bytes).metadata()).format).toBe('jpeg')
    await expectUpright(img.bytes)
  })

  it('converts a WebP with transparency to PNG, keeping the alpha', async () => {
    const rgba = await sharp(uprightRgb(), raw(W, H)).ensureAlpha(0.5).raw().toBuffer()
    const webp = await onDisk(
      'alpha.webp',
      await sharp(rgba, raw(W, H, 4))
        .webp({ lossless: true })
        .toBuffer(),
    )
    const img = await prepareImage('alpha.webp', webp)
    expect(img).toMatchObject({ format: 'png', sourceFormat: 'webp', converted: true })
    const alpha = (await pixels(img.bytes)).at(150, 150)[3]
    expect(Math.abs(alpha - 127.5)).toBeLessThan(1)
  })

  it('turns a WebP with orientation 6 upright', async () => {
    const s = storedForOrientation(6)
    const webp = await sharp(s.data, raw(s.width, s.height))
      .withMetadata({ orientation: 6 })
      .webp()
      .toBuffer()
    const img = await prepareImage('o6.webp', await onDisk('o6.webp', webp))
    expect(img).toMatchObject({ format: 'jpeg', orientation: 6, width: W, height: H })
    await expectUpright(img.bytes)
  })

  it('converts a TIFF to JPEG', async () => {
    const tiff = await onDisk('scan.tif', await upright((s) => s.tiff({ compression: 'lzw' })))
    const img = await prepareImage('scan.tif', tiff)
    expect(img).toMatchObject({ format: 'jpeg', sourceFormat: 'tiff', converted: true, width: W, height: H })
    await expectUpright(img.bytes)
  })

  it('converts a bilevel (1-bit) TIFF to PNG', async () => {
    const tiff = await upright((s) => s.toColourspace('b-w').tiff({ bitdepth: 1 }))
    const img = await prepareImage('fax.tif', await onDisk('fax.tif', tiff))
    expect(img).toMatchObject({ format: 'png', sourceFormat: 'tiff' })
    const p = await pixels(img.bytes)
    expect(p.at(10, 10).slice(0, 3)).toEqual([0, 0, 0]) // red is dark: black in 1 bit
    expect(p.at(200, 150).slice(0, 3)).toEqual([255, 255, 255])
  })

  it('converts an animated GIF to PNG from its first frame only', async () => {
    const first = await upright((s) => s.ensureAlpha().png())
    const second = await sharp({ create: { width: W, height: H, channels: 4, background: '#0000ff' } })
      .png()
      .toBuffer()
    const gif = await sharp([first, second], { join: { animated: true } })
      .gif()
      .toBuffer()
    expect((await sharp(gif).metadata()).pages).toBe(2)
    const img = await prepareImage('anim.gif', await onDisk('anim.gif', gif))
    expect(img).toMatchObject({ format: 'png', sourceFormat: 'gif', converted: true })
    await expectUpright(img.bytes) // 300×200: one frame, not both stacked; red, not the blue second frame
    expect(isBlue((await pixels(img.bytes)).at(150, 150))).toBe(false)
  })

  it('converts a CMYK JPEG to an sRGB JPEG', async () => {
    const cmyk = await upright((s) => s.toColourspace('cmyk').jpeg({ quality: 95 }))
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk')
    const img = await prepareImage('cmyk.jpg', await onDisk('cmyk.jpg', cmyk))
    expect(img).toMatchObject({ format: 'jpeg', converted: true })
    const meta = await sharp(img.bytes).metadata()
    expect([meta.space, meta.channels]).toEqual(['srgb', 3])
    await expectUpright(img.bytes)
  })

  // The 300×200 test picture (red block top-left) as AVIF, made once with sharp's AV1 encoder at quality 50
  // (356 bytes), so that the test needs only a decoder.
  const AVIF = Buffer.from(
    'AAAAHGZ0eXBhdmlmAAAAAG1pZjFhdmlmbWlhZgAAANZtZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAA' +
      'ACJpbG9jAAAAAERAAAEAAQAAAAAA+gABAAAAAAAAAGoAAAAjaWluZgAAAAAAAQAAABVpbmZlAgAAAAABAABhdjAxAAAAAA5waXRt' +
      'AAAAAAABAAAAVmlwcnAAAAA4aXBjbwAAAAxhdjFDgSACAAAAABRpc3BlAAAAAAAAASwAAADIAAAAEHBpeGkAAAAAAwgICAAAABZp' +
      'cG1hAAAAAAAAAAEAAQOBAgMAAABybWRhdBIACgk4IeV47SAhoNIyWxJQmMEwAA0CiwDPzETJGMXqHMXyMoVSC7aaWVwbXzj1ivO8' +
      'YXuuwJFVzwCnUUHV13UfA/Ns84LMBaKeIIqPJyzkamgHBuoTU/YBMjvvmQWz7XHy0dk4qaCb2Ug=',
    'base64',
  )

  // The README promises AVIF import, and the prebuilt sharp decodes AV1: a build that cannot fails here, loudly,
  // instead of the test being skipped.
  it('converts AVIF to JPEG', async () => {
    expect(canDecodeAvif()).toBe(true)
    const img = await prepareImage('scan.avif', await onDisk('scan.avif', AVIF))
    expect(img).toMatchObject({ format: 'jpeg', sourceFormat: 'avif', converted: true })
    await expectUpright(img.bytes)
  })

  // 64×48 white with a 16×16 red block top-left, HEVC-coded (made with libheif's heif-enc; 514 bytes).
  const HEIC = Buffer.from(
    'AAAAHGZ0eXBoZWljAAAAAG1pZjFoZWljbWlhZgAAAa1tZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAAAAAA' +
      'AA5waXRtAAAAAAACAAAAEGlkYXQAAAAAAEAAMAAAADhpbG9jAQAAAERAAAIAAQAAAAAAAAHRAAEAAAAAAAAAMQACAAEAAAAAAAAA' +
      'AQAAAAAAAAAIAAAAOGlpbmYAAAAAAAIAAAAVaW5mZQIAAAEAAQAAaHZjMQAAAAAVaW5mZQIAAAAAAgAAZ3JpZAAAAADYaXBycAAA' +
      'ALZpcGNvAAAAdmh2Y0MBA3AAAAAAAAAAAAAe8AD8/fj4AAAPAyAAAQAYQAEMAf//A3AAAAMAkAAAAwAAAwAeugJAIQABACpCAQED' +
      'cAAAAwCQAAADAAADAB6gIIEFlurkprm4EBAwIAAAAwAgAAADACEiAAEABkQBwXPAiQAAABRpc3BlAAAAAAAAAEAAAABAAAAAFGlz' +
      'cGUAAAAAAAAAQAAAADAAAAAQcGl4aQAAAAADCAgIAAAAGmlwbWEAAAAAAAAAAgABAoECAAICA4QAAAAaaXJlZgAAAAAAAAAOZGlt' +
      'ZwACAAEAAQAAADltZGF0AAAALSgBr1j5E5Jf/841//lF8h7BwUVvzoMxen8T/cKWlj96Jjjk2u/rN740RvX5gA==',
    'base64',
  )

  it('HEIC: converted to JPEG when this sharp build decodes HEVC, else refused with a clear reason', async () => {
    const heic = await onDisk('phone.heic', HEIC)
    if (canDecodeHeic()) {
      const img = await prepareImage('phone.heic', heic)
      expect(img).toMatchObject({ format: 'jpeg', sourceFormat: 'heic', width: 64, height: 48 })
      const p = await pixels(img.bytes)
      expect([isRed(p.at(4, 4)), isWhite(p.at(60, 44))]).toEqual([true, true])
    } else {
      // The prebuilt sharp (libheif with AV1 only) cannot: HEVC is patent-encumbered.
      const err = await rejection('phone.heic', heic)
      expect(err.reason).toBe(
        'a HEIC image, which this build of Recto cannot decode; export it as JPEG or PNG and import that',
      )
    }
  })
})

type BmpSpec = {
  width: number
  height: number
  bpp: 1 | 4 | 8 | 16 | 24 | 32
  value: (x: number, y: number) => number // palette index, or the pixel's little-endian value (24-bit: 0xRRGGBB)
  topDown?: boolean
  compression?: number
  headerSize?: 40 | 108
  masks?: number[]
  palette?: [number, number, number][]
}

/** Writes a BMP as the format describes it (rows padded to 4 bytes, bottom-up unless topDown). */
function writeBmp(s: BmpSpec): Buffer {
  const stride = Math.floor((s.bpp * s.width + 31) / 32) * 4
  const headerSize = s.headerSize ?? 40
  const maskBytes = headerSize === 40 && s.masks ? s.masks.length * 4 : 0
  const tableOffset = 14 + headerSize + maskBytes
  const dataOffset = tableOffset + (s.palette?.length ?? 0) * 4
  const b = Buffer.alloc(dataOffset + stride * s.height)
  b.write('BM', 0, 'latin1')
  b.writeUInt32LE(b.length, 2)
  b.writeUInt32LE(dataOffset, 10)
  b.writeUInt32LE(headerSize, 14)
  b.writeInt32LE(s.width, 18)
  b.writeInt32LE(s.topDown ? -s.height : s.height, 22)
  b.writeUInt16LE(1, 26)
  b.writeUInt16LE(s.bpp, 28)
  b.writeUInt32LE(s.compression ?? 0, 30)
  b.writeUInt32LE(stride * s.height, 34)
  b.writeUInt32LE(s.palette?.length ?? 0, 46)
  s.masks?.forEach((m, i) => b.writeUInt32LE(m >>> 0, 54 + i * 4))
  s.palette?.forEach(([r, g, bl], i) => b.set([bl, g, r, 0], tableOffset + i * 4))
  for (let y = 0; y < s.height; y++) {
    const row = dataOffset + (s.topDown ? y : s.height - 1 - y) * stride
    for (let x = 0; x < s.width; x++) {
      const v = s.value(x, y)
      if (s.bpp === 1) b[row + (x >> 3)]! |= (v & 1) << (7 - (x & 7))
      else if (s.bpp === 4) b[row + (x >> 1)]! |= v << (x & 1 ? 0 : 4)
      else if (s.bpp === 8) b[row + x] = v
      else if (s.bpp === 16) b.writeUInt16LE(v, row + x * 2)
      else if (s.bpp === 24) b.set([v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff], row + x * 3)
      else b.writeUInt32LE(v >>> 0, row + x * 4)
    }
  }
  return b
}

const bmpTestPicture = (extra: Partial<BmpSpec> & Pick<BmpSpec, 'bpp'>, width = W) =>
  writeBmp({ width, height: H, value: (x, y) => (redTopLeft(x, y) ? 0xff0000 : 0xffffff), ...extra })

describe('BMP (read by our own reader: sharp cannot)', () => {
  it('reads a hand-made 2×2 24-bit BMP exactly: bottom-up rows, BGR order, row padding', () => {
    // prettier-ignore
    const bytes = Buffer.from([
      0x42, 0x4d, 70, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, // file header: "BM", size 70, pixels at 54
      40, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 24, 0, // INFO header: 2×2, 1 plane, 24 bits
      0, 0, 0, 0, 16, 0, 0, 0, 0x13, 0x0b, 0, 0, 0x13, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0xff, 0, 0, 0, 0xff, 0, 0, 0, // bottom row: blue, green, 2 bytes padding
      0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, // top row: red, white, 2 bytes padding
    ])
    const px = decodeBmp(bytes, readBmpHeader(bytes))
    expect([px.width, px.height, px.channels, px.indexed]).toEqual([2, 2, 3, false])
    expect([...px.data]).toEqual([255, 0, 0, 255, 255, 255, 0, 0, 255, 0, 255, 0])
  })

  it('converts a 24-bit BMP with an odd width (padded rows) to an upright JPEG', async () => {
    const bmp = await onDisk('scan.bmp', bmpTestPicture({ bpp: 24 }, W + 1))
    const img = await prepareImage('scan.bmp', bmp)
    expect(img).toMatchObject({
      format: 'jpeg',
      sourceFormat: 'bmp',
      converted: true,
      width: W + 1,
      height: H,
    })
    const p = await pixels(img.bytes)
    expect([isRed(p.at(10, 10)), isWhite(p.at(10, H - 10)), isWhite(p.at(W - 10, 10))]).toEqual([
      true,
      true,
      true,
    ])
  })

  it('reads a top-down 24-bit BMP (negative height)', async () => {
    const img = await prepareImage(
      'td.bmp',
      await onDisk('td.bmp', bmpTestPicture({ bpp: 24, topDown: true })),
    )
    await expectUpright(img.bytes)
  })

  it('reads a 32-bit BI_RGB BMP, ignoring the padding byte, as an opaque JPEG', async () => {
    const bmp = bmpTestPicture({ bpp: 32 })
    for (let i = 54 + 3; i < bmp.length; i += 4) bmp[i] = 0x11 // junk in the unused fourth byte
    const img = await prepareImage('x.bmp', await onDisk('x32.bmp', bmp))
    expect(img.format).toBe('jpeg')
    await expectUpright(img.bytes)
  })

  it('reads a 32-bit BMP with an alpha mask (V4 header) to PNG, keeping the alpha exactly', async () => {
    const bmp = writeBmp({
      width: W,
      height: H,
      bpp: 32,
      headerSize: 108,
      compression: 3,
      masks: [0x00ff0000, 0x0000ff00, 0x000000ff, 0xff000000],
      value: (x, y) => ((x < 150 ? 0x40 : 0xff) << 24) | (redTopLeft(x, y) ? 0xff0000 : 0xffffff),
    })
    const img = await prepareImage('alpha.bmp', await onDisk('alpha.bmp', bmp))
    expect(img.format).toBe('png')
    const p = await pixels(img.bytes)
    expect(p.at(10, 10)).toEqual([255, 0, 0, 0x40])
    expect(p.at(200, 100)).toEqual([255, 255, 255, 255])
  })

  it('reads a 16-bit (5-5-5) BMP', async () => {
    const bmp = bmpTestPicture({ bpp: 16, value: (x, y) => (redTopLeft(x, y) ? 0x7c00 : 0x7fff) })
    const img = await prepareImage('x16.bmp', await onDisk('x16.bmp', bmp))
    expect(img.format).toBe('jpeg')
    await expectUpright(img.bytes)
  })

  it.each([1, 4, 8] as const)('reads a %i-bit palette BMP to PNG, exactly', async (bpp) => {
    const palette: [number, number, number][] = [
      [255, 255, 255],
      [255, 0, 0],
    ]
    const bmp = bmpTestPicture({ bpp, palette, value: (x, y) => (redTopLeft(x, y) ? 1 : 0) }, W + 3)
    const img = await prepareImage('pal.bmp', await onDisk(`pal${bpp}.bmp`, bmp))
    expect(img).toMatchObject({ format: 'png', width: W + 3, height: H })
    const p = await pixels(img.bytes)
    expect(p.at(59, 39)).toEqual([255, 0, 0, 255])
    expect(p.at(60, 39)).toEqual([255, 255, 255, 255])
    expect(p.at(59, 40)).toEqual([255, 255, 255, 255])
    expect(p.at(W + 2, H - 1)).toEqual([255, 255, 255, 255])
  })

  it('refuses an RLE-compressed BMP, saying so', async () => {
    const bmp = bmpTestPicture({ bpp: 8, compression: 1, palette: [[0, 0, 0]], value: () => 0 })
    const err = await rejection('rle.bmp', await onDisk('rle.bmp', bmp))
    expect(err.reason).toBe('RLE8-compressed BMP files are not supported')
  })

  it('refuses a truncated BMP', async () => {
    const bmp = bmpTestPicture({ bpp: 24 })
    const err = await rejection('cut.bmp', await onDisk('cut.bmp', bmp.subarray(0, bmp.length - 1000)))
    expect(err.reason).toMatch(/truncated/)
  })

  it('refuses a BMP pixel bomb from its header, before reading any pixel', async () => {
    const header = bmpTestPicture({ bpp: 24 }).subarray(0, 54)
    header.writeInt32LE(30000, 18)
    header.writeInt32LE(30000, 22)
    const err = await rejection('bomb.bmp', await onDisk('bomb.bmp', header))
    expect(err.reason).toBe('too many pixels: 30000×30000 is 900 MP; the limit is 100 MP (Settings)')
  })
})

describe('prepareUpload', () => {
  /** Grey noise (so it compresses badly) with a red 16×16 marker whose centre is at (1741, 1029). */
  const MARKER = { left: 1733, top: 1021, size: 16, cx: 1741, cy: 1029 }
  async function noisyPng(width = 2400, height = 1600, channels: 3 | 4 = 3): Promise<Buffer> {
    const px = Buffer.alloc(width * height * channels)
    let s = 7
    for (let i = 0; i < width * height; i++) {
      s ^= s << 13
      s ^= s >>> 17
      s ^= s << 5
      px.fill(60 + ((s >>> 0) % 140), i * channels, i * channels + 3)
      // With an alpha channel: the left half is fully transparent, the right half opaque.
      if (channels === 4) px[i * 4 + 3] = i % width < width / 2 ? 0 : 255
    }
    if (width > MARKER.left + MARKER.size && height > MARKER.top + MARKER.size) {
      for (let y = MARKER.top; y < MARKER.top + MARKER.size; y++) {
        for (let x = MARKER.left; x < MARKER.left + MARKER.size; x++) {
          px.set([255, 0, 0], (y * width + x) * channels)
        }
      }
    }
    return sharp(px, raw(width, height, channels))
      .png()
      .toBuffer()
  }

  it('sends a stored image that fits as it is: same buffer, scale 1', async () => {
    const stored = stripJpegMetadata(await readFile(fixturePath('d01-utopia-passport-front.jpg')))!
    const up = await prepareUpload(stored, { width: 2000, height: 1500 }, DEFAULT_UPLOAD_LIMIT_BYTES)
    expect(up).toEqual({ bytes: stored, format: 'jpeg', width: 2000, height: 1500, scale: 1 })
    expect(up.bytes).toBe(stored)
  })

  it('shrinks a PNG over the limit, keeping the aspect and an exact scale', async () => {
    const png = await onDisk('noise.png', await noisyPng())
    const limit = 1024 * 1024
    expect(png.length).toBeGreaterThan(4 * limit)
    const up = await prepareUpload(png, { width: 2400, height: 1600 }, limit)
    expect(up.format).toBe('jpeg')
    expect(up.bytes.length).toBeLessThanOrEqual(limit)
    expect(up.scale).toBeLessThan(1)
    expect(up.scale).toBe(up.width / 2400)
    expect(Number.isInteger(up.width)).toBe(true)
    expect(up.height).toBe(Math.round(1600 * up.scale))
    expect(Math.max(up.width, up.height)).toBeGreaterThanOrEqual(MIN_UPLOAD_LONG_SIDE)
    const meta = await sharp(up.bytes).metadata()
    expect([meta.width, meta.height]).toEqual([up.width, up.height])

    // The marker, found in what is sent and mapped back with stored = sent / scale, lands within 1 px.
    const p = await pixels(up.bytes)
    let n = 0
    let sx = 0
    let sy = 0
    for (let y = 0; y < p.height; y++) {
      for (let x = 0; x < p.width; x++) {
        const [r, g, b] = p.at(x, y)
        if (r - (g + b) / 2 > 100) {
          n++
          sx += x + 0.5
          sy += y + 0.5
        }
      }
    }
    expect(n).toBeGreaterThan(20)
    expect(Math.abs(sx / n / up.scale - MARKER.cx)).toBeLessThan(1)
    expect(Math.abs(sy / n / up.scale - MARKER.cy)).toBeLessThan(1)
  })

  it('re-encodes at full size (scale 1) when a JPEG q85 already fits', async () => {
    const png = await noisyPng(1200, 800)
    const up = await prepareUpload(png, { width: 1200, height: 800 }, Math.floor(png.length / 2))
    expect(up).toMatchObject({ format: 'jpeg', width: 1200, height: 800, scale: 1 })
    expect(up.bytes.length).toBeLessThanOrEqual(png.length / 2)
  })

  it('puts transparent areas on white, not black', async () => {
    const png = await noisyPng(1200, 800, 4)
    const up = await prepareUpload(png, { width: 1200, height: 800 }, Math.floor(png.length / 2))
    expect(up).toMatchObject({ format: 'jpeg', scale: 1 })
    const p = await pixels(up.bytes)
    expect([isWhite(p.at(300, 400)), isWhite(p.at(900, 400))]).toEqual([true, false])
  })

  it('gives up clearly rather than go under 1000 px on the long side', async () => {
    const png = await noisyPng()
    const err = await prepareUpload(png, { width: 2400, height: 1600 }, 20 * 1024).then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(UploadTooLarge)
    const tooLarge = err as UploadTooLarge
    expect(tooLarge.message).toMatch(
      /^the image cannot fit under 20 KB: even at 1000×667 pixels it is [\d.]+ KB/,
    )
    expect([tooLarge.width, tooLarge.height]).toEqual([1000, 667])
  })

  it('exports the API limits and refuses a nonsense limit', async () => {
    expect([DEFAULT_UPLOAD_LIMIT_BYTES, UPLOAD_LIMIT_MAX_BYTES]).toEqual([10 * 1024 * 1024, 50 * 1024 * 1024])
    await expect(prepareUpload(Buffer.from([0xff, 0xd8, 0xff]), { width: 1, height: 1 }, 0)).rejects.toThrow(
      RangeError,
    )
  })
})

describe('metadata: none in stored images or uploads; orientation applied; ICC kept', () => {
  const SECRET = 'Jane Q Secret'
  const XMP =
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Jane"/></rdf:RDF></x:xmpmeta>'
  /** What must not be in any stored or sent file: EXIF, XMP, IPTC, a comment, PNG metadata, the secret itself. */
  const FORBIDDEN = [
    'Exif\0\0',
    'http://ns.adobe.com/xap',
    'XML:com.adobe.xmp',
    'Photoshop 3.0',
    'comment: Jane',
  ]
  const FORBIDDEN_ALL = [...FORBIDDEN, SECRET, 'eXIf', 'tEXt', 'zTXt', 'iTXt']

  /** EXIF (copyright, camera, GPS) with the given orientation, XMP, and a Display P3 profile (pixels made P3). */
  const tagged = (s: Sharp, orientation: number) =>
    s
      .withExif({ IFD0: { Copyright: SECRET, Make: 'CamCo' }, IFD3: { GPSLatitudeRef: 'N' } })
      .withMetadata({ orientation })
      .withXmp(XMP)
      .withIccProfile('p3')
  const segment = (marker: number, text: string) => {
    const head = Buffer.from([0xff, marker, 0, 0])
    head.writeUInt16BE(text.length + 2, 2)
    return Buffer.concat([head, Buffer.from(text, 'latin1')])
  }
  /** Adds what sharp cannot write: an IPTC block (APP13) and a comment (COM). */
  const withIptcAndComment = (jpeg: Buffer) =>
    Buffer.concat([
      jpeg.subarray(0, 2),
      segment(0xed, `Photoshop 3.0\x008BIM\x04\x04\0\0\0\0\0\x12\x1c\x02\x50\0\x0d${SECRET}`),
      segment(0xfe, 'comment: Jane was here'),
      jpeg.subarray(2),
    ])

  async function expectNoMetadata(bytes: Buffer, what = FORBIDDEN_ALL) {
    for (const m of what) expect(bytes.includes(m), `"${m}" in the bytes`).toBe(false)
    const meta = await sharp(bytes).metadata()
    expect([meta.exif, meta.xmp, meta.iptc, meta.comments]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ])
    expect(meta.orientation ?? 1).toBe(1)
    return meta
  }

  async function tampered(orientation: number, format: 'jpeg' | 'png') {
    const s = storedForOrientation(orientation)
    const image = tagged(sharp(s.data, raw(s.width, s.height)), orientation)
    const made = await (format === 'jpeg' ? image.jpeg({ quality: 95 }) : image.png()).toBuffer()
    const bytes = format === 'jpeg' ? withIptcAndComment(made) : made
    const meta = await sharp(bytes).metadata()
    // The inputs really carry it all (IPTC only in the JPEG: PNG has no place for it).
    expect([meta.orientation, !!meta.exif, !!meta.xmp, !!meta.icc]).toEqual([orientation, true, true, true])
    expect(bytes.includes(SECRET)).toBe(true)
    if (format === 'jpeg') expect([!!meta.iptc, bytes.includes('comment: Jane')]).toEqual([true, true])
    return { bytes: await onDisk(`tagged-${orientation}.${format}`, bytes), icc: meta.icc! }
  }

  it.each(['jpeg', 'png'] as const)(
    'an upright %s loses its metadata losslessly and keeps its ICC profile',
    async (format) => {
      const input = await tampered(1, format)
      const img = await prepareImage(`tagged.${format}`, input.bytes)
      expect(img).toMatchObject({ format, converted: false, orientation: 1, width: W, height: H })
      const meta = await expectNoMetadata(img.bytes)
      expect(meta.icc?.equals(input.icc)).toBe(true)
      // Lossless: the very same pixels.
      const decode = (b: Buffer) => sharp(b).raw().toBuffer()
      expect((await decode(img.bytes)).equals(await decode(input.bytes))).toBe(true)
    },
  )

  it.each(['jpeg', 'png'] as const)(
    'a %s with orientation 6 is turned upright, without metadata, ICC kept',
    async (format) => {
      const input = await tampered(6, format)
      const img = await prepareImage(`turned.${format}`, input.bytes)
      expect(img).toMatchObject({ format, converted: true, orientation: 6, width: W, height: H })
      const meta = await expectNoMetadata(img.bytes)
      expect([meta.width, meta.height]).toEqual([W, H]) // the stored pixels are upright: 300×200, not 200×300
      await expectUpright(img.bytes)
      expect(meta.icc?.equals(input.icc)).toBe(true)
    },
  )

  it.each([
    ['webp', (s: Sharp) => s.webp({ quality: 95 })],
    ['tiff', (s: Sharp) => s.tiff()],
  ] as const)('a converted %s carries no metadata and keeps its ICC profile', async (name, make) => {
    const bytes = await onDisk(
      `tagged.${name}`,
      await make(tagged(sharp(uprightRgb(), raw(W, H)), 1)).toBuffer(),
    )
    const before = await sharp(bytes).metadata()
    expect(!!before.xmp && !!before.icc).toBe(true)
    const img = await prepareImage(`tagged.${name}`, bytes)
    expect(img).toMatchObject({ format: 'jpeg', converted: true })
    const meta = await expectNoMetadata(img.bytes)
    expect(meta.icc?.equals(before.icc!)).toBe(true)
    await expectUpright(img.bytes)
  })

  it('a CMYK JPEG is converted to sRGB: its CMYK profile is not attached to RGB pixels', async () => {
    const cmyk = await sharp(uprightRgb(), raw(W, H))
      .withExif({ IFD0: { Copyright: SECRET } })
      .withIccProfile('cmyk')
      .jpeg()
      .toBuffer()
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk')
    const img = await prepareImage('cmyk.jpg', await onDisk('tagged-cmyk.jpg', cmyk))
    const meta = await expectNoMetadata(img.bytes)
    expect([meta.space, meta.channels]).toEqual(['srgb', 3])
    expect(meta.icc === undefined || !meta.icc.includes('cmyk')).toBe(true)
    await expectUpright(img.bytes)
  })

  it('an upload of a stored image that fits (stored before imports removed metadata) carries none', async () => {
    const stored = (await tampered(1, 'jpeg')).bytes
    const up = await prepareUpload(stored, { width: W, height: H }, DEFAULT_UPLOAD_LIMIT_BYTES)
    expect(up).toMatchObject({ format: 'jpeg', scale: 1, width: W, height: H })
    await expectNoMetadata(up.bytes)
    expect(up.bytes.length).toBeLessThan(stored.length)
  })

  it('a re-encoded upload carries no metadata and keeps the ICC profile', async () => {
    // Noise, so that the JPEG is large and must be shrunk to fit.
    const [w, h] = [1600, 1200]
    const px = Buffer.alloc(w * h * 3)
    for (let i = 0, s = 5; i < px.length; i++) px[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24
    const input = withIptcAndComment(
      await tagged(sharp(px, raw(w, h)), 1)
        .jpeg({ quality: 95 })
        .toBuffer(),
    )
    const icc = (await sharp(input).metadata()).icc!
    const up = await prepareUpload(input, { width: w, height: h }, Math.floor(input.length / 3))
    expect(up.scale).toBeLessThan(1)
    const meta = await expectNoMetadata(up.bytes)
    expect(meta.icc?.equals(icc)).toBe(true)
  })

  it('a turned phone photo is encoded once and sent exactly as stored: no metadata, ICC kept', async () => {
    // The picture stored for orientation 6, with noise, so that sizes are set by the pixels, not the headers.
    const s = storedForOrientation(6)
    for (let i = 0, r = 9; i < s.data.length; i++) {
      r = (r * 1103515245 + 12345) >>> 0
      s.data[i] = Math.max(0, Math.min(255, s.data[i]! + ((r >>> 24) % 32) - 16))
    }
    const input = await onDisk(
      'phone-6.jpg',
      withIptcAndComment(
        await tagged(sharp(s.data, raw(s.width, s.height)), 6)
          .jpeg({ quality: 90, chromaSubsampling: '4:4:4' })
          .toBuffer(),
      ),
    )
    const icc = (await sharp(input).metadata()).icc!
    const img = await prepareImage('phone-6.jpg', input)
    expect(img).toMatchObject({ format: 'jpeg', converted: true, orientation: 6, width: W, height: H })
    // A limit the photo met as it came: its one re-encode (turned, with the upload's settings) meets it too, so
    // the upload sends the stored bytes themselves, with no further encode.
    const up = await prepareUpload(img.bytes, img, input.length)
    expect(up.bytes).toBe(img.bytes)
    expect(up).toMatchObject({ format: 'jpeg', scale: 1, width: W, height: H })
    const meta = await expectNoMetadata(up.bytes)
    expect(meta.icc?.equals(icc)).toBe(true)
    await expectUpright(up.bytes)
  })

  it('a BMP is stored without metadata', async () => {
    const img = await prepareImage('scan.bmp', bmpTestPicture({ bpp: 24 }))
    const meta = await expectNoMetadata(img.bytes)
    expect(meta.icc).toBeUndefined()
  })
})
