// The per-case audit log: <case folder>/audit.jsonl, one JSON entry per line, append-only, each entry chained to
// the previous one by SHA-256 (see shared/audit.ts for the entry and the details conventions).
//
// What the chain proves: editing an entry (its hash no longer matches), removing or inserting one in the middle
// (a seq gap, a prevHash that does not match), reordering entries and dropping the first ones are all reported at
// the first broken link by verifyChain. What it cannot prove on its own: that the LAST entries were not cut off —
// a shorter log is still a valid chain. That needs an anchor kept elsewhere (the case JSON keeps the log's
// count and last hash, an AuditHead): verifyAgainstHead. Nor does the chain stop someone from rewriting the whole
// file and recomputing every hash: that is what the MACs are for. Each entry also carries HMAC-SHA256(audit key,
// hash); the key is kept in the OS keystore (audit-key.ts), and as each hash covers the previous one, a consistent
// rewrite of a log needs that key. verifyChain, given the key, reports a wrong MAC apart from a broken chain.
// Entries without a MAC are accepted only BEFORE the first signed one (logs written before MACs existed): the
// report counts them, and a missing MAC after a signed entry is a failure. The limits: someone who strips every
// MAC from a log and rewrites it gets an "unsigned" log, which is reported as such (not as broken); someone who
// can read the key (the same OS account where the key is in a plain file, or code running as that account) can
// forge. It makes tampering evident, not impossible.
//
// Durability: an append is one write of one line, fsynced. A crash mid-append can leave an incomplete last line;
// read() ignores it and says so, and the next append cuts it off first so the file stays valid JSONL. An invalid
// line anywhere else is reported, never skipped silently (and never repaired: it is evidence).
//
// Appends to one case are serialised (one queue per file, shared by every AuditLog of that folder), and the last
// entry is kept in memory, so an append does not re-read the file; the file's size, inode and mtime are checked
// before each append and a file changed behind the log's back is read again.
//
// Encrypted store: given an AuditSealing (the case's id and data key), each line is a sealed record
// (vault/sealed-file.ts sealAuditLine, seq = the 0-based line number) instead of the entry's JSON: an append is
// still one write of one line and one fsync, a torn last line is still recognisable, and the chain, MACs and head
// checks run unchanged on the opened entries. A line that does not open (altered, moved, another key) is listed
// as an invalid line like a line that is not JSON, and its content is never shown.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { open, stat } from 'node:fs/promises'
import { fsyncDir } from '../store/atomic-write'
import { dirname, resolve } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import {
  AuditEntrySchema,
  GENESIS_HASH,
  describeAuditEntry,
  type AuditDraft,
  type AuditEntry,
  type AuditHead,
  type AuditMacReport,
} from '../../../shared/audit'
import type { AuditKeyState } from './audit-key'
import { openAuditLine, sealAuditLine } from '../store/vault/sealed-file'
import { neutralise } from '../export/neutralise'

export const AUDIT_FILE = 'audit.jsonl'
export const AUDIT_FILE_MODE = 0o600
/** Details are a few fields at most; anything this big is a mistake (image bytes, a provider body) and refused. */
export const MAX_DETAILS_BYTES = 64 * 1024

const AuditDraftSchema = AuditEntrySchema.omit({ seq: true, prevHash: true, hash: true, mac: true })

// ---------------------------------------------------------------------------------------------------------------
// Hashing and the chain (pure apart from SHA-256)

/**
 * JSON with object keys sorted (recursively, by UTF-16 code units), no spaces, so the same value always gives the
 * same text whatever order its keys were built in. Values are first taken through JSON as JSON.stringify would
 * (undefined members dropped, NaN → null, toJSON applied), so a value hashes the same before and after a round
 * trip through the file.
 */
export function canonicalJson(value: unknown): string {
  const text = JSON.stringify(value)
  return text === undefined ? 'null' : serialiseSorted(JSON.parse(text))
}

function serialiseSorted(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(serialiseSorted).join(',')}]`
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>
    const members = Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${serialiseSorted(o[k])}`)
    return `{${members.join(',')}}`
  }
  return JSON.stringify(v)
}

/**
 * SHA-256 (hex) of the canonical JSON of { seq, at, reviewer, account, type, details, prevHash }; `account` only
 * when present, so entries written before it was recorded hash exactly as they did. `hash` and `mac` are not read.
 */
