// The renderer's copy of the vault state (issue 13) and the vault dialogs that are open. One store, so the gate,
// the banner below the toolbar and Settings → Encryption all follow the same 'vaultChanged' events, and a dialog
// opened from Settings or from the banner is the same one (rendered once, by VaultDialogs in App).
import { listCasesOnce } from '../state/cases'
import type { VaultView } from '../../../shared/vault'
import { api, errorText } from '../api'
import { isStaleView } from './vaultForm'
import { createStore, useStore } from '../state/store'

/** "New recovery key…": ask first (Settings), make it, show it once. */
export type KeyDialog = {
  kind: 'recoveryKey'
  phase: 'confirm' | 'making' | 'shown'
  recoveryKey: string | null
  error: string | null
}
export type PassphraseDialog = { kind: 'passphrase'; hadPassphrase: boolean }

type VaultState = {
  view: VaultView | null
  /** "Later" on the recovery-key banner: hidden for this session. */
  bannerHidden: boolean
  dialog: KeyDialog | PassphraseDialog | null
}

/** "Later" lasts for the window's session: a reload (Ctrl+R) does not bring the reminder back. */
const BANNER_HIDDEN_KEY = 'recto.recoveryReminderLater'
const hiddenThisSession = (): boolean => {
  try {
    return sessionStorage.getItem(BANNER_HIDDEN_KEY) === '1'
  } catch {
    return false
  }
}

export const vaultStore = createStore<VaultState>({
  view: null,
  bannerHidden: hiddenThisSession(),
  dialog: null,
})

export function useVault<T>(selector: (s: VaultState) => T): T {
  return useStore(vaultStore, selector)
}

/** The newest view wins, by its number: a reply read before an event but delivered after it is not newer. */
export function setVaultView(view: VaultView): void {
  if (isStaleView(vaultStore.get().view, view)) return
  // The list is asked for now, while the workspace renders for the first time.
  if (view.state === 'open' || view.state === 'none') void listCasesOnce()
  vaultStore.set({ view })
}

/**
 * Follows 'vaultChanged', then reads the current state: subscribing first means a transition between the
 * read and the subscription cannot be missed. Returns the unsubscribe.
 */
export function followVault(onError: (message: string) => void): () => void {
  let off: () => void = () => {}
  try {
    off = api().on('vaultChanged', setVaultView)
  } catch (err) {
    onError(`Recto could not follow the state of its encrypted store: ${errorText(err)}`)
    return off
  }
  void refreshVaultView(onError)
  return off
}

/** Reads the state again (Settings opening, after an unlock): no event is needed for the screen to move on. */
export async function refreshVaultView(onError?: (message: string) => void): Promise<void> {
  try {
    setVaultView(await api().getVaultState())
  } catch (err) {
    onError?.(`Recto could not read the state of its encrypted store: ${errorText(err)}`)
  }
}

export function hideRecoveryBanner(): void {
  try {
    sessionStorage.setItem(BANNER_HIDDEN_KEY, '1')
  } catch {
    // No storage (a locked-down profile): hidden until the next reload only.
  }
  vaultStore.set({ bannerHidden: true })
}

/** Opens the new-recovery-key flow; `confirm` false (the banner: no key was ever shown) makes the key at once. */
export function openNewRecoveryKey(confirm: boolean): void {
  vaultStore.set({ dialog: { kind: 'recoveryKey', phase: 'confirm', recoveryKey: null, error: null } })
  if (!confirm) void makeRecoveryKey()
}

/** Makes the new recovery key (the old one stops working) and puts it on screen. */
export async function makeRecoveryKey(): Promise<void> {
  const d = vaultStore.get().dialog
  // One call per dialog: a second click or a re-render must not replace a key the reviewer is reading.
  if (d?.kind !== 'recoveryKey' || d.phase !== 'confirm') return
  vaultStore.set({ dialog: { ...d, phase: 'making', error: null } })
  try {
    const { recoveryKey } = await api().newRecoveryKey()
    vaultStore.set({ dialog: { kind: 'recoveryKey', phase: 'shown', recoveryKey, error: null } })
  } catch (err) {
    vaultStore.set({ dialog: { ...d, phase: 'confirm', error: errorText(err) } })
  }
  // protection.recoveryKeyShown changed: the banner and Settings read it again.
  await refreshVaultView()
}

export function openPassphraseDialog(): void {
  const v = vaultStore.get().view
  vaultStore.set({
    dialog: { kind: 'passphrase', hadPassphrase: v?.state === 'open' && v.protection.passphrase },
  })
}

export function closeVaultDialog(): void {
  vaultStore.set({ dialog: null })
}
