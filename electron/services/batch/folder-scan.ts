// Lists the image files among the files and folders a reviewer chose to import. Folders are walked recursively
// (depth-limited), leaving out hidden entries and links that lead out of the chosen folder. Only the file name's
// extension is looked at here: the real format is still told from the bytes at import (image-formats.ts).
// Nothing here throws on the file system: whatever cannot be read is reported in `skipped` with the OS reason.
import { readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import type { ReadableFormat } from '../images/image-formats'

/** The extensions of every format Recto reads (the Record makes a new ReadableFormat fail to compile here). */
const EXTENSIONS_BY_FORMAT: Record<ReadableFormat, readonly string[]> = {
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  png: ['png'],
  webp: ['webp'],
  tiff: ['tif', 'tiff'],
  gif: ['gif'],
  bmp: ['bmp'],
  avif: ['avif'],
  heic: ['heic'],
  heif: ['heif'],
}
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(Object.values(EXTENSIONS_BY_FORMAT).flat())

export const DEFAULT_MAX_FILES = 2000
export const DEFAULT_MAX_DEPTH = 8
/** At most this many skipped entries are listed; the rest are only counted (`moreSkipped`). */
export const MAX_SKIPPED_LISTED = 200

export type ListedFile = {
  /** Where to read the file (absolute). */
  path: string
  /** The path relative to the chosen folder with `/` separators (just the file name for a file chosen directly). */
  name: string
  size: number
}
export type SkippedEntry = { path: string; reason: string }
export type FolderListing = {
  /** Sorted naturally by name (`page2` before `page10`). */
  files: ListedFile[]
  skipped: SkippedEntry[]
  /** Skipped entries beyond the first MAX_SKIPPED_LISTED, not listed. */
  moreSkipped: number
  /** True when there were more image files than `maxFiles`: the listing stopped there. */
  truncated: boolean
}
export type ListOptions = {
  /** Default 2000. */
  maxFiles?: number
  /** How many folders deep below a chosen folder to look (0 = only its own files). Default 8. */
  maxDepth?: number
}

export const NOT_AN_IMAGE = 'not an image file'
/** System files that are never scans and not worth a line in the skipped list. */
const IGNORED_NAMES = new Set(['thumbs.db', 'desktop.ini'])

const collator = new Intl.Collator(undefined, { numeric: true })
export const compareNatural = (a: string, b: string): number => collator.compare(a, b)

export function isImageFileName(name: string): boolean {
  const dot = name.lastIndexOf('.')
  return dot > 0 && IMAGE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase())
}

const FS_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  ENOENT: 'not found',
  ENOTDIR: 'not a folder',
  ELOOP: 'too many levels of links',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
  EBUSY: 'busy',
  EIO: 'read error',
}

/** The OS reason in words, e.g. "permission denied (EACCES)". */
function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code
  if (code && FS_REASONS[code]) return `${FS_REASONS[code]} (${code})`
  return e instanceof Error ? e.message : String(e)
}

function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep)
}

class Listing {
  readonly files: ListedFile[] = []
  readonly skipped: SkippedEntry[] = []
  moreSkipped = 0
  truncated = false
  /** Real path → index in `files`, so a file reached twice (a link, or chosen twice) is listed once. */
  private readonly listed = new Map<string, number>()
  /** Whether files[i] was reached through a link: a later visit by its real place takes its place. */
  private readonly viaLink: boolean[] = []

  constructor(private readonly maxFiles: number) {}

  skip(p: string, reason: string): void {
    if (this.skipped.length < MAX_SKIPPED_LISTED) this.skipped.push({ path: p, reason })
    else this.moreSkipped += 1
  }

  /** Lists a file unless it is listed already; returns false once the listing is full. */
  add(file: ListedFile, real: string, viaLink: boolean): boolean {
    const at = this.listed.get(real)
    if (at !== undefined) {
      const prev = this.files[at]!
      if (this.viaLink[at] && !viaLink) {
        this.skip(prev.path, 'a link to a file already listed')
        this.files[at] = file
        this.viaLink[at] = false
      } else {
        this.skip(file.path, viaLink ? 'a link to a file already listed' : 'already listed')
      }
      return true
    }
    if (this.files.length >= this.maxFiles) {
      this.truncated = true
      return false
    }
    this.listed.set(real, this.files.length)
    this.files.push(file)
    this.viaLink.push(viaLink)
    return true
  }
}

type Walk = {
  listing: Listing
  /** The chosen folder's real path: links may point anywhere inside it, nowhere outside. */
  root: string
  /** Real paths of the folders walked, so a link to a folder (or to an ancestor) is not walked again. A folder's
   * own place is always walked, so its files are listed by their real names even when a link got there first. */
  visited: Set<string>
  maxDepth: number
}

type Entry = { full: string; real: string; name: string; kind: 'file' | 'dir' | 'other'; link: boolean }

