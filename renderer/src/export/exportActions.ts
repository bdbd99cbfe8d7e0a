// Export CSV / Export JSON: which cases (the checked ones, else the list as shown), the options (remembered in the
// main process's settings: the dialog starts from the last choices, first time decided only and ISO dates), and the
// call to the main process, which asks about undecided cases, chooses the file and writes it. After a save the
// notice names the folder and offers Show in folder.
import { DEFAULT_EXPORT_SETTINGS, type CsvOptions, type ExportSettings } from '../../../shared/export-options'
import type { ExportRequest, ExportResult } from '../../../shared/ipc'
import type { CaseSummary, QueueStatus } from '../../../shared/model'
import { api, errorText } from '../api'
import { isFiltered, type ListFilter } from '../queue/listView'
import { STATUS_FILTER_LABEL } from '../queue/statusLabels'
import { dismissError, showError, showNotice, store } from '../state/appState'
import { checkedIds } from '../state/checked'
import { queueViewStore, visibleCases } from '../queue/queueView'
import { createStore, useStore } from '../state/store'
import { runCommand } from '../commands'

export type ExportFormat = 'csv' | 'json'

export type ExportDialogState = {
  /** The dialog shown, or null. */
  open: ExportFormat | null
  /** The choices shown (both formats share "decided only"); loaded from settings when the dialog opens. */
  decidedOnly: boolean
  csv: CsvOptions
  /** The last file this window exported (what Show in folder shows), or null. */
  lastPath: string | null
}

export const exportStore = createStore<ExportDialogState>({
  open: null,
  decidedOnly: DEFAULT_EXPORT_SETTINGS.decidedOnly,
  csv: { ...DEFAULT_EXPORT_SETTINGS.csv },
  lastPath: null,
})

export function useExport<T>(selector: (s: ExportDialogState) => T): T {
  return useStore(exportStore, selector)
}

// ---------- scope (pure) ----------

const DECIDED: ReadonlySet<QueueStatus> = new Set(['approved', 'rejected', 'second_review'])

/** Decided: a reviewer recorded a decision (the queue shows it as approved, rejected or second review). */
export function isDecidedSummary(c: Pick<CaseSummary, 'queueStatus'>): boolean {
  return DECIDED.has(c.queueStatus)
}

export type ExportScope = {
  kind: 'checked' | 'list'
  /** The cases, in the order the list shows them (checked cases the filter hides come last). */
  cases: CaseSummary[]
  decided: number
  /** "The 3 checked cases", "All 40 cases in the list (filter: Approved)". */
  label: string
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many)
const number = new Intl.NumberFormat('en-US')

/** "filter: Approved, Rejected; search: "rossi"" — what narrows the list, or '' when nothing does. */
export function filterWords(view: ListFilter): string {
  const parts: string[] = []
  if (view.todo) parts.push('To do')
  if (view.statuses !== null) {
    const names = [...view.statuses].map((s) => STATUS_FILTER_LABEL[s])
    parts.push(`filter: ${names.length ? names.join(', ') : 'none'}`)
  }
  if (view.failedChecks) parts.push('failed checks only')
  const query = view.query.trim()
  if (query) parts.push(`search: “${query}”`)
  return parts.join('; ')
}

/**
 * What an export takes: the checked cases when any are checked (the case open for review is not a choice), else
 * every case the list shows with its filter and search.
 */
export function exportScope(
  all: readonly CaseSummary[],
  shown: readonly CaseSummary[],
  checked: ReadonlySet<string>,
  view: ListFilter,
): ExportScope {
  if (checked.size > 0) {
    const inView = shown.filter((c) => checked.has(c.id))
    const seen = new Set(inView.map((c) => c.id))
    const hidden = all.filter((c) => checked.has(c.id) && !seen.has(c.id))
    const cases = [...inView, ...hidden]
    const n = cases.length
    const hiddenNote = hidden.length ? ` (${number.format(hidden.length)} hidden by the filter)` : ''
    return {
      kind: 'checked',
      cases,
      decided: cases.filter(isDecidedSummary).length,
      label: `${plural(n, 'The checked case', `The ${number.format(n)} checked cases`)}${hiddenNote}`,
    }
  }
  const cases = [...shown]
  const n = cases.length
  const words = isFiltered(view) ? ` (${filterWords(view)})` : ''
  return {
    kind: 'list',
    cases,
    decided: cases.filter(isDecidedSummary).length,
    label: `${plural(n, 'The 1 case in the list', `All ${number.format(n)} cases in the list`)}${words}`,
  }
}

