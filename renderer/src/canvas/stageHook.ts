// Read-only E2E hook into the document stage(s), installed as `window.__rectoStage` (only when window.api exists,
// i.e. inside the app or the test host). It reads the real Konva nodes, so a test sees what is drawn.
//
// One stage shows one side; with front and back side by side (window ≥ 1440 px, Settings › side by side, a case
// with a back) there are two. `side` arguments pick a stage; without one, the ACTIVE side's stage is meant (the
// store's side: the selected field's side, F / B, the side last clicked), else the only stage shown.
//
//   getSides(): Side[]
//       The sides on screen, left to right: ['front'], ['back'] or ['front', 'back'].
//   getQuads(side?: Side | 'all'): { key, side, points: [{x,y} ×4] }[]
//       The field quads drawn on that side's stage ('all': on every stage shown), in image pixels of the stored
//       image, read back from the Konva Line nodes named 'field-quad' (attrs fieldKey / fieldSide, points()).
//       While a vertex is being dragged, the dragged quad reports its live position.
//   getScreenQuads(side?: Side | 'all'): same, with the points in client (page) coordinates: the space of getLabels.
//   getLabels(side?: Side | 'all'): { key, side, x, y, width, height, placement }[]
//       The field labels drawn (placed outside their boxes, see labelLayout.ts), as boxes in client (page)
//       coordinates; [] while labels are hidden (L). Default: every stage shown.
//   imageToScreen(p: {x,y}, side?: Side): {x,y}
//       Client (page) coordinates of image pixel p under that stage's zoom/pan/rotation. Throws when not shown.
//   getScale(side?): number
//       Zoom: screen pixels per image pixel (0 when no document is shown).
//   getImageInfo(side?): { source: 'screen' | 'preview' | 'full', width, height } | null
//       The bitmap painted under the quads and its pixel size (the quads stay in full-resolution pixels).
//   getRotation(side?): number
//       The view's rotation in degrees (0, 90, 180, 270; the case opens upright); only the view turns.
//   startDrawTiming() / stopDrawTiming(): number[]
//       For benchmarks: the synchronous duration (ms) of every layer redraw (all stages) between the two calls.
import type Konva from 'konva'
import type { Point, Side } from '../../../shared/model'
import { hasApi } from '../api'
import { store } from '../state/appState'
import type { PlacedLabel } from './labelLayout'

export const QUAD_NODE_NAME = 'field-quad'
/** The Konva shape that draws the labels; its attr `labelBoxes` holds what it drew (stage-container pixels). */
export const LABELS_NODE_NAME = 'field-labels'

export type DrawnQuad = { key: string; side: Side; points: Point[] }
export type LabelBox = PlacedLabel & { side: Side }

export type ImageInfo = {
  caseId: string
  source: 'screen' | 'preview' | 'full'
  width: number
  height: number
}

type Which = Side | 'all'

export type StageTestHook = {
  getSides(): Side[]
  getQuads(side?: Which): DrawnQuad[]
  getScreenQuads(side?: Which): DrawnQuad[]
  getLabels(side?: Which): LabelBox[]
  imageToScreen(p: Point, side?: Side): Point
  getScale(side?: Side): number
  getImageInfo(side?: Side): ImageInfo | null
  getRotation(side?: Side): number
  startDrawTiming(): void
  stopDrawTiming(): number[]
}

/** One mounted stage: its Konva stage, the side it shows now, the image painted. */
export type StageSlot = { stage: Konva.Stage | null; side: Side; image: ImageInfo | null }

const slots: StageSlot[] = []

export type StageSlotHandle = {
  side(): Side
  setSide(side: Side): void
  setStage(stage: Konva.Stage | null): void
  setImage(image: ImageInfo | null): void
  /** Listed (again) among the stages shown: on mount. */
  attach(): void
  release(): void
}

