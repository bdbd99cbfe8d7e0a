import { describe, expect, it } from 'vitest'
import {
  AUDIT_EVENT_TYPES,
  AuditEntrySchema,
  AuditHeadSchema,
  GENESIS_HASH,
  auditDraft,
  describeAuditEntry,
  plainFieldLabel,
  type AuditEntry,
  type AuditEventType,
} from '../../../shared/audit'
import type { Field } from '../../../shared/model'

const HASH = 'a'.repeat(64)

const entry = (type: AuditEventType, details: Record<string, unknown>): AuditEntry => ({
  seq: 0,
  at: '2026-03-01T09:30:00.000Z',
  reviewer: 'Mina',
  type,
  details,
  prevHash: GENESIS_HASH,
  hash: HASH,
})

const field = (over: Partial<Field> = {}): Field => ({
  key: 'name',
  side: 'front',
  value: 'JOHN',
  ocrValue: 'JON',
  score: 80,
  accepted: null,
  quad: [
    { x: 0, y: 0 },
    { x: 10, y: 0 },
    { x: 10, y: 5 },
    { x: 0, y: 5 },
  ],
  quadSource: 'original',
  verified: false,
  ...over,
})

describe('AuditEntrySchema', () => {
  it('accepts a well-formed entry of every type', () => {
    for (const type of AUDIT_EVENT_TYPES) {
      expect(AuditEntrySchema.safeParse(entry(type, {})).success, type).toBe(true)
    }
  })

  it('accepts ISO 8601 timestamps with an offset', () => {
    expect(
      AuditEntrySchema.safeParse({ ...entry('sent', {}), at: '2026-03-01T18:30:00+09:00' }).success,
    ).toBe(true)
  })

  it.each([
    ['a negative seq', { seq: -1 }],
    ['a fractional seq', { seq: 1.5 }],
    ['a date without time', { at: '2026-03-01' }],
    ['a free-text time', { at: 'yesterday' }],
    ['an unknown type', { type: 'settings_changed' }],
    ['details that are an array', { details: [1, 2] }],
    ['details that are null', { details: null }],
    ['a short hash', { hash: 'abc' }],
    ['an upper-case hash', { hash: 'A'.repeat(64) }],
    ['a prevHash that is not hex', { prevHash: 'z'.repeat(64) }],
    ['a missing reviewer', { reviewer: undefined }],
  ])('rejects %s', (_label, change) => {
    expect(AuditEntrySchema.safeParse({ ...entry('sent', {}), ...change }).success).toBe(false)
  })

  it('has the genesis hash as 64 zeros, itself a valid hash', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64))
    expect(AuditHeadSchema.safeParse({ count: 0, hash: GENESIS_HASH }).success).toBe(true)
    expect(AuditHeadSchema.safeParse({ count: -1, hash: GENESIS_HASH }).success).toBe(false)
  })

  it('auditDraft builds a draft the schema accepts once chained members are added', () => {
    const draft = auditDraft(
      'exported',
      { format: 'csv', file: 'recto-export.csv' },
      'Mina',
      '2026-03-01T09:30:00Z',
    )
    expect(draft).toEqual({
      at: '2026-03-01T09:30:00Z',
      reviewer: 'Mina',
      type: 'exported',
      details: { format: 'csv', file: 'recto-export.csv' },
    })
    expect(AuditEntrySchema.safeParse({ ...draft, seq: 0, prevHash: GENESIS_HASH, hash: HASH }).success).toBe(
      true,
    )
  })
})

