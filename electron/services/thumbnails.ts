// List thumbnails: a small JPEG of the front (THUMB_LONG_SIDE on the long side) in the case folder as
// `front-thumb.jpg`. Made at import; a case imported before thumbnails existed gets one on first request.
// A thumbnail is a cache: losing it costs one resize, never data.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { writeFileAtomic } from './atomic-write'

export const THUMB_LONG_SIDE = 160
export const THUMB_FILE = 'front-thumb.jpg'

/** A thumbnail of a stored (upright, already validated) image; cover-free: the whole document stays visible. */
export async function makeThumbnail(image: Uint8Array): Promise<Buffer> {
  return sharp(image, { limitInputPixels: false })
    .resize({ width: THUMB_LONG_SIDE, height: THUMB_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 70, mozjpeg: true })
    .toBuffer()
}

/** The case's thumbnail, made (from `source`) and kept when missing. */
export async function readOrMakeThumbnail(
  caseDir: string,
  source: () => Promise<Uint8Array>,
): Promise<Buffer> {
  const path = join(caseDir, THUMB_FILE)
  try {
    return await readFile(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const thumb = await makeThumbnail(await source())
  // Best effort: a read-only folder still gets its thumbnail answered, only not kept.
  await writeFileAtomic(path, thumb).catch(() => undefined)
  return thumb
}
