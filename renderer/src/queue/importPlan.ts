// Checks on what the reviewer dropped or picked, before anything is read, and the plan and messages of an
// import of many documents. Pure (no DOM).
import { MAX_IMPORT_BYTES } from '../../../shared/ipc'
import { pairScans } from '../../../shared/pairing'

import type { ImportDraft, PickedFile, SkippedFile } from '../state/importTypes'

// Defined with the app state (which holds the draft); exported here too for the queue's own modules.
export type { ImportDraft, PickedFile, SkippedFile }
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

// ---- Many files or a folder: the Import dialog's plan and its final message. ----

export type DuplicateCase = { caseId: string; name: string }

/** The extensions Recto reads: the same list as electron/services/batch/folder-scan.ts (a unit test keeps them equal). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  'jpg',
  'jpeg',
  'jpe',
  'jfif',
  'png',
  'webp',
  'tif',
  'tiff',
  'gif',
  'bmp',
  'avif',
  'heic',
  'heif',
])

export const NOT_AN_IMAGE = 'not an image file'
export const HIDDEN = 'hidden'

/** By the name's extension only: the real format is told from the bytes at import. */
export function isImageName(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  return dot > 0 && IMAGE_EXTENSIONS.has(base.slice(dot + 1).toLowerCase())
}

/** Why a file read in the renderer cannot be handed over, or null. */
export function sizeProblem(f: PickedFile): string | null {
  if (f.size <= MAX_IMPORT_BYTES) return null
  return `${f.name}: too large to import (${formatBytes(f.size)}; the limit is ${formatBytes(MAX_IMPORT_BYTES)})`
}

/** More than one document's worth, or any folder, goes through the Import dialog. */
export function needsDialog(fileCount: number, folderCount: number): boolean {
  return fileCount > 2 || folderCount > 0
}

/**
 * One document from one or two files: the first is the front, unless the two names pair the other way round
 * (`id_back.jpg`, `id_front.jpg`), when pairScans puts the front first.
 */
export function orderDocument<T extends { name: string }>(files: readonly T[]): T[] {
  if (files.length !== 2) return files.slice()
  const [doc] = pairScans(files).documents
  return doc?.back ? [doc.front, doc.back] : files.slice()
}

export function draftImport<T extends PickedFile>(
  files: readonly T[],
  source: ImportDraft<T>['source'],
  skipped: { count: number; samples: readonly SkippedFile[] } = { count: 0, samples: [] },
  truncated = false,
): ImportDraft<T> {
  const { documents, notes } = pairScans(files)
  return {
    source,
    documents,
    notes,
    fileCount: files.length,
    skipped: skipped.count,
    skippedSamples: skipped.samples.slice(),
    truncated,
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

function reasonLabel(reason: string, n: number): string {
  if (reason === NOT_AN_IMAGE) return n === 1 ? 'not an image' : 'not images'
  return reason
}

/** "2 skipped (not images)", "3 skipped (2 not images, 1 hidden)", "7 skipped (1 not an image, 6 other)". */
export function skippedText(count: number, samples: readonly SkippedFile[]): string {
  if (count === 0) return ''
  const groups = new Map<string, number>()
  for (const s of samples.slice(0, count)) groups.set(s.reason, (groups.get(s.reason) ?? 0) + 1)
  const named = [...groups.values()].reduce((a, b) => a + b, 0)
  if (groups.size === 1 && named === count) {
    const [reason] = groups.keys()
    return `${count} skipped (${reasonLabel(reason!, count)})`
  }
  const parts = [...groups].map(([reason, n]) => `${n} ${reasonLabel(reason, n)}`)
  if (count > named) parts.push(`${count - named} other`)
  return `${count} skipped (${parts.join(', ')})`
}

/** The dialog's summary line: "12 documents from 20 files, 2 skipped (not images)". */
export function draftSummary(draft: {
  documents: readonly unknown[]
  fileCount: number
  skipped: number
  skippedSamples: readonly SkippedFile[]
}): string {
  const head = `${plural(draft.documents.length, 'document')} from ${plural(draft.fileCount, 'file')}`
  return draft.skipped ? `${head}, ${skippedText(draft.skipped, draft.skippedSamples)}` : head
}

/** Duplicate warnings beyond this many are counted in one last line. */
export const MAX_DUPLICATE_LINES = 10

/** At most MAX_DUPLICATE_LINES lines, the rest counted ("…and 12 more duplicates"). */
function capDuplicates(lines: string[]): string[] {
  if (lines.length <= MAX_DUPLICATE_LINES) return lines
  const more = lines.length - MAX_DUPLICATE_LINES
  return [...lines.slice(0, MAX_DUPLICATE_LINES), `…and ${plural(more, 'more duplicate')}`]
}

/** "x.jpg looks like a duplicate of case y.jpg (same file content)", one line per case (capped). */
export function duplicateLines(file: string, duplicates: readonly DuplicateCase[]): string[] {
  return capDuplicates(
    duplicates.map((d) => `${file} looks like a duplicate of case ${d.name} (same file content)`),
  )
}

/** How one document of a batch went. */
export type DocOutcome = {
  front: string
  back: string | null
  /** The case made, or null when the document was refused. */
  caseId: string | null
  /** Why it was refused ("x.jpg: not an image …"), or null. */
  failure: string | null
  duplicates: DuplicateCase[]
}

/**
 * The end of a batch: `notice` (role status) sums it up — "Imported 11 documents; 1 failed: x.jpg: <reason>" —
 * and `error` (role alert, which stays until dismissed) repeats what needs the reviewer: each failure and one
 * line per duplicate (the first MAX_DUPLICATE_LINES, then a count). `notRun` documents were not imported because the reviewer cancelled.
 */
export function batchMessages(
  outcomes: readonly DocOutcome[],
  notRun = 0,
): { notice: string; error: string | null } {
  const imported = outcomes.filter((o) => o.caseId !== null)
  const failed = outcomes.filter((o) => o.failure !== null)
  let notice = `Imported ${plural(imported.length, 'document')}`
  if (failed.length) notice += `; ${failed.length} failed: ${failed.map((o) => o.failure).join('; ')}`
  if (notRun) notice += `; cancelled, ${plural(notRun, 'document')} not imported`
  const lines = [
    ...(failed.length
      ? [`${plural(failed.length, 'document')} not imported: ${failed.map((o) => o.failure).join('; ')}`]
      : []),
    ...capDuplicates(
      imported.flatMap((o) =>
        o.duplicates.map((d) => `${o.front} looks like a duplicate of case ${d.name} (same file content)`),
      ),
    ),
  ]
  return { notice, error: lines.length ? lines.join('\n') : null }
}
