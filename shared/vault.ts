// The vault as the renderer sees it (issue 13): what protects the cases on this computer, and what the reviewer
// must do before Recto opens them. No key material crosses: the renderer sends a passphrase or a recovery key to
// unlock and receives a new recovery key once, to show; the vault key and the data keys stay in the main process.
import { z } from 'zod'

/** At least this many characters (electron/services/store/vault/vault.ts re-checks). */
export const MIN_PASSPHRASE_LENGTH = 8

export const PassphraseSchema = z.string().min(1).max(1024)
export const VaultSecretSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('passphrase'), passphrase: PassphraseSchema }),
  z.strictObject({ kind: z.literal('recovery'), recoveryKey: z.string().min(1).max(200) }),
])
export type VaultSecret = z.infer<typeof VaultSecretSchema>

/** What protects the vault key (Settings → Data on this computer). */
export type VaultProtection = {
  /** The OS keystore that unlocks it silently at start (e.g. 'gnome_libsecret', 'dpapi', 'keychain'); null: none. */
  keystore: string | null
  /** A passphrase slot exists. */
  passphrase: boolean
  /** How this start was unlocked. */
  unlockedWith: 'keystore' | 'passphrase' | 'recovery'
  /** False while the reviewer has never been shown a recovery key (created silently with the OS keystore). */
  recoveryKeyShown: boolean
}

/**
 * Each state the gate enters is numbered (from 1, per main process): a reader that gets a reply and an event out of
 * order keeps the higher number. Electron delivers them in order, but nothing else has to, and a stale "opening"
 * that overwrote "open" would leave the window on "Opening your cases…" for good.
 */
export type VaultView = VaultState & { seq?: number }

export type VaultState =
  /** Reading vault.json and asking the OS keystore. */
  | { state: 'opening' }
  /** First start without a real OS keystore: the reviewer chooses a passphrase. `keystore` names what was found. */
  | { state: 'setup'; keystore: string }
  /** The keystore did not open the vault (`reason`): the passphrase, or the recovery key, is needed. */
  | { state: 'unlock'; needs: 'passphrase' | 'recovery'; reason: string }
  /** Unlocked; cases from before encryption are being encrypted (`total` cases to do). */
  | { state: 'migrating'; done: number; total: number }
  /** Unlocked and the store is open. */
  | { state: 'open'; protection: VaultProtection }
  /** The store could not be opened (a damaged vault.json, a full disk, …); `message` says what and what to do. */
  | { state: 'failed'; message: string }
  /** No vault: a test service running a plaintext store. The app never runs this way. */
  | { state: 'none' }

export type RecoveryKeyResult = { recoveryKey: string }
