// Reads a dropped file, decides from its bytes (never the extension) what it is, and makes the stored image:
// a JPEG or PNG (the formats the API takes), upright (EXIF orientation applied once) and without an orientation
// tag, so what the reviewer sees is exactly what is sent to the API. Refusals name the file and the reason.
//
// Format rule for conversions: the stored image is PNG when the source has an alpha channel or is palette or
// bilevel (GIF, 1/4/8-bit BMP, 1-bit TIFF): JPEG would smear line art and drop transparency. Everything else
// (photographic WebP, TIFF, AVIF, HEIC, 16/24/32-bit BMP) becomes JPEG quality 92 with 4:4:4 chroma. A JPEG
// that has to be re-encoded (turned upright, or CMYK) is decoded, turned and encoded in one pipeline, once, with
// the upload's own settings (image-upload.ts: quality 85, 4:2:0): the upload then sends the stored bytes as they
// are whenever they fit its limit, so the API gets the image the reviewer sees, a second generation and not a
// third, and a phone photo costs one decode and one encode, not two of each. A PNG stays PNG. An upright
// sRGB/grey JPEG or any upright PNG keeps its compressed data byte for byte.
//
// Metadata (docs/SECURITY.md): nothing the camera, scanner or editor wrote about the picture is stored: no EXIF
// (GPS, serial numbers, dates, maker notes, thumbnails), XMP, IPTC or comments. A kept JPEG or PNG loses them
// losslessly (image-metadata.ts: segments and chunks removed, the pixels' data untouched); a re-encoded image is
// written without them (sharp writes no metadata unless told to). The orientation is applied to the pixels first,
// so the stored image is upright without the tag. The ICC colour profile is the one thing kept, in both paths: an
// RGB image keeps its own profile and pixel values (no conversion); a re-encoded CMYK, Lab or grey image with a
// profile is converted to sRGB instead (see canKeepIccProfile).
import sharp, { type JpegOptions, type Metadata, type Sharp, type SharpOptions } from 'sharp'
import { BmpError, decodeBmp, readBmpHeader } from './image-bmp'
import { canKeepIccProfile, stripMetadata } from './image-metadata'
import { UPLOAD_JPEG } from './image-upload'
import {
  FORMAT_LABELS,
  describeBytesAgainstLimit,
  describePixelsAgainstLimit,
  isReadable,
  sniffFormat,
  type ReadableFormat,
} from './image-formats'

export {
  DEFAULT_UPLOAD_LIMIT_BYTES,
  MIN_UPLOAD_LONG_SIDE,
  UPLOAD_LIMIT_MAX_BYTES,
  UploadTooLarge,
  prepareUpload,
  type UploadImage,
} from './image-upload'

export type ImportLimits = {
  /** Files larger than this are refused before anything is decoded. */
  maxInputBytes: number
  /** Images with more pixels are refused from their header alone (decompression-bomb guard). */
  maxPixels: number
}

export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  maxInputBytes: 200 * 1024 * 1024,
  maxPixels: 100_000_000,
})

export type PreparedImage = {
  /**
   * The stored image, without metadata. When `converted` is false: the caller's input itself (no copy) if it
   * carried no metadata, else a copy with only the metadata removed.
   */
  bytes: Buffer
  format: 'jpeg' | 'png'
  /** Upright size of the stored image. */
  width: number
  height: number
  /** What the file really was: jpeg, png, webp, tiff, gif, bmp, avif, heic or heif. */
  sourceFormat: ReadableFormat
  /**
   * True when the pixels were re-encoded (conversion or orientation); false when the compressed image data is
   * the input's, byte for byte (at most metadata was removed).
   */
  converted: boolean
  /** The EXIF orientation the file carried (1 when it had none); the stored image has it applied. */
  orientation: number
}

