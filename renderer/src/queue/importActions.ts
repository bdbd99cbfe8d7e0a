// The import actions: files picked or dropped, a folder chosen in the main process, the Import dialog's run and the
// sample documents. One import at a time; every call is caught and reported (the UI never sees a rejected promise).
import type { ImportFile } from '../../../shared/ipc'
import type { ScanDocument } from '../../../shared/pairing'
import { api, errorText } from '../api'
import { refreshCases, selectCase } from '../state/actions'
import { dismissError, dismissNotice, showError, showNotice, store } from '../state/appState'
import {
  batchMessages,
  draftImport,
  duplicateLines,
  isImageName,
  needsDialog,
  NOT_AN_IMAGE,
  orderDocument,
  planImport,
  skippedText,
  type ImportDraft,
  type SkippedFile,
} from './importPlan'
import { collectDrop, type DropContents, type DroppedItem } from './dropFiles'
import { importFromFiles, importFromPick, runImports, type ImportEntry } from './importRunner'

async function readFile(file: File): Promise<ImportFile> {
  try {
    return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
  } catch (err) {
    throw new Error(`Could not read ${file.name || 'the file'}: ${errorText(err)}`, { cause: err })
  }
}

/** The import in flight, if any: Recognize pressed meanwhile waits for it (and then acts on the new case). */
let importInFlight: Promise<void> | null = null

/** Resolves when the import in flight (if any) has finished; false when there was none. */
export async function waitForImport(): Promise<boolean> {
  if (!importInFlight) return false
  await importInFlight.catch(() => undefined)
  return true
}

/** Runs `work` as the import in flight, unless an import is running or the Import dialog is open. */
async function exclusiveImport(work: () => Promise<void>): Promise<void> {
  if (importInFlight || store.get().importDraft) {
    showError(
      store.get().importDraft && !store.get().importProgress
        ? 'Finish or cancel the Import dialog first'
        : 'An import is already running: wait for it to finish',
    )
    return
  }
  const run = work()
  importInFlight = run
  try {
    await run
  } finally {
    importInFlight = null
  }
}

/**
 * Files picked or dropped (no folder). One or two are one document, the first the front (or as their names pair,
 * `id_back.jpg` + `id_front.jpg`); more open the Import dialog, which pairs them by name.
 */
export async function importFiles(files: readonly File[]): Promise<void> {
  if (needsDialog(files.length, 0)) {
    const entries: ImportEntry[] = []
    const skipped: SkippedFile[] = []
    for (const file of files) {
      if (isImageName(file.name) || file.type.startsWith('image/'))
        entries.push({ name: file.name, size: file.size, file })
      else skipped.push({ name: file.name, reason: NOT_AN_IMAGE })
    }
    openImportDialog(draftImport(entries, { kind: 'files' }, { count: skipped.length, samples: skipped }))
    return
  }
  await exclusiveImport(() => runImport(orderDocument(files)))
}

/** A drop: loose files as importFiles does; any folder, or more than two files, open the Import dialog. */
export async function importDropped(items: readonly DroppedItem[]): Promise<void> {
  let drop: DropContents
  try {
    drop = await collectDrop(items)
  } catch (err) {
    showError(`Could not read what was dropped: ${errorText(err)}`)
    return
  }
  if (!needsDialog(drop.files.length, drop.folders) && drop.skipped === 0) {
    await importFiles(drop.files.map((f) => f.file as File))
    return
  }
  openImportDialog(
    draftImport(
      drop.files,
      { kind: 'files' },
      { count: drop.skipped, samples: drop.skippedSamples },
      drop.truncated,
    ),
  )
}

/** Import folder…: the folder is chosen and listed in the main process; its files are imported from there. */
export async function importFolder(): Promise<void> {
  if (importInFlight || store.get().importDraft) {
    showError('An import is already running: wait for it to finish')
    return
  }
  try {
    const pick = await api().chooseImportFolder()
    if (!pick) return
    const draft = draftImport(
      pick.files.map((f) => ({ ...f, file: null })),
      { kind: 'folder', token: pick.token, folder: pick.folder },
      { count: pick.skipped, samples: pick.skippedSamples },
      pick.truncated,
    )
    openImportDialog(draft)
  } catch (err) {
    showError(`Could not open the folder: ${errorText(err)}`)
  }
}

function openImportDialog(draft: ImportDraft<ImportEntry>): void {
  if (importInFlight || store.get().importDraft) {
    showError(
      importInFlight
        ? 'An import is already running: wait for it to finish'
        : 'Finish or cancel the Import dialog first',
    )
    return
  }
  if (draft.documents.length === 0) {
    const where = draft.source.kind === 'folder' ? ` in ${draft.source.folder}` : ''
    const skipped = draft.skipped ? `; ${skippedText(draft.skipped, draft.skippedSamples)}` : ''
    showError(`No scans to import${where}: no image files were found${skipped}`)
    return
  }
  dismissError()
  store.set({ importDraft: draft, importProgress: null })
}

