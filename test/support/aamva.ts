// Builds the text an AAMVA-compliant PDF417 carries (DL/ID Card Design Standard, version 10 by default): the header
// with its subfile directory, then one DL (or ID) subfile of elements separated by LF and ended by CR. Synthetic
// licences only; the tests decode what this writes and compare it with what went in.

export type AamvaLicence = {
  country: 'USA' | 'CAN'
  /** State or province code (DAJ), e.g. ON, CA. */
  jurisdiction: string
  /** Issuer identification number; by default the jurisdiction's (or 636000). */
  iin?: string
  /** Customer ID / licence number (DAQ), as printed. */
  number: string
  surname: string
  /** First name (DAC). */
  given: string
  /** Middle name(s) (DAD); omitted is written as NONE. */
  middle?: string
  /** ISO dates (YYYY-MM-DD); written MMDDCCYY for USA, CCYYMMDD for CAN. */
  birth: string
  expiry: string
  issue: string
  sex: 'M' | 'F' | 'X'
  street: string
  city: string
  /** As printed ("M5H 1A1", "90210", "90210-1234"); written as AAMVA pads it. */
  postal: string
  licenceClass?: string
  /** Document discriminator (DCF). */
  discriminator?: string
  /** DL (driving licence, the default) or ID (identification card). */
  subfile?: 'DL' | 'ID'
  /** AAMVA version in the header (default 10). */
  version?: number
}

const IINS: Record<string, string> = {
  ON: '636012',
  QC: '604428',
  BC: '636028',
  AB: '604432',
  CA: '636014',
  NY: '636001',
  TX: '636015',
  FL: '636010',
  WA: '636045',
}

/** The Ontario licence of fixture d03 (test/fixtures/documents/d03-can-dl.truth.json). */
export const D03_LICENCE: AamvaLicence = {
  country: 'CAN',
  jurisdiction: 'ON',
  number: 'T7654-32109-80706',
  surname: 'TREMBLAY',
  given: 'LUC',
  birth: '1980-07-06',
  expiry: '2026-07-06',
  issue: '2021-01-01',
  sex: 'M',
  street: '10 KING ST W',
  city: 'TORONTO',
  postal: 'M5H 1A1',
  licenceClass: 'G',
}

/** A Californian licence with a middle name and a ZIP+4, for the MMDDCCYY dates. */
export const US_LICENCE: AamvaLicence = {
  country: 'USA',
  jurisdiction: 'CA',
  number: 'D1234567',
  surname: 'SAMPLE',
  given: 'JANE',
  middle: 'ANN MARIE',
  birth: '1990-12-31',
  expiry: '2029-12-31',
  issue: '2024-02-15',
  sex: 'F',
  street: '2570 24TH STREET',
  city: 'SACRAMENTO',
  postal: '95818-1234',
  licenceClass: 'C',
}

function aamvaDate(iso: string, country: 'USA' | 'CAN'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) throw new Error(`not an ISO date: ${iso}`)
  const [, y, mo, d] = m
  return country === 'USA' ? `${mo}${d}${y}` : `${y}${mo}${d}`
}

function aamvaPostal(postal: string, country: 'USA' | 'CAN'): string {
  if (country === 'CAN') return postal.padEnd(11, ' ')
  const digits = postal.replace(/\D/g, '')
  return (digits.length === 5 ? `${digits}0000` : digits).padEnd(11, ' ')
}

const SEX_CODE = { M: '1', F: '2', X: '9' } as const

/** The licence's elements in the order jurisdictions usually write them. */
export function aamvaElements(l: AamvaLicence): [string, string][] {
  return [
    ['DAQ', l.number],
    ['DCA', l.licenceClass ?? 'G'],
    ['DCB', 'NONE'],
    ['DCD', 'NONE'],
    ['DBA', aamvaDate(l.expiry, l.country)],
    ['DCS', l.surname],
    ['DAC', l.given],
    ['DAD', l.middle ?? 'NONE'],
    ['DBD', aamvaDate(l.issue, l.country)],
    ['DBB', aamvaDate(l.birth, l.country)],
    ['DBC', SEX_CODE[l.sex]],
    ['DAY', 'BRO'],
    ['DAU', l.country === 'USA' ? '069 IN' : '175 CM'],
    ['DAG', l.street],
    ['DAI', l.city],
    ['DAJ', l.jurisdiction],
    ['DAK', aamvaPostal(l.postal, l.country)],
    ['DCF', l.discriminator ?? 'A1B2C3D4E5'],
    ['DCG', l.country],
    ['DDE', 'N'],
    ['DDF', 'N'],
    ['DDG', 'N'],
  ]
}

/**
 * The AAMVA text of a licence: `@` LF RS CR `ANSI ` IIN version jurisdiction-version entries, the subfile
 * directory (type, 4-digit offset, 4-digit length), then the subfile. `elements` replaces the licence's elements
 * (to write a damaged or unusual subfile).
 */
export function aamvaText(l: AamvaLicence, elements: [string, string][] = aamvaElements(l)): string {
  const version = String(l.version ?? 10).padStart(2, '0')
  const iin = l.iin ?? IINS[l.jurisdiction] ?? '636000'
  const type = l.subfile ?? 'DL'
  const subfile = `${type}${elements.map(([id, value]) => `${id}${value}`).join('\n')}\r`
  const headerLength = 21 + 10
  const header = `@\n\x1e\rANSI ${iin}${version}0001${type}${pad4(headerLength)}${pad4(subfile.length)}`
  return header + subfile
}

function pad4(n: number): string {
  return String(n).padStart(4, '0')
}
