// The selected field's box, cut from the scan, turned upright and zoomed, beside its input: the value can be
// compared with the print without zooming the canvas (Label Studio and PPOCRLabel show the same).
import { useEffect, useMemo, useRef, useState } from 'react'
import type { ImageRef, Quad, Side } from '../../../shared/model'
import { useElementSize } from '../canvas/useElementSize'
import { cropBitmap, peekCropBitmap } from './cropSource'
import { cropTransform, planCrop } from './crop'

/** The crop's height limit (CSS px): room for a line of text at a readable zoom, not a second canvas. */
export const CROP_MAX_HEIGHT = 72

type Props = { caseId: string; side: Side; image: ImageRef; quad: Quad; label: string }

function useCropBitmap(caseId: string, side: Side): { bitmap: ImageBitmap | null; failed: boolean } {
  const key = `${caseId}:${side}`
  const [state, setState] = useState<{ key: string; bitmap: ImageBitmap | null; failed: boolean }>(() => ({
    key,
    bitmap: peekCropBitmap(caseId, side),
    failed: false,
  }))
  // Another case or side: a bitmap already decoded is taken in this very render (no blank frame).
  if (state.key !== key) setState({ key, bitmap: peekCropBitmap(caseId, side), failed: false })
  const current = state.key === key ? state : { key, bitmap: null, failed: false }
  const missing = current.bitmap === null && !current.failed
  useEffect(() => {
    if (!missing) return
    let cancelled = false
    cropBitmap(caseId, side).then(
      (bitmap) => !cancelled && setState({ key, bitmap, failed: false }),
      () => !cancelled && setState({ key, bitmap: null, failed: true }),
    )
    return () => {
      cancelled = true
    }
  }, [caseId, side, key, missing])
  return current
}

export function FieldCrop({ caseId, side, image, quad, label }: Props) {
  const [boxRef, box] = useElementSize<HTMLDivElement>()
  const canvasRef = useRef<HTMLCanvasElement | null>(null)
  const { bitmap, failed } = useCropBitmap(caseId, side)
  const plan = useMemo(
    () => (box.width > 0 ? planCrop(quad, box.width, CROP_MAX_HEIGHT) : null),
    [quad, box.width],
  )
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1
  const cssW = plan ? Math.max(1, Math.round(plan.width * plan.scale)) : 0
  const cssH = plan ? Math.max(1, Math.round(plan.height * plan.scale)) : 0

  useEffect(() => {
    const canvas = canvasRef.current
    const ctx = canvas?.getContext('2d')
    if (!canvas || !ctx || !plan) return
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    ctx.fillStyle = '#0b0f14'
    ctx.fillRect(0, 0, canvas.width, canvas.height)
    if (!bitmap) return
    ctx.setTransform(...cropTransform(plan, bitmap.width / image.width, dpr))
    ctx.imageSmoothingEnabled = true
    ctx.imageSmoothingQuality = 'high'
    try {
      ctx.drawImage(bitmap, 0, 0)
    } catch {
      // The bitmap was closed as another case opened: this crop is about to go.
    }
  }, [plan, bitmap, image.width, dpr, cssW, cssH])

  // The crop is sized once the row is measured: keep the whole selected row (label, crop, input) in view.
  const holder = useRef<HTMLDivElement | null>(null)
  useEffect(() => {
    if (cssH > 0) holder.current?.closest('li')?.scrollIntoView({ block: 'nearest' })
  }, [cssH])

  return (
    <div
      className="field-crop"
      ref={(el) => {
        holder.current = el
        boxRef(el)
      }}
    >
      {plan && (
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={`Scan of ${label}`}
          aria-busy={!bitmap && !failed}
          width={Math.round(cssW * dpr)}
          height={Math.round(cssH * dpr)}
          style={{ width: cssW, height: cssH }}
        />
      )}
      {failed && <span className="field-crop-note">The scan could not be shown here</span>}
    </div>
  )
}
