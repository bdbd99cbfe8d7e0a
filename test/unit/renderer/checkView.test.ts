import { describe, expect, it } from 'vitest'
import type { Check, CheckRun } from '../../../shared/checks/types'
import {
  checksForField,
  checksSummary,
  collapsedLabel,
  counterpart,
  diffSegments,
  failingFieldKeys,
  fixForField,
  groupChecks,
  mrzOffer,
  recognizeAsOf,
  usableFix,
  valueHeading,
} from '../../../renderer/src/checks/checkView'

const check = (id: string, status: Check['status'], p: Partial<Check> = {}): Check => ({
  id,
  status,
  fields: [],
  values: [],
  message: `${id} says so`,
  expected: null,
  fix: null,
  recognizeAs: null,
  ...p,
})

const run = (...checks: Check[]): CheckRun => ({
  options: { today: '2030-01-01', minimumAge: 18 },
  at: '2030-01-01T10:00:00.000Z',
  checks,
})

const fields = [
  { key: 'number', value: 'CA0O000AA' },
  { key: 'birth', value: '1984-06-38' },
  { key: 'name', value: 'ROSSI GIULIA' },
]

describe('groupChecks', () => {
  const r = run(
    check('mrz.digit.number', 'pass'),
    check('holder.age', 'warn'),
    check('mrz.match.number', 'fail'),
    check('barcode.match.number', 'skip'),
    check('date.invalid.birth', 'fail'),
    check('doc.expired', 'pass'),
  )
  it('puts failures first, then warnings, then passes and skips, each in the engine order', () => {
    const g = groupChecks(r)
    expect(g.failed.map((c) => c.id)).toEqual(['mrz.match.number', 'date.invalid.birth'])
    expect(g.warned.map((c) => c.id)).toEqual(['holder.age'])
    expect(g.passed.map((c) => c.id)).toEqual(['mrz.digit.number', 'doc.expired'])
    expect(g.skipped.map((c) => c.id)).toEqual(['barcode.match.number'])
  })
  it('handles a case never checked', () => {
    expect(groupChecks(null)).toEqual({ failed: [], warned: [], passed: [], skipped: [] })
    expect(checksSummary(groupChecks(null))).toBe('No checks apply')
  })
  it('says what is collapsed and what the heading sums up', () => {
    const g = groupChecks(r)
    expect(collapsedLabel(g)).toBe('2 passed · 1 not performed')
    expect(collapsedLabel({ passed: [], skipped: [check('x', 'skip')] })).toBe('1 not performed')
    expect(collapsedLabel({ passed: [], skipped: [] })).toBe('')
    expect(checksSummary(g)).toBe('2 failed · 1 warning')
    expect(checksSummary(groupChecks(run(check('a', 'fail'))))).toBe('1 failed')
    expect(checksSummary(groupChecks(run(check('a', 'warn'), check('b', 'warn'))))).toBe('2 warnings')
    expect(checksSummary(groupChecks(run(check('a', 'pass'), check('b', 'pass'))))).toBe('All 2 passed')
    expect(checksSummary(groupChecks(run(check('a', 'pass'), check('b', 'skip'))))).toBe('1 of 2 passed')
  })
})

describe('checks per field', () => {
  const r = run(
    check('mrz.match.number', 'fail', { fields: ['number', 'mrz_line2'] }),
    check('holder.age', 'warn', { fields: ['birth'] }),
    check('date.invalid.birth', 'fail', { fields: ['birth'] }),
    check('mrz.match.name', 'pass', { fields: ['name'] }),
  )
  it('marks every field of a failing check, never those of a warning or a pass', () => {
    expect([...failingFieldKeys(r)].sort()).toEqual(['birth', 'mrz_line2', 'number'])
    expect(failingFieldKeys(null).size).toBe(0)
  })
  it('lists a field’s failures before its warnings and leaves passes out', () => {
    expect(checksForField(r, 'birth').map((c) => c.id)).toEqual(['date.invalid.birth', 'holder.age'])
    expect(checksForField(r, 'name')).toEqual([])
    expect(checksForField(r, 'mrz_line2').map((c) => c.id)).toEqual(['mrz.match.number'])
  })
})

