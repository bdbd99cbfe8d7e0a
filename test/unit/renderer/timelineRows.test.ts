import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../../shared/audit'
import { timelineRows } from '../../../renderer/src/decisions/timelineRows'

const H = '0'.repeat(64)
let seq = 0
const entry = (type: AuditEntry['type'], details: Record<string, unknown>, reviewer = 'Ann'): AuditEntry => ({
  seq: seq++,
  at: `2026-11-26T10:00:${String(seq).padStart(2, '0')}.000Z`,
  reviewer,
  type,
  details,
  prevHash: H,
  hash: H,
})
const value = (key: string, before: string, after: string, reviewer = 'Ann') =>
  entry('field_edited', { key, kind: 'value', before, after }, reviewer)
const label = (k: string) => k.toUpperCase()

describe('timelineRows', () => {
  it('lists events newest first, one row each', () => {
    seq = 0
    const rows = timelineRows(
      [
        entry('imported', { frontFile: 'a.jpg', backFile: null, contentHash: null }),
        entry('decided', { kind: 'approved', reason: null, note: '' }),
      ],
      label,
    )
    expect(rows.map((r) => r.type)).toEqual(['decided', 'imported'])
    expect(rows.every((r) => r.count === 1)).toBe(true)
  })

  it('folds a burst of typing in one field into one row: first before, last after', () => {
    seq = 0
    const rows = timelineRows(
      [value('name', 'JON', 'JO'), value('name', 'JO', 'JOH'), value('name', 'JOH', 'JOHN')],
      label,
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ count: 3, seq: 2 })
    expect(rows[0]!.text).toContain('"JON" → "JOHN"')
    expect(rows[0]!.text).toContain('NAME')
  })

  it('does not fold edits of another field, by another reviewer, or with an event between', () => {
    seq = 0
    const rows = timelineRows(
      [
        value('name', 'A', 'B'),
        value('birth', '1', '2'),
        value('birth', '2', '3', 'Bob'),
        entry('decided', { kind: 'second_review', reason: null, note: '' }),
        value('birth', '3', '4', 'Bob'),
      ],
      label,
    )
    expect(rows.map((r) => r.count)).toEqual([1, 1, 1, 1, 1])
  })
})
