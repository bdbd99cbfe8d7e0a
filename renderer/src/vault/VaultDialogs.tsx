// The vault's dialogs once the app is open (issue 13): a new recovery key (asked first from Settings, at once from
// the banner) and a new passphrase. Rendered once by App, after Settings, so a dialog opened from Settings lies
// over it (the topmost Modal alone takes Escape and Tab).
import { api } from '../api'
import { showNotice } from '../state/appState'
import { Modal } from '../ui/Modal'
import { PassphraseForm } from './PassphraseForm'
import { RecoveryKeyView } from './RecoveryKeyView'
import { closeVaultDialog, makeRecoveryKey, setVaultView, useVault, type KeyDialog } from './vaultStore'
import './vault.css'

export function VaultDialogs() {
  const dialog = useVault((s) => s.dialog)
  if (!dialog) return null
  if (dialog.kind === 'recoveryKey') return <NewRecoveryKeyDialog d={dialog} />
  return <NewPassphraseDialog hadPassphrase={dialog.hadPassphrase} />
}

function NewRecoveryKeyDialog({ d }: { d: KeyDialog }) {
  // While a key is being made or is on screen unstored, Escape and the backdrop do nothing: closing would lose
  // the only display of a key that already replaced the old one. Continue (after the checkbox) closes it.
  const closable = d.phase === 'confirm'
  const onClose = (): void => {
    if (closable) closeVaultDialog()
  }
  return (
    <Modal label="New recovery key" onClose={onClose} className="vault-dialog">
      <div>
        <div className="modal-head">
          <h2>{d.phase === 'shown' ? 'Your new recovery key' : 'New recovery key'}</h2>
          {closable && <span className="muted small">Esc to cancel</span>}
        </div>
        {d.phase === 'shown' && d.recoveryKey !== null ? (
          <RecoveryKeyView
            recoveryKey={d.recoveryKey}
            onContinue={closeVaultDialog}
            bodyClass="modal-body"
            footClass="modal-foot"
          />
        ) : (
          <>
            <div className="modal-body vault-text">
              <p>
                Recto makes a new recovery key and shows it once. The current recovery key stops working at
                once: a copy of it kept anywhere will no longer open these cases.
              </p>
              {d.phase === 'making' && (
                // Polite but not role=status: the app's message area owns that role.
                <p className="vault-making" aria-live="polite">
                  <span className="spinner" aria-hidden="true" /> Making a new recovery key…
                </p>
              )}
              {d.error && (
                <p className="vault-error" role="alert">
                  {d.error}
                </p>
              )}
            </div>
            <div className="modal-foot">
              <button type="button" className="btn" onClick={closeVaultDialog} disabled={!closable}>
                Cancel
              </button>
              <button
                type="button"
                className="btn primary"
                disabled={!closable}
                onClick={() => void makeRecoveryKey()}
              >
                Make a new recovery key
              </button>
            </div>
          </>
        )}
      </div>
    </Modal>
  )
}

function NewPassphraseDialog({ hadPassphrase }: { hadPassphrase: boolean }) {
  const title = hadPassphrase ? 'Change passphrase' : 'Set a passphrase'
  return (
    <Modal label={title} onClose={closeVaultDialog} className="vault-dialog">
      <div>
        <div className="modal-head">
          <h2>{title}</h2>
          <span className="muted small">Esc to cancel</span>
        </div>
        <PassphraseForm
          firstLabel="New passphrase"
          submitLabel="Set passphrase"
          busyLabel="Setting…"
          bodyClass="modal-body"
          footClass="modal-foot"
          intro={
            <p className="vault-text">
              {hadPassphrase
                ? 'The new passphrase replaces the current one, which stops working.'
                : 'With a passphrase, Recto can also be unlocked when the system keystore cannot open it.'}
            </p>
          }
          secondary={{ label: 'Cancel', onClick: closeVaultDialog }}
          onSubmit={async (passphrase) => {
            const view = await api().setVaultPassphrase(passphrase)
            if (view.state === 'open') setVaultView(view)
            closeVaultDialog()
            showNotice(hadPassphrase ? 'Passphrase changed' : 'Passphrase set')
          }}
        />
      </div>
    </Modal>
  )
}
