// The page side of the canvas benchmark (test/bench/canvas.bench.ts): bundled by the bench and evaluated in the
// app's page, where it installs `window.__cbProbe`. It only observes: it clicks a list row, adds <img> baselines
// of its own and listens to events; the app's code and Konva nodes are left as they are, except that the
// drag probe wraps the layers' draw/drawHit methods on their instances to time them (removed by stopDrag).
//
// Where a clock stops: "after the frame" is a MessageChannel task posted from a requestAnimationFrame callback.
// That task runs once the frame's rendering steps (style, layout, paint, the commit to the compositor) are done,
// so it is the last moment the main thread sees of that frame: what it hands over is what gets presented.
import type Konva from 'konva'

export type OpenTiming = {
  /** Selection (the row's click) to the end of the first frame with the scan on the stage AND all rows. */
  total: number
  /** Selection to the start of the first frame in which the stage reported this case's image. */
  scan: number
  /** Selection to the start of the first frame in which the field list had every row of this case. */
  rows: number
  /** The bitmap the stage painted (the screen copy for a 24 MP scan). */
  source: string
}

export type MoveTiming = {
  /**
   * The main thread's work for the move: `input` + `draw` + `render`. Waits in between (for the next frame's
   * clock, or behind other pages' work on a shared core) are not the app's work and are left out.
   */
  work: number
  /** Processing start of the pointermove to the end of the frame that shows it (work and waits). */
  latency: number
  /** Processing start to the end of the mousemove dispatch: Konva's drag, the dragmove handler, React's commit. */
  input: number
  /** Konva layer draws in that frame (scene and hit canvas). */
  draw: number
  /** The hit canvas part of `draw`. */
  hit: number
  /** That frame's rendering after the draws: style, layout, paint and the commit to the compositor. */
  render: number
  /** The drawn vertex (client px) less the pointer's position: the frame really shows this move. */
  offset: number
}

type Probe = {
  open(caseName: string, caseId: string, rows: number, tag: string): Promise<OpenTiming>
  naiveImg(url: string): Promise<number>
  startDrag(fieldKey: string, vertex: number): void
  /** Resolves with the timings once `count` moves have had their frame. */
  moves(count: number): Promise<MoveTiming[]>
  stopDrag(): void
}

declare global {
  interface Window {
    __cbProbe?: Probe
    Konva?: typeof Konva
  }
}

const channel = new MessageChannel()
const queued: (() => void)[] = []
channel.port1.onmessage = () => queued.shift()?.()

/** Calls `done` after the current frame's rendering (to be called from a requestAnimationFrame callback). */
function afterFrame(done: () => void): void {
  queued.push(done)
  channel.port2.postMessage(null)
}

function nextFrameEnd(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => afterFrame(resolve)))
}

function caseButton(caseName: string): HTMLButtonElement {
  const button = [...document.querySelectorAll<HTMLButtonElement>('ul[aria-label="Cases"] button')].find(
    (b) => b.getAttribute('aria-label') === caseName,
  )
  if (!button) throw new Error(`no list row for case ${caseName}`)
  return button
}

