// Settings → Data on this computer → Encryption (issue 13): that the cases are encrypted, what unlocks them at
// start, and the two things the reviewer can change: a new recovery key (the old one stops working) and the
// passphrase. The dialogs themselves are the vault's (renderer/src/vault/VaultDialogs.tsx, rendered by App).
import { useEffect, useId } from 'react'
import { showError } from '../state/appState'
import { protectionLines } from '../vault/vaultForm'
import { openNewRecoveryKey, openPassphraseDialog, refreshVaultView, useVault } from '../vault/vaultStore'
import '../vault/vault.css'

export function VaultSection({ disabled }: { disabled: boolean }) {
  const ids = { heading: useId(), keyNote: useId(), passNote: useId() }
  const view = useVault((s) => s.view)

  // Read when Settings opens; 'vaultChanged' keeps it current while it stays open.
  useEffect(() => {
    void refreshVaultView(showError)
  }, [])

  let body
  if (!view || view.state !== 'open') {
    body = (
      <p className="form-note">
        {view?.state === 'none'
          ? 'This store is not encrypted (a test setup).'
          : 'Reading how the cases are protected…'}
      </p>
    )
  } else {
    const p = view.protection
    body = (
      <>
        <p>Cases, scans and audit logs are encrypted on this computer.</p>
        <ul className="vault-protection">
          {protectionLines(p).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <div className="form-row vault-setting-row">
          <button
            type="button"
            className="btn"
            disabled={disabled}
            aria-describedby={ids.keyNote}
            onClick={() => openNewRecoveryKey(true)}
          >
            New recovery key…
          </button>
          <p className={p.recoveryKeyShown ? 'form-note' : 'form-note warn'} id={ids.keyNote}>
            {p.recoveryKeyShown
              ? 'Opens the cases if the passphrase is forgotten or the keystore changes. A new one replaces the old.'
              : 'You have not saved a recovery key yet.'}
          </p>
        </div>
        <div className="form-row vault-setting-row">
          <button
            type="button"
            className="btn"
            disabled={disabled}
            aria-describedby={ids.passNote}
            onClick={openPassphraseDialog}
          >
            {p.passphrase ? 'Change passphrase…' : 'Set a passphrase…'}
          </button>
          <p className="form-note" id={ids.passNote}>
            {!p.passphrase
              ? 'Optional while the system keystore unlocks Recto; a second way in if the keystore changes.'
              : p.keystore
                ? 'Asked for at start when the system keystore cannot unlock Recto.'
                : 'Asked for each time Recto starts.'}
          </p>
        </div>
      </>
    )
  }

  return (
    <div className="vault-settings" role="group" aria-labelledby={ids.heading}>
      <h4 id={ids.heading} className="vault-settings-title">
        Encryption
      </h4>
      {body}
    </div>
  )
}
