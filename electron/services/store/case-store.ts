// One folder per case under <userData>/cases/<id>/: case.json and the stored images. Every write is atomic and
// durable (see atomic-write.ts), so a crash loses at most the write in flight and never leaves a torn file.
//
// Every load validates case.json with zod. A case that cannot be read (not JSON, not a valid case, no
// case.json) is moved whole to <userData>/quarantine/<id>-<time>/ and reported once as a LoadProblem; every
// other case still loads. A case written by a newer Recto (a higher schemaVersion) is reported and left alone.
//
// Listing reads <cases>/index.json (see case-index.ts) instead of every case: init() reconciles it with the
// folders, reading again only the cases whose case.json changed, and saves keep it current in memory.
//
// Encrypted store (options.keys, built on the unlocked vault; docs/VAULT-FORMAT.md): create() makes the case's
// data key (key.json) first, then writes case.json, the images, previews and derived copies sealed under it
// (associated data: case id + file name) and the audit log sealed line by line; every read opens them, large files
// in a worker thread; saves seal case.json and keep the atomic write. remove() destroys the key before the files
// (crypto-shredding). index.json is sealed under a key derived from the vault key. Decisions on failures:
// - a missing key.json, or a case.json that is not sealed at all (a case not yet migrated), is reported and the
//   case LEFT IN PLACE: nothing in the folder is damaged, and a key.json put back from a backup (or the
//   migration) makes it open again;
// - a damaged key.json or a case.json that does not verify (altered, cut, from another case) is treated as a
//   damaged case.json is today: quarantined whole (with its key.json, so it can still be examined with the vault
//   key), out of the listing, and subject to quarantine retention. Its content is never shown.
// Images and copies that do not verify are refused with the vault's TamperedError (the caller shows the error).
import { randomUUID } from 'node:crypto'
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import {
  CaseSchema,
  SCHEMA_VERSION,
  summarise,
  type Case,
  type CaseSummary,
  type Side,
} from '../../../shared/model'
import {
  fsyncDir,
  isTempFile,
  removeTempFiles,
  renameRetrying,
  writeFileAtomic,
  writeNewFile,
} from './atomic-write'
import {
  CaseIndex,
  INDEX_FILE,
  readIndexFile,
  sameStamp,
  stampOf,
  type FileStamp,
  type IndexEntry,
} from './case-index'
import { mapLimited } from '../batch/limited'
import { KeyedSerial } from './keyed-serial'
import type { CaseRepository, CreateFile, LoadProblem } from './repository'
import { AUDIT_FILE, sealAuditText } from '../audit/audit-log'
import type { CaseKeys } from './vault/case-keys'
import { MissingKeyError, TamperedError, UnsupportedVersionError, VaultError } from './vault/errors'
import { destroyCaseKey, KEY_FILE } from './vault/keys'
import { isSealed, open as openSealed, openInWorker, seal, sealInWorker } from './vault/sealed-file'

export const CASE_FILE = 'case.json'
export const STAGING_PREFIX = '.importing-'
export const ID_PATTERN = /^[a-z0-9-]{8,64}$/
/** Cases stat-ed or read at once at start-up and by list(). */
const IO_CONCURRENCY = 16
/** Validated cases kept in memory, by id, while their file is unchanged (opening a case reads it twice). */
const CASE_CACHE_SIZE = 64
/**
 * Files at least this big are sealed and opened in the vault's worker threads, off the main thread. Below it the
 * in-thread loop blocks ~1 ms at most and costs less than the round trip to a worker (thumbnails, screen copies,
 * case.json).
 */
export const WORKER_MIN_BYTES = 1024 * 1024

export class CaseNotFound extends Error {
  override name = 'CaseNotFound'
  constructor(id: string) {
    super(`Case ${id} does not exist`)
  }
}

export type { LoadProblem }

/** Thrown by load() for a case that exists but cannot be opened; the message is the reviewer-readable one. */
export class CaseUnreadable extends Error {
  override name = 'CaseUnreadable'
  constructor(readonly problem: LoadProblem) {
    super(problem.message)
  }
}

export type CaseStoreOptions = {
  /** Longest time a change waits before the index file is written (default 500 ms). */
  indexFlushMs?: number
  /** The case data keys: set, the store is encrypted; null or absent, plaintext (as before issue 13). */
  keys?: CaseKeys | null
}

