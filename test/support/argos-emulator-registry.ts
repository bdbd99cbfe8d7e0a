// The emulator's fixture registry: which document an uploaded image shows, and how the fixture's
// pixel coordinates map onto the image actually received (resized, re-encoded and/or turned by 90° steps).
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'

/** Thumbnails are THUMB×THUMB greyscale: small enough to compare in microseconds, large enough to tell documents apart. */
const THUMB = 32
/**
 * Mean absolute grey difference (0–255) under which two thumbnails show the same image. Measured on the fixtures:
 * the same image halved, re-encoded (JPEG q40–q70, PNG) or turned scores 0.4–4.5; the closest different image
 * (the other side of the same card) scores 10+; noise or a flat image 50+.
 */
export const DEFAULT_MATCH_THRESHOLD = 7
/** Relative aspect-ratio tolerance: the app may round a resized side by a pixel, it never crops. */
const ASPECT_TOLERANCE = 0.03

/** Clockwise turn that takes the fixture's upright image to the received upright image. */
export type Rotation = 0 | 90 | 180 | 270
export interface Point {
  x: number
  y: number
}

/** What the emulator needs from one decoded image: its upright size (EXIF applied) and its thumbnail. */
export interface ImageProbe {
  width: number
  height: number
  thumb: Uint8Array
}

export interface FixtureSide {
  width: number
  height: number
  /** thumbs[k] is the fixture thumbnail turned k × 90° clockwise. */
  thumbs: readonly Uint8Array[]
}

export interface FixtureDocument {
  id: string
  front: FixtureSide
  back: FixtureSide | null
  /** The shape-A response the API would answer, exactly as stored (never mutated). */
  response: Record<string, unknown>
  /** From `<id>.truth.json` when present; only used when the emulator checks country/type. */
  idType: string | null
  issuingCountry: string | null
}

export interface SideMatch {
  documentId: string
  rotation: Rotation
  distance: number
  /** Fixture upright size (the space of the fixture's `original_coordinates`). */
  fixture: { width: number; height: number }
  /** Received upright size (the space the answer's `original_coordinates` must be in). */
  received: { width: number; height: number }
}

export interface DocumentInput {
  id: string
  front: Buffer
  back?: Buffer | null
  response: Record<string, unknown>
  idType?: string | null
  issuingCountry?: string | null
}

/** Decodes an image with sharp (throws when it cannot) and returns its upright size and thumbnail. */
export async function probeImage(image: Buffer): Promise<ImageProbe> {
  const meta = await sharp(image).metadata()
  if (!meta.width || !meta.height) throw new Error('image without dimensions')
  const swap = (meta.orientation ?? 1) >= 5 // EXIF 5–8 turn the stored raster by 90°
  const { data, info } = await sharp(image)
    .rotate()
    .flatten({ background: '#ffffff' })
    .greyscale()
    .resize(THUMB, THUMB, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  const thumb = new Uint8Array(THUMB * THUMB)
  for (let i = 0; i < thumb.length; i++) thumb[i] = data[i * info.channels] ?? 0
  return { width: swap ? meta.height : meta.width, height: swap ? meta.width : meta.height, thumb }
}

// Decoding dominates a request (a 2400×1800 PNG takes ~65 ms) and tests and benchmarks resend the same bytes:
// remember recent probes by content hash (hashing costs well under a millisecond).
const probeCache = new Map<string, ImageProbe>()
const PROBE_CACHE_SIZE = 256

/** probeImage, memoised by content (least recently used entries are dropped first). */
export async function probeImageCached(image: Buffer): Promise<ImageProbe> {
  const key = createHash('sha256').update(image).digest('base64')
  const hit = probeCache.get(key)
  if (hit) {
    probeCache.delete(key)
    probeCache.set(key, hit)
    return hit
  }
  const probe = await probeImage(image)
  probeCache.set(key, probe)
  const oldest = probeCache.keys().next()
  if (probeCache.size > PROBE_CACHE_SIZE && !oldest.done) probeCache.delete(oldest.value)
  return probe
}

function turnClockwise(t: Uint8Array): Uint8Array {
  const out = new Uint8Array(t.length)
  for (let y = 0; y < THUMB; y++) {
    for (let x = 0; x < THUMB; x++) out[y * THUMB + x] = t[(THUMB - 1 - x) * THUMB + y] ?? 0
  }
  return out
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0))
  return sum / a.length
}

async function makeSide(image: Buffer): Promise<FixtureSide> {
  const probe = await probeImage(image)
  const thumbs = [probe.thumb]
  for (let k = 1; k < 4; k++) thumbs.push(turnClockwise(thumbs[k - 1] ?? probe.thumb))
  return { width: probe.width, height: probe.height, thumbs }
}

