// Migration of a plaintext profile (made before issue 13) to the encrypted case store, in place, on the first
// start with a vault. It runs BEFORE the CaseStore is opened with keys: the encrypted store leaves a case whose
// case.json is not sealed where it is and reports it, so without this step the old cases would not open.
//
// Unit of work: one case folder, `<userData>/cases/<id>/` (and, see below, each quarantined folder). A folder is
// encrypted when it has a key.json (the encrypted store and this migration write key.json first and only ever
// into a hidden folder that becomes the case folder once complete). For a plaintext folder:
//   1. build `.migrating-new-<id>/` next to it: key.json first (a new data key, CaseKeys.create), then every file
//      of the case sealed under it, as the encrypted store writes them (images, previews, thumbnails, screen
//      copies and case.json with sealed-file.ts, audit.jsonl line by line with seq = line number); each file is
//      read back from disk and opened and compared with the plaintext before going on; then the folder is fsynced
//      and given the old folder's mtime (quarantine retention counts from a folder's mtime);
//   2. rename `<id>` → `.migrating-old-<id>`, fsync cases/;
//   3. rename `.migrating-new-<id>` → `<id>`, fsync cases/ (the commit point);
//   4. remove `.migrating-old-<id>` (the plaintext), fsync cases/.
// Temp files of interrupted atomic writes inside the case (`.<name>.tmp-<hex>`) are junk, not data: not sealed,
// gone with the old folder.
//
// State machine. What a SIGKILL (or power cut) can leave for one case, and what the next start does with it:
//   <id> plaintext                          not started / killed before step 2 → (re)build from step 1
//   <id> plaintext + .migrating-new-<id>    killed in step 1 → remove the staging folder, build again
//   .migrating-old-<id> + .migrating-new-<id>, no <id>
//                                           killed between 2 and 3 → the staging folder is complete (step 2
//                                           only happens after it was written, verified and fsynced): step 3, 4
//   <id> encrypted + .migrating-old-<id>    killed between 3 and 4 → step 4
//   <id> encrypted                          done
// So at every moment either the whole plaintext case or the whole encrypted case is on disk (never a mix in one
// folder, never neither): between 2 and 3 no folder is called <id>, but both complete copies exist under their
// hidden names and this function puts the right one back before the store runs. Two states cannot arise from
// this code; they are resolved without losing data: `.migrating-old-<id>` alone is renamed back to `<id>` and
// migrated again; `.migrating-new-<id>` alone is left where it is and reported as failed.
//
// Around the cases: cases/index.json in plaintext holds every case's summary (names, status): it is removed
// first; the store rebuilds it, sealed, from the cases at its next init(). Leftovers of interrupted imports and
// deletions (`.importing-*`) and temp files in cases/ are plaintext junk that the store would remove at init()
// anyway: removed here. Other entries in cases/ that are not case folders are not Recto's and are left alone
// (logged as a count).
//
// Quarantine (decision): quarantined folders (`<userData>/quarantine/<id>-<time>/`) hold damaged cases that are
// kept for examination, and retention deletes them later; left in plaintext they would be exactly the personal
// data this issue protects. They are encrypted too, by the same per-folder procedure in quarantine/, under the
// case id in their name (as the encrypted store's own quarantine keeps key.json of the case it moved), the bytes
// sealed as they are: a damaged case.json stays damaged, only sealed. Their mtime is kept, so retention still
// counts from the day they were quarantined.
//
// Deleting the plaintext: the old files are unlinked, not overwritten first. On SSDs (wear levelling), journaling
// and copy-on-write file systems (APFS, btrfs, ZFS) and with snapshots or backups, overwriting a file in place
// does not reach the blocks that held the plaintext, so an overwrite pass would be a pretence; it is not done.
// The old blocks stay on the disk until reused. Full-disk encryption (FileVault, BitLocker, LUKS) is what
// protects them; docs/SECURITY.md should say so.
//
// Nothing personal is logged: cases are named by id, errors by code.
import type { Dirent } from 'node:fs'
import { mkdir, open, readdir, readFile, rm, stat, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { fsyncDir, isTempFile, renameRetrying, writeFileAtomic, writeNewFile } from '../atomic-write'
import { AUDIT_FILE } from '../../audit/audit-log'
import { INDEX_FILE } from '../case-index'
import { CASE_FILE, ID_PATTERN, STAGING_PREFIX, WORKER_MIN_BYTES } from '../case-store'
import { mapLimited } from '../../batch/limited'
import type { Logger } from '../../ports'
import type { CaseKeys } from './case-keys'
import { KEY_FILE } from './keys'
import {
  isSealed,
  open as openSealed,
  openAuditLog,
  openInWorker,
  seal,
  sealAuditLine,
  sealInWorker,
} from './sealed-file'

export const MIGRATING_NEW = '.migrating-new-'
export const MIGRATING_OLD = '.migrating-old-'
/** Written in the profile once a run encrypted everything: later starts skip the per-case checks. */
export const MIGRATED_MARKER = 'migrated-to-vault.json'
/** The time suffix case-store.ts gives a quarantined folder (`<id>-2025-01-31T09-15-00-123Z`). */
const QUARANTINE_SUFFIX = /-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/
/** Folders migrated at once: enough to overlap one case's fsyncs with another's crypto. */
const DEFAULT_CONCURRENCY = 2
/** Folders checked at once for whether they need work. */
const SCAN_CONCURRENCY = 32

export type MigrationFailure = { id: string; message: string }
export type MigrationResult = {
  /** Folders encrypted by this run (including a swap an earlier, interrupted run had prepared). */
  migrated: number
  /** Folders that were encrypted already. */
  alreadyEncrypted: number
  /** Folders left as they were (still plaintext, or an unexpected state kept for examination), with why. */
  failed: MigrationFailure[]
}

export type MigrateOptions = {
  /** After the scan (0, total) and after each folder that needed work; total counts only those. */
  onProgress?: (done: number, total: number) => void
  /**
   * Aborted: no new folder is started, a folder not yet swapped is abandoned (its staging removed), and the
   * promise rejects with the signal's reason once every folder in flight has stopped. The next run resumes.
   */
  signal?: AbortSignal
  logger: Logger
  concurrency?: number
}

/** One folder to look at: where it lives, its name there, and the case id its files are sealed under. */
type Unit = { root: string; name: string; caseId: string; label: string; leftover: boolean }

const errorCode = (err: unknown) =>
  (err as NodeJS.ErrnoException | null)?.code ?? (err instanceof Error ? err.name : 'error')

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  )

