import { memo, useId } from 'react'
import type { CaseSummary } from '../../../shared/model'
import { selectCase } from '../state/actions'
import { useApp } from '../state/appState'
import { scoreTone } from '../fields/fieldState'
import { ID_TYPE_LABELS } from '../toolbar/idTypes'
import { STATUS_CHIP } from './statusLabels'

/** "14:05" for today's imports, "26 Nov" otherwise: enough to tell two scans of the same name apart. */
function when(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const today = new Date().toDateString() === d.toDateString()
  return today
    ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString([], { day: 'numeric', month: 'short' })
}

type ItemProps = { c: CaseSummary; selected: boolean }

/** Memoised: a refresh keeps unchanged summaries (same objects), so only the rows that changed re-render. */
const CaseItem = memo(function CaseItem({ c, selected }: ItemProps) {
  const detailsId = useId()
  const failed = c.status === 'failed'
  // Hover text: the name (it may be cut off) and, for a failed case, why it failed.
  const hover = failed ? `${c.name}\nFailed${c.errorTitle ? `: ${c.errorTitle}` : ''}` : c.name
  const context = [
    when(c.createdAt),
    c.issuingCountry,
    c.idType ? ID_TYPE_LABELS[c.idType] : null,
    c.hasBack ? 'front + back' : null,
  ]
    .filter(Boolean)
    .join(' · ')
  return (
    <li
      className={selected ? 'case-item selected' : 'case-item'}
      aria-current={selected ? 'true' : undefined}
    >
      {/* Named by the case name only (details as description), so no case button's name contains
          "Recognize" or other toolbar button names that tests look up by substring. */}
      <button
        type="button"
        className="case-button"
        onClick={() => selectCase(c.id)}
        title={hover}
        aria-label={c.name}
        aria-describedby={detailsId}
      >
        <span className="case-name">{c.name}</span>
        <span className="case-line" id={detailsId}>
          <span className={`status-chip status-${c.status}`}>{STATUS_CHIP[c.status]}</span>
          <span className="case-count">
            {c.fieldCount} field{c.fieldCount === 1 ? '' : 's'}
          </span>
          {c.lowestScore !== null && (
            <span className={`score-chip tone-${scoreTone(c.lowestScore)}`} title="Lowest field score">
              min {Math.round(c.lowestScore)}
            </span>
          )}
        </span>
        {context && <span className="case-context">{context}</span>}
      </button>
    </li>
  )
})

export function CaseList() {
  const cases = useApp((s) => s.cases)
  const loaded = useApp((s) => s.casesLoaded)
  const selectedId = useApp((s) => s.selectedCaseId)
  return (
    <nav className="pane case-pane" aria-label="Case queue">
      <div className="pane-head">
        <h2>Cases</h2>
        <span className="count-badge">{cases.length}</span>
      </div>
      <ul className="case-list" aria-label="Cases">
        {cases.map((c) => (
          <CaseItem key={c.id} c={c} selected={c.id === selectedId} />
        ))}
      </ul>
      {loaded && cases.length === 0 && (
        <p className="muted pad small">No cases yet. Import a scan to start.</p>
      )}
    </nav>
  )
}