/** The scope right now (the app's cases, the list view, the checked set). */
export function currentScope(): ExportScope {
  return exportScope(store.get().cases, visibleCases(), checkedIds(), queueViewStore.get())
}

/** The file name and folder of a path (either separator: the main process may run on Windows). */
export function splitPath(path: string): { folder: string; file: string } {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
  if (cut < 0) return { folder: '', file: path }
  return { folder: cut === 0 ? path.slice(0, 1) : path.slice(0, cut), file: path.slice(cut + 1) || path }
}

/** The notice after a saved export: "Exported 40 cases to recto-export-20260131-0930.csv in /home/ann/Documents". */
export function exportedNotice(result: Extract<ExportResult, { status: 'saved' }>): string {
  const { folder, file } = splitPath(result.path)
  const where = folder ? ` in ${folder}` : ''
  return `Exported ${number.format(result.rows)} ${plural(result.rows, 'case', 'cases')} to ${file}${where}`
}

/** The remembered choices, as the dialog shows them (a CSV export also saves its CSV options). */
export function rememberedChoices(format: ExportFormat, s: ExportDialogState): Partial<ExportSettings> {
  return format === 'csv' ? { decidedOnly: s.decidedOnly, csv: { ...s.csv } } : { decidedOnly: s.decidedOnly }
}

// ---------- actions ----------

let opening = false

/** The remembered choices from the main process's settings (the defaults when they cannot be read). */
async function loadChoices(): Promise<void> {
  try {
    const { export: saved } = await api().getSettings()
    exportStore.set({ decidedOnly: saved.decidedOnly, csv: { ...saved.csv } })
  } catch {
    // The dialog still opens, with the choices it had; nothing is lost but the memory of the last export.
  }
}

/** Opens the dialog (the toolbar buttons, Ctrl+E, Ctrl+Shift+E), starting from the remembered choices. */
export async function openExport(format: ExportFormat): Promise<void> {
  const s = store.get()
  if (s.exporting || opening || exportStore.get().open) return
  if (!s.cases.length) {
    showError('Nothing to export: import and recognize a scan first')
    return
  }
  if (!currentScope().cases.length) {
    showError('No case in the list to export: clear the filter or the search first')
    return
  }
  opening = true
  try {
    await loadChoices()
  } finally {
    opening = false
  }
  exportStore.set({ open: format })
}

export function closeExport(): void {
  if (store.get().exporting) return
  exportStore.set({ open: null })
}

export function setDecidedOnly(decidedOnly: boolean): void {
  exportStore.set({ decidedOnly })
}

export function setCsvOption<K extends keyof CsvOptions>(key: K, value: CsvOptions[K]): void {
  exportStore.set((s) => ({ csv: { ...s.csv, [key]: value } }))
}

/**
 * Runs the export shown in the dialog. The main process may ask about undecided cases and shows the save dialog;
 * a "no" or a cancel there keeps this dialog open (with a notice), a saved file closes it.
 */
export async function runExport(): Promise<void> {
  const { open, decidedOnly, csv } = exportStore.get()
  if (!open || store.get().exporting) return
  const scope = currentScope()
  if (!scope.cases.length) return
  const request: ExportRequest = { caseIds: scope.cases.map((c) => c.id), decidedOnly }
  store.set({ exporting: true })
  dismissError()
  try {
    const result = open === 'csv' ? await api().exportCsv(request, csv) : await api().exportJson(request)
    if (result.status === 'saved') {
      exportStore.set({ open: null, lastPath: result.path })
      const remembered = await api()
        .updateSettings({ export: rememberedChoices(open, exportStore.get()) })
        .then(() => true)
        .catch(() => false)
      showNotice(exportedNotice(result) + (remembered ? '' : ' (these choices could not be remembered)'), {
        action: { label: 'Show in folder', run: () => runCommand('showExportFolder') },
      })
    } else {
      showNotice('Export canceled: nothing was written')
    }
  } catch (err) {
    showError(`Export failed: ${errorText(err)}`)
  } finally {
    store.set({ exporting: false })
  }
}

/** Show in folder: the last exported file, selected in the OS file manager (the main process checks the path). */
export async function revealLastExport(): Promise<void> {
  const path = exportStore.get().lastPath
  if (!path) {
    showNotice('Nothing exported yet in this window')
    return
  }
  try {
    await api().revealExport(path)
  } catch (err) {
    showError(`Could not show the file: ${errorText(err)}`)
  }
}

/** Export CSV: opens the export dialog (ExportDialog.tsx), which runs the export. */
export function exportCsv(): void {
  void openExport('csv')
}