class Aborted extends Error {}

class VerifyFailed extends Error {
  override name = 'VerifyFailed'
}

/** Encrypts every plaintext case (and quarantined case) of the profile in place; see the header. */
export async function migrateProfile(
  userDataDir: string,
  keys: CaseKeys,
  options: MigrateOptions,
): Promise<MigrationResult> {
  const { logger, signal } = options
  signal?.throwIfAborted()
  const casesRoot = join(userDataDir, 'cases')
  const quarantineRoot = join(userDataDir, 'quarantine')
  const result: MigrationResult = { migrated: 0, alreadyEncrypted: 0, failed: [] }

  await removePlainIndex(casesRoot)
  const units = [
    ...(await scan(casesRoot, 'cases', logger)),
    ...(await scan(quarantineRoot, 'quarantine', logger)),
  ]
  // A profile a complete run left with nothing to do: the store writes every new case sealed, so unless a run was
  // interrupted (a leftover folder, seen in the readdir) there is nothing to look at.
  const markerPath = join(userDataDir, MIGRATED_MARKER)
  if (!units.some((u) => u.leftover) && (await exists(markerPath))) {
    return { migrated: 0, alreadyEncrypted: units.length, failed: [] }
  }
  // Every start with a vault runs this: with nothing to do it must cost next to nothing (one stat per case, in
  // parallel; 5,000 cases one after another took over a second).
  const needs = await mapLimited(units, SCAN_CONCURRENCY, needsWork)
  const pending = units.filter((_, i) => needs[i])
  result.alreadyEncrypted += units.length - pending.length
  const total = pending.length
  let done = 0
  options.onProgress?.(0, total)
  let aborted = false
  await mapLimited(pending, options.concurrency ?? DEFAULT_CONCURRENCY, async (unit) => {
    if (signal?.aborted) {
      aborted = true
      return
    }
    try {
      const outcome = await migrateUnit(unit, keys, signal)
      if (outcome === 'migrated') result.migrated++
      else result.alreadyEncrypted++
    } catch (err) {
      if (err instanceof Aborted) {
        aborted = true
        return
      }
      const message =
        err instanceof UnexpectedState
          ? err.message
          : `could not be encrypted (${errorCode(err)}); it was left as it was and is tried again at the next start`
      result.failed.push({ id: unit.caseId, message })
      logger.warn(`migration: ${unit.label} ${message}`)
    }
    options.onProgress?.(++done, total)
  })
  if (aborted) signal?.throwIfAborted()
  if (result.failed.length === 0) await writeFileAtomic(markerPath, `${JSON.stringify({ version: 1 })}\n`)
  if (total > 0) {
    logger.info(
      `migration: ${result.migrated} encrypted, ${result.alreadyEncrypted} already encrypted, ` +
        `${result.failed.length} failed`,
    )
  }
  return result
}

