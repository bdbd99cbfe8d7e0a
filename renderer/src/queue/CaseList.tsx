import { CaseParamsSelects } from '../recognition/CaseParamsSelects'
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useId, useRef, useState, type ChangeEvent } from 'react'
import { caseImagePath } from '../../../shared/image-url'
import type { CaseSummary } from '../../../shared/model'
import { selectCase } from '../state/actions'
import { importSampleDocuments } from './importActions'
import { useApp } from '../state/appState'
import { clearChecked, setChecked, shownState, toggleAllShown, useChecked } from '../state/checked'
import { clearFilters, useQueueView, useVisibleCases } from './queueView'
import { scoreTone } from '../fields/fieldState'
import { ID_TYPE_LABELS } from '../state/idTypes'
import { failedChecksTitle, isFiltered } from './listView'
import { useWindowTitle } from './windowTitle'
import { formatCount, QueueFilters, QueueSort } from './QueueFilters'
import { READING, STATUS_CHIP } from './statusLabels'
import '../checks/checks.css'
import './queue.css'
import { useWorkspace } from '../workspace/workspaceStore'
import { claimChipText } from '../workspace/workspaceText'
import '../workspace/workspace.css'

/** Every row is this tall (px, the gap below it included): the virtualiser places rows without measuring them. */
const ROW_HEIGHT = 84
/** Space above the first and below the last row. */
const LIST_PAD = 6
/** Rows rendered beyond each edge of the visible ones (keeps fast scrolling from showing blank space). */
const OVERSCAN = 8

/**
 * The empty queue: how to start, and the one-press way to try Recto without scans of one's own (issue 15): the
 * synthetic sample documents shipped with the app.
 */
function QueueStart() {
  const busy = useApp((s) => s.importing || s.importDraft !== null)
  const helpId = useId()
  return (
    <div className="queue-empty queue-start">
      <p className="small">No cases yet. Import a scan to start.</p>
      <button
        type="button"
        className="btn primary"
        disabled={busy}
        aria-describedby={helpId}
        onClick={() => void importSampleDocuments()}
      >
        Try sample documents
      </button>
      <p id={helpId} className="muted small">
        A passport, an ID card, a driving licence and a scan turned sideways: synthetic specimens made by
        Recto's own generator, showing no real person.
      </p>
    </div>
  )
}

/** "14:05" for today's imports, "26 Nov" otherwise: enough to tell two scans of the same name apart. */
function when(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const today = new Date().toDateString() === d.toDateString()
  return today
    ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString([], { day: 'numeric', month: 'short' })
}

function fullDate(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime())
    ? ''
    : `Imported ${d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}`
}

/** The front's small JPEG; a neutral tile while it loads or when there is none. */
function Thumb({ caseId }: { caseId: string }) {
  const [broken, setBroken] = useState(false)
  return (
    <span className="queue-thumb" aria-hidden="true">
      {!broken && (
        <img
          src={caseImagePath(caseId, 'front', 'thumb')}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          onError={() => setBroken(true)}
        />
      )}
    </span>
  )
}

type ItemProps = {
  c: CaseSummary
  selected: boolean
  checked: boolean
  index: number
  setSize: number
  top: number
  /** A row's check box changed; `extend` when Shift was held (checks the range from the last row clicked). */
  onCheck(id: string, on: boolean, extend: boolean): void
}

/** Shift held on the click that changed a check box (React reports a check box's change from its click). */
function shiftHeld(e: ChangeEvent<HTMLInputElement>): boolean {
  const native = e.nativeEvent as Event & { shiftKey?: boolean }
  return native.shiftKey === true
}

/**
 * Memoised: a refresh keeps unchanged summaries (same objects) and, unless the order changed, the same positions,
 * so only the rows that changed re-render.
 */
