// The decision block at the foot of the field panel: the case's current decision, and Approve / Reject… /
// Second review with their shortcuts. The buttons are enabled only on a recognised case (disabled otherwise, the
// reason in their tooltip); there, Approve explains (without being disabled) why it would be refused.
// `data-decision` names each button for the keyboard loop (it focuses Approve when no field is left to look at).
import { failingChecks } from '../../../shared/checks/types'
import type { Case, Decision } from '../../../shared/model'
import { commandTitle } from '../commands'
import { useApp } from '../state/appState'
import { decisionProblem } from '../../../shared/review-rules'
import { decide, openOverride, openReject } from './decide'
import { decisionBlocked } from './gate'
import { useReadOnly } from '../workspace/ClaimNote'
import { readOnlyMessage } from '../workspace/claims'

const DECIDED: Record<Decision['kind'], string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  second_review: 'Needs second review',
}

/** "with failed checks mrz.match.number, date.invalid.birth": the override a decision carries. */
function Override({ d }: { d: Decision }) {
  const o = d.checksOverride
  if (!o) return null
  const what = d.kind === 'second_review' ? 'Approval with failed checks requested' : 'With failed checks'
  return (
    <span className="decision-override">
      {what}: <code>{o.checks.join(', ')}</code> — “{o.reason}”
    </span>
  )
}

/** "Ann Reviewer (ann)": the display name, and the account where it says something more. */
function decidedBy(d: Decision): string {
  const name = d.reviewer || 'unknown'
  return d.account && d.account !== name ? `${name} (${d.account})` : name
}

function when(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
}

export function DecisionBar({ doc }: { doc: Case }) {
  const name = useApp((s) => s.reviewerName)
  const account = useApp((s) => s.reviewerAccount)
  const review = useApp((s) => s.review)
  const approveProblem = decisionProblem(
    doc,
    { kind: 'approved', reason: null, note: '' },
    { name, account },
    review,
  )
  const d = doc.decision
  // In a team workspace, a case someone else holds is looked at, not decided on here (the server refuses it too).
  const readOnly = useReadOnly(doc.id)
  const blocked = decisionBlocked(doc.status) ?? (readOnly ? readOnlyMessage(doc.id) : null)
  const failing = blocked ? 0 : failingChecks(doc.checks).length
  /** The tooltip: why the button is off, else its command and shortcut. */
  const tip = (title: string) => blocked ?? title
  return (
    <section className="decision-bar" aria-label="Decision">
      {d ? (
        <p className={`decision-state decision-${d.kind}`}>
          <strong>{DECIDED[d.kind]}</strong>
          {d.reason ? ` — ${d.reason}` : ''} by {decidedBy(d)}, {when(d.at)}
          {d.note && <span className="decision-note">“{d.note}”</span>}
          <Override d={d} />
        </p>
      ) : (
        <p className="decision-state muted">Not decided yet</p>
      )}
      <div className="decision-buttons">
        <button
          type="button"
          className="btn approve"
          data-decision="approve"
          disabled={blocked !== null}
          title={tip(
            approveProblem ?? `${commandTitle('approve')} · Ctrl+Enter: approve and open the next case`,
          )}
          onClick={() => void decide('approved')}
        >
          Approve
        </button>
        {failing > 0 && (
          <button
            type="button"
            className="btn approve-override"
            data-decision="approve_override"
            title={`${commandTitle('approveOverride')}: ${failing} check${failing === 1 ? '' : 's'} fail; approving needs a written reason`}
            onClick={openOverride}
          >
            Approve with failed checks…
          </button>
        )}
        <button
          type="button"
          className="btn reject"
          data-decision="reject"
          disabled={blocked !== null}
          title={tip(commandTitle('reject'))}
          onClick={openReject}
        >
          Reject…
        </button>
        <button
          type="button"
          className="btn"
          data-decision="second_review"
          disabled={blocked !== null}
          title={tip(commandTitle('secondReview'))}
          onClick={() => void decide('second_review')}
        >
          Second review
        </button>
      </div>
      <p className="decision-account muted">
        Deciding as{' '}
        <span
          aria-label="Reviewer account"
          title="Your operating-system account: what decisions and four-eyes go by"
        >
          {account || 'unknown account'}
        </span>
        {name && name !== account ? ` (${name})` : ''}
      </p>
      {blocked ? (
        <p className="decision-hint muted">{blocked}</p>
      ) : (
        approveProblem && <p className="decision-hint">{approveProblem}</p>
      )}
    </section>
  )
}
