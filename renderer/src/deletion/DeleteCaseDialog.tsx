// "Delete case…": a reason from the list and a note ("Other" needs one); the main process then asks to confirm
// and records a tombstone (when, by whom, why) before the case's files go.
import { useState, type FormEvent } from 'react'
import { DELETE_REASONS, deleteReasonText, type DeleteReason } from '../../../shared/deletion'
import { errorText } from '../api'
import { titleOf } from '../decisions/decide'
import { useApp } from '../state/appState'
import { Modal } from '../ui/Modal'
import { ReasonFields } from '../ui/ReasonFields'
import { closeDeleteCase, deleteOpenCase } from './deleteActions'

export function DeleteCaseDialog() {
  const doc = useApp((s) => s.current)
  const [reason, setReason] = useState<DeleteReason | ''>('')
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (!doc) return null

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (busy) return
    if (!reason) return setProblem('Choose why the case is deleted: the reason is recorded.')
    const text = deleteReasonText(reason, note)
    if (!text) return setProblem('Describe the reason in the note when it is "Other".')
    setBusy(true)
    try {
      await deleteOpenCase(text)
    } catch (err) {
      setProblem(`Not deleted: ${errorText(err)}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal label="Delete case" onClose={closeDeleteCase} className="reject-dialog">
      <form noValidate onSubmit={(e) => void onSubmit(e)}>
        <div className="modal-head">
          <h2 className="decision-dialog-title">
            Delete <span title={doc.name}>{titleOf(doc)}</span>
          </h2>
          <span className="muted small">Esc to cancel</span>
        </div>
        <div className="modal-body">
          <p className="muted small">
            The case, its scans and its audit log are deleted from this computer. A record of the deletion
            (when, by whom, why) is kept.
          </p>
          <ReasonFields
            reasons={DELETE_REASONS}
            reason={reason}
            note={note}
            problem={problem}
            rows={2}
            maxNote={1500}
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
          <button type="button" className="btn" onClick={closeDeleteCase}>
            Cancel
          </button>
          <button type="submit" className="btn danger" disabled={busy}>
            Delete case…
          </button>
        </div>
      </form>
    </Modal>
  )
}
