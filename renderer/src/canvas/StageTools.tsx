import { commandTitle, runCommand, type CommandId } from '../commands'
import { useUndoState } from '../editing/edits'

type Props = {
  zoomPercent: number
  drawing: boolean
  hasSelection: boolean
  hasBack: boolean
  imageSource: 'screen' | 'preview' | 'full' | null
}

function ToolButton({
  id,
  label,
  text,
  disabled,
  pressed,
  icon,
}: {
  id: CommandId
  label: string
  text: string
  disabled?: boolean
  pressed?: boolean
  icon?: boolean
}) {
  return (
    <button
      type="button"
      className={`btn ghost small${icon ? ' icon' : ''}${pressed ? ' pressed' : ''}`}
      onClick={() => runCommand(id)}
      aria-label={label}
      aria-pressed={pressed}
      disabled={disabled}
      title={commandTitle(id)}
    >
      {text}
    </button>
  )
}

/** The canvas toolbar: view controls on the left, box edits on the right. Every button runs a command. */
export function StageTools({ zoomPercent, drawing, hasSelection, hasBack, imageSource }: Props) {
  const { canUndo, canRedo } = useUndoState()
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
        {zoomPercent} %
      </span>
      <ToolButton id="zoomIn" label="Zoom in" text="+" icon />
      <ToolButton id="rotate" label="Rotate view" text="⟳" icon />
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
      <ToolButton id="deleteField" label="Delete field" text="Delete" disabled={!hasSelection} />
      <ToolButton id="shortcuts" label="Keyboard shortcuts" text="?" icon />
    </div>
  )
}
