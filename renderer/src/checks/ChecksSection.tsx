// The Checks section at the top of the field panel: failures first, then warnings, then passes and skips behind a
// count (expandable; they stay in the DOM). Each check shows its message, the values side by side by source, what
// was expected, and its actions (Apply fix, Recognize as …). Clicking a check, or Enter on it, selects its field.
import { memo, useId, useMemo, useState, type MouseEvent } from 'react'
import type { Check } from '../../../shared/checks/types'
import type { Case } from '../../../shared/model'
import { fieldLabel } from '../fields/labels'
import { useApp } from '../state/appState'
import { applyFix, recognizeAs, recognizeAsLabel, selectCheckField } from './checkActions'
import {
  checksSummary,
  collapsedLabel,
  counterpart,
  diffSegments,
  groupChecks,
  usableFix,
  valueHeading,
} from './checkView'
import './checks.css'

const ICON: Record<Check['status'], string> = { fail: '✕', warn: '!', pass: '✓', skip: '–' }
const STATUS_WORD: Record<Check['status'], string> = {
  fail: 'Fails',
  warn: 'Warning',
  pass: 'Passes',
  skip: 'Not performed',
}

function Values({ check }: { check: Check }) {
  if (check.values.length === 0) return null
  return (
    <div className="check-values">
      {check.values.map((v, i) => (
        <div key={i} className={`check-value source-${v.source}`}>
          <span className="check-source" title={v.label}>
            {valueHeading(check.values, i)}
          </span>
          <span className="check-val" title={v.label}>
            {v.value === ''
              ? '(empty)'
              : diffSegments(v.value, check.status === 'pass' ? null : counterpart(check, i)).map((s, j) =>
                  s.differs ? <mark key={j}>{s.text}</mark> : <span key={j}>{s.text}</span>,
                )}
          </span>
        </div>
      ))}
    </div>
  )
}

type ItemProps = { doc: Case; check: Check; compact: boolean; busy: boolean }

const CheckItem = memo(function CheckItem({ doc, check, compact, busy }: ItemProps) {
  const fix = usableFix(check, doc.fields)
  const again = check.status !== 'pass' ? check.recognizeAs : null
  const first = check.fields.find((k) => doc.fields.some((f) => f.key === k)) ?? null
  const stop = (e: MouseEvent) => e.stopPropagation()
  return (
    <li
      className={`check status-${check.status}${compact ? ' compact' : ''}`}
      data-check={check.id}
      data-status={check.status}
      data-fields={check.fields.join(' ')}
      onClick={() => selectCheckField(check.fields)}
    >
      <div className="check-top">
        <span className="check-icon" aria-hidden="true">
          {ICON[check.status]}
        </span>
        <span className="visually-hidden">{STATUS_WORD[check.status]}: </span>
        <button
          type="button"
          className="check-select"
          title={first ? `Go to ${fieldLabel(first)} (Enter)` : check.id}
          onClick={(e) => {
            stop(e)
            selectCheckField(check.fields)
          }}
        >
          {check.message}
        </button>
      </div>
      <code className="check-id">{check.id}</code>
      {!compact && <Values check={check} />}
      {!compact && check.expected && (
        <p className="check-expected">
          <span className="check-expected-label">Expected</span> {check.expected}
        </p>
      )}
      {(fix || again) && (
        <div className="check-actions">
          {fix && (
            <>
              <button
                type="button"
                className="btn small check-fix"
                title={`Set ${fieldLabel(fix.key)} to ${fix.value} — a recorded edit, Ctrl+Z undoes it (Shift+Enter in the field)`}
                onClick={(e) => {
                  stop(e)
                  // The button leaves with the failure: the caret goes to the field, to go on from there.
                  void applyFix(doc.id, fix, check.id).then((ok) => ok && selectCheckField([fix.key]))
                }}
              >
                Apply fix
              </button>
              <span className="check-fix-preview" aria-hidden="true">
                {fieldLabel(fix.key)} → <span className="check-val">{fix.value}</span>
              </span>
            </>
          )}
          {again && (
            <button
              type="button"
              className="btn small"
              disabled={busy}
              aria-busy={busy}
              title={`Send this case again as ${again.issuingCountry} · ${again.idType}, as its MRZ says`}
              onClick={(e) => {
                stop(e)
                void recognizeAs(doc, again)
              }}
            >
              {recognizeAsLabel(again)}
            </button>
          )}
        </div>
      )}
    </li>
  )
})

export function ChecksSection({ doc }: { doc: Case }) {
  const listId = useId()
  const [open, setOpen] = useState(false)
  const busy = useApp((s) => s.recognizingIds.includes(doc.id))
  const groups = useMemo(() => groupChecks(doc.checks), [doc.checks])
  if (!doc.checks) {
    if (doc.status !== 'recognised') return null
    return (
      <section className="checks" aria-label="Checks">
        <h3 className="checks-head">Checks</h3>
        <p className="checks-empty">Not run for this case yet: they run when it is recognised or edited.</p>
      </section>
    )
  }
  const shown = [...groups.failed, ...groups.warned]
  const rest = [...groups.passed, ...groups.skipped]
  const more = collapsedLabel(groups)
  const tone = groups.failed.length ? 'fail' : groups.warned.length ? 'warn' : 'pass'
  return (
    <section className={`checks tone-${tone}`} aria-label="Checks">
      <h3 className="checks-head">
        Checks <span className={`checks-summary tone-${tone}`}>{checksSummary(groups)}</span>
      </h3>
      {shown.length > 0 && (
        <ul className="check-list">
          {shown.map((c) => (
            <CheckItem key={c.id} doc={doc} check={c} compact={false} busy={busy} />
          ))}
        </ul>
      )}
      {rest.length > 0 && (
        <>
          <button
            type="button"
            className="checks-more"
            aria-expanded={open}
            aria-controls={listId}
            onClick={() => setOpen((o) => !o)}
          >
            <span className="checks-caret" aria-hidden="true">
              {open ? '▾' : '▸'}
            </span>
            {more}
          </button>
          <ul className="check-list collapsed" id={listId} hidden={!open}>
            {rest.map((c) => (
              <CheckItem key={c.id} doc={doc} check={c} compact={c.status === 'pass'} busy={busy} />
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
