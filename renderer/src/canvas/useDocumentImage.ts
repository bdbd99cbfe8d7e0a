// The image under the quads: the display-size preview first (shared/image-url.ts), then the full-resolution image
// (the full variant) once the zoom shows more than one screen pixel per preview pixel. Both are decoded off the main
// thread (createImageBitmap); a bitmap no longer shown is closed, so memory stays bounded across cases.
import { useEffect, useRef, useState } from 'react'
import type { ImageRef, Side } from '../../../shared/model'
import { errorText } from '../api'
import { showError } from '../state/appState'
import { claimDecodedPreview, loadImage, peekDecodedPreview, takePreview } from './previewPrefetch'

export type ImageSource = 'preview' | 'full'
export type Shown = { key: string; bitmap: ImageBitmap; source: ImageSource; width: number; height: number }
export type DocumentImage = { shown: Shown | null; error: string | null; loading: boolean }

/** True when the zoom shows a preview pixel larger than a screen pixel: time for the full image. */
export function needsFullImage(
  shown: Pick<Shown, 'source' | 'width'> | null,
  fullWidth: number,
  scale: number,
) {
  return shown !== null && shown.source === 'preview' && (scale * fullWidth) / shown.width > 1
}

function toShown(key: string, bitmap: ImageBitmap, fullWidth: number): Shown {
  // Without a preview the route answers the stored image itself.
  const source: ImageSource = bitmap.width >= fullWidth ? 'full' : 'preview'
  return { key, bitmap, source, width: bitmap.width, height: bitmap.height }
}

export function useDocumentImage(caseId: string, side: Side, image: ImageRef, scale: number): DocumentImage {
  const key = `${caseId}:${side}`
  // A preview prefetched at selection and already decoded is shown in the very first render.
  const [shown, setShown] = useState<Shown | null>(() => {
    const bitmap = peekDecodedPreview(caseId, side)
    return bitmap ? toShown(key, bitmap, image.width) : null
  })
  // Another image on the same stage: a preview already decoded is taken in this very render (no frame lost).
  if (shown?.key !== key) {
    const bitmap = peekDecodedPreview(caseId, side)
    if (bitmap && bitmap !== shown?.bitmap) setShown(toShown(key, bitmap, image.width))
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
        try {
          bitmap = await takePreview(caseId, side)
        } catch {
          if (cancelled) return
          // No preview (a preview file gone, a main process without it): the stored image will do.
          bitmap = await loadImage(caseId, side, 'full')
        }
        const shownNow = toShown(key, bitmap, image.width)
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
  const wantFull = needsFullImage(current, image.width, scale)
  useEffect(() => {
    if (!wantFull) return
    let cancelled = false
    void (async () => {
      try {
        const bitmap = await loadImage(caseId, side, 'full')
        if (cancelled) {
          bitmap.close()
          return
        }
        held.current.push(bitmap)
        setShown({ key, bitmap, source: 'full', width: bitmap.width, height: bitmap.height })
      } catch (err) {
        // The preview stays; only sharpness is lost.
        if (!cancelled) showError(`Could not load the full-resolution ${side} image: ${errorText(err)}`)
      }
    })()
    return () => {
      cancelled = true
    }
  }, [wantFull, caseId, side, key])

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
