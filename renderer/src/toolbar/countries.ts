// The "Issuing country" options: every ISO 3166-1 country i18n-iso-countries knows, by English name,
// valued by alpha-3 (what the API wants).
import countries from 'i18n-iso-countries'
import en from 'i18n-iso-countries/langs/en.json'

countries.registerLocale(en)

export type CountryOption = { code: string; name: string; label: string }

/**
 * The library lists a country's names with a common name first ("South Korea") and sometimes the ISO short
 * name among the aliases ("Korea, Republic of"). Reviewers compare against the ISO list the provider uses,
 * so the ISO-style "X, Y of" form wins when present.
 */
function displayName(names: string | string[]): string {
  if (typeof names === 'string') return names
  return names.find((n) => /, .+ of$/.test(n)) ?? names[0] ?? ''
}

function build(): CountryOption[] {
  const out: CountryOption[] = []
  for (const [alpha2, names] of Object.entries(en.countries)) {
    const code = countries.alpha2ToAlpha3(alpha2)
    const name = displayName(names)
    if (!code || !name) continue
    out.push({ code, name, label: `${name} (${code})` })
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'en'))
}

export const COUNTRY_OPTIONS: readonly CountryOption[] = build()

const BY_CODE = new Map(COUNTRY_OPTIONS.map((c) => [c.code, c]))

export function countryLabel(code: string | null): string {
  if (!code) return ''
  return BY_CODE.get(code)?.label ?? code
}

export function isKnownCountry(code: string): boolean {
  return BY_CODE.has(code)
}

/** The country's English name ("Italy"); the code itself when unknown. */
export function countryName(code: string): string {
  return BY_CODE.get(code)?.name ?? code
}
