// Reject with a reason from the fixed list (for reporting) and a free note ("Other" needs one).
import { useId, useState, type FormEvent } from 'react'
import { REJECT_REASONS, type RejectReason } from '../../../shared/model'
import { useApp } from '../state/appState'
import { Modal } from '../ui/Modal'
import { closeReject, currentProblem, decide, titleOf } from './decide'

export function RejectDialog() {
  const ids = { reason: useId(), note: useId(), problem: useId() }
  const doc = useApp((s) => s.current)
  const name = doc ? titleOf(doc) : ''
  const [reason, setReason] = useState<RejectReason | ''>('')
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const draft = { kind: 'rejected' as const, reason: reason || null, note }
    const why = currentProblem(draft)
    if (why) {
      setProblem(why)
      return
    }
    setBusy(true)
    const ok = await decide('rejected', draft.reason, note)
    setBusy(false)
    if (ok) closeReject()
  }

  return (
    <Modal label="Reject case" onClose={closeReject} className="reject-dialog">
      <form noValidate onSubmit={(e) => void onSubmit(e)}>
        <div className="modal-head">
          <h2 className="decision-dialog-title">
            Reject <span title={doc && name !== doc.name ? doc.name : undefined}>{name}</span>
          </h2>
          <span className="muted small">Esc to cancel</span>
        </div>
        <div className="modal-body">
          <div className="form-row">
            <label htmlFor={ids.reason}>Reason</label>
            <select
              id={ids.reason}
              className="text-input"
              value={reason}
              aria-invalid={problem !== null && !reason ? true : undefined}
              aria-describedby={problem ? ids.problem : undefined}
              onChange={(e) => {
                setReason(e.target.value as RejectReason | '')
                setProblem(null)
              }}
            >
              <option value="">Choose a reason…</option>
              {REJECT_REASONS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <div className="form-row">
            <label htmlFor={ids.note}>Note {reason === 'Other' ? '(required)' : '(optional)'}</label>
            <textarea
              id={ids.note}
              className="text-input"
              rows={3}
              maxLength={2000}
              value={note}
              onChange={(e) => {
                setNote(e.target.value)
                setProblem(null)
              }}
            />
          </div>
          {problem && (
            <p className="form-error" id={ids.problem} role="alert">
              {problem}
            </p>
          )}
        </div>
        <div className="modal-foot">
          <button type="button" className="btn" onClick={closeReject}>
            Cancel
          </button>
          <button type="submit" className="btn danger" disabled={busy}>
            Reject
          </button>
        </div>
      </form>
    </Modal>
  )
}
