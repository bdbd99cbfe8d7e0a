// The vault's life in a running app (issue 13): what stands between a start and the open store. At start it reads
// vault.json and asks the OS keystore; a profile with a real keystore is created or unlocked silently, otherwise the
// reviewer is asked (a passphrase to set up, the passphrase or the recovery key to unlock) through the renderer's
// gate screens (shared/vault.ts is the view they get). The service waits on `unlocked` before it migrates and opens
// the store, and reports the migration's progress and the opening back here, so the screen follows.
//
// There is no plaintext fallback: without a real keystore and until the reviewer sets a passphrase, nothing opens.
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type {
  RecoveryKeyResult,
  VaultProtection,
  VaultSecret,
  VaultState,
  VaultView,
} from '../../../../shared/vault'
import type { Logger } from '../../ports'
import { VaultError } from './errors'
import { KEY_FILE } from './keys'
import { MIGRATED_MARKER } from './migrate'
import {
  changePassphrase,
  createVault,
  describeVault,
  isRealKeystore,
  newRecoveryKey,
  unlock,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  type KeystoreCodec,
  type Vault,
} from './vault'

export type VaultGateOptions = {
  /** The profile folder (vault.json, cases/). */
  dir: string
  codec: KeystoreCodec
  logger: Logger
}

/** A call that does not fit the state (a second set-up, an unlock of an open vault): a message for the reviewer. */
export class VaultStateError extends Error {
  override name = 'VaultStateError'
}

const MISSING_VAULT =
  "This profile's vault file (vault.json) is missing, so the encrypted cases in it cannot be opened. Put vault.json " +
  'back from a backup of this profile, or move the profile folder away to start with an empty one.'

export class VaultGate {
  private seq = 1
  private view: VaultView = { state: 'opening', seq: 1 }
  private vault: Vault | null = null
  private busy = false
  private readonly listeners = new Set<(view: VaultView) => void>()
  private resolveUnlocked!: (vault: Vault) => void
  /** Resolves once the vault key is in memory (before the migration and the store opening). */
  readonly unlocked: Promise<Vault>

  constructor(readonly options: VaultGateOptions) {
    this.unlocked = new Promise((resolve) => {
      this.resolveUnlocked = resolve
    })
  }

  /** A gate around a vault unlocked elsewhere (tests, benchmarks): no screen, straight to the store. */
  static around(vault: Vault, options: VaultGateOptions): VaultGate {
    const gate = new VaultGate(options)
    gate.opened(vault)
    return gate
  }

  state(): VaultView {
    return this.view
  }

