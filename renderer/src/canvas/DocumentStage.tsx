import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type Konva from 'konva'
import { Image as KonvaImage, Layer, Line, Stage } from 'react-konva'
import type { Case, Point, Quad, Side } from '../../../shared/model'
import { isTyping } from '../commands'
import { failingFieldKeys } from '../checks/checkView'
import { missingFieldKeys } from '../../../shared/expected-fields'
import { addDrawnField, setQuad } from '../editing/edits'
import { focusFieldInput } from '../fields/focus'
import { releaseRowsAfterPaint } from '../fields/rowsGate'
import { selectField, setSide } from '../state/actions'
import { store, useApp } from '../state/appState'
import { setCanvasController } from './controller'
import { DrawPrompt, promptHeight } from './DrawPrompt'
import { FieldLabels } from './FieldLabels'
import { FieldQuads } from './FieldQuads'
import { SelectedQuad } from './SelectedQuad'
import { registerStageSlot } from './stageHook'
import { uprightRotation } from './upright'
import { useDocumentImage } from './useDocumentImage'
import { useElementSize } from './useElementSize'
import { useFieldLabels } from './useFieldLabels'
import { useStageView } from './useStageView'
import {
  clampToImage,
  ensureVisible,
  imageToStage,
  quadBounds,
  quadToPoints,
  rectQuad,
  translateWithin,
  withVertex,
  type Size,
} from './viewport'

/**
 * `blank`: the next case is loading: show nothing of `doc` (the last case) and take no input.
 * `pair`: front and back are shown side by side, this stage being one of them (captioned, active when its side is).
 */
type Props = { doc: Case; side: Side; selectedKey: string | null; blank: boolean; pair?: boolean }

/** A box being dragged, nudged or saved: drawn instead of the stored quad. */
type Draft = { caseId: string; key: string; quad: Quad }
/** A new box: the rectangle being dragged out, then the quad waiting for its key. */
type Drawing = { from: Point; to: Point; done: boolean }

/** Arrow-key nudges are saved as one edit once the keys rest this long. */
const NUDGE_SAVE_MS = 400
/** The new-field prompt's size, and the pane's bottom strip kept clear for notices (screen pixels). */
const PROMPT_WIDTH = 260
const NOTICE_ROOM = 80
/** A drawn box smaller than this (screen pixels) is taken for a click. */
const MIN_DRAW_PX = 6

/** The view rotation of one side: the reviewer's own turn while the case is open, else the upright one. */
function useRotation(doc: Case, side: Side): [number, (deg: number) => void] {
  const own = useApp((s) => (s.viewTurn && s.viewTurn.caseId === doc.id ? s.viewTurn[side] : null))
  const upright = useMemo(() => uprightRotation(doc, side), [doc, side])
  const set = useCallback(
    (deg: number) =>
      store.set((s) => {
        const base =
          s.viewTurn && s.viewTurn.caseId === doc.id
            ? s.viewTurn
            : { caseId: doc.id, front: null, back: null }
        return { viewTurn: { ...base, [side]: deg } }
      }),
    [doc.id, side],
  )
  return [own ?? upright, set]
}

