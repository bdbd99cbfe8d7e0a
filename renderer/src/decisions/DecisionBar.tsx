// The decision block at the foot of the field panel: the case's current decision, and Approve / Reject… /
// Second review with their shortcuts. Approve explains (without being disabled) why it would be refused.
import type { Case, Decision } from '../../../shared/model'
import { commandTitle } from '../commands'
import { useApp } from '../state/appState'
import { decisionProblem } from '../../../shared/review-rules'
import { decide, openReject } from './decide'

const DECIDED: Record<Decision['kind'], string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  second_review: 'Needs second review',
}

function when(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
}

export function DecisionBar({ doc }: { doc: Case }) {
  const reviewer = useApp((s) => s.reviewerName)
  const review = useApp((s) => s.review)
  const approveProblem = decisionProblem(doc, { kind: 'approved', reason: null, note: '' }, reviewer, review)
  const d = doc.decision
  return (
    <section className="decision-bar" aria-label="Decision">
      {d ? (
        <p className={`decision-state decision-${d.kind}`}>
          <strong>{DECIDED[d.kind]}</strong>
          {d.reason ? ` — ${d.reason}` : ''} by {d.reviewer || 'unknown'}, {when(d.at)}
          {d.note && <span className="decision-note">“{d.note}”</span>}
        </p>
      ) : (
        <p className="decision-state muted">Not decided yet</p>
      )}
      <div className="decision-buttons">
        <button
          type="button"
          className="btn approve"
          title={approveProblem ?? commandTitle('approve')}
          onClick={() => void decide('approved')}
        >
          Approve
        </button>
        <button type="button" className="btn reject" title={commandTitle('reject')} onClick={openReject}>
          Reject…
        </button>
        <button
          type="button"
          className="btn"
          title={commandTitle('secondReview')}
          onClick={() => void decide('second_review')}
        >
          Second review
        </button>
      </div>
      {approveProblem && doc.status === 'recognised' && <p className="decision-hint">{approveProblem}</p>}
    </section>
  )
}
