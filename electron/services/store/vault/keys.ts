// Per-case data keys: 32 random bytes per case that seal every file of that case (sealed-file.ts), stored in the
// case folder as key.json, wrapped by the vault key (vault.ts). A key per case makes deleting a case final
// without touching its (possibly large, possibly backed-up) files: destroy the key and what is left is noise
// ("crypto-shredding").
//
// key.json: { "version": 1, "wrapped": "<base64 of nonce(12) | ciphertext(32) | tag(16)>" }
// The wrap is AES-256-GCM under the vault key, a random nonce, associated data "recto/data-key/v1" + 0x00 + the
// case id: a key.json copied into another case's folder does not unwrap there. Nothing else is in the file (no
// case id, no names). It is written once, atomically and never over an existing one (temp file, fsync, hard
// link), mode 0600: replacing a case's key would make its files unreadable.
//
// Reading reports each case on its own: loadCaseKeys returns the keys that unwrapped and, for the others, why
// (MissingKeyError, TamperedError), so one damaged case does not keep the rest from loading.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { open, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { fsyncDir } from '../atomic-write'
import { writeOnce } from './write-once'
import { KeyExistsError, MissingKeyError, TamperedError, UnsupportedVersionError, VaultError } from './errors'

export const KEY_FILE = 'key.json'
export const KEY_FILE_VERSION = 1
const KEY_LENGTH = 32
const NONCE_LENGTH = 12
const TAG_LENGTH = 16
const WRAPPED_LENGTH = NONCE_LENGTH + KEY_LENGTH + TAG_LENGTH

const KeyFileSchema = z.object({ version: z.number().int(), wrapped: z.string() }).strict()
export type KeyFile = z.infer<typeof KeyFileSchema>

function wrapAad(caseId: string): Buffer {
  return Buffer.concat([Buffer.from('recto/data-key/v1\0'), Buffer.from(caseId, 'utf8')])
}

function checkLength(key: Uint8Array, what: string): void {
  if (key.length !== KEY_LENGTH) throw new RangeError(`${what} is ${KEY_LENGTH} bytes`)
}

/**
 * Wraps a 32-byte key under another with AES-256-GCM: nonce (12, random) | ciphertext (32) | tag (16). The one
 * construction for data keys here and the vault key's slots (vault.ts); `aad` says what is wrapped.
 */
export function sealKey(wrapKey: Uint8Array, key: Uint8Array, aad: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_LENGTH)
  const cipher = createCipheriv('aes-256-gcm', wrapKey, nonce)
  cipher.setAAD(aad)
  const ct = Buffer.concat([cipher.update(key), cipher.final()])
  return Buffer.concat([nonce, ct, cipher.getAuthTag()])
}

/** The key sealKey wrapped, or null when `raw` is not one such wrap or does not verify under `wrapKey` and `aad`. */
export function openSealedKey(wrapKey: Uint8Array, raw: Uint8Array, aad: Uint8Array): Buffer | null {
  if (raw.length !== WRAPPED_LENGTH) return null
  const decipher = createDecipheriv('aes-256-gcm', wrapKey, raw.subarray(0, NONCE_LENGTH))
  decipher.setAAD(aad)
  decipher.setAuthTag(raw.subarray(NONCE_LENGTH + KEY_LENGTH))
  try {
    return Buffer.concat([
      decipher.update(raw.subarray(NONCE_LENGTH, NONCE_LENGTH + KEY_LENGTH)),
      decipher.final(),
    ])
  } catch {
    return null
  }
}

/** A new random data key. */
export function newDataKey(): Buffer {
  return randomBytes(KEY_LENGTH)
}

export function wrapDataKey(vaultKey: Uint8Array, dataKey: Uint8Array, caseId: string): KeyFile {
  checkLength(vaultKey, 'the vault key')
  checkLength(dataKey, 'a data key')
  return {
    version: KEY_FILE_VERSION,
    wrapped: sealKey(vaultKey, dataKey, wrapAad(caseId)).toString('base64'),
  }
}

