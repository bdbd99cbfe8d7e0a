// Moving a field to the other side keeps its box where it was, clamped into the other image.
import type { ImageRef, Quad } from '../../../shared/model'

export function moveQuadToSide(quad: Quad | null, target: Pick<ImageRef, 'width' | 'height'>): Quad | null {
  if (!quad) return null
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v))
  const q = quad.map((p) => ({ x: clamp(p.x, target.width), y: clamp(p.y, target.height) }))
  const [a, b, c, d] = q
  if (!a || !b || !c || !d) return null
  const xs = q.map((p) => p.x)
  const ys = q.map((p) => p.y)
  // Entirely outside the other image: no honest place for it.
  if (Math.max(...xs) - Math.min(...xs) < 1 || Math.max(...ys) - Math.min(...ys) < 1) return null
  return [a, b, c, d]
}
