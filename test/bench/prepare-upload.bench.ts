// How long the main process takes to get a 24 MP phone/scanner JPEG ready to send: prepareImage (format check,
// orientation, full decode check) + prepareUpload (fit the default 10 MB limit) + the one base64 encoding the
// client does, against a plain sharp decode + encode of the same file as the baseline. A and B runs are
// interleaved (so machine noise hits both alike) after a warm-up; medians are reported.
// Run: npx tsx test/bench/prepare-upload.bench.ts
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import sharp from 'sharp'
import { DEFAULT_UPLOAD_LIMIT_BYTES, prepareImage, prepareUpload } from '../../electron/services/image-import'
import type { BenchResult } from './types'

const RUNS = 5

/** A deterministic pseudo-random source (xorshift32), so every run benchmarks the same picture. */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s / 4294967296
  }
}

/**
 * A JPEG that compresses like a real scan or photo of a document: colour gradients, sensor-like noise and rows of
 * dark "words". 6000×4000 at quality 90 with noise 16 gives about 13 MB.
 */
export async function makeScanLikeJpeg(
  width: number,
  height: number,
  { quality = 90, noise = 16, seed = 42, orientation = 1 } = {},
): Promise<Buffer> {
  const px = Buffer.allocUnsafe(width * height * 3)
  const random = xorshift(seed)
  const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v)
  for (let y = 0, i = 0; y < height; y++) {
    const gy = y / height
    for (let x = 0; x < width; x++, i += 3) {
      const gx = x / width
      const n = (random() - 0.5) * noise
      px[i] = clamp(200 + 40 * gx - 30 * gy + n)
      px[i + 1] = clamp(180 + 50 * gy + n)
      px[i + 2] = clamp(160 + 60 * (1 - gx) * gy + n)
    }
  }
  const lineHeight = Math.max(8, Math.round(height / 120))
  for (let top = Math.round(height * 0.1); top < height * 0.9; top += lineHeight * 2) {
    for (let left = Math.round(width * 0.05); left < width * 0.95;) {
      const wordWidth = Math.round(lineHeight * (1 + random() * 6))
      const ink = 20 + random() * 60
      for (let y = top; y < Math.min(top + lineHeight, height); y++) {
        for (let x = left; x < Math.min(left + wordWidth, width); x++) {
          if (random() < 0.55) px.fill(ink, (y * width + x) * 3, (y * width + x) * 3 + 3)
        }
      }
      left += wordWidth + Math.round(lineHeight * 0.8)
    }
  }
  const image = sharp(px, { raw: { width, height, channels: 3 } })
  return (orientation === 1 ? image : image.withMetadata({ orientation }))
    .jpeg({ quality, chromaSubsampling: '4:4:4' })
    .toBuffer()
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await run()
  return performance.now() - start
}

export async function runPrepareUploadBench(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'recto-bench-'))
  try {
    const upright = join(dir, 'scan-24mp.jpg')
    const turned = join(dir, 'phone-24mp-orientation-6.jpg')
    await writeFile(upright, await makeScanLikeJpeg(6000, 4000))
    await writeFile(turned, await makeScanLikeJpeg(6000, 4000, { orientation: 6 }))
    // A: what the app does, from the file on disk to the base64 text of the request body.
    const prepare = (file: string) => async () => {
      const image = await prepareImage(file, await readFile(file))
      const upload = await prepareUpload(image.bytes, image, DEFAULT_UPLOAD_LIMIT_BYTES)
      if (upload.bytes.length > DEFAULT_UPLOAD_LIMIT_BYTES) throw new Error('the upload does not fit 10 MB')
      return upload.bytes.toString('base64').length
    }
    // B: one plain decode + encode of the same file.
    const baseline = () => sharp(upright).jpeg().toBuffer()
    const runs = { a: prepare(upright), rotated: prepare(turned), b: baseline }
    const times: Record<keyof typeof runs, number[]> = { a: [], rotated: [], b: [] }
    for (const run of Object.values(runs)) await run() // warm-up
    for (let i = 0; i < RUNS; i++) {
      for (const [name, run] of Object.entries(runs)) times[name as keyof typeof runs].push(await timed(run))
    }
    const [a, rotated, b] = [median(times.a), median(times.rotated), median(times.b)]
    return [
      { name: 'prepare-24mp-upload', value: a, unit: 'ms', budget: null, baseline: b },
      { name: 'prepare-24mp-upload-ratio', value: a / b, unit: 'ratio', budget: null, baseline: 1 },
      // The same from a phone photo with EXIF orientation 6: the import turns and re-encodes it (quality 95).
      { name: 'prepare-24mp-rotated-upload', value: rotated, unit: 'ms', budget: null, baseline: b },
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await runPrepareUploadBench(), null, 2))
}
