// The Import dialog: many files or a folder, paired front/back by name (shared/pairing.ts), corrected by hand
// (Swap sides, Unpair, Pair with…), then imported one document after the other with a progress bar.
import { useEffect, useRef, useState } from 'react'
import { pairWith, swapSides, unpair, type ScanDocument } from '../../../shared/pairing'
import { cancelImportDialog, runImportDialog } from './importActions'
import { useApp } from '../state/appState'
import { Modal } from '../ui/Modal'
import { draftSummary, formatBytes, sizeProblem, type ImportDraft } from './importPlan'
import type { ImportEntry, ImportProgress } from './importRunner'
import './import.css'

type Doc = ScanDocument<ImportEntry>

/** Notes beyond this many are counted, not listed. */
const NOTES_SHOWN = 4

export function ImportDialog() {
  const draft = useApp((s) => s.importDraft)
  const progress = useApp((s) => s.importProgress)
  if (!draft) return null
  return <ImportDialogBody draft={draft} progress={progress} />
}

function ImportDialogBody({
  draft,
  progress,
}: {
  draft: ImportDraft<ImportEntry>
  progress: ImportProgress | null
}) {
  const [docs, setDocs] = useState<Doc[]>(draft.documents)
  /** The row whose "Pair with…" chooser is open (its options are only rendered for that row). */
  const [pairing, setPairing] = useState<number | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const importRef = useRef<HTMLButtonElement>(null)
  const running = progress !== null
  const singles = docs.flatMap((d, i) => (d.back === null ? [i] : []))
  const fileCount = docs.reduce((n, d) => n + (d.back ? 2 : 1), 0)

  // Enter imports: the Import button takes the focus once the Modal has placed it on the first control.
  useEffect(() => {
    const t = window.setTimeout(() => importRef.current?.focus(), 0)
    return () => window.clearTimeout(t)
  }, [])

  const change = (next: Doc[]) => {
    setDocs(next)
    setPairing(null)
    setProblem(null)
  }
  const tryChange = (make: () => Doc[]) => {
    try {
      change(make())
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err))
    }
  }

  const from = draft.source.kind === 'folder' ? `from ${draft.source.folder}` : ''
  const summary = draftSummary({ ...draft, documents: docs, fileCount })

  return (
    <Modal label="Import documents" onClose={cancelImportDialog} className="import-dialog">
      <div className="import-frame">
        <div className="modal-head">
          <h2>
            Import {docs.length} document{docs.length === 1 ? '' : 's'}
            {from && (
              <>
                {' '}
                <span className="import-from">{from}</span>
              </>
            )}
          </h2>
          <span className="muted small">{running ? 'Esc stops after this document' : 'Esc to cancel'}</span>
        </div>
        <div className="modal-body import-body">
          <p className="import-summary">{summary}</p>
          {draft.skippedSamples.length > 0 && (
            <details className="import-skipped">
              <summary>Skipped files</summary>
              <ul>
                {draft.skippedSamples.map((f) => (
                  <li key={f.name}>
                    <span className="import-name">{f.name}</span>
                    <span className="muted"> — {f.reason}</span>
                  </li>
                ))}
                {draft.skipped > draft.skippedSamples.length && (
                  <li className="muted">…and {draft.skipped - draft.skippedSamples.length} more</li>
                )}
              </ul>
            </details>
          )}
          {draft.truncated && (
            <p className="import-warning">
              The folder holds more image files than one import takes: only the first {draft.fileCount} are
              listed. Import the rest from their own folder.
            </p>
          )}
          {draft.notes.length > 0 && (
            <ul className="import-notes" aria-label="Pairing notes">
              {draft.notes.slice(0, NOTES_SHOWN).map((n) => (
                <li key={n}>{n}</li>
              ))}
              {draft.notes.length > NOTES_SHOWN && <li>…and {draft.notes.length - NOTES_SHOWN} more</li>}
            </ul>
          )}
          {problem && (
            <p className="import-error" role="alert">
              {problem}
            </p>
          )}
          <ol className="import-docs" aria-label="Documents">
            {docs.map((doc, i) => (
              <DocRow
                key={`${doc.front.name}\u0000${doc.back?.name ?? ''}`}
                index={i}
                doc={doc}
                docs={docs}
                singles={singles}
                disabled={running}
                pairing={pairing === i}
                onPairing={(open) => setPairing(open ? i : null)}
                onSwap={() => change(docs.map((d, j) => (j === i ? swapSides(d) : d)))}
                onUnpair={() => tryChange(() => unpair(docs, i))}
                onPair={(other) => tryChange(() => pairWith(docs, i, other))}
              />
            ))}
          </ol>
        </div>
        {progress && <ProgressLine progress={progress} />}
        <div className="modal-foot">
          <button
            type="button"
            className="btn"
            onClick={cancelImportDialog}
            disabled={progress?.stopping}
            title={running ? 'Stop after the document being imported' : undefined}
          >
            {progress?.stopping ? 'Stopping…' : 'Cancel'}
          </button>
          <button
            ref={importRef}
            type="button"
            className="btn primary"
            disabled={running || docs.length === 0}
            aria-busy={running}
            onClick={() => void runImportDialog(docs)}
          >
            Import {docs.length} document{docs.length === 1 ? '' : 's'}
          </button>
        </div>
      </div>
    </Modal>
  )
}

