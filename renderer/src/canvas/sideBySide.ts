// Front and back together: when to show both sides at once, and how to arrange them in the canvas pane. Pure.
import { FIT_PADDING, type Size } from './viewport'

/** From this window width, a two-sided case shows front and back together (Settings › review.sideBySide). */
export const SIDE_BY_SIDE_MIN_WIDTH = 1440

export function showsSideBySide(windowWidth: number, setting: boolean, hasBack: boolean): boolean {
  return setting && hasBack && windowWidth >= SIDE_BY_SIDE_MIN_WIDTH
}

export type Arrangement = 'row' | 'column'

/** The fit zoom of an image (as seen: width and height after the view's turn) in a cell. */
function fitScale(cell: Size, image: Size): number {
  const w = Math.max(1, cell.width - 2 * FIT_PADDING)
  const h = Math.max(1, cell.height - 2 * FIT_PADDING)
  return Math.min(w / image.width, h / image.height)
}

/**
 * Side by side (row) or one above the other (column): whichever shows the smaller of the two sides larger at fit
 * zoom. Landscape cards in a tall pane stack; portrait pages sit side by side. A row when the area is unknown.
 */
export function pairArrangement(area: Size, front: Size, back: Size, gap = 2): Arrangement {
  if (area.width <= 0 || area.height <= 0) return 'row'
  const rowCell = { width: (area.width - gap) / 2, height: area.height }
  const columnCell = { width: area.width, height: (area.height - gap) / 2 }
  const row = Math.min(fitScale(rowCell, front), fitScale(rowCell, back))
  const column = Math.min(fitScale(columnCell, front), fitScale(columnCell, back))
  return column > row * 1.05 ? 'column' : 'row'
}

/** An image's size as the view shows it, turned by `rotation` degrees. */
export function turnedSize(size: Size, rotation: number): Size {
  return Math.abs(rotation % 180) === 90 ? { width: size.height, height: size.width } : size
}
