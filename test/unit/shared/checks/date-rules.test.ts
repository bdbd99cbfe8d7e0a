import { describe, expect, it } from 'vitest'
import { runChecks } from '../../../../shared/checks'
import { mrzDateIso } from '../../../../shared/checks/century'
import type { CheckOptions } from '../../../../shared/checks/types'
import { OPTIONS, TODAY, byId, input, td3 } from './input'

const run = (fields: Record<string, string>, options: CheckOptions = OPTIONS, mrz?: readonly string[]) =>
  runChecks(input(fields, mrz ? { mrz } : {}), options)
const status = (fields: Record<string, string>, id: string, options: CheckOptions = OPTIONS) =>
  byId(run(fields, options), id).status

describe('date.invalid', () => {
  it('checks every date-valued field, by its own key, and ignores empty ones', () => {
    const checks = run({
      birth: '1990-01-31',
      back_issue_date: '31.02.2020',
      date_of_expiry: '2030-13-01',
      registration_date: '',
      name: 'not a date',
    })
    expect(checks.filter((c) => c.id.startsWith('date.invalid.')).map((c) => [c.id, c.status])).toEqual([
      ['date.invalid.birth', 'pass'],
      ['date.invalid.back_issue_date', 'fail'],
      ['date.invalid.date_of_expiry', 'fail'],
    ])
  })

  it.each(['1984-06-38', '2029-03-3l', '31.02.2020', '29.02.2023', '1990-00-10', 'soon'])(
    '%j is not a real date',
    (v) => {
      const c = byId(run({ birth: v }), 'date.invalid.birth')
      expect(c.status).toBe('fail')
      expect(c.message).toContain('not a real date')
      expect(c.expected).toBeNull() // no MRZ: nothing to expect
      expect(c.fix).toBeNull()
    },
  )

  it.each(['29.02.2024', '01/02/2020', 'Feb 29, 2000', '20240229'])('%j is a real date', (v) => {
    expect(status({ issue_date: v }, 'date.invalid.issue_date')).toBe('pass')
  })

  it('expects the MRZ date; fixes only look-alikes, and only when the MRZ digit passes', () => {
    const mrz = td3({ birth: '840630' })
    const noFix = byId(run({ birth: '1984-06-38' }, OPTIONS, mrz), 'date.invalid.birth')
    expect(noFix.expected).toBe('1984-06-30 (from the MRZ)')
    expect(noFix.fix).toBeNull()
    const fix = byId(run({ birth: '1984-06-3O' }, OPTIONS, mrz), 'date.invalid.birth')
    expect(fix.fix).toEqual({ key: 'birth', value: '1984-06-30' })
  })
})

describe('six-digit MRZ dates: the century per date', () => {
  it.each([
    // Birth and issue: never in the future.
    ['260115', 'birth', '2026-01-15'],
    ['260116', 'birth', '1926-01-16'],
    ['000101', 'birth', '2000-01-01'],
    ['991231', 'birth', '1999-12-31'],
    ['000229', 'birth', '2000-02-29'],
    ['260116', 'issue', '1926-01-16'],
    // Expiry: within 50 years of today, either way.
    ['760115', 'expiry', '1976-01-15'],
    ['760114', 'expiry', '2076-01-14'],
    ['300101', 'expiry', '2030-01-01'],
    ['120415', 'expiry', '2012-04-15'],
    ['990101', 'expiry', '1999-01-01'],
    // Not a real day, or not all of it given.
    ['990229', 'birth', null],
    ['7408<<', 'birth', null],
    ['741301', 'expiry', null],
  ] as const)('%s as %s on 2026-01-15 → %s', (raw, kind, iso) => {
    expect(mrzDateIso(raw, kind, TODAY)).toBe(iso)
  })
})

