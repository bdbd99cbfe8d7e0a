// The mounted document stages register their view and geometry controls here so commands (toolbar, shortcuts)
// can reach them without holding a ref into the canvas component. With front and back side by side there are two
// stages: commands go to the active side's (the store's `side`: the selected field's side, F / B, the last one
// clicked).
import type { Side } from '../../../shared/model'
import { store } from '../state/appState'

export type CanvasController = {
  fit(): void
  actualSize(): void
  zoomIn(): void
  zoomOut(): void
  /** Turns the view (not the image, not the quads) by 90° clockwise (1) or anticlockwise (-1). */
  rotate(direction: 1 | -1): void
  /** Moves the selected vertex, else the selected box, by (dx, dy) image pixels. */
  nudge(dx: number, dy: number): void
  /** Starts (or stops) drawing a new box. */
  toggleDraw(): void
  /** Cancels a drawing or the selected vertex; false when there was nothing to cancel. */
  cancel(): boolean
}

type Entry = { side: () => Side; controller: CanvasController }
const entries: Entry[] = []

/** Registers a stage's controls; `side` is read at each command (a single stage shows either side). */
export function setCanvasController(controller: CanvasController, side: () => Side): () => void {
  const entry = { side, controller }
  entries.push(entry)
  return () => {
    const i = entries.indexOf(entry)
    if (i >= 0) entries.splice(i, 1)
  }
}

/** The active side's stage controls (else the only stage's), or null when no stage is mounted. */
export function canvasController(): CanvasController | null {
  const active = store.get().side
  return (entries.find((e) => e.side() === active) ?? entries[0])?.controller ?? null
}