/** What reading one case.json found. */
type Readout =
  | { kind: 'ok'; case: Case; stamp: FileStamp }
  /** The case folder does not exist. */
  | { kind: 'gone' }
  /** Damaged: quarantined. */
  | { kind: 'broken'; reason: string }
  /** Made by a newer Recto: left alone. */
  | { kind: 'newer'; version: number }
  /** The file system refused (permissions, I/O error): left alone, tried again on the next load. */
  | { kind: 'io'; reason: string }
  /** Encrypted store: the case cannot be opened but nothing is damaged (no key.json, not encrypted): left alone. */
  | { kind: 'locked'; reason: string }

const shortId = (id: string) => (id.length > 8 ? `${id.slice(0, 8)}…` : id)

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code ?? ''

/** A file-name-safe timestamp: 2025-01-31T09-15-00-123Z. */
const fileTime = () => new Date().toISOString().replace(/[:.]/g, '-')

export class CaseStore implements CaseRepository {
  readonly kind = 'local' as const
  readonly root: string
  /** Where damaged cases are moved: next to the cases folder, never listed. */
  readonly quarantineRoot: string
  /** Serialises writes per case so two quick edits never interleave. */
  private readonly chains = new KeyedSerial()
  private readonly index: CaseIndex
  /** Every case that could not be loaded since init(), by id (the latest problem per case). */
  private readonly problemsById = new Map<string, LoadProblem>()
  /** The last cases read or written, with the file stamp they match (a changed file is read again). */
  private readonly recent = new Map<string, { stamp: FileStamp; case: Case }>()

  private remember(c: Case, stamp: FileStamp): void {
    this.recent.delete(c.id)
    this.recent.set(c.id, { stamp, case: structuredClone(c) })
    if (this.recent.size > CASE_CACHE_SIZE) this.recent.delete(this.recent.keys().next().value!)
  }
  /** Quarantine moves in progress, so two loads of one damaged case move it once. */
  private readonly quarantining = new Map<string, Promise<LoadProblem>>()
  private initialising: Promise<void> | null = null
  private readonly keys: CaseKeys | null
  /** Set by close(): a failed read is no longer taken for damage. */
  private closing = false

  constructor(userDataDir: string, options: CaseStoreOptions = {}) {
    this.root = join(userDataDir, 'cases')
    this.quarantineRoot = join(userDataDir, 'quarantine')
    this.keys = options.keys ?? null
    this.index = new CaseIndex(join(this.root, INDEX_FILE), options.indexFlushMs ?? 500, this.keys)
  }

  /** Whether the case files are encrypted. */
  get encrypted(): boolean {
    return this.keys !== null
  }

  /** The bytes to write for file `name` of case `id` (sealed under `key` when encrypted). */
  private async encode(key: Buffer | null, id: string, name: string, bytes: Uint8Array | string) {
    if (!key) return bytes
    if (name === AUDIT_FILE) {
      const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8')
      return sealAuditText(key, id, text)
    }
    const plain = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes
    const ctx = { caseId: id, name }
    return plain.length >= WORKER_MIN_BYTES ? sealInWorker(key, plain, ctx) : seal(key, plain, ctx)
  }

  /** Reads file `name` of case `c` whole, opened when encrypted (refused with TamperedError when altered). */
  private async readFileOf(id: string, name: string): Promise<Buffer> {
    const dir = this.dir(id)
    const raw = await readFile(join(dir, name))
    if (!this.keys) return raw
    const key = await this.keys.keyFor(dir, id)
    const ctx = { caseId: id, name }
    return raw.length >= WORKER_MIN_BYTES
      ? openInWorker(key, raw, ctx, { transfer: true })
      : openSealed(key, raw, ctx)
  }

  /**
   * Prepares the store (once): removes what interrupted writes and imports left, loads the index and
   * reconciles it with the case folders, quarantining damaged cases.
   */
  init(): Promise<void> {
    this.initialising ??= this.reconcile().catch((err: unknown) => {
      this.initialising = null
      throw err
    })
    return this.initialising
  }

