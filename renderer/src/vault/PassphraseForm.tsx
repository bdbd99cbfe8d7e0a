// A new passphrase, typed twice (issue 13): the first start without a keystore, a new one after a recovery-key
// unlock, and Settings → Change passphrase. Checked here first (vaultForm.ts: length in characters, the same
// twice; each problem next to its field), then by the main process, whose refusal is shown as an alert.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { MIN_PASSPHRASE_LENGTH } from '../../../shared/vault'
import { errorText } from '../api'
import { checkNewPassphrase } from './vaultForm'

type Props = {
  /** "Passphrase" (set-up) or "New passphrase". */
  firstLabel: string
  submitLabel: string
  busyLabel: string
  onSubmit(passphrase: string): Promise<void>
  secondary?: { label: string; onClick(): void }
  /** Between the heading and the fields (a card) or the dialog's head (a modal). */
  intro?: ReactNode
  /** Classes of the fields' and the buttons' containers: the gate's card or a Modal's body and foot. */
  bodyClass?: string
  footClass?: string
}

export function PassphraseForm(p: Props) {
  const ids = {
    first: useId(),
    firstHint: useId(),
    firstError: useId(),
    repeat: useId(),
    repeatError: useId(),
  }
  const firstRef = useRef<HTMLInputElement>(null)
  const repeatRef = useRef<HTMLInputElement>(null)
  const [first, setFirst] = useState('')
  const [repeat, setRepeat] = useState('')
  const [errors, setErrors] = useState<{ first: string | null; repeat: string | null }>({
    first: null,
    repeat: null,
  })
  const [refusal, setRefusal] = useState<{ text: string; seq: number } | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => firstRef.current?.focus(), [])

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    // A form in a Modal opened from Settings must not reach Settings' own form (React events follow the tree).
    e.stopPropagation()
    if (busy) return
    const checked = checkNewPassphrase(first, repeat)
    if (!checked.ok) {
      setErrors({ first: checked.passphrase, repeat: checked.repeat })
      setRefusal(null)
      ;(checked.passphrase ? firstRef : repeatRef).current?.focus()
      return
    }
    setErrors({ first: null, repeat: null })
    setRefusal(null)
    setBusy(true)
    try {
      await p.onSubmit(checked.passphrase)
    } catch (err) {
      setRefusal((r) => ({ text: errorText(err), seq: (r?.seq ?? 0) + 1 }))
      firstRef.current?.focus()
      firstRef.current?.select()
    } finally {
      setBusy(false)
    }
  }

  const described = (...idsOrNull: (string | null)[]): string | undefined =>
    idsOrNull.filter(Boolean).join(' ') || undefined

  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)}>
      <div className={p.bodyClass}>
        {p.intro}
        <div className="form-row">
          <label htmlFor={ids.first}>{p.firstLabel}</label>
          <input
            id={ids.first}
            ref={firstRef}
            type="password"
            className="text-input"
            autoComplete="new-password"
            spellCheck={false}
            value={first}
            aria-invalid={errors.first ? true : undefined}
            aria-describedby={described(ids.firstHint, errors.first ? ids.firstError : null)}
            onChange={(e) => {
              setFirst(e.target.value)
              setErrors({ first: null, repeat: null })
            }}
          />
          <p className="form-note" id={ids.firstHint}>
            At least {MIN_PASSPHRASE_LENGTH} characters. A few unrelated words are easy to type and hard to
            guess.
          </p>
          {errors.first && (
            <p className="vault-error" id={ids.firstError}>
              {errors.first}
            </p>
          )}
        </div>
        <div className="form-row">
          <label htmlFor={ids.repeat}>Repeat passphrase</label>
          <input
            id={ids.repeat}
            ref={repeatRef}
            type="password"
            className="text-input"
            autoComplete="new-password"
            spellCheck={false}
            value={repeat}
            aria-invalid={errors.repeat ? true : undefined}
            aria-describedby={errors.repeat ? ids.repeatError : undefined}
            onChange={(e) => {
              setRepeat(e.target.value)
              setErrors((x) => ({ ...x, repeat: null }))
            }}
          />
          {errors.repeat && (
            <p className="vault-error" id={ids.repeatError}>
              {errors.repeat}
            </p>
          )}
        </div>
        {refusal && (
          // Keyed by attempt, so the same refusal twice is announced twice.
          <p key={refusal.seq} className="vault-error vault-refusal" role="alert">
            {refusal.text}
          </p>
        )}
      </div>
      <div className={p.footClass ?? 'vault-actions'}>
        {p.secondary && (
          <button type="button" className="btn" onClick={p.secondary.onClick} disabled={busy}>
            {p.secondary.label}
          </button>
        )}
        <button type="submit" className="btn primary" disabled={busy} aria-busy={busy || undefined}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {busy ? p.busyLabel : p.submitLabel}
        </button>
      </div>
    </form>
  )
}
