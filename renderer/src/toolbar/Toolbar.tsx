import { useId } from 'react'
import { command, commandTitle, runCommand } from '../commands'
import { useApp } from '../state/appState'
import { useChecked } from '../state/checked'
import { countryChange, setCaseParams, typeChange } from '../recognition/caseParams'
import { CountrySelect, TypeSelect } from '../recognition/ParamSelect'
import { commonValue, isBusy, MIXED, paramsTargets } from '../recognition/paramsLogic'
import { ExportButtons } from '../export/ExportDialog'
import { engineBadgeTitle, engineShortName } from '../settings/engineChoice'
import { BatchProgressBar } from './BatchProgressBar'
import { ImportButton } from './ImportButton'
import { NextCaseButton } from '../workspace/WorkspaceStatus'
import './engine.css'

function GearIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
        d="M10.3 3h3.4l.5 2.4 1.7.9 2.3-.8 1.7 2.9-1.8 1.6v2l1.8 1.6-1.7 2.9-2.3-.8-1.7.9-.5 2.4h-3.4l-.5-2.4-1.7-.9-2.3.8-1.7-2.9L5.9 14v-2L4.1 10.4l1.7-2.9 2.3.8 1.7-.9z"
      />
      <circle cx="12" cy="13" r="2.6" fill="none" stroke="currentColor" strokeWidth="1.8" />
    </svg>
  )
}

const busyHint = 'Recognition is running; pressing again adds to the queue'

/**
 * Which engine Recognize will use, beside it: a reviewer must know before pressing whether the scans leave the
 * computer. Nothing until the settings are loaded (no guess).
 */
function EngineBadge() {
  const engine = useApp((s) => s.engine)
  if (!engine) return null
  return (
    <span
      role="group"
      aria-label="Engine in use"
      className={`engine-badge engine-${engine.effective}`}
      title={engineBadgeTitle(engine.effective, engine.pinned)}
    >
      <span className="engine-badge-prefix">Engine:</span> {engineShortName(engine.effective)}
    </span>
  )
}

export function Toolbar() {
  const countryId = useId()
  const typeId = useId()
  const cases = useApp((s) => s.cases)
  const selectedId = useApp((s) => s.selectedCaseId)
  const checked = useChecked((s) => s.ids)
  const batchRunning = useApp((s) => s.batch?.running ?? false)
  // During an import the selects wait for the new case (it becomes the selected one), so a choice made meanwhile
  // cannot land on the case selected before.
  const importing = useApp((s) => s.importing)
  // The selects show and change the selected case, or the checked cases when any is checked: no global choice.
  const targets = paramsTargets(cases, selectedId, checked)
  const country = commonValue(targets, 'issuingCountry')
  const idType = commonValue(targets, 'idType')
  const ids = targets.map((c) => c.id)
  const allBusy = targets.length > 0 && targets.every(isBusy)
  const whose =
    checked.size > 0
      ? `the ${targets.length} checked case${targets.length === 1 ? '' : 's'}`
      : targets.length
        ? 'the selected case'
        : null
  const hint = (what: string) =>
    whose
      ? allBusy
        ? `Being recognised: the ${what} changes after it finishes`
        : `The ${what} of ${whose}${country === MIXED || idType === MIXED ? ' (they differ)' : ''}`
      : `Select a case to set its ${what}`

  return (
    <header className="toolbar">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark">R</span>
        <span className="brand-name">Recto</span>
      </div>
      <ImportButton />
      <div className="toolbar-sep" />
      <div className="tool-field">
        <label htmlFor={countryId}>Issuing country</label>
        <CountrySelect
          id={countryId}
          value={country}
          onChange={(v) => void setCaseParams(ids, countryChange(v))}
          disabled={!targets.length || allBusy || importing}
          title={hint('issuing country')}
        />
      </div>
      <div className="tool-field">
        <label htmlFor={typeId}>ID type</label>
        <TypeSelect
          id={typeId}
          value={idType}
          onChange={(v) => void setCaseParams(ids, typeChange(v))}
          disabled={!targets.length || allBusy || importing}
          title={hint('ID type')}
        />
      </div>
      {/* The names stay "Recognize" / "Recognize all" while a batch runs (automation contract): pressing again
          queues more, so the buttons stay enabled and only show a busy hint. */}
      <button
        type="button"
        className={batchRunning ? 'btn primary busy' : 'btn primary'}
        onClick={() => runCommand('recognize')}
        title={batchRunning ? `${busyHint} (${commandTitle('recognize')})` : commandTitle('recognize')}
      >
        Recognize
      </button>
      <button
        type="button"
        className={batchRunning ? 'btn busy' : 'btn'}
        onClick={() => runCommand('recognizeAll')}
        title={
          batchRunning
            ? `${busyHint} (${commandTitle('recognizeAll')})`
            : `Recognize every new or failed case (${command('recognizeAll').shortcut})`
        }
      >
        Recognize all
      </button>
      <EngineBadge />
      <BatchProgressBar />
      <div className="toolbar-spacer" />
      <NextCaseButton />
      <ExportButtons />
      <button
        type="button"
        className="btn ghost icon-only"
        onClick={() => runCommand('settings')}
        aria-label="Settings"
        title={commandTitle('settings')}
      >
        <GearIcon />
      </button>
    </header>
  )
}
