// The vault gate (issue 13): until the encrypted store is open, the whole window is one of these screens (opening,
// set-up, the recovery key, unlock, a new passphrase, encrypting older cases, failed); then the app mounts. The
// main process owns the state (shared/vault.ts, 'vaultChanged'); the gate adds its own steps on top (vaultForm.ts:
// gateScreen), so the recovery key stays on screen however fast the store opens behind it.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { VaultView } from '../../../shared/vault'
import { api, errorText, hasApi } from '../api'
import { showNotice } from '../state/appState'
import { PassphraseForm } from './PassphraseForm'
import { RecoveryKeyView } from './RecoveryKeyView'
import {
  INITIAL_LOCAL,
  failureAdvice,
  gateScreen,
  migrationProgress,
  unlockModes,
  unlockSecret,
  type GateLocal,
  type UnlockMode,
} from './vaultForm'
import { followVault, refreshVaultView, setVaultView, useVault } from './vaultStore'
import './vault.css'

const NO_SHELL = 'Recto is not connected to its desktop shell (window.api is missing). Restart the app.'

export function VaultGate({ children }: { children: ReactNode }) {
  const view = useVault((s) => s.view)
  const [local, setLocal] = useState<GateLocal>(INITIAL_LOCAL)
  const [problem, setProblem] = useState<string | null>(hasApi() ? null : NO_SHELL)

  useEffect(() => {
    if (!hasApi()) return
    return followVault(setProblem)
  }, [])

  const step = (patch: Partial<GateLocal>): void => setLocal((l) => ({ ...l, ...patch }))
  /** A set-up or unlock went through: read the state now rather than wait for the next event. */
  const unlocked = (patch: Partial<GateLocal>): void => {
    step({ ...patch, unlocked: true })
    void refreshVaultView()
  }

  if (problem) return <FailedScreen message={problem} />
  const screen = gateScreen(view, local)
  switch (screen) {
    case 'app':
      return <>{children}</>
    case 'opening':
      return <OpeningScreen />
    case 'failed':
      return (
        <FailedScreen message={view?.state === 'failed' ? view.message : 'Recto could not open its store.'} />
      )
    case 'setup':
      return (
        <SetupScreen
          keystore={view?.state === 'setup' ? view.keystore : 'none'}
          onDone={(recoveryKey) => unlocked({ recoveryKey })}
        />
      )
    case 'recoveryKey':
      return (
        <Card title="Your recovery key">
          <RecoveryKeyView
            recoveryKey={local.recoveryKey ?? ''}
            onContinue={() => step({ recoveryKey: null })}
          />
        </Card>
      )
    case 'unlock':
      return view?.state === 'unlock' ? (
        <UnlockScreen
          view={view}
          onUnlocked={(kind) => unlocked({ choosePassphrase: kind === 'recovery' })}
        />
      ) : (
        <OpeningScreen />
      )
    case 'newPassphrase':
      return <NewPassphraseScreen onDone={() => step({ choosePassphrase: false })} />
    case 'migrating':
      return view?.state === 'migrating' ? <MigratingScreen view={view} /> : <OpeningScreen />
  }
}

