// The settings audit log: <userDataDir>/settings-audit.jsonl, one JSON entry per line, append-only, each entry
// chained to the previous one by SHA-256 over its canonical JSON (the per-case log's canonicalJson, so both logs
// hash the same way). It records who changed a security-relevant setting (four-eyes, the attention threshold, the
// endpoint, the API key set or cleared, the reviewer name; retention when it exists), shown in Settings → History.
//
// What the chain proves, and what not, is as for the case log (electron/services/audit-log.ts): an edited,
// removed, inserted or reordered entry is reported at the first broken link; a log cut short after an entry, or
// rewritten whole with new hashes, is not (there is no anchor elsewhere, and the hashes are not signed).
//
// Synchronous on purpose: settings changes are rare and small, and a synchronous append makes each change and its
// entries one step that no other change can interleave with (the settings service stays synchronous too). Each
// append is fsynced before the setting is saved, so no change is saved without its entry; the file is owner-only
// (0600). A crash mid-append can leave an incomplete last line: reading ignores it and says so, and the next append
// cuts it off first. An invalid line anywhere else is evidence: it breaks the verdict and is never repaired.
//
// Never in the log: the API key (an 'apiKey' entry says only 'set', 'cleared', …), a URL's query or fragment.
import { createHash } from 'node:crypto'
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  truncateSync,
  writeSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import type { SettingsHistoryEntry, SettingsHistoryView } from '../../shared/policy'
import { canonicalJson } from './audit-log'

export const SETTINGS_AUDIT_FILE = 'settings-audit.jsonl'
export const SETTINGS_AUDIT_FILE_MODE = 0o600
/** The prevHash of the first entry (as in the case log). */
export const SETTINGS_GENESIS_HASH = '0'.repeat(64)

const HashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest')

export const SettingsAuditEntrySchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  at: z.iso.datetime({ offset: true }),
  account: z.string(),
  reviewer: z.string(),
  setting: z.string().min(1).max(100),
  before: z.unknown(),
  after: z.unknown(),
  prevHash: HashSchema,
  hash: HashSchema,
})
export type SettingsAuditEntry = SettingsHistoryEntry & { prevHash: string; hash: string }
/** What a caller appends: the log fills in seq, prevHash and hash. */
export type SettingsAuditDraft = Omit<SettingsHistoryEntry, 'seq'>

export function settingsAuditPath(userDataDir: string): string {
  return join(userDataDir, SETTINGS_AUDIT_FILE)
}

/** SHA-256 (hex) of the canonical JSON of every member but `hash`. */
export function hashSettingsEntry(e: Omit<SettingsAuditEntry, 'hash'>): string {
  const { seq, at, account, reviewer, setting, before, after, prevHash } = e
  return createHash('sha256')
    .update(canonicalJson({ seq, at, account, reviewer, setting, before, after, prevHash }), 'utf8')
    .digest('hex')
}

/** A value as the file will hold it (through JSON; undefined becomes null so the member is never dropped). */
function jsonValue(v: unknown): unknown {
  const text = JSON.stringify(v)
  return text === undefined ? null : (JSON.parse(text) as unknown)
}

/** The entry that follows `previous` (null: the first). */
export function chainSettingsEntry(
  previous: SettingsAuditEntry | null,
  draft: SettingsAuditDraft,
): SettingsAuditEntry {
  const base = {
    seq: previous ? previous.seq + 1 : 0,
    at: draft.at,
    account: draft.account,
    reviewer: draft.reviewer,
    setting: draft.setting,
    before: jsonValue(draft.before),
    after: jsonValue(draft.after),
    prevHash: previous ? previous.hash : SETTINGS_GENESIS_HASH,
  }
  const entry = { ...base, hash: hashSettingsEntry(base) }
  // Refuses a malformed draft (a bad timestamp, an empty setting) before anything is written.
  SettingsAuditEntrySchema.parse(entry)
  return entry
}

type Verdict = SettingsHistoryView['verdict']

/**
 * Checks the lines in file order and reports the FIRST broken link: a line that is not an entry, an entry whose
 * content does not match its hash, whose seq is not its position, or whose prevHash is not the previous hash.
 */
export function verifySettingsChain(lines: readonly unknown[]): Verdict {
  let expectedPrev = SETTINGS_GENESIS_HASH
  for (let i = 0; i < lines.length; i++) {
    const parsed = SettingsAuditEntrySchema.safeParse(lines[i])
    if (!parsed.success) {
      return { ok: false, index: i, reason: `Entry ${i} is not a settings audit entry` }
    }
    const e = parsed.data as SettingsAuditEntry
    if (hashSettingsEntry(e) !== e.hash) {
      return {
        ok: false,
        index: i,
        reason: `Entry ${i} does not match its hash: its content was changed after it was written`,
      }
    }
    if (e.seq !== i) {
      return {
        ok: false,
        index: i,
        reason:
          e.seq > i
            ? `Entry ${i} has seq ${e.seq}: an entry before it was removed, or entries were reordered`
            : `Entry ${i} has seq ${e.seq}: entries were reordered, duplicated or inserted`,
      }
    }
    if (e.prevHash !== expectedPrev) {
      return {
        ok: false,
        index: i,
        reason:
          i === 0
            ? 'The first entry does not start a chain (its prevHash is not the genesis hash)'
            : `Entry ${i} does not follow entry ${i - 1} (prevHash mismatch): an entry was replaced, removed or re-hashed`,
      }
    }
    expectedPrev = e.hash
  }
  return { ok: true, count: lines.length }
}

