import { memo } from 'react'
import type Konva from 'konva'
import { Line } from 'react-konva'
import type { Field } from '../../../shared/model'
import { STATE_COLOURS, fieldState } from '../fields/fieldState'
import { fieldLabel } from '../fields/labels'
import { QUAD_NODE_NAME } from './stageHook'
import { quadToPoints } from './viewport'

/** "Number 95"; a field a failing check concerns (and not verified) says so: "Number 95 · check". */
export function quadLabelText(f: Field, checkFailed = false): string {
  const text = f.score === null ? fieldLabel(f.key) : `${fieldLabel(f.key)} ${Math.round(f.score)}`
  return checkFailed && !f.verified ? `${text} · check` : text
}

/** Translucent fill so a click inside the box hits it. */
export function tint(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16)
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`
}

function setCursor(e: Konva.KonvaEventObject<MouseEvent>, cursor: string): void {
  const stage = e.target.getStage()
  if (stage) stage.container().style.cursor = cursor
}

type Props = {
  fields: readonly Field[]
  dimmed: boolean
  /** Clicks go through (drawing a box, panning with Space). */
  passive: boolean
  onSelect(key: string): void
  /** The review setting: a score below it needs attention. */
  attentionScore: number
  /** Keys of the fields a failing document check concerns. */
  failing: ReadonlySet<string>
  /** The field whose box the pointer is over: its label shows even where it found no place. */
  hovered: string | null
  onHover(update: (hovered: string | null) => string | null): void
}

/**
 * Every placed field of the visible side except the selected one (drawn on the selection layer). Their labels are
 * drawn apart, in screen space (FieldLabels).
 */
export const FieldQuads = memo(function FieldQuads({
  fields,
  dimmed,
  passive,
  onSelect,
  attentionScore,
  failing,
  hovered,
  onHover,
}: Props) {
  return (
    <>
      {fields.map((f) => {
        if (!f.quad) return null
        const colour = STATE_COLOURS[fieldState(f, attentionScore, failing.has(f.key))]
        const hot = hovered === f.key && !passive
        return (
          <Line
            key={f.key}
            name={QUAD_NODE_NAME}
            fieldKey={f.key}
            fieldSide={f.side}
            points={quadToPoints(f.quad)}
            closed
            stroke={colour}
            strokeWidth={hot ? 2.5 : 1.5}
            strokeScaleEnabled={false}
            fill={tint(colour, hot ? 0.22 : 0.1)}
            opacity={dimmed && !hot ? 0.6 : 1}
            listening={!passive}
            perfectDrawEnabled={false}
            shadowForStrokeEnabled={false}
            onClick={(e) => {
              if (e.evt.button !== 0) return
              // This shape moves to the selection layer, so it will never see its mouseleave.
              setCursor(e, '')
              onHover(() => null)
              onSelect(f.key)
            }}
            onTap={() => onSelect(f.key)}
            onMouseEnter={(e) => {
              setCursor(e, 'pointer')
              onHover(() => f.key)
            }}
            onMouseLeave={(e) => {
              setCursor(e, '')
              onHover((h) => (h === f.key ? null : h))
            }}
          />
        )
      })}
    </>
  )
})