/** A state this code does not produce (see the header): kept as it is for examination. */
class UnexpectedState extends Error {}

/** The plaintext index holds every case's summary; the store writes a sealed one at its next init(). */
async function removePlainIndex(casesRoot: string): Promise<void> {
  const path = join(casesRoot, INDEX_FILE)
  // Its first bytes say whether it is sealed: the index of 5,000 cases is megabytes, read by the store next.
  const bytes = await open(path, 'r')
    .then(async (h) => {
      try {
        const head = Buffer.alloc(16)
        const { bytesRead } = await h.read(head, 0, head.length, 0)
        return head.subarray(0, bytesRead)
      } finally {
        await h.close()
      }
    })
    .catch(() => null)
  if (bytes && !isSealed(bytes)) {
    await rm(path, { force: true })
    await fsyncDir(casesRoot)
  }
}

/** The folders of `root` to look at (one per case, whatever state it is in); removes the store's own junk. */
async function scan(root: string, where: 'cases' | 'quarantine', logger: Logger): Promise<Unit[]> {
  let dirents: Dirent[]
  try {
    dirents = await readdir(root, { withFileTypes: true })
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return []
    throw err
  }
  const names = new Set<string>()
  /** Names an interrupted run left a staging or an old folder for (seen in the same readdir, no stat needed). */
  const leftovers = new Set<string>()
  let foreign = 0
  let removed = false
  for (const e of dirents) {
    if (where === 'cases' && e.name.startsWith(STAGING_PREFIX)) {
      // Interrupted imports and deletions: plaintext the store would remove at init() anyway.
      await rm(join(root, e.name), { recursive: true, force: true })
      removed = true
    } else if (isTempFile(e.name) && e.isFile()) {
      await rm(join(root, e.name), { force: true })
      removed = true
    } else if (!e.isDirectory()) {
      if (!(where === 'cases' && e.name === INDEX_FILE)) foreign++
    } else if (e.name.startsWith(MIGRATING_NEW)) {
      names.add(e.name.slice(MIGRATING_NEW.length))
      leftovers.add(e.name.slice(MIGRATING_NEW.length))
    } else if (e.name.startsWith(MIGRATING_OLD)) {
      names.add(e.name.slice(MIGRATING_OLD.length))
      leftovers.add(e.name.slice(MIGRATING_OLD.length))
    } else if (where === 'cases' ? ID_PATTERN.test(e.name) : !e.name.startsWith('.')) {
      names.add(e.name)
    } else {
      foreign++
    }
  }
  if (removed) await fsyncDir(root)
  if (foreign > 0) logger.warn(`migration: ${foreign} entries in ${where}/ are not case folders; left alone`)
  return [...names].sort().map((name) => {
    const caseId = where === 'cases' ? name : name.replace(QUARANTINE_SUFFIX, '')
    return {
      root,
      name,
      caseId,
      label: where === 'cases' ? `case ${name}` : `quarantined case ${caseId}`,
      leftover: leftovers.has(name),
    }
  })
}

const paths = (u: Unit) => ({
  live: join(u.root, u.name),
  staging: join(u.root, MIGRATING_NEW + u.name),
  old: join(u.root, MIGRATING_OLD + u.name),
})

async function needsWork(u: Unit): Promise<boolean> {
  return u.leftover || !(await exists(join(u.root, u.name, KEY_FILE)))
}

/** Resolves what an interrupted run left, then encrypts the folder if it is still plaintext. */
async function migrateUnit(
  u: Unit,
  keys: CaseKeys,
  signal: AbortSignal | undefined,
): Promise<'migrated' | 'already'> {
  const p = paths(u)
  const staging = await exists(p.staging)
  let [live, old] = await Promise.all([exists(p.live), exists(p.old)])
  if (!live && old && staging) {
    // Killed between steps 2 and 3: the staging folder is complete.
    await renameRetrying(p.staging, p.live)
    await fsyncDir(u.root)
    await removeFolder(p.old, u.root)
    return 'migrated'
  }
  if (!live && old) {
    await renameRetrying(p.old, p.live)
    await fsyncDir(u.root)
    ;[live, old] = [true, false]
  }
  if (!live)
    throw new UnexpectedState('was found only as an unfinished encrypted copy; it was left as it was')
  const encrypted = await exists(join(p.live, KEY_FILE))
  if (old) {
    if (!encrypted) {
      throw new UnexpectedState('was found in two plaintext copies; both were left as they were')
    }
    // Killed between steps 3 and 4.
    await removeFolder(p.old, u.root)
  }
  if (staging) await rm(p.staging, { recursive: true, force: true })
  if (encrypted) {
    const caseFile = await readFile(join(p.live, CASE_FILE)).catch(() => null)
    if (caseFile && !isSealed(caseFile)) {
      throw new UnexpectedState('has a key file but its case.json is not encrypted; it was left as it was')
    }
    return old ? 'migrated' : 'already'
  }
  await encryptFolder(u, keys, signal)
  return 'migrated'
}

