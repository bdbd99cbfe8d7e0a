// Reads Windows BMP files, which sharp (libvips) cannot decode. It covers what scanners and paint programs write:
// uncompressed 1/4/8-bit palette images, 16/24/32-bit colour, BI_BITFIELDS / BI_ALPHA_BITFIELDS masks, bottom-up
// and top-down rows, and the INFO/V2/V3/V4/V5 headers. RLE-compressed, embedded-JPEG/PNG and OS/2 BMPs are refused
// with a reason (rare for scans). The header is read and checked first, so the caller can refuse a pixel bomb
// before anything is allocated for the pixels.

export class BmpError extends Error {
  override name = 'BmpError'
  constructor(
    readonly kind: 'unsupported' | 'corrupt',
    message: string,
  ) {
    super(message)
  }
}

type Mask = { mask: number; shift: number; max: number }

export type BmpHeader = {
  width: number
  height: number
  bitsPerPixel: 1 | 4 | 8 | 16 | 24 | 32
  topDown: boolean
  dataOffset: number
  stride: number
  /** For 1/4/8-bit images: the colour table as RGB triples. */
  palette: Uint8Array | null
  /** For 16/32-bit images: where each channel sits in a pixel; alpha is null when the file declares none. */
  masks: { r: Mask; g: Mask; b: Mask; a: Mask | null } | null
}

export type BmpPixels = { data: Buffer; width: number; height: number; channels: 3 | 4; indexed: boolean }

const BI_RGB = 0
const BI_BITFIELDS = 3
const BI_ALPHA_BITFIELDS = 6
const COMPRESSION_NAMES: Record<number, string> = {
  1: 'RLE8-compressed',
  2: 'RLE4-compressed',
  4: 'JPEG-in-BMP',
  5: 'PNG-in-BMP',
}

function mask(bits: number, what: string): Mask {
  if (bits === 0) return { mask: 0, shift: 0, max: 0 }
  let shift = 0
  while (((bits >>> shift) & 1) === 0) shift++
  const max = bits >>> shift
  // Only contiguous masks are meaningful (max + 1 must be a power of two).
  if ((max & (max + 1)) !== 0)
    throw new BmpError('corrupt', `the BMP's ${what} colour mask is not contiguous`)
  return { mask: bits, shift, max }
}

/** Reads and checks the headers; throws BmpError. Does not look at the pixel data. */
export function readBmpHeader(b: Uint8Array): BmpHeader {
  if (b.length < 54) throw new BmpError('corrupt', 'the BMP header is truncated')
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const dataOffset = dv.getUint32(10, true)
  const headerSize = dv.getUint32(14, true)
  if (![40, 52, 56, 108, 124].includes(headerSize)) {
    throw new BmpError('unsupported', `this BMP variant (OS/2 or ${headerSize}-byte header) is not supported`)
  }
  if (b.length < 14 + headerSize) throw new BmpError('corrupt', 'the BMP header is truncated')
  const width = dv.getInt32(18, true)
  const rawHeight = dv.getInt32(22, true)
  const bpp = dv.getUint16(28, true)
  const compression = dv.getUint32(30, true)
  const colorsUsed = dv.getUint32(46, true)
  if (width <= 0 || rawHeight === 0 || rawHeight === -0x80000000) {
    throw new BmpError('corrupt', `the BMP declares an impossible size (${width}×${rawHeight})`)
  }
  const named = COMPRESSION_NAMES[compression]
  if (named) throw new BmpError('unsupported', `${named} BMP files are not supported`)
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHA_BITFIELDS) {
    throw new BmpError('corrupt', `the BMP declares an unknown compression (${compression})`)
  }
  if (bpp !== 1 && bpp !== 4 && bpp !== 8 && bpp !== 16 && bpp !== 24 && bpp !== 32) {
    throw new BmpError('unsupported', `${bpp}-bit BMP files are not supported`)
  }
  if (compression !== BI_RGB && bpp !== 16 && bpp !== 32) {
    throw new BmpError('corrupt', `the BMP declares colour masks for a ${bpp}-bit image`)
  }

  let tableOffset = 14 + headerSize
  let masks: BmpHeader['masks'] = null
  if (compression !== BI_RGB) {
    // INFO headers (40 bytes) keep the masks after the header; V2 and later inside it, at the same place.
    const hasAlpha = compression === BI_ALPHA_BITFIELDS || headerSize >= 56
    if (headerSize === 40) tableOffset += compression === BI_ALPHA_BITFIELDS ? 16 : 12
    if (b.length < 54 + (hasAlpha ? 16 : 12)) throw new BmpError('corrupt', 'the BMP header is truncated')
    const a = hasAlpha ? dv.getUint32(66, true) : 0
    masks = {
      r: mask(dv.getUint32(54, true), 'red'),
      g: mask(dv.getUint32(58, true), 'green'),
      b: mask(dv.getUint32(62, true), 'blue'),
      a: a ? mask(a, 'alpha') : null,
    }
  } else if (bpp === 16) {
    masks = { r: mask(0x7c00, 'red'), g: mask(0x03e0, 'green'), b: mask(0x001f, 'blue'), a: null }
  }
  // 24-bit and plain 32-bit (BI_RGB: the fourth byte is padding, never alpha) are read directly, without masks.

  let palette: Uint8Array | null = null
  if (bpp <= 8) {
    const count = colorsUsed === 0 ? 1 << bpp : Math.min(colorsUsed, 1 << bpp)
    if (tableOffset + count * 4 > b.length) throw new BmpError('corrupt', 'the BMP colour table is truncated')
    // Every index reads the table: pad it to 2^bpp entries (black) so a stray index cannot read past it.
    palette = new Uint8Array((1 << bpp) * 3)
    for (let i = 0; i < count; i++) {
      const at = tableOffset + i * 4
      palette[i * 3] = b[at + 2]!
      palette[i * 3 + 1] = b[at + 1]!
      palette[i * 3 + 2] = b[at]!
    }
  }
  const stride = Math.floor((bpp * width + 31) / 32) * 4
  return {
    width,
    height: Math.abs(rawHeight),
    bitsPerPixel: bpp,
    topDown: rawHeight < 0,
    dataOffset,
    stride,
    palette,
    masks,
  }
}