export class ImageRejected extends Error {
  override name = 'ImageRejected'
  constructor(
    readonly fileName: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${fileName}: ${reason}`, options)
  }
}

const JPEG_CONVERTED: JpegOptions = { quality: 92, chromaSubsampling: '4:4:4' }
const CORRUPT = 'the image is truncated or corrupt and cannot be decoded'

/** Whether this sharp build decodes HEVC-coded HEIF (prebuilt sharp ships AV1/AVIF only, for patent reasons). */
export const canDecodeHeic = (): boolean =>
  sharp.format.heif.input.buffer && (sharp.format.heif.input.fileSuffix ?? []).includes('.heic')
/** Whether this sharp build decodes AVIF. */
export const canDecodeAvif = (): boolean =>
  sharp.format.heif.input.buffer && (sharp.format.heif.input.fileSuffix ?? []).includes('.avif')

function readableLabels(): string {
  const names = ['JPEG', 'PNG', 'WebP', 'TIFF', 'GIF', 'BMP']
  if (canDecodeAvif()) names.push('AVIF')
  if (canDecodeHeic()) names.push('HEIC')
  return names.join(', ')
}

/** sharp's own guard, as a second line behind ours: a positive integer, or off for an unbounded setting. */
const pixelLimit = (maxPixels: number): number | false =>
  Number.isFinite(maxPixels) ? Math.max(1, Math.floor(maxPixels)) : false

/** Views the caller's bytes as a Buffer without copying them. */
const asBuffer = (u: Uint8Array): Buffer =>
  Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength)

export async function prepareImage(
  fileName: string,
  input: Uint8Array,
  limits?: Partial<ImportLimits>,
): Promise<PreparedImage> {
  const { maxInputBytes, maxPixels } = { ...DEFAULT_IMPORT_LIMITS, ...limits }
  const fail: Fail = (reason, cause) =>
    new ImageRejected(fileName, reason, cause === undefined ? undefined : { cause })
  if (input.byteLength === 0) throw fail('the file is empty')
  if (input.byteLength > maxInputBytes) {
    const [size, limit] = describeBytesAgainstLimit(input.byteLength, maxInputBytes)
    throw fail(`the file is ${size}; the limit is ${limit} (Settings)`)
  }
  const checkPixels = (width: number, height: number) => {
    if (width * height <= maxPixels) return
    const [count, limit] = describePixelsAgainstLimit(width * height, maxPixels)
    throw fail(`too many pixels: ${width}×${height} is ${count}; the limit is ${limit} (Settings)`)
  }
  const bytes = asBuffer(input)
  const format = sniffFormat(bytes)
  if (format === null) throw fail(`not an image Recto can read (expected a scan in ${readableLabels()})`)
  if (!isReadable(format)) {
    throw fail(`a ${FORMAT_LABELS[format]} file, which Recto does not import (use ${readableLabels()})`)
  }
  const source: ReadableFormat = format
  if (source === 'bmp') return prepareBmp(bytes, fail, checkPixels, maxPixels)
  if ((source === 'heic' && !canDecodeHeic()) || (source === 'avif' && !canDecodeAvif())) {
    throw fail(
      `a ${FORMAT_LABELS[source]} image, which this build of Recto cannot decode; ` +
        'export it as JPEG or PNG and import that',
    )
  }

  let meta: Metadata
  try {
    // Reads the header only; the pixel limit is checked below with a message of ours.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch (err) {
    throw fail(
      `the file looks like ${FORMAT_LABELS[source]} but its header cannot be read (truncated or corrupt)`,
      err,
    )
  }
  if (!meta.width || !meta.height) throw fail(CORRUPT)
  checkPixels(meta.width, meta.height)
  if (source === 'heif' && meta.compression === 'hevc' && !canDecodeHeic()) {
    throw fail(
      'a HEIC image, which this build of Recto cannot decode; export it as JPEG or PNG and import that',
    )
  }
  const orientation =
    meta.orientation && meta.orientation >= 1 && meta.orientation <= 8 ? meta.orientation : 1
  // failOn 'error' refuses truncated and broken data but tolerates the harmless warnings some scanners cause.
  const options: SharpOptions = { failOn: 'error', limitInputPixels: pixelLimit(maxPixels) }
  const sourceFormat: ReadableFormat =
    source !== 'heif'
      ? source
      : meta.compression === 'av1'
        ? 'avif'
        : meta.compression === 'hevc'
          ? 'heic'
          : 'heif'

  const keepAsIs = orientation === 1 && (source === 'png' || (source === 'jpeg' && meta.space !== 'cmyk'))
  if (keepAsIs) {
    try {
      // Decode every byte but keep only a thumbnail: a truncated file fails here, without holding a full raw copy
      // (JPEG decodes at 1/8 scale in libjpeg and still reads all the entropy-coded data).
      await sharp(bytes, options).resize(64, 64, { fit: 'inside' }).raw().toBuffer()
    } catch (err) {
      throw fail(CORRUPT, err)
    }
    const format = source as 'jpeg' | 'png'
    const clean = stripMetadata(bytes, format)
    // null: a structure the walker does not follow (sharp decoded it all the same); re-encoded below instead.
    if (clean) {
      return {
        bytes: clean,
        format,
        width: meta.width,
        height: meta.height,
        sourceFormat,
        converted: false,
        orientation,
      }
    }
  }

  const target: 'jpeg' | 'png' =
    source === 'jpeg' ? 'jpeg' : source === 'png' || keepsLossless(meta) ? 'png' : 'jpeg'
  // sharp reads page 0 only by default: the first frame of an animated GIF, the first page of a TIFF. The full
  // decode here is also the validity check (failOn): no separate decode is made for it.
  const pipeline = sharp(bytes, options).autoOrient()
  return encode(pipeline, target, source === 'jpeg' ? UPLOAD_JPEG : JPEG_CONVERTED, {
    sourceFormat,
    orientation,
    keepIcc: canKeepIccProfile(meta),
    fail,
  })
}

/** Palette, bilevel and transparent sources are stored as PNG (see the format rule at the top). */
const keepsLossless = (meta: Metadata): boolean =>
  meta.hasAlpha || meta.isPalette || meta.format === 'gif' || meta.bitsPerSample === 1

type Fail = (reason: string, cause?: unknown) => ImageRejected
type Context = { sourceFormat: ReadableFormat; orientation: number; keepIcc: boolean; fail: Fail }

async function encode(
  pipeline: Sharp,
  target: 'jpeg' | 'png',
  jpeg: JpegOptions,
  ctx: Context,
): Promise<PreparedImage> {
  try {
    // sharp writes no EXIF (so no orientation tag), XMP, IPTC or comments unless told to. keepIccProfile() keeps
    // only the ICC profile; without it the pixels are converted to sRGB and written without a profile.
    if (ctx.keepIcc) pipeline.keepIccProfile()
    const out = await (target === 'jpeg' ? pipeline.jpeg(jpeg) : pipeline.png()).toBuffer({
      resolveWithObject: true,
    })
    return {
      bytes: out.data,
      format: target,
      width: out.info.width,
      height: out.info.height,
      sourceFormat: ctx.sourceFormat,
      converted: true,
      orientation: ctx.orientation,
    }
  } catch (err) {
    throw ctx.fail(CORRUPT, err)
  }
}

async function prepareBmp(
  bytes: Buffer,
  fail: Fail,
  checkPixels: (w: number, h: number) => void,
  maxPixels: number,
): Promise<PreparedImage> {
  try {
    const header = readBmpHeader(bytes)
    checkPixels(header.width, header.height)
    const px = decodeBmp(bytes, header)
    const raw = { width: px.width, height: px.height, channels: px.channels }
    const pipeline = sharp(px.data, { raw, limitInputPixels: pixelLimit(maxPixels) })
    const target = px.indexed || px.channels === 4 ? 'png' : 'jpeg'
    // Our reader ignores a BMP's embedded profile (V5 headers, rare in scans): the pixels are taken as sRGB.
    const ctx = { sourceFormat: 'bmp', orientation: 1, keepIcc: false, fail } as const
    return await encode(pipeline, target, JPEG_CONVERTED, ctx)
  } catch (err) {
    if (!(err instanceof BmpError)) throw err
    throw fail(err.kind === 'unsupported' ? err.message : `${err.message} (truncated or corrupt)`, err)
  }
}
