// The cases the reviewer has checked in the case list (for an export of just those). Not the selection: the case
// open for review is selectedCaseId in the app store; a check box is an explicit choice. Checked ids that leave the
// list (a case deleted or quarantined) are dropped as soon as the list no longer has them. Ids hidden by the filter
// stay checked: the list and the export dialog say how many are hidden.
import type { CaseSummary } from '../../../shared/model'
import { store } from './appState'
import { createStore, useStore } from './store'

export type CheckedState = {
  ids: ReadonlySet<string>
  /** The last row checked or unchecked by hand: Shift+click extends from it. */
  anchor: string | null
}

const EMPTY: ReadonlySet<string> = new Set()

export const checkedStore = createStore<CheckedState>({ ids: EMPTY, anchor: null })

export function useChecked<T>(selector: (s: CheckedState) => T): T {
  return useStore(checkedStore, selector)
}

export function checkedIds(): ReadonlySet<string> {
  return checkedStore.get().ids
}

/** Checks or unchecks `ids`; returns the same set when nothing changes (so nothing re-renders). */
export function withChecked(
  current: ReadonlySet<string>,
  ids: readonly string[],
  on: boolean,
): ReadonlySet<string> {
  if (ids.every((id) => current.has(id) === on)) return current
  const next = new Set(current)
  for (const id of ids) {
    if (on) next.add(id)
    else next.delete(id)
  }
  return next.size ? next : EMPTY
}

/**
 * The ids a Shift+click on `id` sets: the rows from the anchor to it in the order shown, both included; just `id`
 * when there is no anchor or the anchor is not shown.
 */
export function rangeIds(
  shown: readonly Pick<CaseSummary, 'id'>[],
  anchor: string | null,
  id: string,
): string[] {
  const to = shown.findIndex((c) => c.id === id)
  const from = anchor === null ? -1 : shown.findIndex((c) => c.id === anchor)
  if (to < 0 || from < 0) return [id]
  const [a, b] = from <= to ? [from, to] : [to, from]
  return shown.slice(a, b + 1).map((c) => c.id)
}

/** A row's check box: checks or unchecks it, or with `extend` the range from the last row clicked. */
export function setChecked(
  id: string,
  on: boolean,
  shown: readonly Pick<CaseSummary, 'id'>[],
  extend = false,
): void {
  checkedStore.set((s) => ({
    ids: withChecked(s.ids, extend ? rangeIds(shown, s.anchor, id) : [id], on),
    anchor: id,
  }))
}

/** "Select all shown": checks every case shown, or unchecks them all when every one already is. */
export function toggleAllShown(shown: readonly Pick<CaseSummary, 'id'>[]): void {
  const ids = shown.map((c) => c.id)
  checkedStore.set((s) => ({ ids: withChecked(s.ids, ids, !ids.every((id) => s.ids.has(id))) }))
}

export function clearChecked(): void {
  checkedStore.set({ ids: EMPTY, anchor: null })
}

/** How many of the shown cases are checked: none, some or all (the header box's three states). */
export function shownState(
  shown: readonly Pick<CaseSummary, 'id'>[],
  checked: ReadonlySet<string>,
): 'none' | 'some' | 'all' {
  if (checked.size === 0 || shown.length === 0) return 'none'
  let n = 0
  for (const c of shown) if (checked.has(c.id)) n++
  return n === 0 ? 'none' : n === shown.length ? 'all' : 'some'
}

/** The checked ids still in `cases` (the same set when all are). */
export function pruned(
  checked: ReadonlySet<string>,
  cases: readonly Pick<CaseSummary, 'id'>[],
): ReadonlySet<string> {
  if (checked.size === 0) return checked
  const listed = new Set(cases.map((c) => c.id))
  const gone = [...checked].filter((id) => !listed.has(id))
  return gone.length ? withChecked(checked, gone, false) : checked
}

// Cases that leave the list leave the checked set. Before the first listing nothing is pruned (the list is empty).
let prunedFor: readonly CaseSummary[] | null = null
store.subscribe(() => {
  const { cases, casesLoaded } = store.get()
  if (!casesLoaded || cases === prunedFor) return
  prunedFor = cases
  checkedStore.set((s) => {
    const ids = pruned(s.ids, cases)
    return ids === s.ids ? {} : { ids, anchor: s.anchor !== null && ids.has(s.anchor) ? s.anchor : null }
  })
})
