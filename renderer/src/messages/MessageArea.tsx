import { useEffect } from 'react'
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
      <div className={error ? 'toast error shown' : 'toast error'}>
        <svg className="toast-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
          <path fill="currentColor" d="M8 1.5 15 14H1zm-.75 4.5v4h1.5V6zm0 5.25v1.5h1.5v-1.5z" />
        </svg>
        <div role="alert" className="toast-text">
          {error?.text ?? ''}
        </div>
        {error && (
          <button type="button" className="toast-close" onClick={dismissError} aria-label="Dismiss error">
            ×
          </button>
        )}
      </div>
      <div className={notice ? 'toast notice shown' : 'toast notice'}>
        {busy && notice ? (
          <span className="spinner" aria-hidden="true" />
        ) : (
          <svg className="toast-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
            <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
            <path fill="currentColor" d="M7.25 7h1.5v4.5h-1.5zM7.25 4.5h1.5V6h-1.5z" />
          </svg>
        )}
        <div role="status" className="toast-text">
          {notice?.text ?? ''}
        </div>
        {notice && (
          <button type="button" className="toast-close" onClick={dismissNotice} aria-label="Dismiss notice">
            ×
          </button>
        )}
      </div>
    </div>
  )
}
