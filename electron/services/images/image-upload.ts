// Makes the image that is sent to the API from the stored one: the stored bytes themselves when they fit the
// upload limit; else a JPEG (quality 85) at full size; else a smaller JPEG, its width estimated from the byte
// ratio and corrected, never under MIN_UPLOAD_LONG_SIDE on the long side. The scale is kept exact
// (scale = sent width / stored width, with an integer sent width), so a coordinate the API returns maps back to
// the stored image as stored = sent / scale. The sent height is round(storedHeight × scale), so on the vertical
// axis the mapping is exact to within half a sent pixel.
//
// Nothing but pixels and the ICC colour profile is sent: the stored image is sent without its metadata (an image
// stored before imports removed it may still carry EXIF, XMP or comments; stored images are upright, so the
// orientation tag has nothing left to say), and a re-encoded JPEG is written without any (sharp's default).
import sharp from 'sharp'
import { describeBytesAgainstLimit, sniffFormat } from './image-formats'
import { canKeepIccProfile, stripMetadata } from './image-metadata'

/** The API's hard maximum for one image. */
export const UPLOAD_LIMIT_MAX_BYTES = 50 * 1024 * 1024
/** The API's recommended maximum, and Recto's default upload limit. */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024
/** Never send less than this on the long side: below it the API cannot read a document's small print. */
export const MIN_UPLOAD_LONG_SIDE = 1000
/**
 * How a JPEG is encoded for the API. 4:2:0 chroma (sharp's default): the bytes go to OCR, which reads luminance,
 * and the limit is what matters. The import encodes a JPEG it has to re-encode (to turn it upright) this way too,
 * so that the stored image is sent as it is when it fits, without a further generation.
 */
export const UPLOAD_JPEG = { quality: 85 } as const
const MAX_DOWNSCALES = 4
// Aim a little under the limit, since bytes do not shrink exactly with the area.
const AIM = 0.97
const EMPTY = Buffer.alloc(0)

export type UploadImage = {
  bytes: Buffer
  format: 'jpeg' | 'png'
  width: number
  height: number
  /** Sent width / stored width: 1 when sent as stored. A sent coordinate c maps back as c / scale. */
  scale: number
}

export class UploadTooLarge extends Error {
  override name = 'UploadTooLarge'
  constructor(
    readonly limitBytes: number,
    readonly width: number,
    readonly height: number,
    readonly bytes: number,
  ) {
    const [size, limit] = describeBytesAgainstLimit(bytes, limitBytes)
    super(
      `the image cannot fit under ${limit}: even at ${width}×${height} pixels it is ${size}; ` +
        'raise the upload limit in Settings',
    )
  }
}

/**
 * The image to send for a stored image of the given upright size. `uploadLimitBytes` is capped at the API's
 * maximum. Throws UploadTooLarge when even the smallest allowed size does not fit.
 */
export async function prepareUpload(
  stored: Buffer,
  size: { width: number; height: number },
  uploadLimitBytes: number,
): Promise<UploadImage> {
  const limit = Math.min(uploadLimitBytes, UPLOAD_LIMIT_MAX_BYTES)
  if (!(limit > 0)) throw new RangeError(`invalid upload limit: ${uploadLimitBytes}`)
  const format = sniffFormat(stored)
  if (format !== 'jpeg' && format !== 'png') throw new Error('a stored image must be a JPEG or PNG')
  const { width: fullWidth, height: fullHeight } = size
  // null when the walker cannot follow the file: then it is re-encoded below, even when it would fit.
  const clean = stripMetadata(stored, format)
  if (clean && clean.length <= limit) {
    return { bytes: clean, format, width: fullWidth, height: fullHeight, scale: 1 }
  }
  const keepIcc = canKeepIccProfile(await sharp(stored, { limitInputPixels: false }).metadata())
  const longSide = Math.max(fullWidth, fullHeight)
  const minWidth = Math.min(fullWidth, Math.ceil((fullWidth * MIN_UPLOAD_LONG_SIDE) / longSide))
  const heightFor = (width: number) =>
    width === fullWidth ? fullHeight : Math.max(1, Math.round((fullHeight * width) / fullWidth))

  let width = fullWidth
  let sent = await encodeJpeg(stored, size, width, heightFor(width), keepIcc)
  for (let downscales = 0; sent.length > limit; downscales++) {
    if (width <= minWidth || downscales === MAX_DOWNSCALES) {
      throw new UploadTooLarge(limit, width, heightFor(width), sent.length)
    }
    // JPEG bytes grow roughly with the area: scale the width by the square root of the byte ratio.
    const estimate = Math.floor(width * Math.sqrt((limit / sent.length) * AIM))
    width = Math.max(minWidth, Math.min(estimate, Math.floor(width * 0.95)))
    sent = EMPTY // let the attempt that did not fit go before the next one is made
    sent = await encodeJpeg(stored, size, width, heightFor(width), keepIcc)
  }
  return { bytes: sent, format: 'jpeg', width, height: heightFor(width), scale: width / fullWidth }
}

function encodeJpeg(
  stored: Buffer,
  full: { width: number; height: number },
  width: number,
  height: number,
  keepIcc: boolean,
): Promise<Buffer> {
  // The stored image already passed the import limits and is upright: no pixel limit, no rotation here.
  let pipeline = sharp(stored, { limitInputPixels: false })
  if (width !== full.width || height !== full.height) {
    // fastShrinkOnLoad off: libjpeg's DCT shrink may shift content slightly, which would spoil the exact scale.
    pipeline = pipeline.resize({ width, height, fit: 'fill', fastShrinkOnLoad: false })
  }
  // The stored image's colours as they are (see canKeepIccProfile); no other metadata is written.
  if (keepIcc) pipeline = pipeline.keepIccProfile()
  // JPEG has no alpha: put transparent areas on white (paper), not on black.
  return pipeline.flatten({ background: '#ffffff' }).jpeg(UPLOAD_JPEG).toBuffer()
}
