// The listing index: <cases>/index.json holds each case's summary with the size, mtime and inode its
// case.json had when the summary was made, so the queue lists without reading every case. It is a cache: the
// store keeps it in memory, writes it at most every `flushMs`, and reconciles it with the folders at start-up
// (a case whose file stamp differs is read again), so a lost or stale index only costs reading cases again.
//
// The summaries carry names and document numbers: when the store is encrypted the whole file is sealed (an
// IndexSealer, built on the vault: one decrypt of one file at start-up). A plaintext index found in an encrypted
// store (or a sealed one that does not open) reads as 'corrupt': the cases are read again and the next write
// replaces it with a sealed one.
import type { Stats } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { CaseSchema, SCHEMA_VERSION, summarise, type CaseSummary } from '../../../shared/model'
import { writeFileAtomic } from './atomic-write'

export const INDEX_FILE = 'index.json'
/**
 * Raise when summarise() changes how it derives a value (a changed set of keys is noticed by itself, see
 * SUMMARY_SHAPE), so indexes written by older builds are rebuilt.
 */
export const INDEX_VERSION = 1

/** What identifies one version of a case.json: an atomic save makes a new file, so the inode changes too. */
export type FileStamp = { mtimeMs: number; size: number; ino: number }
export type IndexEntry = FileStamp & { summary: CaseSummary }
export type IndexFile = { version: number; schemaVersion: number; entries: Record<string, IndexEntry> }

export function stampOf(st: Pick<Stats, 'mtimeMs' | 'size' | 'ino'>): FileStamp {
  return { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino }
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino
}

/**
 * The keys summarise() gives, found by summarising a minimal case. An entry whose summary has other keys was
 * written by a build whose CaseSummary differed, so its case is read again: a field added to CaseSummary never
 * reaches the queue missing from old entries. null if the probe no longer makes a valid case (then every case is
 * read at start-up; case-store.test.ts checks it is not).
 */
export const SUMMARY_SHAPE: string | null = (() => {
  const probe = CaseSchema.safeParse({
    schemaVersion: SCHEMA_VERSION,
    id: 'summary-probe',
    name: '',
    createdAt: '',
    updatedAt: '',
    front: { file: 'front.jpg', originalName: '', mime: 'image/jpeg', width: 1, height: 1, bytes: 0 },
    back: null,
    issuingCountry: null,
    idType: null,
    status: 'new',
    provider: null,
    transactionId: null,
    documentType: null,
    error: null,
    fields: [],
    ocr: {},
  })
  if (!probe.success) return null
  try {
    // As stored: JSON drops keys whose value is undefined.
    return shapeOf(JSON.parse(JSON.stringify(summarise(probe.data))) as object)
  } catch {
    return null
  }
})()

function shapeOf(summary: object): string {
  return Object.keys(summary).sort().join(',')
}

const EntrySchema = z.object({
  mtimeMs: z.number().nonnegative(),
  size: z.number().int().nonnegative(),
  ino: z.number().nonnegative(),
  summary: z.looseObject({ id: z.string(), createdAt: z.string() }),
})

const IndexFileSchema = z.object({
  version: z.number(),
  schemaVersion: z.number(),
  entries: z.record(z.string(), z.unknown()),
})

/** Seals and opens the index file's text (case-keys.ts); absent for a plaintext store. */
export type IndexSealer = { sealIndex(text: string): Buffer; openIndex(sealed: Uint8Array): string }

export type LoadedIndex = {
  entries: Map<string, IndexEntry>
  /** ok: usable (entries that failed validation were dropped); otherwise every case is read again. */
  status: 'ok' | 'missing' | 'corrupt' | 'outdated'
}

/** Reads an index file; never throws (whatever is wrong with it only means reading the cases). */
export async function readIndexFile(path: string, sealer: IndexSealer | null = null): Promise<LoadedIndex> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch {
    return { entries: new Map(), status: 'missing' }
  }
  let raw: unknown
  try {
    raw = JSON.parse(sealer ? sealer.openIndex(bytes) : bytes.toString('utf8'))
  } catch {
    return { entries: new Map(), status: 'corrupt' }
  }
  const file = IndexFileSchema.safeParse(raw)
  if (!file.success) return { entries: new Map(), status: 'corrupt' }
  if (file.data.version !== INDEX_VERSION || file.data.schemaVersion !== SCHEMA_VERSION) {
    return { entries: new Map(), status: 'outdated' }
  }
  const entries = new Map<string, IndexEntry>()
  for (const [id, value] of Object.entries(file.data.entries)) {
    const entry = EntrySchema.safeParse(value)
    if (!entry.success || entry.data.summary.id !== id || shapeOf(entry.data.summary) !== SUMMARY_SHAPE)
      continue
    entries.set(id, { ...entry.data, summary: entry.data.summary as unknown as CaseSummary })
  }
  return { entries, status: 'ok' }
}

/** The index in memory, with throttled persistence: the first change after a write schedules the next one. */
export class CaseIndex {
  private entries = new Map<string, IndexEntry>()
  private dirty = false
  private persisting = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private writing: Promise<unknown> | null = null

  constructor(
    readonly path: string,
    private readonly flushMs: number,
    private readonly sealer: IndexSealer | null = null,
  ) {}

  /** Replaces the content (after reconciliation) and turns persistence on. */
  reset(entries: Map<string, IndexEntry>, dirty: boolean): void {
    this.entries = entries
    this.persisting = true
    if (dirty) this.markDirty()
  }

  get(id: string): IndexEntry | undefined {
    return this.entries.get(id)
  }

  ids(): string[] {
    return [...this.entries.keys()]
  }

  summaries(): CaseSummary[] {
    return [...this.entries.values()].map((e) => e.summary)
  }

  set(id: string, entry: IndexEntry): void {
    this.entries.set(id, entry)
    this.markDirty()
  }

  delete(id: string): void {
    if (this.entries.delete(id)) this.markDirty()
  }

  private markDirty(): void {
    this.dirty = true
    if (!this.persisting || this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      // A failed background write keeps the index dirty; the next change schedules another attempt.
      this.flush().catch(() => undefined)
    }, this.flushMs)
    this.timer.unref?.()
  }

  /** Writes the index now if it changed since the last write (one write at a time). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    while (this.writing) await this.writing.catch(() => undefined)
    if (!this.dirty || !this.persisting) return
    this.dirty = false
    const file: IndexFile = {
      version: INDEX_VERSION,
      schemaVersion: SCHEMA_VERSION,
      entries: Object.fromEntries(this.entries),
    }
    // Not fsynced: a power cut may lose the latest index, which reconciliation repairs at the next start.
    const text = JSON.stringify(file)
    const write = writeFileAtomic(this.path, this.sealer ? this.sealer.sealIndex(text) : text, {
      durable: false,
    })
    this.writing = write
    try {
      await write
    } catch (err) {
      this.dirty = true
      throw err
    } finally {
      this.writing = null
    }
  }
}
