import { useState } from 'react'
import { pausedText, progressPercent, progressText } from '../queue/batchFormat'
import { useApp } from '../state/appState'
import { cancelRecognition } from '../recognition/recognitionActions'

/**
 * The recognition batch in the toolbar: a bar (done out of total, failures in red), "12 / 40 · 1 failed · ~2 min
 * left", a rate-limit pause when ARGOS asked to slow down, and Cancel. Hidden when no batch is running; the final
 * count stays a few seconds after the end (recognition/recognitionActions.ts).
 */
function PauseIcon() {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12">
      <path fill="currentColor" d="M3 2h2v8H3zM7 2h2v8H7z" />
    </svg>
  )
}

function CheckIcon() {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12">
      <path d="M2 6.5 4.8 9 10 3" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  )
}

export function BatchProgressBar() {
  const batch = useApp((s) => s.batch)
  const cancelled = useApp((s) => s.batchCancelled)
  const [cancelling, setCancelling] = useState(false)
  if (!batch) return null

  const paused = batch.running ? pausedText(batch.pausedUntil) : null
  const failedShare = batch.total > 0 ? Math.min(100, (batch.failed / batch.total) * 100) : 0
  const doneShare = progressPercent(batch)
  const text = !batch.running && cancelled ? `Cancelled · ${progressText(batch)}` : progressText(batch)
  const onCancel = async (): Promise<void> => {
    setCancelling(true)
    try {
      await cancelRecognition()
    } finally {
      setCancelling(false)
    }
  }

  const state = paused ? 'paused' : batch.running ? 'running' : 'finished'
  const clean = !cancelled && batch.failed === 0
  return (
    <div className={`batch ${state}${state === 'finished' && !clean ? ' with-problems' : ''}`}>
      <span className="batch-icon" aria-hidden="true">
        {state === 'running' ? (
          <span className="spinner" />
        ) : state === 'paused' ? (
          <PauseIcon />
        ) : (
          <CheckIcon />
        )}
      </span>
      <div className="batch-meter" title={paused ? text : undefined}>
        <div
          className="batch-bar"
          role="progressbar"
          aria-label="Recognition progress"
          aria-valuemin={0}
          aria-valuemax={batch.total}
          aria-valuenow={batch.done}
          aria-valuetext={text}
        >
          <span className="batch-bar-ok" style={{ width: `${Math.max(0, doneShare - failedShare)}%` }} />
          <span className="batch-bar-failed" style={{ width: `${failedShare}%` }} />
        </div>
        {/* While paused the counts move to the tooltip (and the bar's value text) to keep the toolbar narrow. */}
        {paused ? (
          <span className="batch-text batch-paused">{paused}</span>
        ) : (
          <span className="batch-text" aria-hidden="true">
            {text}
          </span>
        )}
      </div>
      {batch.running ? (
        <button
          type="button"
          className="btn small batch-cancel"
          aria-label="Cancel recognition"
          title="Stop: queued cases go back to New, requests in flight are aborted"
          disabled={cancelling}
          onClick={() => void onCancel()}
        >
          Cancel
        </button>
      ) : (
        // Holds the place of Cancel while the final count lingers, so the toolbar does not shift twice.
        <span className="batch-cancel-space" aria-hidden="true" />
      )}
    </div>
  )
}