/** A line that is not JSON (kept so the verdict can point at it). */
const NOT_JSON = Symbol('not JSON')

type ParsedLog = {
  /** Every complete line, parsed (NOT_JSON when it is not JSON), in file order; a valid unterminated last too. */
  lines: unknown[]
  tail: 'none' | 'torn' | 'unterminated'
  /** Bytes up to and including the last newline. */
  completeBytes: number
}

function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown
  } catch {
    return NOT_JSON
  }
}

function parseLog(buf: Buffer): ParsedLog {
  const completeBytes = buf.lastIndexOf(0x0a) + 1
  const complete = buf.subarray(0, completeBytes).toString('utf8').split('\n')
  complete.pop() // the empty string after the last newline
  const lines = complete.map(parseJsonLine)
  let tail: ParsedLog['tail'] = 'none'
  if (completeBytes < buf.length) {
    const last = parseJsonLine(buf.subarray(completeBytes).toString('utf8'))
    if (SettingsAuditEntrySchema.safeParse(last).success) {
      tail = 'unterminated'
      lines.push(last)
    } else {
      tail = 'torn'
    }
  }
  return { lines, tail, completeBytes }
}

function readBytes(path: string): Buffer | null {
  try {
    return readFileSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

function asEntry(line: unknown): SettingsAuditEntry | null {
  const parsed = SettingsAuditEntrySchema.safeParse(line)
  return parsed.success ? (parsed.data as SettingsAuditEntry) : null
}

/** Makes a new file's directory entry durable; not supported everywhere (Windows), where it is skipped. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // best effort
  }
}

export class SettingsAuditLog {
  constructor(readonly path: string) {}

  /**
   * Appends these entries (one write, fsynced) after the last readable entry and returns them. A torn last line
   * is cut off first; a valid last entry without its newline gets one.
   */
  append(drafts: readonly SettingsAuditDraft[]): SettingsAuditEntry[] {
    if (drafts.length === 0) return []
    const buf = readBytes(this.path)
    let previous: SettingsAuditEntry | null = null
    let prefix = ''
    if (buf) {
      const parsed = parseLog(buf)
      for (let i = parsed.lines.length - 1; i >= 0 && !previous; i--) previous = asEntry(parsed.lines[i])
      if (parsed.tail === 'torn') truncateSync(this.path, parsed.completeBytes)
      if (parsed.tail === 'unterminated') prefix = '\n'
    }
    const entries: SettingsAuditEntry[] = []
    for (const draft of drafts) {
      const entry = chainSettingsEntry(previous, draft)
      entries.push(entry)
      previous = entry
    }
    const text = prefix + entries.map((e) => `${JSON.stringify(e)}\n`).join('')
    mkdirSync(dirname(this.path), { recursive: true })
    const fd = openSync(this.path, 'a', SETTINGS_AUDIT_FILE_MODE)
    try {
      // The mode only applies when the file is created: an existing file is made owner-only as well.
      try {
        fchmodSync(fd, SETTINGS_AUDIT_FILE_MODE)
      } catch {
        // not supported everywhere (Windows)
      }
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    if (!buf) syncDir(dirname(this.path))
    return entries
  }

  /** The readable entries (oldest first), the chain's verdict, and what could not be read. */
  read(): SettingsHistoryView {
    const buf = readBytes(this.path)
    if (!buf) return { entries: [], verdict: { ok: true, count: 0 }, problem: null }
    const parsed = parseLog(buf)
    const problems: string[] = []
    const unreadable = parsed.lines.flatMap((l, i) => (asEntry(l) ? [] : [i + 1]))
    if (unreadable.length) {
      const listed = unreadable.slice(0, 5).join(', ')
      const more = unreadable.length > 5 ? ` and ${unreadable.length - 5} more` : ''
      problems.push(
        `${unreadable.length === 1 ? 'Line' : 'Lines'} ${listed}${more} of the settings log ${unreadable.length === 1 ? 'is' : 'are'} not a valid entry and ${unreadable.length === 1 ? 'is' : 'are'} not listed`,
      )
    }
    if (parsed.tail === 'torn') {
      problems.push(
        `The last line (line ${parsed.lines.length + 1}) is incomplete, as an interrupted write leaves it, and was ignored`,
      )
    }
    const entries = parsed.lines.flatMap((l) => {
      const e = asEntry(l)
      if (!e) return []
      const { seq, at, account, reviewer, setting, before, after } = e
      return [{ seq, at, account, reviewer, setting, before, after }]
    })
    return {
      entries,
      verdict: verifySettingsChain(parsed.lines),
      problem: problems.length ? problems.join('. ') : null,
    }
  }
}

/** A base URL as the log keeps it: scheme, host, port and path only (a query or fragment may carry secrets). */
export function loggedEndpoint(url: string): string {
  if (!URL.canParse(url)) return url.replace(/[?#].*$/, '')
  const u = new URL(url)
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`
}
