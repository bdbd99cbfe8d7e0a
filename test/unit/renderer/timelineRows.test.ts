import { describe, expect, it } from 'vitest'
import { actorLabel, type AuditEntry, type AuditMacReport } from '../../../shared/audit'
import type { AuditView } from '../../../shared/ipc'
import { integrityLine, timelineRows } from '../../../renderer/src/decisions/timelineRows'

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

describe('who did it', () => {
  it('shows the OS account next to the display name where they differ', () => {
    seq = 0
    const rows = timelineRows(
      [
        { ...entry('decided', { kind: 'approved', reason: null, note: '' }, 'Ann Reviewer'), account: 'ann' },
        { ...entry('decided', { kind: 'approved', reason: null, note: '' }, 'ann'), account: 'ann' },
        entry('decided', { kind: 'approved', reason: null, note: '' }, 'Old Entry'),
      ],
      label,
    )
    expect(rows.map((r) => r.reviewer)).toEqual(['Old Entry', 'ann', 'Ann Reviewer (ann)'])
    expect(actorLabel({ reviewer: '', account: 'ann' })).toBe('ann')
  })

  it('does not fold edits by two accounts that typed the same display name', () => {
    seq = 0
    const rows = timelineRows(
      [
        { ...value('name', 'A', 'B'), account: 'ann' },
        { ...value('name', 'B', 'C'), account: 'eve' },
      ],
      label,
    )
    expect(rows.map((r) => r.reviewer)).toEqual(['Ann (eve)', 'Ann (ann)'])
  })
})

describe('integrityLine', () => {
  const view = (verdict: AuditView['verdict'], mac?: AuditMacReport) => ({
    entries: [],
    verdict,
    problem: null,
    ...(mac ? { mac } : {}),
  })
  const mac = (over: Partial<AuditMacReport> = {}): AuditMacReport => ({
    state: 'verified',
    signed: 3,
    unsigned: 0,
    keyProtectedBy: 'os-keystore',
    ...over,
  })

  it('says the hash chain and the MACs were verified (the wording E2E looks for stays)', () => {
    const line = integrityLine(view({ ok: true, count: 3 }, mac()))
    expect(line).toEqual({
      state: 'ok',
      text: 'Audit trail intact: 3 events, hash chain verified; MACs verified',
    })
    expect(line.text).toMatch(/Audit trail intact: \d+ events, hash chain verified/)
    expect(integrityLine(view({ ok: true, count: 3 }))).toEqual({
      state: 'ok',
      text: 'Audit trail intact: 3 events, hash chain verified',
    })
  })

  it('warns when the MACs prove less: older unsigned entries, none signed, key not here, key in a file', () => {
    const cases: [AuditMacReport, RegExp][] = [
      [mac({ unsigned: 2, signed: 1 }), /MACs verified \(2 older entries are unsigned/],
      [mac({ state: 'unsigned', signed: 0, unsigned: 3 }), /no entry has a MAC/],
      [
        mac({ state: 'unavailable', keyProtectedBy: null }),
        /MACs not checked: the MAC key is not available on this system/,
      ],
      [
        mac({ keyProtectedBy: 'file' }),
        /MACs verified; the MAC key is kept in a file, not protected by an OS keystore/,
      ],
    ]
    for (const [m, text] of cases) {
      const line = integrityLine(view({ ok: true, count: 3 }, m))
      expect(line.state, m.state).toBe('warn')
      expect(line.text).toMatch(text)
    }
    expect(integrityLine(view({ ok: true, count: 0 }, mac({ state: 'unsigned', signed: 0 }))).state).toBe(
      'ok',
    )
  })

  it('tells a wrong MAC from a broken hash chain', () => {
    const macLine = integrityLine(
      view(
        {
          ok: false,
          index: 2,
          reason: "Entry 2's MAC is wrong: the entry was rewritten without the audit key",
        },
        mac({ state: 'failed' }),
      ),
    )
    expect(macLine).toEqual({
      state: 'broken',
      text: "Audit trail broken at event 3: Entry 2's MAC is wrong: the entry was rewritten without the audit key",
    })
    const chainLine = integrityLine(
      view(
        { ok: false, index: 1, reason: 'Hash chain broken at entry 1: it does not match its hash' },
        mac({ state: 'unavailable', keyProtectedBy: null }),
      ),
    )
    expect(chainLine.text).toMatch(/Hash chain broken at entry 1.*; MACs not checked/)
  })
})
