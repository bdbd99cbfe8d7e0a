import { useEffect, useState } from 'react'
import { endpointHost } from '../../../shared/endpoint'
import { dismissMessage, store, useApp } from '../state/appState'
import { toastDuration } from '../state/messageRules'
import './messages.css'
import { WorkspaceStatus } from '../workspace/WorkspaceStatus'

function ErrorIcon() {
  return (
    <svg className="strip-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <path fill="currentColor" d="M8 1.5 15 14H1zm-.75 4.5v4h1.5V6zm0 5.25v1.5h1.5v-1.5z" />
    </svg>
  )
}

function InfoIcon() {
  return (
    <svg className="strip-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path fill="currentColor" d="M7.25 7h1.5v4.5h-1.5zM7.25 4.5h1.5V6h-1.5z" />
    </svg>
  )
}

/** The URL without query or fragment, for the endpoint's tooltip. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.origin}${u.pathname}`
  } catch {
    return ''
  }
}

/**
 * Where the API key and the scans go: the host of the ARGOS endpoint in use, always in view (issue 12). The store
 * has it from every settings view the renderer receives (state/actions.ts applySettingsView).
 */
export function EndpointIndicator() {
  const baseUrl = useApp((s) => s.argosBaseUrl)
  // With the local engine nothing goes there: the host stays in view (it is where a switch to ARGOS would send),
  // dimmed, and its tooltip says it is not in use.
  const local = useApp((s) => s.engine?.effective === 'local')
  const host = baseUrl === null ? '' : endpointHost(baseUrl)
  const title = baseUrl ? `ARGOS endpoint: ${shownUrl(baseUrl)}` : undefined
  return (
    <span
      role="group"
      aria-label="ARGOS endpoint"
      className={local ? 'status-endpoint muted unused' : 'status-endpoint muted'}
      title={title && local ? `${title} (not in use: documents are read on this computer)` : title}
    >
      {host || '…'}
    </span>
  )
}

/**
 * The status strip at the foot of the window: the one toast (a new one replaces it), in a row of its own so it never
 * covers the canvas or the field panel. Both live regions (alert for errors, status for notices) are always in the
 * DOM, since screen readers only announce changes to regions that already exist; the one in use holds exactly the
 * message. A toast goes by itself (a notice after ~4 s, an error later), not while pointed at or focused, and a
 * progress notice not while its work runs; × or Esc dismisses it at once.
 */
export function MessageArea() {
  const message = useApp((s) => s.message)
  const busy = useApp((s) => s.importing || s.recognizing || s.exporting)
  const [held, setHeld] = useState({ pointer: false, focus: false })
  const paused = held.pointer || held.focus

  useEffect(() => {
    if (!message || paused || (message.kind === 'notice' && busy)) return
    const t = window.setTimeout(() => {
      if (store.get().message === message) dismissMessage()
    }, toastDuration(message))
    return () => window.clearTimeout(t)
  }, [message, busy, paused])

  const kind = message?.kind ?? 'none'
  const error = message?.kind === 'error' ? message.text : null
  const notice = message?.kind === 'notice' ? message.text : null
  return (
    <div
      className={`status-strip ${kind}`}
      data-testid="status-strip"
      onMouseEnter={() => setHeld((h) => ({ ...h, pointer: true }))}
      onMouseLeave={() => setHeld((h) => ({ ...h, pointer: false }))}
      onFocus={() => setHeld((h) => ({ ...h, focus: true }))}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null))
          setHeld((h) => ({ ...h, focus: false }))
      }}
    >
      <div className={message ? `strip-toast ${kind}` : 'strip-toast'} data-seq={message?.seq}>
        {message &&
          (message.kind === 'error' ? (
            <ErrorIcon />
          ) : busy ? (
            <span className="spinner" aria-hidden="true" />
          ) : (
            <InfoIcon />
          ))}
        <div role="alert" className="strip-text">
          {error || null}
        </div>
        <div role="status" className="strip-text">
          {notice || null}
        </div>
        {message?.action && (
          <button type="button" className="btn small strip-action" onClick={message.action.run}>
            {message.action.label}
          </button>
        )}
        {message && (
          <button
            type="button"
            className="strip-close"
            onClick={() => dismissMessage()}
            aria-label={message.kind === 'error' ? 'Dismiss error' : 'Dismiss notice'}
            title="Dismiss (Esc)"
          >
            ×
          </button>
        )}
      </div>
      {/* Which workspace is in use, where a status bar says where one is connected (as an editor's remote does). */}
      <WorkspaceStatus />
      <EndpointIndicator />
      <span className="status-hint muted" aria-hidden="true">
        <kbd>?</kbd> shortcuts
      </span>
    </div>
  )
}
