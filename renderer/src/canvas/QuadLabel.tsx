import { Label, Tag, Text } from 'react-konva'
import type { Point } from '../../../shared/model'

export const LABEL_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif'
export const LABEL_FONT_SIZE = 11
export const LABEL_PAD = 3
/** Label height in screen pixels; the label sits just above the quad's first point. */
export const LABEL_HEIGHT = LABEL_FONT_SIZE + 2 * LABEL_PAD

type Props = {
  at: Point
  angle?: number
  text: string
  colour: string
  scale: number
  strong?: boolean
}

/** The selected field's key + score tag (the others are drawn together by QuadLabels), drawn at a constant screen size whatever the zoom (the group is scaled by 1/scale). */
export function QuadLabel({ at, angle = 0, text, colour, scale, strong = false }: Props) {
  const inv = 1 / scale
  return (
    <Label
      x={at.x}
      y={at.y}
      rotation={angle}
      scaleX={inv}
      scaleY={inv}
      offsetY={LABEL_HEIGHT + 2}
      listening={false}
      opacity={strong ? 1 : 0.9}
    >
      <Tag fill={colour} cornerRadius={2} perfectDrawEnabled={false} />
      <Text
        text={text}
        fontFamily={LABEL_FONT}
        fontSize={LABEL_FONT_SIZE}
        fontStyle={strong ? 'bold' : 'normal'}
        padding={LABEL_PAD}
        fill="#0b0f14"
        perfectDrawEnabled={false}
      />
    </Label>
  )
}