const scaled = (px: number, m: Mask): number =>
  m.max === 0
    ? 0
    : m.max === 255
      ? (px & m.mask) >>> m.shift
      : Math.round((((px & m.mask) >>> m.shift) * 255) / m.max)

/** Decodes the pixels to packed RGB (or RGBA when the file declares an alpha mask and uses it); throws BmpError. */
export function decodeBmp(b: Uint8Array, h: BmpHeader): BmpPixels {
  const { width, height, stride, bitsPerPixel: bpp, palette, masks } = h
  // Some writers drop the last row's padding: require the bytes that hold pixels, not the padding after them.
  const lastRowBytes = Math.ceil((bpp * width) / 8)
  if (h.dataOffset + stride * (height - 1) + lastRowBytes > b.length) {
    throw new BmpError('corrupt', 'the BMP pixel data is truncated')
  }
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const rowStart = (y: number) => h.dataOffset + (h.topDown ? y : height - 1 - y) * stride
  const read = bpp === 16 ? (at: number) => dv.getUint16(at, true) : (at: number) => dv.getUint32(at, true)

  // An alpha mask whose values are all zero is a writer that left the field unused: treat the image as opaque.
  let alpha = masks?.a ?? null
  if (alpha) {
    let used = false
    for (let y = 0; y < height && !used; y++) {
      const s = rowStart(y)
      for (let x = 0; x < width; x++) if (read(s + x * (bpp >> 3)) & alpha.mask) used = true
    }
    if (!used) alpha = null
  }
  const channels = alpha ? 4 : 3
  const out = Buffer.allocUnsafe(width * height * channels)
  let d = 0
  for (let y = 0; y < height; y++) {
    let s = rowStart(y)
    if (palette) {
      for (let x = 0; x < width; x++) {
        const i =
          bpp === 8
            ? b[s + x]!
            : bpp === 4
              ? (b[s + (x >> 1)]! >> (x & 1 ? 0 : 4)) & 0x0f
              : (b[s + (x >> 3)]! >> (7 - (x & 7))) & 1
        out[d++] = palette[i * 3]!
        out[d++] = palette[i * 3 + 1]!
        out[d++] = palette[i * 3 + 2]!
      }
    } else if (!masks) {
      // 24-bit BGR, or 32-bit BGRx.
      const step = bpp >> 3
      for (let x = 0; x < width; x++, s += step) {
        out[d++] = b[s + 2]!
        out[d++] = b[s + 1]!
        out[d++] = b[s]!
      }
    } else {
      const step = bpp >> 3
      for (let x = 0; x < width; x++, s += step) {
        const px = read(s)
        out[d++] = scaled(px, masks.r)
        out[d++] = scaled(px, masks.g)
        out[d++] = scaled(px, masks.b)
        if (alpha) out[d++] = scaled(px, alpha)
      }
    }
  }
  return { data: out, width, height, channels, indexed: palette !== null }
}
