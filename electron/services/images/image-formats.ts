// Tells a file's real format from its first bytes (never from its name), so that only the formats Recto means to
// read ever reach a decoder: sharp would also open SVG, PDF, FITS, VIPS and others, which are not scans and
// (SVG, PDF) can carry references or scripts. Also says how sizes are worded in messages to the reviewer.

/** Formats we can read (some only when this sharp build can: see image-import.ts). */
export type ReadableFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif' | 'bmp' | 'avif' | 'heic' | 'heif'
/** Formats we recognise only to name them in a refusal. */
export type RefusedFormat = 'jp2' | 'jxl' | 'pdf' | 'svg' | 'ico' | 'psd'
export type SniffedFormat = ReadableFormat | RefusedFormat

export const FORMAT_LABELS: Record<SniffedFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  tiff: 'TIFF',
  gif: 'GIF',
  bmp: 'BMP',
  avif: 'AVIF',
  heic: 'HEIC',
  heif: 'HEIF',
  jp2: 'JPEG 2000',
  jxl: 'JPEG XL',
  pdf: 'PDF',
  svg: 'SVG',
  ico: 'ICO (icon)',
  psd: 'Photoshop (PSD)',
}

const READABLE = new Set<string>(['jpeg', 'png', 'webp', 'tiff', 'gif', 'bmp', 'avif', 'heic', 'heif'])
export const isReadable = (f: SniffedFormat): f is ReadableFormat => READABLE.has(f)

/** The DIB header sizes a real BMP can have (12 = OS/2 1.x, 64 = OS/2 2.x, 40…124 = Windows). */
const BMP_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124])
// ISO-BMFF brands: HEIC is HEVC-coded HEIF, AVIF is AV1-coded HEIF; mif1/msf1 say only "some HEIF".
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs'])
const AVIF_BRANDS = new Set(['avif', 'avis'])
const HEIF_BRANDS = new Set(['mif1', 'msf1'])

function ascii(b: Uint8Array, start: number, length: number): string {
  if (b.length < start + length) return ''
  return String.fromCharCode(...b.subarray(start, start + length))
}

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  return b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v)
}

function u32be(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0
}

/** The format of an ISO base media file (`ftyp` box), or null when it is not an image we know (e.g. MP4). */
function sniffFtyp(b: Uint8Array): SniffedFormat | null {
  const boxSize = u32be(b, 0)
  if (boxSize < 16 || boxSize > Math.min(b.length, 4096) || boxSize % 4 !== 0) return null
  const brands = [ascii(b, 8, 4)]
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii(b, at, 4))
  if (brands.some((x) => AVIF_BRANDS.has(x))) return 'avif'
  if (brands.some((x) => HEIC_BRANDS.has(x))) return 'heic'
  if (brands.some((x) => HEIF_BRANDS.has(x))) return 'heif'
  return null
}

/** The format the bytes are in, or null when they are no image format we know. */
export function sniffFormat(b: Uint8Array): SniffedFormat | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  const head6 = ascii(b, 0, 6)
  if (head6 === 'GIF87a' || head6 === 'GIF89a') return 'gif'
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp'
  // TIFF and BigTIFF, both byte orders.
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff'
  if (startsWith(b, [0x49, 0x49, 0x2b, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2b])) return 'tiff'
  // "BM" alone is too weak (a text file may start with it): require a known DIB header size too.
  if (ascii(b, 0, 2) === 'BM' && b.length >= 18) {
    const dib = b[14]! | (b[15]! << 8) | (b[16]! << 16) | (b[17]! << 24)
    if (BMP_HEADER_SIZES.has(dib)) return 'bmp'
  }
  if (ascii(b, 4, 4) === 'ftyp') {
    const iso = sniffFtyp(b)
    if (iso) return iso
  }
  if (startsWith(b, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(b, [0xff, 0x4f, 0xff, 0x51]))
    return 'jp2'
  if (startsWith(b, [0xff, 0x0a]) || startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) return 'jxl'
  if (ascii(b, 0, 5) === '%PDF-') return 'pdf'
  if (ascii(b, 0, 4) === '8BPS') return 'psd'
  if (startsWith(b, [0, 0, 1, 0]) && b.length >= 6 && b[4]! + b[5]! > 0) return 'ico'
  // SVG is text: look for the root element near the start (after a BOM, an XML prolog or comments).
  const text = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 1024)).trimStart()
  if (/^(\uFEFF)?(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(text))
    return 'svg'
  return null
}

const KB = 1024
const MB = 1024 * 1024

/**
 * A pair of byte counts worded in the same unit, e.g. ["240 MB", "200 MB"]. The measured size rounds up and the
 * limit rounds down, so a size over its limit never reads as equal to it.
 */
export function describeBytesAgainstLimit(size: number, limit: number): [string, string] {
  const [unit, name] = limit >= MB ? [MB, 'MB'] : limit >= KB ? [KB, 'KB'] : [1, 'bytes']
  const show = (v: number) => `${String(v).replace(/\.0$/, '')} ${name}`
  return [show(Math.ceil((size * 10) / unit) / 10), show(Math.floor((limit * 10) / unit) / 10)]
}

/** Pixel counts in megapixels, the count rounded up and the limit down (as for bytes). */
export function describePixelsAgainstLimit(pixels: number, limit: number): [string, string] {
  return [`${Math.ceil(pixels / 1e4) / 100} MP`, `${Math.floor(limit / 1e4) / 100} MP`]
}