export function hashEntry(e: Omit<AuditEntry, 'hash' | 'mac'>): string {
  const { seq, at, reviewer, account, type, details, prevHash } = e
  return createHash('sha256')
    .update(
      canonicalJson(
        account === undefined
          ? { seq, at, reviewer, type, details, prevHash }
          : { seq, at, reviewer, account, type, details, prevHash },
      ),
      'utf8',
    )
    .digest('hex')
}

/** The entry's MAC: HMAC-SHA256 (hex) of its hash under the audit key. */
export function macOf(key: Buffer, hash: string): string {
  return createHmac('sha256', key).update(hash, 'utf8').digest('hex')
}

function macMatches(key: Buffer, hash: string, mac: string): boolean {
  return timingSafeEqual(Buffer.from(macOf(key, hash), 'hex'), Buffer.from(mac, 'hex'))
}

/**
 * The entry that follows `previous` (null: the first entry). The draft is validated (an invalid `at` or type
 * throws) and its details are normalised through JSON, so the entry returned is exactly what the file will hold.
 */
export function chainEntry(
  previous: AuditEntry | null,
  draft: AuditDraft,
  macKey: Buffer | null = null,
): AuditEntry {
  const d = AuditDraftSchema.parse(draft)
  const detailsText = JSON.stringify(d.details)
  if (Buffer.byteLength(detailsText, 'utf8') > MAX_DETAILS_BYTES) {
    throw new Error(`Audit details of a ${d.type} event are over ${MAX_DETAILS_BYTES} bytes`)
  }
  const base = {
    seq: previous ? previous.seq + 1 : 0,
    at: d.at,
    reviewer: d.reviewer,
    ...(d.account !== undefined ? { account: d.account } : {}),
    type: d.type,
    details: JSON.parse(detailsText) as Record<string, unknown>,
    prevHash: previous ? previous.hash : GENESIS_HASH,
  }
  const hash = hashEntry(base)
  return macKey ? { ...base, hash, mac: macOf(macKey, hash) } : { ...base, hash }
}

/** `mac`: how the MACs stand, when the verifier was given the key's state (see AuditMacReport). */
export type ChainBreak = { ok: false; index: number; reason: string; mac?: AuditMacReport }
export type ChainVerdict = { ok: true; count: number; mac?: AuditMacReport } | ChainBreak

/**
 * Checks the entries in file order and reports the FIRST problem. Hash chain breaks ("Hash chain broken at entry
 * N: …"): an entry that is not an entry, whose content does not match its hash (edited), whose seq is not its
 * position (an entry before it removed, or entries reordered or inserted), or whose prevHash is not the previous
 * entry's hash (the first one's must be GENESIS_HASH). A log whose last entries were removed still verifies: see
 * verifyAgainstHead.
 *
 * Given the audit key's state, also the MACs ("Entry N's MAC is wrong: …"): a signed entry whose MAC does not
 * match (rewritten without the key, its hash recomputed), and an unsigned entry after a signed one. Unsigned
 * entries before the first signed one are accepted and counted (logs written before MACs). A key that cannot be
 * read leaves the MACs unchecked, which the report says ('unavailable'). Without `key`, only the hash chain is
 * checked and no report is made.
 */
export function verifyChain(entries: readonly AuditEntry[], key?: AuditKeyState): ChainVerdict {
  const macKey = key?.available ? key.key : null
  let signed = 0
  let unsigned = 0
  let firstSigned = -1
  const report = (state?: AuditMacReport['state']): { mac?: AuditMacReport } =>
    key
      ? {
          mac: {
            state: state ?? (!key.available ? 'unavailable' : signed === 0 ? 'unsigned' : 'verified'),
            signed,
            unsigned,
            keyProtectedBy: key.available ? key.protectedBy : null,
          },
        }
      : {}
  const chainBreak = (index: number, why: string): ChainBreak => ({
    ok: false,
    index,
    reason: `Hash chain broken at entry ${index}: ${why}`,
    ...report(),
  })
  let expectedPrev = GENESIS_HASH
  for (let i = 0; i < entries.length; i++) {
    const parsed = AuditEntrySchema.safeParse(entries[i])
    if (!parsed.success) {
      return chainBreak(i, `it is not a valid audit entry (${issueText(parsed.error)})`)
    }
    const e = parsed.data
    if (hashEntry(e) !== e.hash) {
      return chainBreak(i, 'it does not match its hash: its content was changed after it was written')
    }
    if (e.seq !== i) {
      return chainBreak(
        i,
        e.seq > i
          ? `it has seq ${e.seq}: an entry before it was removed, or entries were reordered`
          : `it has seq ${e.seq}: entries were reordered, duplicated or inserted`,
      )
    }
    if (e.prevHash !== expectedPrev) {
      return chainBreak(
        i,
        i === 0
          ? 'the first entry does not start a chain (its prevHash is not the genesis hash)'
          : `it does not follow entry ${i - 1} (prevHash mismatch): an entry was replaced, removed or re-hashed`,
      )
    }
    expectedPrev = e.hash
    if (e.mac === undefined) {
      if (macKey && firstSigned >= 0) {
        return {
          ok: false,
          index: i,
          reason: `Entry ${i} has no MAC although entry ${firstSigned} before it is signed: it was written while the audit key could not be read, or the log was rewritten without the key`,
          ...report('failed'),
        }
      }
      unsigned++
      continue
    }
    if (firstSigned < 0) firstSigned = i
    if (macKey && !macMatches(macKey, e.hash, e.mac)) {
      return {
        ok: false,
        index: i,
        reason: `Entry ${i}'s MAC is wrong: the entry was rewritten without the audit key (or signed with another key)`,
        ...report('failed'),
      }
    }
    signed++
  }
  return { ok: true, count: entries.length, ...report() }
}

