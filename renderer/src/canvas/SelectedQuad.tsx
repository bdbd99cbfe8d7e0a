import { useRef } from 'react'
import { useApp } from '../state/appState'
import type Konva from 'konva'
import { Circle, Line, Shape } from 'react-konva'
import type { Field, Point, Quad } from '../../../shared/model'
import { STATE_COLOURS, fieldState } from '../fields/fieldState'
import { tint } from './FieldQuads'
import { handleHitRegion } from './handleHit'
import { QUAD_NODE_NAME } from './stageHook'
import { quadToPoints } from './viewport'

/** Vertex handle radius in screen pixels (constant at any zoom). */
const HANDLE_RADIUS = 5
/** How far around a handle (screen pixels) still grabs it. */
const HIT_SLOP = 5

type Props = {
  field: Field
  quad: Quad
  scale: number
  /** The image's size: the area dimmed around the selected box. */
  imageWidth: number
  imageHeight: number
  /** The vertex arrow keys move (null: the whole box). */
  activeVertex: number | null
  /** No dragging (Space held for panning, or drawing a new box). */
  locked: boolean
  onVertexSelect(index: number | null): void
  onVertexMove(index: number, p: Point): Point
  /** The whole box dragged by (dx, dy) image pixels from where the drag started; returns the quad placed. */
  onBoxMove(origin: Quad, dx: number, dy: number): void
  onDrop(): void
  /** A failing document check concerns this field. */
  checkFailed: boolean
}

function setCursor(e: Konva.KonvaEventObject<MouseEvent>, cursor: string): void {
  const stage = e.target.getStage()
  if (stage) stage.container().style.cursor = cursor
}

/**
 * The selected field: a bright, thick outline with a dark halo, draggable as a whole, and four vertex handles at its
 * corners. Its label is drawn outside the box with the others (FieldLabels), never over the text being compared.
 */
export function SelectedQuad(props: Props) {
  const { field, quad, scale, imageWidth, imageHeight, activeVertex, locked } = props
  const attentionScore = useApp((s) => s.review.attentionScore)
  const colour = STATE_COLOURS[fieldState(field, attentionScore, props.checkFailed)]
  const points = quadToPoints(quad)
  const origin = useRef<Quad | null>(null)
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
        listening={!locked}
        draggable={!locked}
        perfectDrawEnabled={false}
        onMouseEnter={(e) => setCursor(e, 'move')}
        onMouseLeave={(e) => setCursor(e, '')}
        onMouseDown={() => props.onVertexSelect(null)}
        onDragStart={(e) => {
          e.cancelBubble = true
          origin.current = quad
        }}
        onDragMove={(e) => {
          e.cancelBubble = true
          const node = e.target
          if (origin.current) props.onBoxMove(origin.current, node.x(), node.y())
          // The draft quad carries the move; the node itself stays at the origin.
          node.position({ x: 0, y: 0 })
        }}
        onDragEnd={(e) => {
          e.cancelBubble = true
          const node = e.target
          // The last pointer move may have placed the node without a dragmove of its own.
          if (origin.current && (node.x() !== 0 || node.y() !== 0))
            props.onBoxMove(origin.current, node.x(), node.y())
          node.position({ x: 0, y: 0 })
          origin.current = null
          props.onDrop()
        }}
      />
      {quad.map((p, i) => (
        <Circle
          key={i}
          name="vertex-handle"
          vertexIndex={i}
          x={p.x}
          y={p.y}
          radius={(activeVertex === i ? HANDLE_RADIUS + 1.5 : HANDLE_RADIUS) / scale}
          fill={activeVertex === i ? colour : '#ffffff'}
          stroke={activeVertex === i ? '#ffffff' : colour}
          strokeWidth={2}
          strokeScaleEnabled={false}
          // Only the points nearest this corner: overlapping handles of a small box never hand over the wrong one.
          hitFunc={(ctx, shape) => {
            const region = handleHitRegion(quad, i, (HANDLE_RADIUS + HIT_SLOP) / scale)
            if (region.length < 3) return
            ctx.beginPath()
            region.forEach((q, k) => (k ? ctx.lineTo(q.x, q.y) : ctx.moveTo(q.x, q.y)))
            ctx.closePath()
            ctx.fillShape(shape)
          }}
          listening={!locked}
          draggable={!locked}
          perfectDrawEnabled={false}
          onMouseEnter={(e) => setCursor(e, 'crosshair')}
          onMouseLeave={(e) => setCursor(e, '')}
          onMouseDown={(e) => {
            e.cancelBubble = true
            props.onVertexSelect(i)
          }}
          onDragStart={(e) => {
            e.cancelBubble = true
          }}
          onDragMove={(e) => {
            e.cancelBubble = true
            const node = e.target
            const placed = props.onVertexMove(i, { x: node.x(), y: node.y() })
            if (placed.x !== node.x() || placed.y !== node.y()) node.position(placed)
          }}
          onDragEnd={(e) => {
            e.cancelBubble = true
            props.onVertexMove(i, { x: e.target.x(), y: e.target.y() })
            props.onDrop()
          }}
        />
      ))}
    </>
  )
}
