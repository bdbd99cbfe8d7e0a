import { describe, expect, it } from 'vitest'
import type { Check, CheckRun } from '../../../shared/checks/types'
import type { Case, Decision, Field, FieldEdit } from '../../../shared/model'
import { correctedBy, decisionProblem, needsAttention, overrideOutcome } from '../../../shared/review-rules'

const field = (key: string, p: Partial<Field> = {}): Field => ({
  key,
  side: 'front',
  value: 'X',
  ocrValue: 'X',
  score: 95,
  accepted: null,
  quad: null,
  quadSource: 'none',
  verified: false,
  ...p,
})

/** A reviewer at the keyboard: the OS account (what the rules compare) and the display name (a label). */
const who = (name: string, account = name.trim().toLowerCase()) => ({ name, account })
const ANN = who('Ann')
const BOB = who('Bob')

/** An edit recorded by display name `reviewer` from OS account `account` (null: a record from before). */
const edit = (
  reviewer: string,
  kind: FieldEdit['kind'],
  key = 'name',
  account: string | null = reviewer.trim().toLowerCase(),
): FieldEdit => ({
  at: '2026-01-01T00:00:00.000Z',
  reviewer,
  ...(account === null ? {} : { account }),
  key,
  kind,
  before: null,
  after: null,
})

const doc = (
  fields: Field[],
  history: FieldEdit[] = [],
  status: Case['status'] = 'recognised',
  checks: CheckRun | null = null,
  decision: Decision | null = null,
) => ({ status, fields, history, checks, decision })

const check = (id: string, status: Check['status']): Check => ({
  id,
  status,
  fields: ['number'],
  values: [],
  message: `${id} ${status}`,
  expected: null,
  fix: null,
  recognizeAs: null,
})
const run = (...checks: Check[]): CheckRun => ({
  options: { today: '2026-12-02', minimumAge: 18 },
  at: '2026-12-02T10:00:00.000Z',
  checks,
})
const requested = (reviewer: string): Decision => ({
  kind: 'second_review',
  reason: null,
  note: 'asked',
  reviewer,
  account: reviewer.toLowerCase(),
  at: '2026-12-02T10:00:00.000Z',
  checksOverride: { checks: ['mrz.match.number'], reason: 'printed number verified by phone' },
})

const settings = { attentionScore: 60, fourEyes: false, minimumAge: 18 }
const approve = { kind: 'approved' as const, reason: null, note: '' }

describe('needsAttention', () => {
  it('flags a low score or an engine rejection until corrected or verified', () => {
    expect(needsAttention(field('a', { score: 59 }), 60)).toBe(true)
    expect(needsAttention(field('a', { score: 60 }), 60)).toBe(false)
    expect(needsAttention(field('a', { accepted: false }), 60)).toBe(true)
    expect(needsAttention(field('a', { score: 10, verified: true }), 60)).toBe(false)
    expect(needsAttention(field('a', { score: 10, value: 'Y' }), 60)).toBe(false)
  })
  it('follows the threshold setting', () => {
    expect(needsAttention(field('a', { score: 70 }), 80)).toBe(true)
    expect(needsAttention(field('a', { score: 70 }), 50)).toBe(false)
  })
})

describe('rubber-stamp guard', () => {
  it('refuses Approve while a field needing attention is unchecked, naming the fields', () => {
    const c = doc([field('name', { score: 40 }), field('birth', { accepted: false }), field('number')])
    expect(decisionProblem(c, approve, ANN, settings)).toMatch(
      /2 fields need attention \(Name, Date of birth\)/,
    )
  })
  it('allows Approve once each one is corrected or verified', () => {
    const c = doc([
      field('name', { score: 40, value: 'Y' }),
      field('birth', { accepted: false, verified: true }),
    ])
    expect(decisionProblem(c, approve, ANN, settings)).toBeNull()
  })
  it('does not guard Reject or second review', () => {
    const c = doc([field('name', { score: 10 })])
    expect(decisionProblem(c, { kind: 'second_review', reason: null, note: '' }, ANN, settings)).toBeNull()
    expect(
      decisionProblem(c, { kind: 'rejected', reason: 'Document expired', note: '' }, ANN, settings),
    ).toBeNull()
  })
  it('refuses Approve of a case that was never recognised', () => {
    expect(decisionProblem(doc([], [], 'failed'), approve, ANN, settings)).toMatch(/Recognize this case/)
  })
})

