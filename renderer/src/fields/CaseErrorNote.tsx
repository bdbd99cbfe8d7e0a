import type { Case, CaseError } from '../../../shared/model'
import { recognizeAs, recognizeAsLabel } from '../checks/checkActions'
import { mrzOffer } from '../checks/checkView'
import { CaseParamsSelects } from '../recognition/CaseParamsSelects'
import { useApp } from '../state/appState'
import { retryCase } from '../recognition/recognitionActions'
import { countryName } from '../toolbar/countries'
import { ID_TYPE_LABELS } from '../state/idTypes'

/** ARGOS could not recognise the document as the country and type sent: the selects are the fix. */
const WRONG_PARAMS = new Set(['1006', '1011', '1012', '1014', '1015'])

/**
 * Why the case failed, what to do, the case's country and type (editable here), and a Retry that sends the case
 * with them as they are now. For an interrupted case (a request left and no result was saved: ARGOS may have
 * billed it) the button is "Recognize again" and says that resending may bill twice.
 */
export function CaseErrorNote({ doc, error }: { doc: Case; error: CaseError }) {
  const retrying = useApp((s) => s.recognizingIds.includes(doc.id))
  // The local engine needs no country or type (the MRZ gives them) and sends nothing.
  const local = useApp((s) => s.engine?.effective === 'local')
  // The list's summary is updated as soon as a select changes; the loaded case follows a moment later.
  const summary = useApp((s) => s.cases.find((c) => c.id === doc.id)) ?? doc
  const own = summary.issuingCountry && summary.idType ? summary : null
  const offer = mrzOffer(doc, error.errorCode)
  const paramsAtFault = error.errorCode !== null && WRONG_PARAMS.has(error.errorCode)
  const interrupted = doc.status === 'interrupted'
  const again = interrupted ? 'Recognize again' : 'Retry'
  const code = [
    error.httpStatus ? `HTTP ${error.httpStatus}` : null,
    error.errorCode ? `code ${error.errorCode}` : null,
  ]
    .filter(Boolean)
    .join(' · ')
  return (
    <section
      className={`case-error${interrupted ? ' interrupted' : ''}`}
      aria-label={interrupted ? 'Recognition interrupted' : 'Recognition error'}
    >
      <h3>{error.title}</h3>
      {error.message && <p>{error.message}</p>}
      {error.action && (
        <p className="case-error-action">
          <strong>What to do:</strong> {error.action}
        </p>
      )}
      <p className="case-error-params-note">
        {paramsAtFault
          ? 'Sent as the country and type below: change them, then Retry.'
          : local
            ? `${again} reads it again on this computer${own ? ' as:' : '; the MRZ gives the country and type, or choose them:'}`
            : `${again} sends it as:`}
      </p>
      <CaseParamsSelects
        summary={{
          id: doc.id,
          issuingCountry: summary.issuingCountry,
          idType: summary.idType,
          status: summary.status,
        }}
      />
      <div className="case-error-foot">
        {code && <span className="case-error-code">{code}</span>}
        {offer && (
          <button
            type="button"
            className="btn primary"
            onClick={() => void recognizeAs(doc, offer)}
            disabled={retrying}
            title={`The MRZ says ${offer.issuingCountry} · ${offer.idType}: send the case again as that`}
          >
            {recognizeAsLabel(offer)}
          </button>
        )}
        <button
          type="button"
          className="btn"
          onClick={() => void retryCase(doc)}
          disabled={retrying}
          aria-busy={retrying}
          title={
            local
              ? 'Read it again on this computer'
              : own
                ? `Send again as ${countryName(own.issuingCountry!)} · ${ID_TYPE_LABELS[own.idType!]}${interrupted ? ' (ARGOS may bill it twice)' : ''}`
                : 'Choose the issuing country and ID type above first'
          }
        >
          {retrying && <span className="spinner" aria-hidden="true" />}
          {again}
        </button>
      </div>
    </section>
  )
}
