import { memo, useMemo, useState } from 'react'
import type Konva from 'konva'
import { Line } from 'react-konva'
import type { Field } from '../../../shared/model'
import { STATE_COLOURS, fieldState } from '../fields/fieldState'
import { baseKey } from '../fields/labels'
import { QuadLabels } from './QuadLabels'
import { QUAD_NODE_NAME } from './stageHook'
import { quadToPoints, screenLabelAngle } from './viewport'

/** "number 95"; a field a failing check concerns (and not verified) says so: "number 95 · check". */
export function quadLabelText(f: Field, checkFailed = false): string {
  const text = f.score === null ? baseKey(f.key) : `${baseKey(f.key)} ${Math.round(f.score)}`
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
  scale: number
  rotation: number
  dimmed: boolean
  /** Clicks go through (drawing a box, panning with Space). */
  passive: boolean
  onSelect(key: string): void
  /** The review setting: a score below it needs attention. */
  attentionScore: number
  /** Keys of the fields a failing document check concerns. */
  failing: ReadonlySet<string>
}

/** Every placed field of the visible side except the selected one (drawn on the selection layer). */
export const FieldQuads = memo(function FieldQuads({
  fields,
  scale,
  rotation,
  dimmed,
  passive,
  onSelect,
  attentionScore,
  failing,
}: Props) {
  const [hovered, setHovered] = useState<string | null>(null)
  const labels = useMemo(
    () =>
      fields.flatMap((f) =>
        f.quad
          ? [
              {
                key: f.key,
                at: f.quad[0],
                angle: screenLabelAngle(f.quad, rotation),
                text: quadLabelText(f, failing.has(f.key)),
                colour: STATE_COLOURS[fieldState(f, attentionScore, failing.has(f.key))],
                strong: hovered === f.key,
              },
            ]
          : [],
      ),
    [fields, rotation, hovered, attentionScore, failing],
  )
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
              setHovered(null)
              onSelect(f.key)
            }}
            onTap={() => onSelect(f.key)}
            onMouseEnter={(e) => {
              setCursor(e, 'pointer')
              setHovered(f.key)
            }}
            onMouseLeave={(e) => {
              setCursor(e, '')
              setHovered((h) => (h === f.key ? null : h))
            }}
          />
        )
      })}
      <QuadLabels labels={labels} scale={scale} />
    </>
  )
})
