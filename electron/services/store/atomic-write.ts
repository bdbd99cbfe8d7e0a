// Atomic file writes: a temp file in the same folder, written and fsynced, renamed over the target, then the
// folder fsynced, so a reader (or a crash, or a power cut) only ever sees the old or the new content, never a
// torn file. A crash between the temp file's creation and the rename leaves a hidden `.<name>.tmp-<hex>` file
// behind; isTempFile() recognises it so the owner of the folder can remove it at start-up.
import { randomBytes } from 'node:crypto'
import type { Stats } from 'node:fs'
import { open, readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export type AtomicWriteOptions = {
  /** Permissions of the new file (subject to the umask). */
  mode?: number
  /**
   * false skips both fsyncs: the write is still atomic (old or new content after a crash of the process) but a
   * power cut may lose it. For caches that can be rebuilt.
   */
  durable?: boolean
}

const TEMP_INFIX = '.tmp-'

function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}${TEMP_INFIX}${randomBytes(6).toString('hex')}`)
}

/** True for a temp file left by an interrupted writeFileAtomic (also the `.<name>.<hex>.tmp` of older builds). */
export function isTempFile(name: string): boolean {
  return /^\..+\.tmp-[0-9a-f]+$/.test(name) || /^\..+\.[0-9a-f]{12}\.tmp$/.test(name)
}

/**
 * Removes the temp files interrupted writes left in `dir` (`listed`: its names, when the caller has just read them).
 * Best effort: a leftover is junk, never data.
 */
export async function removeTempFiles(dir: string, listed?: readonly string[]): Promise<string[]> {
  const names = listed ?? (await readdir(dir).catch(() => [] as string[]))
  const removed: string[] = []
  for (const name of names.filter(isTempFile)) {
    try {
      await rm(join(dir, name), { force: true })
      removed.push(name)
    } catch {
      // left for the next start
    }
  }
  return removed
}

/**
 * Writes `data` to `path` atomically and (by default) durably. Returns the new file's stats (size, mtime and
 * inode are those the file keeps after the rename).
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<Stats> {
  const { mode = 0o600, durable = true } = options
  const tmp = tempPath(path)
  const handle = await open(tmp, 'wx', mode)
  let stats: Stats
  try {
    await handle.writeFile(data)
    if (durable) await handle.sync()
    stats = await handle.stat()
  } catch (err) {
    await handle.close().catch(() => undefined)
    await rm(tmp, { force: true })
    throw err
  }
  try {
    await handle.close()
    await renameRetrying(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
  if (durable) await fsyncDir(dirname(path))
  return stats
}

/**
 * Creates `path` (which must not exist), writes and fsyncs it. For files in a folder that is itself renamed
 * into place afterwards (fsync that folder with fsyncDir before the rename).
 */
export async function writeNewFile(path: string, data: string | Uint8Array, mode = 0o600): Promise<Stats> {
  const handle = await open(path, 'wx', mode)
  try {
    await handle.writeFile(data)
    await handle.sync()
    return await handle.stat()
  } finally {
    await handle.close()
  }
}

/** Codes a file system answers when it cannot fsync a directory; the rename is then as durable as it gets. */
const DIR_SYNC_UNSUPPORTED = new Set([
  'EINVAL',
  'ENOTSUP',
  'EOPNOTSUPP',
  'EISDIR',
  'EPERM',
  'EACCES',
  'EBADF',
])

/** Makes the folder's entries (a rename, a new file) durable. Windows cannot open a folder for this: no-op. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch (err) {
    if (!DIR_SYNC_UNSUPPORTED.has((err as NodeJS.ErrnoException).code ?? '')) throw err
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

/**
 * rename(), retried briefly on Windows, where a virus scanner or the search indexer holding the target open
 * makes it fail with EPERM/EACCES/EBUSY for a few milliseconds.
 */
export async function renameRetrying(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to)
      return
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? ''
      const transient = process.platform === 'win32' && ['EPERM', 'EACCES', 'EBUSY'].includes(code)
      if (!transient || attempt >= 8) throw err
      await new Promise((r) => setTimeout(r, 10 * (attempt + 1)))
    }
  }
}
