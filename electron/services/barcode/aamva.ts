// Reads the AAMVA DL/ID text of a licence's PDF417 into BarcodeData. Elements are read by their position (an
// element ID at the start of a line of the DL or ID subfile), never by searching the text for the ID: a surname
// such as DAIGLE holds "DAI" (the city's ID), and a search would read the city from it. Dates are written MMDDCCYY
// in the US and CCYYMMDD in Canada (and in version 1); the two cannot be confused (a month is at most 12, a century
// at least 19), so a date written in the other country's order is still read right.
import type { BarcodeData } from '../../../shared/checks/types'

export type AamvaParse = { ok: true; data: BarcodeData } | { ok: false; notAamva: boolean; message: string }

/** `@`, three separator characters, the file type, the IIN and the version (tolerant of the separators used). */
const HEADER = /^@[^A-Za-z0-9]{0,4}(?:ANSI ?|AAMVA)(\d{6})(\d{2})/
const DIRECTORY_ENTRY = /^([A-Z]{2})(\d{4})(\d{4})/
const ELEMENT = /^([A-Z]{3})(.*)$/
const CANADIAN = new Set(['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT'])
const UNKNOWN = new Set(['', 'NONE', 'UNAVL', 'UNKNOWN', 'UNK', 'N/A'])

export function parseAamva(raw: string): AamvaParse {
  const header = HEADER.exec(raw)
  if (!header) {
    return {
      ok: false,
      notAamva: true,
      message: 'A PDF417 barcode was read, but it does not hold AAMVA licence data.',
    }
  }
  const version = Number(header[2])
  const elements = readElements(raw, header[0].length, version)
  if (!elements) {
    return {
      ok: false,
      notAamva: false,
      message: 'The barcode has an AAMVA header, but no driving-licence or ID subfile could be found in it.',
    }
  }
  const data = toBarcodeData(elements, version)
  if (!data.number && !data.surname && !data.birth) {
    return {
      ok: false,
      notAamva: false,
      message:
        'The barcode has an AAMVA header, but its licence number, name and birth date could not be read.',
    }
  }
  return { ok: true, data }
}

/** The elements of the DL (or else ID) subfile, by ID (the first occurrence wins); null when there is none. */
function readElements(raw: string, afterVersion: number, version: number): Map<string, string> | null {
  // Version 1 has no jurisdiction version number before the number of entries.
  let at = afterVersion + (version >= 2 ? 2 : 0)
  const entries = Number(raw.slice(at, at + 2))
  at += 2
  const directory: { type: string; offset: number; length: number }[] = []
  for (let i = 0; Number.isInteger(entries) && i < entries; i++) {
    const m = DIRECTORY_ENTRY.exec(raw.slice(at))
    if (!m) break
    directory.push({ type: m[1]!, offset: Number(m[2]), length: Number(m[3]) })
    at += 10
  }
  for (const type of ['DL', 'ID']) {
    const entry = directory.find((d) => d.type === type)
    let body: string | null = null
    // Offsets are often a few characters off in real barcodes: trust them only when they land on the type.
    if (entry && raw.startsWith(type, entry.offset)) {
      body = raw.slice(entry.offset + 2, entry.offset + entry.length)
    } else {
      const start = findSubfile(raw, type, entry ? at : afterVersion)
      if (start >= 0) body = raw.slice(start + 2)
    }
    if (body !== null) {
      const elements = splitElements(body)
      if (elements.size > 0) return elements
    }
  }
  return null
}

/** Where a subfile of `type` starts: the type followed by an element ID, after the directory. */
function findSubfile(raw: string, type: string, from: number): number {
  const re = new RegExp(`${type}(?=[A-Z]{3})`, 'g')
  re.lastIndex = from
  return re.exec(raw)?.index ?? -1
}

function splitElements(body: string): Map<string, string> {
  // The subfile ends at the segment terminator (CR); some issuers separate elements with CR LF instead of LF.
  const lines = body.split(/\r\n|\n/)
  const elements = new Map<string, string>()
  for (const line of lines) {
    const end = line.indexOf('\r')
    const m = ELEMENT.exec(end >= 0 ? line.slice(0, end) : line)
    if (m && !elements.has(m[1]!)) elements.set(m[1]!, m[2]!.trim())
    if (end >= 0) break
  }
  return elements
}

