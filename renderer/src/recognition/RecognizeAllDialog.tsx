// "Recognize all" asks once before anything is sent: what goes, per country and type ("12 × France Passport"),
// and which cases are skipped for want of a country or type, with one pair the reviewer may apply to them. With the
// local engine nothing is sent and nothing is skipped: a case without a country or type takes them from its MRZ.
// Enter confirms, Escape cancels.
import { useEffect, useId, useRef, useState } from 'react'
import { useApp } from '../state/appState'
import { countryName } from '../toolbar/countries'
import { ID_TYPE_LABELS } from '../state/idTypes'
import { Modal } from '../ui/Modal'
import { confirmRecognizeAll } from './recognitionActions'
import { closeRecognizeAll, useRecognizeAllDialog } from './dialogStore'
import { CountrySelect, TypeSelect } from './ParamSelect'
import { groupLine, recognizePlan, withFill } from './paramsLogic'
import './recognition.css'
import { useWorkspace } from '../workspace/workspaceStore'
import { teamLoginOf } from '../workspace/workspaceText'

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export function RecognizeAllDialog() {
  const open = useRecognizeAllDialog((s) => s.open)
  return open ? <Dialog /> : null
}

function Dialog() {
  const cases = useApp((s) => s.cases)
  const queuedIds = useApp((s) => s.recognizingIds)
  const local = useApp((s) => s.engine?.effective === 'local')
  // Empty at first: the skipped cases get a country and type only when the reviewer picks them here.
  const [fillCountry, setFillCountry] = useState('')
  const [fillType, setFillType] = useState('')
  const confirmRef = useRef<HTMLButtonElement>(null)
  const countryId = useId()
  const typeId = useId()
  const login = useWorkspace((w) => teamLoginOf(w.view))
  const plan = recognizePlan(cases, new Set(queuedIds), local, login)
  const fill = withFill(plan.skipped, { issuingCountry: fillCountry, idType: fillType })
  const applying = fill.filled.length > 0
  const sendCount = plan.pending.length - fill.stillSkipped.length
  const shownGroups = recognizePlan(
    cases.map((c) => fill.filled.find((f) => f.id === c.id) ?? c),
    new Set(queuedIds),
    local,
    login,
  ).groups

  // After the Modal has put the focus on its first control: the confirm button holds it, so Enter sends.
  useEffect(() => {
    const t = setTimeout(() => confirmRef.current?.focus(), 0)
    return () => clearTimeout(t)
  }, [])

  const confirm = () => {
    if (sendCount === 0) return
    void confirmRecognizeAll(applying ? { issuingCountry: fillCountry, idType: fillType } : null)
  }

  return (
    <Modal label="Recognize all" onClose={closeRecognizeAll} className="recognize-all-dialog">
      <div
        onKeyDown={(e) => {
          // Enter confirms from anywhere in the dialog but a button (which clicks itself) or an open select.
          if (e.key !== 'Enter' || e.nativeEvent.isComposing || e.target instanceof HTMLButtonElement) return
          e.preventDefault()
          confirm()
        }}
      >
        <div className="modal-head">
          <h2>Recognize all</h2>
        </div>
        <div className="modal-body">
          {plan.pending.length === 0 ? (
            <p>Nothing to recognize: every case is already recognized or queued.</p>
          ) : (
            <>
              <p>
                {local
                  ? `${plural(sendCount, 'case')} will be read on this computer; nothing is sent:`
                  : sendCount > 0
                    ? `${plural(sendCount, 'case')} will be sent to ARGOS, each with its own country and type:`
                    : 'No case can be sent: none has both an issuing country and an ID type.'}
              </p>
              {(shownGroups.length > 0 || plan.fromMrz.length > 0) && (
                <ul className="send-groups" aria-label={local ? 'Will be read' : 'Will be sent'}>
                  {shownGroups.map((g) => (
                    <li key={`${g.issuingCountry} ${g.idType}`}>
                      {groupLine(g, countryName, (t) => ID_TYPE_LABELS[t])}
                    </li>
                  ))}
                  {plan.fromMrz.length > 0 && (
                    <li>{plural(plan.fromMrz.length, 'case')}: country and type from the MRZ</li>
                  )}
                </ul>
              )}
              {plan.skipped.length > 0 && (
                <section className="skipped-cases" aria-label="Skipped">
                  <p>
                    {fill.stillSkipped.length > 0
                      ? `${plural(fill.stillSkipped.length, 'case')} will be skipped (no issuing country or ID type):`
                      : `${plural(plan.skipped.length, 'case')} without a country or type will be sent as chosen below:`}
                  </p>
                  <ul className="skipped-list">
                    {plan.skipped.slice(0, 6).map((c) => {
                      const s = cases.find((x) => x.id === c.id)
                      return <li key={c.id}>{s?.title ?? s?.name ?? c.id}</li>
                    })}
                    {plan.skipped.length > 6 && <li>…and {plan.skipped.length - 6} more</li>}
                  </ul>
                  <div className="fill-params">
                    <span>Set for these:</span>
                    <label htmlFor={countryId} className="visually-hidden">
                      Country for the skipped cases
                    </label>
                    <CountrySelect id={countryId} value={fillCountry} onChange={setFillCountry} />
                    <label htmlFor={typeId} className="visually-hidden">
                      Type for the skipped cases
                    </label>
                    <TypeSelect id={typeId} value={fillType} onChange={setFillType} />
                  </div>
                </section>
              )}
            </>
          )}
        </div>
        <div className="modal-foot">
          <button
            ref={confirmRef}
            type="button"
            className="btn primary"
            onClick={confirm}
            disabled={sendCount === 0}
          >
            {sendCount > 0 ? `Recognize ${plural(sendCount, 'case')}` : 'Recognize'}
          </button>
          <button type="button" className="btn" onClick={closeRecognizeAll}>
            Cancel
          </button>
        </div>
      </div>
    </Modal>
  )
}
