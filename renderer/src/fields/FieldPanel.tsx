import { CaseParamsSelects } from '../recognition/CaseParamsSelects'
import { useDeferredValue, useMemo } from 'react'
import type { Check } from '../../../shared/checks/types'
import type { Case } from '../../../shared/model'
import { ID_TYPE_LABELS } from '../state/idTypes'
import { commandTitle } from '../commands'
import '../decisions/decisions.css'
import { Timeline } from '../decisions/Timeline'
import { store, useApp } from '../state/appState'
import { READING, STATUS_LABEL } from '../queue/statusLabels'
import { mrzNote, providerText } from '../settings/engineChoice'
import { DecisionBar } from '../decisions/DecisionBar'
import { ChecksSection } from '../checks/ChecksSection'
import { checksForField } from '../checks/checkView'
import { CaseErrorNote } from './CaseErrorNote'
import { FieldRow } from './FieldRow'
import { panelGroups } from './order'
import { useRowsReady } from './rowsGate'
import { ClaimNote } from '../workspace/ClaimNote'

const NO_CHECKS: readonly Check[] = []

/** What the empty field list says while the case has no fields (`local`: the engine is this computer's). */
function noFieldsText(status: Case['status'], local: boolean): string {
  switch (status) {
    case 'queued':
      return local
        ? 'Queued for recognition: it will be read when the engine is free.'
        : 'Queued for recognition: it will be sent when a slot is free.'
    case 'sending':
      return local ? 'Reading on this computer…' : 'Sending to ARGOS…'
    case 'failed':
      return 'No fields: the recognition failed (see below).'
    case 'interrupted':
      return 'No fields: the recognition was interrupted after the request was sent (see below).'
    default:
      return local
        ? 'No fields yet. Press Recognize: the scan is read on this computer, and its MRZ gives the country and type.'
        : 'No fields yet. Choose the issuing country and ID type, then press Recognize.'
  }
}

function FieldGroups({ doc, selectedKey }: { doc: Case; selectedKey: string | null }) {
  // A case without a back image can still hold back fields (moved or keyed back_): show them, don't drop them.
  const groups = useMemo(() => panelGroups(doc), [doc])
  const checksByKey = useMemo(() => {
    const map = new Map<string, Check[]>()
    for (const f of doc.fields) {
      const mine = checksForField(doc.checks, f.key)
      if (mine.length) map.set(f.key, mine)
    }
    return map
  }, [doc.fields, doc.checks])
  const headed = groups.length > 1
  return (
    <>
      {groups.map((g) => (
        <section
          key={g.side}
          className="field-group"
          aria-label={headed ? (g.side === 'front' ? 'Front' : 'Back') : 'Fields'}
        >
          {headed && (
            <h3 className="group-heading">
              {g.side === 'front' ? 'Front' : 'Back'}
              <span className="group-count">{g.fields.length}</span>
            </h3>
          )}
          {g.fields.length === 0 ? (
            <p className="muted small pad">No fields on this side.</p>
          ) : (
            <ul className="field-list">
              {g.fields.map((f) => (
                <FieldRow
                  key={`${doc.id}:${f.key}`}
                  caseId={doc.id}
                  field={f}
                  selected={f.key === selectedKey}
                  showSide={headed}
                  checks={checksByKey.get(f.key) ?? NO_CHECKS}
                  image={f.side === 'back' ? doc.back : doc.front}
                />
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  )
}

export function FieldPanel() {
  const live = useApp((s) => s.current)
  // A newly opened case's fields are rendered just after its document (a low-priority render), so switching
  // cases paints the scan first; changes within the open case are rendered at once.
  const deferred = useDeferredValue(live)
  const doc = live && deferred && live.id === deferred.id ? live : deferred
  const selectedCaseId = useApp((s) => s.selectedCaseId)
  const selectedKey = useApp((s) => s.selectedFieldKey)
  const timelineOpen = useApp((s) => s.timelineOpen)
  const local = useApp((s) => s.engine?.effective === 'local')
  // The rows of a case just opened wait for its scan's first frame (rowsGate.ts).
  const rowsReady = useRowsReady(doc?.id ?? null)
  const rowsHeld = !rowsReady && !timelineOpen && (doc?.fields.length ?? 0) > 0

  if (selectedCaseId === null || !doc || doc.id !== selectedCaseId) {
    return (
      <aside className="pane field-pane" aria-label="Fields">
        <div className="pane-head">
          <h2>Fields</h2>
        </div>
        <p className="muted pad">
          {selectedCaseId === null ? 'Select or import a case to review its fields.' : 'Loading…'}
        </p>
      </aside>
    )
  }

  const typeLabel = doc.idType ? ID_TYPE_LABELS[doc.idType] : null
  // The provider's document type, when it says more than the ID type chosen for the request.
  const providerType =
    doc.documentType && doc.documentType.toLowerCase() !== typeLabel?.toLowerCase() ? doc.documentType : null
  // Who read it: a reviewer must be able to tell a local read from an ARGOS one on the case itself.
  const readBy = providerText(doc.provider)
  const repaired = mrzNote(doc.recognition?.mrz)

  return (
    <aside className="pane field-pane" aria-label="Fields">
      <div className="pane-head">
        <div className="pane-tabs" role="tablist" aria-label="Case panel">
          <button
            type="button"
            role="tab"
            className="pane-tab"
            aria-selected={!timelineOpen}
            onClick={() => store.set({ timelineOpen: false })}
          >
            Fields
          </button>
          <button
            type="button"
            role="tab"
            className="pane-tab"
            aria-selected={timelineOpen}
            title={commandTitle('timeline')}
            onClick={() => store.set({ timelineOpen: true })}
          >
            Timeline
          </button>
        </div>
        <span className="pane-head-spacer" />
        <span className={`status-chip status-${doc.status}`}>
          {doc.status === 'sending' && doc.runningOn === 'local' ? READING : STATUS_LABEL[doc.status]}
        </span>
      </div>
      {/* Team workspace: whose claim the case is under, and releasing it (issue 16). */}
      <ClaimNote caseId={doc.id} />
      {/* The case's own country and type (what Recognize sends); a failed or interrupted case has them in its
          error note. */}
      {doc.status !== 'failed' && doc.status !== 'interrupted' && (
        <div className="case-params-row">
          <CaseParamsSelects summary={doc} />
          {readBy && (
            <span
              className="case-meta case-provider"
              data-provider={doc.provider}
              title="The recognition engine that read this case"
            >
              {readBy}
            </span>
          )}
          {repaired && (
            <span className="case-meta case-mrz-note" title={repaired.title}>
              {repaired.text}
            </span>
          )}
          {providerType && (
            <span className="case-meta" title="The document type the provider reported">
              Read as {providerType}
            </span>
          )}
        </div>
      )}
      <div className="field-scroll" role="tabpanel" aria-busy={rowsHeld}>
        {!timelineOpen && <ChecksSection doc={doc} />}
        {timelineOpen ? (
          <Timeline doc={doc} />
        ) : doc.fields.length === 0 ? (
          <p className="muted pad">
            {noFieldsText(doc.status, doc.status === 'sending' ? doc.runningOn === 'local' : local)}
          </p>
        ) : (
          rowsReady && <FieldGroups doc={doc} selectedKey={selectedKey} />
        )}
        {!timelineOpen && (doc.status === 'failed' || doc.status === 'interrupted') && doc.error && (
          <CaseErrorNote doc={doc} error={doc.error} />
        )}
      </div>
      <DecisionBar doc={doc} />
    </aside>
  )
}
