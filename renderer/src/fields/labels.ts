// Reviewer-facing labels for API field keys. The API's `raw` map is open (any key), so labels are derived,
// not looked up: `expire_date` → "Expire date", `back_mrz_line1` → "MRZ line 1".

import { BACK_PREFIX } from '../../../shared/field-order'

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

export function fieldLabel(key: string): string {
  const parts = words(baseKey(key))
  if (parts.length === 0) return key
  const out = parts.map((w, i) => {
    if (i > 0 && i === parts.length - 1 && SCRIPT_SUFFIXES[w]) return SCRIPT_SUFFIXES[w]
    if (ACRONYMS.has(w) && !(w === 'no' && i === 0)) return w.toUpperCase()
    return i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w
  })
  return out.join(' ')
}