describe('describeAuditEntry', () => {
  it.each<[AuditEventType, Record<string, unknown>, string]>([
    [
      'imported',
      { frontFile: 'front.jpg', backFile: 'back.png', contentHash: null },
      'Imported front.jpg and back.png',
    ],
    ['imported', { frontFile: 'passport.jpg', backFile: null, contentHash: null }, 'Imported passport.jpg'],
    ['sent', { attempt: 2, provider: 'argos' }, 'Sent to ARGOS (attempt 2)'],
    ['sent', { provider: 'argos' }, 'Sent to ARGOS'],
    ['recognised', { transactionId: 'tx-123' }, 'Recognised (transaction tx-123)'],
    ['recognised', { transactionId: 'tx-123', fieldCount: 12 }, 'Recognised (transaction tx-123, 12 fields)'],
    ['recognised', { transactionId: null, fieldCount: 1 }, 'Recognised (1 field)'],
    [
      'recognition_failed',
      { attempt: 3, title: 'ARGOS is unavailable', httpStatus: 503, errorCode: null },
      'Recognition failed: ARGOS is unavailable (attempt 3, HTTP 503)',
    ],
    ['recognition_failed', {}, 'Recognition failed'],
    ['decided', { kind: 'approved', reason: null, note: '' }, 'Approved'],
    [
      'decided',
      { kind: 'approved', reason: null, note: 'Checked with the holder' },
      'Approved — Checked with the holder',
    ],
    [
      'decided',
      { kind: 'rejected', reason: 'Document expired', note: 'expired in 2024' },
      'Rejected: Document expired — expired in 2024',
    ],
    [
      'decided',
      { kind: 'rejected', reason: 'Duplicate submission', note: '  ' },
      'Rejected: Duplicate submission',
    ],
    ['decided', { kind: 'second_review', reason: null, note: '' }, 'Sent for second review'],
    [
      'checks_overridden',
      { checks: ['mrz.match.number', 'doc.expired'], reason: 'Renewal seen', outcome: 'approved' },
      'Approved with failed checks (mrz.match.number, doc.expired) — Renewal seen',
    ],
    [
      'checks_overridden',
      { checks: ['mrz.digit.birth'], reason: 'Worn MRZ', outcome: 'second_review_requested' },
      'Asked to approve with failed checks (mrz.digit.birth); a second reviewer must confirm — Worn MRZ',
    ],
    ['exported', { format: 'csv', file: 'recto-export.csv' }, 'Exported to CSV (file recto-export.csv)'],
    ['exported', { format: 'json', file: 'case.json' }, 'Exported to JSON (file case.json)'],
    ['exported', { format: 'audit_csv', file: 'audit.csv' }, 'Audit log exported to CSV (file audit.csv)'],
  ])('%s %j → %s', (type, details, sentence) => {
    expect(describeAuditEntry(entry(type, details))).toBe(sentence)
  })

  it('describes a value edit from whole fields or from bare values', () => {
    const before = field({ value: 'JON' })
    const after = field({ value: 'JOHN' })
    const expected = 'Field Name changed: "JON" → "JOHN"'
    expect(describeAuditEntry(entry('field_edited', { key: 'name', kind: 'value', before, after }))).toBe(
      expected,
    )
    expect(
      describeAuditEntry(entry('field_edited', { key: 'name', kind: 'value', before: 'JON', after: 'JOHN' })),
    ).toBe(expected)
  })

  it('puts long or multi-line values on one short line', () => {
    const long = 'A'.repeat(100)
    const text = describeAuditEntry(
      entry('field_edited', { key: 'address', kind: 'value', before: 'line 1\nline 2', after: long }),
    )
    expect(text).toBe(`Field Address changed: "line 1 line 2" → "${'A'.repeat(59)}…"`)
  })

  it('keeps Hangul and emoji in values intact', () => {
    expect(
      describeAuditEntry(
        entry('field_edited', { key: 'name_kor', kind: 'value', before: '홍길동', after: '홍길순 🙂' }),
      ),
    ).toBe('Field Name kor changed: "홍길동" → "홍길순 🙂"')
  })

  it('describes box edits: moved, drawn, removed', () => {
    const withBox = field({ key: 'birth' })
    const noBox = field({ key: 'birth', quad: null, quadSource: 'none' })
    const moved = field({ key: 'birth', quadSource: 'drawn' })
    expect(
      describeAuditEntry(
        entry('field_edited', { key: 'birth', kind: 'quad', before: withBox, after: moved }),
      ),
    ).toBe('Box of Birth moved')
    expect(
      describeAuditEntry(
        entry('field_edited', { key: 'birth', kind: 'quad', before: noBox, after: withBox }),
      ),
    ).toBe('Box of Birth drawn')
    expect(
      describeAuditEntry(
        entry('field_edited', { key: 'birth', kind: 'quad', before: withBox, after: noBox }),
      ),
    ).toBe('Box of Birth removed')
  })

  it('describes verification both ways, and other edits plainly', () => {
    const unverified = field()
    const verified = field({ verified: true })
    expect(
      describeAuditEntry(
        entry('field_edited', { key: 'name', kind: 'verified', before: unverified, after: verified }),
      ),
    ).toBe('Field Name marked verified')
    expect(
      describeAuditEntry(
        entry('field_edited', { key: 'name', kind: 'verified', before: verified, after: unverified }),
      ),
    ).toBe('Field Name marked not verified')
    expect(
      describeAuditEntry(
        entry('field_edited', { key: 'name', kind: 'other', before: unverified, after: verified }),
      ),
    ).toBe('Field Name changed')
  })

  it('describes added, deleted and moved fields with their side', () => {
    const back = field({ key: 'back_address', side: 'back' })
    expect(describeAuditEntry(entry('field_added', { key: 'back_address', after: back }))).toBe(
      'Field Back address added (back)',
    )
    expect(describeAuditEntry(entry('field_deleted', { key: 'name', before: field() }))).toBe(
      'Field Name deleted (front)',
    )
    expect(
      describeAuditEntry(
        entry('field_moved', {
          key: 'name',
          from: 'front',
          to: 'back',
          before: field(),
          after: field({ side: 'back' }),
        }),
      ),
    ).toBe('Field Name moved to the back')
  })

  it('uses the label function it is given for field keys', () => {
    const label = (key: string) => (key === 'date_of_birth' ? 'Date of birth (DOB)' : key)
    expect(describeAuditEntry(entry('field_deleted', { key: 'date_of_birth', before: field() }), label)).toBe(
      'Field Date of birth (DOB) deleted (front)',
    )
  })

  it('still gives a sentence for details that do not follow the conventions', () => {
    expect(describeAuditEntry(entry('field_edited', { kind: 'value', before: 1, after: 2 }))).toBe(
      'Field (unnamed) changed',
    )
    expect(describeAuditEntry(entry('decided', { kind: 'maybe' }))).toBe('Decided')
    expect(describeAuditEntry(entry('exported', { format: 'xml' }))).toBe('Exported')
    expect(describeAuditEntry(entry('imported', {}))).toBe('Imported')
    expect(describeAuditEntry(entry('sent', { attempt: 'two', provider: 42 }))).toBe('Sent to the provider')
  })
})

describe('plainFieldLabel', () => {
  it.each([
    ['name', 'Name'],
    ['date_of_birth', 'Date of birth'],
    ['birth', 'Birth'],
    ['_', '_'],
  ])('%s → %s', (key, label) => {
    expect(plainFieldLabel(key)).toBe(label)
  })
})
