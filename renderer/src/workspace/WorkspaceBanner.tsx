// Below the toolbar while the team database cannot be reached (issue 16, point 6): the reason and the countdown to
// the next attempt. Edits are refused meanwhile (each with its message); the banner goes once connected again.
import { useEffect, useState } from 'react'
import type { WorkspaceView } from '../../../shared/workspace'
import { runCommand } from '../commands'
import { useWorkspace } from './workspaceStore'
import { bannerShown, retryLeft, retryText } from './workspaceText'
import './workspace.css'

export function WorkspaceBannerView({ view, left }: { view: WorkspaceView; left: number | null }) {
  return (
    <section className="connection-banner workspace-banner" aria-label="Team workspace unreachable">
      <svg className="banner-icon" width="18" height="18" viewBox="0 0 16 16" aria-hidden="true">
        <path fill="currentColor" d="M8 1.5 15 14H1zm-.75 4.5v4h1.5V6zm0 5.25v1.5h1.5v-1.5z" />
      </svg>
      <div className="banner-text">
        <p className="banner-title">Team workspace unreachable</p>
        <p className="banner-message">
          {view.message ?? 'The connection to the team database was lost.'} Changes are refused until it is
          back.
        </p>
        <p className="banner-detail muted">{retryText(left)}</p>
      </div>
      <div className="banner-actions">
        <button type="button" className="btn small" onClick={() => runCommand('settings')}>
          Open Settings
        </button>
      </div>
    </section>
  )
}

/** Seconds before the next attempt, counting down each second from when the view arrived. */
function useRetryLeft(view: WorkspaceView | null, at: number): number | null {
  const [now, setNow] = useState(() => Date.now())
  const counting = view !== null && view.retryInSeconds !== null
  useEffect(() => {
    if (!counting) return
    const timer = window.setInterval(() => setNow(Date.now()), 1000)
    return () => window.clearInterval(timer)
  }, [counting, at])
  return view ? retryLeft(view, at, Math.max(now, at)) : null
}

export function WorkspaceBanner() {
  const view = useWorkspace((s) => s.view)
  const at = useWorkspace((s) => s.viewAt)
  const left = useRetryLeft(view, at)
  // The slot stays in the DOM (assertive live region): the problem is announced when it appears.
  return (
    <div className="banner-slot" aria-live="assertive" aria-atomic="true">
      {view && bannerShown(view) && <WorkspaceBannerView view={view} left={left} />}
    </div>
  )
}
