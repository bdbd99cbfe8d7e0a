// Every unselected field's key + score tag in one Konva shape: one node instead of three per field (a Label, its
// Tag and a Text measured on creation), so opening a case with many fields builds few nodes. Drawn at a constant
// screen size (the context is scaled by 1/scale at each tag), never listening: clicks go to the quads below.
import { useCallback } from 'react'
import type Konva from 'konva'
import { Shape } from 'react-konva'
import type { Point } from '../../../shared/model'
import { LABEL_FONT, LABEL_FONT_SIZE, LABEL_HEIGHT, LABEL_PAD } from './QuadLabel'

export type LabelSpec = {
  key: string
  at: Point
  angle: number
  text: string
  colour: string
  strong: boolean
}

type Props = { labels: readonly LabelSpec[]; scale: number }

export function QuadLabels({ labels, scale }: Props) {
  const sceneFunc = useCallback(
    (context: Konva.Context) => {
      const ctx = context._context
      const inv = 1 / scale
      ctx.textBaseline = 'top'
      for (const l of labels) {
        ctx.save()
        ctx.translate(l.at.x, l.at.y)
        ctx.rotate((l.angle * Math.PI) / 180)
        ctx.scale(inv, inv)
        ctx.translate(0, -(LABEL_HEIGHT + 2))
        ctx.font = `${l.strong ? 'bold ' : ''}${LABEL_FONT_SIZE}px ${LABEL_FONT}`
        const width = ctx.measureText(l.text).width + 2 * LABEL_PAD
        ctx.globalAlpha = l.strong ? 1 : 0.9
        ctx.fillStyle = l.colour
        ctx.beginPath()
        ctx.roundRect(0, 0, width, LABEL_HEIGHT, 2)
        ctx.fill()
        ctx.fillStyle = '#0b0f14'
        ctx.fillText(l.text, LABEL_PAD, LABEL_PAD)
        ctx.restore()
      }
    },
    [labels, scale],
  )
  return <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />
}
