// Synthetic licence backs with an AAMVA PDF417 (bwip-js), for the barcode reader's tests and benchmarks: a light
// card with a few guilloche lines on a darker, dotted background, like test/fixtures/documents/d03-can-dl-back.png,
// optionally turned by a few degrees and scaled as a phone photo would be. Or the barcode laid on a given image
// (the d03 back itself) where its card is.
import { readFile } from 'node:fs/promises'
import bwipjs from 'bwip-js/node'
import sharp, { type Sharp } from 'sharp'
import { aamvaText, D03_LICENCE, type AamvaLicence } from './aamva'
import { fixturePath } from './paths'

export { aamvaElements, aamvaText, D03_LICENCE, US_LICENCE, type AamvaLicence } from './aamva'

/** Where the d03 fixture's card sits in its 2400×1800 images: original = 1.8 · card + offset. */
export const D03_CARD_TO_ORIGINAL = { scale: 1.8, x: 290.99583031833174, y: 377.2627009397372 } as const
/** The card's size in card units (ID-1, 85.6 × 54 mm). */
const CARD = { width: 1011, height: 638 } as const
/** The barcode's box on the card, in card units: between "Endorsements" and the authority line. */
const BARCODE_BOX = { x: 40, y: 170, width: 930, height: 350 } as const

export type Pdf417Options = {
  /** Pixels per module (default 1; the back chooses its own). */
  scale?: number
  /** Data columns (AAMVA cards use 9–17; default 13). */
  columns?: number
  /** Error correction level 0–8 (default 5). */
  eclevel?: number
}

/** The PDF417 of `text` alone, black on white with a quiet zone, as PNG. */
export async function pdf417Png(text: string, opts: Pdf417Options = {}): Promise<Buffer> {
  const s = opts.scale ?? 1
  return bwipjs.toBuffer({
    bcid: 'pdf417',
    text,
    scale: s,
    columns: opts.columns ?? 13,
    eclevel: opts.eclevel ?? 5,
    // AAMVA asks for rows at least three modules high.
    rowmult: 3,
    paddingwidth: 2,
    paddingheight: 2,
    backgroundcolor: 'FFFFFF',
  } as Parameters<typeof bwipjs.toBuffer>[0])
}

export type LicenceBackOptions = {
  /** The licence whose AAMVA text the barcode carries. */
  licence?: AamvaLicence
  /** The barcode's text as is (e.g. not AAMVA); wins over `licence`. */
  text?: string
  /** false: a back without any barcode. */
  barcode?: boolean
  /** Degrees the card is turned by in the photo, clockwise (e.g. −4…4). */
  angle?: number
  /** The whole image scaled by this factor at the end (1 = 2400×1800), without any EXIF. */
  scale?: number
  /** Gaussian blur sigma applied before scaling (a soft photo); 0 = none. */
  blur?: number
  /** Output format (default png). */
  format?: 'png' | 'jpeg'
  /**
   * An image of a back to lay the barcode on (e.g. the d03 fixture's back), instead of drawing a card; the barcode
   * goes where `cardToOriginal` puts the card's barcode box (default: the d03 card's place).
   */
  base?: Uint8Array
  cardToOriginal?: { scale: number; x: number; y: number }
}

/** Intermediate images are kept as barely compressed PNGs (encoding dominates the time otherwise). */
const FAST = { compressionLevel: 1 } as const

const WIDTH = 2400
const HEIGHT = 1800

function backgroundSvg(): string {
  const dots = [
    [160, 45, 125],
    [575, 260, 62],
    [995, 360, 105],
    [1888, 100, 90],
    [1980, 188, 55],
    [2297, 350, 72],
    [190, 1425, 62],
    [450, 1745, 105],
    [1085, 1600, 87],
    [1490, 1615, 48],
    [2370, 1730, 110],
  ]
  const circles = dots.map(([x, y, r]) => `<circle cx="${x}" cy="${y}" r="${r}" fill="#6b5b5c"/>`).join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
    <rect width="100%" height="100%" fill="#574a49"/>${circles}</svg>`
}

function cardSvg(k: number): string {
  const w = Math.round(CARD.width * k)
  const h = Math.round(CARD.height * k)
  const lines = [
    [0, 0.1, 1, 0.6, 0.2, 1, 0.05],
    [0, 0.3, 1, 0.35, 0.5, 0.1, 0.55],
    [0, 0.33, 1, 0.75, 0.3, 0.2, 0.9],
    [0, 0.55, 1, 0.55, 0.6, 0.6, 0.1],
    [0, 0.8, 1, 0.25, 0.4, 0.9, 0.95],
  ]
  const paths = lines
    .map(
      ([x0, y0, x1, y1, c1, c2, c3]) =>
        `<path d="M${x0! * w},${y0! * h} C${c1! * w},${c2! * h} ${c3! * w},${c1! * h} ${x1! * w},${y1! * h}"` +
        ` stroke="#8ccaca" stroke-width="${2 * k}" fill="none"/>`,
    )
    .join('')
  const text = (x: number, y: number, size: number, t: string, mono = false) =>
    `<text x="${x * k}" y="${y * k}" font-size="${size * k}" fill="#1f2a30"` +
    ` font-family="${mono ? 'DejaVu Sans Mono, monospace' : 'DejaVu Sans, sans-serif'}">${t}</text>`
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect x="${k}" y="${k}" width="${w - 2 * k}" height="${h - 2 * k}" rx="${18 * k}" fill="#daf0f0"
      stroke="#6aa4a8" stroke-width="${3 * k}"/>${paths}
    ${text(40, 35, 15, 'Restrictions')}${text(40, 108, 28, 'NONE', true)}${text(40, 140, 15, 'Endorsements')}
    ${text(40, 566, 26, 'MTO', true)}</svg>`
}

