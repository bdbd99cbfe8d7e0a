// Drawing for the synthetic document generator: a card is an SVG fragment in card coordinates, rendered by
// sharp/librsvg with the system's DejaVu fonts. Every printed value's quad is its measured ink box (the text
// rendered alone and trimmed), then carried through the same affine map and quarter turn as the pixels.
import sharp from 'sharp'
import type { Rand } from './people'
import { int } from './people'

export type Point = { x: number; y: number }
export type Quad = [Point, Point, Point, Point]

export const SANS = 'DejaVu Sans'
export const MONO = 'DejaVu Sans Mono'

export type TextItem = {
  text: string
  x: number
  /** Baseline. Integer, so that rendering the text alone gives the same pixels up to a whole-pixel shift. */
  y: number
  size: number
  font: typeof SANS | typeof MONO
  fill: string
  weight?: 'bold'
}

export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export function textSvg(t: TextItem): string {
  const weight = t.weight ? ` font-weight="${t.weight}"` : ''
  return `<text x="${t.x}" y="${t.y}" font-family="${t.font}" font-size="${t.size}"${weight} fill="${t.fill}" xml:space="preserve">${escapeXml(t.text)}</text>`
}

/**
 * The ink box of a text as drawn at its place on the card: the text is rendered alone, black on white, at a
 * whole-pixel offset and trimmed. Spaces keep their advance (xml:space), so masking characters with spaces
 * measures a substring exactly where it sits in a monospace line.
 */
export async function inkBox(t: TextItem): Promise<Quad> {
  if (!/\S/.test(t.text)) throw new Error('inkBox: nothing to measure in a blank text')
  const pad = Math.ceil(t.size * 0.5)
  const w = Math.ceil(t.text.length * t.size * 0.75) + 2 * pad
  const h = Math.ceil(t.size * 1.6) + 2 * pad
  const ox = pad
  const oy = pad + Math.ceil(t.size * 1.1)
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="#fff"/>` +
    textSvg({ ...t, x: ox, y: oy, fill: '#000' }) +
    '</svg>'
  const { info } = await sharp(Buffer.from(svg))
    .trim({ background: '#ffffff', threshold: 10 })
    .toBuffer({ resolveWithObject: true })
  const left = -(info.trimOffsetLeft ?? 0) + (t.x - ox)
  const top = -(info.trimOffsetTop ?? 0) + (t.y - oy)
  return rectQuad(left, top, info.width, info.height)
}

export const rectQuad = (x: number, y: number, w: number, h: number): Quad => [
  { x, y },
  { x: x + w, y },
  { x: x + w, y: y + h },
  { x, y: y + h },
]

/** Affine map [a, b, c, d, e, f] as SVG's matrix(): x' = a x + c y + e, y' = b x + d y + f. */
export type Affine = [number, number, number, number, number, number]

export const applyAffine = (m: Affine, p: Point): Point => ({
  x: m[0] * p.x + m[2] * p.y + m[4],
  y: m[1] * p.x + m[3] * p.y + m[5],
})

export type Turn = 0 | 90 | 180 | 270

/** Where a point of a W×H image lands after the pixels are turned clockwise (sharp's rotate(turn)). */
export function turnPoint(p: Point, turn: Turn, w: number, h: number): Point {
  switch (turn) {
    case 0:
      return { ...p }
    case 90:
      return { x: h - p.y, y: p.x }
    case 180:
      return { x: w - p.x, y: h - p.y }
    case 270:
      return { x: p.y, y: w - p.x }
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100

export type Placement = {
  width: number
  height: number
  matrix: Affine
  /** SVG drawn under the card (table, props). */
  under: string
}

/**
 * Where the card goes on the photo: rotated by skewDeg (positive: the text turns counter-clockwise, as the
 * engine reports skew) about its centre, in the middle of a canvas a little larger than its bounding box.
 */
export function placeCard(
  r: Rand,
  cardW: number,
  cardH: number,
  skewDeg: number,
  background: 'table' | 'scan',
): Placement {
  const th = (skewDeg * Math.PI) / 180
  const cos = Math.cos(th)
  const sin = Math.sin(th)
  const bw = cardW * Math.abs(cos) + cardH * Math.abs(sin)
  const bh = cardW * Math.abs(sin) + cardH * Math.abs(cos)
  const margin = background === 'table' ? Math.round(cardW * 0.09) : Math.round(cardW * 0.03)
  const width = Math.ceil(bw) + 2 * margin
  const height = Math.ceil(bh) + 2 * margin
  const cx = width / 2
  const cy = height / 2
  // Counter-clockwise on screen (y down) is SVG rotate(−θ).
  const a = cos
  const b = -sin
  const c = sin
  const d = cos
  const e = cx - (a * cardW) / 2 - (c * cardH) / 2
  const f = cy - (b * cardW) / 2 - (d * cardH) / 2
  const matrix: Affine = [a, b, c, d, e, f]
  let under: string
  if (background === 'table') {
    const tones = ['#4b4553', '#3f4a4f', '#554a42', '#44444c']
    const tone = tones[int(r, 0, tones.length - 1)]!
    const blobs = Array.from({ length: 10 }, () => {
      const light = r() < 0.5
      return `<circle cx="${int(r, 0, width)}" cy="${int(r, 0, height)}" r="${int(r, 30, 140)}" fill="${light ? '#ffffff' : '#000000'}" fill-opacity="${round2(0.05 + r() * 0.1)}"/>`
    }).join('')
    // A soft shadow: the card's outline, offset and darker.
    const shadow = `<g transform="translate(10 14) matrix(${matrix.map(round6).join(' ')})"><rect width="${cardW}" height="${cardH}" rx="40" fill="#000" fill-opacity="0.35"/></g>`
    under = `<rect width="${width}" height="${height}" fill="${tone}"/>${blobs}${shadow}`
  } else {
    under = `<rect width="${width}" height="${height}" fill="#f6f6f3"/>`
  }
  return { width, height, matrix, under }
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6

/** Faint guilloche: a few smooth curves across the card, like the fixtures' security print. */
export function guilloche(r: Rand, w: number, h: number, colour: string): string {
  const paths: string[] = []
  for (let i = 0; i < 9; i++) {
    const y0 = int(r, 0, h)
    const y1 = int(r, 0, h)
    const c1 = int(r, -h / 2, (3 * h) / 2)
    const c2 = int(r, -h / 2, (3 * h) / 2)
    paths.push(
      `<path d="M0 ${y0} C ${Math.round(w / 3)} ${c1}, ${Math.round((2 * w) / 3)} ${c2}, ${w} ${y1}" stroke="${colour}" stroke-width="2" fill="none" stroke-opacity="0.55"/>`,
    )
  }
  return paths.join('')
}

export async function renderSvg(
  svg: string,
  opts: { blur: number; turn: Turn; quality: number },
): Promise<{ jpeg: Buffer; width: number; height: number }> {
  let img = sharp(Buffer.from(svg))
  if (opts.blur > 0) img = img.blur(opts.blur)
  if (opts.turn !== 0) img = img.rotate(opts.turn)
  const { data, info } = await img
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: opts.quality, chromaSubsampling: '4:2:0' })
    .toBuffer({ resolveWithObject: true })
  return { jpeg: data, width: info.width, height: info.height }
}
