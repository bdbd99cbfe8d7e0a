// The vault key: 32 random bytes that wrap every case's data key (keys.ts). It is never stored in plain text.
// `<profile>/vault.json` holds it wrapped up to three times ("slots"), any one of which unlocks it:
//   - keystore: sealed by the OS keystore (Electron safeStorage, behind the injected KeystoreCodec), only where
//     the keystore is a real one (not Linux 'basic_text' or 'unknown'); unlocks silently at start;
//   - passphrase: AES-256-GCM under scrypt(passphrase, salt, N, r, p) with the parameters stored (N = 2^17,
//     r = 8, p = 1 when written: 128 MiB and about half a second); required where there is no real keystore;
//   - recovery: AES-256-GCM under HKDF-SHA256 of a recovery key shown once at set-up (160 random bits, Crockford
//     base32, with 20 check bits to catch typos); always present.
// So a keystore that changed (a KDE/GNOME switch, a profile copied to another machine or account) or a forgotten
// passphrase asks for the passphrase or the recovery key instead of refusing to start; and no real keystore and
// no passphrase is refused (PassphraseRequiredError), never a silent plain-text fallback.
//
// vault.json (version 1):
//   { "version": 1,
//     "created": { "backend": "<keystore backend at creation>", "keystore": true|false },
//     "check": "<base64 HMAC-SHA256(vault key, 'recto/vault/v1/check')>",
//     "keystore": { "backend": "gnome_libsecret", "sealed": "<base64 of the codec's output>" } | null,
//     "passphrase": { "kdf": "scrypt", "N": 131072, "r": 8, "p": 1, "salt": "<b64 16>", "wrapped": "<b64>" } | null,
//     "recovery": { "kdf": "hkdf-sha256", "salt": "<b64 16>", "wrapped": "<b64>" },
//     "recoveryShown": true|false }   (false: created silently with the keystore, no recovery key shown yet)
// "wrapped" is nonce(12) | ciphertext(32) | tag(16) with associated data "recto/vault/v1/<slot name>". `check`
// verifies the key a slot yields: safeStorage's own encryption is not authenticated on every platform, so a
// keystore that answers with garbage is caught there. The file is written atomically (writeFileAtomic), 0600.
// The codec's backend at creation is recorded; at each unlock a different backend, an unavailable keystore, or
// a keystore that cannot open the slot is reported as `needs` with the reason, never as a crash.
import { createHash, createHmac, hkdf, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { MIN_PASSPHRASE_LENGTH } from '../../../../shared/vault'
import { writeFileAtomic } from '../atomic-write'
import { writeOnce } from './write-once'
import {
  InvalidRecoveryKeyError,
  NoVaultError,
  PassphraseRequiredError,
  TamperedError,
  UnsupportedVersionError,
  VaultExistsError,
  WeakPassphraseError,
  WrongPassphraseError,
  WrongRecoveryKeyError,
} from './errors'
import {
  createCaseKey,
  loadCaseKeys,
  openSealedKey,
  readCaseKey,
  sealKey,
  unwrapDataKey,
  wrapDataKey,
  type KeyFile,
} from './keys'

/** The OS keystore, injected (Electron safeStorage in the app, fakes in tests). */
export interface KeystoreCodec {
  /** safeStorage.getSelectedStorageBackend() on Linux; a fixed name elsewhere (e.g. 'dpapi', 'keychain'). */
  backend(): Promise<string>
  isAvailable(): Promise<boolean>
  encrypt(plain: Buffer): Promise<Buffer>
  decrypt(cipher: Buffer): Promise<Buffer>
}

/** No keystore at all: what a vault unlocked elsewhere is wrapped with (tests), and never a real slot. */
export const NO_KEYSTORE: KeystoreCodec = {
  backend: async () => '',
  isAvailable: async () => false,
  encrypt: async () => {
    throw new Error('no keystore')
  },
  decrypt: async () => {
    throw new Error('no keystore')
  },
}

export const VAULT_FILE = 'vault.json'
export const VAULT_VERSION = 1
export { MIN_PASSPHRASE_LENGTH }
/** Backends that are not a keystore: Chromium's 'basic_text' uses a fixed key; 'unknown' is not decided yet. */
const NOT_A_KEYSTORE = new Set(['basic_text', 'unknown', ''])
const KEY_LENGTH = 32

export type ScryptParams = { N: number; r: number; p: number }
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }
/** Accepted when reading: a vault.json edited to ask for gigabytes is refused, not obeyed. */
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/)
const VaultFileSchema = z
  .object({
    version: z.number().int(),
    created: z.object({ backend: z.string(), keystore: z.boolean() }),
    check: b64,
    keystore: z.object({ backend: z.string(), sealed: b64 }).nullable(),
    passphrase: z
      .object({
        kdf: z.literal('scrypt'),
        N: z.number().int(),
        r: z.number().int(),
        p: z.number().int(),
        salt: b64,
        wrapped: b64,
      })
      .nullable(),
    recovery: z.object({ kdf: z.literal('hkdf-sha256'), salt: b64, wrapped: b64 }),
    /** False while the reviewer has never seen the recovery key (created silently with the keystore). */
    recoveryShown: z.boolean().optional(),
  })
  .strict()