function ProgressLine({ progress }: { progress: ImportProgress }) {
  const { done, total, current, stopping } = progress
  const text = `${done} of ${total}`
  return (
    <div className="import-progress">
      <div
        className="import-meter"
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={text}
      >
        <div className="import-meter-fill" style={{ width: `${total ? (done / total) * 100 : 0}%` }} />
      </div>
      <span className="import-progress-text">
        {text}
        {current && !stopping && <span className="muted"> · {current}</span>}
        {stopping && <span className="muted"> · stopping after this document</span>}
      </span>
    </div>
  )
}

type RowProps = {
  index: number
  doc: Doc
  docs: readonly Doc[]
  /** Indices of the single-sided documents (the candidates for Pair with…). */
  singles: readonly number[]
  disabled: boolean
  pairing: boolean
  onPairing(open: boolean): void
  onSwap(): void
  onUnpair(): void
  onPair(other: number): void
}

function FileName({ entry, side }: { entry: ImportEntry | null; side: 'Front' | 'Back' }) {
  if (!entry)
    return (
      <div className="import-side empty">
        <span className="import-side-label">{side}</span>
        <span className="import-name" aria-label={`${side}: none`}>
          —
        </span>
      </div>
    )
  const tooLarge = entry.file ? sizeProblem(entry) : null
  return (
    <div className="import-side">
      <span className="import-side-label">{side}</span>
      <span className="import-name" title={entry.name}>
        {entry.name}
      </span>
      <span className="import-size">{formatBytes(entry.size)}</span>
      {tooLarge && (
        <span className="import-flag" title={tooLarge}>
          too large
        </span>
      )}
    </div>
  )
}

function DocRow(props: RowProps) {
  const { index, doc, docs, singles, disabled, pairing } = props
  const [choice, setChoice] = useState('')
  const others = singles.filter((j) => j !== index)
  const name = doc.front.name
  return (
    <li className={pairing ? 'import-doc pairing' : 'import-doc'}>
      <span className="import-index" aria-hidden="true">
        {index + 1}
      </span>
      <FileName entry={doc.front} side="Front" />
      {pairing ? (
        // The back is chosen in its own column, among the other single scans.
        <div className="import-side">
          <span className="import-side-label">Back</span>
          <select
            className="select import-pair-select"
            aria-label={`Pair ${name} with`}
            value={choice}
            autoFocus
            onChange={(e) => setChoice(e.target.value)}
          >
            <option value="">Choose its back…</option>
            {others.map((j) => (
              <option key={j} value={String(j)}>
                {docs[j]!.front.name}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <FileName entry={doc.back} side="Back" />
      )}
      <div className="import-actions">
        {doc.back ? (
          <>
            <button
              type="button"
              className="btn small"
              disabled={disabled}
              onClick={props.onSwap}
              aria-label={`Swap sides of ${name}`}
            >
              Swap sides
            </button>
            <button
              type="button"
              className="btn small"
              disabled={disabled}
              onClick={props.onUnpair}
              aria-label={`Unpair ${name}`}
            >
              Unpair
            </button>
          </>
        ) : pairing ? (
          <>
            <button
              type="button"
              className="btn small primary"
              disabled={disabled || choice === ''}
              onClick={() => props.onPair(Number(choice))}
              aria-label={`Pair ${name} with the chosen back`}
            >
              Pair
            </button>
            <button type="button" className="btn small" onClick={() => props.onPairing(false)}>
              Keep single
            </button>
          </>
        ) : (
          <button
            type="button"
            className="btn small"
            disabled={disabled || others.length === 0}
            onClick={() => {
              setChoice('')
              props.onPairing(true)
            }}
            aria-label={`Pair ${name} with…`}
            title={
              others.length ? 'Choose another single scan as the back of this one' : 'No other single scan'
            }
          >
            Pair with…
          </button>
        )}
      </div>
    </li>
  )
}
