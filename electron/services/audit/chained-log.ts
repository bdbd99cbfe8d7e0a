// An append-only JSONL log whose entries are chained by SHA-256: each entry is { seq, prevHash, hash, ...payload },
// its hash taken over the canonical JSON of every member but `hash` (the per-case log's canonicalJson, so every log
// hashes the same way). The settings audit log (settings-audit.ts) and the deletion log (deletion-log.ts) are two
// of these; the per-case audit log has its own (audit-log.ts: MACs, anchors, asynchronous appends).
//
// What the chain proves: an edited, removed, inserted or reordered entry is reported at the first broken link. What
// it does not: a log cut short after an entry, or rewritten whole with new hashes (no anchor elsewhere, no MAC).
//
// Synchronous on purpose: these logs are written rarely and a synchronous append makes each change and its entries
// one step nothing else can interleave with. Each append is fsynced; the file is owner-only (0600). A crash
// mid-append can leave an incomplete last line: reading ignores it and says so, and the next append cuts it off
// first. An invalid line anywhere else is evidence: it breaks the verdict and is never repaired.
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
import { dirname } from 'node:path'
import { z } from 'zod'
import { canonicalJson } from './audit-log'

export const CHAINED_LOG_FILE_MODE = 0o600
/** The prevHash of the first entry (as in the case log). */
export const CHAIN_GENESIS_HASH = '0'.repeat(64)

const HashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest')

export type ChainVerdict = { ok: true; count: number } | { ok: false; index: number; reason: string }
export type Chained<P> = P & { seq: number; prevHash: string; hash: string }

/** SHA-256 (hex) of the canonical JSON of every member but `hash`. */
export function hashChained(e: Record<string, unknown>): string {
  const { hash: _hash, ...rest } = e
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex')
}

/** A value as the file will hold it (through JSON; undefined becomes null so the member is never dropped). */
export function jsonValue(v: unknown): unknown {
  const text = JSON.stringify(v)
  return text === undefined ? null : (JSON.parse(text) as unknown)
}

/** A line that is not JSON (kept so the verdict can point at it). */
const NOT_JSON = Symbol('not JSON')

function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown
  } catch {
    return NOT_JSON
  }
}

function readBytes(path: string): Buffer | null {
  try {
    return readFileSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
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

export type ChainedLogRead<P> = {
  entries: Chained<P>[]
  verdict: ChainVerdict
  /** Unreadable lines and a torn last line, in words; null when there are none. */
  problem: string | null
}

/**
 * One chained log file. `payload` validates (strictly) what a caller appends: every member but seq, prevHash and
 * hash. `what` names the log in messages ("the settings log"), `entryName` an entry ("settings audit entry").
 */
export class ChainedLog<P extends Record<string, unknown>> {
  private readonly entrySchema: z.ZodType<Chained<P>>

  constructor(
    readonly path: string,
    payload: z.ZodObject,
    private readonly names: { what: string; entryName: string },
  ) {
    this.entrySchema = payload
      .extend({ seq: z.number().int().nonnegative(), prevHash: HashSchema, hash: HashSchema })
      .strict() as unknown as z.ZodType<Chained<P>>
  }

  private asEntry(line: unknown): Chained<P> | null {
    const parsed = this.entrySchema.safeParse(line)
    return parsed.success ? parsed.data : null
  }

  /** The entry that follows `previous` (null: the first); a malformed draft throws before anything is written. */
  chain(previous: Chained<P> | null, draft: P): Chained<P> {
    const payload = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, jsonValue(v)]))
    const base = {
      ...payload,
      seq: previous ? previous.seq + 1 : 0,
      prevHash: previous ? previous.hash : CHAIN_GENESIS_HASH,
    }
    const entry = { ...base, hash: hashChained(base) }
    return this.entrySchema.parse(entry)
  }

  /**
   * Checks the lines in file order and reports the FIRST broken link: a line that is not an entry, an entry whose
   * content does not match its hash, whose seq is not its position, or whose prevHash is not the previous hash.
   */
  verify(lines: readonly unknown[]): ChainVerdict {
    let expectedPrev = CHAIN_GENESIS_HASH
    for (let i = 0; i < lines.length; i++) {
      const e = this.asEntry(lines[i])
      if (!e) return { ok: false, index: i, reason: `Entry ${i} is not a ${this.names.entryName}` }
      if (hashChained(e) !== e.hash) {
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

  private parse(buf: Buffer): {
    lines: unknown[]
    tail: 'none' | 'torn' | 'unterminated'
    completeBytes: number
  } {
    const completeBytes = buf.lastIndexOf(0x0a) + 1
    const complete = buf.subarray(0, completeBytes).toString('utf8').split('\n')
    complete.pop() // the empty string after the last newline
    const lines = complete.map(parseJsonLine)
    let tail: 'none' | 'torn' | 'unterminated' = 'none'
    if (completeBytes < buf.length) {
      const last = parseJsonLine(buf.subarray(completeBytes).toString('utf8'))
      if (this.asEntry(last)) {
        tail = 'unterminated'
        lines.push(last)
      } else {
        tail = 'torn'
      }
    }
    return { lines, tail, completeBytes }
  }

  /**
   * Appends these entries (one write, fsynced) after the last readable entry and returns them. A torn last line
   * is cut off first; a valid last entry without its newline gets one.
   */
  append(drafts: readonly P[]): Chained<P>[] {
    if (drafts.length === 0) return []
    const buf = readBytes(this.path)
    let previous: Chained<P> | null = null
    let prefix = ''
    if (buf) {
      const parsed = this.parse(buf)
      for (let i = parsed.lines.length - 1; i >= 0 && !previous; i--) previous = this.asEntry(parsed.lines[i])
      if (parsed.tail === 'torn') truncateSync(this.path, parsed.completeBytes)
      if (parsed.tail === 'unterminated') prefix = '\n'
    }
    const entries: Chained<P>[] = []
    for (const draft of drafts) {
      const entry = this.chain(previous, draft)
      entries.push(entry)
      previous = entry
    }
    const text = prefix + entries.map((e) => `${JSON.stringify(e)}\n`).join('')
    mkdirSync(dirname(this.path), { recursive: true })
    const fd = openSync(this.path, 'a', CHAINED_LOG_FILE_MODE)
    try {
      // The mode only applies when the file is created: an existing file is made owner-only as well.
      try {
        fchmodSync(fd, CHAINED_LOG_FILE_MODE)
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
  read(): ChainedLogRead<P> {
    const buf = readBytes(this.path)
    if (!buf) return { entries: [], verdict: { ok: true, count: 0 }, problem: null }
    const parsed = this.parse(buf)
    const problems: string[] = []
    const unreadable = parsed.lines.flatMap((l, i) => (this.asEntry(l) ? [] : [i + 1]))
    if (unreadable.length) {
      const one = unreadable.length === 1
      const listed = unreadable.slice(0, 5).join(', ')
      const more = unreadable.length > 5 ? ` and ${unreadable.length - 5} more` : ''
      problems.push(
        `${one ? 'Line' : 'Lines'} ${listed}${more} of ${this.names.what} ${one ? 'is' : 'are'} not a valid entry and ${one ? 'is' : 'are'} not listed`,
      )
    }
    if (parsed.tail === 'torn') {
      problems.push(
        `The last line (line ${parsed.lines.length + 1}) is incomplete, as an interrupted write leaves it, and was ignored`,
      )
    }
    return {
      entries: parsed.lines.flatMap((l) => this.asEntry(l) ?? []),
      verdict: this.verify(parsed.lines),
      problem: problems.length ? problems.join('. ') : null,
    }
  }
}
