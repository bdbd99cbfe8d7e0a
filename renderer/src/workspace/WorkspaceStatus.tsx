// The status bar's workspace status ("Workspace: On this computer", "Workspace: Team · alice · live") and the Next case
// button (issue 16). Nothing is shown before the view is read: no guess. A group, not a status role: the message
// area owns role=status (specs read the notices through it), as the engine badge beside it does.
import type { WorkspaceView } from '../../../shared/workspace'
import { command, runCommand } from '../commands'
import { useWorkspace } from './workspaceStore'
import { workspaceStatusText, workspaceStatusTitle } from './workspaceText'
import './workspace.css'

export function WorkspaceStatusView({ view }: { view: WorkspaceView }) {
  return (
    <span
      role="group"
      aria-label="Workspace"
      className={`workspace-status workspace-${view.kind} workspace-state-${view.state}`}
      title={workspaceStatusTitle(view)}
    >
      {/* "Workspace:" is hidden on a crowded toolbar, kept for assistive technology and tests (as "Engine:"). */}
      <span className="workspace-status-prefix">Workspace:</span>
      {workspaceStatusText(view).replace(/^Workspace:/, '')}
    </span>
  )
}

export function WorkspaceStatus() {
  const view = useWorkspace((s) => s.view)
  return view ? <WorkspaceStatusView view={view} /> : null
}

export function NextCaseButton() {
  const team = useWorkspace((s) => s.view?.kind === 'team')
  return (
    <button
      type="button"
      className="btn"
      onClick={() => runCommand('takeNextCase')}
      title={`${team ? "Claim and open the next case in the team's queue" : 'Open the next case to do'} (${command('takeNextCase').shortcut})`}
    >
      Next case
    </button>
  )
}
