// Reads a dropped file, decides from its bytes (never the extension) whether it is a JPEG or PNG we can use,
// and makes the stored image: upright (EXIF orientation applied once) and without an orientation tag,
// so what the reviewer sees is exactly what is sent to the API.
import sharp, { type Metadata } from 'sharp'

export const MAX_INPUT_PIXELS = 100_000_000

export type PreparedImage = {
  bytes: Buffer
  format: 'jpeg' | 'png'
  width: number
  height: number
}

export class ImageRejected extends Error {
  override name = 'ImageRejected'
  constructor(
    readonly fileName: string,
    readonly reason: string,
  ) {
    super(`${fileName}: ${reason}`)
  }
}

export async function prepareImage(fileName: string, input: Uint8Array): Promise<PreparedImage> {
  if (input.byteLength === 0) throw new ImageRejected(fileName, 'the file is empty')
  let meta: Metadata
  try {
    meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()
  } catch {
    throw new ImageRejected(fileName, 'not an image Recto can read (expected a JPEG or PNG scan)')
  }
  if (meta.format !== 'jpeg' && meta.format !== 'png') {
    const what = meta.format ? `a ${meta.format.toUpperCase()} image` : 'not a JPEG or PNG image'
    throw new ImageRejected(fileName, `${what}; only JPEG and PNG scans can be imported`)
  }
  if (!meta.width || !meta.height) throw new ImageRejected(fileName, 'the image has no size')
  if (meta.width * meta.height > MAX_INPUT_PIXELS) {
    throw new ImageRejected(fileName, `the image is too large (${meta.width}×${meta.height} pixels)`)
  }
  const orientation = meta.orientation ?? 1
  try {
    // Decode fully once: a truncated or corrupt file fails here rather than later on the canvas.
    const pipeline = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate()
    if (orientation === 1) {
      await pipeline.raw().toBuffer()
      return {
        bytes: Buffer.from(input.buffer, input.byteOffset, input.byteLength),
        format: meta.format,
        width: meta.width,
        height: meta.height,
      }
    }
    const out =
      meta.format === 'jpeg'
        ? await pipeline
            .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
            .toBuffer({ resolveWithObject: true })
        : await pipeline.png().toBuffer({ resolveWithObject: true })
    return { bytes: out.data, format: meta.format, width: out.info.width, height: out.info.height }
  } catch {
    throw new ImageRejected(fileName, 'the image is truncated or corrupt and cannot be decoded')
  }
}
