import type Konva from 'konva'
import { Circle, Line, Shape } from 'react-konva'
import type { Field, Point, Quad } from '../../../shared/model'
import { STATE_COLOURS, fieldState } from '../fields/fieldState'
import { quadLabelText, tint } from './FieldQuads'
import { QuadLabel } from './QuadLabel'
import { QUAD_NODE_NAME } from './stageHook'
import { labelAngle, quadToPoints } from './viewport'

/** Vertex handle radius in screen pixels (constant at any zoom). */
const HANDLE_RADIUS = 5

type Props = {
  field: Field
  quad: Quad
  scale: number
  /** The image's size: the area dimmed around the selected box. */
  imageWidth: number
  imageHeight: number
  onVertexMove(index: number, p: Point): Point
  onVertexDrop(): void
}

function setCursor(e: Konva.KonvaEventObject<MouseEvent>, cursor: string): void {
  const stage = e.target.getStage()
  if (stage) stage.container().style.cursor = cursor
}

/** The selected field: a bright, thick outline with a dark halo and four draggable vertex handles. */
export function SelectedQuad({
  field,
  quad,
  scale,
  imageWidth,
  imageHeight,
  onVertexMove,
  onVertexDrop,
}: Props) {
  const colour = STATE_COLOURS[fieldState(field)]
  const points = quadToPoints(quad)
  return (
    <>
      {/* Spotlight: dims the image around the selected box (even-odd fill leaves the box itself clear). */}
      <Shape
        listening={false}
        perfectDrawEnabled={false}
        fill="rgba(4, 7, 11, 0.38)"
        fillRule="evenodd"
        sceneFunc={(ctx, shape) => {
          ctx.beginPath()
          ctx.rect(0, 0, imageWidth, imageHeight)
          ctx.moveTo(quad[0].x, quad[0].y)
          for (const p of quad.slice(1)) ctx.lineTo(p.x, p.y)
          ctx.closePath()
          ctx.fillStrokeShape(shape)
        }}
      />
      <Line
        points={points}
        closed
        stroke="rgba(0,0,0,0.65)"
        strokeWidth={5}
        strokeScaleEnabled={false}
        listening={false}
        perfectDrawEnabled={false}
      />
      <Line
        name={QUAD_NODE_NAME}
        fieldKey={field.key}
        fieldSide={field.side}
        points={points}
        closed
        stroke={colour}
        strokeWidth={2.5}
        strokeScaleEnabled={false}
        fill={tint(colour, 0.12)}
        listening={false}
        perfectDrawEnabled={false}
      />
      <QuadLabel
        at={quad[0]}
        angle={labelAngle(quad)}
        text={quadLabelText(field)}
        colour={colour}
        scale={scale}
        strong
      />
      {quad.map((p, i) => (
        <Circle
          key={i}
          name="vertex-handle"
          vertexIndex={i}
          x={p.x}
          y={p.y}
          radius={HANDLE_RADIUS / scale}
          fill="#ffffff"
          stroke={colour}
          strokeWidth={2}
          strokeScaleEnabled={false}
          hitStrokeWidth={10}
          draggable
          perfectDrawEnabled={false}
          onMouseEnter={(e) => setCursor(e, 'move')}
          onMouseLeave={(e) => setCursor(e, '')}
          onDragMove={(e) => {
            e.cancelBubble = true
            const node = e.target
            const placed = onVertexMove(i, { x: node.x(), y: node.y() })
            if (placed.x !== node.x() || placed.y !== node.y()) node.position(placed)
          }}
          onDragEnd={(e) => {
            e.cancelBubble = true
            onVertexDrop()
          }}
        />
      ))}
    </>
  )
}
