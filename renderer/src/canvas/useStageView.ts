// The stage's viewport: fitted to the image until the reviewer zooms, pans or turns it; then remembered for
// that image. The rotation comes from the caller (the case's upright turn, or the reviewer's own).
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

export function useStageView(
  imageKey: string,
  size: Size,
  imageSize: Size,
  rotation: number,
  setRotation: (deg: number) => void,
) {
  const [manual, setManual] = useState<ManualView | null>(null)
  const viewFor = useCallback(
    (m: ManualView | null): Viewport =>
      // A remembered view holds while the image and its turn are the same (an upright turn that arrives with a
      // recognition refits).
      m && m.imageKey === imageKey && (m.view.rotation ?? 0) === rotation
        ? m.view
        : fitViewport(size, imageSize, undefined, rotation),
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
    rotate: (direction: 1 | -1) => {
      const next = (((rotation + 90 * direction) % 360) + 360) % 360
      setRotation(next)
      // A fitted view refits turned; a zoomed one turns about the centre of the pane.
      setManual((m) =>
        m && m.imageKey === imageKey && (m.view.rotation ?? 0) === rotation
          ? { imageKey, view: rotateAbout(m.view, centre, 90 * direction) }
          : m,
      )
    },
  }
}