describe('the fix Shift+Enter applies', () => {
  const numberFix = check('mrz.match.number', 'fail', {
    fields: ['number'],
    fix: { key: 'number', value: 'CA00000AA' },
  })
  it('takes the first failing check that sets this field', () => {
    const r = run(check('date.invalid.birth', 'fail', { fields: ['birth'] }), numberFix)
    expect(fixForField(r, 'number', fields)).toEqual({ check: numberFix, fix: numberFix.fix })
    expect(fixForField(r, 'birth', fields)).toBeNull()
    expect(fixForField(null, 'number', fields)).toBeNull()
  })
  it('prefers a failure to a warning, and takes a warning when no failure suggests anything', () => {
    const warn = check('mrz.match.number.soft', 'warn', { fix: { key: 'number', value: 'CA00000AB' } })
    expect(fixForField(run(warn, numberFix), 'number', fields)?.check.id).toBe('mrz.match.number')
    expect(fixForField(run(warn), 'number', fields)?.fix.value).toBe('CA00000AB')
  })
  it('never offers a fix for another field, one already applied, one for a missing field, or a pass', () => {
    const other = check('x', 'fail', { fields: ['number'], fix: { key: 'name', value: 'ROSSI' } })
    expect(fixForField(run(other), 'number', fields)).toBeNull()
    const applied = [{ key: 'number', value: 'CA00000AA' }]
    expect(fixForField(run(numberFix), 'number', applied)).toBeNull()
    expect(usableFix(numberFix, applied)).toBeNull()
    expect(usableFix(numberFix, [])).toBeNull()
    expect(usableFix({ ...numberFix, status: 'pass' }, fields)).toBeNull()
    expect(usableFix(numberFix, fields)).toEqual({ key: 'number', value: 'CA00000AA' })
  })
  it('skips a failing check whose fix is stale and takes the next one', () => {
    const stale = check('a', 'fail', { fix: { key: 'number', value: 'CA0O000AA' } })
    expect(fixForField(run(stale, numberFix), 'number', fields)?.check.id).toBe('mrz.match.number')
  })
})

describe('recognise as the MRZ says', () => {
  const ita = { issuingCountry: 'ITA', idType: 'government_id' as const }
  const r = run(
    check('mrz.format', 'pass'),
    check('type.match', 'warn', { recognizeAs: { issuingCountry: 'ITA', idType: 'passport' } }),
    check('country.match', 'fail', { recognizeAs: ita }),
  )
  it('takes the failing check’s country and type first', () => {
    expect(recognizeAsOf(r)).toEqual(ita)
    expect(recognizeAsOf(run(check('type.match', 'warn', { recognizeAs: ita })))).toEqual(ita)
    expect(recognizeAsOf(run(check('a', 'fail')))).toBeNull()
  })
  it('is offered on a 1011/1012 failure only, and only when it differs from what was sent', () => {
    const doc = { checks: r, issuingCountry: 'FRA', idType: 'government_id' }
    expect(mrzOffer(doc, '1011')).toEqual(ita)
    expect(mrzOffer(doc, '1012')).toEqual(ita)
    expect(mrzOffer(doc, '1003')).toBeNull()
    expect(mrzOffer(doc, null)).toBeNull()
    expect(mrzOffer({ ...doc, issuingCountry: 'ITA' }, '1011')).toBeNull()
    expect(mrzOffer({ ...doc, checks: null }, '1011')).toBeNull()
  })
})

describe('values side by side', () => {
  it('marks the characters that differ between two readings of the same length', () => {
    expect(diffSegments('CA0O000AA', 'CA00000AA')).toEqual([
      { text: 'CA0', differs: false },
      { text: 'O', differs: true },
      { text: '000AA', differs: false },
    ])
    expect(diffSegments('ABC', 'ABC')).toEqual([{ text: 'ABC', differs: false }])
    expect(diffSegments('ABCD', 'ABC')).toEqual([{ text: 'ABCD', differs: false }])
    expect(diffSegments('ABC', null)).toEqual([{ text: 'ABC', differs: false }])
    expect(diffSegments('', 'A')).toEqual([])
  })
  it('compares a value with the first one from another source', () => {
    const c = check('mrz.match.number', 'fail', {
      values: [
        { source: 'printed', label: 'Printed number', value: 'CA0O000AA', fieldKey: 'number' },
        { source: 'printed', label: 'Printed again', value: 'X', fieldKey: null },
        { source: 'mrz', label: 'MRZ number', value: 'CA00000AA', fieldKey: null },
      ],
    })
    expect(counterpart(c, 0)).toBe('CA00000AA')
    expect(counterpart(c, 2)).toBe('CA0O000AA')
    expect(counterpart(c, 5)).toBeNull()
  })
})

describe('value headings', () => {
  it('name the source, or the value’s own label when two values share a source', () => {
    const values = [
      { source: 'provider' as const, label: 'Review front flag' },
      { source: 'provider' as const, label: 'Review back flag' },
      { source: 'mrz' as const, label: 'MRZ line 2' },
    ]
    expect(valueHeading(values, 0)).toBe('Review front flag')
    expect(valueHeading(values, 1)).toBe('Review back flag')
    expect(valueHeading(values, 2)).toBe('MRZ')
    expect(valueHeading(values, 3)).toBe('')
  })
})
