// Smaller copies of a stored image, kept in the case folder as caches (losing one costs a resize, never data):
// - the list thumbnail of the front (THUMB_LONG_SIDE on the long side, `front-thumb.jpg`);
// - each side's screen copy (SCREEN_LONG_SIDE, `<side>-screen.jpg`), what the stage paints first when a case
//   opens: a quarter of the pixels of the 2560 px preview, so it decodes about four times faster; the stage then
//   moves up to the preview and the stored image as the zoom needs them.
// Made at import; a case imported before they existed gets them on first request (CaseStore.readDerived, which
// seals them like every file of an encrypted case).
// No metadata, as for previews: sharp writes none unless told to, and converts to sRGB (so no profile is needed).
import sharp from 'sharp'
import type { Side } from '../../../shared/model'

export const THUMB_LONG_SIDE = 160
export const THUMB_FILE = 'front-thumb.jpg'
export const SCREEN_LONG_SIDE = 1280
export const screenFile = (side: Side): string => `${side}-screen.jpg`

/** True when a stored image is small enough to be painted as it is (no screen copy). */
export function needsScreenCopy(width: number, height: number): boolean {
  return Math.max(width, height) > SCREEN_LONG_SIDE
}

/**
 * A JPEG copy that fits in longSide × longSide (never enlarged; transparency flattened onto white). `baseline`:
 * not progressive (sharp's mozjpeg preset always is), for a copy on the critical path of opening a case, where
 * Chromium decodes a baseline JPEG about twice as fast for some 7 % more bytes.
 */
export async function makeCopy(
  image: Uint8Array,
  longSide: number,
  quality: number,
  baseline = false,
): Promise<Buffer> {
  return sharp(image, { limitInputPixels: false })
    .resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg(
      baseline
        ? {
            quality,
            progressive: false,
            optimiseCoding: true,
            trellisQuantisation: true,
            quantisationTable: 3,
          }
        : { quality, mozjpeg: true },
    )
    .toBuffer()
}

export const makeThumbnail = (image: Uint8Array): Promise<Buffer> => makeCopy(image, THUMB_LONG_SIDE, 70)
export const makeScreenCopy = (image: Uint8Array): Promise<Buffer> =>
  makeCopy(image, SCREEN_LONG_SIDE, 82, true)
