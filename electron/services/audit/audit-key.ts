// The audit MAC key: 32 random bytes that sign every case audit entry (HMAC-SHA256 of the entry's hash, see
// audit-log.ts), so that rewriting a log consistently — every hash recomputed — is still detected unless the
// rewriter has this key. It lives in `<userDataDir>/audit-key`, sealed by the SecretCodec (Electron safeStorage:
// the OS keystore) and never leaves the main process; it is never logged.
//
// Created on first use, written atomically and without ever replacing an existing file (temp file, fsync, then a
// hard link that fails if the name exists), mode 0600. The file is JSON:
//   { "version": 1, "protectedBy": "os-keystore", "sealed": "<base64 of safeStorage output>" }
//   { "version": 1, "protectedBy": "file", "key": "<64 hex digits>" }
// The second form is used where the codec says encryption is unavailable (Linux with the basic_text backend, the
// E2E Chromium host): the key then only has the file's permissions to protect it, and get() says so
// (protectedBy 'file') so the timeline can tell the reviewer. A plain key is not re-sealed later when a keystore
// appears: a key that a keystore later fails to open would cost every log its MACs, for little gain.
//
// A key file that cannot be read (sealed on another machine or by another OS account — a copied profile —, a
// reset keystore, a damaged file) does NOT crash anything and is NEVER replaced: it is evidence, and the MACs
// already written can only be checked with it. For the rest of the session get() answers "not available":
// - entries are still appended, without a MAC (losing the record of a reviewer's action would be worse than an
//   unsigned entry); the verifier reports those as unsigned entries after signed ones once the key can be read
//   again, which is true: nothing but the hash chain protects them;
// - the timeline says the MACs were not checked because the key is not available on this system.
// Recovering (e.g. a keystore that comes back) needs a restart; starting over with a new key is a deliberate act
// (move the file away), after which the old signed entries report wrong MACs.
import { randomBytes } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import type { AuditKeyProtection } from '../../../shared/audit'
import type { Logger, SecretCodec } from '../ports'
import { writeOnce } from '../store/vault/write-once'

export const AUDIT_KEY_FILE = 'audit-key'
export const AUDIT_KEY_FILE_MODE = 0o600
const KEY_BYTES = 32

export type AuditKeyState =
  { available: true; key: Buffer; protectedBy: AuditKeyProtection } | { available: false; reason: string }

/** What signs and checks audit entries: the app's AuditKey, or a fixed key in tests. */
export interface AuditKeySource {
  get(): Promise<AuditKeyState>
}

const HEX_KEY = /^[0-9a-f]{64}$/

const KeyFileSchema = z.discriminatedUnion('protectedBy', [
  z.object({ version: z.literal(1), protectedBy: z.literal('os-keystore'), sealed: z.string().min(1) }),
  z.object({ version: z.literal(1), protectedBy: z.literal('file'), key: z.string().regex(HEX_KEY) }),
])

/** Raised inside load() for a key file that exists but cannot be used; it is reported, never overwritten. */
class UnusableKey extends Error {}

export class AuditKey implements AuditKeySource {
  readonly path: string
  private pending: Promise<AuditKeyState> | null = null

  constructor(
    userDataDir: string,
    private readonly codec: SecretCodec,
    private readonly logger?: Logger,
  ) {
    this.path = join(userDataDir, AUDIT_KEY_FILE)
  }

  /**
   * The key, created when there is none. Kept for the session once read or made, and when it exists but cannot
   * be used; a failure to create it (a full disk) is retried at the next call.
   */
  get(): Promise<AuditKeyState> {
    if (!this.pending) {
      this.pending = this.load().then(({ state, retry }) => {
        if (retry) this.pending = null
        // Said once per session (or per failed creation): every entry from now on is unsigned.
        if (!state.available)
          this.logger?.warn(`audit: ${state.reason}; audit entries are written without a MAC`)
        return state
      })
    }
    return this.pending
  }

  private async load(): Promise<{ state: AuditKeyState; retry: boolean }> {
    try {
      const state = (await this.read()) ?? (await this.create())
      return { state, retry: false }
    } catch (err) {
      if (err instanceof UnusableKey)
        return { state: { available: false, reason: err.message }, retry: false }
      // Only the error code: a message can carry the path, and the path the user's name.
      const code = (err as NodeJS.ErrnoException).code ?? 'error'
      return {
        state: { available: false, reason: `The audit MAC key could not be created (${code})` },
        retry: true,
      }
    }
  }

  /** The key in the file, null when there is no file; throws UnusableKey for a file that cannot be used. */
  private async read(): Promise<AuditKeyState | null> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw new UnusableKey(
        `The audit MAC key is not available on this system: its file cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      )
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = null
    }
    const parsed = KeyFileSchema.safeParse(json)
    if (!parsed.success) {
      throw new UnusableKey('The audit MAC key is not available on this system: its file is damaged')
    }
    const file = parsed.data
    if (file.protectedBy === 'file') {
      return { available: true, key: Buffer.from(file.key, 'hex'), protectedBy: 'file' }
    }
    if (!(await this.codec.isEncryptionAvailable())) {
      throw new UnusableKey(
        'The audit MAC key is not available on this system: it is sealed by an OS keystore that is not available',
      )
    }
    let hex: string
    try {
      hex = await this.codec.decrypt(Buffer.from(file.sealed, 'base64'))
    } catch {
      hex = ''
    }
    if (!HEX_KEY.test(hex)) {
      throw new UnusableKey(
        'The audit MAC key is not available on this system: the OS keystore cannot open it (a profile copied from another machine or account, or a reset keystore)',
      )
    }
    return { available: true, key: Buffer.from(hex, 'hex'), protectedBy: 'os-keystore' }
  }

  private async create(): Promise<AuditKeyState> {
    const key = randomBytes(KEY_BYTES)
    const hex = key.toString('hex')
    const sealed = await this.codec.isEncryptionAvailable()
    const content = sealed
      ? { version: 1, protectedBy: 'os-keystore', sealed: (await this.codec.encrypt(hex)).toString('base64') }
      : { version: 1, protectedBy: 'file', key: hex }
    await mkdir(dirname(this.path), { recursive: true })
    const created = await writeOnce(this.path, `${JSON.stringify(content)}\n`)
    if (!created) {
      // Another writer got there first (a second window, a second process): use theirs.
      const theirs = await this.read()
      if (theirs) return theirs
      throw new UnusableKey('The audit MAC key is not available on this system: its file vanished')
    }
    if (!sealed) {
      this.logger?.warn(
        'audit: the OS offers no encryption; the audit MAC key is kept in a plain file (mode 0600)',
      )
    }
    return { available: true, key, protectedBy: sealed ? 'os-keystore' : 'file' }
  }
}
