import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type Konva from 'konva'
import { Image as KonvaImage, Layer, Stage } from 'react-konva'
import type { Case, Point, Quad, Side } from '../../../shared/model'
import { commandTitle, runCommand } from '../commands'
import { errorText } from '../api'
import { focusFieldInput } from '../fields/focus'
import { humaniseKey } from '../fields/labels'
import { saveFieldQuad, selectField } from '../state/actions'
import { showError } from '../state/appState'
import { setCanvasController } from './controller'
import { FieldQuads } from './FieldQuads'
import { SelectedQuad } from './SelectedQuad'
import { attachStage } from './stageHook'
import { useElementSize } from './useElementSize'
import { useImageBitmap } from './useImageBitmap'
import {
  ZOOM_STEP,
  centreOf,
  clampToImage,
  ensureVisible,
  fitViewport,
  quadBounds,
  wheelFactor,
  withVertex,
  zoomAt,
  zoomBy,
  type Size,
  type Viewport,
} from './viewport'

type Props = { doc: Case; side: Side; selectedKey: string | null }

/** A viewport the reviewer chose (zoom/pan), remembered for one image; otherwise the image is fitted. */
type ManualView = { imageKey: string; view: Viewport }
type Draft = { caseId: string; key: string; quad: Quad }

export function DocumentStage({ doc, side, selectedKey }: Props) {
  const image = side === 'back' && doc.back ? doc.back : doc.front
  const imageKey = `${doc.id}:${side}`
  const imageSize = useMemo<Size>(
    () => ({ width: image.width, height: image.height }),
    [image.width, image.height],
  )
  const [containerRef, size] = useElementSize<HTMLDivElement>()
  const { bitmap, error, loading } = useImageBitmap(doc.id, side, image.mime)
  // The E2E hook reads the live Konva stage (a callback ref: the Stage mounts only once the pane is measured).
  const stageRef = useCallback((stage: Konva.Stage | null) => attachStage(stage), [])

  const [manual, setManual] = useState<ManualView | null>(null)
  const viewFor = useCallback(
    (m: ManualView | null): Viewport =>
      m && m.imageKey === imageKey ? m.view : fitViewport(size, imageSize),
    [imageKey, size, imageSize],
  )
  const view = viewFor(manual)

  // Vertex drag in progress (or being saved): drawn instead of the stored quad.
  const [draft, setDraft] = useState<Draft | null>(null)
  const draftRef = useRef<Draft | null>(null)

  const sideFields = useMemo(
    () => doc.fields.filter((f) => f.side === side && f.quad !== null),
    [doc.fields, side],
  )
  const selected = sideFields.find((f) => f.key === selectedKey) ?? null
  const others = useMemo(() => sideFields.filter((f) => f.key !== selectedKey), [sideFields, selectedKey])
  const selectedQuad =
    selected && draft && draft.caseId === doc.id && draft.key === selected.key
      ? draft.quad
      : (selected?.quad ?? null)

  // Focusing a field elsewhere (the panel) pans its box into view. Derived during render, not in an effect.
  const [shownSelection, setShownSelection] = useState<string | null>(selectedKey)
  if (shownSelection !== selectedKey) {
    setShownSelection(selectedKey)
    if (selected?.quad && size.width > 0) {
      const next = ensureVisible(view, size, quadBounds(selected.quad))
      if (next !== view) setManual({ imageKey, view: next })
    }
  }

  useEffect(
    () =>
      setCanvasController({
        fit: () => setManual(null),
        actualSize: () => setManual((m) => ({ imageKey, view: zoomAt(viewFor(m), centreOf(size), 1) })),
        zoomIn: () => setManual((m) => ({ imageKey, view: zoomBy(viewFor(m), centreOf(size), ZOOM_STEP) })),
        zoomOut: () =>
          setManual((m) => ({ imageKey, view: zoomBy(viewFor(m), centreOf(size), 1 / ZOOM_STEP) })),
      }),
    [imageKey, size, viewFor],
  )

  const onWheel = (e: Konva.KonvaEventObject<WheelEvent>): void => {
    e.evt.preventDefault()
    const stage = e.target.getStage()
    const anchor = stage?.getPointerPosition() ?? centreOf(size)
    const factor = wheelFactor(e.evt.deltaY, e.evt.deltaMode)
    setManual((m) => ({ imageKey, view: zoomBy(viewFor(m), anchor, factor) }))
  }

  const onStageDragEnd = (e: Konva.KonvaEventObject<DragEvent>): void => {
    const stage = e.target.getStage()
    if (!stage || e.target !== stage) return
    stage.container().style.cursor = ''
    setManual({ imageKey, view: { scale: view.scale, x: stage.x(), y: stage.y() } })
  }

  const onSelect = useCallback((key: string) => {
    selectField(key)
    focusFieldInput(key)
  }, [])

  const onVertexMove = (index: number, p: Point): Point => {
    if (!selected || !selectedQuad) return p
    const placed = clampToImage(p, imageSize)
    const next: Draft = { caseId: doc.id, key: selected.key, quad: withVertex(selectedQuad, index, placed) }
    draftRef.current = next
    setDraft(next)
    return placed
  }

  const onVertexDrop = (): void => {
    const done = draftRef.current
    if (!done) return
    draftRef.current = null
    saveFieldQuad(done.caseId, done.key, done.quad)
      .catch((err: unknown) =>
        showError(`Could not move the ${humaniseKey(done.key)} box: ${errorText(err)}`),
      )
      .finally(() => setDraft((d) => (d === done ? null : d)))
  }

  const zoomPercent = Math.round(view.scale * 100)

  return (
    <div className="stage-wrap">
      <div className="canvas-tools" role="toolbar" aria-label="View">
        <button
          type="button"
          className="btn ghost small"
          onClick={() => runCommand('fit')}
          title={commandTitle('fit')}
        >
          Fit
        </button>
        <button
          type="button"
          className="btn ghost small"
          onClick={() => runCommand('actualSize')}
          title={commandTitle('actualSize')}
        >
          100 %
        </button>
        <button
          type="button"
          className="btn ghost small icon"
          onClick={() => runCommand('zoomOut')}
          aria-label="Zoom out"
          title={commandTitle('zoomOut')}
        >
          −
        </button>
        <span className="zoom-readout" aria-label="Zoom level">
          {zoomPercent} %
        </span>
        <button
          type="button"
          className="btn ghost small icon"
          onClick={() => runCommand('zoomIn')}
          aria-label="Zoom in"
          title={commandTitle('zoomIn')}
        >
          +
        </button>
      </div>
      <div ref={containerRef} className="stage-host" data-testid="document-stage">
        {size.width > 0 && size.height > 0 && (
          <Stage
            ref={stageRef}
            width={size.width}
            height={size.height}
            scaleX={view.scale}
            scaleY={view.scale}
            x={view.x}
            y={view.y}
            draggable
            onWheel={onWheel}
            onDragStart={(e) => {
              const stage = e.target.getStage()
              if (stage && e.target === stage) stage.container().style.cursor = 'grabbing'
            }}
            onDragEnd={onStageDragEnd}
          >
            <Layer listening={false}>
              {bitmap && (
                <KonvaImage
                  image={bitmap}
                  width={image.width}
                  height={image.height}
                  listening={false}
                  perfectDrawEnabled={false}
                />
              )}
            </Layer>
            {bitmap && (
              <Layer>
                <FieldQuads
                  fields={others}
                  scale={view.scale}
                  dimmed={selected !== null}
                  onSelect={onSelect}
                />
              </Layer>
            )}
            {bitmap && selected && selectedQuad && (
              <Layer>
                <SelectedQuad
                  field={selected}
                  quad={selectedQuad}
                  scale={view.scale}
                  imageWidth={image.width}
                  imageHeight={image.height}
                  onVertexMove={onVertexMove}
                  onVertexDrop={onVertexDrop}
                />
              </Layer>
            )}
          </Stage>
        )}
        {loading && <div className="stage-note">Loading image…</div>}
        {error && <div className="stage-note error">{error}</div>}
      </div>
    </div>
  )
}
