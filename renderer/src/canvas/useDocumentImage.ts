// The image under the quads, in tiers (shared/image-url.ts): the screen copy first (about 1280 px: the quickest to
// decode, enough at fit), then the 2560 px preview and the stored image as the zoom shows more than one device pixel
// per image pixel. All are decoded off the main thread (createImageBitmap); a bitmap no longer shown is closed, so
// memory stays bounded across cases.
import { useEffect, useRef, useState } from 'react'
import type { ImageRef, Side } from '../../../shared/model'
import { errorText } from '../api'
import { showError } from '../state/appState'
import { claimDecodedPreview, loadImage, peekDecodedPreview, takePreview } from '../state/previewPrefetch'

export type ImageSource = 'screen' | 'preview' | 'full'
export type Shown = { key: string; bitmap: ImageBitmap; source: ImageSource; width: number; height: number }
export type DocumentImage = { shown: Shown | null; error: string | null; loading: boolean }

/**
 * The sharper tier to load, or null: when the zoom (`scale` device pixels per stored pixel) shows an image pixel of
 * what is shown larger than a device pixel, the preview if it is sharp enough for this zoom, else the stored image.
 */
export function sharperTier(
  shown: Pick<Shown, 'source' | 'width'> | null,
  fullWidth: number,
  previewWidth: number | null,
  scale: number,
): 'preview' | 'full' | null {
  if (shown === null || shown.source === 'full') return null
  const needed = scale * fullWidth
  if (needed <= shown.width) return null
  return shown.source === 'screen' && previewWidth !== null && previewWidth >= needed ? 'preview' : 'full'
}

function toShown(key: string, bitmap: ImageBitmap, fullWidth: number, variant: ImageSource): Shown {
  // A variant larger than the stored image is the stored image.
  const source: ImageSource = bitmap.width >= fullWidth ? 'full' : variant
  return { key, bitmap, source, width: bitmap.width, height: bitmap.height }
}

export function useDocumentImage(caseId: string, side: Side, image: ImageRef, scale: number): DocumentImage {
  const key = `${caseId}:${side}`
  const [shown, setShown] = useState<Shown | null>(null)
  // A new image (the first, or another case or side on the same stage): a copy prefetched at selection and
  // already decoded is taken in this very render, so no frame is lost.
  if (shown?.key !== key) {
    const bitmap = peekDecodedPreview(caseId, side)
    if (bitmap && bitmap !== shown?.bitmap) setShown(toShown(key, bitmap, image.width, 'screen'))
  }
  const [error, setError] = useState<{ key: string; message: string } | null>(null)
  // Every bitmap decoded for the current image and not yet closed.
  const held = useRef<ImageBitmap[]>([])

  useEffect(() => {
    let cancelled = false
    // Not setShown(null): the next image may already be in state (taken during render); one under an old key
    // is simply not shown (see `current` below).
    const cleanup = () => {
      cancelled = true
      for (const b of held.current) b.close()
      held.current = []
    }
    if (shown && shown.key === key && claimDecodedPreview(caseId, side, shown.bitmap)) {
      held.current.push(shown.bitmap)
      return cleanup
    }
    const load = async (): Promise<void> => {
      try {
        let bitmap: ImageBitmap
        let variant: ImageSource = 'screen'
        try {
          bitmap = await takePreview(caseId, side)
        } catch {
          if (cancelled) return
          // No screen copy (a file gone, a main process without it): the stored image will do.
          variant = 'full'
          bitmap = await loadImage(caseId, side, 'full')
        }
        const shownNow = toShown(key, bitmap, image.width, variant)
        if (cancelled) {
          shownNow.bitmap.close()
          return
        }
        held.current.push(shownNow.bitmap)
        setShown(shownNow)
      } catch (err) {
        if (cancelled) return
        const message = `Could not show the ${side} image: ${errorText(err)}`
        setError({ key, message })
        showError(message)
      }
    }
    void load()
    return cleanup
    // `shown` is read only to adopt the bitmap taken at the first render, not to re-run on every change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseId, side, key, image.width])

  const current = shown && shown.key === key ? shown : null
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1
  const want = sharperTier(current, image.width, image.preview?.width ?? null, scale * dpr)
  useEffect(() => {
    if (!want) return
    let cancelled = false
    void (async () => {
      try {
        const bitmap = await loadImage(caseId, side, want)
        if (cancelled) {
          bitmap.close()
          return
        }
        held.current.push(bitmap)
        setShown(toShown(key, bitmap, image.width, want))
      } catch (err) {
        // What is shown stays; only sharpness is lost.
        if (!cancelled) showError(`Could not load a sharper ${side} image: ${errorText(err)}`)
      }
    })()
    return () => {
      cancelled = true
    }
  }, [want, caseId, side, key, image.width])

  // Once the full image is on screen, the preview it replaced is dropped.
  useEffect(() => {
    if (!current) return
    const keep = current.bitmap
    for (const b of held.current) if (b !== keep) b.close()
    held.current = held.current.filter((b) => b === keep)
  }, [current])

  const err = error && error.key === key ? error.message : null
  return { shown: current, error: err, loading: !current && !err }
}
