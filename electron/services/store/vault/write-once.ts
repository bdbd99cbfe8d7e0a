// Creating a file that must never replace an existing one (a case's key.json, the profile's vault.json):
// replacing either would make everything it protects unreadable. Atomic as writeFileAtomic (temp file, fsync,
// then a hard link, which fails when the name exists), so a crash leaves either no file or the whole file.
import { randomBytes } from 'node:crypto'
import { link, open, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fsyncDir } from '../atomic-write'

/** Creates `path` with `text`, mode 0600. Returns false (and writes nothing) when `path` already exists. */
export async function writeOnce(path: string, text: string): Promise<boolean> {
  // Named as writeFileAtomic names its temp files, so removeTempFiles() clears one a crash leaves behind.
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`)
  const handle = await open(tmp, 'wx', 0o600)
  try {
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await link(tmp, path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err
    // No hard links here (some network or FAT volumes): exclusive create, not atomic but never a replacement.
    const direct = await open(path, 'wx', 0o600).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EEXIST') return null
      throw e
    })
    if (!direct) return false
    try {
      await direct.writeFile(text, 'utf8')
      await direct.sync()
    } finally {
      await direct.close()
    }
  } finally {
    await rm(tmp, { force: true })
  }
  await fsyncDir(dirname(path))
  return true
}