/** The barcode image scaled (whole modules) to fit the barcode box at `k` pixels per card unit. */
async function barcodeForBox(text: string, k: number): Promise<Buffer> {
  const one = await pdf417Png(text)
  const { width, height } = await sharp(one).metadata()
  const s = Math.max(
    1,
    Math.floor(Math.min((BARCODE_BOX.width * k) / width!, (BARCODE_BOX.height * k) / height!)),
  )
  // Rendered once at one pixel per module and enlarged by whole pixels: the same image, faster than bwip-js at s.
  return sharp(one)
    .resize(width! * s, height! * s, { kernel: 'nearest' })
    .png(FAST)
    .toBuffer()
}

/**
 * A 2400×1800 (times `scale`) photo of a licence back with an AAMVA PDF417, as PNG (or JPEG). The card sits
 * where the d03 fixture's card does, turned by `angle`.
 */
export async function licenceBackWithBarcode(opts: LicenceBackOptions = {}): Promise<Buffer> {
  const place = opts.cardToOriginal ?? D03_CARD_TO_ORIGINAL
  const k = place.scale
  const text = opts.text ?? (opts.licence ? aamvaText(opts.licence) : null)
  if (opts.barcode !== false && text === null)
    throw new Error('licenceBackWithBarcode: give a licence or a text')
  const code = opts.barcode === false || text === null ? null : await barcodeForBox(text, k)
  const codeAt = (m: { width?: number; height?: number }, ox: number, oy: number) => ({
    left: Math.round(ox + BARCODE_BOX.x * k + (BARCODE_BOX.width * k - m.width!) / 2),
    top: Math.round(oy + BARCODE_BOX.y * k + (BARCODE_BOX.height * k - m.height!) / 2),
  })

  let image: Sharp
  if (opts.base) {
    const layers = code ? [{ input: code, ...codeAt(await sharp(code).metadata(), place.x, place.y) }] : []
    const flat = await sharp(opts.base).composite(layers).png(FAST).toBuffer()
    image = sharp(await turned(flat, opts.angle ?? 0, '#574a49'))
  } else {
    let card = sharp(Buffer.from(cardSvg(k)))
    if (code) card = card.composite([{ input: code, ...codeAt(await sharp(code).metadata(), 0, 0) }])
    const cardPng = await card.png(FAST).toBuffer()
    const rotated = await sharp(cardPng)
      .rotate(opts.angle ?? 0, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .png(FAST)
      .toBuffer({ resolveWithObject: true })
    const cx = place.x + (CARD.width * k) / 2
    const cy = place.y + (CARD.height * k) / 2
    image = sharp(Buffer.from(backgroundSvg())).composite([
      await clipped(
        rotated.data,
        rotated.info,
        Math.round(cx - rotated.info.width / 2),
        Math.round(cy - rotated.info.height / 2),
      ),
    ])
  }
  let out = await image.flatten({ background: '#574a49' }).png(FAST).toBuffer()
  if (opts.blur) out = await sharp(out).blur(opts.blur).png(FAST).toBuffer()
  const meta = await sharp(out).metadata()
  let final = sharp(out)
  if (opts.scale && opts.scale !== 1) {
    final = final.resize(Math.round(meta.width! * opts.scale), Math.round(meta.height! * opts.scale))
  }
  return opts.format === 'jpeg'
    ? final.jpeg({ quality: 88 }).toBuffer()
    : final.png({ compressionLevel: 3 }).toBuffer()
}

/**
 * The d03 fixture's back (test/fixtures/documents/d03-can-dl-back.png) with the PDF417 of its licence where the
 * card has room for it; the fixture's other fields stay where its truth says.
 */
export async function d03BackWithBarcode(opts: Omit<LicenceBackOptions, 'base'> = {}): Promise<Buffer> {
  const base = await readFile(fixturePath('d03-can-dl-back.png'))
  return licenceBackWithBarcode({ licence: D03_LICENCE, ...opts, base })
}

/** An overlay placed at (left, top) on the 2400×1800 frame, cut to what falls inside it (a card turned far). */
async function clipped(png: Buffer, size: { width: number; height: number }, left: number, top: number) {
  const x = Math.max(0, -left)
  const y = Math.max(0, -top)
  const width = Math.min(size.width - x, WIDTH - Math.max(0, left))
  const height = Math.min(size.height - y, HEIGHT - Math.max(0, top))
  const input = await sharp(png).extract({ left: x, top: y, width, height }).png(FAST).toBuffer()
  return { input, left: Math.max(0, left), top: Math.max(0, top) }
}

/** The whole image turned by `angle` degrees about its centre, keeping its size (the corners filled). */
async function turned(png: Buffer, angle: number, fill: string): Promise<Buffer> {
  if (!angle) return png
  const { width, height } = await sharp(png).metadata()
  const r = await sharp(png).rotate(angle, { background: fill }).toBuffer({ resolveWithObject: true })
  return sharp(r.data)
    .extract({
      left: Math.round((r.info.width - width!) / 2),
      top: Math.round((r.info.height - height!) / 2),
      width: width!,
      height: height!,
    })
    .png(FAST)
    .toBuffer()
}
