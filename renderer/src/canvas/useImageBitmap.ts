import { useEffect, useState } from 'react'
import type { ImageRef, Side } from '../../../shared/model'
import { api, errorText } from '../api'
import { showError } from '../state/appState'

type Loaded = { key: string; bitmap: ImageBitmap | null; error: string | null }
export type ImageState = { bitmap: ImageBitmap | null; error: string | null; loading: boolean }

/**
 * Fetches one side's stored image from the main process and decodes it off the main thread
 * (createImageBitmap). The bitmap is closed when the case or side changes.
 */
export function useImageBitmap(caseId: string, side: Side, mime: ImageRef['mime']): ImageState {
  const key = `${caseId}:${side}`
  const [loaded, setLoaded] = useState<Loaded | null>(null)

  useEffect(() => {
    let cancelled = false
    let bitmap: ImageBitmap | null = null
    const load = async (): Promise<void> => {
      try {
        const bytes = await api().getImage(caseId, side)
        if (!(bytes instanceof Uint8Array)) throw new Error('the main process sent no image data')
        // slice(): a Blob needs an ArrayBuffer-backed view, not one over a shared buffer.
        const decoded = await createImageBitmap(new Blob([bytes.slice()], { type: mime }))
        if (cancelled) {
          decoded.close()
          return
        }
        bitmap = decoded
        setLoaded({ key, bitmap: decoded, error: null })
      } catch (err) {
        if (cancelled) return
        const message = `Could not show the ${side} image: ${errorText(err)}`
        setLoaded({ key, bitmap: null, error: message })
        showError(message)
      }
    }
    void load()
    return () => {
      cancelled = true
      bitmap?.close()
    }
  }, [caseId, side, mime, key])

  if (!loaded || loaded.key !== key) return { bitmap: null, error: null, loading: true }
  return { bitmap: loaded.bitmap, error: loaded.error, loading: false }
}
