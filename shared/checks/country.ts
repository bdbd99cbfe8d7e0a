// Countries as the MRZ and the printed fields write them. The MRZ uses ICAO 9303 codes: ISO 3166-1 alpha-3, plus
// 'D' for Germany and codes that are no country (GBD, GBN, GBO, GBS, GBP, UNO, UNA, UNK, XXA, XXB, XXC, XXX, RKS,
// EUE…), which are kept as themselves. A printed nationality is a code or an English country name.
//
// The library's bare module and the English locale only: the package's Node entry loads all ~80 locales (about
// 70 ms at start-up), and the main process imports dependencies unbundled, where a JSON module needs its `type`
// attribute.
import countries from 'i18n-iso-countries/index.js'
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' }

countries.registerLocale(en)

/** ICAO codes that differ from ISO 3166-1 alpha-3 for the same country. */
const ICAO_TO_ISO: Record<string, string> = { D: 'DEU' }

/** An MRZ state code (fillers allowed: "D<<") as a three-letter code, or null when it is not letters. */
export function mrzCountry(raw: string): string | null {
  const code = raw.replace(/</g, '')
  if (!/^[A-Z]{1,3}$/.test(code)) return null
  return ICAO_TO_ISO[code] ?? (code.length === 3 ? code : null)
}

const normaliseName = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()

let byName: Map<string, string> | null = null

/** English names and aliases ("United States of America", "USA", "South Korea", "Korea, Republic of") → alpha-3. */
function namesIndex(): Map<string, string> {
  if (byName) return byName
  byName = new Map()
  for (const [alpha2, names] of Object.entries(countries.getNames('en', { select: 'all' }))) {
    const alpha3 = countries.alpha2ToAlpha3(alpha2)
    if (!alpha3) continue
    for (const name of names) {
      const key = normaliseName(name)
      if (key && !byName.has(key)) byName.set(key, alpha3)
    }
  }
  return byName
}

/**
 * A printed nationality or country as a code: a three-letter code as written (ICAO codes kept), 'D' as DEU, or an
 * English country name. Null when it is neither (a demonym such as "BRITISH CITIZEN", another language).
 */
export function printedCountry(value: string): string | null {
  const v = value.trim().toUpperCase()
  if (/^[A-Z]{3}$/.test(v)) return v
  if (v === 'D') return 'DEU'
  return namesIndex().get(normaliseName(value)) ?? null
}