export type VaultFile = z.infer<typeof VaultFileSchema>

export type UnlockedWith = 'keystore' | 'passphrase' | 'recovery'

export function isRealKeystore(backend: string, available: boolean): boolean {
  return available && !NOT_A_KEYSTORE.has(backend)
}

/** An unlocked vault: holds the vault key in memory (never logged, never sent to the renderer) until lock(). */
export class Vault {
  private key: Buffer | null

  constructor(
    key: Buffer,
    /** Which slot opened it this time. */
    readonly unlockedWith: UnlockedWith,
    /** True when this unlock re-sealed the keystore slot for the current keystore (backend changed). */
    readonly keystoreRebound = false,
  ) {
    this.key = Buffer.from(key)
  }

  get locked(): boolean {
    return this.key === null
  }

  /** The vault key itself, for keys.ts. Throws once locked. */
  vaultKey(): Buffer {
    if (!this.key) throw new Error('the vault is locked')
    return this.key
  }

  wrapDataKey(dataKey: Uint8Array, caseId: string): KeyFile {
    return wrapDataKey(this.vaultKey(), dataKey, caseId)
  }
  unwrapDataKey(file: unknown, caseId: string): Buffer {
    return unwrapDataKey(this.vaultKey(), file, caseId)
  }
  createCaseKey(caseDir: string, caseId: string): Promise<Buffer> {
    return createCaseKey(caseDir, this.vaultKey(), caseId)
  }
  readCaseKey(caseDir: string, caseId: string): Promise<Buffer> {
    return readCaseKey(caseDir, this.vaultKey(), caseId)
  }
  loadCaseKeys(cases: { caseId: string; dir: string }[]): ReturnType<typeof loadCaseKeys> {
    return loadCaseKeys(this.vaultKey(), cases)
  }

  /** Forgets the key (zeroed in memory). */
  lock(): void {
    this.key?.fill(0)
    this.key = null
  }
}

export type UnlockResult =
  | { status: 'unlocked'; vault: Vault }
  /** Ask the reviewer; `reason` says why the keystore did not do it (for the unlock screen, no secrets). */
  | { status: 'needs'; needs: 'passphrase' | 'recovery'; reason: string }
  /** No vault.json: a new profile (or one whose vault was removed: the caller must not assume a first start). */
  | { status: 'absent' }

// ---------------------------------------------------------------------------------------------------------------
// Wrapping

const slotAad = (slot: string) => Buffer.from(`recto/vault/v1/${slot}`)

