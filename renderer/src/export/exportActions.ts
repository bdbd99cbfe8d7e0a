// Export CSV / Export JSON: which cases (the checked ones, else the list as shown), the options (remembered for
// the session), and the call to the main process, which asks about undecided cases, chooses the file and writes it.
import { DEFAULT_CSV_OPTIONS, type CsvOptions } from '../../../shared/export-options'
import type { ExportRequest, ExportResult } from '../../../shared/ipc'
import type { CaseSummary, QueueStatus } from '../../../shared/model'
import { api, errorText } from '../api'
import { isFiltered, type ListFilter } from '../queue/listView'
import { STATUS_FILTER_LABEL } from '../queue/statusLabels'
import { dismissError, showError, showNotice, store } from '../state/appState'
import { checkedIds } from '../state/checked'
import { queueViewStore, visibleCases } from '../state/queueView'
import { createStore, useStore } from '../state/store'

export type ExportFormat = 'csv' | 'json'

export type ExportDialogState = {
  /** The dialog shown, or null. */
  open: ExportFormat | null
  /** The last choices, kept for the session (both formats share "decided only"). */
  decidedOnly: boolean
  csv: CsvOptions
}

export const exportStore = createStore<ExportDialogState>({
  open: null,
  decidedOnly: false,
  csv: { ...DEFAULT_CSV_OPTIONS },
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

/** The notice after a saved export: "Exported 40 cases to recto-export-20260131-0930.csv". */
export function exportedNotice(result: Extract<ExportResult, { status: 'saved' }>): string {
  const file = result.path.split(/[\\/]/).pop() || result.path
  return `Exported ${number.format(result.rows)} ${plural(result.rows, 'case', 'cases')} to ${file}`
}

// ---------- actions ----------

/** Opens the dialog (the toolbar buttons, Ctrl+E, Ctrl+Shift+E). */
export function openExport(format: ExportFormat): void {
  const s = store.get()
  if (s.exporting) return
  if (!s.cases.length) {
    showError('Nothing to export: import and recognize a scan first')
    return
  }
  if (!currentScope().cases.length) {
    showError('No case in the list to export: clear the filter or the search first')
    return
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
      exportStore.set({ open: null })
      showNotice(exportedNotice(result))
    } else {
      showNotice('Export canceled: nothing was written')
    }
  } catch (err) {
    showError(`Export failed: ${errorText(err)}`)
  } finally {
    store.set({ exporting: false })
  }
}
