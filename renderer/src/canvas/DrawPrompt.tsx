import { useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { Side } from '../../../shared/model'
import { chosenKey, pickOptions } from './fieldPick'
import './drawPrompt.css'

export { keyProblem } from './fieldPick'

/** The prompt's height in screen pixels for this many expected options (the list scrolls past 7 rows). */
export function promptHeight(options: number): number {
  return 132 + Math.min(options + 1, 7) * 25
}

type Props = {
  /** Where the prompt sits, in pixels of the stage host. */
  at: { x: number; y: number }
  side: Side
  /** The expected fields of the case's type and country that it lacks, as keys for this side. */
  options: readonly string[]
  existingKeys: readonly string[]
  onSubmit(key: string): Promise<boolean>
  onCancel(): void
}

/**
 * After a box is drawn: which field is this? A list of the expected fields the case lacks (arrow keys, Enter, type
 * to filter), or any other key typed as the API names it.
 */
export function DrawPrompt({ at, side, options, existingKeys, onSubmit, onCancel }: Props) {
  const id = useId()
  const [typed, setTyped] = useState('')
  const [active, setActive] = useState(0)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const list = pickOptions(options, typed)
  const at0 = Math.min(active, list.length - 1)
  const current = list[at0]

  const choose = (index: number) => {
    if (busy) return
    const picked = chosenKey(list[index], existingKeys)
    if ('problem' in picked) {
      setActive(index)
      setProblem(picked.problem)
      return
    }
    setProblem(null)
    setBusy(true)
    void onSubmit(picked.key).then((ok) => !ok && setBusy(false))
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    choose(at0)
  }
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0
    if (step !== 0) {
      e.preventDefault()
      e.stopPropagation()
      setActive((at0 + step + list.length) % list.length)
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault()
      setActive(e.key === 'Home' ? 0 : list.length - 1)
    } else if (e.key === 'Enter') {
      // The form's own submit: the window's Enter (confirm a field) must not see it.
      e.stopPropagation()
    }
  }
  const optionId = (i: number) => `${id}-opt-${i}`
  const hintId = `${id}-hint`
  const otherText = (text: string) => (text ? `Other key: ${text}` : 'Other key…')
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
        role="combobox"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={current ? optionId(at0) : undefined}
        className="field-input"
        value={typed}
        spellCheck={false}
        autoComplete="off"
        placeholder={options.length > 0 ? 'Type to filter, or a key' : 'e.g. signature'}
        aria-invalid={problem ? true : undefined}
        aria-describedby={hintId}
        onChange={(e) => {
          setTyped(e.currentTarget.value)
          setActive(0)
          setProblem(null)
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={`${id}-list`} role="listbox" aria-label="Missing fields" className="pick-list">
        {list.map((o, i) => (
          <li
            key={o.kind === 'field' ? o.key : '__other'}
            id={optionId(i)}
            role="option"
            aria-selected={i === at0}
            className={`pick-option${i === at0 ? ' active' : ''}${o.kind === 'other' ? ' other' : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => choose(i)}
          >
            {o.kind === 'field' ? (
              <>
                <span>{o.label}</span>
                <span className="pick-key">{o.key}</span>
              </>
            ) : (
              <span>{otherText(o.text)}</span>
            )}
          </li>
        ))}
      </ul>
      <p
        id={hintId}
        className={problem ? 'prompt-hint bad' : 'prompt-hint'}
        role={problem ? 'alert' : undefined}
      >
        {problem ??
          (current?.kind === 'other'
            ? 'Type the key as the API names fields: letters, digits and _'
            : options.length > 0
              ? 'Expected for this document and missing · ↑↓ Enter'
              : 'Nothing expected is missing: type a key')}
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
