import type { Case, CaseError } from '../../../shared/model'
import { recognizeAs, recognizeAsLabel } from '../checks/checkActions'
import { mrzOffer } from '../checks/checkView'
import { useApp } from '../state/appState'
import { retryCase } from '../state/recognition'

/** Why the case failed, what to do, and a Retry (the case's own country and type, else the toolbar's). */
export function CaseErrorNote({ doc, error }: { doc: Case; error: CaseError }) {
  const retrying = useApp((s) => s.recognizingIds.includes(doc.id))
  const toolbarReady = useApp((s) => s.country !== '' && s.idType !== '')
  const hasOwn = doc.issuingCountry !== null && doc.idType !== null
  const offer = mrzOffer(doc, error.errorCode)
  const code = [
    error.httpStatus ? `HTTP ${error.httpStatus}` : null,
    error.errorCode ? `code ${error.errorCode}` : null,
  ]
    .filter(Boolean)
    .join(' · ')
  return (
    <section className="case-error" aria-label="Recognition error">
      <h3>{error.title}</h3>
      {error.message && <p>{error.message}</p>}
      {error.action && (
        <p className="case-error-action">
          <strong>What to do:</strong> {error.action}
        </p>
      )}
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
            hasOwn
              ? `Send again as ${doc.issuingCountry} · ${doc.idType}`
              : toolbarReady
                ? 'Send again with the country and ID type chosen in the toolbar'
                : 'Choose the issuing country and ID type in the toolbar first'
          }
        >
          {retrying && <span className="spinner" aria-hidden="true" />}
          Retry
        </button>
      </div>
    </section>
  )
}