/** Best rotation of `side` matching `probe`, or null when none is under the threshold. */
function matchSide(
  documentId: string,
  side: FixtureSide,
  probe: ImageProbe,
  threshold: number,
): SideMatch | null {
  let best: SideMatch | null = null
  const received = { width: probe.width, height: probe.height }
  for (let k = 0; k < 4; k++) {
    const turned = k % 2 === 1
    const fixtureAspect = turned ? side.height / side.width : side.width / side.height
    const aspect = probe.width / probe.height
    if (Math.abs(aspect - fixtureAspect) / fixtureAspect > ASPECT_TOLERANCE) continue
    const thumb = side.thumbs[k]
    if (!thumb) continue
    const distance = meanAbsDiff(probe.thumb, thumb)
    if (distance < threshold && (!best || distance < best.distance)) {
      const fixture = { width: side.width, height: side.height }
      best = { documentId, rotation: (k * 90) as Rotation, distance, fixture, received }
    }
  }
  return best
}

/**
 * Maps a point from the fixture's upright original image to the received image: turn first (the received
 * image is the fixture turned clockwise by `rotation`), then scale each axis to the received size.
 * Rounded to whole pixels, as the API answers.
 */
export function mapPoint(p: Point, m: SideMatch): Point {
  const { width: w, height: h } = m.fixture
  let x = p.x
  let y = p.y
  let turnedW = w
  let turnedH = h
  if (m.rotation === 90) [x, y, turnedW, turnedH] = [h - p.y, p.x, h, w]
  else if (m.rotation === 180) [x, y] = [w - p.x, h - p.y]
  else if (m.rotation === 270) [x, y, turnedW, turnedH] = [p.y, w - p.x, h, w]
  return {
    x: Math.round((x * m.received.width) / turnedW),
    y: Math.round((y * m.received.height) / turnedH),
  }
}

async function readJsonIfExists(file: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

const SIDE_FILE = /^(.+)-(front|back)\.(jpe?g|png)$/i

export class FixtureRegistry {
  readonly documents: FixtureDocument[] = []

  constructor(private readonly threshold = DEFAULT_MATCH_THRESHOLD) {}

  /** Loads every `<id>-front.*` (+ optional `<id>-back.*`) that has an `<id>.response.json` beside it. */
  static async load(dir: string, threshold = DEFAULT_MATCH_THRESHOLD): Promise<FixtureRegistry> {
    const registry = new FixtureRegistry(threshold)
    const files = new Map<string, { front?: string; back?: string }>()
    for (const name of (await readdir(dir)).sort()) {
      const m = SIDE_FILE.exec(name)
      if (!m?.[1] || !m[2]) continue
      const entry = files.get(m[1]) ?? {}
      entry[m[2].toLowerCase() as 'front' | 'back'] = path.join(dir, name)
      files.set(m[1], entry)
    }
    await Promise.all(
      [...files].map(async ([id, sides]) => {
        const response = await readJsonIfExists(path.join(dir, `${id}.response.json`))
        if (!sides.front || !response) return
        const truth = await readJsonIfExists(path.join(dir, `${id}.truth.json`))
        await registry.add({
          id,
          front: await readFile(sides.front),
          back: sides.back ? await readFile(sides.back) : null,
          response,
          idType: typeof truth?.idType === 'string' ? truth.idType : null,
          issuingCountry: typeof truth?.issuingCountry === 'string' ? truth.issuingCountry : null,
        })
      }),
    )
    registry.documents.sort((a, b) => a.id.localeCompare(b.id))
    return registry
  }

  /** Adds (or replaces) a document, e.g. one generated by a test. */
  async add(input: DocumentInput): Promise<FixtureDocument> {
    const doc: FixtureDocument = {
      id: input.id,
      front: await makeSide(input.front),
      back: input.back ? await makeSide(input.back) : null,
      response: input.response,
      idType: input.idType ?? null,
      issuingCountry: input.issuingCountry ?? null,
    }
    const existing = this.documents.findIndex((d) => d.id === doc.id)
    if (existing >= 0) this.documents.splice(existing, 1, doc)
    else this.documents.push(doc)
    return doc
  }

  /** The document whose front the image shows (closest under the threshold), or null. */
  matchFront(probe: ImageProbe): { document: FixtureDocument; match: SideMatch } | null {
    let best: { document: FixtureDocument; match: SideMatch } | null = null
    for (const document of this.documents) {
      const match = matchSide(document.id, document.front, probe, this.threshold)
      if (match && (!best || match.distance < best.match.distance)) best = { document, match }
    }
    return best
  }

  /** How the image matches the back of `document`, or null when it does not (or there is no back). */
  matchBack(document: FixtureDocument, probe: ImageProbe): SideMatch | null {
    return document.back ? matchSide(document.id, document.back, probe, this.threshold) : null
  }
}
