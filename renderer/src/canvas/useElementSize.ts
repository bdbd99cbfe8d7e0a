import { useCallback, useLayoutEffect, useState } from 'react'
import type { Size } from './viewport'

function measure(el: HTMLElement): Size {
  const box = el.getBoundingClientRect()
  const style = getComputedStyle(el)
  const padX = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight)
  const padY = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom)
  const borderX = parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth)
  const borderY = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth)
  return {
    width: Math.max(0, Math.floor(box.width - padX - borderX)),
    height: Math.max(0, Math.floor(box.height - padY - borderY)),
  }
}

/**
 * Tracks an element's content-box size. Returns a callback ref and the size. The first size is read during
 * layout, before the browser paints (so a stage can mount in the same frame as its container); later changes
 * come from a ResizeObserver.
 */
export function useElementSize<T extends HTMLElement>(): [(el: T | null) => void, Size] {
  const [el, setEl] = useState<T | null>(null)
  const [size, setSize] = useState<Size>({ width: 0, height: 0 })
  const ref = useCallback((node: T | null) => setEl(node), [])
  useLayoutEffect(() => {
    if (!el) return
    const update = (next: Size) =>
      setSize((s) => (s.width === next.width && s.height === next.height ? s : next))
    update(measure(el))
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect
      if (box) update({ width: Math.floor(box.width), height: Math.floor(box.height) })
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [el])
  return [ref, size]
}
