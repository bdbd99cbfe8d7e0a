// Settings → Workspace (issue 16): this computer's store or a team's PostgreSQL database. The connection URL carries
// no password; a password typed here goes to the main process, which keeps it with the OS keystore, and never
// comes back (the view only says whether one is saved). Once on a team: who the server knows the reviewer as, and
// "Copy local cases to the team workspace…". The wording and the form logic are in workspaceStore/workspaceText.
import { useEffect, useId, type KeyboardEvent } from 'react'
import type { WorkspaceView } from '../../../shared/workspace'
import {
  connectWorkspace,
  copyLocalCasesToTeam,
  editConnectForm,
  resetConnectForm,
  useWorkspace,
  type ConnectForm,
  type CopyState,
} from './workspaceStore'
import { copyReportLines, isTeamConnected, rolesText } from './workspaceText'
import './workspace.css'

export type WorkspaceSectionProps = {
  view: WorkspaceView | null
  form: ConnectForm
  copy: CopyState
  onEdit(patch: Partial<Pick<ConnectForm, 'kind' | 'connection' | 'password'>>): void
  onConnect(): void
  onCopy(): void
}

/** The section as a function of its state (rendered by tests without a window). */
export function WorkspaceSectionView({ view, form, copy, onEdit, onConnect, onCopy }: WorkspaceSectionProps) {
  const ids = { connection: useId(), password: useId(), passwordNote: useId(), connectionNote: useId() }
  const team = form.kind === 'team'
  const savedPassword =
    view?.kind === 'team' && view.hasPassword && view.connection === form.connection.trim()
  // Enter in a field connects; it must not submit the Settings form around it (that is Save).
  const enterConnects = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return
    e.preventDefault()
    onConnect()
  }
  return (
    <section className="settings-section workspace-section" aria-label="Workspace">
      <h3>Workspace</h3>
      <div role="radiogroup" aria-label="Workspace" className="workspace-kind">
        <label className="workspace-radio">
          <input
            type="radio"
            name="workspace-kind"
            checked={!team}
            disabled={form.connecting}
            onChange={() => onEdit({ kind: 'local' })}
          />
          On this computer
        </label>
        <label className="workspace-radio">
          <input
            type="radio"
            name="workspace-kind"
            checked={team}
            disabled={form.connecting}
            onChange={() => onEdit({ kind: 'team' })}
          />
          Team (PostgreSQL)
        </label>
      </div>
      {team && (
        <div className="form-grid workspace-fields">
          <div className="form-row">
            <label htmlFor={ids.connection}>Connection</label>
            <input
              id={ids.connection}
              type="text"
              className="text-input"
              spellCheck={false}
              autoComplete="off"
              placeholder="postgres://login@host:5432/recto"
              value={form.connection}
              disabled={form.connecting}
              aria-describedby={ids.connectionNote}
              onChange={(e) => onEdit({ connection: e.target.value })}
              onKeyDown={enterConnects}
            />
            <p className="form-note" id={ids.connectionNote}>
              Your own PostgreSQL login, without the password. Over the network the server must offer TLS.
            </p>
          </div>
          <div className="form-row">
            <label htmlFor={ids.password}>Password</label>
            <input
              id={ids.password}
              type="password"
              className="text-input"
              autoComplete="off"
              value={form.password}
              disabled={form.connecting}
              placeholder={savedPassword ? '•••••••• (saved)' : ''}
              aria-describedby={ids.passwordNote}
              onChange={(e) => onEdit({ password: e.target.value })}
              onKeyDown={enterConnects}
            />
            <p className="form-note" id={ids.passwordNote}>
              {savedPassword
                ? 'A password is saved with the system keystore. Leave this empty to keep it.'
                : 'Kept with the system keystore. Leave it empty if the server signs you in by certificate (sslcert and sslkey in the connection).'}
            </p>
          </div>
        </div>
      )}
      <div className="form-row workspace-connect-row">
        <button
          type="button"
          className="btn"
          disabled={form.connecting}
          aria-busy={form.connecting}
          onClick={onConnect}
        >
          Connect
        </button>
        <span className="form-note workspace-state" aria-live="polite">
          {form.connecting ? 'Connecting…' : connectedText(view)}
        </span>
      </div>
      {form.error && (
        <p className="form-note warn workspace-error" role="alert">
          {form.error}
        </p>
      )}
      {isTeamConnected(view) && <CopyToTeam copy={copy} onCopy={onCopy} />}
    </section>
  )
}

/** Under Connect: what is in use now (the login and roles the server gave, for a team). */
function connectedText(view: WorkspaceView | null): string {
  if (!view) return ''
  if (view.kind === 'local') return 'In use: this computer.'
  if (view.state === 'connected') return `Connected as ${view.login ?? '?'} (${rolesText(view.roles)}).`
  if (view.state === 'connecting') return 'Connecting…'
  return view.message ? `Not connected: ${view.message}` : 'Not connected.'
}

function CopyToTeam({ copy, onCopy }: { copy: CopyState; onCopy(): void }) {
  return (
    <div className="form-row workspace-copy">
      <button type="button" className="btn" disabled={copy.running} onClick={onCopy}>
        Copy local cases to the team workspace…
      </button>
      <p className="form-note">
        Each case goes with its audit log, checked before and after. An interrupted copy resumes; nothing is
        removed from this computer unless you confirm.
      </p>
      {copy.running && (
        <div className="workspace-progress">
          <progress
            aria-label="Copying cases"
            max={Math.max(copy.total, 1)}
            value={copy.done}
            aria-valuetext={copy.total ? `${copy.done} of ${copy.total}` : 'Starting…'}
          />
          <span className="form-note">{copy.total ? `${copy.done} of ${copy.total}` : 'Starting…'}</span>
        </div>
      )}
      {copy.report && (
        <ul role="status" className="workspace-report form-note">
          {copyReportLines(copy.report).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {copy.error && (
        <p role="alert" className="form-note warn">
          {copy.error}
        </p>
      )}
    </div>
  )
}

/** The section in Settings: reads the view again and starts the form from it when Settings opens. */
export function WorkspaceSection() {
  const view = useWorkspace((s) => s.view)
  const form = useWorkspace((s) => s.form)
  const copy = useWorkspace((s) => s.copy)
  useEffect(() => {
    resetConnectForm()
  }, [])
  return (
    <WorkspaceSectionView
      view={view}
      form={form}
      copy={copy}
      onEdit={editConnectForm}
      onConnect={() => void connectWorkspace()}
      onCopy={() => void copyLocalCasesToTeam()}
    />
  )
}
