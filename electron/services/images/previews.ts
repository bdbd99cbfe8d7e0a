// Display-size copies of stored images. A phone or flatbed scan can be 6000 px wide; the canvas never shows more
// than a screen's worth, and decoding the full image in the renderer on every case switch is what makes review
// feel slow. So at import, a side whose long side is over PREVIEW_LONG_SIDE gets one resized copy in the case
// folder (`front-preview.jpg`); quads stay in stored-image pixels and the renderer scales by fullWidth / width.
//
// Format: JPEG quality 85 (a display copy: 4:2:0 chroma is fine on screen), except a PNG with an alpha channel,
// which stays PNG so transparent areas stay transparent. One decode, one resize, one encode per side.
// No metadata: sharp writes none unless told to, and converts to sRGB, which drops the profile too. A display copy
// needs no profile once in sRGB (docs/SECURITY.md: no EXIF, XMP or IPTC in anything Recto writes).
import sharp from 'sharp'
import type { ImagePreview } from '../../../shared/ipc'
import type { Case, ImageRef, Side } from '../../../shared/model'
import type { CaseRepository } from '../store/repository'

/** The long side of a preview, and the size above which a stored image gets one. */
export const PREVIEW_LONG_SIDE = 2560
const PREVIEW_JPEG = { quality: 85 } as const

export type Preview = {
  bytes: Buffer
  format: 'jpeg' | 'png'
  width: number
  height: number
}

/** The preview's size for a stored image, or null when the image is small enough to show as is. */
export function previewSize(width: number, height: number): { width: number; height: number } | null {
  const long = Math.max(width, height)
  if (long <= PREVIEW_LONG_SIDE) return null
  const scale = PREVIEW_LONG_SIDE / long
  return width >= height
    ? { width: PREVIEW_LONG_SIDE, height: Math.max(1, Math.round(height * scale)) }
    : { width: Math.max(1, Math.round(width * scale)), height: PREVIEW_LONG_SIDE }
}

/** File name of a side's preview in the case folder. */
export function previewFile(side: Side, format: Preview['format']): string {
  return `${side}-preview.${format === 'jpeg' ? 'jpg' : 'png'}`
}

/**
 * Makes the preview of a stored (upright, already validated) JPEG or PNG, or returns null when none is needed.
 * The size is exact (fit 'fill' on the rounded size), so preview pixel × fullWidth / width = stored pixel.
 */
export async function makePreview(
  stored: Buffer,
  image: { format: 'jpeg' | 'png'; width: number; height: number },
): Promise<Preview | null> {
  const size = previewSize(image.width, image.height)
  if (!size) return null
  // The stored image passed the import limits: no pixel limit here. fastShrinkOnLoad off, as for uploads: libjpeg's
  // DCT shrink rounds the intermediate size, which would skew the scale; measured, it saved nothing at 6000 px.
  const pipeline = sharp(stored, { limitInputPixels: false }).resize({
    ...size,
    fit: 'fill',
    fastShrinkOnLoad: false,
  })
  const keepAlpha = image.format === 'png' && (await sharp(stored).metadata()).hasAlpha
  const out = await (keepAlpha ? pipeline.png() : pipeline.jpeg(PREVIEW_JPEG)).toBuffer({
    resolveWithObject: true,
  })
  return {
    bytes: out.data,
    format: keepAlpha ? 'png' : 'jpeg',
    width: out.info.width,
    height: out.info.height,
  }
}

/** The `preview` entry of an ImageRef for a preview written as `previewFile(side, …)`. */
export function previewRef(side: Side, p: Preview): NonNullable<ImageRef['preview']> {
  return { file: previewFile(side, p.format), width: p.width, height: p.height }
}

/**
 * What getPreview answers: the side's preview when it has one, else the stored image itself (width = fullWidth).
 * `missing` says a recorded preview file was gone (the image is answered instead, so the reviewer can go on).
 */
export async function loadPreview(
  store: Pick<CaseRepository, 'readImage' | 'readPreview'>,
  c: Case,
  side: Side,
): Promise<{ preview: ImagePreview; missing: boolean }> {
  const ref = side === 'front' ? c.front : c.back
  if (!ref) throw new Error(`This case has no ${side} image`)
  const full = { fullWidth: ref.width, fullHeight: ref.height }
  const bytes = ref.preview ? await store.readPreview(c, side) : null
  if (ref.preview && bytes) {
    const mime = ref.preview.file.endsWith('.png') ? 'image/png' : 'image/jpeg'
    const { width, height } = ref.preview
    return { preview: { bytes: new Uint8Array(bytes), mime, width, height, ...full }, missing: false }
  }
  const image = new Uint8Array(await store.readImage(c, side))
  return {
    preview: { bytes: image, mime: ref.mime, width: ref.width, height: ref.height, ...full },
    missing: ref.preview !== null,
  }
}