/** The anchor to keep outside the log after these entries. */
export function headOf(entries: readonly AuditEntry[]): AuditHead {
  const last = entries.at(-1)
  return { count: entries.length, hash: last ? last.hash : GENESIS_HASH }
}

/**
 * verifyChain, plus the check the chain cannot make alone: that the log still reaches the recorded head (so its
 * last entries were not cut off) and that the entry at the head is the recorded one. Entries after the head are
 * accepted and counted in `ahead`: they are what a crash between appending and saving the head leaves; the
 * caller should then save the new head.
 */
export function verifyAgainstHead(
  entries: readonly AuditEntry[],
  head: AuditHead,
  key?: AuditKeyState,
): { ok: true; count: number; ahead: number; mac?: AuditMacReport } | ChainBreak {
  const chain = verifyChain(entries, key)
  if (!chain.ok) return chain
  const mac = chain.mac ? { mac: chain.mac } : {}
  if (entries.length < head.count) {
    const missing = head.count - entries.length
    return {
      ok: false,
      index: entries.length,
      reason: `The log ends after ${entries.length} entries but the case records ${head.count}: the last ${missing === 1 ? 'entry was' : `${missing} entries were`} removed`,
      ...mac,
    }
  }
  const atHead = head.count === 0 ? GENESIS_HASH : entries[head.count - 1]!.hash
  if (atHead !== head.hash) {
    return {
      ok: false,
      index: Math.max(0, head.count - 1),
      reason:
        head.count === 0
          ? 'The case records an empty log with a hash that is not the genesis hash'
          : `Entry ${head.count - 1} is not the entry the case records as the log's head: the log was rewritten`,
      ...mac,
    }
  }
  return { ok: true, count: entries.length, ahead: entries.length - head.count, ...mac }
}

function issueText(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const first = error.issues[0]
  if (!first) return 'invalid'
  const path = first.path.map(String).join('.')
  return path ? `${path}: ${first.message}` : first.message
}

// ---------------------------------------------------------------------------------------------------------------
// The file

/**
 * The content of a new log whose first entry is `draft`: for writing atomically into a case folder as it is
 * created (e.g. into the staging folder next to case.json, as AUDIT_FILE). Appending to a folder without a log
 * works too: the file is created by the first append.
 */
export function newAuditFile(
  draft: AuditDraft,
  macKey: Buffer | null = null,
): { entry: AuditEntry; text: string } {
  const entry = chainEntry(null, draft, macKey)
  return { entry, text: `${JSON.stringify(entry)}\n` }
}

/** How the lines of one case's encrypted log are sealed: the case id (bound into each line) and its data key. */
export type AuditSealing = { caseId: string; key: () => Promise<Buffer> }

/** The sealed form of a whole new log's text (newAuditFile's), line i sealed as seq i: for the store's create(). */
export function sealAuditText(key: Uint8Array, caseId: string, text: string): string {
  const lines = text.split('\n')
  if (lines.pop() !== '') throw new Error('an audit file ends with a newline')
  return lines.map((line, seq) => sealAuditLine(key, line, { caseId, name: AUDIT_FILE, seq })).join('')
}

/** Opens line `seq` of a sealed log (throws when it does not verify); identity for a plaintext log. */
type LineOpener = ((line: string, seq: number) => string) | null

function openerFor(caseId: string, key: Buffer): NonNullable<LineOpener> {
  return (line, seq) => openAuditLine(key, line, { caseId, name: AUDIT_FILE, seq })
}

