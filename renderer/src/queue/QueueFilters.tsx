// Above the case list: search, the To do / All views and the status filter (QueueFilters), and the sort (QueueSort, in the pane's head). The state lives in queueView.ts.
import { useId, useMemo, useState, type KeyboardEvent } from 'react'
import { QUEUE_STATUSES, type QueueStatus } from '../../../shared/model'
import { selectCase } from '../state/actions'
import { useApp } from '../state/appState'
import {
  CASE_SEARCH_ID,
  setQuery,
  setSort,
  showAllStatuses,
  showTodo,
  toggleFailedChecks,
  toggleStatus,
  useQueueView,
  visibleCases,
} from './queueView'
import {
  failedChecksCount,
  isFiltered,
  SORT_LABELS,
  SORT_ORDERS,
  statusCounts,
  todoCount,
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

/** The status button's text: "Status", the one status chosen, or how many. */
function statusButtonText(chosen: ReadonlySet<QueueStatus> | null): string {
  if (chosen === null) return 'Status'
  const [only] = [...chosen]
  if (chosen.size === 1 && only) return STATUS_FILTER_LABEL[only]
  return `${chosen.size} statuses`
}

const TODO_TIP =
  'To do: recognized cases not decided yet, and cases sent for second review (undecided for a second reviewer), oldest first'

/**
 * One line of view choices, short enough for the narrowest case pane (1280 px windows): To do, All, Status ▾ (a
 * disclosure with one toggle per status, several may be on) and Failed checks. Plain buttons: Tab reaches them.
 */
export function QueueFilters({ shown }: { shown: number }) {
  const cases = useApp((s) => s.cases)
  const view = useQueueView((v) => v)
  const counts = useMemo(() => statusCounts(cases), [cases])
  const failing = useMemo(() => failedChecksCount(cases), [cases])
  const todo = useMemo(() => todoCount(cases), [cases])
  const [statusOpen, setStatusOpen] = useState(false)
  const panelId = useId()
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
          placeholder="Search name, title, file or doc. no."
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
          className="queue-filter qf-todo"
          aria-pressed={view.todo}
          title={TODO_TIP}
          onClick={showTodo}
        >
          To do <span className="queue-filter-count">{formatCount(todo)}</span>
        </button>
        <button
          type="button"
          className="queue-filter"
          aria-pressed={view.statuses === null && !view.todo}
          title="Every case"
          onClick={showAllStatuses}
        >
          All <span className="queue-filter-count">{formatCount(cases.length)}</span>
        </button>
        <button
          type="button"
          className="queue-filter qf-status"
          aria-expanded={statusOpen}
          aria-controls={panelId}
          data-chosen={view.statuses !== null ? 'true' : undefined}
          aria-label={view.statuses === null ? 'Status' : `Status: ${statusButtonText(view.statuses)}`}
          title="Filter by status (several may be chosen)"
          onClick={() => setStatusOpen((o) => !o)}
        >
          {statusButtonText(view.statuses)}
          <span className="queue-filter-caret" aria-hidden="true">
            {statusOpen ? '▴' : '▾'}
          </span>
        </button>
        {(failing > 0 || view.failedChecks) && (
          <button
            type="button"
            className="queue-filter qf-checks"
            aria-pressed={view.failedChecks}
            aria-label={`Failed checks ${formatCount(failing)}`}
            title="Only the cases where a document check fails (with the other filters and the search)"
            onClick={toggleFailedChecks}
          >
            <span aria-hidden="true">✕</span>{' '}
            <span className="queue-filter-count">{formatCount(failing)}</span>
          </button>
        )}
        {statusOpen && (
          <div className="queue-status-panel" id={panelId}>
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
          </div>
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
