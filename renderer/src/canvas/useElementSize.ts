import { useCallback, useEffect, useState } from 'react'
import type { Size } from './viewport'

/** Tracks an element's content-box size with a ResizeObserver. Returns a callback ref and the size. */
export function useElementSize<T extends HTMLElement>(): [(el: T | null) => void, Size] {
  const [el, setEl] = useState<T | null>(null)
  const [size, setSize] = useState<Size>({ width: 0, height: 0 })
  const ref = useCallback((node: T | null) => setEl(node), [])
  useEffect(() => {
    if (!el) return
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect
      if (!box) return
      const width = Math.floor(box.width)
      const height = Math.floor(box.height)
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }))
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [el])
  return [ref, size]
}
