// The shapes of an import of many documents as the app state holds them (the Import dialog's draft and its
// progress). Defined here, below the queue feature that plans and runs imports (queue/importPlan.ts,
// queue/importRunner.ts), so that the state depends on no feature folder.
import type { ScanDocument } from '../../../shared/pairing'

export type PickedFile = { name: string; size: number }

export type SkippedFile = { name: string; reason: string }

/** What the Import dialog starts from: the documents as paired by name, and what was passed over. */
export type ImportDraft<T extends PickedFile> = {
  /** A folder picked in the main process (its token and own name), or files read in the renderer. */
  source: { kind: 'files' } | { kind: 'folder'; token: string; folder: string }
  documents: ScanDocument<T>[]
  /** pairScans' notes on names it could not pair. */
  notes: string[]
  fileCount: number
  skipped: number
  skippedSamples: SkippedFile[]
  /** More image files were found than one import takes; only the first ones are listed. */
  truncated: boolean
}

/** A file of the dialog: read in the renderer (`file`), or named in a folder pick (`file` null). */
export type ImportEntry = PickedFile & { file: Blob | null }

export type ImportProgress = {
  done: number
  total: number
  /** The front of the document being imported, or null when none is. */
  current: string | null
  /** Cancel was pressed: the batch ends after the current document. */
  stopping: boolean
}
