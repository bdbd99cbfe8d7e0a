// "Approve with failed checks": the failing checks listed, and a written reason (required), recorded with the
// decision and as an audit event of its own. With four-eyes on, the first reviewer's request sends the case to
// second review and another reviewer confirms it (shared/review-rules overrideOutcome); the dialog says which.
import { useId, useState, type FormEvent } from 'react'
import { failingChecks } from '../../../shared/checks/types'
import { decisionProblem, overrideOutcome } from '../../../shared/review-rules'
import { useApp } from '../state/appState'
import { Modal } from '../ui/Modal'
import { closeOverride, currentProblem, decide, titleOf } from './decide'

export function OverrideDialog() {
  const ids = { reason: useId(), problem: useId(), help: useId() }
  const doc = useApp((s) => s.current)
  const name = useApp((s) => s.reviewerName)
  const account = useApp((s) => s.reviewerAccount)
  const reviewer = { name, account }
  const review = useApp((s) => s.review)
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (!doc) return null
  const failing = failingChecks(doc.checks)
  const outcome = overrideOutcome(doc, reviewer, review)
  const asked = doc.decision?.kind === 'second_review' ? doc.decision.checksOverride : null
  // What would still refuse it whatever the reason says (fields needing attention, four-eyes): said up front.
  const blocked = decisionProblem(
    doc,
    { kind: 'approved', reason: null, note: '', checksOverride: 'reason given' },
    reviewer,
    review,
  )

  const onSubmit = async (e?: FormEvent): Promise<void> => {
    e?.preventDefault()
    if (busy) return
    const draft = { kind: 'approved' as const, reason: null, note: '', checksOverride: reason }
    const why = currentProblem(draft)
    if (why) {
      setProblem(why)
      return
    }
    setBusy(true)
    const ok = await decide('approved', null, '', reason.trim())
    setBusy(false)
    if (ok) closeOverride()
  }

  return (
    <Modal label="Approve with failed checks" onClose={closeOverride} className="override-dialog">
      <form noValidate onSubmit={(e) => void onSubmit(e)}>
        <div className="modal-head">
          <h2 className="decision-dialog-title">
            Approve <span title={doc.name}>{titleOf(doc)}</span> with failed checks
          </h2>
          <span className="muted small">Esc to cancel</span>
        </div>
        <div className="modal-body">
          <p className="override-intro">
            {failing.length === 1 ? 'This check fails' : `These ${failing.length} checks fail`}. Your reason
            is recorded with the decision and in the audit trail.
          </p>
          <ul className="override-checks" aria-label="Failing checks">
            {failing.map((c) => (
              <li key={c.id}>
                <code>{c.id}</code>
                <span>{c.message}</span>
              </li>
            ))}
          </ul>
          {review.fourEyes &&
            (outcome === 'request' ? (
              <p className="override-four-eyes" role="note">
                Four-eyes is on: this does not approve the case yet. It is sent for second review, and another
                reviewer must confirm the approval.
              </p>
            ) : (
              asked && (
                <p className="override-four-eyes" role="note">
                  {doc.decision?.reviewer || 'Another reviewer'} asked to approve with failed checks: “
                  {asked.reason}”. Your approval confirms it.
                </p>
              )
            ))}
          {blocked && <p className="override-blocked">{blocked}</p>}
          <div className="form-row">
            <label htmlFor={ids.reason}>Reason</label>
            <textarea
              id={ids.reason}
              className="text-input"
              rows={3}
              maxLength={2000}
              required
              value={reason}
              placeholder="Why the document is acceptable although these checks fail"
              aria-invalid={problem !== null && !reason.trim() ? true : undefined}
              aria-describedby={problem ? `${ids.help} ${ids.problem}` : ids.help}
              onChange={(e) => {
                setReason(e.target.value)
                setProblem(null)
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) {
                  e.preventDefault()
                  void onSubmit()
                }
              }}
            />
            <p className="form-note" id={ids.help}>
              Required. Ctrl+Enter approves.
            </p>
          </div>
          {problem && (
            <p className="form-error" id={ids.problem} role="alert">
              {problem}
            </p>
          )}
        </div>
        <div className="modal-foot">
          <button type="button" className="btn" onClick={closeOverride}>
            Cancel
          </button>
          <button type="submit" className="btn approve" disabled={busy} aria-busy={busy}>
            Approve
          </button>
        </div>
      </form>
    </Modal>
  )
}
