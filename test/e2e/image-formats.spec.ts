// Import of the formats the README lists beyond JPEG and PNG (TIFF, WebP, BMP), and of a scan whose EXIF
// orientation turns it, each through the Import scans input, recognised by the emulator and its boxes checked
// against the fixture's truth. The files are made at test time from d01 (sharp for TIFF/WebP/EXIF; BMP written
// byte by byte, since sharp cannot write it), so they show exactly the fixture's pixels: the truth's corners hold
// only if the app stored the image at the fixture's size, upright, and sent that image.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import sharp from 'sharp'
import { fixturePath } from '../support/paths'
import { expect, test } from './fixtures'
import {
  expectBoxesAtTruth,
  importPathsAndRecognise,
  stageImageInfo,
  stageRotation,
  storedCase,
  storedFields,
} from './helpers'

const D01 = 'd01-utopia-passport'
const D01_FILE = fixturePath(`${D01}-front.jpg`)
const D01_SIZE = { width: 2000, height: 1500 }

/** A 24-bit bottom-up BMP (BITMAPINFOHEADER, BI_RGB, rows padded to 4 bytes) of packed RGB pixels. */
function bmp24(rgb: Buffer, width: number, height: number): Buffer {
  const stride = Math.ceil((width * 3) / 4) * 4
  const dataOffset = 54
  const b = Buffer.alloc(dataOffset + stride * height)
  b.write('BM', 0, 'latin1')
  b.writeUInt32LE(b.length, 2)
  b.writeUInt32LE(dataOffset, 10)
  b.writeUInt32LE(40, 14)
  b.writeInt32LE(width, 18)
  b.writeInt32LE(height, 22)
  b.writeUInt16LE(1, 26)
  b.writeUInt16LE(24, 28)
  b.writeUInt32LE(0, 30)
  b.writeUInt32LE(stride * height, 34)
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (height - 1 - y) * stride
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * 3
      b[row + x * 3] = rgb[src + 2]!
      b[row + x * 3 + 1] = rgb[src + 1]!
      b[row + x * 3 + 2] = rgb[src]!
    }
  }
  return b
}

const FORMATS = {
  tiff: async () => sharp(D01_FILE).tiff({ compression: 'lzw' }).toBuffer(),
  webp: async () => sharp(D01_FILE).webp({ quality: 90 }).toBuffer(),
  bmp: async () => {
    const { data, info } = await sharp(D01_FILE).removeAlpha().raw().toBuffer({ resolveWithObject: true })
    return bmp24(data, info.width, info.height)
  },
} as const

/** Every field the provider read came with its own box (original_coordinates), none placed by a fit or lost. */
async function expectEveryFieldBoxed(page: Page, name: string): Promise<void> {
  const fields = await storedFields(page, name)
  expect(fields).toHaveLength(11)
  for (const f of fields) expect(f, f.key).toMatchObject({ quadSource: 'original', quad: expect.any(Array) })
}

/** What every import below must come to: the stored image upright at the fixture's size, boxes on the truth. */
async function expectStoredAndBoxed(page: Page, name: string): Promise<void> {
  const stored = await storedCase(page, name)
  expect(stored.front).toMatchObject({ originalName: name, ...D01_SIZE })
  expect(['image/jpeg', 'image/png']).toContain(stored.front.mime)
  // The bitmap on screen is the stored image or a smaller copy of it: landscape, the fixture's aspect.
  const info = (await stageImageInfo(page))!
  expect(info.width / info.height).toBeCloseTo(D01_SIZE.width / D01_SIZE.height, 2)
  // The passport was sent upright, so it opens unturned.
  expect(await stageRotation(page)).toBe(0)
  await expectBoxesAtTruth(page, D01, 'front')
}

for (const [format, make] of Object.entries(FORMATS)) {
  test(`a ${format.toUpperCase()} scan is imported, recognised and boxed where the truth says`, async ({
    app,
    emulator,
  }) => {
    const { page } = app
    const name = `utopia-scan.${format === 'tiff' ? 'tif' : format}`
    const path = join(app.userDataDir, '..', name)
    const bytes = await make()
    await writeFile(path, bytes)
    if (format !== 'bmp') expect((await sharp(bytes).metadata()).format).toBe(format)
    else expect(bytes.subarray(0, 2).toString('latin1')).toBe('BM')

    await importPathsAndRecognise(page, [path], 'NZL', 'passport')
    await expectEveryFieldBoxed(page, name)
    const sent = emulator.requests.filter((r) => r.path.endsWith('/recognition') && r.status === 200)
    expect(sent.at(-1)?.matchedDocument).toBe(D01)
    await expectStoredAndBoxed(page, name)
  })
}

for (const orientation of [6, 8] as const) {
  test(`a scan turned by EXIF orientation ${orientation} is stored upright and boxed where the truth says`, async ({
    app,
    emulator,
  }) => {
    const { page } = app
    const name = `utopia-exif${orientation}.jpg`
    const path = join(app.userDataDir, '..', name)
    // The camera's raster is the upright page turned the other way (6: shown turned 90° clockwise, so stored
    // turned 90° anticlockwise; 8 the reverse); the tag turns it back for display.
    await sharp(D01_FILE)
      .rotate(orientation === 6 ? 270 : 90)
      .withMetadata({ orientation })
      .jpeg({ quality: 92 })
      .toFile(path)
    const meta = await sharp(path).metadata()
    expect(meta).toMatchObject({ orientation, width: D01_SIZE.height, height: D01_SIZE.width })

    await importPathsAndRecognise(page, [path], 'NZL', 'passport')
    await expectEveryFieldBoxed(page, name)
    const sent = emulator.requests.filter((r) => r.path.endsWith('/recognition') && r.status === 200)
    expect(sent.at(-1)?.matchedDocument).toBe(D01)
    await expectStoredAndBoxed(page, name)
  })
}
