import { describe, expect, it } from 'vitest'
import type { Case, Field, FieldEdit } from '../../../shared/model'
import { correctedBy, decisionProblem, needsAttention } from '../../../shared/review-rules'

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

const doc = (fields: Field[], history: FieldEdit[] = [], status: Case['status'] = 'recognised') => ({
  status,
  fields,
  history,
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
    expect(decisionProblem(c, approve, 'Ann', settings)).toMatch(/2 fields need attention \(Name, Birth\)/)
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
