// Reject with a reason from the fixed list (for reporting) and a free note ("Other" needs one).
import { useState, type FormEvent } from 'react'
import { REJECT_REASONS, type RejectReason } from '../../../shared/model'
import { useApp } from '../state/appState'
import { Modal } from '../ui/Modal'
import { ReasonFields } from '../ui/ReasonFields'
import { closeReject, currentProblem, decide, titleOf } from './decide'

export function RejectDialog() {
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
          <ReasonFields
            reasons={REJECT_REASONS}
            reason={reason}
            note={note}
            problem={problem}
            onReason={(r) => {
              setReason(r)
              setProblem(null)
            }}
            onNote={(n) => {
              setNote(n)
              setProblem(null)
            }}
          />
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
