// The AAMVA PDF417 on one side of a case (US and Canadian driving licences and ID cards): find it, straighten it,
// decode it (ZXing in a worker) and parse it. PDF417 decoding fails once a symbol is turned by a few degrees, and a
// photographed card lies at an angle on a background, so the image is searched first (locate.ts), and each likely
// region is cropped with a margin, turned upright with sharp and decoded; the whole image is tried as it is too.
// The work is bounded: at most MAX_ATTEMPTS decodes and TIME_BUDGET_MS, so an image without a barcode is given up
// on quickly. Never throws for a bad image: what cannot be read is 'unreadable' with the reason. Logs nothing.
import sharp, { type Sharp } from 'sharp'
import type { BarcodeRead } from '../../../shared/checks/types'
import type { Side } from '../../../shared/primitives'
import { parseAamva } from './aamva'
import { DecoderError, sharedDecoder, type Decoded, type Pdf417Decoder } from './decoder'
import { findBarcodeRegions, grow, skewIn, type Box, type Candidate } from './locate'

export type ReadBarcodeOptions = {
  signal?: AbortSignal
  /** Injected for tests and benchmarks; the process's shared decoder otherwise. */
  decoder?: Pdf417Decoder
  /** Called after each decode attempt (benchmarks; no image content). */
  onAttempt?: (a: { kind: string; width: number; height: number; ms: number; found: boolean }) => void
}

/**
 * Larger images are scaled down to this long side first: enough for a card that fills a third of the frame to keep
 * its modules ≥ 2 px wide, and a bound on the memory and the time of everything after.
 */
const MAX_SIDE = 3200
/** The long side of the image the regions are searched in. */
const ANALYSIS_SIDE = 1000
/** The whole image is decoded at no more than this long side. */
const WHOLE_SIDE = 1600
/** A region's skew is measured at no more than this long side. */
const SKEW_SIDE = 1600
/** A straightened crop is decoded at no more than this long side. */
const CROP_SIDE = 2000
const MAX_ATTEMPTS = 7
const TIME_BUDGET_MS = 4000
/** Solid blocks (locate.ts) that make a region barcode-like. */
const MIN_SOLID = 60
/** Below this skew a crop is decoded as it is (ZXing copes with a degree or so). */
const MIN_SKEW = 0.3

type Gray = { data: Buffer; width: number; height: number }
type Region = Candidate & { crop: Box }
type Attempt = { kind: string; crop: Box | null; angle: number; maxSide: number }

function unreadable(side: Side, message: string): BarcodeRead {
  return { side, status: 'unreadable', message, raw: null, data: null }
}

export async function readBarcode(
  image: Uint8Array,
  side: Side,
  options: ReadBarcodeOptions = {},
): Promise<BarcodeRead> {
  const { signal } = options
  signal?.throwIfAborted()
  let full: Gray
  let small: Gray
  try {
    full = await grayOf(
      sharp(image)
        .flatten({ background: '#ffffff' })
        .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
        .grayscale(),
    )
    small = await grayOf(
      rawSharp(full).resize(ANALYSIS_SIDE, ANALYSIS_SIDE, { fit: 'inside', withoutEnlargement: true }),
    )
  } catch {
    return unreadable(side, 'The image could not be decoded to look for a barcode.')
  }
  signal?.throwIfAborted()

  const factor = full.width / small.width
  const regions: Region[] = []
  try {
    for (const r of findBarcodeRegions(small.data, small.width, small.height)) {
      const crop = grow(scaleBox(r.box, factor), 0.12, 24, full.width, full.height)
      regions.push({ ...r, crop, skew: await skewOf(full, crop) })
    }
  } catch {
    // A region that cannot be measured is left out; the whole image is still tried.
  }
  const decoder = options.decoder ?? sharedDecoder()
  const started = performance.now()
  let notAamva: string | null = null
  let decoded = 0
  for (const attempt of plan(regions)) {
    if (decoded >= MAX_ATTEMPTS || performance.now() - started > TIME_BUDGET_MS) break
    signal?.throwIfAborted()
    let results: Decoded[]
    try {
      const pixels = await prepare(full, attempt)
      signal?.throwIfAborted()
      const outcome = await decoder.decode(pixels.data, pixels.width, pixels.height, { tryHarder: true })
      results = outcome.results
      options.onAttempt?.({
        kind: attempt.kind,
        width: pixels.width,
        height: pixels.height,
        ms: outcome.ms,
        found: results.length > 0,
      })
    } catch (err) {
      if (signal?.aborted) throw signal.reason
      if (err instanceof DecoderError) {
        return unreadable(side, 'The barcode reader could not run; the barcode was not looked for.')
      }
      results = []
    }
    decoded++
    for (const r of results) {
      const parsed = parseAamva(r.text)
      if (parsed.ok) {
        const d = parsed.data
        const where = [d.jurisdiction, d.country].filter(Boolean).join(', ')
        return {
          side,
          status: 'read',
          message: `PDF417 barcode read (AAMVA version ${d.version}${where ? `, ${where}` : ''}).`,
          raw: r.text,
          data: d,
        }
      }
      notAamva ??= parsed.message
    }
    // A symbol was decoded: another attempt would read the same one.
    if (notAamva) return unreadable(side, notAamva)
  }
  return unreadable(
    side,
    regions.some(isBarcodeLike)
      ? 'Something like a PDF417 barcode was found on this side but could not be decoded (blurred, cut off or glare?).'
      : 'No PDF417 barcode was found on this side.',
  )
}

