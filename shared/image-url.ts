// Case images are served on the page's own origin (`app://recto/case-image/...` in the app, the static server in
// the test host), so their bytes never cross IPC and the renderer fetches and decodes them like any image.
// Pure: no zod, no Node.
import type { Side } from './model'

/**
 * A list thumbnail (about 160 px), the screen copy painted first (about 1280 px), the display-size preview (2560 px)
 * and the stored image. A variant larger than the stored image is the stored image.
 */
export type ImageVariant = 'thumb' | 'screen' | 'preview' | 'full'

const PREFIX = '/case-image/'
const PATTERN = /^\/case-image\/([a-z0-9-]{8,64})\/(front|back)\/(thumb|screen|preview|full)$/

/** Same-origin path of a case image in one of its variants. */
export function caseImagePath(caseId: string, side: Side, variant: ImageVariant): string {
  return `${PREFIX}${encodeURIComponent(caseId)}/${side}/${variant}`
}

/** The case, side and variant a path names, or null for anything else (other paths, bad ids, extra segments). */
export function parseCaseImagePath(
  pathname: string,
): { caseId: string; side: Side; variant: ImageVariant } | null {
  const m = PATTERN.exec(pathname)
  if (!m) return null
  return { caseId: m[1]!, side: m[2] as Side, variant: m[3] as ImageVariant }
}