type ParsedLog = {
  /** Lines in the file once a torn tail is cut off or an unterminated one ended: the next line's seq. */
  lineCount: number
  entries: AuditEntry[]
  problems: string[]
  /** 'torn': the bytes after the last newline are not an entry; 'unterminated': they are one without its newline. */
  tail: 'none' | 'torn' | 'unterminated'
  /** Bytes up to and including the last newline. */
  completeBytes: number
}

const MAX_LISTED_PROBLEMS = 5

function parseLog(buf: Buffer, opener: LineOpener = null): ParsedLog {
  const lastNewline = buf.lastIndexOf(0x0a)
  const completeBytes = lastNewline + 1
  const lines = buf.subarray(0, completeBytes).toString('utf8').split('\n')
  lines.pop() // the empty string after the final newline
  const entries: AuditEntry[] = []
  const bad: string[] = []
  lines.forEach((line, i) => {
    const entry = parseLine(line, opener, i)
    if (typeof entry === 'string') bad.push(`line ${i + 1} ${entry}`)
    else entries.push(entry)
  })
  const problems: string[] = []
  if (bad.length) {
    const listed = bad.slice(0, MAX_LISTED_PROBLEMS).join('; ')
    const more = bad.length > MAX_LISTED_PROBLEMS ? `; and ${bad.length - MAX_LISTED_PROBLEMS} more` : ''
    problems.push(`${bad.length === 1 ? 'An invalid line' : `${bad.length} invalid lines`}: ${listed}${more}`)
  }
  let tail: ParsedLog['tail'] = 'none'
  if (completeBytes < buf.length) {
    const last = parseLine(buf.subarray(completeBytes).toString('utf8'), opener, lines.length)
    if (typeof last === 'string') {
      tail = 'torn'
      problems.push(
        `The last line (line ${lines.length + 1}) is incomplete, as an interrupted append leaves it, and was ignored`,
      )
    } else {
      tail = 'unterminated'
      entries.push(last)
    }
  }
  return {
    lineCount: lines.length + (tail === 'unterminated' ? 1 : 0),
    entries,
    problems,
    tail,
    completeBytes,
  }
}

/** The entry, or why the line is not one. */
function parseLine(line: string, opener: LineOpener, seq: number): AuditEntry | string {
  if (line.trim() === '') return 'is empty'
  let text = line
  if (opener) {
    try {
      text = opener(line, seq)
    } catch {
      return 'has been altered, moved or sealed with another key and is not shown'
    }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return 'is not JSON'
  }
  const parsed = AuditEntrySchema.safeParse(json)
  return parsed.success ? parsed.data : `is not an audit entry (${issueText(parsed.error)})`
}

/** What an append needs to know about the file, valid while the file's size, inode and mtime are unchanged. */
type LogState = { last: AuditEntry | null; lines: number; size: number; ino: number; mtimeMs: number }

/** Per file (absolute path): the known state and the queue of pending operations. */
const states = new Map<string, LogState>()
const queues = new Map<string, Promise<unknown>>()
const MAX_CACHED_STATES = 1000

function remember(path: string, state: LogState): void {
  states.delete(path)
  states.set(path, state)
  if (states.size > MAX_CACHED_STATES) states.delete(states.keys().next().value!)
}

function serialised<T>(path: string, job: () => Promise<T>): Promise<T> {
  const previous = queues.get(path) ?? Promise.resolve()
  const next = previous.catch(() => undefined).then(job)
  queues.set(path, next)
  const cleanup = (): void => {
    if (queues.get(path) === next) queues.delete(path)
  }
  next.then(cleanup, cleanup)
  return next
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT'
}

export class AuditLog {
  readonly path: string

  constructor(
    readonly caseDir: string,
    private readonly sealing: AuditSealing | null = null,
  ) {
    this.path = resolve(caseDir, AUDIT_FILE)
  }

  private async opener(): Promise<LineOpener> {
    return this.sealing ? openerFor(this.sealing.caseId, await this.sealing.key()) : null
  }

