// A reason from a fixed list (for reporting) and a free note, "Other" needing one: the body of the Reject and
// Delete case dialogs. The dialog owns the state and says what is wrong in `problem` (shown as an alert).
import { useId } from 'react'

type Props<R extends string> = {
  reasons: readonly R[]
  reason: R | ''
  note: string
  problem: string | null
  /** Rows of the note box. */
  rows?: number
  maxNote?: number
  onReason(reason: R | ''): void
  onNote(note: string): void
}

export function ReasonFields<R extends string>(p: Props<R>) {
  const ids = { reason: useId(), note: useId(), problem: useId() }
  return (
    <>
      <div className="form-row">
        <label htmlFor={ids.reason}>Reason</label>
        <select
          id={ids.reason}
          className="text-input"
          value={p.reason}
          aria-invalid={p.problem !== null && !p.reason ? true : undefined}
          aria-describedby={p.problem ? ids.problem : undefined}
          onChange={(e) => p.onReason(e.target.value as R | '')}
        >
          <option value="">Choose a reason…</option>
          {p.reasons.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div className="form-row">
        <label htmlFor={ids.note}>Note {p.reason === 'Other' ? '(required)' : '(optional)'}</label>
        <textarea
          id={ids.note}
          className="text-input"
          rows={p.rows ?? 3}
          maxLength={p.maxNote ?? 2000}
          value={p.note}
          onChange={(e) => p.onNote(e.target.value)}
        />
      </div>
      {p.problem && (
        <p className="form-error" id={ids.problem} role="alert">
          {p.problem}
        </p>
      )}
    </>
  )
}
