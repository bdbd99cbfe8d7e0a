// The mounted document stage registers its view and geometry controls here so commands (toolbar, shortcuts)
// can reach them without holding a ref into the canvas component.
export type CanvasController = {
  fit(): void
  actualSize(): void
  zoomIn(): void
  zoomOut(): void
  /** Turns the view (not the image, not the quads) by 90° clockwise. */
  rotate(): void
  /** Moves the selected vertex, else the selected box, by (dx, dy) image pixels. */
  nudge(dx: number, dy: number): void
  /** Starts (or stops) drawing a new box. */
  toggleDraw(): void
  /** Cancels a drawing or the selected vertex; false when there was nothing to cancel. */
  cancel(): boolean
}

let current: CanvasController | null = null

export function setCanvasController(controller: CanvasController): () => void {
  current = controller
  return () => {
    if (current === controller) current = null
  }
}

export function canvasController(): CanvasController | null {
  return current
}
