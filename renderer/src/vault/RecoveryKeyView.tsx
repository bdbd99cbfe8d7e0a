// The recovery key, shown once (issue 13): after the first set-up, from Settings → New recovery key, and from the
// banner that asks to save one. Recto keeps no copy, so Continue waits until the reviewer says it is stored; the
// key is selectable text and there is a Copy button (the clipboard is the reviewer's choice, not a default).
import { useEffect, useId, useRef, useState } from 'react'
import { errorText } from '../api'

type Props = {
  recoveryKey: string
  onContinue(): void
  bodyClass?: string
  footClass?: string
}

export function RecoveryKeyView({ recoveryKey, onContinue, bodyClass, footClass }: Props) {
  const ids = { stored: useId(), about: useId() }
  const keyRef = useRef<HTMLOutputElement>(null)
  const [stored, setStored] = useState(false)
  const [copied, setCopied] = useState('')

  // The key first: it is what this screen is for, and a screen reader reads it on arrival.
  useEffect(() => keyRef.current?.focus(), [])

  const onCopy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(recoveryKey)
      setCopied('Copied')
    } catch (err) {
      setCopied(`Could not copy: ${errorText(err)}. Select the key and copy it, or write it down.`)
    }
  }

  return (
    <>
      <div className={bodyClass}>
        <div className="recovery-key-row">
          {/* A read-only text box rather than <output>'s live status: the app's message area owns role=status. */}
          <output
            ref={keyRef}
            className="recovery-key"
            role="textbox"
            aria-readonly="true"
            aria-label="Recovery key"
            aria-describedby={ids.about}
            tabIndex={0}
          >
            {recoveryKey}
          </output>
          <div className="recovery-key-copy">
            <button type="button" className="btn small" onClick={() => void onCopy()}>
              Copy
            </button>
            <span className="form-note" aria-live="polite">
              {copied}
            </span>
          </div>
        </div>
        <div id={ids.about} className="vault-text">
          <p>
            This key opens your cases if you forget the passphrase or this computer&apos;s keystore changes (a
            new operating system, another user account, a restored backup).
          </p>
          <p>
            <strong>It is shown only now.</strong> Recto keeps no copy. Store it away from this computer: on
            paper in a safe place, or in a password manager on another device.
          </p>
        </div>
        <div className="form-row check-row vault-check">
          <input
            id={ids.stored}
            type="checkbox"
            checked={stored}
            onChange={(e) => setStored(e.target.checked)}
          />
          <label htmlFor={ids.stored}>I have stored the recovery key somewhere safe</label>
        </div>
      </div>
      <div className={footClass ?? 'vault-actions'}>
        <button type="button" className="btn primary" disabled={!stored} onClick={onContinue}>
          Continue
        </button>
      </div>
    </>
  )
}