export const CaseItem = memo(function CaseItem({
  c,
  selected,
  checked,
  index,
  setSize,
  top,
  onCheck,
}: ItemProps) {
  const id = useId()
  // A case being read by the local engine is not being sent anywhere. The summary does not say which engine runs
  // it; the one in use now is what a case started a moment ago runs on.
  const local = useApp((s) => s.engine?.effective === 'local')
  const status = c.queueStatus === 'sending' && local ? READING : STATUS_CHIP[c.queueStatus]
  // Hover text: the title, the name and the status (any may be cut off) and, for a failed or interrupted case, why.
  const why =
    (c.queueStatus === 'failed' || c.queueStatus === 'interrupted') && c.errorTitle ? `: ${c.errorTitle}` : ''
  const hover = [c.title, c.name, `${status}${why}`].filter(Boolean).join('\n')
  // Team workspace: who holds the case (issue 16); "Claimed by you" for the reviewer's own claim.
  const myLogin = useWorkspace((s) => s.view?.login ?? null)
  const claim = claimChipText(c.claimedBy, myLogin)
  // A title reads on two lines, the holder first and the document second ("ROSSI Giulia" / "ITA ID card
  // CA00000AA · exp. 2029-09-09"); it already names the country and type, so the file name takes their place.
  const [head = c.name, ...rest] = c.title ? c.title.split(' · ') : [c.name]
  const tail = rest.length ? rest.join(' · ') : null
  // Before recognition (no title yet) the row offers the case's own country and type to choose (what Recognize
  // sends), beside the case button: a select cannot sit inside a button.
  const params =
    c.title === null &&
    (c.queueStatus === 'new' || c.queueStatus === 'failed' || c.queueStatus === 'interrupted')
  const context = c.title
    ? `${c.name}${c.hasBack ? ' + back' : ''}`
    : params
      ? ''
      : [c.issuingCountry, c.idType ? ID_TYPE_LABELS[c.idType] : null, c.hasBack ? 'front + back' : null]
          .filter(Boolean)
          .join(' · ')
  return (
    <li
      className={`queue-item${selected ? ' selected' : ''}${checked ? ' checked' : ''}`}
      aria-current={selected ? 'true' : undefined}
      aria-setsize={setSize}
      aria-posinset={index + 1}
      data-claimed-by={c.claimedBy || undefined}
      style={{ transform: `translateY(${top}px)` }}
    >
      {/* Beside the case button, not in it: checking a case chooses it for an export, it does not open it. */}
      <input
        type="checkbox"
        className="queue-check"
        checked={checked}
        aria-label={c.title ? `Select ${c.name} (${c.title})` : `Select ${c.name}`}
        title="Select for export (Shift+click: a range)"
        onChange={(e) => onCheck(c.id, e.target.checked, shiftHeld(e))}
      />
      {/* Named by the title and the file name only (details as description), so no case button's name contains
          "Recognize" or other toolbar button names that tests look up by substring. */}
      <button
        type="button"
        className="queue-button"
        onClick={() => selectCase(c.id)}
        title={hover}
        aria-label={c.title ? `${c.title}, ${c.name}` : c.name}
        aria-describedby={`${id}-state ${id}-context${c.checksFailed > 0 ? ` ${id}-checks` : ''}${claim ? ` ${id}-claim` : ''}`}
      >
        <Thumb caseId={c.id} />
        <span className="queue-body">
          <span className="queue-line">
            <span className={`queue-name${c.title ? ' titled' : ''}`}>{head}</span>
          </span>
          {tail !== null && <span className="queue-title-rest">{tail}</span>}
          <span className="queue-line" id={`${id}-state`}>
            <span className={`queue-status qs-${c.queueStatus}`}>{status}</span>
            {c.lowestScore !== null && (
              <span className={`score-chip tone-${scoreTone(c.lowestScore)}`} title="Lowest field score">
                min {Math.round(c.lowestScore)}
              </span>
            )}
            {/* On this line, not the first: the holder's name gets the pane's whole width. */}
            <span className="queue-time" title={fullDate(c.createdAt)}>
              {when(c.createdAt)}
            </span>
          </span>
          <span className="queue-context-line">
            <span className={`queue-context${c.title ? ' file' : ''}`} id={`${id}-context`}>
              {context}
            </span>
            {c.checksFailed > 0 && (
              <span className="checks-chip" id={`${id}-checks`} title={failedChecksTitle(c.checksFailed)}>
                <span aria-hidden="true">✕ {c.checksFailed}</span>
                <span className="visually-hidden">{failedChecksTitle(c.checksFailed)}</span>
              </span>
            )}
            {claim && (
              <span
                className={`claim-chip${claim === 'Claimed by you' ? ' mine' : ''}`}
                id={`${id}-claim`}
                title={claim}
              >
                {claim}
              </span>
            )}
          </span>
        </span>
      </button>
      {params && (
        <div className="queue-params">
          <CaseParamsSelects summary={c} compact />
        </div>
      )}
    </li>
  )
})

/**
 * Above the list: "Select all shown" (checked when every case shown is, mixed when some are) and, once any case is
 * checked, how many with a Clear button. Checked cases the filter hides stay checked and are counted.
 */
