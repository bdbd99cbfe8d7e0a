// One case's issuing country and ID type, editable where the case is shown (list row, field panel, error panel).
// Disabled while the case is queued or being sent: it goes with the values it had.
import type { CaseSummary } from '../../../shared/model'
import { useApp } from '../state/appState'
import { countryChange, setCaseParams, typeChange } from './caseParams'
import { CountrySelect, TypeSelect } from './ParamSelect'
import { isBusy } from './paramsLogic'
import './recognition.css'

type Props = {
  summary: Pick<CaseSummary, 'id' | 'issuingCountry' | 'idType' | 'status'>
  compact?: boolean
}

export function CaseParamsSelects({ summary, compact }: Props) {
  // The case's human title, else its file name: each select's name says whose it is ("Country of …", "Type of …";
  // not "Issuing country of …", which a search for the toolbar's "Issuing country" would also find).
  const name = useApp((s) => {
    const c = s.cases.find((x) => x.id === summary.id)
    return c?.title ?? c?.name ?? (s.current?.id === summary.id ? s.current.name : summary.id)
  })
  const busy = isBusy(summary)
  const hint = busy ? 'Being recognised: change it after it finishes' : undefined
  return (
    <div
      className={compact ? 'case-params compact' : 'case-params'}
      role="group"
      aria-label={`Country and type of ${name}`}
      // Clicks and keys stay here: a list row must not open the case or run a shortcut while choosing.
      onClick={(e) => e.stopPropagation()}
    >
      <CountrySelect
        value={summary.issuingCountry ?? ''}
        onChange={(v) => void setCaseParams([summary.id], countryChange(v))}
        disabled={busy}
        ariaLabel={`Country of ${name}`}
        title={hint ?? 'Issuing country (sent with this case)'}
        className="select country case-param"
      />
      <TypeSelect
        value={summary.idType ?? ''}
        onChange={(v) => void setCaseParams([summary.id], typeChange(v))}
        disabled={busy}
        ariaLabel={`Type of ${name}`}
        title={hint ?? 'ID type (sent with this case)'}
        className="select case-param"
      />
    </div>
  )
}
