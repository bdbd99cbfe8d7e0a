// The vault's typed errors. Each carries a message meant for the reviewer (what happened, what to do) and never
// any key material, passphrase or plaintext; they name cases by id and files by their fixed names only, so they
// may be logged. Callers tell them apart with instanceof (or `code`, which survives structured cloning).

export type VaultErrorCode =
  | 'tampered'
  | 'wrong-key'
  | 'unsupported-version'
  | 'missing-key'
  | 'key-exists'
  | 'wrong-passphrase'
  | 'wrong-recovery-key'
  | 'invalid-recovery-key'
  | 'passphrase-required'
  | 'weak-passphrase'
  | 'vault-exists'
  | 'no-vault'
  | 'worker-failed'

export class VaultError extends Error {
  override name = 'VaultError'
  constructor(
    readonly code: VaultErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** Authenticated data did not verify: altered, truncated, extended, reordered, or moved from another file. */
export class TamperedError extends VaultError {
  override name = 'TamperedError'
  constructor(message: string) {
    super('tampered', message)
  }
}

/** The key does not match the one the file was sealed with (the key commitment in the header differs). */
export class WrongKeyError extends VaultError {
  override name = 'WrongKeyError'
  constructor(message: string) {
    super('wrong-key', message)
  }
}

/** Written by a newer Recto (or not a version this build reads). Not tampering: say "update", not "altered". */
export class UnsupportedVersionError extends VaultError {
  override name = 'UnsupportedVersionError'
  constructor(message: string) {
    super('unsupported-version', message)
  }
}

/** A case has no key.json: its files cannot be opened. Reported for that case; the other cases still load. */
export class MissingKeyError extends VaultError {
  override name = 'MissingKeyError'
  constructor(readonly caseId: string) {
    super('missing-key', `Case ${caseId} cannot be opened: its key file (key.json) is missing.`)
  }
}

/** A case already has a key.json: never replaced, as the files it seals would become unreadable. */
export class KeyExistsError extends VaultError {
  override name = 'KeyExistsError'
  constructor(readonly caseId: string) {
    super('key-exists', `Case ${caseId} already has a key; it is never replaced.`)
  }
}

export class WrongPassphraseError extends VaultError {
  override name = 'WrongPassphraseError'
  constructor() {
    super('wrong-passphrase', 'That passphrase does not unlock this vault. Check it and try again.')
  }
}

export class WrongRecoveryKeyError extends VaultError {
  override name = 'WrongRecoveryKeyError'
  constructor() {
    super('wrong-recovery-key', 'That recovery key does not unlock this vault.')
  }
}

/** Not a well-formed recovery key (a typo: the check characters do not match). Nothing was tried. */
export class InvalidRecoveryKeyError extends VaultError {
  override name = 'InvalidRecoveryKeyError'
  constructor(detail: string) {
    super('invalid-recovery-key', `That is not a valid recovery key (${detail}). Check it for typos.`)
  }
}

/** No real OS keystore and no passphrase: refused rather than keeping the vault key in plain text. */
export class PassphraseRequiredError extends VaultError {
  override name = 'PassphraseRequiredError'
  constructor(backend: string) {
    super(
      'passphrase-required',
      `This system offers no secure keystore (${backend}). Set a passphrase to protect the case files.`,
    )
  }
}

export class WeakPassphraseError extends VaultError {
  override name = 'WeakPassphraseError'
  constructor(minLength: number) {
    super('weak-passphrase', `The passphrase must be at least ${minLength} characters long.`)
  }
}

export class VaultExistsError extends VaultError {
  override name = 'VaultExistsError'
  constructor() {
    super('vault-exists', 'A vault already exists in this profile; it is never replaced.')
  }
}

export class NoVaultError extends VaultError {
  override name = 'NoVaultError'
  constructor() {
    super('no-vault', 'This profile has no vault.')
  }
}

/** The worker that seals or opens large files failed (could not start, or died): not a verdict on the file. */
export class VaultWorkerError extends VaultError {
  override name = 'VaultWorkerError'
  constructor(message: string) {
    super('worker-failed', message)
  }
}