function SelectionBar({ shown, checked }: { shown: CaseSummary[]; checked: ReadonlySet<string> }) {
  const state = shownState(shown, checked)
  const box = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (box.current) box.current.indeterminate = state === 'some'
  }, [state])
  let hidden = 0
  if (checked.size > 0) {
    let inView = 0
    for (const c of shown) if (checked.has(c.id)) inView++
    hidden = checked.size - inView
  }
  return (
    <div className="queue-select">
      <label className="queue-select-all" title="Check every case the list shows (for an export)">
        <input
          ref={box}
          type="checkbox"
          className="queue-check"
          checked={state === 'all'}
          disabled={shown.length === 0}
          aria-label="Select all shown"
          onChange={() => toggleAllShown(shown)}
        />
        <span aria-hidden="true">All shown</span>
      </label>
      {checked.size > 0 && (
        <p className="queue-selected">
          <span title={hidden ? `${formatCount(hidden)} of them hidden by the filter` : undefined}>
            {formatCount(checked.size)} selected{hidden ? ` (${formatCount(hidden)} hidden)` : ''}
          </span>
          <span className="queue-selected-dot" aria-hidden="true">
            ·
          </span>
          <button
            type="button"
            className="queue-selected-clear"
            aria-label="Clear selection"
            onClick={clearChecked}
          >
            Clear
          </button>
        </p>
      )}
    </div>
  )
}

export function CaseList() {
  useWindowTitle()
  const cases = useApp((s) => s.cases)
  const loaded = useApp((s) => s.casesLoaded)
  const selectedId = useApp((s) => s.selectedCaseId)
  const view = useQueueView((v) => v)
  const visible = useVisibleCases()
  const checked = useChecked((s) => s.ids)
  const scrollRef = useRef<HTMLDivElement>(null)
  // The rows call this; it reads the list as shown when called, so the rows need not re-render when it changes.
  const visibleRef = useRef(visible)
  useEffect(() => {
    visibleRef.current = visible
  }, [visible])
  const onCheck = useCallback(
    (id: string, on: boolean, extend: boolean) => setChecked(id, on, visibleRef.current, extend),
    [],
  )

  const getItemKey = useCallback((i: number) => visible[i]?.id ?? i, [visible])
  // No React Compiler in this build; only plain numbers from the virtualiser reach the memoised rows.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey,
    overscan: OVERSCAN,
    paddingStart: LIST_PAD,
    paddingEnd: LIST_PAD,
    scrollPaddingStart: LIST_PAD,
    scrollPaddingEnd: LIST_PAD,
    // Re-render on scroll without flushSync (React warns when scrollToIndex in an effect triggers one).
    useFlushSync: false,
  })

  // Keep the selected case in view when the selection (J / K, an import) or the filter/sort changes — but not on
  // every refresh, which would pull the list back while the reviewer scrolls. A case selected before it is listed
  // (just imported) is scrolled to once it appears.
  const selectedIndex = selectedId === null ? -1 : visible.findIndex((c) => c.id === selectedId)
  const pendingScroll = useRef<string | null>(null)
  useEffect(() => {
    pendingScroll.current = selectedId
  }, [selectedId, view])
  useEffect(() => {
    if (pendingScroll.current === null || pendingScroll.current !== selectedId || selectedIndex < 0) return
    pendingScroll.current = null
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedId, selectedIndex, view, virtualizer])

  const filtered = isFiltered(view)
  return (
    <nav className="pane case-pane" aria-label="Case queue">
      <div className="pane-head queue-head">
        <h2>Cases</h2>
        <span className="count-badge">{formatCount(cases.length)}</span>
        {cases.length > 0 && <QueueSort />}
      </div>
      {(cases.length > 0 || filtered) && <QueueFilters shown={visible.length} />}
      {cases.length > 0 && <SelectionBar shown={visible} checked={checked} />}
      <div className="queue-scroll" ref={scrollRef}>
        <ul className="queue-list" aria-label="Cases" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const c = visible[row.index]
            if (!c) return null
            return (
              <CaseItem
                key={c.id}
                c={c}
                selected={c.id === selectedId}
                checked={checked.has(c.id)}
                onCheck={onCheck}
                index={row.index}
                setSize={visible.length}
                top={row.start}
              />
            )
          })}
        </ul>
        {loaded && cases.length === 0 && <QueueStart />}
        {cases.length > 0 && visible.length === 0 && (
          <div className="queue-empty">
            <p>No cases match</p>
            <button type="button" className="btn small" onClick={clearFilters}>
              Clear filters
            </button>
          </div>
        )}
      </div>
    </nav>
  )
}
