// The mounted document stage registers its view controls here so commands (toolbar, shortcuts) can reach
// them without holding a ref into the canvas component.
export type CanvasController = {
  fit(): void
  actualSize(): void
  zoomIn(): void
  zoomOut(): void
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
