// The stage's viewport: fitted to the image until the reviewer zooms, pans or turns it; then remembered for
// that image. The rotation is kept per case (both sides turn together: scans come in the same way).
import { useCallback, useState } from 'react'
import type { Point } from '../../../shared/model'
import {
  ZOOM_STEP,
  centreOf,
  fitViewport,
  rotateAbout,
  wheelFactor,
  zoomAt,
  zoomBy,
  type Size,
  type Viewport,
} from './viewport'

type ManualView = { imageKey: string; view: Viewport }

export function useStageView(imageKey: string, caseId: string, size: Size, imageSize: Size) {
  const [turn, setTurn] = useState<{ caseId: string; deg: number }>({ caseId, deg: 0 })
  // Each case starts upright (the stage is reused from case to case).
  const rotation = turn.caseId === caseId ? turn.deg : 0
  const [manual, setManual] = useState<ManualView | null>(null)
  const viewFor = useCallback(
    (m: ManualView | null): Viewport =>
      m && m.imageKey === imageKey ? m.view : fitViewport(size, imageSize, undefined, rotation),
    [imageKey, size, imageSize, rotation],
  )
  const view = viewFor(manual)
  const set = useCallback(
    (change: (v: Viewport) => Viewport) => setManual((m) => ({ imageKey, view: change(viewFor(m)) })),
    [imageKey, viewFor],
  )
  const centre = centreOf(size)
  return {
    view,
    rotation,
    setView: (v: Viewport) => setManual({ imageKey, view: v }),
    fit: () => setManual(null),
    actualSize: () => set((v) => zoomAt(v, centre, 1)),
    zoomIn: () => set((v) => zoomBy(v, centre, ZOOM_STEP)),
    zoomOut: () => set((v) => zoomBy(v, centre, 1 / ZOOM_STEP)),
    wheel: (anchor: Point, deltaY: number, deltaMode: number) =>
      set((v) => zoomBy(v, anchor, wheelFactor(deltaY, deltaMode))),
    rotate: () => {
      const next = (rotation + 90) % 360
      setTurn({ caseId, deg: next })
      // A fitted view refits turned; a zoomed one turns about the centre of the pane.
      setManual((m) =>
        m && m.imageKey === imageKey ? { imageKey, view: rotateAbout(m.view, centre, 90) } : m,
      )
    },
  }
}
