// What was dropped on the window: loose files and whole folders. Folders are walked through the File and
// Directory Entries API (webkitGetAsEntry), recursively, reading every batch readEntries gives; hidden entries
// and names that are not images are passed over and counted. Files are named by their path relative to the
// dropped folder (prefixed with the folder's name when more than one thing was dropped), so pairScans pairs
// fronts and backs within one folder only.
import type { ImportEntry } from './importRunner'
import { HIDDEN, isImageName, NOT_AN_IMAGE, type SkippedFile } from './importPlan'

/** As in electron/services/batch/folder-scan.ts. */
export const MAX_DROPPED_FILES = 2000
export const MAX_DROP_DEPTH = 8
/** System files that are never scans and not worth counting. */
const IGNORED_NAMES = new Set(['thumbs.db', 'desktop.ini'])
/** Skipped entries named (the rest are only counted). */
const SKIPPED_SAMPLES = 200

/** One dropped item, captured during the drop event (a DataTransfer is emptied once the event is over). */
export type DroppedItem = { entry: FileSystemEntry | null; file: File | null }

export type DropContents = {
  files: ImportEntry[]
  /** How many folders were dropped (top level). */
  folders: number
  skipped: number
  skippedSamples: SkippedFile[]
  /** The walk stopped at MAX_DROPPED_FILES image files. */
  truncated: boolean
}

/** Must run inside the drop event handler. */
export function captureDrop(dt: DataTransfer): DroppedItem[] {
  const items = Array.from(dt.items ?? []).filter((i) => i.kind === 'file')
  if (items.length) return items.map((i) => ({ entry: i.webkitGetAsEntry?.() ?? null, file: i.getAsFile() }))
  return Array.from(dt.files ?? []).map((file) => ({ entry: null, file }))
}

const fileOf = (entry: FileSystemFileEntry) =>
  new Promise<File>((resolve, reject) => entry.file(resolve, reject))

/** Every entry of a folder: readEntries answers in batches (about 100 in Chromium) until an empty one. */
async function readAll(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader()
  const all: FileSystemEntry[] = []
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    )
    if (batch.length === 0) return all
    all.push(...batch)
  }
}

const collator = new Intl.Collator(undefined, { numeric: true })

const errorText = (err: unknown) => (err instanceof Error ? err.message || err.name : String(err))

class Collector {
  readonly files: ImportEntry[] = []
  skipped = 0
  readonly samples: SkippedFile[] = []
  truncated = false

  skip(name: string, reason: string): void {
    this.skipped += 1
    if (this.samples.length < SKIPPED_SAMPLES) this.samples.push({ name, reason })
  }

  add(name: string, file: File): void {
    if (this.files.length >= MAX_DROPPED_FILES) this.truncated = true
    else this.files.push({ name, size: file.size, file })
  }

  async walk(dir: FileSystemDirectoryEntry, prefix: string, depth: number): Promise<void> {
    let entries: FileSystemEntry[]
    try {
      entries = await readAll(dir)
    } catch (err) {
      this.skip(prefix || dir.name, `could not be read (${errorText(err)})`)
      return
    }
    entries.sort((a, b) => collator.compare(a.name, b.name))
    const folders: FileSystemDirectoryEntry[] = []
    for (const entry of entries) {
      if (this.truncated) return
      const name = prefix + entry.name
      if (IGNORED_NAMES.has(entry.name.toLowerCase())) continue
      if (entry.name.startsWith('.')) this.skip(name, HIDDEN)
      else if (entry.isDirectory) folders.push(entry as FileSystemDirectoryEntry)
      else if (!isImageName(entry.name)) this.skip(name, NOT_AN_IMAGE)
      else {
        try {
          this.add(name, await fileOf(entry as FileSystemFileEntry))
        } catch (err) {
          this.skip(name, `could not be read (${errorText(err)})`)
        }
      }
    }
    for (const folder of folders) {
      if (this.truncated) return
      if (depth >= MAX_DROP_DEPTH) this.skip(prefix + folder.name, `more than ${MAX_DROP_DEPTH} folders deep`)
      else await this.walk(folder, `${prefix}${folder.name}/`, depth + 1)
    }
  }
}

/**
 * The files of a drop. Loose files are kept as they are when nothing else was dropped with them and there are
 * at most two (one document: the main process says why a file is refused); otherwise non-images are skipped.
 */
export async function collectDrop(items: readonly DroppedItem[]): Promise<DropContents> {
  const c = new Collector()
  const dirs = items.filter((i) => i.entry?.isDirectory)
  const loose = items.filter((i) => !i.entry?.isDirectory && i.file)
  const keepAll = dirs.length === 0 && loose.length <= 2
  for (const { file } of loose) {
    if (keepAll || isImageName(file!.name) || file!.type.startsWith('image/')) c.add(file!.name, file!)
    else c.skip(file!.name, NOT_AN_IMAGE)
  }
  const single = dirs.length === 1 && loose.length === 0
  const prefixes = new Set<string>()
  for (const { entry } of dirs) {
    if (c.truncated) break
    let prefix = ''
    if (!single) {
      prefix = entry!.name
      for (let n = 2; prefixes.has(prefix.toLowerCase()); n += 1) prefix = `${entry!.name} (${n})`
      prefixes.add(prefix.toLowerCase())
      prefix += '/'
    }
    await c.walk(entry as FileSystemDirectoryEntry, prefix, 0)
  }
  return {
    files: c.files,
    folders: dirs.length,
    skipped: c.skipped,
    skippedSamples: c.samples,
    truncated: c.truncated,
  }
}
