// The same-origin case image route (see shared/image-url.ts) as a web Request → Response handler, shared by the
// app's `app://` protocol and the test host's static server. GET/HEAD only; anything but a well-formed image path
// is not ours (null), an unknown case or side is a 404 with a plain message and never a file path.
import { parseCaseImagePath, type ImageVariant } from '../../../shared/image-url'
import type { Side } from '../../../shared/model'

export type CaseImageSource = {
  readCaseImage(
    caseId: string,
    side: Side,
    variant: ImageVariant,
  ): Promise<{ bytes: Uint8Array; mime: string }>
}

const HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

export function createCaseImageRoute(
  source: CaseImageSource,
): (request: Request) => Promise<Response | null> {
  return async (request) => {
    let pathname: string
    try {
      pathname = new URL(request.url).pathname
    } catch {
      return null
    }
    const target = parseCaseImagePath(pathname)
    if (!target) return null
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', {
        status: 405,
        headers: { ...HEADERS, 'Content-Type': 'text/plain' },
      })
    }
    try {
      const { bytes, mime } = await source.readCaseImage(target.caseId, target.side, target.variant)
      return new Response(request.method === 'HEAD' ? null : (bytes as Uint8Array<ArrayBuffer>), {
        status: 200,
        headers: { ...HEADERS, 'Content-Type': mime, 'Content-Length': String(bytes.byteLength) },
      })
    } catch {
      return new Response('Image not found', {
        status: 404,
        headers: { ...HEADERS, 'Content-Type': 'text/plain' },
      })
    }
  }
}
