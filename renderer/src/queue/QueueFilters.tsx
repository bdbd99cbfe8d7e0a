// Above the case list: search and status filter (QueueFilters), and the sort (QueueSort, in the pane's head). The state lives in state/queueView.ts.
import { useMemo, type KeyboardEvent } from 'react'
import { QUEUE_STATUSES } from '../../../shared/model'
import { selectCase } from '../state/actions'
import { useApp } from '../state/appState'
import {
  CASE_SEARCH_ID,
  setQuery,
  setSort,
  showAllStatuses,
  toggleFailedChecks,
  toggleStatus,
  useQueueView,
  visibleCases,
} from '../state/queueView'
import {
  failedChecksCount,
  isFiltered,
  SORT_LABELS,
  SORT_ORDERS,
  statusCounts,
  type SortOrder,
} from './listView'
import { STATUS_FILTER_LABEL } from './statusLabels'

const number = new Intl.NumberFormat('en-US')

/** "5,000". */
export function formatCount(n: number): string {
  return number.format(n)
}

function isSortOrder(v: string): v is SortOrder {
  return (SORT_ORDERS as readonly string[]).includes(v)
}

/** Esc clears the search (a second Esc leaves the box); Enter opens the first case shown. */
function onSearchKey(e: KeyboardEvent<HTMLInputElement>): void {
  if (e.key === 'Escape') {
    // Handled here only: the window's Esc (deselect field) must not run as well.
    e.preventDefault()
    if (e.currentTarget.value !== '') setQuery('')
    else e.currentTarget.blur()
  } else if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
    const first = visibleCases()[0]
    if (first) {
      e.preventDefault()
      selectCase(first.id)
    }
  }
}

export function QueueFilters({ shown }: { shown: number }) {
  const cases = useApp((s) => s.cases)
  const view = useQueueView((v) => v)
  const counts = useMemo(() => statusCounts(cases), [cases])
  const failing = useMemo(() => failedChecksCount(cases), [cases])
  const filtered = isFiltered(view)
  // Statuses with cases, plus any still chosen (so it can be switched off even when its cases are gone).
  const statuses = QUEUE_STATUSES.filter((s) => counts[s] > 0 || view.statuses?.has(s))

  return (
    <div className="queue-filters">
      <div className="queue-search">
        <input
          id={CASE_SEARCH_ID}
          className="queue-search-input"
          type="search"
          aria-label="Search cases"
          placeholder="Search name, file or document no."
          autoComplete="off"
          spellCheck={false}
          value={view.query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
        />
        {view.query !== '' && (
          <button
            type="button"
            className="queue-search-clear"
            aria-label="Clear search"
            title="Clear search (Esc)"
            onClick={() => setQuery('')}
          >
            ×
          </button>
        )}
      </div>
      <div className="queue-chips" role="group" aria-label="Filter by status">
        <button
          type="button"
          className="queue-filter"
          aria-pressed={view.statuses === null}
          onClick={showAllStatuses}
        >
          All <span className="queue-filter-count">{formatCount(cases.length)}</span>
        </button>
        {statuses.map((s) => (
          <button
            key={s}
            type="button"
            className={`queue-filter qs-${s}`}
            aria-pressed={view.statuses?.has(s) ?? false}
            onClick={() => toggleStatus(s)}
          >
            {STATUS_FILTER_LABEL[s]} <span className="queue-filter-count">{formatCount(counts[s])}</span>
          </button>
        ))}
        {(failing > 0 || view.failedChecks) && (
          <button
            type="button"
            className="queue-filter qf-checks"
            aria-pressed={view.failedChecks}
            title="Only the cases where a document check fails (with the status filter and the search)"
            onClick={toggleFailedChecks}
          >
            Failed checks <span className="queue-filter-count">{formatCount(failing)}</span>
          </button>
        )}
      </div>
      <p className="queue-showing" aria-live="polite">
        {filtered ? `Showing ${formatCount(shown)} of ${formatCount(cases.length)}` : ''}
      </p>
    </div>
  )
}

/** The order of the list (in the pane's head, beside the case count). */
export function QueueSort() {
  const sort = useQueueView((v) => v.sort)
  return (
    <select
      className="queue-sort"
      aria-label="Sort cases"
      title="Sort cases"
      value={sort}
      onChange={(e) => {
        if (isSortOrder(e.target.value)) setSort(e.target.value)
      }}
    >
      {SORT_ORDERS.map((o) => (
        <option key={o} value={o}>
          {SORT_LABELS[o]}
        </option>
      ))}
    </select>
  )
}