function wrap(wrapKey: Uint8Array, vaultKey: Uint8Array, slot: string): string {
  return sealKey(wrapKey, vaultKey, slotAad(slot)).toString('base64')
}

/** The vault key, or null when the wrap does not verify under this key. */
function unwrap(wrapKey: Uint8Array, wrapped: string, slot: string): Buffer | null {
  return openSealedKey(wrapKey, Buffer.from(wrapped, 'base64'), slotAad(slot))
}

function checkValue(vaultKey: Uint8Array): string {
  return createHmac('sha256', vaultKey).update('recto/vault/v1/check').digest('base64')
}

function matchesCheck(vaultKey: Uint8Array, check: string): boolean {
  const a = Buffer.from(checkValue(vaultKey), 'base64')
  const b = Buffer.from(check, 'base64')
  return a.length === b.length && timingSafeEqual(a, b)
}

function scryptMemory(params: ScryptParams): number {
  return 128 * params.N * params.r * params.p + 128 * params.r * params.p
}

function validScrypt(params: ScryptParams): boolean {
  const { N, r, p } = params
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0
  return (
    powerOfTwo &&
    N >= 2 ** 14 &&
    r >= 1 &&
    r <= 32 &&
    p >= 1 &&
    p <= 16 &&
    scryptMemory(params) <= MAX_SCRYPT_MEMORY
  )
}

/** scrypt off the main thread (libuv's pool): about half a second at N = 2^17. */
function passphraseKey(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { ...params, maxmem: 2 * scryptMemory(params) },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  )
}

function recoveryWrapKey(secret: Buffer, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    hkdf('sha256', secret, salt, 'recto/vault/v1/recovery', KEY_LENGTH, (err, key) =>
      err ? reject(err) : resolve(Buffer.from(key)),
    ),
  )
}

function checkPassphrase(passphrase: string): void {
  if ([...passphrase.normalize('NFC')].length < MIN_PASSPHRASE_LENGTH)
    throw new WeakPassphraseError(MIN_PASSPHRASE_LENGTH)
}

async function passphraseSlot(
  vaultKey: Buffer,
  passphrase: string,
  params: ScryptParams,
): Promise<NonNullable<VaultFile['passphrase']>> {
  checkPassphrase(passphrase)
  const salt = randomBytes(16)
  const key = await passphraseKey(passphrase, salt, params)
  return {
    kdf: 'scrypt',
    ...params,
    salt: salt.toString('base64'),
    wrapped: wrap(key, vaultKey, 'passphrase'),
  }
}

async function recoverySlot(vaultKey: Buffer): Promise<{ slot: VaultFile['recovery']; recoveryKey: string }> {
  const secret = randomBytes(RECOVERY_BYTES)
  const salt = randomBytes(16)
  const key = await recoveryWrapKey(secret, salt)
  return {
    slot: { kdf: 'hkdf-sha256', salt: salt.toString('base64'), wrapped: wrap(key, vaultKey, 'recovery') },
    recoveryKey: formatRecoveryKey(secret),
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Recovery keys: 160 random bits + 20 check bits, 36 Crockford base32 characters in groups of 4.

const RECOVERY_BYTES = 20
const RECOVERY_CHARS = 36
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

function recoveryCheck(secret: Buffer): Buffer {
  // 20 bits, in the top of 3 bytes.
  const h = createHash('sha256').update('recto/recovery-check/v1').update(secret).digest()
  return Buffer.from([h[0] ?? 0, h[1] ?? 0, (h[2] ?? 0) & 0xf0])
}

function toBase32(bytes: Buffer, chars: number): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5 && out.length < chars) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  return out
}

function formatRecoveryKey(secret: Buffer): string {
  // 160 bits are exactly 32 characters; the check's 20 bits 4 more.
  const text = toBase32(secret, 32) + toBase32(recoveryCheck(secret), 4)
  return text.match(/.{4}/g)!.join('-')
}

