// The vault screens' pure logic (issue 13): which screen a vault state and the gate's own steps show, the
// passphrase and unlock checks done before anything is sent, and the wording that depends on the state. Kept free
// of React and of window.api so it can be unit-tested (test/unit/renderer/vaultForm.test.ts); the main process
// re-checks everything (electron/services/store/vault/vault.ts).
import {
  MIN_PASSPHRASE_LENGTH,
  type VaultProtection,
  type VaultSecret,
  type VaultView,
} from '../../../shared/vault'

/** PassphraseSchema's limit (shared/vault.ts), in UTF-16 units as zod counts them. */
export const MAX_PASSPHRASE_LENGTH = 1024

/** Characters as the reviewer counts them: code points after NFC, as the main process counts (an emoji is one). */
export function passphraseLength(text: string): number {
  return [...text.normalize('NFC')].length
}

export type PassphraseCheck =
  { ok: true; passphrase: string } | { ok: false; passphrase: string | null; repeat: string | null }

/**
 * A new passphrase and its repetition: long enough, not too long, and the same twice. Each problem is for the
 * field it belongs to (shown next to it); the passphrase is sent exactly as typed (no trimming: spaces count).
 */
export function checkNewPassphrase(passphrase: string, repeat: string): PassphraseCheck {
  let first: string | null = null
  const length = passphraseLength(passphrase)
  if (length === 0) first = 'Type a passphrase.'
  else if (length < MIN_PASSPHRASE_LENGTH)
    first = `Use at least ${MIN_PASSPHRASE_LENGTH} characters (this has ${length}).`
  else if (passphrase.length > MAX_PASSPHRASE_LENGTH)
    first = `Use at most ${MAX_PASSPHRASE_LENGTH} characters.`
  let second: string | null = null
  // The repetition is judged only once the first is acceptable: two messages for one slip would be noise.
  if (first === null) {
    if (repeat === '') second = 'Type the passphrase again.'
    else if (repeat.normalize('NFC') !== passphrase.normalize('NFC'))
      second = 'The two passphrases differ. Type the same passphrase twice.'
  }
  if (first === null && second === null) return { ok: true, passphrase }
  return { ok: false, passphrase: first, repeat: second }
}

export type UnlockMode = 'passphrase' | 'recovery'

/** What the unlock form sends for what was typed, or why nothing is sent. */
export function unlockSecret(
  mode: UnlockMode,
  typed: string,
): { ok: true; secret: VaultSecret } | { ok: false; message: string } {
  if (mode === 'passphrase') {
    if (typed === '') return { ok: false, message: 'Type the passphrase.' }
    if (typed.length > MAX_PASSPHRASE_LENGTH)
      return { ok: false, message: 'That passphrase does not unlock this vault. Check it and try again.' }
    return { ok: true, secret: { kind: 'passphrase', passphrase: typed } }
  }
  // Spaces and dashes are the reviewer's to use (the main process ignores them), but not at the ends.
  const key = typed.trim()
  if (key === '') return { ok: false, message: 'Type the recovery key.' }
  if (key.length > 200)
    return { ok: false, message: 'That is too long for a recovery key (36 letters and digits). Check it.' }
  return { ok: true, secret: { kind: 'recovery', recoveryKey: key } }
}

/**
 * The unlock form's mode: the reviewer's choice, else what the vault asked for. Switching back to the
 * passphrase is offered only when the vault has one, which the state tells by asking for it: the main process
 * asks for the recovery key only when there is no passphrase slot.
 */
export function unlockModes(
  needs: UnlockMode,
  chosen: UnlockMode | null,
): { mode: UnlockMode; switchTo: UnlockMode | null } {
  const mode = chosen ?? needs
  if (mode === 'passphrase') return { mode, switchTo: 'recovery' }
  return { mode, switchTo: needs === 'passphrase' ? 'passphrase' : null }
}

/** The gate's own steps, on top of what the main process says. */
export type GateLocal = {
  /** A set-up or an unlock succeeded here: the main process is opening the store (its state may lag). */
  unlocked: boolean
  /** The recovery key from the set-up, on screen until the reviewer confirms storing it. */
  recoveryKey: string | null
  /** Unlocked with the recovery key: offer a new passphrase before the app. */
  choosePassphrase: boolean
}

export const INITIAL_LOCAL: GateLocal = { unlocked: false, recoveryKey: null, choosePassphrase: false }

export type GateScreen =
  'opening' | 'setup' | 'recoveryKey' | 'unlock' | 'newPassphrase' | 'migrating' | 'failed' | 'app'

/**
 * Whether `next` is older than the view already shown, by the main process's numbering (shared/vault.ts): a
 * getVaultState reply read before a 'vaultChanged' event can arrive after it over a transport that does not keep
 * their order. Unnumbered views (none in the app) are taken as they come.
 */
export function isStaleView(current: VaultView | null, next: VaultView): boolean {
  return current?.seq !== undefined && next.seq !== undefined && next.seq < current.seq
}

/**
 * The screen for the main process's state and the gate's steps. The recovery key stays on screen whatever
 * arrives meanwhile (it is shown only once); a failure shows over everything else; a set-up or unlock that
 * succeeded shows "Opening" until the main process moves on, never the form again.
 */
export function gateScreen(view: VaultView | null, local: GateLocal): GateScreen {
  if (local.recoveryKey !== null) return 'recoveryKey'
  if (view === null) return 'opening'
  switch (view.state) {
    case 'failed':
      return 'failed'
    case 'opening':
      return 'opening'
    case 'setup':
    case 'unlock':
      return local.unlocked ? 'opening' : view.state
    case 'migrating':
      return 'migrating'
    case 'open':
    case 'none':
      return local.choosePassphrase ? 'newPassphrase' : 'app'
  }
}

/** "3 of 40", and the bar's values (clamped: a late event never shows more done than there are). */
export function migrationProgress(done: number, total: number): { now: number; max: number; text: string } {
  const max = Math.max(0, Math.floor(total))
  const now = Math.min(max, Math.max(0, Math.floor(done)))
  return { now, max, text: `${now} of ${max}` }
}

/** The failure message, plus what to do when the message itself does not say how to go on. */
export function failureAdvice(message: string): string | null {
  if (/\b(close|quit|restart)\b|\bstart (recto|it) again\b/i.test(message)) return null
  return 'Close Recto and start it again once this is resolved.'
}

/** Settings → Encryption: what protects the vault key, one list item each (no full stops: a list). */
export function protectionLines(protection: VaultProtection): string[] {
  const lines: string[] = []
  if (protection.keystore) lines.push(`Unlocked at start by the system keystore (${protection.keystore})`)
  lines.push(`Passphrase: ${protection.passphrase ? 'set' : 'not set'}`)
  if (protection.unlockedWith === 'recovery') lines.push('This start was unlocked with the recovery key')
  return lines
}

/** The app-level banner asking to save a recovery key: only once the vault is open, and until hidden. */
export function showsRecoveryBanner(view: VaultView | null, hidden: boolean): boolean {
  return !hidden && view?.state === 'open' && !view.protection.recoveryKeyShown
}