/**
 * Unwraps a case's data key. A vault key that unlocked the vault is the right one (vault.ts checks it), so a
 * failure here means key.json was altered or belongs to another case: TamperedError.
 */
export function unwrapDataKey(vaultKey: Uint8Array, file: unknown, caseId: string): Buffer {
  checkLength(vaultKey, 'the vault key')
  const parsed = KeyFileSchema.safeParse(file)
  if (!parsed.success) throw new TamperedError(`The key file of case ${caseId} is damaged.`)
  if (parsed.data.version !== KEY_FILE_VERSION)
    throw new UnsupportedVersionError(
      `The key file of case ${caseId} was written by a version of Recto this one does not read.`,
    )
  const raw = Buffer.from(parsed.data.wrapped, 'base64')
  if (raw.length !== WRAPPED_LENGTH) throw new TamperedError(`The key file of case ${caseId} is damaged.`)
  const key = openSealedKey(vaultKey, raw, wrapAad(caseId))
  if (!key)
    throw new TamperedError(
      `The key file of case ${caseId} has been altered or belongs to another case; the case cannot be opened.`,
    )
  return key
}

/**
 * Creates the data key of a new case and writes `<caseDir>/key.json`; returns the key. Refuses (VaultError) when
 * the case already has a key file: that key seals files that would become unreadable.
 */
export async function createCaseKey(caseDir: string, vaultKey: Uint8Array, caseId: string): Promise<Buffer> {
  const dataKey = newDataKey()
  const text = JSON.stringify(wrapDataKey(vaultKey, dataKey, caseId)) + '\n'
  if (!(await writeOnce(join(caseDir, KEY_FILE), text))) throw new KeyExistsError(caseId)
  return dataKey
}

/** Reads and unwraps `<caseDir>/key.json`. MissingKeyError when there is none; TamperedError when damaged. */
export async function readCaseKey(caseDir: string, vaultKey: Uint8Array, caseId: string): Promise<Buffer> {
  let text: string
  try {
    text = await readFile(join(caseDir, KEY_FILE), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingKeyError(caseId)
    throw err
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new TamperedError(`The key file of case ${caseId} is damaged.`)
  }
  return unwrapDataKey(vaultKey, json, caseId)
}

export type CaseKeyFailure = { caseId: string; error: VaultError }

/** Reads the keys of many cases; a case whose key cannot be read is reported and the others still load. */
export async function loadCaseKeys(
  vaultKey: Uint8Array,
  cases: { caseId: string; dir: string }[],
): Promise<{ keys: Map<string, Buffer>; failures: CaseKeyFailure[] }> {
  const keys = new Map<string, Buffer>()
  const failures: CaseKeyFailure[] = []
  for (const c of cases) {
    try {
      keys.set(c.caseId, await readCaseKey(c.dir, vaultKey, c.caseId))
    } catch (err) {
      if (!(err instanceof VaultError)) throw err
      failures.push({ caseId: c.caseId, error: err })
    }
  }
  return { keys, failures }
}

/**
 * Crypto-shredding: overwrites key.json with random bytes, fsyncs, then removes it; after this the case's sealed
 * files cannot be opened by anyone. The overwrite is best effort on SSDs and copy-on-write file systems (the old
 * blocks may survive until reused), and a backup holding key.json still holds the key; the wrap still needs the
 * vault key. Returns false when there was no key file.
 */
export async function destroyCaseKey(caseDir: string): Promise<boolean> {
  const path = join(caseDir, KEY_FILE)
  let size: number
  try {
    size = (await stat(path)).size
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw err
  }
  const handle = await open(path, 'r+')
  try {
    await handle.write(randomBytes(Math.max(size, 128)), 0, Math.max(size, 128), 0)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rm(path, { force: true })
  await fsyncDir(caseDir)
  return true
}
