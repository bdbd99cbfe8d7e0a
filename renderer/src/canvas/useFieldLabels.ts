// The labels of one stage: each field's text (fieldLabel + score) placed by labelLayout.ts in screen space.
// The selected field is placed first (it gets the best place); a label with no free place is left out, except the
// selected and the hovered field's, which are shown where they fit best (still off their own box).
import { useMemo } from 'react'
import type { Field, Quad } from '../../../shared/model'
import { STATE_COLOURS, fieldState } from '../fields/fieldState'
import { LABEL_HEIGHT, labelWidth, type LabelDraw } from './FieldLabels'
import { quadLabelText } from './FieldQuads'
import { forcedPlace, layoutLabels, type LabelRequest } from './labelLayout'
import { imageToStage, type Size, type Viewport } from './viewport'

type Input = {
  /** The placed fields of the side shown. */
  fields: readonly Field[]
  selectedKey: string | null
  /** The selected field's quad as drawn (a box being dragged is drawn at its draft place). */
  selectedQuad: Quad | null
  hovered: string | null
  view: Viewport
  size: Size
  enabled: boolean
  attentionScore: number
  failing: ReadonlySet<string>
}

export function useFieldLabels(input: Input): LabelDraw[] {
  const { fields, selectedKey, selectedQuad, hovered, view, size, enabled, attentionScore, failing } = input
  // The layout does not depend on the hover (labels must not jump as the pointer moves): it is added after.
  const base = useMemo(() => {
    if (!enabled || size.width <= 0 || size.height <= 0) return null
    const ordered = [
      ...fields.filter((f) => f.key === selectedKey),
      ...fields.filter((f) => f.key !== selectedKey),
    ]
    const items = ordered.flatMap((f) => {
      const quad = f.key === selectedKey && selectedQuad ? selectedQuad : f.quad
      if (!quad) return []
      const strong = f.key === selectedKey
      const check = failing.has(f.key)
      const text = quadLabelText(f, check)
      const req: LabelRequest = {
        key: f.key,
        quad: quad.map((p) => imageToStage(view, p)),
        width: labelWidth(text, strong),
        height: LABEL_HEIGHT,
      }
      return [{ req, text, strong, colour: STATE_COLOURS[fieldState(f, attentionScore, check)] }]
    })
    const bounds = { x: 0, y: 0, width: size.width, height: size.height }
    const placed = layoutLabels(
      items.map((i) => i.req),
      items.map((i) => ({ key: i.req.key, quad: i.req.quad })),
      bounds,
    )
    return { items, placed, bounds }
  }, [enabled, fields, selectedKey, selectedQuad, view, size, attentionScore, failing])

  return useMemo(() => {
    if (!base) return []
    const out: LabelDraw[] = []
    base.items.forEach((item, i) => {
      const box = base.placed[i] ?? null
      if (box) out.push({ box, text: item.text, colour: item.colour, strong: item.strong })
      else if (item.strong || item.req.key === hovered)
        out.push({
          box: forcedPlace(item.req, base.bounds),
          text: item.text,
          colour: item.colour,
          strong: item.strong,
        })
    })
    // The selected and hovered labels last: drawn on top.
    const top = (l: LabelDraw) => Number(l.strong || l.box.key === hovered)
    return out.sort((a, b) => top(a) - top(b))
  }, [base, hovered])
}
