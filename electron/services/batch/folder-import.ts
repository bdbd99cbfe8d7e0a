// Folders chosen for import in the main process. The renderer only ever sees a pick's token, the folder's own
// name and the image files' names relative to it; it imports a document by naming files of the pick, which are
// looked up in the pick's listing (never joined to a path), so nothing outside the listing can be read.
import { randomUUID } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { MAX_IMPORT_BYTES, type FolderPick } from '../../../shared/ipc'
import { describeBytesAgainstLimit } from '../images/image-formats'
import { listImageFiles, type ListedFile, type ListOptions } from './folder-scan'
import type { Dialogs } from '../ports'

export const FOLDER_DIALOG_TITLE = 'Import a folder of scans'
/** A pick is forgotten this long after it was made. */
export const PICK_TTL_MS = 60 * 60 * 1000
/** At most this many picks are kept; the oldest goes first. */
export const MAX_PICKS = 20
/** Skipped entries named in a pick (the rest are only counted). */
export const SKIPPED_SAMPLES = 5

type Pick = { root: string; folder: string; files: Map<string, ListedFile>; madeAt: number }

/** A file of the pick that could not be read (gone, unreadable, too large): reported for that file. */
export class PickedFileUnreadable extends Error {
  override name = 'PickedFileUnreadable'
  constructor(
    readonly fileName: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${fileName}: ${reason}`, options)
  }
}

export type FolderPicksOptions = {
  /** The clock picks expire by (tests pass their own). */
  now?: () => number
  /** Passed to listImageFiles (tests use small limits). */
  list?: ListOptions
}

/** `p` relative to the chosen folder, with "/" separators; just the base name when it is not inside. */
function relativeName(root: string, p: string): string {
  const rel = path.relative(root, p)
  if (!rel) return path.basename(root)
  if (rel.startsWith('..') || path.isAbsolute(rel)) return path.basename(p)
  return rel.split(path.sep).join('/')
}

function osReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code
  if (code === 'ENOENT') return 'the file is no longer in the folder'
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`
  if (code === 'EISDIR') return 'not a file'
  return code ? `could not be read (${code})` : 'could not be read'
}

export class FolderPicks {
  private readonly picks = new Map<string, Pick>()
  private readonly now: () => number

  constructor(private readonly options: FolderPicksOptions = {}) {
    this.now = options.now ?? Date.now
  }

  /** Asks for a folder and lists its image files; null when the reviewer cancelled. */
  async choose(dialogs: Dialogs): Promise<FolderPick | null> {
    const chosen = await dialogs.chooseFolder({ title: FOLDER_DIALOG_TITLE })
    if (!chosen) return null
    const root = path.resolve(chosen)
    const listing = await listImageFiles([root], this.options.list)
    const folder = path.basename(root) || root
    this.prune()
    const token = randomUUID()
    this.picks.set(token, {
      root,
      folder,
      files: new Map(listing.files.map((f) => [f.name, f])),
      madeAt: this.now(),
    })
    this.prune()
    return {
      token,
      folder,
      files: listing.files.map((f) => ({ name: f.name, size: f.size })),
      skipped: listing.skipped.length + listing.moreSkipped,
      skippedSamples: listing.skipped
        .slice(0, SKIPPED_SAMPLES)
        .map((s) => ({ name: relativeName(root, s.path), reason: s.reason })),
      truncated: listing.truncated,
    }
  }

  /**
   * The bytes of one file of a pick, by its name in the listing. Throws an Error for a token that is unknown or
   * expired and for a name the pick did not list; PickedFileUnreadable when the file cannot be read or is
   * larger than `maxBytes` (by default the largest file one import call takes).
   */
  async read(
    token: string,
    name: string,
    maxBytes: number = MAX_IMPORT_BYTES,
  ): Promise<{ name: string; bytes: Uint8Array }> {
    this.prune()
    const pick = this.picks.get(token)
    if (!pick) throw new Error('This folder is no longer open for import: choose it again (Import folder…)')
    const file = pick.files.get(name)
    if (!file) throw new Error(`"${name}" is not one of the files listed in the folder ${pick.folder}`)
    let size: number
    try {
      const st = await stat(file.path)
      if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' })
      size = st.size
    } catch (err) {
      throw new PickedFileUnreadable(name, osReason(err), { cause: err })
    }
    if (size > maxBytes) {
      const [got, limit] = describeBytesAgainstLimit(size, maxBytes)
      throw new PickedFileUnreadable(name, `the file is ${got}; the limit is ${limit} (Settings)`)
    }
    try {
      return { name, bytes: await readFile(file.path) }
    } catch (err) {
      throw new PickedFileUnreadable(name, osReason(err), { cause: err })
    }
  }

  /** How many picks are kept (for tests and diagnostics). */
  get size(): number {
    this.prune()
    return this.picks.size
  }

  /** Drops picks older than PICK_TTL_MS, then the oldest beyond MAX_PICKS (a Map iterates oldest first). */
  private prune(): void {
    const now = this.now()
    for (const [token, pick] of this.picks) {
      if (now - pick.madeAt >= PICK_TTL_MS) this.picks.delete(token)
    }
    for (const token of this.picks.keys()) {
      if (this.picks.size <= MAX_PICKS) break
      this.picks.delete(token)
    }
  }
}
