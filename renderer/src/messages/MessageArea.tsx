import { useEffect, type ReactNode } from 'react'
import { dismissError, dismissNotice, useApp } from '../state/appState'

/** Notices fade on their own; errors stay until dismissed or replaced. */
const NOTICE_MS = 8000

/**
 * The reviewer's messages. Both live regions are always in the DOM (screen readers only announce changes to
 * regions that already exist); each shows as a slim toast when it has text. The dismiss buttons sit outside
 * the regions so the regions' text is exactly the message.
 */
export function MessageArea() {
  const error = useApp((s) => s.error)
  const notice = useApp((s) => s.notice)
  const busy = useApp((s) => s.importing || s.recognizing || s.exporting)

  useEffect(() => {
    if (!notice || busy) return
    const t = window.setTimeout(() => dismissNotice(), NOTICE_MS)
    return () => window.clearTimeout(t)
  }, [notice, busy])

  return (
    <div className="messages">
      <Toast
        kind="error"
        role="alert"
        message={error}
        onDismiss={dismissError}
        dismissLabel="Dismiss error"
        icon={
          <svg className="toast-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
            <path fill="currentColor" d="M8 1.5 15 14H1zm-.75 4.5v4h1.5V6zm0 5.25v1.5h1.5v-1.5z" />
          </svg>
        }
      />
      <Toast
        kind="notice"
        role="status"
        message={notice}
        onDismiss={dismissNotice}
        dismissLabel="Dismiss notice"
        icon={
          busy && notice ? (
            <span className="spinner" aria-hidden="true" />
          ) : (
            <svg className="toast-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
              <path fill="currentColor" d="M7.25 7h1.5v4.5h-1.5zM7.25 4.5h1.5V6h-1.5z" />
            </svg>
          )
        }
      />
    </div>
  )
}

type ToastProps = {
  kind: 'error' | 'notice'
  role: 'alert' | 'status'
  message: { text: string } | null
  icon: ReactNode
  onDismiss: () => void
  dismissLabel: string
}

/** One message slot: its live region is always in the DOM (so screen readers announce changes). */
function Toast({ kind, role, message, icon, onDismiss, dismissLabel }: ToastProps) {
  return (
    <div className={message ? `toast ${kind} shown` : `toast ${kind}`}>
      {icon}
      <div role={role} className="toast-text">
        {message?.text ?? ''}
      </div>
      {message && (
        <button type="button" className="toast-close" onClick={onDismiss} aria-label={dismissLabel}>
          ×
        </button>
      )}
    </div>
  )
}
