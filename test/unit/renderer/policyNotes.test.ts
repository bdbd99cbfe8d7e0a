// What the Settings and Export dialogs say about the admin policy and the settings history
// (renderer/src/settings/policyNotes.ts): lock notes, the alert, the JSON export block, history rows and verdict.
import { describe, expect, it } from 'vitest'
import { DEFAULT_EXPORT_SETTINGS } from '../../../shared/export-options'
import type { PolicyView, SettingsHistoryView } from '../../../shared/policy'
import {
  POLICY_BROKEN_LOCK_NOTE,
  POLICY_LOCK_NOTE,
  historyRows,
  historyVerdict,
  jsonExportBlocked,
  lockNote,
  policyAlert,
  policyInfo,
  valueText,
} from '../../../renderer/src/settings/policyNotes'

const NONE: PolicyView = { source: null, problem: null, pinned: [] }
const VALID: PolicyView = {
  source: '/etc/recto/policy.json',
  problem: null,
  pinned: ['review.fourEyes', 'export.csv.maskDocumentNumbers'],
}
const BAD: PolicyView = {
  source: '/etc/recto/policy.json',
  problem: 'The policy file /etc/recto/policy.json could not be used: it is not valid JSON. …',
  pinned: ['argosBaseUrl', 'apiKey', 'review.fourEyes'],
}

describe('policy notes', () => {
  it('locks exactly the pinned settings, with the policy sentence', () => {
    expect(POLICY_LOCK_NOTE).toBe("Set by your organisation's policy")
    expect(lockNote(VALID, 'review.fourEyes')).toBe(POLICY_LOCK_NOTE)
    expect(lockNote(VALID, 'review.attentionScore')).toBeNull()
    expect(lockNote(NONE, 'review.fourEyes')).toBeNull()
    expect(lockNote(undefined, 'argosBaseUrl')).toBeNull()
  })

  it('a control locked by the fallback for a bad file says the file must be fixed, not that it was set', () => {
    expect(POLICY_BROKEN_LOCK_NOTE).toBe("Locked until your organisation's policy file is fixed")
    expect(lockNote(BAD, 'apiKey')).toBe(POLICY_BROKEN_LOCK_NOTE)
    expect(lockNote(BAD, 'review.attentionScore')).toBeNull()
  })

  it('alerts on a bad file only; a valid policy that pins something gets a quiet note naming the file', () => {
    expect(policyAlert(BAD)).toBe(BAD.problem)
    expect(policyInfo(BAD)).toBeNull()
    expect(policyAlert(VALID)).toBeNull()
    expect(policyInfo(VALID)).toContain('/etc/recto/policy.json')
    expect(policyAlert(NONE)).toBeNull()
    expect(policyInfo(NONE)).toBeNull()
    expect(policyInfo({ ...VALID, pinned: [] })).toBeNull()
  })

  it('blocks the JSON export while the policy masks numbers or leaves out the MRZ, not otherwise', () => {
    const csv = { ...DEFAULT_EXPORT_SETTINGS.csv, maskDocumentNumbers: true }
    expect(jsonExportBlocked({ policy: VALID, export: { decidedOnly: true, csv } })).toMatch(
      /masks document numbers.*export CSV instead/,
    )
    // Pinned off: nothing for JSON to fail at.
    expect(
      jsonExportBlocked({
        policy: VALID,
        export: { decidedOnly: true, csv: { ...csv, maskDocumentNumbers: false } },
      }),
    ).toBeNull()
    // Chosen by the reviewer, not pinned: the JSON export stays available.
    expect(jsonExportBlocked({ policy: NONE, export: { decidedOnly: true, csv } })).toBeNull()
    expect(
      jsonExportBlocked({
        policy: { ...NONE, source: 'x', pinned: ['export.csv.excludeMrz'] },
        export: { decidedOnly: true, csv: { ...csv, maskDocumentNumbers: false, excludeMrz: true } },
      }),
    ).toMatch(/leaves out MRZ lines/)
    expect(jsonExportBlocked(null)).toBeNull()
  })
})

describe('Settings → History', () => {
  const view = (over: Partial<SettingsHistoryView> = {}): SettingsHistoryView => ({
    entries: [
      {
        seq: 0,
        at: '2026-12-03T10:00:00.000Z',
        account: 'ann',
        reviewer: 'Ann Smith',
        setting: 'review.fourEyes',
        before: false,
        after: true,
      },
      {
        seq: 1,
        at: '2026-12-03T10:05:00.000Z',
        account: 'bob',
        reviewer: '',
        setting: 'apiKey',
        before: 'set',
        after: 'cleared_for_new_origin',
      },
      {
        seq: 2,
        at: '2026-12-03T10:06:00.000Z',
        account: 'bob',
        reviewer: 'bob',
        setting: 'review.attentionScore',
        before: 60,
        after: 75,
      },
    ],
    verdict: { ok: true, count: 3 },
    problem: null,
    ...over,
  })

  it('lists the newest first: when, account (with the name as a label), what, before → after', () => {
    const rows = historyRows(view(), (at) => at.slice(11, 16))
    expect(rows).toEqual([
      {
        key: 2,
        at: '2026-12-03T10:06:00.000Z',
        when: '10:06',
        account: 'bob',
        what: 'Attention below score',
        change: '60 → 75',
      },
      {
        key: 1,
        at: '2026-12-03T10:05:00.000Z',
        when: '10:05',
        account: 'bob',
        what: 'API key',
        change: 'set → cleared (the endpoint moved to another origin)',
      },
      {
        key: 0,
        at: '2026-12-03T10:00:00.000Z',
        when: '10:00',
        account: 'ann (Ann Smith)',
        what: 'Four-eyes',
        change: 'off → on',
      },
    ])
  })

  it('says values in words', () => {
    expect(valueText('reviewerName', '')).toBe('(empty)')
    expect(valueText('apiKey', 'none')).toBe('not set')
    expect(valueText('argosBaseUrl', 'https://a.example/modules')).toBe('https://a.example/modules')
    expect(valueText('x', null)).toBe('—')
    expect(valueText('x', { a: 1 })).toBe('{"a":1}')
  })

  it('states the verdict: empty, intact, altered, and an ignored torn line', () => {
    expect(historyVerdict(view({ entries: [], verdict: { ok: true, count: 0 } }))).toEqual({
      ok: true,
      text: 'No settings changes recorded yet.',
    })
    expect(historyVerdict(view())).toEqual({ ok: true, text: '3 changes, hash chain intact.' })
    const altered = historyVerdict(
      view({ verdict: { ok: false, index: 1, reason: 'Entry 1 does not match its hash' } }),
    )
    expect(altered.ok).toBe(false)
    expect(altered.text).toBe(
      'The settings history was altered after it was written: Entry 1 does not match its hash.',
    )
    const torn = historyVerdict(view({ problem: 'The last line (line 4) is incomplete … and was ignored' }))
    expect(torn.ok).toBe(false)
    expect(torn.text).toContain('3 changes, hash chain intact. The last line (line 4) is incomplete')
  })
})