export function DocumentStage({ doc, side, selectedKey, blank, pair = false }: Props) {
  const image = side === 'back' && doc.back ? doc.back : doc.front
  const imageKey = `${doc.id}:${side}`
  const imageSize = useMemo<Size>(
    () => ({ width: image.width, height: image.height }),
    [image.width, image.height],
  )
  const attentionScore = useApp((s) => s.review.attentionScore)
  const failing = useMemo(() => failingFieldKeys(doc.checks), [doc.checks])
  const [containerRef, size] = useElementSize<HTMLDivElement>()
  const [rotation, setRotation] = useRotation(doc, side)
  const v = useStageView(imageKey, size, imageSize, rotation, setRotation)
  const { view } = v
  const { shown, error, loading } = useDocumentImage(doc.id, side, image, view.scale)
  const activeSide = useApp((s) => s.side)
  const active = !pair || activeSide === side
  const labelsShown = useApp((s) => s.labelsShown)
  const drawMode = useApp((s) => s.drawCaseId === doc.id) && !blank
  // The E2E hook reads the live Konva stage (a callback ref: the Stage mounts only once the pane is measured).
  const [hook] = useState(() => registerStageSlot(side))
  useEffect(() => {
    hook.attach()
    return hook.release
  }, [hook])
  useEffect(() => hook.setSide(side), [hook, side])
  const stageRef = useCallback((stage: Konva.Stage | null) => hook.setStage(stage), [hook])
  const visible = blank ? null : shown
  useEffect(() => {
    hook.setImage(
      visible
        ? { caseId: doc.id, source: visible.source, width: visible.width, height: visible.height }
        : null,
    )
    return () => hook.setImage(null)
  }, [hook, visible, doc.id])
  // The field panel holds a newly opened case's rows until its scan (or the reason it is missing) is on screen.
  const drawnCaseId = !blank && (shown || error) ? doc.id : null
  useEffect(() => (drawnCaseId ? releaseRowsAfterPaint(drawnCaseId) : undefined), [drawnCaseId])
  // The canvas toolbar shows the active stage's zoom and bitmap.
  const zoomPercent = Math.round(view.scale * 100)
  const source = visible?.source ?? null
  useEffect(() => {
    if (active) store.set({ stageStatus: { zoomPercent, imageSource: source } })
  }, [active, zoomPercent, source])

  const [draft, setDraft] = useState<Draft | null>(null)
  const draftRef = useRef<Draft | null>(null)
  const [activeVertex, setActiveVertex] = useState<number | null>(null)
  const [drawing, setDrawing] = useState<Drawing | null>(null)
  const [hovered, setHovered] = useState<string | null>(null)
  const [space, setSpace] = useState(false)
  const nudgeTimer = useRef<number | null>(null)
  // Another case: what was being drawn or dragged belonged to the last one (a pending nudge is still saved,
  // by the imageKey effect below). Reset during render, so the new case never shows the old state.
  const [stateCase, setStateCase] = useState(doc.id)
  if (stateCase !== doc.id) {
    setStateCase(doc.id)
    setDraft(null)
    setActiveVertex(null)
    setDrawing(null)
    setHovered(null)
  }
  // Drawing ended (Esc, D, the field added) or moved to the other stage: this stage's rectangle goes.
  if (drawing && (!drawMode || !active)) setDrawing(null)

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
    setActiveVertex(null)
    if (selected?.quad && size.width > 0) {
      const next = ensureVisible(view, size, quadBounds(selected.quad))
      if (next !== view) v.setView(next)
    }
  }

  const placeDraft = (next: Draft): void => {
    draftRef.current = next
    setDraft(next)
  }
  const saveDraft = useCallback((): void => {
    if (nudgeTimer.current !== null) window.clearTimeout(nudgeTimer.current)
    nudgeTimer.current = null
    const done = draftRef.current
    if (!done) return
    draftRef.current = null
    void setQuad(done.caseId, done.key, done.quad).finally(() => setDraft((d) => (d === done ? null : d)))
  }, [])
  // Leaving the case or side must not lose a nudge still waiting for its save.
  useEffect(() => saveDraft, [imageKey, saveDraft])

  const setDrawMode = (on: boolean): void => store.set({ drawCaseId: on ? doc.id : null })
  const cancel = (): boolean => {
    if (drawing || drawMode) {
      setDrawing(null)
      setDrawMode(false)
      return true
    }
    if (activeVertex !== null) {
      setActiveVertex(null)
      return true
    }
    return false
  }

  const nudge = (dx: number, dy: number): void => {
    if (!selected || !selectedQuad) return
    const quad =
      activeVertex !== null
        ? withVertex(
            selectedQuad,
            activeVertex,
            clampToImage(
              { x: (selectedQuad[activeVertex]?.x ?? 0) + dx, y: (selectedQuad[activeVertex]?.y ?? 0) + dy },
              imageSize,
            ),
          )
        : translateWithin(selectedQuad, dx, dy, imageSize)
    placeDraft({ caseId: doc.id, key: selected.key, quad })
    if (nudgeTimer.current !== null) window.clearTimeout(nudgeTimer.current)
    nudgeTimer.current = window.setTimeout(saveDraft, NUDGE_SAVE_MS)
  }

  const controls = { ...v, nudge, cancel, toggleDraw: () => (drawMode ? cancel() : setDrawMode(true)) }
  const controlsRef = useRef(controls)
  useEffect(() => {
    controlsRef.current = controls
  })
  useEffect(
    () =>
      setCanvasController(
        {
          fit: () => controlsRef.current.fit(),
          actualSize: () => controlsRef.current.actualSize(),
          zoomIn: () => controlsRef.current.zoomIn(),
          zoomOut: () => controlsRef.current.zoomOut(),
          rotate: (direction) => controlsRef.current.rotate(direction),
          nudge: (dx, dy) => controlsRef.current.nudge(dx, dy),
          toggleDraw: () => void controlsRef.current.toggleDraw(),
          cancel: () => controlsRef.current.cancel(),
        },
        hook.side,
      ),
    [hook],
  )

  // Space held: the pointer pans whatever is under it.
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return
      e.preventDefault()
      if (!e.repeat) setSpace(true)
    }
    const up = (e: KeyboardEvent) => e.code === 'Space' && setSpace(false)
    const blur = () => setSpace(false)
    window.addEventListener('keydown', down)
    window.addEventListener('keyup', up)
    window.addEventListener('blur', blur)
    return () => {
      window.removeEventListener('keydown', down)
      window.removeEventListener('keyup', up)
      window.removeEventListener('blur', blur)
    }
  }, [])

  const onSelect = useCallback((key: string) => {
    selectField(key)
    focusFieldInput(key)
  }, [])

  const onVertexMove = (index: number, p: Point): Point => {
    if (!selected || !selectedQuad) return p
    const placed = clampToImage(p, imageSize)
    placeDraft({ caseId: doc.id, key: selected.key, quad: withVertex(selectedQuad, index, placed) })
    return placed
  }
  const onBoxMove = (origin: Quad, dx: number, dy: number): void => {
    if (!selected) return
    placeDraft({ caseId: doc.id, key: selected.key, quad: translateWithin(origin, dx, dy, imageSize) })
  }

  const pointer = (e: Konva.KonvaEventObject<MouseEvent>): Point | null => {
    const p = e.target.getStage()?.getRelativePointerPosition()
    return p ? clampToImage(p, imageSize) : null
  }
  const drawingActive = drawMode && !space
  const onMouseDown = (e: Konva.KonvaEventObject<MouseEvent>) => {
    // Side by side: the stage pressed becomes the active one (zoom keys, D, arrows act on it).
    if (pair && !active) setSide(side)
    if (!drawingActive || e.evt.button !== 0 || drawing?.done) return
    const p = pointer(e)
    if (p) setDrawing({ from: p, to: p, done: false })
  }
  const onMouseMove = (e: Konva.KonvaEventObject<MouseEvent>) => {
    if (!drawing || drawing.done) return
    const p = pointer(e)
    if (p) setDrawing({ ...drawing, to: p })
  }
  const onMouseUp = () => {
    if (!drawing || drawing.done) return
    const b = quadBounds(rectQuad(drawing.from, drawing.to))
    if (b.width * view.scale < MIN_DRAW_PX || b.height * view.scale < MIN_DRAW_PX) setDrawing(null)
    else setDrawing({ ...drawing, done: true })
  }
  const submitDrawn = async (key: string): Promise<boolean> => {
    if (!drawing) return false
    const ok = await addDrawnField(doc.id, key, side, rectQuad(drawing.from, drawing.to))
    if (ok) {
      setDrawing(null)
      setDrawMode(false)
      selectField(key)
      window.requestAnimationFrame(() => focusFieldInput(key))
    }
    return ok
  }
  const missingKeys = useMemo(() => missingFieldKeys(doc, side), [doc, side])
  const drawnQuad = drawing ? rectQuad(drawing.from, drawing.to) : null
  const promptAt = (() => {
    if (!drawnQuad || !drawing?.done) return null
    const b = quadBounds(drawnQuad.map((p) => imageToStage(view, p)))
    // Below the box, or above it when the bottom of the pane (where notices appear) has no room.
    const below = b.y + b.height + 8
    const height = promptHeight(missingKeys.length)
    const y = below + height <= size.height - NOTICE_ROOM ? below : b.y - height - 8
    return {
      x: Math.max(8, Math.min(size.width - PROMPT_WIDTH - 8, b.x)),
      y: Math.max(8, Math.min(size.height - NOTICE_ROOM - height, y)),
    }
  })()

  const labels = useFieldLabels({
    fields: sideFields,
    selectedKey: selected?.key ?? null,
    selectedQuad,
    hovered,
    view,
    size,
    enabled: labelsShown && visible !== null,
    attentionScore,
    failing,
  })

  const cursor = space ? 'grab' : drawingActive ? 'crosshair' : undefined

  return (
    <div className={`stage-wrap${pair ? ' paired' : ''}${pair && active ? ' active' : ''}`}>
      <div
        ref={containerRef}
        className={`stage-host${drawMode ? ' drawing' : ''}`}
        data-testid="document-stage"
        data-side={side}
        style={cursor ? { cursor } : undefined}
      >
        {size.width > 0 && size.height > 0 && (
          <Stage
            ref={stageRef}
            width={size.width}
            height={size.height}
            scaleX={view.scale}
            scaleY={view.scale}
            rotation={view.rotation ?? 0}
            x={view.x}
            y={view.y}
            // Blank, it takes no input: no shapes to hit and no drag. It stays listening, as a stage that is not
            // releases its quad layer's hit canvas and must allocate it again as the next case opens.
            draggable={!drawingActive && !blank}
            onWheel={(e) => {
              e.evt.preventDefault()
              const anchor = e.target.getStage()?.getPointerPosition() ?? {
                x: size.width / 2,
                y: size.height / 2,
              }
              v.wheel(anchor, e.evt.deltaY, e.evt.deltaMode)
            }}
            onMouseDown={onMouseDown}
            onMouseMove={onMouseMove}
            onMouseUp={onMouseUp}
            onDragStart={(e) => {
              const stage = e.target.getStage()
              if (stage && e.target === stage) stage.container().style.cursor = 'grabbing'
            }}
            onDragEnd={(e) => {
              const stage = e.target.getStage()
              if (!stage || e.target !== stage) return
              stage.container().style.cursor = ''
              v.setView({ ...view, x: stage.x(), y: stage.y() })
            }}
          >
            <Layer listening={false}>
              {visible && (
                <KonvaImage
                  image={visible.bitmap}
                  width={image.width}
                  height={image.height}
                  listening={false}
                  perfectDrawEnabled={false}
                />
              )}
            </Layer>
            {/* Mounted for good, unlike its contents: Konva draws a layer added to a stage at once, inside the
                commit, and again at the next frame, so a layer mounted with the image drew its quads twice. */}
            <Layer>
              {visible && (
                <FieldQuads
                  fields={others}
                  dimmed={selected !== null}
                  passive={drawMode || space}
                  onSelect={onSelect}
                  attentionScore={attentionScore}
                  failing={failing}
                  hovered={hovered}
                  onHover={setHovered}
                />
              )}
            </Layer>
            {visible && selected && selectedQuad && (
              <Layer>
                <SelectedQuad
                  field={selected}
                  quad={selectedQuad}
                  scale={view.scale}
                  imageWidth={image.width}
                  imageHeight={image.height}
                  activeVertex={activeVertex}
                  locked={drawMode || space}
                  onVertexSelect={setActiveVertex}
                  onVertexMove={onVertexMove}
                  onBoxMove={onBoxMove}
                  onDrop={saveDraft}
                  checkFailed={failing.has(selected.key)}
                />
              </Layer>
            )}
            <Layer listening={false}>
              {labels.length > 0 && <FieldLabels labels={labels} viewX={view.x} viewY={view.y} />}
              {drawnQuad && (
                <Line
                  points={quadToPoints(drawnQuad)}
                  closed
                  stroke="#ffffff"
                  strokeWidth={2}
                  dash={[6, 4]}
                  strokeScaleEnabled={false}
                  fill="rgba(76, 154, 255, 0.18)"
                />
              )}
            </Layer>
          </Stage>
        )}
        {pair && (
          <div className="stage-caption" aria-hidden="true">
            {side === 'front' ? 'Front' : 'Back'}
          </div>
        )}
        {drawMode && !drawing && (active || !pair) && (
          <div className="stage-hint" role="note">
            Drag a rectangle over the text the recognition missed{pair ? ' (on either side)' : ''} · Esc
            cancels
          </div>
        )}
        {promptAt && (
          <DrawPrompt
            at={promptAt}
            side={side}
            options={missingKeys}
            existingKeys={doc.fields.map((f) => f.key)}
            onSubmit={submitDrawn}
            onCancel={() => void cancel()}
          />
        )}
        {blank ? (
          <div className="stage-note">Opening case…</div>
        ) : (
          loading && <div className="stage-note">Loading image…</div>
        )}
        {error && <div className="stage-note error">{error}</div>}
      </div>
    </div>
  )
}