  /**
   * Appends the next entry (fsynced), signed with `macKey` when given, and returns it; appends to one case never
   * interleave.
   */
  append(draft: AuditDraft, macKey: Buffer | null = null): Promise<AuditEntry> {
    return serialised(this.path, async () => {
      const state = await this.prepareForAppend()
      const entry = chainEntry(state?.last ?? null, draft, macKey)
      const seq = state?.lines ?? 0
      const line = this.sealing
        ? sealAuditLine(await this.sealing.key(), JSON.stringify(entry), {
            caseId: this.sealing.caseId,
            name: AUDIT_FILE,
            seq,
          })
        : `${JSON.stringify(entry)}\n`
      // Until the write is known to be complete, the cached state is not trusted.
      states.delete(this.path)
      const handle = await open(this.path, 'a', AUDIT_FILE_MODE)
      try {
        await handle.writeFile(line, 'utf8')
        await handle.sync()
        const st = await handle.stat()
        remember(this.path, { last: entry, lines: seq + 1, size: st.size, ino: st.ino, mtimeMs: st.mtimeMs })
      } finally {
        await handle.close()
      }
      if (!state) await fsyncDir(dirname(this.path))
      return entry
    })
  }

  /**
   * Every entry that can be read, in file order. `problem` says what could not be: invalid lines (listed, not
   * hidden) and an incomplete last line (ignored; the next append removes it). A missing file is an empty log.
   * Whether the entries form an intact chain is verifyChain's question.
   */
  read(): Promise<{ entries: AuditEntry[]; problem: string | null }> {
    return serialised(this.path, async () => {
      const opener = await this.opener()
      let handle
      try {
        handle = await open(this.path, 'r')
      } catch (err) {
        if (isMissing(err)) return { entries: [], problem: null }
        throw err
      }
      try {
        const st = await handle.stat()
        const buf = await handle.readFile()
        const parsed = parseLog(buf, opener)
        if (parsed.tail === 'none' && buf.length === st.size) {
          remember(this.path, {
            last: parsed.entries.at(-1) ?? null,
            lines: parsed.lineCount,
            size: st.size,
            ino: st.ino,
            mtimeMs: st.mtimeMs,
          })
        }
        return {
          entries: parsed.entries,
          problem: parsed.problems.length ? parsed.problems.join('. ') : null,
        }
      } finally {
        await handle.close()
      }
    })
  }

  /**
   * The state to append after, reading the file only when it is not known or changed since; a torn last line is
   * cut off and a complete last entry missing its newline gets one. Null when there is no file yet.
   */
  private async prepareForAppend(): Promise<LogState | null> {
    let st
    try {
      st = await stat(this.path)
    } catch (err) {
      if (isMissing(err)) {
        states.delete(this.path)
        return null
      }
      throw err
    }
    const known = states.get(this.path)
    if (known && known.size === st.size && known.ino === st.ino && known.mtimeMs === st.mtimeMs) return known

    const opener = await this.opener()
    const handle = await open(this.path, 'r+')
    try {
      const parsed = parseLog(await handle.readFile(), opener)
      if (parsed.tail === 'torn') {
        await handle.truncate(parsed.completeBytes)
        await handle.sync()
      } else if (parsed.tail === 'unterminated') {
        const size = (await handle.stat()).size
        await handle.write('\n', size, 'utf8')
        await handle.sync()
      }
      const after = await handle.stat()
      const state = {
        last: parsed.entries.at(-1) ?? null,
        lines: parsed.lineCount,
        size: after.size,
        ino: after.ino,
        mtimeMs: after.mtimeMs,
      }
      remember(this.path, state)
      return state
    } finally {
      await handle.close()
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CSV export of audit logs

export const AUDIT_CSV_COLUMNS = [
  'case_id',
  'case_name',
  'seq',
  'at',
  'reviewer',
  'event',
  'description',
  'details_json',
  'prev_hash',
  'hash',
  'account',
  'mac',
] as const

/**
 * One row per event, in the order given: RFC 4180 via csv-stringify, every cell quoted, CRLF, UTF-8 with BOM (so
 * Excel reads Hangul and accents), every cell neutralised against formula injection with the CSV export's own
 * guard (export/neutralise: also full-width = + - @ and formulas behind zero-width or other invisible
 * characters). `label` names field keys in the description, as in the timeline.
 */
export function auditCsv(
  rows: readonly { caseId: string; caseName: string; entry: AuditEntry }[],
  label?: (key: string) => string,
): string {
  const records = rows.map(({ caseId, caseName, entry }) => [
    caseId,
    caseName,
    String(entry.seq),
    entry.at,
    entry.reviewer,
    entry.type,
    describeAuditEntry(entry, label),
    JSON.stringify(entry.details),
    entry.prevHash,
    entry.hash,
    entry.account ?? '',
    entry.mac ?? '',
  ])
  const body = stringify(
    [[...AUDIT_CSV_COLUMNS], ...records].map((r) => r.map(neutralise)),
    { quoted: true, record_delimiter: '\r\n' },
  )
  return `\uFEFF${body}`
}