function toBarcodeData(e: Map<string, string>, version: number): BarcodeData {
  const get = (id: string): string | null => {
    const v = e.get(id)?.replace(/\s+/g, ' ').trim()
    return v && !UNKNOWN.has(v.toUpperCase()) ? v : null
  }
  // Version 1 may carry the whole name in DAA ("LAST,FIRST,MIDDLE"); versions 2 and 3 the given names in DCT.
  const full = (get('DAA') ?? '').split(',').map((s) => s.trim())
  const surname = get('DCS') ?? get('DAB') ?? (full[0] || null)
  const first = get('DAC') ?? get('DCT')?.replace(/,/g, ' ') ?? (full[1] || null)
  const middle = get('DAD') ?? (get('DAC') || get('DCT') ? null : full[2] || null)
  const givenNames = [first, middle].filter(Boolean).join(' ').replace(/\s+/g, ' ') || null

  const jurisdiction = get('DAJ')?.toUpperCase() ?? null
  const dcg = get('DCG')?.toUpperCase() ?? null
  const country =
    dcg === 'USA' || dcg === 'CAN' ? dcg : jurisdiction ? (CANADIAN.has(jurisdiction) ? 'CAN' : 'USA') : null
  const canadianOrder = version < 2 || country === 'CAN'
  const date = (id: string) => aamvaDate(get(id), canadianOrder)

  return {
    number: get('DAQ') ?? get('DBJ'),
    surname,
    givenNames,
    birth: date('DBB'),
    expiry: date('DBA'),
    issue: date('DBD'),
    sex: sex(get('DBC')),
    address: address(get('DAG'), get('DAH'), get('DAI'), jurisdiction, postal(get('DAK'), country)),
    country,
    jurisdiction: jurisdiction && /^[A-Z]{2}$/.test(jurisdiction) ? jurisdiction : null,
    version,
  }
}

/** YYYY-MM-DD from CCYYMMDD or MMDDCCYY (the expected order first); null for anything that is not a real date. */
export function aamvaDate(value: string | null, canadianOrder: boolean): string | null {
  if (!value || !/^\d{8}$/.test(value)) return null
  const ymd = () => isoDate(value.slice(0, 4), value.slice(4, 6), value.slice(6, 8))
  const mdy = () => isoDate(value.slice(4, 8), value.slice(0, 2), value.slice(2, 4))
  return canadianOrder ? (ymd() ?? mdy()) : (mdy() ?? ymd())
}

function isoDate(y: string, m: string, d: string): string | null {
  const year = Number(y)
  const month = Number(m)
  const day = Number(d)
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return null
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null
  return `${y}-${m}-${d}`
}

function sex(code: string | null): BarcodeData['sex'] {
  switch (code?.toUpperCase()) {
    case '1':
    case 'M':
      return 'M'
    case '2':
    case 'F':
      return 'F'
    case '9':
    case 'X':
      return 'X'
    default:
      return null
  }
}

/** The postal code as printed: ZIP or ZIP+4 (an unknown +4 of 0000 dropped), "A1A 1A1" in Canada. */
function postal(value: string | null, country: string | null): string | null {
  if (!value) return null
  const compact = value.replace(/[\s-]/g, '').toUpperCase()
  if (country !== 'CAN' && /^\d{9}$/.test(compact)) {
    return compact.endsWith('0000') ? compact.slice(0, 5) : `${compact.slice(0, 5)}-${compact.slice(5)}`
  }
  if (/^[A-Z]\d[A-Z]\d[A-Z]\d$/.test(compact)) return `${compact.slice(0, 3)} ${compact.slice(3)}`
  return value
}

/** "STREET, CITY JURISDICTION POSTAL", leaving out what is missing. */
function address(
  street: string | null,
  supplement: string | null,
  city: string | null,
  jurisdiction: string | null,
  postalCode: string | null,
): string | null {
  const line1 = [street, supplement].filter(Boolean).join(' ')
  const line2 = [city, jurisdiction, postalCode].filter(Boolean).join(' ')
  return [line1, line2].filter(Boolean).join(', ') || null
}
