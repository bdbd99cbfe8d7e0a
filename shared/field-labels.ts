// Reviewer-facing labels (pure, shared: the main process's refusal messages name fields the same way) for API field keys: the one label function, used by the panel, the canvas, the decision
// hints, messages and the timeline. The API's `raw` map is open (any key), so labels are derived (`back_mrz_line1` →
// "MRZ line 1", `name_chn` → "Name (Chinese)"), except for the keys a reviewer knows by another name, which the table
// below names as printed on documents (ICAO 9303 wording: "Date of expiry", "Sex").

import { BACK_PREFIX } from './field-order'

export { BACK_PREFIX }

const ACRONYMS = new Set([
  'mrz',
  'id',
  'dl',
  'ssn',
  'pan',
  'uid',
  'vin',
  'dob',
  'nic',
  'nin',
  'tin',
  'ocr',
  'no',
])
const SCRIPT_SUFFIXES: Record<string, string> = {
  chn: '(Chinese)',
  kor: '(Korean)',
  jpn: '(Japanese)',
  eng: '(English)',
  ara: '(Arabic)',
  rus: '(Russian)',
  tha: '(Thai)',
}

/** Keys whose reviewer term is not their words: the terms printed on ID documents. */
const TERMS: Record<string, string> = {
  number: 'Document number',
  document_number: 'Document number',
  birth: 'Date of birth',
  birth_date: 'Date of birth',
  dob: 'Date of birth',
  birth_place: 'Place of birth',
  issue_date: 'Date of issue',
  issue_place: 'Place of issue',
  expire_date: 'Date of expiry',
  expiry_date: 'Date of expiry',
  expiration_date: 'Date of expiry',
  gender: 'Sex',
  sex: 'Sex',
}

/** The key without the `back_` side prefix. */
export function baseKey(key: string): string {
  return key.startsWith(BACK_PREFIX) && key.length > BACK_PREFIX.length ? key.slice(BACK_PREFIX.length) : key
}

function words(key: string): string[] {
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase())
}

/** The label of a field key, the same wherever the field is named. A back field is labelled without its prefix. */
export function fieldLabel(key: string): string {
  const parts = words(baseKey(key))
  const term = TERMS[parts.join('_')]
  if (term) return term
  if (parts.length === 0) return key
  const out = parts.map((w, i) => {
    if (i > 0 && i === parts.length - 1 && SCRIPT_SUFFIXES[w]) return SCRIPT_SUFFIXES[w]
    if (ACRONYMS.has(w) && !(w === 'no' && i === 0)) return w.toUpperCase()
    return i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w
  })
  return out.join(' ')
}
