// The store's view of the vault: the data key of each case (keys.ts) and the key of the listing index, for the
// case store, the audit logs and the derived copies. One keyring per service, built on the unlocked Vault.
//
// Data keys are kept in memory after their first read (a small LRU) because every image, preview, thumbnail and
// audit read of a case needs its key, and re-reading and unwrapping key.json each time would add a file read per
// access; they live exactly as long as the vault key does (main process only, never logged, forgotten by
// forget() or when a case's key is destroyed). A key that could not be read is never cached: a key.json put back
// from a backup opens the case on the next access.
//
// The index key is HKDF-SHA256(vault key, no salt, "recto/case-index/v1"): the index belongs to no case, so it
// cannot use a data key, and deriving it needs no file of its own (nothing to lose, nothing to migrate).
import { hkdfSync } from 'node:crypto'
import { destroyCaseKey } from './keys'
import { open, seal, type SealContext } from './sealed-file'
import type { Vault } from './vault'

const INFO_INDEX = Buffer.from('recto/case-index/v1')
const CACHED_KEYS = 256
/** The sealed index file's associated data: no case, the fixed name. */
const INDEX_CONTEXT: SealContext = { caseId: '', name: 'index.json' }

/** What the store needs from the vault. A narrow interface so tests can count or break each step. */
export interface CaseKeys {
  /** Creates the data key of a new case in `caseDir` (key.json) and returns it. */
  create(caseDir: string, caseId: string): Promise<Buffer>
  /** The data key of a case (MissingKeyError, TamperedError when its key.json is gone or damaged). */
  keyFor(caseDir: string, caseId: string): Promise<Buffer>
  /** Crypto-shredding: the case's key.json is overwritten and removed; its files no longer open. */
  destroy(caseDir: string, caseId: string): Promise<boolean>
  /** Seals / opens the listing index. */
  sealIndex(text: string): Buffer
  openIndex(sealed: Uint8Array): string
}

export class CaseKeyring implements CaseKeys {
  private readonly cache = new Map<string, Buffer>()
  private readonly reading = new Map<string, Promise<Buffer>>()

  private readonly vaultOf: () => Vault

  /** The vault, or how to get it when it is unlocked after the keyring is made (the app's VaultGate). */
  constructor(vault: Vault | (() => Vault)) {
    this.vaultOf = typeof vault === 'function' ? vault : () => vault
  }

  private get vault(): Vault {
    return this.vaultOf()
  }

  private remember(caseId: string, key: Buffer): void {
    this.cache.delete(caseId)
    this.cache.set(caseId, key)
    // The oldest is dropped, not zeroed: a read may still be using it (a zeroed key mid-read would make a sound
    // case look tampered). Zeroing is for forget(), when the store has stopped reading.
    if (this.cache.size > CACHED_KEYS) this.cache.delete(this.cache.keys().next().value!)
  }

  async create(caseDir: string, caseId: string): Promise<Buffer> {
    const key = await this.vault.createCaseKey(caseDir, caseId)
    this.remember(caseId, Buffer.from(key))
    return key
  }

  keyFor(caseDir: string, caseId: string): Promise<Buffer> {
    const known = this.cache.get(caseId)
    if (known) {
      this.remember(caseId, known)
      return Promise.resolve(known)
    }
    let pending = this.reading.get(caseId)
    if (!pending) {
      pending = this.vault.readCaseKey(caseDir, caseId).then((key) => {
        this.remember(caseId, key)
        return key
      })
      this.reading.set(caseId, pending)
      const done = () => this.reading.delete(caseId)
      pending.then(done, done)
    }
    return pending
  }

  async destroy(caseDir: string, caseId: string): Promise<boolean> {
    this.forgetCase(caseId)
    return destroyCaseKey(caseDir)
  }

  /** Drops one case's key from memory (zeroed). */
  forgetCase(caseId: string): void {
    this.cache.get(caseId)?.fill(0)
    this.cache.delete(caseId)
  }

  /** Drops every cached key (zeroed): call when the vault is locked. */
  forget(): void {
    for (const key of this.cache.values()) key.fill(0)
    this.cache.clear()
  }

  private indexKey(): Buffer {
    return Buffer.from(hkdfSync('sha256', this.vault.vaultKey(), Buffer.alloc(0), INFO_INDEX, 32))
  }

  sealIndex(text: string): Buffer {
    return seal(this.indexKey(), Buffer.from(text, 'utf8'), INDEX_CONTEXT)
  }

  openIndex(sealed: Uint8Array): string {
    return open(this.indexKey(), sealed, INDEX_CONTEXT).toString('utf8')
  }
}