/** The full-window frame and centred card every gate screen uses. */
function Card({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId()
  return (
    <div className="vault-gate">
      <section className="vault-card" aria-labelledby={headingId}>
        <h1 id={headingId}>{title}</h1>
        {children}
      </section>
    </div>
  )
}

function OpeningScreen() {
  return (
    <div className="vault-gate">
      <p className="vault-opening" role="status">
        <span className="spinner" aria-hidden="true" />
        Opening your cases…
      </p>
    </div>
  )
}

function FailedScreen({ message }: { message: string }) {
  const advice = failureAdvice(message)
  return (
    <Card title="Recto cannot open your cases">
      <div className="vault-failure" role="alert">
        <p>{message}</p>
        {advice && <p>{advice}</p>}
      </div>
    </Card>
  )
}

function SetupScreen({ keystore, onDone }: { keystore: string; onDone(recoveryKey: string): void }) {
  return (
    <Card title="Protect the cases on this computer">
      <PassphraseForm
        firstLabel="Passphrase"
        submitLabel="Set passphrase"
        busyLabel="Setting up…"
        intro={
          <div className="vault-text">
            <p>
              Recto keeps its cases, scans and audit logs encrypted on this computer. The key that opens them
              is normally held by the system keystore, but this computer has none that Recto can use
              {keystore === 'none' ? (
                '.'
              ) : (
                <>
                  {' '}
                  (only <code>{keystore}</code>, which encrypts with a fixed, publicly known key).
                </>
              )}
            </p>
            <p>
              So the key is protected by a passphrase you choose, and Recto asks for it each time it starts.
            </p>
          </div>
        }
        onSubmit={async (passphrase) => {
          const { recoveryKey } = await api().setUpVault(passphrase)
          onDone(recoveryKey)
        }}
      />
    </Card>
  )
}

function UnlockScreen({
  view,
  onUnlocked,
}: {
  view: Extract<VaultView, { state: 'unlock' }>
  onUnlocked(kind: UnlockMode): void
}) {
  const ids = { input: useId(), error: useId(), reason: useId() }
  const inputRef = useRef<HTMLInputElement>(null)
  const [chosen, setChosen] = useState<UnlockMode | null>(null)
  const [typed, setTyped] = useState<Record<UnlockMode, string>>({ passphrase: '', recovery: '' })
  const [refusal, setRefusal] = useState<{ text: string; seq: number } | null>(null)
  const [busy, setBusy] = useState(false)
  const { mode, switchTo } = unlockModes(view.needs, chosen)

  // The input of the current mode gets focus on arrival and after each switch.
  useEffect(() => inputRef.current?.focus(), [mode])

  const refuse = (text: string): void => {
    setRefusal((r) => ({ text, seq: (r?.seq ?? 0) + 1 }))
    // The typed text stays, selected, so it can be corrected or typed over.
    inputRef.current?.focus()
    inputRef.current?.select()
  }

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (busy) return
    const checked = unlockSecret(mode, typed[mode])
    if (!checked.ok) return refuse(checked.message)
    setBusy(true)
    setRefusal(null)
    try {
      await api().unlockVault(checked.secret)
      onUnlocked(mode)
    } catch (err) {
      setBusy(false)
      refuse(errorText(err))
    }
  }

  const label = mode === 'passphrase' ? 'Passphrase' : 'Recovery key'
  return (
    <Card title="Unlock Recto">
      <form noValidate onSubmit={(e) => void onSubmit(e)}>
        <p className="vault-text vault-reason" id={ids.reason}>
          {view.reason}
        </p>
        <div className="form-row">
          <label htmlFor={ids.input}>{label}</label>
          <input
            // A new element per mode: the browser's password manager and autofill see two distinct fields.
            key={mode}
            id={ids.input}
            ref={inputRef}
            type={mode === 'passphrase' ? 'password' : 'text'}
            className={mode === 'recovery' ? 'text-input recovery-key-input' : 'text-input'}
            autoComplete={mode === 'passphrase' ? 'current-password' : 'off'}
            autoCapitalize={mode === 'recovery' ? 'characters' : 'off'}
            spellCheck={false}
            readOnly={busy}
            placeholder={mode === 'recovery' ? 'XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX' : undefined}
            value={typed[mode]}
            aria-invalid={refusal ? true : undefined}
            aria-describedby={refusal ? `${ids.error} ${ids.reason}` : ids.reason}
            onChange={(e) => {
              const value = e.target.value
              setTyped((t) => ({ ...t, [mode]: value }))
            }}
          />
          {mode === 'recovery' && (
            <p className="form-note">
              36 letters and digits in groups of four; dashes, spaces and lower case are fine.
            </p>
          )}
        </div>
        {refusal && (
          <p key={refusal.seq} id={ids.error} className="vault-error vault-refusal" role="alert">
            {refusal.text}
          </p>
        )}
        <div className="vault-actions spread">
          {switchTo ? (
            <button
              type="button"
              className="btn-link"
              disabled={busy}
              onClick={() => {
                setChosen(switchTo)
                setRefusal(null)
              }}
            >
              {switchTo === 'recovery' ? 'Use the recovery key instead' : 'Use the passphrase instead'}
            </button>
          ) : (
            <span />
          )}
          <button type="submit" className="btn primary" disabled={busy} aria-busy={busy || undefined}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
        </div>
      </form>
    </Card>
  )
}

function NewPassphraseScreen({ onDone }: { onDone(): void }) {
  return (
    <Card title="Choose a new passphrase">
      <PassphraseForm
        firstLabel="New passphrase"
        submitLabel="Set passphrase"
        busyLabel="Setting…"
        intro={
          <p className="vault-text">
            You opened Recto with the recovery key, usually because the passphrase was forgotten. Choose a new
            passphrase now; it replaces the old one. Your recovery key keeps working.
          </p>
        }
        secondary={{ label: 'Not now', onClick: onDone }}
        onSubmit={async (passphrase) => {
          const view = await api().setVaultPassphrase(passphrase)
          if (view.state === 'open') setVaultView(view)
          onDone()
          showNotice('Passphrase set')
        }}
      />
    </Card>
  )
}

function MigratingScreen({ view }: { view: Extract<VaultView, { state: 'migrating' }> }) {
  const p = migrationProgress(view.done, view.total)
  return (
    <Card title="Encrypting cases from an earlier version">
      <p className="vault-text">
        Cases saved before Recto encrypted its store are being encrypted now. This happens once; keep Recto
        open until it is done.
      </p>
      <div
        className="vault-progress"
        role="progressbar"
        aria-label="Encrypting cases"
        aria-valuemin={0}
        aria-valuemax={p.max}
        aria-valuenow={p.now}
        aria-valuetext={p.text}
      >
        <div className="vault-progress-fill" style={{ width: p.max ? `${(100 * p.now) / p.max}%` : '0%' }} />
      </div>
      <p className="vault-progress-text">{p.text}</p>
    </Card>
  )
}
