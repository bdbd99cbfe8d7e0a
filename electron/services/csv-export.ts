// One row per case, a column per field key, the corrected values. RFC 4180 via csv-stringify, UTF-8 with BOM
// (so Excel reads accents and Hangul correctly), every cell neutralised against formula injection.
import { stringify } from 'csv-stringify/sync'
import { neutraliseCell } from '../../shared/csv-cell'
import type { Case } from '../../shared/model'

export const FIXED_COLUMNS = [
  'case_id',
  'front_file',
  'back_file',
  'issuing_country',
  'id_type',
  'document_type',
  'transaction_id',
  'status',
] as const

/** Field keys in the order they first appear across the cases (stable for the same input). */
export function fieldColumns(cases: Case[]): string[] {
  const seen = new Set<string>()
  for (const c of cases) for (const f of c.fields) seen.add(f.key)
  return [...seen]
}

export function casesToCsv(cases: Case[]): string {
  const keys = fieldColumns(cases)
  const header = [...FIXED_COLUMNS, ...keys]
  const rows = cases.map((c) => {
    const byKey = new Map(c.fields.map((f) => [f.key, f.value]))
    const fixed = [
      c.id,
      c.front.originalName,
      c.back?.originalName ?? '',
      c.issuingCountry ?? '',
      c.idType ?? '',
      c.documentType ?? '',
      c.transactionId ?? '',
      c.status,
    ]
    return [...fixed, ...keys.map((k) => byKey.get(k) ?? '')]
  })
  const body = stringify(
    [header, ...rows].map((r) => r.map(neutraliseCell)),
    {
      quoted: true,
      record_delimiter: '\r\n',
    },
  )
  return `\uFEFF${body}`
}
