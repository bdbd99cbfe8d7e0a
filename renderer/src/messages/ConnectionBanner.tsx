import { runCommand } from '../commands'
import { clearConnectionProblem } from './connection'
import { connectionHint, connectionTitle } from '../state/messageRules'
import { useApp } from '../state/appState'

/**
 * The one banner above the workspace for a persistent problem (no key, key refused, endpoint unreachable, a failed
 * connection test): what is wrong, the endpoint, Test connection and Open Settings. Its slot is always in the DOM
 * (assertive live region) so the problem is announced when it appears; it takes no room while empty.
 */
export function ConnectionBanner() {
  const c = useApp((s) => s.connection)
  return (
    <div className="banner-slot" aria-live="assertive" aria-atomic="true">
      {c && (
        <section className="connection-banner" aria-label="Connection problem" data-problem={c.problem}>
          <svg className="banner-icon" width="18" height="18" viewBox="0 0 16 16" aria-hidden="true">
            <path fill="currentColor" d="M8 1.5 15 14H1zm-.75 4.5v4h1.5V6zm0 5.25v1.5h1.5v-1.5z" />
          </svg>
          <div className="banner-text">
            <p className="banner-title">{connectionTitle(c.problem)}</p>
            <p className="banner-message">{c.message}</p>
            <p className="banner-detail muted">
              {c.endpoint && (
                <>
                  Endpoint <code className="banner-endpoint">{c.endpoint}</code>.{' '}
                </>
              )}
              {connectionHint(c.problem)}
            </p>
          </div>
          <div className="banner-actions">
            <button
              type="button"
              className="btn primary small"
              onClick={() => runCommand('testConnection')}
              disabled={c.testing}
              aria-busy={c.testing}
            >
              {c.testing && <span className="spinner" aria-hidden="true" />}
              {c.testing ? 'Testing…' : 'Test connection'}
            </button>
            <button type="button" className="btn small" onClick={() => runCommand('settings')}>
              Open Settings
            </button>
            <button
              type="button"
              className="btn ghost small icon-only banner-close"
              onClick={clearConnectionProblem}
              aria-label="Hide the connection banner"
              title="Hide (it comes back if recognition meets the problem again)"
            >
              ×
            </button>
          </div>
        </section>
      )}
    </div>
  )
}
