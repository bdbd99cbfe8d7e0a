// The two selects a case's country and type are chosen with (toolbar, list row, field panel, error panel): ISO
// countries by English name valued by alpha-3, the API's ID types; "Mixed" when they stand for cases that differ.
import { COUNTRY_OPTIONS, isKnownCountry } from '../toolbar/countries'
import { ID_TYPE_OPTIONS } from '../state/idTypes'
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

type Option = { value: string; label: string }

/** One select of the pair: a placeholder, "Mixed" while it stands for cases that differ, then the options. */
function ParamSelect({
  id,
  value,
  onChange,
  disabled,
  ariaLabel,
  title,
  className,
  placeholder,
  options,
}: Props & { className: string; placeholder: string; options: readonly Option[] }) {
  return (
    <select
      id={id}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      disabled={disabled}
      aria-label={ariaLabel}
      title={title}
      className={className}
    >
      <option value="">{placeholder}</option>
      {value === MIXED && (
        <option value={MIXED} disabled>
          Mixed
        </option>
      )}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  )
}

const COUNTRIES: readonly Option[] = COUNTRY_OPTIONS.map((c) => ({ value: c.code, label: c.label }))

export function CountrySelect({ className, ...props }: Props) {
  const { value } = props
  // A code the country list does not know (kept from an older case) is still shown, as itself.
  const unknown = value !== '' && value !== MIXED && !isKnownCountry(value)
  return (
    <ParamSelect
      {...props}
      className={className ?? 'select country'}
      placeholder="Issuing country…"
      options={unknown ? [{ value, label: value }, ...COUNTRIES] : COUNTRIES}
    />
  )
}

export function TypeSelect({ className, ...props }: Props) {
  return (
    <ParamSelect
      {...props}
      className={className ?? 'select'}
      placeholder="ID type…"
      options={ID_TYPE_OPTIONS}
    />
  )
}
