// The two selects a case's country and type are chosen with (toolbar, list row, field panel, error panel): ISO
// countries by English name valued by alpha-3, the API's ID types; "Mixed" when they stand for cases that differ.
import { COUNTRY_OPTIONS, isKnownCountry } from '../toolbar/countries'
import { ID_TYPE_OPTIONS } from '../toolbar/idTypes'
import { MIXED } from './paramsLogic'

type Props = {
  id?: string
  value: string
  onChange(value: string): void
  disabled?: boolean
  ariaLabel?: string
  title?: string
  className?: string
}

function MixedOption({ value }: { value: string }) {
  return value === MIXED ? (
    <option value={MIXED} disabled>
      Mixed
    </option>
  ) : null
}

export function CountrySelect({ id, value, onChange, disabled, ariaLabel, title, className }: Props) {
  const unknown = value !== '' && value !== MIXED && !isKnownCountry(value)
  return (
    <select
      id={id}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      disabled={disabled}
      aria-label={ariaLabel}
      title={title}
      className={className ?? 'select country'}
    >
      <option value="">Issuing country…</option>
      <MixedOption value={value} />
      {unknown && <option value={value}>{value}</option>}
      {COUNTRY_OPTIONS.map((c) => (
        <option key={c.code} value={c.code}>
          {c.label}
        </option>
      ))}
    </select>
  )
}

export function TypeSelect({ id, value, onChange, disabled, ariaLabel, title, className }: Props) {
  return (
    <select
      id={id}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      disabled={disabled}
      aria-label={ariaLabel}
      title={title}
      className={className ?? 'select'}
    >
      <option value="">ID type…</option>
      <MixedOption value={value} />
      {ID_TYPE_OPTIONS.map((t) => (
        <option key={t.value} value={t.value}>
          {t.label}
        </option>
      ))}
    </select>
  )
}
