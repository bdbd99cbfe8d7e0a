// Settings → History: the settings audit log (who changed four-eyes, the threshold, the endpoint, the key, the
// name), newest first, with whether its hash chain holds. Read from the main process each time the dialog opens
// and after each save, so the entry a save just wrote shows at once.
import { useEffect, useId, useState } from 'react'
import type { SettingsHistoryView } from '../../../shared/policy'
import { api, errorText } from '../api'
import { historyRows, historyVerdict } from './policyNotes'
import './settings.css'

/** Rows shown before "Show all": the recent changes are what a reviewer looks for; the rest is one press away. */
export const HISTORY_FIRST_ROWS = 20

export function SettingsHistory({ refresh, account }: { refresh: number; account: string | null }) {
  const ids = { head: useId(), verdict: useId() }
  const [view, setView] = useState<SettingsHistoryView | null>(null)
  const [error, setError] = useState('')
  const [all, setAll] = useState(false)

  useEffect(() => {
    let cancelled = false
    api()
      .getSettingsHistory()
      .then((v) => {
        if (cancelled) return
        setView(v)
        setError('')
      })
      .catch((err: unknown) => {
        if (!cancelled) setError(`Could not read the settings history: ${errorText(err)}`)
      })
    return () => {
      cancelled = true
    }
  }, [refresh])

  const rows = view ? historyRows(view) : []
  const shown = all ? rows : rows.slice(0, HISTORY_FIRST_ROWS)
  const verdict = view ? historyVerdict(view) : null

  return (
    <section className="settings-section" aria-labelledby={ids.head}>
      <h3 id={ids.head}>History</h3>
      {account && (
        <p className="form-note">
          Changes of the endpoint, the API key, four-eyes, the attention score, retention and the reviewer
          name are recorded with the operating-system account: {account}.
        </p>
      )}
      {error && <p className="form-note warn">{error}</p>}
      {!view && !error && <p className="form-note">Reading the history…</p>}
      {verdict && (
        <p
          id={ids.verdict}
          className={verdict.ok ? 'form-note' : 'form-note warn'}
          data-testid="settings-history-verdict"
        >
          {verdict.text}
        </p>
      )}
      {shown.length > 0 && (
        // Focusable so the keyboard can scroll a long history.
        <div
          className="settings-history"
          role="region"
          tabIndex={0}
          aria-label="Settings changes, newest first"
          aria-describedby={ids.verdict}
        >
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Account</th>
                <th scope="col">Setting</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.key}>
                  <td>
                    <time dateTime={r.at}>{r.when}</time>
                  </td>
                  <td>{r.account}</td>
                  <td>{r.what}</td>
                  <td className="settings-history-change">{r.change}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > shown.length && (
        <button type="button" className="btn small settings-history-more" onClick={() => setAll(true)}>
          Show all {rows.length} changes
        </button>
      )}
    </section>
  )
}
