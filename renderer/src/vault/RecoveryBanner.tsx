// The banner below the toolbar when the vault was created silently with the OS keystore and the reviewer has never
// seen a recovery key (issue 13): without one, a keystore that changes (a new OS install, another account) locks
// the cases out for good. A labelled region, not an alert (nothing is wrong yet) and not a status (the message strip
// owns that role, one live message at a time). "Later" hides it for this
// session; it comes back at the next start until a key has been shown.
import { hideRecoveryBanner, openNewRecoveryKey, useVault } from './vaultStore'
import { showsRecoveryBanner } from './vaultForm'
import './vault.css'

export function RecoveryBanner() {
  const shown = useVault((s) => showsRecoveryBanner(s.view, s.bannerHidden))
  if (!shown) return null
  return (
    <section className="recovery-banner" aria-label="Save a recovery key">
      <svg className="recovery-banner-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
        <path
          fill="currentColor"
          d="M10.5 1a4.5 4.5 0 0 0-4.35 5.65L1 11.8V15h3.2v-1.6h1.6v-1.6h1.6l1.15-1.15A4.5 4.5 0 1 0 10.5 1m1 2.5a1 1 0 1 1 0 2 1 1 0 0 1 0-2"
        />
      </svg>
      <p className="recovery-banner-text">
        Your cases are encrypted with this computer&apos;s keystore. Save a recovery key in case the keystore
        changes.
      </p>
      <div className="recovery-banner-actions">
        {/* No confirmation: no key was ever shown, so none stops working that the reviewer could hold. */}
        <button type="button" className="btn primary small" onClick={() => openNewRecoveryKey(false)}>
          Show recovery key…
        </button>
        <button type="button" className="btn ghost small" onClick={hideRecoveryBanner}>
          Later
        </button>
      </div>
    </section>
  )
}