  private async reconcile(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 })
    const [saved, dirents] = await Promise.all([
      readIndexFile(this.index.path, this.keys),
      readdir(this.root, { withFileTypes: true }),
    ])
    const ids: string[] = []
    for (const e of dirents) {
      // Imports interrupted by a crash left only their staging folders: nothing was listed, nothing is lost.
      if (e.name.startsWith(STAGING_PREFIX)) {
        await rm(join(this.root, e.name), { recursive: true, force: true })
      } else if (isTempFile(e.name)) {
        await rm(join(this.root, e.name), { force: true })
      } else if (e.isDirectory() && ID_PATTERN.test(e.name)) {
        ids.push(e.name)
      }
    }
    const entries = new Map<string, IndexEntry>()
    let changed = saved.status !== 'ok'
    await mapLimited(ids, IO_CONCURRENCY, async (id) => {
      // One listing of the folder serves both the leftover temp files and the key file's presence.
      const names = await readdir(this.dir(id)).catch(() => [] as string[])
      await removeTempFiles(this.dir(id), names)
      const known = saved.entries.get(id)
      if (known) {
        const st = await stat(join(this.dir(id), CASE_FILE)).catch(() => null)
        // Encrypted: a case whose key file went missing is read (and so reported) instead of listed.
        const keyed = !this.keys || names.includes(KEY_FILE)
        if (st && keyed && sameStamp(known, stampOf(st))) {
          entries.set(id, known)
          return
        }
      }
      changed = true
      const read = await this.readCase(id)
      if (read.kind === 'ok') entries.set(id, { ...read.stamp, summary: summarise(read.case) })
      else if (read.kind !== 'gone') await this.report(id, read)
    })
    // Entries whose folder is gone are dropped.
    if ([...saved.entries.keys()].some((id) => !entries.has(id))) changed = true
    this.index.reset(entries, changed)
  }

  /** Resolves once init() finished; listing before init() is a programming error. */
  private async ready(): Promise<void> {
    if (!this.initialising) throw new Error('CaseStore.init() must be called first')
    await this.initialising
  }

  newId(): string {
    return randomUUID()
  }

  private dir(id: string): string {
    if (!ID_PATTERN.test(id)) throw new CaseNotFound(id)
    return join(this.root, id)
  }

  /** Runs `step` after every earlier write of the same case settled. */
  private serial<T>(id: string, step: () => Promise<T>): Promise<T> {
    return this.chains.run(id, step)
  }

  /**
   * Creates a case whole or not at all: images and case.json are written into a hidden folder that is renamed
   * into place last, so a listing never sees a half-imported case and a crash leaves only a hidden leftover.
   * `images` are the stored images and their previews, named as the case's ImageRefs name them.
   */
  async create(c: Case, images: readonly CreateFile[]): Promise<void> {
    const valid = CaseSchema.parse(c)
    const target = this.dir(valid.id)
    for (const img of images) {
      if (
        basename(img.file) !== img.file ||
        img.file.startsWith('.') ||
        img.file === CASE_FILE ||
        img.file === KEY_FILE
      ) {
        throw new Error(`Not an image file name: ${img.file}`)
      }
    }
    return this.serial(valid.id, async () => {
      const staging = join(this.root, `${STAGING_PREFIX}${valid.id}`)
      let written
      await mkdir(staging, { recursive: true, mode: 0o700 })
      try {
        // The key first: every file below is sealed under it (its wrap names the case id, not the folder).
        const key = this.keys ? await this.keys.create(staging, valid.id) : null
        for (const img of images) {
          await writeNewFile(join(staging, img.file), await this.encode(key, valid.id, img.file, img.bytes))
        }
        written = await writeNewFile(
          join(staging, CASE_FILE),
          await this.encode(key, valid.id, CASE_FILE, JSON.stringify(valid, null, 1)),
        )
        await fsyncDir(staging)
        await renameRetrying(staging, target)
      } catch (err) {
        if (this.keys) await this.keys.destroy(staging, valid.id).catch(() => undefined)
        await rm(staging, { recursive: true, force: true })
        throw err
      }
      // The rename keeps the file's inode and mtime, so the stamp taken in the staging folder still holds.
      this.index.set(valid.id, { ...stampOf(written), summary: summarise(valid) })
      await fsyncDir(this.root)
    })
  }

  async readImage(c: Case, side: Side): Promise<Buffer> {
    const ref = side === 'front' ? c.front : c.back
    if (!ref) throw new Error(`Case ${c.id} has no ${side} image`)
    return this.readFileOf(c.id, ref.file)
  }

  /** The side's display-size copy, or null when it has none or its file is gone (the caller shows the image). */
  async readPreview(c: Case, side: Side): Promise<Buffer | null> {
    const ref = side === 'front' ? c.front : c.back
    if (!ref?.preview) return null
    try {
      return await this.readFileOf(c.id, ref.preview.file)
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return null
      throw err
    }
  }

  /**
   * A copy derived from the case's images (thumbnail, screen copy): read when kept, else made from `source` with
   * `make` and kept (sealed when encrypted; best effort: a read-only folder still gets its copy answered).
   */
  async readDerived(
    c: Case,
    name: string,
    source: () => Promise<Uint8Array>,
    make: (image: Uint8Array) => Promise<Buffer>,
  ): Promise<Buffer> {
    if (basename(name) !== name || name.startsWith('.') || [CASE_FILE, KEY_FILE, AUDIT_FILE].includes(name)) {
      throw new Error(`Not a derived file name: ${name}`)
    }
    try {
      return await this.readFileOf(c.id, name)
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err
    }
    const copy = await make(await source())
    const key = this.keys ? await this.keys.keyFor(this.dir(c.id), c.id) : null
    const bytes = await this.encode(key, c.id, name, copy)
    await writeFileAtomic(join(this.dir(c.id), name), bytes).catch(() => undefined)
    return copy
  }

  /** Writes a whole case (after every earlier write of it). Its folder must exist: cases are made by create(). */
  save(c: Case): Promise<void> {
    return this.serial(c.id, () => this.write(c))
  }

  private async write(c: Case): Promise<void> {
    const valid = CaseSchema.parse(c)
    let st
    try {
      const dir = this.dir(valid.id)
      const key = this.keys ? await this.keys.keyFor(dir, valid.id) : null
      const bytes = await this.encode(key, valid.id, CASE_FILE, JSON.stringify(valid, null, 1))
      st = await writeFileAtomic(join(dir, CASE_FILE), bytes)
    } catch (err) {
      if (errorCode(err) === 'ENOENT') throw new CaseNotFound(valid.id)
      throw err
    }
    this.index.set(valid.id, { ...stampOf(st), summary: summarise(valid) })
    this.remember(valid, stampOf(st))
  }

  /**
   * The case, validated. Throws CaseNotFound when there is no such case, CaseUnreadable when it exists but
   * cannot be opened (it is then quarantined, unless it was made by a newer Recto or the disk refused).
   */
  async load(id: string): Promise<Case> {
    const read = await this.readCase(id)
    if (read.kind === 'ok') {
      if (this.problemsById.get(id)?.quarantinedTo === null) this.problemsById.delete(id)
      return read.case
    }
    if (read.kind === 'gone') {
      this.index.delete(id)
      const problem = this.problemsById.get(id)
      throw problem ? new CaseUnreadable(problem) : new CaseNotFound(id)
    }
    throw new CaseUnreadable(await this.report(id, read))
  }

  /**
   * Runs read-modify-write steps for one case strictly one after another. A change that returns the case it was
   * given (nothing to do) writes nothing.
   */
  update(id: string, change: (c: Case) => Case | Promise<Case>): Promise<Case> {
    return this.serial(id, async () => {
      const current = await this.load(id)
      const updated = await change(current)
      if (updated === current) return current
      if (updated.id !== id) throw new Error(`An update of case ${id} returned case ${updated.id}`)
      await this.write(updated)
      return updated
    })
  }

  /**
   * Deletes a case: after every earlier write of it, its folder is renamed out of the listing in one step (a hidden
   * staging name that init() removes if a crash interrupts what follows), dropped from the index, then removed with
   * everything in it. `beforeRemove` runs first, inside the same turn (the deletion log's tombstone; the data key's
   * destruction once the store is encrypted), so nothing else writes the case between it and the removal.
   * Resolves false when there was no such case.
   */
  remove(id: string, beforeRemove: () => void | Promise<void> = () => undefined): Promise<boolean> {
    const dir = this.dir(id)
    return this.serial(id, async () => {
      const exists = await stat(dir).then(
        (st) => st.isDirectory(),
        () => false,
      )
      if (!exists) {
        this.index.delete(id)
        return false
      }
      await beforeRemove()
      // Crypto-shredding: once the key is gone the files are noise, whatever happens to the removal below.
      if (this.keys) await this.keys.destroy(dir, id)
      const doomed = join(this.root, `${STAGING_PREFIX}deleted-${id}`)
      await rm(doomed, { recursive: true, force: true })
      await renameRetrying(dir, doomed)
      this.index.delete(id)
      this.recent.delete(id)
      this.problemsById.delete(id)
      await fsyncDir(this.root)
      await rm(doomed, { recursive: true, force: true })
      await this.index.flush()
      return true
    })
  }

  /** The ids of every case folder (listed or not), for "Delete all data". */
  async allIds(): Promise<string[]> {
    await this.ready()
    return this.index.ids()
  }

  /** The quarantined folders with when each was quarantined (its folder's mtime), for retention. */
  async quarantined(): Promise<{ name: string; at: Date }[]> {
    const dirents = await readdir(this.quarantineRoot, { withFileTypes: true }).catch(() => [])
    const out: { name: string; at: Date }[] = []
    for (const e of dirents) {
      if (!e.isDirectory()) continue
      const st = await stat(join(this.quarantineRoot, e.name)).catch(() => null)
      if (st) out.push({ name: e.name, at: st.mtime })
    }
    return out
  }

  /** Removes one quarantined folder (by the name quarantined() gave). */
  async removeQuarantined(name: string): Promise<void> {
    if (basename(name) !== name || name.startsWith('.')) throw new Error(`Not a quarantine folder: ${name}`)
    // A quarantined case of the encrypted store keeps its key.json: shredded first, as remove() does.
    await destroyCaseKey(join(this.quarantineRoot, name)).catch(() => undefined)
    await rm(join(this.quarantineRoot, name), { recursive: true, force: true })
  }

  /** Every readable case in full, oldest first (reads every case.json), plus every problem since init(). */
  async list(): Promise<{ cases: Case[]; problems: LoadProblem[] }> {
    await this.ready()
    const cases: Case[] = []
    await mapLimited(this.index.ids(), IO_CONCURRENCY, async (id) => {
      try {
        cases.push(await this.load(id))
      } catch (err) {
        if (!(err instanceof CaseNotFound || err instanceof CaseUnreadable)) throw err
      }
    })
    cases.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    return { cases, problems: this.problems() }
  }

  /** Every case's summary, oldest first, from the index (no case is read), plus every problem since init(). */
  async listSummaries(): Promise<{ summaries: CaseSummary[]; problems: LoadProblem[] }> {
    await this.ready()
    const summaries = this.index.summaries()
    summaries.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    return { summaries, problems: this.problems() }
  }

  /** The cases that could not be loaded since init(): quarantined, newer-format, or refused by the disk. */
  async withContent(hashes: readonly string[]): Promise<CaseSummary[]> {
    const wanted = new Set(hashes)
    const { summaries } = await this.listSummaries()
    return summaries.filter(
      (s) => s.contentHash && [s.contentHash.front, s.contentHash.back].some((h) => h && wanted.has(h)),
    )
  }

  problems(): LoadProblem[] {
    return [...this.problemsById.values()]
  }

  /** Writes the index file now if it changed. */
  flush(): Promise<void> {
    return this.index.flush()
  }

  /**
   * Waits for the writes in flight, then writes the index. A failed index write is not an error here: the
   * index is a cache that the next init() repairs.
   */
  async close(): Promise<void> {
    // From here on the keys may be forgotten under reads still in flight (the vault is locked at quit): what
    // they fail with says nothing about the files, so nothing is quarantined any more (see report()).
    this.closing = true
    await this.chains.settled()
    await this.index.flush().catch(() => undefined)
  }

  private async readCase(id: string): Promise<Readout> {
    const dir = this.dir(id)
    let bytes: Buffer
    let stamp: FileStamp
    try {
      // One open file for the stamp and the text: an atomic save replaces the file, never this one's content.
      const handle = await open(join(dir, CASE_FILE), 'r')
      try {
        stamp = stampOf(await handle.stat())
        const known = this.recent.get(id)
        if (known && sameStamp(known.stamp, stamp)) {
          // Each caller gets its own copy: nobody can change the remembered case by changing theirs.
          return { kind: 'ok', case: structuredClone(known.case), stamp }
        }
        bytes = await handle.readFile()
      } finally {
        await handle.close()
      }
    } catch (err) {
      const code = errorCode(err)
      if (code === 'ENOENT') {
        const folder = await stat(dir).catch(() => null)
        return folder ? { kind: 'broken', reason: 'case.json is missing' } : { kind: 'gone' }
      }
      return { kind: 'io', reason: code || String(err) }
    }
    const opened = await this.openCaseFile(id, dir, bytes)
    if (typeof opened !== 'string') return opened
    const text = opened
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch {
      return { kind: 'broken', reason: 'case.json is not valid JSON' }
    }
    const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion
    if (typeof version === 'number' && Number.isInteger(version) && version > SCHEMA_VERSION) {
      return { kind: 'newer', version }
    }
    // When SCHEMA_VERSION is raised, migrate older versions here: they would fail validation below.
    const parsed = CaseSchema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : ''
      return {
        kind: 'broken',
        reason: `case.json is not a valid case${where}: ${issue?.message ?? 'invalid'}`,
      }
    }
    if (parsed.data.id !== id) {
      return { kind: 'broken', reason: `case.json belongs to another case (${shortId(parsed.data.id)})` }
    }
    this.remember(parsed.data, stamp)
    return { kind: 'ok', case: parsed.data, stamp }
  }

  /** case.json's text, or what stops it from being read (encrypted store; the plaintext store reads it as is). */
  private async openCaseFile(
    id: string,
    dir: string,
    bytes: Buffer,
  ): Promise<string | Exclude<Readout, { kind: 'ok' | 'gone' }>> {
    if (!this.keys) return bytes.toString('utf8')
    if (!isSealed(bytes)) return { kind: 'locked', reason: 'case.json is not encrypted' }
    let key: Buffer
    try {
      key = await this.keys.keyFor(dir, id)
    } catch (err) {
      if (err instanceof MissingKeyError)
        return { kind: 'locked', reason: 'its key file (key.json) is missing' }
      if (err instanceof UnsupportedVersionError)
        return { kind: 'locked', reason: 'its key file is of a newer format' }
      if (err instanceof TamperedError) {
        return { kind: 'broken', reason: 'its key file (key.json) is damaged or belongs to another case' }
      }
      if (err instanceof VaultError) return { kind: 'locked', reason: err.code }
      return { kind: 'io', reason: errorCode(err) || 'the key file could not be read' }
    }
    try {
      return openSealed(key, bytes, { caseId: id, name: CASE_FILE }).toString('utf8')
    } catch (err) {
      if (err instanceof UnsupportedVersionError)
        return { kind: 'locked', reason: 'case.json is of a newer format' }
      if (err instanceof VaultError) {
        return { kind: 'broken', reason: 'case.json has been altered or does not belong to this case' }
      }
      throw err
    }
  }

  /** Records (and for a damaged case, quarantines) a case that could not be loaded. */
  private async report(id: string, read: Exclude<Readout, { kind: 'ok' | 'gone' }>): Promise<LoadProblem> {
    let problem: LoadProblem
    if (read.kind === 'newer') {
      problem = {
        id,
        message:
          `Case ${shortId(id)} was made by a newer version of Recto (case format ${read.version}; this ` +
          `version reads format ${SCHEMA_VERSION}) and was left untouched. Update Recto to open it.`,
        quarantinedTo: null,
      }
    } else if (read.kind === 'io' || read.kind === 'locked') {
      problem = {
        id,
        message: `Case ${shortId(id)} could not be read (${read.reason}) and was left in place.`,
        quarantinedTo: null,
      }
    } else if (this.closing) {
      // A read cut short by the quit (its key zeroed mid-read) looks like damage; it is not moved, and it is
      // read again, fully, at the next start.
      return {
        id,
        message: `Case ${shortId(id)} could not be read while Recto was closing.`,
        quarantinedTo: null,
      }
    } else {
      let moving = this.quarantining.get(id)
      if (!moving) {
        moving = this.quarantine(id, read.reason)
        this.quarantining.set(id, moving)
        void moving.finally(() => this.quarantining.delete(id))
      }
      problem = await moving
    }
    this.index.delete(id)
    this.problemsById.set(id, problem)
    return problem
  }

  private async quarantine(id: string, reason: string): Promise<LoadProblem> {
    const name = `${id}-${fileTime()}`
    const target = join(this.quarantineRoot, name)
    try {
      await mkdir(this.quarantineRoot, { recursive: true, mode: 0o700 })
      await renameRetrying(this.dir(id), target)
      await fsyncDir(this.root)
      await fsyncDir(this.quarantineRoot)
    } catch (err) {
      return {
        id,
        message:
          `Case ${shortId(id)} could not be read (${reason}) and could not be moved to quarantine ` +
          `(${errorCode(err) || String(err)}); it was left in place.`,
        quarantinedTo: null,
      }
    }
    return {
      id,
      message: `Case ${shortId(id)} could not be read (${reason}) and was moved to quarantine/${name}.`,
      quarantinedTo: target,
    }
  }
}