describe('four-eyes rule', () => {
  const on = { ...settings, fourEyes: true }
  it('refuses Approve by a reviewer who corrected the case', () => {
    const c = doc([field('name')], [edit('ann ', 'value')])
    expect(correctedBy(c, ANN)).toBe(true)
    expect(decisionProblem(c, approve, ANN, on)).toMatch(/Four-eyes rule/)
  })
  it('lets another reviewer approve, and the corrector send it for second review', () => {
    const c = doc([field('name')], [edit('Ann', 'quad')])
    expect(decisionProblem(c, approve, BOB, on)).toBeNull()
    expect(decisionProblem(c, { kind: 'second_review', reason: null, note: '' }, ANN, on)).toBeNull()
  })
  it('does not count a verified tick as a correction', () => {
    const c = doc([field('name')], [edit('Ann', 'verified')])
    expect(decisionProblem(c, approve, ANN, on)).toBeNull()
  })
  it('goes by the OS account, not the display name anyone can retype', () => {
    const c = doc([field('name')], [edit('Ann', 'value', 'name', 'ann')])
    // Same account under another name: still the corrector.
    expect(decisionProblem(c, approve, who('Bob', 'ann'), on)).toMatch(/Four-eyes rule/)
    // Another account under the same name: someone else.
    expect(decisionProblem(c, approve, who('Ann', 'bob'), on)).toBeNull()
    // Accounts compare case-insensitively (Windows accounts are).
    expect(correctedBy(c, who('x', 'ANN'))).toBe(true)
  })
  it('compares display names for records from before accounts were kept', () => {
    const c = doc([field('name')], [edit('Ann', 'value', 'name', null)])
    expect(correctedBy(c, who(' ann ', 'whoever'))).toBe(true)
    expect(correctedBy(c, who('Bob', 'ann'))).toBe(false)
  })
  it('is off unless the setting is on', () => {
    const c = doc([field('name')], [edit('Ann', 'value')])
    expect(decisionProblem(c, approve, ANN, settings)).toBeNull()
  })
})

describe('decision details', () => {
  it('needs a reviewer name', () => {
    expect(decisionProblem(doc([]), approve, who('  ', 'ann'), settings)).toMatch(/reviewer name/)
  })
  it('needs a reject reason, and a note for Other', () => {
    const c = doc([])
    expect(decisionProblem(c, { kind: 'rejected', reason: null, note: '' }, ANN, settings)).toMatch(/reason/)
    expect(decisionProblem(c, { kind: 'rejected', reason: 'Other', note: ' ' }, ANN, settings)).toMatch(
      /note/,
    )
    expect(decisionProblem(c, { kind: 'rejected', reason: 'Other', note: 'torn' }, ANN, settings)).toBeNull()
  })
})

describe('failed checks guard', () => {
  const failing = run(
    check('mrz.match.number', 'fail'),
    check('doc.expired', 'pass'),
    check('holder.age', 'warn'),
  )
  it('refuses a plain Approve while a check fails, naming the failing checks only', () => {
    const problem = decisionProblem(doc([field('number')], [], 'recognised', failing), approve, ANN, settings)
    expect(problem).toMatch(/Approve refused: 1 check fails \(mrz\.match\.number\)/)
    expect(problem).not.toMatch(/doc\.expired|holder\.age/)
    expect(problem).toMatch(/Approve with failed checks/)
  })
  it('lets warnings, passes and skips through', () => {
    const fine = run(check('holder.age', 'warn'), check('mrz.format', 'skip'), check('doc.expired', 'pass'))
    expect(decisionProblem(doc([field('number')], [], 'recognised', fine), approve, ANN, settings)).toBeNull()
  })
  it('takes an override only with a written reason', () => {
    const c = doc([field('number')], [], 'recognised', failing)
    expect(decisionProblem(c, { ...approve, checksOverride: '  ' }, ANN, settings)).toMatch(/Write why/)
    expect(decisionProblem(c, { ...approve, checksOverride: 'seen the original' }, ANN, settings)).toBeNull()
    expect(overrideOutcome(c, ANN, settings)).toBe('approve')
  })
  it('does not let an override skip the rubber-stamp guard', () => {
    const c = doc([field('number', { score: 10 })], [], 'recognised', failing)
    expect(decisionProblem(c, { ...approve, checksOverride: 'ok' }, ANN, settings)).toMatch(/attention/)
  })
  it('with four-eyes, one reviewer asks and another confirms', () => {
    const on = { ...settings, fourEyes: true }
    const fresh = doc([field('number')], [], 'recognised', failing)
    expect(decisionProblem(fresh, { ...approve, checksOverride: 'ok' }, ANN, on)).toBeNull()
    expect(overrideOutcome(fresh, ANN, on)).toBe('request')
    const asked = doc([field('number')], [], 'recognised', failing, requested('Ann'))
    expect(decisionProblem(asked, { ...approve, checksOverride: 'again' }, who(' ann ', 'ANN'), on)).toMatch(
      /another reviewer must confirm/,
    )
    expect(overrideOutcome(asked, BOB, on)).toBe('approve')
    expect(decisionProblem(asked, { ...approve, checksOverride: 'confirmed' }, BOB, on)).toBeNull()
  })
})

describe('a field the reviewer drew', () => {
  it('needs attention while it is empty and not verified', () => {
    const drawn = {
      value: '',
      ocrValue: '',
      score: null,
      accepted: null,
      verified: false,
      quadSource: 'drawn' as const,
    }
    expect(needsAttention(drawn, 60)).toBe(true)
    expect(needsAttention({ ...drawn, value: '  ' }, 60)).toBe(true)
    expect(needsAttention({ ...drawn, value: 'AB123' }, 60)).toBe(false)
    expect(needsAttention({ ...drawn, verified: true }, 60)).toBe(false)
    expect(needsAttention({ ...drawn, quadSource: 'original' }, 60)).toBe(false)
  })
})
