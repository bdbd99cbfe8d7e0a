// How the case queue is filtered, searched and sorted, and the cases it therefore shows, in order. J / K and
// anything else that walks "the list" should use visibleCases(), not the store's `cases` (which is every case,
// oldest first, as the main process lists them).
import type { CaseSummary, QueueStatus } from '../../../shared/model'
import { filterCases, isFiltered, sortCases, type ListView, type SortOrder } from './listView'
import { store, useApp } from '../state/appState'
import { createStore, useStore } from '../state/store'

export type QueueView = ListView

export const initialQueueView: QueueView = {
  statuses: null,
  query: '',
  sort: 'created_asc',
  failedChecks: false,
  todo: false,
}

export const queueViewStore = createStore<QueueView>(initialQueueView)

export function useQueueView<T>(selector: (v: QueueView) => T): T {
  return useStore(queueViewStore, selector)
}

export function setQuery(query: string): void {
  queueViewStore.set({ query })
}

export function setSort(sort: SortOrder): void {
  queueViewStore.set({ sort })
}

/** Shows every status again (the "All" button; it also leaves the To do view). */
export function showAllStatuses(): void {
  queueViewStore.set({ statuses: null, todo: false })
}

/** The To do view: the cases waiting for a decision, oldest first (the order the advance after a decision follows). */
export function showTodo(): void {
  queueViewStore.set({ statuses: null, todo: true, sort: 'created_asc' })
}

/** Adds a status to the filter or takes it out (leaving the To do view); taking out the last one shows all again. */
export function toggleStatus(status: QueueStatus): void {
  queueViewStore.set((v) => {
    const next = new Set(v.statuses ?? [])
    if (next.has(status)) next.delete(status)
    else next.add(status)
    return { statuses: next.size === 0 ? null : next, todo: false }
  })
}

/** Shows only the cases with a failing check, or every case again. */
export function toggleFailedChecks(): void {
  queueViewStore.set((v) => ({ failedChecks: !v.failedChecks }))
}

/** Clears the search, the status filter, the To do view and the failed-checks filter (the sort stays). */
export function clearFilters(): void {
  queueViewStore.set({ statuses: null, query: '', failedChecks: false, todo: false })
}

// ---------- the visible list ----------

// Sorting is cached per (cases, sort) and filtering runs on the sorted list (it keeps the order), so typing in the
// search only filters; a refresh that keeps the same `cases` array recomputes nothing.
let sortedFor: { cases: readonly CaseSummary[]; sort: SortOrder; out: CaseSummary[] } | null = null
let visibleFor: {
  sorted: readonly CaseSummary[]
  statuses: QueueView['statuses']
  query: string
  failedChecks: boolean
  todo: boolean
  out: CaseSummary[]
} | null = null

/** The cases the queue shows for `cases` and `view`, in order. The same array while neither changed. */
export function selectVisibleCases(cases: readonly CaseSummary[], view: QueueView): CaseSummary[] {
  if (!sortedFor || sortedFor.cases !== cases || sortedFor.sort !== view.sort) {
    sortedFor = { cases, sort: view.sort, out: sortCases(cases, view.sort) }
  }
  const sorted = sortedFor.out
  if (
    !visibleFor ||
    visibleFor.sorted !== sorted ||
    visibleFor.statuses !== view.statuses ||
    visibleFor.query !== view.query ||
    visibleFor.failedChecks !== view.failedChecks ||
    visibleFor.todo !== view.todo
  ) {
    visibleFor = {
      sorted,
      statuses: view.statuses,
      query: view.query,
      failedChecks: view.failedChecks,
      todo: view.todo,
      out: isFiltered(view)
        ? filterCases(sorted, view.statuses, view.query, view.failedChecks, view.todo)
        : sorted,
    }
  }
  return visibleFor.out
}

/** The cases the queue shows now, in its order (for J / K and other commands). */
export function visibleCases(): CaseSummary[] {
  return selectVisibleCases(store.get().cases, queueViewStore.get())
}

/** The same, for components (re-renders when the list or the view changes). */
export function useVisibleCases(): CaseSummary[] {
  const cases = useApp((s) => s.cases)
  const view = useQueueView((v) => v)
  return selectVisibleCases(cases, view)
}

/**
 * The id of the case `step` places after the selected one in the visible order (J: 1, K: -1), staying at the ends;
 * the first visible case when the selected one is hidden or none is selected; null when there is nowhere to go.
 */
export function adjacentVisibleCaseId(step: 1 | -1): string | null {
  const cases = visibleCases()
  if (cases.length === 0) return null
  const selectedId = store.get().selectedCaseId
  const at = cases.findIndex((c) => c.id === selectedId)
  const next = at < 0 ? cases[0] : cases[Math.min(cases.length - 1, Math.max(0, at + step))]
  return next && next.id !== selectedId ? next.id : null
}

// ---------- focus ----------

/** The id of the queue's search input. */
export const CASE_SEARCH_ID = 'case-search'

/** Puts the caret in the queue's search box and selects what is typed there ("/"). False when it is not shown. */
export function focusCaseSearch(): boolean {
  const el = document.getElementById(CASE_SEARCH_ID)
  if (!(el instanceof HTMLInputElement)) return false
  el.focus()
  el.select()
  return true
}