/** Parses what the reviewer typed (any case, spaces or dashes, O for 0, I/L for 1). Throws InvalidRecoveryKeyError. */
export function parseRecoveryKey(input: string): Buffer {
  const text = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  if (text.length !== RECOVERY_CHARS)
    throw new InvalidRecoveryKeyError(`it has ${RECOVERY_CHARS} letters and digits, this has ${text.length}`)
  let value = 0n
  for (const ch of text) {
    const v = CROCKFORD.indexOf(ch)
    if (v < 0) throw new InvalidRecoveryKeyError(`"${ch}" does not occur in recovery keys`)
    value = (value << 5n) | BigInt(v)
  }
  // 180 bits: 160 of secret, then 20 of check.
  const secret = Buffer.from((value >> 20n).toString(16).padStart(40, '0'), 'hex')
  const check = Number(value & 0xfffffn)
  const expected = recoveryCheck(secret)
  const want = (expected[0]! << 12) | (expected[1]! << 4) | (expected[2]! >> 4)
  if (check !== want) throw new InvalidRecoveryKeyError('a character is wrong')
  return secret
}

// ---------------------------------------------------------------------------------------------------------------
// The file

async function readVaultFile(dir: string): Promise<VaultFile | null> {
  let text: string
  try {
    text = await readFile(join(dir, VAULT_FILE), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new TamperedError('The vault file (vault.json) is damaged.')
  }
  if (typeof json === 'object' && json !== null && 'version' in json && json.version !== VAULT_VERSION)
    throw new UnsupportedVersionError('The vault was written by a version of Recto this one does not read.')
  const parsed = VaultFileSchema.safeParse(json)
  if (!parsed.success) throw new TamperedError('The vault file (vault.json) is damaged.')
  if (parsed.data.passphrase && !validScrypt(parsed.data.passphrase))
    throw new TamperedError('The vault file (vault.json) has passphrase settings this version refuses.')
  return parsed.data
}

async function writeVaultFile(dir: string, file: VaultFile): Promise<void> {
  await writeFileAtomic(join(dir, VAULT_FILE), JSON.stringify(file, null, 2) + '\n', { mode: 0o600 })
}

async function mustRead(dir: string): Promise<VaultFile> {
  const file = await readVaultFile(dir)
  if (!file) throw new NoVaultError()
  return file
}

// ---------------------------------------------------------------------------------------------------------------
// API

export type CreateOptions = {
  codec: KeystoreCodec
  /** Required where there is no real keystore; optional (an extra slot) where there is one. */
  passphrase?: string
  /** scrypt parameters; N is never below 2^17. */
  scrypt?: ScryptParams
  /**
   * Whether the caller shows the returned recovery key to the reviewer (default true). False for a vault created
   * silently with the keystore: recorded, so Recto can ask the reviewer to save one (newRecoveryKey).
   */
  showsRecoveryKey?: boolean
}

/**
 * Creates the vault of a profile. Returns the recovery key, to show the reviewer ONCE (it is not stored), and the
 * unlocked vault. Refuses: an existing vault (VaultExistsError), no real keystore and no passphrase
 * (PassphraseRequiredError), a short passphrase (WeakPassphraseError).
 */
export async function createVault(
  dir: string,
  options: CreateOptions,
): Promise<{ recoveryKey: string; vault: Vault }> {
  if (await readVaultFile(dir).catch(() => 'unreadable')) throw new VaultExistsError()
  const params = options.scrypt ?? DEFAULT_SCRYPT
  if (params.N < DEFAULT_SCRYPT.N || !validScrypt(params)) throw new RangeError('scrypt parameters too weak')
  const backend = await options.codec.backend()
  const real = isRealKeystore(backend, await options.codec.isAvailable())
  if (!real && options.passphrase === undefined) throw new PassphraseRequiredError(backend || 'none')
  if (options.passphrase !== undefined) checkPassphrase(options.passphrase)

  const vaultKey = randomBytes(KEY_LENGTH)
  const keystore = real
    ? { backend, sealed: (await options.codec.encrypt(vaultKey)).toString('base64') }
    : null
  const passphrase =
    options.passphrase === undefined ? null : await passphraseSlot(vaultKey, options.passphrase, params)
  const recovery = await recoverySlot(vaultKey)
  await mkdir(dir, { recursive: true })
  const file: VaultFile = {
    version: VAULT_VERSION,
    created: { backend, keystore: real },
    check: checkValue(vaultKey),
    keystore,
    passphrase,
    recovery: recovery.slot,
    recoveryShown: options.showsRecoveryKey ?? true,
  }
  // Never over an existing vault (two starts creating at once): the loser's key is dropped before any use.
  if (!(await writeOnce(join(dir, VAULT_FILE), JSON.stringify(file, null, 2) + '\n')))
    throw new VaultExistsError()
  const vault = new Vault(vaultKey, keystore ? 'keystore' : 'passphrase')
  vaultKey.fill(0)
  return { recoveryKey: recovery.recoveryKey, vault }
}

/** Whether a vault exists in `dir` (a vault.json, readable or not). */
export async function hasVault(dir: string): Promise<boolean> {
  return (await readVaultFile(dir).catch(() => 'unreadable')) !== null
}

/**
 * Unlocks with the OS keystore when the vault has a keystore slot and the keystore is the same, available and
 * opens it; otherwise says what to ask the reviewer for (the passphrase when the vault has one, else the
 * recovery key) and why.
 */
export async function unlock(dir: string, options: { codec: KeystoreCodec }): Promise<UnlockResult> {
  const file = await readVaultFile(dir)
  if (!file) return { status: 'absent' }
  const needs = file.passphrase ? 'passphrase' : 'recovery'
  const slot = file.keystore
  if (!slot) return { status: 'needs', needs, reason: 'This vault is protected by a passphrase.' }
  const backend = await options.codec.backend()
  if (backend !== slot.backend)
    return {
      status: 'needs',
      needs,
      reason: `The keystore backend changed from ${slot.backend} to ${backend || 'none'}.`,
    }
  if (!(await options.codec.isAvailable()))
    return { status: 'needs', needs, reason: `The system keystore (${backend}) is not available.` }
  let key: Buffer
  try {
    key = await options.codec.decrypt(Buffer.from(slot.sealed, 'base64'))
  } catch {
    return {
      status: 'needs',
      needs,
      reason:
        'The system keystore cannot open the vault key (a profile copied from another computer or account?).',
    }
  }
  if (key.length !== KEY_LENGTH || !matchesCheck(key, file.check)) {
    key.fill(0)
    return {
      status: 'needs',
      needs,
      reason: 'The system keystore returned a different key (a reset keystore?).',
    }
  }
  const vault = new Vault(key, 'keystore')
  key.fill(0)
  return { status: 'unlocked', vault }
}

/**
 * After the passphrase or the recovery key opened a vault whose keystore slot did not (another backend, another
 * machine): seals the vault key for the keystore in use now, if it is a real one, so the next start is silent
 * again. A vault created without a keystore slot is left as the reviewer set it up (passphrase at start).
 */
async function rebindKeystore(
  dir: string,
  file: VaultFile,
  key: Buffer,
  codec: KeystoreCodec,
): Promise<boolean> {
  if (!file.keystore) return false
  const backend = await codec.backend()
  if (!isRealKeystore(backend, await codec.isAvailable())) return false
  if (backend === file.keystore.backend) {
    const current = await codec.decrypt(Buffer.from(file.keystore.sealed, 'base64')).catch(() => null)
    if (current && current.length === KEY_LENGTH && matchesCheck(current, file.check)) return false
  }
  const sealed = (await codec.encrypt(key)).toString('base64')
  await writeVaultFile(dir, { ...file, keystore: { backend, sealed } })
  return true
}

export async function unlockWithPassphrase(
  dir: string,
  passphrase: string,
  options: { codec: KeystoreCodec },
): Promise<Vault> {
  const file = await mustRead(dir)
  const slot = file.passphrase
  if (!slot) throw new WrongPassphraseError()
  const wrapKey = await passphraseKey(passphrase, Buffer.from(slot.salt, 'base64'), slot)
  const key = unwrap(wrapKey, slot.wrapped, 'passphrase')
  if (!key || !matchesCheck(key, file.check)) throw new WrongPassphraseError()
  return openedBy(dir, file, key, 'passphrase', options.codec)
}

export async function unlockWithRecoveryKey(
  dir: string,
  recoveryKey: string,
  options: { codec: KeystoreCodec },
): Promise<Vault> {
  const secret = parseRecoveryKey(recoveryKey)
  const file = await mustRead(dir)
  const wrapKey = await recoveryWrapKey(secret, Buffer.from(file.recovery.salt, 'base64'))
  const key = unwrap(wrapKey, file.recovery.wrapped, 'recovery')
  if (!key || !matchesCheck(key, file.check)) throw new WrongRecoveryKeyError()
  return openedBy(dir, file, key, 'recovery', options.codec)
}

/** The vault a verified key opened with the passphrase or recovery key (the keystore slot re-sealed if it failed). */
async function openedBy(
  dir: string,
  file: VaultFile,
  key: Buffer,
  slot: 'passphrase' | 'recovery',
  codec: KeystoreCodec,
): Promise<Vault> {
  const rebound = await rebindKeystore(dir, file, key, codec)
  const vault = new Vault(key, slot, rebound)
  key.fill(0)
  return vault
}

/**
 * Sets a new passphrase (or the first one) with the vault already unlocked: after a recovery-key unlock when the
 * old passphrase was forgotten, or from Settings. The other slots are kept.
 */
export async function changePassphrase(
  dir: string,
  vault: Vault,
  newPassphrase: string,
  options: { scrypt?: ScryptParams } = {},
): Promise<void> {
  const params = options.scrypt ?? DEFAULT_SCRYPT
  if (params.N < DEFAULT_SCRYPT.N || !validScrypt(params)) throw new RangeError('scrypt parameters too weak')
  const file = await mustRead(dir)
  const key = vault.vaultKey()
  if (!matchesCheck(key, file.check)) throw new TamperedError('This vault file belongs to another vault.')
  await writeVaultFile(dir, { ...file, passphrase: await passphraseSlot(key, newPassphrase, params) })
}

/** Replaces the recovery key (the old one stops working); returns the new one, to show once. */
export async function newRecoveryKey(dir: string, vault: Vault): Promise<string> {
  const file = await mustRead(dir)
  const key = vault.vaultKey()
  if (!matchesCheck(key, file.check)) throw new TamperedError('This vault file belongs to another vault.')
  const recovery = await recoverySlot(key)
  await writeVaultFile(dir, { ...file, recovery: recovery.slot, recoveryShown: true })
  return recovery.recoveryKey
}

/** What the profile's vault is protected by, for Settings and diagnostics (no secrets). */
export async function describeVault(dir: string): Promise<{
  createdBackend: string
  keystoreBackend: string | null
  passphrase: boolean
  scrypt: ScryptParams | null
  /** False while the reviewer has never been shown a recovery key for this vault. */
  recoveryShown: boolean
} | null> {
  const file = await readVaultFile(dir)
  if (!file) return null
  return {
    createdBackend: file.created.backend,
    keystoreBackend: file.keystore?.backend ?? null,
    passphrase: file.passphrase !== null,
    scrypt: file.passphrase ? { N: file.passphrase.N, r: file.passphrase.r, p: file.passphrase.p } : null,
    recoveryShown: file.recoveryShown ?? true,
  }
}
