import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { casesToCsv } from '../../../electron/services/csv-export'
import { neutraliseCell } from '../../../shared/csv-cell'
import { SCHEMA_VERSION, type Case, type Field } from '../../../shared/model'

const field = (key: string, value: string): Field => ({
  key,
  side: 'front',
  value,
  ocrValue: value,
  score: 90,
  accepted: null,
  quad: null,
  quadSource: 'none',
  verified: false,
})

const aCase = (id: string, fields: Field[], name = 'front.jpg'): Case => ({
  schemaVersion: SCHEMA_VERSION,
  id,
  name,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  front: {
    file: 'front.jpg',
    originalName: name,
    mime: 'image/jpeg',
    width: 10,
    height: 10,
    bytes: 1,
    preview: null,
  },
  back: null,
  issuingCountry: 'NZL',
  idType: 'passport',
  status: 'recognised',
  provider: 'argos',
  transactionId: 'tx1',
  documentType: 'passport',
  error: null,
  fields,
  ocr: {},
  recognition: null,
  supportBody: null,
  history: [],
  decision: null,
  auditHead: null,
  contentHash: null,
})

describe('neutraliseCell', () => {
  it.each(['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx', ' =HYPERLINK("http://x")', '\n=1'])(
    'prefixes %j with an apostrophe',
    (payload) => {
      expect(neutraliseCell(payload)).toBe(`'${payload}`)
    },
  )
  it.each(['TAMIHANA AROHA', '1992-03-04', 'a=b', '홍길동', ''])('leaves %j alone', (v) => {
    expect(neutraliseCell(v)).toBe(v)
  })
})

describe('casesToCsv', () => {
  it('writes a BOM, CRLF, a column per field key and the corrected values', () => {
    const csv = casesToCsv([
      aCase('case-0001', [field('name', 'ROSSI GIULIA'), field('number', 'CA00000AA')]),
      aCase('case-0002', [field('name', '홍길동'), field('address', 'Via Roma, 1 "A"')]),
    ])
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(csv).toContain('\r\n')
    const rows = parse(csv.slice(1)) as string[][]
    expect(rows[0]).toEqual([
      'case_id',
      'front_file',
      'back_file',
      'issuing_country',
      'id_type',
      'document_type',
      'transaction_id',
      'status',
      'name',
      'number',
      'address',
    ])
    expect(rows[1]!.slice(8)).toEqual(['ROSSI GIULIA', 'CA00000AA', ''])
    expect(rows[2]!.slice(8)).toEqual(['홍길동', '', 'Via Roma, 1 "A"'])
  })

  it('neutralises formulas in values and file names', () => {
    const csv = casesToCsv([aCase('case-0003', [field('name', '=HYPERLINK("http://evil")')], '@evil.jpg')])
    const rows = parse(csv.slice(1)) as string[][]
    expect(rows[1]![1]).toBe("'@evil.jpg")
    expect(rows[1]![8]).toBe(`'=HYPERLINK("http://evil")`)
  })
})
