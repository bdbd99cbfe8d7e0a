import { PROVIDER_FIELD_DELETE_MESSAGE, isReviewerField } from '../../../shared/field-origin'
import { commandTitle, runCommand, type CommandId } from '../commands'
import { useUndoState } from '../editing/edits'
import { useApp } from '../state/appState'

function ToolButton({
  id,
  label,
  text,
  disabled,
  pressed,
  icon,
  why,
}: {
  id: CommandId
  label: string
  text: string
  disabled?: boolean
  pressed?: boolean
  icon?: boolean
  /** Why it is disabled, as its tooltip (else the command's name and shortcut). */
  why?: string | null
}) {
  return (
    <button
      type="button"
      className={`btn ghost small${icon ? ' icon' : ''}${pressed ? ' pressed' : ''}`}
      onClick={() => runCommand(id)}
      aria-label={label}
      aria-pressed={pressed}
      disabled={disabled}
      title={(disabled && why) || commandTitle(id)}
    >
      {text}
    </button>
  )
}

/**
 * The canvas toolbar: view controls on the left, box edits on the right. Every button runs a command; the zoom
 * shown is the active stage's (with front and back side by side, the side last clicked or selected).
 */
export function StageTools() {
  const { canUndo, canRedo } = useUndoState()
  const status = useApp((s) => s.stageStatus)
  const drawing = useApp((s) => s.current !== null && s.drawCaseId === s.current.id)
  const labelsShown = useApp((s) => s.labelsShown)
  const hasBack = useApp((s) => s.current?.back != null)
  const hasSelection = useApp(
    (s) =>
      s.selectedFieldKey !== null && (s.current?.fields.some((f) => f.key === s.selectedFieldKey) ?? false),
  )
  // Only a field a reviewer drew may be deleted; a recognised one is the provider's reading.
  const providerSelected = useApp(
    (s) =>
      s.current !== null &&
      s.selectedFieldKey !== null &&
      s.current.fields.some((f) => f.key === s.selectedFieldKey) &&
      !isReviewerField(s.current, s.selectedFieldKey),
  )
  const imageSource = status?.imageSource ?? null
  return (
    <div className="canvas-tools" role="toolbar" aria-label="View">
      <ToolButton id="fit" label="Fit" text="Fit" />
      <ToolButton id="actualSize" label="100 %" text="100 %" />
      <ToolButton id="zoomOut" label="Zoom out" text="−" icon />
      <span
        className="zoom-readout"
        aria-label="Zoom level"
        title={imageSource === 'full' ? 'Full-resolution image' : 'Display copy (sharper when zoomed in)'}
      >
        {status?.zoomPercent ?? 100} %
      </span>
      <ToolButton id="zoomIn" label="Zoom in" text="+" icon />
      <ToolButton id="rotateLeft" label="Rotate left" text="⟲" icon />
      <ToolButton id="rotateRight" label="Rotate right" text="⟳" icon />
      <ToolButton id="toggleLabels" label="Labels" text="Aa" icon pressed={labelsShown} />
      <span className="tools-sep" aria-hidden="true" />
      <ToolButton id="undo" label="Undo" text="↶" icon disabled={!canUndo} />
      <ToolButton id="redo" label="Redo" text="↷" icon disabled={!canRedo} />
      <span className="tools-sep" aria-hidden="true" />
      <ToolButton id="drawBox" label="Draw box" text="▭ Draw box" pressed={drawing} />
      <ToolButton
        id="moveSide"
        label="Move to other side"
        text="⇄ Other side"
        disabled={!hasSelection || !hasBack}
      />
      <ToolButton
        id="deleteField"
        label="Delete field"
        text="Delete"
        disabled={!hasSelection || providerSelected}
        why={providerSelected ? PROVIDER_FIELD_DELETE_MESSAGE : null}
      />
      <ToolButton id="shortcuts" label="Keyboard shortcuts" text="?" icon />
    </div>
  )
}
