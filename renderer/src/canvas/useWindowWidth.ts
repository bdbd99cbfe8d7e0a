import { useEffect, useState } from 'react'

/** The window's inner width, followed as it is resized. */
export function useWindowWidth(): number {
  const [width, setWidth] = useState(() => window.innerWidth)
  useEffect(() => {
    const update = () => setWidth(window.innerWidth)
    window.addEventListener('resize', update)
    update()
    return () => window.removeEventListener('resize', update)
  }, [])
  return width
}

/** From this window width, a two-sided case shows front and back side by side (Settings › review.sideBySide). */
export const SIDE_BY_SIDE_MIN_WIDTH = 1440

export function showsSideBySide(windowWidth: number, setting: boolean, hasBack: boolean): boolean {
  return setting && hasBack && windowWidth >= SIDE_BY_SIDE_MIN_WIDTH
}