describe('doc.expired', () => {
  it('expiring today is not expired; yesterday is', () => {
    expect(status({ expire_date: TODAY }, 'doc.expired')).toBe('pass')
    const c = byId(run({ expire_date: '2026-01-14' }), 'doc.expired')
    expect(c.status).toBe('fail')
    expect(c.message).toContain('2026-01-14')
    expect(c.message).toContain(`checked on ${TODAY}`)
    expect(c.fields).toEqual(['expire_date'])
  })

  it('uses the printed expiry when it reads as one day, else the MRZ, and says which', () => {
    const mrz = td3({ expiry: '260114' })
    const printed = byId(runChecks(input({ expire_date: '2026-01-20' }, { mrz }), OPTIONS), 'doc.expired')
    expect(printed.status).toBe('pass')
    expect(printed.message).toContain('printed expiry date')
    for (const unreadable of ['2026-01-3x', '']) {
      const fromMrz = byId(runChecks(input({ expire_date: unreadable }, { mrz }), OPTIONS), 'doc.expired')
      expect(fromMrz.status).toBe('fail')
      expect(fromMrz.message).toContain('the MRZ')
      expect(fromMrz.fields).toEqual(['mrz_line2'])
    }
  })

  it('an ambiguous printed expiry is read as the MRZ has it, and skipped without one', () => {
    const mrz = td3({ expiry: '300201' })
    const c = byId(runChecks(input({ expire_date: '01/02/2030' }, { mrz }), OPTIONS), 'doc.expired')
    expect(c.status).toBe('pass')
    expect(c.values[0]!.value).toBe('2030-02-01')
    const skip = byId(run({ expire_date: '01/02/2030' }), 'doc.expired')
    expect(skip.status).toBe('skip')
    expect(skip.message).toContain('2030-02-01 or 2030-01-02')
  })

  it('skips with no expiry at all', () => {
    expect(status({ name: 'X' }, 'doc.expired')).toBe('skip')
  })
})

describe('order of the dates', () => {
  it.each([
    ['doc.issue-after-expiry', { issue_date: '2030-01-01', expire_date: '2030-01-01' }, 'pass'],
    ['doc.issue-after-expiry', { issue_date: '2030-01-02', expire_date: '2030-01-01' }, 'fail'],
    ['doc.issue-after-expiry', { issue_date: '2030-01-02' }, 'skip'],
    ['doc.birth-after-issue', { birth: '2020-05-05', issue_date: '2020-05-05' }, 'pass'],
    ['doc.birth-after-issue', { birth: '2020-05-06', issue_date: '2020-05-05' }, 'fail'],
    ['doc.birth-after-issue', { back_issue_date: '2020-05-05', date_of_birth: '2020-05-06' }, 'fail'],
    ['doc.birth-after-issue', { birth: '2020-05-06' }, 'skip'],
    ['doc.birth-in-future', { birth: TODAY }, 'pass'],
    ['doc.birth-in-future', { birth: '2026-01-16' }, 'fail'],
    ['doc.birth-in-future', { expire_date: '2030-01-01' }, 'skip'],
  ] as const)('%s %j → %s', (id, fields, expected) => {
    expect(status({ ...fields }, id)).toBe(expected)
  })
})

describe('holder.age', () => {
  const age = (birth: string, today: string, minimumAge = 18) =>
    byId(run({ birth }, { today, minimumAge }), 'holder.age')

  it('18th birthday today is 18; the day before is 17 (a warning, not a failure)', () => {
    expect(age('2008-01-15', TODAY).status).toBe('pass')
    const young = age('2008-01-16', TODAY)
    expect(young.status).toBe('warn')
    expect(young.message).toContain('17')
    expect(young.message).toContain('minimum age of 18')
  })

  it('a 29 February birthday counts on 1 March in other years', () => {
    expect(age('2008-02-29', '2026-02-28').status).toBe('warn')
    expect(age('2008-02-29', '2026-03-01').status).toBe('pass')
    expect(age('2008-02-29', '2028-02-29', 20).status).toBe('pass')
  })

  it('follows the minimum age setting', () => {
    expect(age('2005-06-01', TODAY, 21).status).toBe('warn')
    expect(age('2005-06-01', TODAY, 18).status).toBe('pass')
    expect(age('2025-06-01', TODAY, 0).status).toBe('pass')
  })

  it('skips without a birth date, or with one in the future', () => {
    expect(status({ name: 'X' }, 'holder.age')).toBe('skip')
    expect(status({ birth: '2027-01-01' }, 'holder.age')).toBe('skip')
  })
})