/** What an entry is, following a link only when it stays inside the chosen folder; null when skipped. */
async function classify(
  walk: Walk,
  dir: string,
  realDir: string,
  name: string,
  isLink: boolean,
  kind: Entry['kind'],
) {
  const full = path.join(dir, name)
  if (!isLink) return { full, real: path.join(realDir, name), name, kind, link: false } satisfies Entry
  let real: string
  try {
    real = await realpath(full)
  } catch (e) {
    walk.listing.skip(full, `a broken link (${fsReason(e)})`)
    return null
  }
  if (!isInside(walk.root, real)) {
    walk.listing.skip(full, 'a link to outside the chosen folder')
    return null
  }
  try {
    const st = await stat(full)
    const linked = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other'
    return { full, real, name, kind: linked, link: true } satisfies Entry
  } catch (e) {
    walk.listing.skip(full, fsReason(e))
    return null
  }
}

/** Lists one folder's image files, then walks its subfolders; both in natural order. */
async function walkFolder(
  walk: Walk,
  dir: string,
  realDir: string,
  rel: string,
  depth: number,
  viaLink: boolean,
): Promise<void> {
  const { listing } = walk
  let dirents
  try {
    dirents = await readdir(dir, { withFileTypes: true })
  } catch (e) {
    listing.skip(dir, fsReason(e))
    return
  }
  dirents.sort((a, b) => compareNatural(a.name, b.name))
  const entries: Entry[] = []
  for (const d of dirents) {
    if (d.name.startsWith('.') || IGNORED_NAMES.has(d.name.toLowerCase())) continue
    const kind = d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other'
    const entry = await classify(walk, dir, realDir, d.name, d.isSymbolicLink(), kind)
    if (entry) entries.push(entry)
  }

  const images: Entry[] = []
  for (const e of entries) {
    if (e.kind === 'other') listing.skip(e.full, 'not a regular file')
    else if (e.kind === 'file' && !isImageFileName(e.name)) listing.skip(e.full, NOT_AN_IMAGE)
    else if (e.kind === 'file') images.push(e)
  }
  const sizes = await Promise.all(
    images.map((e) =>
      stat(e.full).then(
        (st) => st.size,
        (err: unknown) => fsReason(err),
      ),
    ),
  )
  for (const [i, e] of images.entries()) {
    const size = sizes[i]!
    if (typeof size === 'string') listing.skip(e.full, size)
    else if (!listing.add({ path: e.full, name: rel + e.name, size }, e.real, viaLink || e.link)) return
  }

  for (const e of entries) {
    if (e.kind !== 'dir') continue
    if (depth >= walk.maxDepth) {
      listing.skip(e.full, `more than ${walk.maxDepth} folders deep`)
      continue
    }
    if (e.link && walk.visited.has(e.real)) {
      listing.skip(e.full, 'a link to a folder already listed')
      continue
    }
    walk.visited.add(e.real)
    await walkFolder(walk, e.full, e.real, `${rel}${e.name}/`, depth + 1, viaLink || e.link)
    if (listing.truncated) return
  }
}

function checkLimit(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${what} must be a whole number ≥ 0 (got ${value})`)
  return value
}

/**
 * The image files among `paths`, each a file or a folder. A folder's files are named by their path relative to
 * it; when several paths are chosen, each folder's names start with the folder's own name, so that scans from
 * different folders are never taken for one document's two sides.
 */
export async function listImageFiles(paths: string[], opts: ListOptions = {}): Promise<FolderListing> {
  const maxFiles = checkLimit(opts.maxFiles ?? DEFAULT_MAX_FILES, 'maxFiles')
  const maxDepth = checkLimit(opts.maxDepth ?? DEFAULT_MAX_DEPTH, 'maxDepth')
  const listing = new Listing(maxFiles)
  const prefixes = new Set<string>()

  for (const given of paths) {
    if (listing.truncated) break
    const abs = path.resolve(given)
    let st
    let real
    try {
      st = await stat(abs)
      real = await realpath(abs)
    } catch (e) {
      listing.skip(abs, fsReason(e))
      continue
    }
    if (st.isFile()) {
      // Chosen by name: listed even when hidden.
      if (isImageFileName(abs))
        listing.add({ path: abs, name: path.basename(abs), size: st.size }, real, false)
      else listing.skip(abs, NOT_AN_IMAGE)
    } else if (st.isDirectory()) {
      let prefix = ''
      if (paths.length > 1) {
        const label = path.basename(abs) || abs.replace(/[\\/:]+/g, '') || 'folder'
        prefix = label
        for (let n = 2; prefixes.has(prefix.toLowerCase()); n += 1) prefix = `${label} (${n})`
        prefixes.add(prefix.toLowerCase())
        prefix += '/'
      }
      const walk: Walk = { listing, root: real, visited: new Set([real]), maxDepth }
      await walkFolder(walk, abs, real, prefix, 0, false)
    } else {
      listing.skip(abs, 'not a file or folder')
    }
  }

  const files = listing.files.slice().sort((a, b) => compareNatural(a.name, b.name))
  return { files, skipped: listing.skipped, moreSkipped: listing.moreSkipped, truncated: listing.truncated }
}