/** Cancel in the Import dialog: closes it, or during the run stops after the document being imported. */
export function cancelImportDialog(): void {
  const { importProgress } = store.get()
  if (importProgress) {
    if (!importProgress.stopping) store.set({ importProgress: { ...importProgress, stopping: true } })
    return
  }
  store.set({ importDraft: null })
}

/** Import in the dialog: the documents as the reviewer left them, one after the other. */
export async function runImportDialog(documents: readonly ScanDocument<ImportEntry>[]): Promise<void> {
  const draft = store.get().importDraft
  if (!draft || importInFlight || documents.length === 0) return
  const source = draft.source
  const run = (async () => {
    store.set({
      importing: true,
      importProgress: { done: 0, total: documents.length, current: null, stopping: false },
    })
    dismissError()
    try {
      const { outcomes, notRun } = await runImports(documents, {
        importOne: source.kind === 'folder' ? importFromPick(api(), source.token) : importFromFiles(api()),
        onProgress: ({ done, total, current }) =>
          store.set((s) => ({
            importProgress: { done, total, current, stopping: s.importProgress?.stopping ?? false },
          })),
        shouldStop: () => store.get().importProgress?.stopping ?? false,
      })
      const { notice, error } = batchMessages(outcomes, notRun)
      const first = outcomes.find((o) => o.caseId !== null)?.caseId
      await refreshCases()
      if (first) selectCase(first)
      // After opening the first case: a case change clears the message area, and this summary must stay. One
      // message at a time: with failures or duplicates, the summary heads the error.
      if (error) showError(`${notice}\n${error}`)
      else showNotice(notice)
    } catch (err) {
      showError(`Import failed: ${errorText(err)}`)
    } finally {
      store.set({ importing: false, importProgress: null, importDraft: null })
    }
  })()
  importInFlight = run
  try {
    await run
  } finally {
    importInFlight = null
  }
}

/** One document: the first file is the front, the optional second the back. */
async function runImport(files: readonly File[]): Promise<void> {
  const plan = planImport(files.map((f) => ({ name: f.name, size: f.size })))
  if (!plan.ok) {
    showError(plan.message)
    return
  }
  store.set({ importing: true })
  dismissError()
  showNotice(`Importing ${files.map((f) => f.name).join(' and ')}…`)
  try {
    const payload = await Promise.all(files.map(readFile))
    const result = await api().importScans(payload)
    const refused = new Set(result.errors.map((e) => e.file))
    const summary = result.case
    if (summary) {
      const accepted = payload.map((f) => f.name).filter((n) => !refused.has(n))
      showNotice(`Imported ${accepted.length ? accepted.join(' and ') : summary.name}`)
      store.set((s) => ({
        cases: s.cases.some((c) => c.id === summary.id) ? s.cases : [...s.cases, summary],
      }))
      selectCase(summary.id)
      void refreshCases()
      // Imported anyway: the reviewer decides, and must not miss it.
      const duplicates = duplicateLines(summary.name, result.duplicates)
      if (duplicates.length) showError(duplicates.join('\n'))
    } else {
      dismissNotice()
    }
    if (result.errors.length) {
      const lines = result.errors.map((e) =>
        e.message.includes(e.file) ? e.message : `${e.file}: ${e.message}`,
      )
      showError(`${result.case ? 'Part of the import was refused' : 'Import refused'} — ${lines.join('; ')}`)
    }
  } catch (err) {
    dismissNotice()
    showError(`Import failed: ${errorText(err)}`)
  } finally {
    store.set({ importing: false })
  }
}

/**
 * Try sample documents (the empty queue): the synthetic specimens shipped with the app, imported by the main process
 * through the normal import path, so they are cases like any other. The first one opens, as after an import.
 */
export async function importSampleDocuments(): Promise<void> {
  await exclusiveImport(async () => {
    store.set({ importing: true })
    dismissError()
    showNotice('Importing the sample documents…')
    try {
      const result = await api().importSamples()
      await refreshCases()
      const made = result.cases ?? (result.case ? [result.case] : [])
      const first = result.case?.id ?? made[0]?.id ?? null
      if (first) selectCase(first)
      const count = made.length
      const problems = result.errors.map((e) =>
        e.message.includes(e.file) ? e.message : `${e.file}: ${e.message}`,
      )
      // After opening the first case: a case change clears the message area, and this summary must stay.
      if (count === 0) {
        showError(
          `Could not import the sample documents${problems.length ? ` — ${problems.join('; ')}` : ': none was imported'}`,
        )
      } else if (problems.length) {
        showError(
          `Imported ${count} sample document${count === 1 ? '' : 's'}; some were refused — ${problems.join('; ')}`,
        )
      } else {
        // With ARGOS the reviewer chooses the country first (the samples' names give only the type).
        const next =
          store.get().engine?.effective === 'local'
            ? 'Press Recognize to read the one open'
            : 'Choose the issuing country of the one open, then press Recognize'
        showNotice(
          `Imported ${count} sample document${count === 1 ? '' : 's'} (synthetic specimens, no real person). ${next}`,
        )
      }
    } catch (err) {
      dismissNotice()
      showError(`Could not import the sample documents: ${errorText(err)}`)
    } finally {
      store.set({ importing: false })
    }
  })
}
