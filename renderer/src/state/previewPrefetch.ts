/// <reference types="vite/client" />
// Opening a case fast: its front screen copy (shared/image-url.ts) is fetched and decoded (off the main thread) as soon as the case is
// selected, in parallel with loading the case itself; the stage then takes the decoded bitmap. A prefetch that
// is never taken (the reviewer moved on) is closed, so bitmaps never pile up.
//
// Images come from the page's own origin (shared/image-url.ts), so their bytes never cross IPC. Only the Vite dev
// server lacks that route: there (import.meta.env.DEV, a branch the production build drops) the IPC calls
// getPreview/getImage give the same bytes. In the built app a route that fails is an error the reviewer sees
// (useDocumentImage), never a silent detour through IPC that would hide a broken route.
import { caseImagePath, type ImageVariant } from '../../../shared/image-url'
import type { Side } from '../../../shared/model'
import { api } from '../api'

export async function decode(bytes: unknown, mime: string): Promise<ImageBitmap> {
  if (!(bytes instanceof Uint8Array)) throw new Error('the main process sent no image data')
  // slice(): a Blob needs an ArrayBuffer-backed view, not one over a shared buffer.
  return createImageBitmap(new Blob([bytes.slice()], { type: mime }))
}

/** The image's bytes from the page's own origin; rejects with what went wrong (no status text: it is ours). */
async function fetchFromOrigin(caseId: string, side: Side, variant: ImageVariant): Promise<Blob> {
  let response: Response
  try {
    response = await fetch(caseImagePath(caseId, side, variant))
  } catch {
    throw new Error('the app did not serve the image (no answer from its image route)')
  }
  if (!response.ok) throw new Error(`the app did not serve the image (HTTP ${response.status})`)
  const type = response.headers.get('content-type') ?? ''
  if (!type.startsWith('image/')) {
    throw new Error(`the app served something other than an image (${type.split(';')[0] || 'no type'})`)
  }
  return response.blob()
}

/** The dev server only: the same bytes over IPC, since it does not serve the image route. */
async function loadOverIpc(caseId: string, side: Side, variant: ImageVariant): Promise<ImageBitmap> {
  if (variant === 'full' || variant === 'thumb') {
    const c = await api().getCase(caseId)
    const ref = side === 'back' ? c.back : c.front
    return decode(await api().getImage(caseId, side), ref?.mime ?? 'image/jpeg')
  }
  const p = await api().getPreview(caseId, side)
  return decode(p.bytes, p.mime)
}

/** A side's image, decoded: the display-size preview or the full-resolution image. */
export async function loadImage(caseId: string, side: Side, variant: ImageVariant): Promise<ImageBitmap> {
  if (import.meta.env.DEV) {
    const blob = await fetchFromOrigin(caseId, side, variant).catch(() => null)
    return blob ? createImageBitmap(blob) : loadOverIpc(caseId, side, variant)
  }
  return createImageBitmap(await fetchFromOrigin(caseId, side, variant))
}

const pending = new Map<string, Promise<ImageBitmap>>()
/** Prefetches that have finished decoding, readable synchronously (so the stage can paint them at once). */
const decoded = new Map<string, ImageBitmap>()

function discard(key: string): void {
  const p = pending.get(key)
  pending.delete(key)
  decoded.delete(key)
  p?.then((bitmap) => bitmap.close()).catch(() => undefined)
}

/** The prefetched preview if it is decoded already; it stays the prefetch's until claimed. */
export function peekDecodedPreview(caseId: string, side: Side): ImageBitmap | null {
  return decoded.get(`${caseId}:${side}`) ?? null
}

/** Takes ownership of a peeked bitmap; false when it was discarded meanwhile (then load it again). */
export function claimDecodedPreview(caseId: string, side: Side, bitmap: ImageBitmap): boolean {
  const key = `${caseId}:${side}`
  if (decoded.get(key) !== bitmap) return false
  decoded.delete(key)
  pending.delete(key)
  return true
}

export function prefetchPreview(caseId: string, side: Side): void {
  const key = `${caseId}:${side}`
  for (const other of [...pending.keys()]) if (other !== key) discard(other)
  if (!pending.has(key)) {
    const p = loadImage(caseId, side, 'screen')
    p.then(
      (bitmap) => {
        if (pending.get(key) === p) decoded.set(key, bitmap)
      },
      () => undefined, // reported when taken
    )
    pending.set(key, p)
  }
}

/** The prefetched preview when there is one, else a fresh fetch. The caller owns (and closes) the bitmap. */
export function takePreview(caseId: string, side: Side): Promise<ImageBitmap> {
  const key = `${caseId}:${side}`
  const p = pending.get(key) ?? loadImage(caseId, side, 'screen')
  pending.delete(key)
  decoded.delete(key)
  return p
}
