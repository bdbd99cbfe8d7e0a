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

const edit = (reviewer: string, kind: FieldEdit['kind'], key = 'name'): FieldEdit => ({
  at: '2026-01-01T00:00:00.000Z',
  reviewer,
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
    expect(decisionProblem(c, approve, 'Ann', settings)).toMatch(
      /2 fields need attention \(Name, Date of birth\)/,
    )
  })
  it('allows Approve once each one is corrected or verified', () => {
    const c = doc([
      field('name', { score: 40, value: 'Y' }),
      field('birth', { accepted: false, verified: true }),
    ])
    expect(decisionProblem(c, approve, 'Ann', settings)).toBeNull()
  })
  it('does not guard Reject or second review', () => {
    const c = doc([field('name', { score: 10 })])
    expect(decisionProblem(c, { kind: 'second_review', reason: null, note: '' }, 'Ann', settings)).toBeNull()
    expect(
      decisionProblem(c, { kind: 'rejected', reason: 'Document expired', note: '' }, 'Ann', settings),
    ).toBeNull()
  })
  it('refuses Approve of a case that was never recognised', () => {
    expect(decisionProblem(doc([], [], 'failed'), approve, 'Ann', settings)).toMatch(/Recognize this case/)
  })
})

describe('four-eyes rule', () => {
  const on = { ...settings, fourEyes: true }
  it('refuses Approve by a reviewer who corrected the case', () => {
    const c = doc([field('name')], [edit('ann ', 'value')])
    expect(correctedBy(c, 'Ann')).toBe(true)
    expect(decisionProblem(c, approve, 'Ann', on)).toMatch(/Four-eyes rule/)
  })
  it('lets another reviewer approve, and the corrector send it for second review', () => {
    const c = doc([field('name')], [edit('Ann', 'quad')])
    expect(decisionProblem(c, approve, 'Bob', on)).toBeNull()
    expect(decisionProblem(c, { kind: 'second_review', reason: null, note: '' }, 'Ann', on)).toBeNull()
  })
  it('does not count a verified tick as a correction', () => {
    const c = doc([field('name')], [edit('Ann', 'verified')])
    expect(decisionProblem(c, approve, 'Ann', on)).toBeNull()
  })
  it('is off unless the setting is on', () => {
    const c = doc([field('name')], [edit('Ann', 'value')])
    expect(decisionProblem(c, approve, 'Ann', settings)).toBeNull()
  })
})

describe('decision details', () => {
  it('needs a reviewer name', () => {
    expect(decisionProblem(doc([]), approve, '  ', settings)).toMatch(/reviewer name/)
  })
  it('needs a reject reason, and a note for Other', () => {
    const c = doc([])
    expect(decisionProblem(c, { kind: 'rejected', reason: null, note: '' }, 'Ann', settings)).toMatch(
      /reason/,
    )
    expect(decisionProblem(c, { kind: 'rejected', reason: 'Other', note: ' ' }, 'Ann', settings)).toMatch(
      /note/,
    )
    expect(
      decisionProblem(c, { kind: 'rejected', reason: 'Other', note: 'torn' }, 'Ann', settings),
    ).toBeNull()
  })
})

describe('failed checks guard', () => {
  const failing = run(
    check('mrz.match.number', 'fail'),
    check('doc.expired', 'pass'),
    check('holder.age', 'warn'),
  )
  it('refuses a plain Approve while a check fails, naming the failing checks only', () => {
    const problem = decisionProblem(
      doc([field('number')], [], 'recognised', failing),
      approve,
      'Ann',
      settings,
    )
    expect(problem).toMatch(/Approve refused: 1 check fails \(mrz\.match\.number\)/)
    expect(problem).not.toMatch(/doc\.expired|holder\.age/)
    expect(problem).toMatch(/Approve with failed checks/)
  })
  it('lets warnings, passes and skips through', () => {
    const fine = run(check('holder.age', 'warn'), check('mrz.format', 'skip'), check('doc.expired', 'pass'))
    expect(
      decisionProblem(doc([field('number')], [], 'recognised', fine), approve, 'Ann', settings),
    ).toBeNull()
  })
  it('takes an override only with a written reason', () => {
    const c = doc([field('number')], [], 'recognised', failing)
    expect(decisionProblem(c, { ...approve, checksOverride: '  ' }, 'Ann', settings)).toMatch(/Write why/)
    expect(
      decisionProblem(c, { ...approve, checksOverride: 'seen the original' }, 'Ann', settings),
    ).toBeNull()
    expect(overrideOutcome(c, 'Ann', settings)).toBe('approve')
  })
  it('does not let an override skip the rubber-stamp guard', () => {
    const c = doc([field('number', { score: 10 })], [], 'recognised', failing)
    expect(decisionProblem(c, { ...approve, checksOverride: 'ok' }, 'Ann', settings)).toMatch(/attention/)
  })
  it('with four-eyes, one reviewer asks and another confirms', () => {
    const on = { ...settings, fourEyes: true }
    const fresh = doc([field('number')], [], 'recognised', failing)
    expect(decisionProblem(fresh, { ...approve, checksOverride: 'ok' }, 'Ann', on)).toBeNull()
    expect(overrideOutcome(fresh, 'Ann', on)).toBe('request')
    const asked = doc([field('number')], [], 'recognised', failing, requested('Ann'))
    expect(decisionProblem(asked, { ...approve, checksOverride: 'again' }, ' ann ', on)).toMatch(
      /another reviewer must confirm/,
    )
    expect(overrideOutcome(asked, 'Bob', on)).toBe('approve')
    expect(decisionProblem(asked, { ...approve, checksOverride: 'confirmed' }, 'Bob', on)).toBeNull()
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
