// Finding a PDF417 and its skew in a grey image, on generated licence backs (test/support/pdf417.ts) turned by
// known angles, and on backs and fronts without one.
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { findBarcodeRegions, grow, skewIn } from '../../../electron/services/barcode/locate'
import { fixturePath } from '../../support/paths'
import { D03_LICENCE, licenceBackWithBarcode } from '../../support/pdf417'

async function gray(image: Buffer) {
  const { data, info } = await sharp(image)
    .resize(1000, 1000, { fit: 'inside' })
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height }
}

/** The skew of the bars in the 2400×1800 image's `box` (given at 1000 px), as the reader measures it. */
async function skewAt(image: Buffer, box: { x: number; y: number; width: number; height: number }) {
  const c = grow(
    { x: box.x * 2.4, y: box.y * 2.4, width: box.width * 2.4, height: box.height * 2.4 },
    0.12,
    24,
    2400,
    1800,
  )
  const { data, info } = await sharp(image)
    .grayscale()
    .extract({ left: c.x, top: c.y, width: c.width, height: c.height })
    .resize(1600, 1600, { fit: 'inside', withoutEnlargement: true })
    .blur(1.5)
    .raw()
    .toBuffer({ resolveWithObject: true })
  return skewIn(data, info.width, info.height, { x: 0, y: 0, width: info.width, height: info.height })
}

describe('findBarcodeRegions', () => {
  it.each([0, 3, -4, -8, 6])(
    'finds the barcode of a back turned by %d° and its skew within a degree',
    async (angle) => {
      const image = await licenceBackWithBarcode({ licence: D03_LICENCE, angle })
      const g = await gray(image)
      const [best] = findBarcodeRegions(g.data, g.width, g.height)
      expect(best).toBeDefined()
      // The barcode's centre on the 2400×1800 back is (1201, 962), i.e. (500, 401) at 1000 px.
      const { x, y, width, height } = best!.box
      expect(Math.abs(x + width / 2 - 500)).toBeLessThan(20)
      expect(Math.abs(y + height / 2 - 401)).toBeLessThan(20)
      expect(best!.solid).toBeGreaterThan(200)
      expect(Math.abs((await skewAt(image, best!.box)) - angle)).toBeLessThan(1)
    },
  )

  it('finds nothing barcode-like on a back without one, nor on a licence front', async () => {
    for (const image of [
      await licenceBackWithBarcode({ barcode: false }),
      await readFile(fixturePath('d03-can-dl-back.png')),
      await readFile(fixturePath('d03-can-dl-front.png')),
    ]) {
      const g = await gray(image)
      for (const r of findBarcodeRegions(g.data, g.width, g.height)) expect(r.solid).toBeLessThan(60)
    }
  })

  it('finds nothing in a flat or tiny image', () => {
    expect(findBarcodeRegions(new Uint8Array(400 * 300).fill(200), 400, 300)).toEqual([])
    expect(findBarcodeRegions(new Uint8Array(10 * 10), 10, 10)).toEqual([])
  })

  it('grows a box by a share of its size, clipped to the image', () => {
    expect(grow({ x: 100, y: 50, width: 200, height: 100 }, 0.1, 5, 1000, 1000)).toEqual({
      x: 80,
      y: 40,
      width: 240,
      height: 120,
    })
    expect(grow({ x: 10, y: 10, width: 980, height: 20 }, 0.1, 30, 1000, 1000)).toEqual({
      x: 0,
      y: 0,
      width: 1000,
      height: 60,
    })
  })
})
