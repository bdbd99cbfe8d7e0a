// Every field's label on the canvas in one Konva shape, drawn in screen pixels (the layout, labelLayout.ts, is done
// in screen space after the view's zoom, pan and rotation), so labels stay level, sharp and the same size at any
// zoom. Never listening: clicks go to the quads below.
import { useCallback } from 'react'
import type Konva from 'konva'
import { Shape } from 'react-konva'
import type { PlacedLabel } from './labelLayout'
import { LABELS_NODE_NAME } from './stageHook'

export const LABEL_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif'
export const LABEL_FONT_SIZE = 11
export const LABEL_PAD_X = 4
/** Label height in screen pixels. */
export const LABEL_HEIGHT = LABEL_FONT_SIZE + 6

export type LabelDraw = { box: PlacedLabel; text: string; colour: string; strong: boolean }

let measureCtx: CanvasRenderingContext2D | null = null
const widths = new Map<string, number>()

export function labelFont(strong: boolean): string {
  return `${strong ? 'bold ' : ''}${LABEL_FONT_SIZE}px ${LABEL_FONT}`
}

/** A label's width in screen pixels (measured once per text and weight). */
export function labelWidth(text: string, strong: boolean): number {
  const id = `${strong ? 'b' : 'n'}${text}`
  const known = widths.get(id)
  if (known !== undefined) return known
  measureCtx ??= document.createElement('canvas').getContext('2d')
  let w = text.length * LABEL_FONT_SIZE * 0.6
  if (measureCtx) {
    measureCtx.font = labelFont(strong)
    w = measureCtx.measureText(text).width
  }
  const width = Math.ceil(w + 2 * LABEL_PAD_X)
  widths.set(id, width)
  return width
}

type Props = {
  labels: readonly LabelDraw[]
  /** The view's pan the layout was made for: while the stage is dragged, the labels move with it. */
  viewX: number
  viewY: number
}

export function FieldLabels({ labels, viewX, viewY }: Props) {
  const sceneFunc = useCallback(
    (context: Konva.Context, shape: Konva.Shape) => {
      const ctx = context._context
      const ratio = context.getCanvas().getPixelRatio()
      const stage = shape.getStage()
      const dx = stage ? stage.x() - viewX : 0
      const dy = stage ? stage.y() - viewY : 0
      ctx.save()
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0)
      ctx.translate(dx, dy)
      ctx.textBaseline = 'middle'
      for (const l of labels) {
        const { x, y, width, height } = l.box
        ctx.globalAlpha = l.strong ? 1 : 0.92
        ctx.fillStyle = l.colour
        ctx.beginPath()
        ctx.roundRect(x, y, width, height, 3)
        ctx.fill()
        ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)'
        ctx.lineWidth = 1
        ctx.stroke()
        ctx.fillStyle = '#0b0f14'
        ctx.font = labelFont(l.strong)
        ctx.fillText(l.text, x + LABEL_PAD_X, y + height / 2 + 0.5)
      }
      ctx.restore()
    },
    [labels, viewX, viewY],
  )
  return (
    <Shape
      name={LABELS_NODE_NAME}
      labelBoxes={labels.map((l) => l.box)}
      sceneFunc={sceneFunc}
      listening={false}
      perfectDrawEnabled={false}
    />
  )
}
