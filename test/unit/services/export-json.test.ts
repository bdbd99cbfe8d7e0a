import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { EXPORT_FORMAT, EXPORT_VERSION, buildJson } from '../../../electron/services/export/json'
import { CaseSchema, SCHEMA_VERSION, type Case, type Field, type Quad } from '../../../shared/model'

const quad: Quad = [
  { x: 812.5, y: 140 },
  { x: 1630, y: 141.25 },
  { x: 1629, y: 212 },
  { x: 811, y: 210.75 },
]

const field = (key: string, value: string, extra: Partial<Field> = {}): Field => ({
  key,
  side: 'front',
  value,
  ocrValue: value,
  score: 88,
  accepted: null,
  quad: null,
  quadSource: 'none',
  verified: false,
  ...extra,
})

const image = (originalName: string, width: number, height: number) => ({
  file: 'front.jpg',
  originalName,
  mime: 'image/jpeg' as const,
  width,
  height,
  bytes: 1,
  preview: null,
})

/** A case as the store would load it (defaults filled by the schema, so new optional model keys need no edit). */
function aCase(id: string, fields: Field[], extra: Partial<Case> = {}): Case {
  const input: z.input<typeof CaseSchema> = {
    schemaVersion: SCHEMA_VERSION,
    id,
    name: 'scan.jpg',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    front: image('=scan front.jpg', 4000, 2520),
    back: null,
    issuingCountry: 'KOR',
    idType: 'drivers_license',
    status: 'recognised',
    provider: 'argos',
    transactionId: 'tx-9',
    documentType: 'Driver licence',
    error: null,
    fields,
    ocr: { name: '홍길동' },
    recognition: null,
    supportBody: null,
    history: [],
    decision: null,
    contentHash: null,
  }
  return CaseSchema.parse({ ...input, ...extra })
}

const NOW = '2026-03-04T05:06:07.000Z'