/** A stage's handle: attach() on mount lists it, release() on unmount; it updates what it shows through it. */
export function registerStageSlot(side: Side): StageSlotHandle {
  const slot: StageSlot = { stage: null, side, image: null }
  return {
    attach: () => {
      if (!slots.includes(slot)) slots.push(slot)
    },
    side: () => slot.side,
    setSide: (s) => {
      slot.side = s
    },
    setStage: (stage) => {
      slot.stage = stage
    },
    setImage: (image) => {
      slot.image = image
    },
    release: () => {
      const i = slots.indexOf(slot)
      if (i >= 0) slots.splice(i, 1)
    },
  }
}

function shown(): StageSlot[] {
  return slots
    .filter((s) => s.stage !== null)
    .sort((a, b) => (a.side === b.side ? 0 : a.side === 'front' ? -1 : 1))
}

function pick(side?: Which): StageSlot[] {
  const all = shown()
  if (side === 'all') return all
  const want = side ?? store.get().side
  const match = all.filter((s) => s.side === want)
  return match.length > 0 || side !== undefined ? match : all.slice(0, 1)
}

function one(side?: Side): StageSlot | null {
  return pick(side)[0] ?? null
}

function readQuads(slot: StageSlot, toClient: boolean): DrawnQuad[] {
  const stage = slot.stage
  if (!stage) return []
  const origin = stage.container().getBoundingClientRect()
  const transform = stage.getAbsoluteTransform()
  return stage.find<Konva.Line>(`.${QUAD_NODE_NAME}`).map((node) => {
    const flat = node.points()
    const points: Point[] = []
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const p = { x: flat[i] ?? 0, y: flat[i + 1] ?? 0 }
      if (!toClient) points.push(p)
      else {
        const t = transform.point(p)
        points.push({ x: origin.left + t.x, y: origin.top + t.y })
      }
    }
    const side: Side = node.getAttr('fieldSide') === 'back' ? 'back' : 'front'
    return { key: String(node.getAttr('fieldKey')), side, points }
  })
}

function readLabels(slot: StageSlot): LabelBox[] {
  const stage = slot.stage
  if (!stage) return []
  const origin = stage.container().getBoundingClientRect()
  return stage.find(`.${LABELS_NODE_NAME}`).flatMap((node) => {
    if (!node.isVisible()) return []
    const boxes = (node.getAttr('labelBoxes') ?? []) as PlacedLabel[]
    return boxes.map((b) => ({ ...b, side: slot.side, x: origin.left + b.x, y: origin.top + b.y }))
  })
}

function imageToScreen(p: Point, side?: Side): Point {
  const stage = one(side)?.stage
  if (!stage) throw new Error('No document is shown')
  const t = stage.getAbsoluteTransform().point(p)
  const r = stage.container().getBoundingClientRect()
  return { x: r.left + t.x, y: r.top + t.y }
}

let drawTimes: number[] | null = null

function startDrawTiming(): void {
  const all = shown()
  if (all.length === 0) throw new Error('No document is shown')
  drawTimes = []
  for (const { stage } of all) {
    for (const layer of stage!.getLayers()) {
      let started = 0
      layer.on('beforeDraw.timing', () => {
        started = performance.now()
      })
      layer.on('draw.timing', () => drawTimes?.push(performance.now() - started))
    }
  }
}

function stopDrawTiming(): number[] {
  for (const { stage } of shown()) for (const layer of stage!.getLayers()) layer.off('.timing')
  const times = drawTimes ?? []
  drawTimes = null
  return times
}

export function installStageHook(): void {
  if (!hasApi()) return
  const hook: StageTestHook = {
    getSides: () => shown().map((s) => s.side),
    getQuads: (side) => pick(side).flatMap((s) => readQuads(s, false)),
    getScreenQuads: (side) => pick(side ?? 'all').flatMap((s) => readQuads(s, true)),
    getLabels: (side) => pick(side ?? 'all').flatMap(readLabels),
    imageToScreen,
    getScale: (side) => one(side)?.stage?.scaleX() ?? 0,
    getImageInfo: (side) => {
      const s = one(side)
      return s?.stage && s.image ? { ...s.image } : null
    },
    getRotation: (side) => {
      const stage = one(side)?.stage
      return stage ? ((Math.round(stage.rotation()) % 360) + 360) % 360 : 0
    },
    startDrawTiming,
    stopDrawTiming,
  }
  window.__rectoStage = Object.freeze(hook)
}