  onChange(listener: (view: VaultView) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The unlocked vault; throws while locked (nothing reads the store before `unlocked`). */
  current(): Vault {
    if (!this.vault || this.vault.locked) throw new VaultStateError('The vault is locked.')
    return this.vault
  }

  /** Reads vault.json and tries the keystore. Never throws: a problem becomes the 'failed' state with its message. */
  async start(): Promise<void> {
    if (this.vault) return
    const { dir, codec, logger } = this.options
    try {
      const result = await unlock(dir, { codec })
      if (result.status === 'unlocked') return this.opened(result.vault)
      if (result.status === 'needs') {
        logger.warn(`vault: the keystore did not unlock (${result.needs} needed)`)
        return this.set({ state: 'unlock', needs: result.needs, reason: result.reason })
      }
      if (await this.holdsEncryptedCases()) return this.fail(MISSING_VAULT)
      const backend = await codec.backend()
      if (isRealKeystore(backend, await codec.isAvailable())) {
        // The keystore protects it: created silently; the reviewer is asked to save a recovery key later.
        const created = await createVault(dir, { codec, showsRecoveryKey: false })
        logger.info(`vault: created, protected by the keystore (${backend})`)
        return this.opened(created.vault)
      }
      logger.info(`vault: no real keystore (${backend || 'none'}), asking for a passphrase`)
      this.set({ state: 'setup', keystore: backend || 'none' })
    } catch (err) {
      logger.error(`vault: could not open (${err instanceof Error ? err.name : 'error'})`)
      this.fail(reviewerMessage(err))
    }
  }

  /** First start without a real keystore: the vault under this passphrase. The recovery key is for the screen. */
  async setUp(passphrase: string): Promise<RecoveryKeyResult> {
    return this.exclusive('setup', async () => {
      const created = await createVault(this.options.dir, { codec: this.options.codec, passphrase })
      this.options.logger.info('vault: created, protected by a passphrase')
      this.opened(created.vault)
      return { recoveryKey: created.recoveryKey }
    })
  }

  async unlock(secret: VaultSecret): Promise<VaultView> {
    return this.exclusive('unlock', async () => {
      const { dir, codec, logger } = this.options
      const vault =
        secret.kind === 'passphrase'
          ? await unlockWithPassphrase(dir, secret.passphrase, { codec })
          : await unlockWithRecoveryKey(dir, secret.recoveryKey, { codec })
      logger.info(
        `vault: unlocked with the ${secret.kind === 'passphrase' ? 'passphrase' : 'recovery key'}` +
          (vault.keystoreRebound ? '; the keystore slot was re-sealed for this keystore' : ''),
      )
      this.opened(vault)
      return this.view
    })
  }

  async setPassphrase(passphrase: string): Promise<VaultView> {
    const vault = this.current()
    await changePassphrase(this.options.dir, vault, passphrase)
    this.options.logger.info('vault: passphrase set')
    await this.refreshProtection()
    return this.view
  }

  async newRecoveryKey(): Promise<RecoveryKeyResult> {
    const recoveryKey = await newRecoveryKey(this.options.dir, this.current())
    this.options.logger.info('vault: new recovery key made')
    await this.refreshProtection()
    return { recoveryKey }
  }

  /** The service: older cases are being encrypted. */
  migrating(done: number, total: number): void {
    if (total > 0) this.set({ state: 'migrating', done, total })
  }

  /** The service: the store is open. */
  async storeOpened(): Promise<void> {
    await this.refreshProtection()
  }

  /** The service: the store could not open. */
  fail(message: string): void {
    this.set({ state: 'failed', message })
  }

  /** Forgets the vault key (quit). */
  lock(): void {
    this.vault?.lock()
  }

  private opened(vault: Vault): void {
    this.vault = vault
    this.set({ state: 'opening' })
    this.resolveUnlocked(vault)
  }

  private async refreshProtection(): Promise<void> {
    if (!this.vault) return
    const described = await describeVault(this.options.dir)
    const protection: VaultProtection = {
      keystore: described?.keystoreBackend ?? null,
      passphrase: described?.passphrase ?? false,
      unlockedWith: this.vault.unlockedWith,
      recoveryKeyShown: described?.recoveryShown ?? true,
    }
    this.set({ state: 'open', protection })
  }

  /** One set-up or unlock at a time, and only in the state that asks for it. */
  private async exclusive<T>(wanted: 'setup' | 'unlock', work: () => Promise<T>): Promise<T> {
    if (this.view.state !== wanted || this.vault)
      throw new VaultStateError(
        this.vault ? 'The vault is already unlocked.' : 'Recto is not waiting for that right now.',
      )
    if (this.busy) throw new VaultStateError('Already working on it; wait a moment.')
    this.busy = true
    try {
      return await work()
    } finally {
      this.busy = false
    }
  }

  private set(state: VaultState): void {
    const view: VaultView = { ...state, seq: ++this.seq }
    this.view = view
    for (const listener of this.listeners) listener(view)
  }

  /** A profile with no vault.json but sealed cases (or the migration's marker) lost its vault; never start over it. */
  private async holdsEncryptedCases(): Promise<boolean> {
    const { dir } = this.options
    const names = await readdir(dir).catch(() => [] as string[])
    if (names.includes(MIGRATED_MARKER)) return true
    for (const folder of ['cases', 'quarantine']) {
      const entries = await readdir(join(dir, folder), { withFileTypes: true }).catch(() => [])
      for (const e of entries) {
        if (!e.isDirectory()) continue
        const files = await readdir(join(dir, folder, e.name)).catch(() => [] as string[])
        if (files.includes(KEY_FILE)) return true
      }
    }
    return false
  }
}

/** A vault error's message is written for the reviewer; anything else is named, with what to try. */
function reviewerMessage(err: unknown): string {
  if (err instanceof VaultError) return err.message
  const code = (err as NodeJS.ErrnoException | null)?.code
  return `Recto could not open its encrypted store${code ? ` (${code})` : ''}. Check that the profile folder is readable and the disk is not full, then start Recto again.`
}
