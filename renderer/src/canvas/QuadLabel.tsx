import { Label, Tag, Text } from 'react-konva'
import type { Point } from '../../../shared/model'

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif'
const FONT_SIZE = 11
const PAD = 3
/** Label height in screen pixels; the label sits just above the quad's first point. */
const HEIGHT = FONT_SIZE + 2 * PAD

type Props = {
  at: Point
  angle?: number
  text: string
  colour: string
  scale: number
  strong?: boolean
}

/** A key + score tag drawn at a constant screen size whatever the zoom (the group is scaled by 1/scale). */
export function QuadLabel({ at, angle = 0, text, colour, scale, strong = false }: Props) {
  const inv = 1 / scale
  return (
    <Label
      x={at.x}
      y={at.y}
      rotation={angle}
      scaleX={inv}
      scaleY={inv}
      offsetY={HEIGHT + 2}
      listening={false}
      opacity={strong ? 1 : 0.9}
    >
      <Tag fill={colour} cornerRadius={2} perfectDrawEnabled={false} />
      <Text
        text={text}
        fontFamily={FONT}
        fontSize={FONT_SIZE}
        fontStyle={strong ? 'bold' : 'normal'}
        padding={PAD}
        fill="#0b0f14"
        perfectDrawEnabled={false}
      />
    </Label>
  )
}