/**
 * The attempts, most promising first: the most barcode-like region straightened, the whole image as it is, that
 * region at nearby angles (the skew estimate is good to about a degree) and smaller, then the other regions once.
 */
function* plan(regions: Region[]): Generator<Attempt> {
  const solid = regions.filter(isBarcodeLike)
  const [best, ...others] = [...solid, ...regions.filter((r) => !isBarcodeLike(r)).slice(0, 2)]
  const strong = best !== undefined && isBarcodeLike(best)
  if (strong) yield { kind: 'region', crop: best.crop, angle: -best.skew, maxSide: CROP_SIDE }
  yield { kind: 'whole', crop: null, angle: 0, maxSide: WHOLE_SIDE }
  if (strong) {
    yield { kind: 'region+', crop: best.crop, angle: -best.skew + 1.5, maxSide: CROP_SIDE }
    yield { kind: 'region-', crop: best.crop, angle: -best.skew - 1.5, maxSide: CROP_SIDE }
    yield { kind: 'region small', crop: best.crop, angle: -best.skew, maxSide: CROP_SIDE / 2 }
  } else if (best) {
    yield { kind: 'other region', crop: best.crop, angle: -best.skew, maxSide: CROP_SIDE }
  }
  for (const o of others) yield { kind: 'other region', crop: o.crop, angle: -o.skew, maxSide: CROP_SIDE }
}

/**
 * The skew of the bars in a crop of the full image. Measured at up to SKEW_SIDE px and slightly blurred: at the
 * analysis size the modules are ~2 px wide and the gradients of such hard edges overstate a skew by up to a third.
 */
async function skewOf(full: Gray, crop: Box): Promise<number> {
  const g = await grayOf(
    rawSharp(full)
      .extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height })
      .resize(SKEW_SIDE, SKEW_SIDE, { fit: 'inside', withoutEnlargement: true })
      .blur(1.5),
  )
  return skewIn(g.data, g.width, g.height, { x: 0, y: 0, width: g.width, height: g.height })
}

/** Hundreds of solid blocks: a printed PDF417 (a line of text or a card's edge has a few dozen at most). */
function isBarcodeLike(r: Candidate): boolean {
  return r.solid >= MIN_SOLID
}

/** The attempt's pixels: the crop turned by its angle (white corners), scaled down to its long side. */
async function prepare(full: Gray, a: Attempt): Promise<Gray> {
  let img = rawSharp(full)
  if (a.crop) img = img.extract({ left: a.crop.x, top: a.crop.y, width: a.crop.width, height: a.crop.height })
  if (Math.abs(a.angle) >= MIN_SKEW) img = img.rotate(a.angle, { background: '#ffffff' })
  const turned = await grayOf(img)
  if (Math.max(turned.width, turned.height) <= a.maxSide) return turned
  return grayOf(rawSharp(turned).resize(a.maxSide, a.maxSide, { fit: 'inside' }))
}

function rawSharp(g: Gray): Sharp {
  return sharp(g.data, { raw: { width: g.width, height: g.height, channels: 1 } })
}

async function grayOf(img: Sharp): Promise<Gray> {
  const { data, info } = await img.extractChannel(0).raw().toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height }
}

function scaleBox(b: Box, f: number): Box {
  return { x: b.x * f, y: b.y * f, width: b.width * f, height: b.height * f }
}
