// The CSV export: one row per case, RFC 4180 (csv-stringify), CRLF, every cell quoted, UTF-8 with an optional BOM,
// comma or semicolon. Fixed case columns, then one column per field key in canonical order (see columns.ts), each
// cell neutralised against formula injection (see neutralise.ts). Pure: no I/O.
import { stringify } from 'csv-stringify/sync'
import { DEFAULT_CSV_OPTIONS, type CsvOptions } from '../../../shared/export-options'
import { DOCUMENT_NUMBER_KEYS, type Case, type Decision, type Field } from '../../../shared/model'
import { failingChecks } from '../../../shared/checks/types'
import { BACK_PREFIX, LEADING_COLUMNS, columnKey, fieldColumnKeys, headerFor, isMrzKey } from './columns'
import { isDateKey, normaliseDate } from './dates'
import { neutralise } from './neutralise'

export { DEFAULT_CSV_OPTIONS, type CsvOptions }

export const BOM = '\uFEFF'

/** Corrected: the value differs from what OCR read, or the reviewer added the field (drew it, OCR read nothing). */
export function isCorrected(f: Pick<Field, 'value' | 'ocrValue' | 'quadSource'>): boolean {
  return f.value !== f.ocrValue || (f.ocrValue === '' && f.quadSource === 'drawn')
}

/** ISO 8601 in UTC (`2026-01-31T09:30:00.000Z`); a value that is not a date is kept as is. */
export function isoUtc(at: string): string {
  if (at === '') return at
  const t = Date.parse(at)
  return Number.isNaN(t) ? at : new Date(t).toISOString()
}

/** The rejection reason, the reviewer's note, or both as "reason: note". */
export function decisionReason(d: Pick<Decision, 'reason' | 'note'> | null): string {
  if (!d) return ''
  const note = d.note.trim()
  if (d.reason && note) return `${d.reason}: ${note}`
  return d.reason ?? note
}

const DOCUMENT_NUMBER_KEY_SET = new Set(DOCUMENT_NUMBER_KEYS)

/** Keys that carry the document number (DOCUMENT_NUMBER_KEYS, also as back_ columns). */
export function isDocumentNumberKey(key: string): boolean {
  const k = key.toLowerCase()
  return DOCUMENT_NUMBER_KEY_SET.has(k.startsWith(BACK_PREFIX) ? k.slice(BACK_PREFIX.length) : k)
}

/** All but the last 4 characters as `*`; a value of 4 characters or fewer entirely. Counts code points. */
export function maskDocumentNumber(value: string): string {
  if (value === '') return value
  const chars = Array.from(value)
  if (chars.length <= 4) return '*'.repeat(chars.length)
  return '*'.repeat(chars.length - 4) + chars.slice(-4).join('')
}

/** A document number as the MRZ writes it: no spaces or dashes, capitals. */
const mrzForm = (n: string) => n.replace(/[\s-]/g, '').toUpperCase()

/** The MRZ repeats the document number: with masking on, every occurrence of the case's numbers is masked there too. */
function maskNumbersInMrz(text: string, numbers: readonly string[]): string {
  let out = text
  for (const n of numbers) if (out.includes(n)) out = out.split(n).join(maskDocumentNumber(n))
  return out
}

type ColumnPlan = { index: number; isDate: boolean; isNumber: boolean; isMrz: boolean }

/** The CSV text of these cases (with the BOM when options.bom). */
export function buildCsv(cases: readonly Case[], options: CsvOptions = DEFAULT_CSV_OPTIONS): string {
  const { includeOcr, normaliseDates, maskDocumentNumbers, excludeMrz } = options
  const keys = fieldColumnKeys(cases, { excludeMrz })
  const header = headerFor(keys, includeOcr)
  const width = header.length
  const stride = includeOcr ? 4 : 1
  // Everything that depends only on the column is decided once, not per cell.
  const plan = new Map<string, ColumnPlan>()
  keys.forEach((key, i) =>
    plan.set(key, {
      index: LEADING_COLUMNS.length + i * stride,
      isDate: normaliseDates && isDateKey(key),
      isNumber: maskDocumentNumbers && isDocumentNumberKey(key),
      isMrz: maskDocumentNumbers && isMrzKey(key),
    }),
  )
  // The numbers are only looked for when an MRZ column is written with masking on.
  const masksMrz = [...plan.values()].some((col) => col.isMrz)
  const format = (text: string, col: ColumnPlan, numbers: readonly string[]): string => {
    let out = col.isDate ? normaliseDate(text) : text
    if (col.isNumber) out = maskDocumentNumber(out)
    else if (col.isMrz && numbers.length) out = maskNumbersInMrz(out, numbers)
    return neutralise(out)
  }

  const records: string[][] = new Array(cases.length + 1)
  records[0] = header.map(neutralise)
  for (let r = 0; r < cases.length; r++) {
    const c = cases[r]!
    const d = c.decision
    const row: string[] = new Array<string>(width).fill('')
    row[0] = neutralise(c.id)
    row[1] = neutralise(c.transactionId ?? '')
    row[2] = neutralise(c.front.originalName)
    row[3] = neutralise(c.back?.originalName ?? '')
    row[4] = neutralise(c.issuingCountry ?? '')
    row[5] = neutralise(c.idType ?? '')
    row[6] = neutralise(c.documentType ?? '')
    row[7] = neutralise(c.provider ?? '')
    row[8] = neutralise(d?.kind ?? '')
    row[9] = neutralise(decisionReason(d))
    row[10] = neutralise(d?.reviewer ?? '')
    row[11] = neutralise(d ? isoUtc(d.at) : '')
    row[12] = neutralise(failedCheckIds(c))

    const numbers = masksMrz ? documentNumbersOf(c.fields) : NO_NUMBERS
    // A column two fields map to (front "back_x" and back "x"): the first with a value wins.
    const filled = new Set<number>()
    for (const f of c.fields) {
      const col = plan.get(columnKey(f))
      if (!col || filled.has(col.index)) continue
      if (f.value !== '') filled.add(col.index)
      const i = col.index
      row[i] = format(f.value, col, numbers)
      if (includeOcr) {
        row[i + 1] = format(f.ocrValue, col, numbers)
        row[i + 2] = f.score === null ? '' : neutralise(String(f.score))
        row[i + 3] = isCorrected(f) ? 'true' : 'false'
      }
    }
    records[r + 1] = row
  }

  const body = stringify(records, {
    delimiter: options.delimiter,
    quoted: true,
    quoted_empty: true,
    record_delimiter: '\r\n',
  })
  return options.bom ? BOM + body : body
}

const NO_NUMBERS: readonly string[] = []

/** The ids of the checks that failed when the case was last checked, separated by spaces ('' when none). */
export function failedCheckIds(c: Pick<Case, 'checks'>): string {
  return failingChecks(c.checks)
    .map((x) => x.id)
    .join(' ')
}

/** The case's document numbers in MRZ form (value and OCR reading), for masking them inside the MRZ lines. */
function documentNumbersOf(fields: readonly Field[]): readonly string[] {
  const out = new Set<string>()
  for (const f of fields) {
    if (!isDocumentNumberKey(f.key)) continue
    for (const v of [f.value, f.ocrValue]) {
      const n = mrzForm(v)
      if (n.length >= 5) out.add(n) // shorter ones would match by chance
    }
  }
  return [...out]
}
