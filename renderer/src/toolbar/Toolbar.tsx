import { useId } from 'react'
import { command, commandTitle, runCommand } from '../commands'
import { setCountry, setIdType } from '../state/actions'
import { useApp } from '../state/appState'
import { COUNTRY_OPTIONS, isKnownCountry } from './countries'
import { ID_TYPE_OPTIONS } from './idTypes'
import { ExportButtons } from '../export/ExportDialog'
import { BatchProgressBar } from './BatchProgressBar'
import { ImportButton } from './ImportButton'

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

export function Toolbar() {
  const countryId = useId()
  const typeId = useId()
  const country = useApp((s) => s.country)
  const idType = useApp((s) => s.idType)
  const batchRunning = useApp((s) => s.batch?.running ?? false)
  const unknownCountry = country !== '' && !isKnownCountry(country)

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
        <select
          id={countryId}
          value={country}
          onChange={(e) => setCountry(e.target.value)}
          className="select country"
        >
          <option value="">Issuing country…</option>
          {unknownCountry && <option value={country}>{country}</option>}
          {COUNTRY_OPTIONS.map((c) => (
            <option key={c.code} value={c.code}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <div className="tool-field">
        <label htmlFor={typeId}>ID type</label>
        <select id={typeId} value={idType} onChange={(e) => setIdType(e.target.value)} className="select">
          <option value="">ID type…</option>
          {ID_TYPE_OPTIONS.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
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
      <BatchProgressBar />
      <div className="toolbar-spacer" />
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
