// A case's issuing country and ID type (what Recognize sends): guessed at import from the file names, else the
// reviewer's last choice; changed later only by the reviewer (setCaseParams) or filled from the MRZ. Pure.
// The bare module (codes only): the package's Node entry loads every locale, which the main bundle cannot resolve.
import countries from 'i18n-iso-countries/index.js'
import { mrzRecognizeAs } from '../../../shared/checks/types'
import type { ParamOrigin } from '../../../shared/audit'
import type { Case, IdType } from '../../../shared/model'

export type CaseParamValues = { issuingCountry: string | null; idType: IdType | null }

/** Words of a file name that name an ID type (lower case; the whole word must match). */
const TYPE_WORDS: Record<string, IdType> = {
  passport: 'passport',
  pass: 'passport',
  id: 'government_id',
  idcard: 'government_id',
  government: 'government_id',
  nationalid: 'government_id',
  dl: 'drivers_license',
  licence: 'drivers_license',
  license: 'drivers_license',
  driving: 'drivers_license',
  driver: 'drivers_license',
  drivers: 'drivers_license',
  residence: 'residence_permit',
  permit: 'residence_permit',
  visa: 'visa',
  aadhaar: 'aadhaar',
  pancard: 'pancard',
  vehicle: 'vehicle_registration_certificate',
}

/**
 * Words that are also country codes but are more likely plain words in a file name ("and" Andorra, "are" the
 * Emirates, "it" Italy, "in" India…): never read as a country.
 */
const NOT_COUNTRIES = new Set([
  'and',
  'are',
  'arm',
  'per',
  'pan',
  'ton',
  'dom',
  'png',
  'id',
  'dl',
  'am',
  'an',
  'as',
  'at',
  'be',
  'by',
  'do',
  'go',
  'he',
  'if',
  'in',
  'is',
  'it',
  'me',
  'my',
  'no',
  'of',
  'on',
  'or',
  'so',
  'to',
  'up',
  'we',
])

/** The words of a file name: extension dropped, split on anything but letters, lower case. */
export function nameWords(fileName: string): string[] {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]{1,5}$/, '')
  return base
    .split(/[^A-Za-z]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase())
}

/** The one value every candidate agrees on, or null when there is none or they disagree. */
function single<T>(values: readonly T[]): T | null {
  const distinct = [...new Set(values)]
  return distinct.length === 1 ? distinct[0]! : null
}

/**
 * What a file name says: `h06-fra-passport-front.jpg` → FRA + passport, `d02-ita-id-front.jpg` → ITA +
 * government_id. A country is an ISO alpha-3 word, else (only when there is none) an alpha-2 word; either is kept
 * only when the name holds exactly one candidate. The same for the type words.
 */
export function paramsFromFileName(fileName: string): CaseParamValues {
  const words = nameWords(fileName)
  const candidates = words.filter((w) => !NOT_COUNTRIES.has(w) && !(w in TYPE_WORDS))
  const alpha3 = candidates
    .filter((w) => w.length === 3)
    .map((w) => w.toUpperCase())
    .filter((w) => countries.isValid(w))
  const alpha2 = candidates
    .filter((w) => w.length === 2 && countries.isValid(w.toUpperCase()))
    .map((w) => countries.alpha2ToAlpha3(w.toUpperCase()))
    .filter((c): c is string => typeof c === 'string')
  const issuingCountry = alpha3.length ? single(alpha3) : single(alpha2)
  const types = words.filter((w) => w in TYPE_WORDS).map((w) => TYPE_WORDS[w]!)
  return { issuingCountry, idType: single(types) }
}

export type ImportParams = CaseParamValues & {
  /** Where each value came from, for the audit trail. */
  source: { issuingCountry: ParamOrigin | null; idType: ParamOrigin | null }
}

/**
 * The country and type a new case starts with: what the front's name says, else the back's, else the reviewer's
 * last choice in this session; each value on its own (a name may say only "passport").
 */
export function importParams(fileNames: readonly string[], last: CaseParamValues): ImportParams {
  const read = fileNames.map(paramsFromFileName)
  const fromName = {
    issuingCountry: read.find((r) => r.issuingCountry)?.issuingCountry ?? null,
    idType: read.find((r) => r.idType)?.idType ?? null,
  }
  const pick = <K extends keyof CaseParamValues>(k: K) =>
    fromName[k] !== null
      ? { value: fromName[k], origin: 'file_name' as const }
      : last[k] !== null
        ? { value: last[k], origin: 'last_choice' as const }
        : { value: null, origin: null }
  const country = pick('issuingCountry')
  const type = pick('idType')
  return {
    issuingCountry: country.value,
    idType: type.value as IdType | null,
    source: { issuingCountry: country.origin, idType: type.origin },
  }
}

/** The case with the MRZ's country and type filled in where it has none; the case itself when nothing changes. */
export function fillFromMrz(c: Case): Case {
  if (c.issuingCountry && c.idType) return c
  const mrz = c.checks ? mrzRecognizeAs(c.checks.checks) : null
  if (!mrz) return c
  const next = {
    ...c,
    issuingCountry: c.issuingCountry ?? mrz.issuingCountry,
    idType: c.idType ?? mrz.idType,
  }
  return next.issuingCountry === c.issuingCountry && next.idType === c.idType ? c : next
}

/** Whether the case is in the recognition queue (its country and type are being used). */
export function isBusy(c: Pick<Case, 'status'>): boolean {
  return c.status === 'queued' || c.status === 'sending'
}