describe('buildJson', () => {
  const decided = aCase(
    'case-0001',
    [
      field('name', '홍길동 😀', {
        ocrValue: '홍길등',
        score: 61.5,
        accepted: true,
        quad,
        quadSource: 'original',
      }),
      field('number', '=1+1', { verified: true }),
      field('birth', '31.01.1990', { side: 'back', quad, quadSource: 'mapped' }),
      field('remark', 'added', { ocrValue: '', quadSource: 'drawn', quad, score: null }),
      field('empty_drawn', '', { ocrValue: '', quadSource: 'drawn' }),
    ],
    {
      back: image('back.png', 3000, 1890),
      decision: {
        kind: 'rejected',
        reason: 'Other',
        note: 'blurred',
        reviewer: 'Ana',
        at: '2026-03-01T19:30:00+09:00',
        checksOverride: null,
      },
      checks: {
        options: { today: '2026-03-01', minimumAge: 18 },
        at: '2026-03-01T10:29:00.000Z',
        checks: [
          {
            id: 'mrz.match.number',
            status: 'fail',
            fields: ['number', 'mrz_line2'],
            values: [{ source: 'printed', label: 'Printed number', value: '=1+1', fieldKey: 'number' }],
            message: 'The printed number differs from the MRZ: look closer.',
            expected: 'CA00000AA (from the MRZ)',
            fix: { key: 'number', value: 'CA00000AA' },
            recognizeAs: null,
          },
          {
            id: 'doc.expired',
            status: 'pass',
            fields: ['expire_date'],
            values: [],
            message: 'Valid until 2029-09-09.',
            expected: null,
            fix: null,
            recognizeAs: null,
          },
        ],
      },
    },
  )
  const pending = aCase('case-0002', [], { provider: null, transactionId: null })
  const audits: Record<string, unknown[]> = {
    'case-0001': [{ at: '2026-03-01T10:30:00.000Z', action: 'decision', kind: 'rejected' }],
    'case-0002': [],
  }
  const asked: string[] = []
  const text = buildJson([decided, pending], (id) => (asked.push(id), audits[id]!), NOW)
  const doc = JSON.parse(text)

  it('is one document with the format, the version and the export time at the top', () => {
    expect(Object.keys(doc)).toEqual(['format', 'version', 'exportedAt', 'cases'])
    expect(doc.format).toBe('recto-export')
    expect(EXPORT_FORMAT).toBe('recto-export')
    expect(doc.version).toBe(1)
    expect(EXPORT_VERSION).toBe(1)
    expect(doc.exportedAt).toBe(NOW)
    expect(text.endsWith('}\n')).toBe(true)
  })

  it('has every case with the documented keys, and the audit of that case', () => {
    expect(asked).toEqual(['case-0001', 'case-0002'])
    expect(doc.cases).toHaveLength(2)
    const [a, b] = doc.cases
    expect(a).toMatchObject({
      id: 'case-0001',
      frontFile: '=scan front.jpg', // data, not a spreadsheet: never neutralised
      backFile: 'back.png',
      issuingCountry: 'KOR',
      idType: 'drivers_license',
      documentType: 'Driver licence',
      provider: 'argos',
      transactionId: 'tx-9',
      decision: 'rejected',
      decisionReason: 'Other',
      decisionNote: 'blurred',
      reviewer: 'Ana',
      decidedAt: '2026-03-01T10:30:00.000Z',
      images: { front: { width: 4000, height: 2520 }, back: { width: 3000, height: 1890 } },
      audit: audits['case-0001'],
      checksOverride: null,
      checksDay: '2026-03-01',
    })
    // Each check as { id, status, fields, message, expected }: the values and the fix stay in the store.
    expect(a.checks).toEqual([
      {
        id: 'mrz.match.number',
        status: 'fail',
        fields: ['number', 'mrz_line2'],
        message: 'The printed number differs from the MRZ: look closer.',
        expected: 'CA00000AA (from the MRZ)',
      },
      {
        id: 'doc.expired',
        status: 'pass',
        fields: ['expire_date'],
        message: 'Valid until 2029-09-09.',
        expected: null,
      },
    ])
    expect(b).toMatchObject({
      id: 'case-0002',
      backFile: null,
      provider: null,
      transactionId: null,
      decision: null,
      decisionReason: null,
      reviewer: null,
      decidedAt: null,
      fields: [],
      audit: [],
      checks: null,
      checksDay: null,
    })
    for (const k of [
      'id',
      'frontFile',
      'backFile',
      'issuingCountry',
      'idType',
      'documentType',
      'provider',
      'transactionId',
      'decision',
      'decisionReason',
      'reviewer',
      'decidedAt',
      'checksOverride',
      'checks',
      'fields',
      'audit',
    ]) {
      expect(b).toHaveProperty(k)
    }
  })

  it('keeps every field at full fidelity: values as written, OCR, score, flags, quads and their source', () => {
    const [name, number, birth, remark, emptyDrawn] = doc.cases[0].fields
    expect(Object.keys(name)).toEqual([
      'key',
      'side',
      'value',
      'ocrValue',
      'score',
      'accepted',
      'corrected',
      'verified',
      'quad',
      'quadSource',
    ])
    expect(name).toEqual({
      key: 'name',
      side: 'front',
      value: '홍길동 😀',
      ocrValue: '홍길등',
      score: 61.5,
      accepted: true,
      corrected: true,
      verified: false,
      quad,
      quadSource: 'original',
    })
    expect(number).toMatchObject({
      value: '=1+1',
      corrected: false,
      verified: true,
      quad: null,
      quadSource: 'none',
    })
    // Dates stay as written (no normalisation in the JSON), on their own side.
    expect(birth).toMatchObject({ key: 'birth', side: 'back', value: '31.01.1990', quadSource: 'mapped' })
    expect(remark).toMatchObject({
      value: 'added',
      ocrValue: '',
      score: null,
      corrected: true,
      quadSource: 'drawn',
    })
    expect(emptyDrawn).toMatchObject({ value: '', corrected: true })
  })

  it('writes quads as four {x, y} points in the stored order, without extra keys', () => {
    // Built after parsing (the schema would strip the extra keys itself).
    const withExtra: Case = {
      ...aCase('case-0003', []),
      fields: [
        field('name', 'A', {
          quad: quad.map((p) => ({ ...p, extra: 1 })) as unknown as Quad,
          quadSource: 'original',
        }),
      ],
    }
    const [f] = JSON.parse(buildJson([withExtra], () => [], NOW)).cases[0].fields
    expect(f.quad).toEqual(quad)
    expect(f.quad.map((p: object) => Object.keys(p))).toEqual([
      ['x', 'y'],
      ['x', 'y'],
      ['x', 'y'],
      ['x', 'y'],
    ])
  })

  it('gives an empty list for no cases', () => {
    expect(JSON.parse(buildJson([], () => [], NOW))).toEqual({
      format: 'recto-export',
      version: 1,
      exportedAt: NOW,
      cases: [],
    })
  })
})