async function open(caseName: string, caseId: string, rows: number, tag: string): Promise<OpenTiming> {
  const hook = window.__rectoStage
  if (!hook) throw new Error('the stage test hook is not installed')
  const button = caseButton(caseName)
  // The rows must be this case's: each case's values start with its own tag, so another case's 60 rows never count.
  const rowsShown = () => {
    const inputs = document.querySelectorAll<HTMLTextAreaElement>(
      'aside[aria-label="Fields"] textarea[data-field]',
    )
    return inputs.length === rows && inputs[0]!.value.startsWith(tag)
  }
  const t0 = performance.now()
  button.click()
  let scanAt: number | null = null
  let rowsAt: number | null = null
  const deadline = t0 + 30_000
  await new Promise<void>((resolve, reject) => {
    const check = (frameStart: number) => {
      // The frame's start as this callback sees it: rAF callbacks of one frame share performance.now() order.
      const now = Math.max(frameStart, t0)
      if (scanAt === null && hook.getImageInfo()?.caseId === caseId) scanAt = now
      if (rowsAt === null && rowsShown()) rowsAt = now
      if (scanAt !== null && rowsAt !== null) afterFrame(resolve)
      else if (performance.now() > deadline)
        reject(new Error(`case ${caseName}: scan ${scanAt !== null}, rows ${rowsAt !== null} after 30 s`))
      else requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
  })
  const end = performance.now()
  return {
    total: end - t0,
    scan: scanAt! - t0,
    rows: rowsAt! - t0,
    source: hook.getImageInfo()?.source ?? '?',
  }
}

/** A plain <img> over the stage, fetched from `url`, to the end of the frame after it is decoded. */
async function naiveImg(url: string): Promise<number> {
  const host = document.querySelector<HTMLElement>('[data-testid="document-stage"]')
  const r = host?.getBoundingClientRect() ?? { left: 0, top: 0, width: 800, height: 600 }
  const img = new Image()
  img.alt = ''
  img.style.cssText = `position:fixed;left:${r.left}px;top:${r.top}px;width:${r.width}px;height:${r.height}px;object-fit:contain;z-index:9999`
  const t0 = performance.now()
  img.src = url
  document.body.appendChild(img)
  // decode(): the bitmap is ready to paint (the load event alone comes before the decode, which Chromium defers
  // to the raster of the first frame that shows it).
  await img.decode()
  await nextFrameEnd()
  const ms = performance.now() - t0
  img.remove()
  return ms
}

let drag: {
  samples: MoveTiming[]
  waiters: { count: number; resolve: (m: MoveTiming[]) => void }[]
  undo: (() => void)[]
} | null = null

function startDrag(fieldKey: string, vertex: number): void {
  const hook = window.__rectoStage
  const K = window.Konva
  if (!hook || !K) throw new Error('the stage test hook or Konva is missing')
  const state: NonNullable<typeof drag> = { samples: [], waiters: [], undo: [] }
  drag = state
  let pending: { start: number; input: number; x: number; y: number } | null = null
  let draw = 0
  let hit = 0
  // Timed on the instances: batchDraw's frame callback calls layer.draw(), which is drawScene() then drawHit().
  for (const stage of K.stages) {
    for (const layer of stage.getLayers()) {
      const own = layer as unknown as Record<'draw' | 'drawHit', (...a: unknown[]) => unknown>
      const proto = Object.getPrototypeOf(layer) as typeof own
      own.draw = function (this: unknown, ...a: unknown[]) {
        const s = performance.now()
        const r = proto.draw.apply(this, a)
        draw += performance.now() - s
        return r
      }
      own.drawHit = function (this: unknown, ...a: unknown[]) {
        const s = performance.now()
        const r = proto.drawHit.apply(this, a)
        hit += performance.now() - s
        return r
      }
      state.undo.push(() => {
        delete (own as Partial<typeof own>).draw
        delete (own as Partial<typeof own>).drawHit
      })
    }
  }
  // Capture on window: the first listener of the move, before Konva's own on the stage and on window.
  const onPointer = (e: PointerEvent) => {
    if (e.buttons !== 1) return
    pending = { start: performance.now(), input: 0, x: e.clientX, y: e.clientY }
    draw = 0
    hit = 0
  }
  // Added after Konva's window mousemove listener (its drag, which commits React synchronously in flushSync), so
  // it runs after it; the frame callback asked for here comes after the layers' batchDraw callbacks.
  const onMouse = () => {
    const p = pending
    if (!p || p.input) return
    p.input = performance.now() - p.start
    requestAnimationFrame(() => {
      const rendering = performance.now()
      afterFrame(() => {
        const end = performance.now()
        const render = end - rendering
        const quad = hook.getScreenQuads().find((q) => q.key === fieldKey)
        const v = quad?.points[vertex]
        const offset = v ? Math.hypot(v.x - p.x, v.y - p.y) : Infinity
        const work = p.input + draw + render
        state.samples.push({ work, latency: end - p.start, input: p.input, draw, hit, render, offset })
        pending = null
        for (const w of [...state.waiters]) {
          if (state.samples.length >= w.count) {
            state.waiters.splice(state.waiters.indexOf(w), 1)
            w.resolve(state.samples.slice())
          }
        }
      })
    })
  }
  window.addEventListener('pointermove', onPointer, true)
  window.addEventListener('mousemove', onMouse)
  state.undo.push(() => {
    window.removeEventListener('pointermove', onPointer, true)
    window.removeEventListener('mousemove', onMouse)
  })
}

function moves(count: number): Promise<MoveTiming[]> {
  const state = drag
  if (!state) throw new Error('no drag is being timed')
  if (state.samples.length >= count) return Promise.resolve(state.samples.slice())
  return new Promise((resolve, reject) => {
    state.waiters.push({ count, resolve })
    setTimeout(() => reject(new Error(`move ${count} had no frame within 10 s`)), 10_000)
  })
}

function stopDrag(): void {
  for (const u of drag?.undo ?? []) u()
  drag = null
}

window.__cbProbe = { open, naiveImg, startDrag, moves, stopDrag }