async function removeFolder(path: string, root: string): Promise<void> {
  await rm(path, { recursive: true, force: true })
  await fsyncDir(root)
}

/** Steps 1–4 of the header for one plaintext folder. */
async function encryptFolder(u: Unit, keys: CaseKeys, signal: AbortSignal | undefined): Promise<void> {
  const p = paths(u)
  const folder = await stat(p.live)
  const entries = await readdir(p.live, { withFileTypes: true })
  const files: string[] = []
  for (const e of entries) {
    if (e.isFile() && isTempFile(e.name)) continue
    if (!e.isFile()) throw new UnexpectedState('holds something other than files; it was left as it was')
    files.push(e.name)
  }
  await mkdir(p.staging, { mode: 0o700 })
  try {
    // The key first: every file below is sealed under it.
    const key = await keys.create(p.staging, u.caseId)
    for (const name of files) {
      if (signal?.aborted) throw new Aborted()
      const plain = await readFile(join(p.live, name))
      await writeNewFile(join(p.staging, name), await sealFile(key, u.caseId, name, plain))
      await verify(key, u.caseId, name, await readFile(join(p.staging, name)), plain)
    }
    await fsyncDir(p.staging)
    await utimes(p.staging, folder.atime, folder.mtime)
  } catch (err) {
    await rm(p.staging, { recursive: true, force: true })
    throw err
  }
  if (signal?.aborted) {
    await rm(p.staging, { recursive: true, force: true })
    throw new Aborted()
  }
  // From here on every state is one the next start resolves (see the header); nothing is undone on failure.
  await renameRetrying(p.live, p.old)
  await fsyncDir(u.root)
  await renameRetrying(p.staging, p.live)
  await fsyncDir(u.root)
  // Some file systems touch a moved folder's mtime: set it again (best effort; only retention reads it).
  await utimes(p.live, folder.atime, folder.mtime).catch(() => undefined)
  await removeFolder(p.old, u.root)
}

async function sealFile(key: Buffer, caseId: string, name: string, plain: Buffer): Promise<Buffer | string> {
  if (name === AUDIT_FILE) return sealAuditBytes(key, caseId, plain)
  const ctx = { caseId, name }
  return plain.length >= WORKER_MIN_BYTES ? sealInWorker(key, plain, ctx) : seal(key, plain, ctx)
}

/**
 * The lines of a plaintext audit log as they are, line i sealed as seq i. An unterminated last line (a torn append,
 * or a whole entry without its newline) is sealed and kept unterminated: the encrypted reader then sees exactly
 * what the plaintext reader saw (an entry, or a torn tail that the next append cuts off). Invalid lines are sealed
 * too: they are evidence, and the reader reports them as before.
 */
function auditLinesOf(plain: Buffer): { lines: string[]; unterminated: boolean } {
  const lines = plain.toString('utf8').split('\n')
  const last = lines.pop() ?? ''
  if (last !== '') lines.push(last)
  return { lines, unterminated: last !== '' }
}

function sealAuditBytes(key: Buffer, caseId: string, plain: Buffer): string {
  const { lines, unterminated } = auditLinesOf(plain)
  const sealed = lines.map((line, seq) => sealAuditLine(key, line, { caseId, name: AUDIT_FILE, seq }))
  const text = sealed.join('')
  return unterminated ? text.slice(0, -1) : text
}

/** The file as written opens under the case's key and gives back exactly the plaintext. */
async function verify(key: Buffer, caseId: string, name: string, written: Buffer, plain: Buffer) {
  const ctx = { caseId, name }
  if (name === AUDIT_FILE) {
    const opened = openAuditLog(key, written, ctx)
    const expected = auditLinesOf(plain).lines
    if (
      opened.broken ||
      opened.lines.length !== expected.length ||
      opened.lines.some((l, i) => l !== expected[i])
    )
      throw new VerifyFailed()
    return
  }
  const back =
    written.length >= WORKER_MIN_BYTES ? await openInWorker(key, written, ctx) : openSealed(key, written, ctx)
  if (!back.equals(plain)) throw new VerifyFailed()
}
