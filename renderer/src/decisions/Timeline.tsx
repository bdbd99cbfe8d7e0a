// The open case's audit trail: every event, newest first (who: display name and OS account), with whether the
// hash chain and the entries' MACs hold. Read from the main process whenever the case changes while the timeline
// is shown.
import { useEffect, useState } from 'react'
import type { AuditView } from '../../../shared/ipc'
import type { Case } from '../../../shared/model'
import { api, errorText } from '../api'
import { fieldLabel } from '../fields/labels'
import { showError, showNotice } from '../state/appState'
import { titleOf } from './decide'
import { integrityLine, timelineRows } from './timelineRows'

function when(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString([], {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
}

export function Timeline({ doc }: { doc: Case }) {
  const [view, setView] = useState<{ id: string; audit: AuditView } | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  useEffect(() => {
    let cancelled = false
    api()
      .getAudit(doc.id)
      .then((audit) => {
        if (cancelled) return
        setView({ id: doc.id, audit })
        setFailed(null)
      })
      .catch((err: unknown) => {
        if (!cancelled) setFailed(`Could not read the audit trail: ${errorText(err)}`)
      })
    return () => {
      cancelled = true
    }
  }, [doc.id, doc.updatedAt])

  const audit = view && view.id === doc.id ? view.audit : null
  const onExport = async (): Promise<void> => {
    try {
      const r = await api().exportAuditCsv([doc.id])
      if (r.status === 'saved') showNotice(`Audit trail exported (${r.rows} events) to ${r.path}`)
    } catch (err) {
      showError(`Audit export failed: ${errorText(err)}`)
    }
  }

  if (failed) return <p className="timeline-problem pad">{failed}</p>
  if (!audit) return <p className="muted pad">Reading the audit trail…</p>
  const rows = timelineRows(audit.entries, fieldLabel)
  const integrity = integrityLine(audit)
  return (
    <section className="timeline" aria-label="Timeline">
      <h3 className="timeline-title">
        Timeline · <span title={doc.name}>{titleOf(doc)}</span>
      </h3>
      <div className={`chain-state ${integrity.state}`}>{integrity.text}</div>
      {audit.problem && <p className="timeline-problem">{audit.problem}</p>}
      <ol className="timeline-list">
        {rows.map((r) => (
          <li key={r.seq} className={`timeline-item event-${r.type}`}>
            <span className="timeline-text">
              {r.text}
              {r.count > 1 && <span className="muted"> ({r.count} saves)</span>}
            </span>
            <span className="timeline-meta">
              {r.reviewer} · <time dateTime={r.at}>{when(r.at)}</time>
            </span>
          </li>
        ))}
      </ol>
      <div className="timeline-foot">
        <button type="button" className="btn small" onClick={() => void onExport()}>
          Export audit CSV
        </button>
      </div>
    </section>
  )
}
