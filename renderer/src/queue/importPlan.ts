// Checks on what the reviewer dropped or picked, before anything is read. Pure (no DOM).
import { MAX_IMPORT_BYTES } from '../../../shared/ipc'

export type PickedFile = { name: string; size: number }
export type ImportPlan = { ok: true } | { ok: false; message: string }

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`
  return `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`
}

/** One document per import: the front, then optionally the back. */
export function planImport(files: readonly PickedFile[]): ImportPlan {
  if (files.length === 0) return { ok: false, message: 'No files to import: choose a JPEG or PNG scan' }
  if (files.length > 2) {
    return {
      ok: false,
      message: `Drop one document at a time: the front image, then optionally the back (got ${files.length} files)`,
    }
  }
  for (const f of files) {
    if (f.size > MAX_IMPORT_BYTES) {
      return {
        ok: false,
        message: `${f.name} is too large to import (${formatBytes(f.size)}; the limit is ${formatBytes(MAX_IMPORT_BYTES)})`,
      }
    }
  }
  return { ok: true }
}

export function importedNotice(names: readonly string[]): string {
  return names.length === 2
    ? `Imported ${names[0]} (front) and ${names[1]} (back)`
    : `Imported ${names[0] ?? ''}`
}
