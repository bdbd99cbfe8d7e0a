// Everything the UI does that involves the main process. Every call is caught and reported: the UI never
// sees a rejected promise.
import type { ImportFile } from '../../../shared/ipc'
import { prefetchPreview } from '../canvas/previewPrefetch'
import type { Case, Quad, SettingsView, Side } from '../../../shared/model'
import { api, errorText } from '../api'
import { planImport } from '../queue/importPlan'
import { isIdType } from '../toolbar/idTypes'
import { dismissError, dismissNotice, showError, showNotice, store } from './appState'
import { applyCase, loadCase, refreshCases } from './cases'
import { openExport } from '../export/exportActions'

export { applyCase, loadCase, refreshCases }

export function selectCase(id: string | null): void {
  const s = store.get()
  if (s.selectedCaseId === id) return
  store.set({ selectedCaseId: id, current: null, selectedFieldKey: null, side: 'front' })
  if (id !== null) {
    prefetchPreview(id, 'front')
    void loadCase(id)
  }
}

/** Keeps what the review screen needs of the settings (attention threshold, four-eyes, reviewer name). */
export function applySettingsView(v: SettingsView): void {
  store.set({ review: v.review, reviewerName: v.reviewerName })
}

export async function loadSettings(): Promise<void> {
  try {
    applySettingsView(await api().getSettings())
  } catch (err) {
    showError(`Could not load settings: ${errorText(err)}`)
  }
}

export function selectField(key: string | null): void {
  store.set((s) => {
    if (key === null) return { selectedFieldKey: null }
    const field = s.current?.fields.find((f) => f.key === key)
    return field ? { selectedFieldKey: key, side: field.side } : {}
  })
}

export function setSide(side: Side): void {
  store.set((s) => {
    const selected = s.current?.fields.find((f) => f.key === s.selectedFieldKey)
    return { side, selectedFieldKey: selected && selected.side !== side ? null : s.selectedFieldKey }
  })
}

export function setCountry(country: string): void {
  store.set({ country })
}

export function setIdType(value: string): void {
  store.set({ idType: isIdType(value) ? value : '' })
}

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

/** First file is the front, the optional second the back. */
export async function importFiles(files: readonly File[]): Promise<void> {
  if (importInFlight) {
    showError('An import is already running: wait for it to finish')
    return
  }
  const run = runImport(files)
  importInFlight = run
  try {
    await run
  } finally {
    importInFlight = null
  }
}

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

/** Export CSV: opens the export dialog (export/ExportDialog.tsx), which runs the export. */
export function exportCsv(): void {
  openExport('csv')
}

/** Saves one value; resolves with the saved case, rejects with a reviewer-readable error. */
export async function saveFieldValue(caseId: string, key: string, value: string): Promise<Case> {
  const c = await api().updateFieldValue(caseId, key, value)
  applyCase(c)
  return c
}

export async function saveFieldQuad(caseId: string, key: string, quad: Quad): Promise<Case> {
  const c = await api().updateFieldQuad(caseId, key, quad)
  applyCase(c)
  return c
}

export function openSettings(): void {
  store.set({ settingsOpen: true })
}

export function closeSettings(): void {
  store.set({ settingsOpen: false })
}
