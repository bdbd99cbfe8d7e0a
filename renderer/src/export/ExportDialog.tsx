// The toolbar's Export CSV / Export JSON buttons and the dialog they open: which cases (checked, else the list as
// shown), "decided cases only", and for CSV the delimiter and the options of the export engine. The main process
// asks about undecided cases (a message box), chooses the file (the save dialog) and writes it.
// Options the admin policy pins show disabled with the policy's note (the main process forces them anyway); the
// JSON export is not offered while the policy masks document numbers or leaves out the MRZ (JSON cannot).
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import type { CsvOptions } from '../../../shared/export-options'
import type { SettingsView } from '../../../shared/model'
import type { PinnedSetting, PolicyView } from '../../../shared/policy'
import { api } from '../api'
import { commandTitle, runCommand } from '../commands'
import { useApp } from '../state/appState'
import { useChecked } from '../state/checked'
import { useQueueView, useVisibleCases } from '../queue/queueView'
import { Modal } from '../ui/Modal'
import { PolicyLock } from '../settings/PolicyLock'
import { isPinned, jsonExportBlocked } from '../settings/policyNotes'
import {
  closeExport,
  exportScope,
  runExport,
  setCsvOption,
  setDecidedOnly,
  useExport,
  type ExportFormat,
} from './exportActions'
import './export.css'

const number = new Intl.NumberFormat('en-US')

const TITLE: Record<ExportFormat, string> = { csv: 'Export CSV', json: 'Export JSON' }

/** An arrow out of a tray: the Import button's arrow turned round. */
function ExportIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
      <path
        fill="currentColor"
        d="M7.25 11.5h1.5V4.31l2.47 2.47 1.06-1.06L8 1.44 3.72 5.72l1.06 1.06 2.47-2.47zM2 13h12v1.5H2z"
      />
    </svg>
  )
}

/**
 * The toolbar's two export buttons, compact (an export arrow with CSV | JSON, named "Export CSV" and "Export JSON"), and
 * the dialog while one of them has it open.
 */
export function ExportButtons() {
  const exporting = useApp((s) => s.exporting)
  const hasCases = useApp((s) => s.cases.length > 0)
  const open = useExport((s) => s.open)
  return (
    <div className="export-tools" role="group" aria-label="Export">
      <span className="export-tools-icon" title="Export" aria-hidden="true">
        <ExportIcon />
      </span>
      <div className="export-seg">
        {(['csv', 'json'] as const).map((format) => {
          const id = format === 'csv' ? 'exportCsv' : 'exportJson'
          return (
            <button
              key={format}
              type="button"
              className="btn"
              onClick={() => runCommand(id)}
              disabled={exporting || !hasCases}
              aria-label={TITLE[format]}
              aria-busy={exporting && open === format}
              aria-haspopup="dialog"
              title={commandTitle(id)}
            >
              {format.toUpperCase()}
            </button>
          )
        })}
      </div>
      {/* In <body>, not inside the toolbar: the backdrop covers the whole window. */}
      {open && createPortal(<ExportDialog format={open} />, document.body)}
    </div>
  )
}

function Check({
  label,
  note,
  checked,
  disabled,
  policy,
  lock,
  onChange,
}: {
  label: string
  note?: ReactNode
  checked: boolean
  disabled: boolean
  policy?: PolicyView | null | undefined
  /** The setting this box is, for the admin policy: pinned, it is disabled with the policy's note. */
  lock?: PinnedSetting
  onChange(checked: boolean): void
}) {
  const id = useId()
  const pinned = lock !== undefined && isPinned(policy, lock)
  const described = [note ? `${id}-note` : '', pinned ? `${id}-lock` : ''].filter(Boolean).join(' ')
  return (
    <div className="form-row check-row">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled || pinned}
        aria-describedby={described || undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {note && (
        <p id={`${id}-note`} className="form-note">
          {note}
        </p>
      )}
      {lock && <PolicyLock id={`${id}-lock`} policy={policy} setting={lock} />}
    </div>
  )
}

/** The settings view for the policy's pins, read when the dialog opens (null until then, or when unreadable). */
function usePolicyView(): Pick<SettingsView, 'policy' | 'export'> | null {
  const [view, setView] = useState<Pick<SettingsView, 'policy' | 'export'> | null>(null)
  useEffect(() => {
    let cancelled = false
    api()
      .getSettings()
      .then((v) => {
        if (!cancelled) setView({ policy: v.policy, export: v.export })
      })
      .catch(() => {
        // Nothing shown locked; the main process still forces the policy on the export.
      })
    return () => {
      cancelled = true
    }
  }, [])
  return view
}

/** The CSV options a policy can pin, by option (delimiter, BOM and dates are always the reviewer's). */
const PINNABLE_CSV: Partial<Record<keyof CsvOptions, PinnedSetting>> = {
  includeOcr: 'export.csv.includeOcr',
  maskDocumentNumbers: 'export.csv.maskDocumentNumbers',
  excludeMrz: 'export.csv.excludeMrz',
}

