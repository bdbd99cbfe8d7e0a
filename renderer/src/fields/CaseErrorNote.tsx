import type { CaseError } from '../../../shared/model'

export function CaseErrorNote({ error }: { error: CaseError }) {
  const code = [
    error.httpStatus ? `HTTP ${error.httpStatus}` : null,
    error.errorCode ? `code ${error.errorCode}` : null,
  ]
    .filter(Boolean)
    .join(' · ')
  return (
    <section className="case-error" aria-label="Recognition error">
      <h3>{error.title}</h3>
      <p>{error.message}</p>
      {error.action && (
        <p className="case-error-action">
          <strong>What to do:</strong> {error.action}
        </p>
      )}
      {code && <p className="case-error-code">{code}</p>}
    </section>
  )
}
