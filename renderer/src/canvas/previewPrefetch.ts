// Opening a case fast: its front preview is fetched and decoded (off the main thread) as soon as the case is
// selected, in parallel with loading the case itself; the stage then takes the decoded bitmap. A prefetch that
// is never taken (the reviewer moved on) is closed, so bitmaps never pile up.
import type { Side } from '../../../shared/model'
import { api } from '../api'

export type DecodedImage = { bitmap: ImageBitmap; source: 'preview' | 'full' }

export async function decode(bytes: unknown, mime: string): Promise<ImageBitmap> {
  if (!(bytes instanceof Uint8Array)) throw new Error('the main process sent no image data')
  // slice(): a Blob needs an ArrayBuffer-backed view, not one over a shared buffer.
  return createImageBitmap(new Blob([bytes.slice()], { type: mime }))
}

async function fetchPreview(caseId: string, side: Side): Promise<DecodedImage> {
  const p = await api().getPreview(caseId, side)
  const bitmap = await decode(p.bytes, p.mime)
  return { bitmap, source: p.width >= p.fullWidth ? 'full' : 'preview' }
}

const pending = new Map<string, Promise<DecodedImage>>()

function discard(key: string): void {
  const p = pending.get(key)
  pending.delete(key)
  p?.then((d) => d.bitmap.close()).catch(() => undefined)
}

export function prefetchPreview(caseId: string, side: Side): void {
  const key = `${caseId}:${side}`
  for (const other of [...pending.keys()]) if (other !== key) discard(other)
  if (!pending.has(key)) {
    const p = fetchPreview(caseId, side)
    p.catch(() => undefined) // reported when taken
    pending.set(key, p)
  }
}

/** The prefetched preview when there is one, else a fresh fetch. The caller owns (and closes) the bitmap. */
export function takePreview(caseId: string, side: Side): Promise<DecodedImage> {
  const key = `${caseId}:${side}`
  const p = pending.get(key) ?? fetchPreview(caseId, side)
  pending.delete(key)
  return p
}