const CSV_CHECKS: { key: Exclude<keyof CsvOptions, 'delimiter'>; label: string; note: string }[] = [
  { key: 'bom', label: 'Byte order mark (Excel)', note: 'So Excel reads accents and Hangul as UTF-8' },
  {
    key: 'includeOcr',
    label: 'Per-field OCR value, score and corrected flag',
    note: 'Three more columns per field: what OCR read, its score, and whether a reviewer changed it',
  },
  {
    key: 'normaliseDates',
    label: 'Dates as ISO 8601 where unambiguous',
    note: '31.01.1990 becomes 1990-01-31; 03/04/1990 stays as written',
  },
  {
    key: 'maskDocumentNumbers',
    label: 'Mask document numbers (keep the last 4)',
    note: 'Also inside the MRZ lines',
  },
  { key: 'excludeMrz', label: 'Leave out MRZ lines', note: 'No columns for the machine-readable zone' },
]

export function ExportDialog({ format }: { format: ExportFormat }) {
  const ids = { scope: useId(), delimiter: useId() }
  const all = useApp((s) => s.cases)
  const exporting = useApp((s) => s.exporting)
  const shown = useVisibleCases()
  const checked = useChecked((s) => s.ids)
  const view = useQueueView((v) => v)
  const decidedOnly = useExport((s) => s.decidedOnly)
  const csv = useExport((s) => s.csv)
  const scope = exportScope(all, shown, checked, view)
  const total = scope.cases.length
  const undecided = total - scope.decided
  const rows = decidedOnly ? scope.decided : total
  const policyView = usePolicyView()
  const policy = policyView?.policy
  const jsonBlocked = format === 'json' ? jsonExportBlocked(policyView) : null
  const nothing = rows === 0

  // While the dialog is open no shortcut of the window may act behind it (A would approve the open case). Escape
  // and Tab are the Modal's; every other key keeps its default action (Space ticks a box, Enter presses a button).
  useEffect(() => {
    const stop = (e: KeyboardEvent) => e.stopPropagation()
    window.addEventListener('keydown', stop, true)
    return () => window.removeEventListener('keydown', stop, true)
  }, [])

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (!nothing && !jsonBlocked) void runExport()
  }

  return (
    <Modal label={TITLE[format]} onClose={closeExport} className="export-dialog">
      <form noValidate onSubmit={onSubmit} aria-busy={exporting}>
        <div className="modal-head">
          <h2>{TITLE[format]}</h2>
          <span className="muted small">Esc to cancel</span>
        </div>
        <div className="modal-body">
          <section className="export-section" aria-labelledby={`${ids.scope}-h`}>
            <h3 id={`${ids.scope}-h`}>Cases</h3>
            <p className="export-scope" id={ids.scope}>
              {scope.label}
            </p>
            <Check
              label="Decided cases only"
              checked={decidedOnly}
              disabled={exporting}
              policy={policy}
              lock="export.decidedOnly"
              onChange={setDecidedOnly}
              note={
                scope.decided === total
                  ? `All ${total === 1 ? '' : `${number.format(total)} `}decided`
                  : `${number.format(scope.decided)} of ${number.format(total)} decided`
              }
            />
            <p className={nothing ? 'form-note warn' : 'form-note export-summary'}>
              {nothing
                ? 'None of these cases has a decision yet: nothing to export.'
                : !decidedOnly && undecided > 0
                  ? `${number.format(total)} ${total === 1 ? 'row' : 'rows'}; ${number.format(undecided)} without a decision — you will be asked to confirm.`
                  : `${number.format(rows)} ${rows === 1 ? 'row' : 'rows'}.`}
            </p>
          </section>
          {format === 'csv' ? (
            <section className="export-section" aria-labelledby={`${ids.delimiter}-h`}>
              <h3 id={`${ids.delimiter}-h`}>Spreadsheet</h3>
              <fieldset className="export-delimiter" disabled={exporting}>
                <legend>Delimiter</legend>
                <label className="export-radio">
                  <input
                    type="radio"
                    name={ids.delimiter}
                    checked={csv.delimiter === ','}
                    onChange={() => setCsvOption('delimiter', ',')}
                  />
                  Comma
                </label>
                <label className="export-radio">
                  <input
                    type="radio"
                    name={ids.delimiter}
                    checked={csv.delimiter === ';'}
                    onChange={() => setCsvOption('delimiter', ';')}
                    aria-describedby={`${ids.delimiter}-semi`}
                  />
                  Semicolon
                  <span className="muted" id={`${ids.delimiter}-semi`}>
                    for European Excel
                  </span>
                </label>
              </fieldset>
              {CSV_CHECKS.map(({ key, label, note }) => (
                <Check
                  key={key}
                  label={label}
                  note={note}
                  checked={csv[key]}
                  disabled={exporting}
                  policy={policy}
                  lock={PINNABLE_CSV[key]}
                  onChange={(v) => setCsvOption(key, v)}
                />
              ))}
            </section>
          ) : (
            <section className="export-section">
              <h3>Contents</h3>
              <p className="form-note export-json-note">
                Full fidelity, for other systems: every field with its value, OCR reading, score and box
                (quad, in image pixels), the decision, and each case’s audit log. Nothing is masked or left
                out.
              </p>
              {jsonBlocked && (
                <p className="form-note warn" id={`${ids.scope}-blocked`}>
                  {jsonBlocked}
                </p>
              )}
            </section>
          )}
        </div>
        <div className="modal-foot">
          <button type="button" className="btn" onClick={closeExport} disabled={exporting}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn primary export-go"
            disabled={exporting || nothing || jsonBlocked !== null}
            aria-describedby={jsonBlocked ? `${ids.scope}-blocked` : undefined}
          >
            {exporting && <span className="spinner" aria-hidden="true" />}
            {exporting ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
