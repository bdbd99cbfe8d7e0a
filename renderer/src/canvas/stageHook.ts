// Read-only E2E hook into the document stage, installed as `window.__rectoStage` (only when window.api
// exists, i.e. inside the app or the test host). It reads the real Konva nodes, so a test sees what is drawn:
//
//   getQuads(): { key, side, points: [{x,y} ×4] }[]
//       Every field quad currently drawn (the visible side only), in image pixels of the stored image, read
//       back from the Konva Line nodes named 'field-quad' (attrs fieldKey / fieldSide, points()). While a
//       vertex is being dragged, the dragged quad reports its live position.
//   imageToScreen(p: {x,y}): {x,y}
//       Client (page) coordinates of image pixel p under the current zoom/pan — for page.mouse-driven tests.
//       Throws when no document is shown.
//   getScale(): number
//       Current zoom: screen pixels per image pixel (0 when no document is shown).
//   getImageInfo(): { source: 'screen' | 'preview' | 'full', width, height } | null
//       The bitmap painted under the quads: the display-size preview or the full-resolution image, and its
//       pixel size (the quads stay in full-resolution pixels whatever is painted). null while none is shown.
//   getRotation(): number
//       The view's rotation in degrees (0, 90, 180, 270); the quads are not rotated, only the view.
//   startDrawTiming() / stopDrawTiming(): number[]
//       For benchmarks: the synchronous duration (ms) of every layer redraw between the two calls.
import type Konva from 'konva'
import type { Point, Side } from '../../../shared/model'
import { hasApi } from '../api'

export const QUAD_NODE_NAME = 'field-quad'

export type DrawnQuad = { key: string; side: Side; points: Point[] }

export type ImageInfo = {
  caseId: string
  source: 'screen' | 'preview' | 'full'
  width: number
  height: number
}

export type StageTestHook = {
  getQuads(): DrawnQuad[]
  imageToScreen(p: Point): Point
  getScale(): number
  getImageInfo(): ImageInfo | null
  getRotation(): number
  startDrawTiming(): void
  stopDrawTiming(): number[]
}

let stage: Konva.Stage | null = null
let imageInfo: ImageInfo | null = null

export function reportImage(info: ImageInfo | null): void {
  imageInfo = info
}

export function attachStage(s: Konva.Stage | null): void {
  stage = s
}

function readQuads(): DrawnQuad[] {
  if (!stage) return []
  return stage.find<Konva.Line>(`.${QUAD_NODE_NAME}`).map((node) => {
    const flat = node.points()
    const points: Point[] = []
    for (let i = 0; i + 1 < flat.length; i += 2) points.push({ x: flat[i] ?? 0, y: flat[i + 1] ?? 0 })
    const side: Side = node.getAttr('fieldSide') === 'back' ? 'back' : 'front'
    return { key: String(node.getAttr('fieldKey')), side, points }
  })
}

function imageToScreen(p: Point): Point {
  if (!stage) throw new Error('No document is shown')
  const t = stage.getAbsoluteTransform().point(p)
  const r = stage.container().getBoundingClientRect()
  return { x: r.left + t.x, y: r.top + t.y }
}

let drawTimes: number[] | null = null

function startDrawTiming(): void {
  if (!stage) throw new Error('No document is shown')
  drawTimes = []
  for (const layer of stage.getLayers()) {
    let started = 0
    layer.on('beforeDraw.timing', () => {
      started = performance.now()
    })
    layer.on('draw.timing', () => drawTimes?.push(performance.now() - started))
  }
}

function stopDrawTiming(): number[] {
  for (const layer of stage?.getLayers() ?? []) layer.off('.timing')
  const times = drawTimes ?? []
  drawTimes = null
  return times
}

export function installStageHook(): void {
  if (!hasApi()) return
  const hook: StageTestHook = {
    getQuads: readQuads,
    imageToScreen,
    getScale: () => (stage ? stage.scaleX() : 0),
    getImageInfo: () => (stage && imageInfo ? { ...imageInfo } : null),
    getRotation: () => (stage ? ((Math.round(stage.rotation()) % 360) + 360) % 360 : 0),
    startDrawTiming,
    stopDrawTiming,
  }
  window.__rectoStage = Object.freeze(hook)
}
