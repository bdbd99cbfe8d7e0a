import { useId, useState, type FormEvent } from 'react'
import { FIELD_KEY_PATTERN, type Side } from '../../../shared/model'

type Props = {
  /** Where the prompt sits, in pixels of the stage host. */
  at: { x: number; y: number }
  side: Side
  existingKeys: readonly string[]
  onSubmit(key: string): Promise<boolean>
  onCancel(): void
}

/** Why a key cannot be used, or null. Same rule as the API's keys: a letter, then letters, digits, _. */
export function keyProblem(key: string, existing: readonly string[]): string | null {
  if (key === '') return 'Type a field key, e.g. expiry_date'
  if (!FIELD_KEY_PATTERN.test(key)) return 'Letters, digits and _ only, starting with a letter'
  if (existing.includes(key)) return `This case already has a field ${key}`
  return null
}

/** The small inline form after a box is drawn: which field is this? */
export function DrawPrompt({ at, side, existingKeys, onSubmit, onCancel }: Props) {
  const id = useId()
  const [key, setKey] = useState('')
  const [tried, setTried] = useState(false)
  const [busy, setBusy] = useState(false)
  const problem = keyProblem(key.trim(), existingKeys)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setTried(true)
    if (problem || busy) return
    setBusy(true)
    void onSubmit(key.trim()).then((ok) => !ok && setBusy(false))
  }
  return (
    <form
      className="draw-prompt"
      style={{ left: at.x, top: at.y }}
      aria-label="New field"
      onSubmit={submit}
      onMouseDown={(e) => e.stopPropagation()}
    >
      <label htmlFor={id}>
        Field key <span className="muted">· {side === 'front' ? 'front' : 'back'}</span>
      </label>
      <input
        id={id}
        autoFocus
        className="field-input"
        value={key}
        spellCheck={false}
        autoComplete="off"
        placeholder="e.g. expiry_date"
        aria-invalid={tried && problem ? true : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setKey(e.currentTarget.value)}
      />
      <p id={`${id}-hint`} className={tried && problem ? 'prompt-hint bad' : 'prompt-hint'}>
        {tried && problem ? problem : 'Letters, digits and _ (as the API names fields)'}
      </p>
      <div className="prompt-actions">
        <button type="button" className="btn ghost small" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn primary small" disabled={busy}>
          Add field
        </button>
      </div>
    </form>
  )
}
