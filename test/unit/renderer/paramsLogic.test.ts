// The renderer's per-case country and type logic: which cases the toolbar changes, what a select shows for several
// cases, and what "Recognize all" will send and skip.
import { describe, expect, it } from 'vitest'
import type { RecognizeOutcome } from '../../../shared/ipc'
import {
  commonValue,
  groupLine,
  MIXED,
  paramsTargets,
  problemOf,
  recognizePlan,
  withFill,
  type ParamsOf,
} from '../../../renderer/src/recognition/paramsLogic'

const c = (
  id: string,
  issuingCountry: string | null,
  idType: ParamsOf['idType'],
  status: ParamsOf['status'] = 'new',
) => ({
  id,
  issuingCountry,
  idType,
  status,
})

const CASES: ParamsOf[] = [
  c('a', 'FRA', 'passport'),
  c('b', 'FRA', 'passport', 'failed'),
  c('c', 'ITA', 'government_id'),
  c('d', null, 'passport'),
  c('e', 'ESP', null),
  c('f', 'FRA', 'passport', 'recognised'),
  c('g', 'FRA', 'passport', 'queued'),
]

describe('paramsTargets', () => {
  it('is the checked cases when any is checked, else the selected one, else none', () => {
    expect(paramsTargets(CASES, 'c', new Set(['a', 'd'])).map((x) => x.id)).toEqual(['a', 'd'])
    expect(paramsTargets(CASES, 'c', new Set()).map((x) => x.id)).toEqual(['c'])
    expect(paramsTargets(CASES, null, new Set())).toEqual([])
  })
})

describe('commonValue', () => {
  it('shows the shared value, blank for unset or no case, mixed when they differ', () => {
    expect(commonValue([CASES[0]!, CASES[1]!], 'issuingCountry')).toBe('FRA')
    expect(commonValue([CASES[0]!, CASES[2]!], 'issuingCountry')).toBe(MIXED)
    expect(commonValue([CASES[3]!], 'issuingCountry')).toBe('')
    expect(commonValue([], 'idType')).toBe('')
  })
})

describe('recognizePlan', () => {
  it('in a team workspace takes only the cases this login holds', () => {
    const cases = CASES.map((x, i) => ({ ...x, claimedBy: i % 2 ? 'ben' : 'anna' }))
    const plan = recognizePlan(cases, new Set(), false, 'anna')
    expect(plan.pending.map((x) => x.id)).toEqual(['a', 'c', 'e'])
    // On this computer (no login) every pending case is taken, whoever the rows name.
    expect(recognizePlan(cases, new Set()).pending.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('groups the new and failed cases by their own country and type, largest first, and lists the skipped', () => {
    const plan = recognizePlan(CASES, new Set(['b']))
    expect(plan.groups).toEqual([
      { issuingCountry: 'FRA', idType: 'passport', count: 1 },
      { issuingCountry: 'ITA', idType: 'government_id', count: 1 },
    ])
    expect(plan.skipped.map((x) => x.id)).toEqual(['d', 'e'])
    // Recognised and queued cases are not pending; neither is one this window already sent.
    expect(plan.pending.map((x) => x.id)).toEqual(['a', 'c', 'd', 'e'])
    const all = recognizePlan(CASES, new Set())
    expect(all.groups[0]).toEqual({ issuingCountry: 'FRA', idType: 'passport', count: 2 })
    expect(
      groupLine(
        all.groups[0]!,
        (x) => `<${x}>`,
        (t) => t.toUpperCase(),
      ),
    ).toBe('2 × <FRA> PASSPORT')
  })

  it('a pair applied to the skipped fills only what each lacks; a half pair completes only some', () => {
    const skipped = [CASES[3]!, CASES[4]!]
    const both = withFill(skipped, { issuingCountry: 'NZL', idType: 'visa' })
    expect(both.filled.map((x) => `${x.issuingCountry} ${x.idType}`)).toEqual(['NZL passport', 'ESP visa'])
    expect(both.stillSkipped).toEqual([])
    const half = withFill(skipped, { issuingCountry: 'NZL', idType: '' })
    expect(half.filled.map((x) => x.id)).toEqual(['d'])
    expect(half.stillSkipped.map((x) => x.id)).toEqual(['e'])
  })
})

describe('problemOf', () => {
  it('takes the outcome that hit the problem, not the ones only taken off the queue', () => {
    const outcomes: RecognizeOutcome[] = [
      { caseId: 'a', ok: false, message: 'Not sent: x', problem: 'auth' },
      { caseId: 'b', ok: false, message: 'b.jpg: ARGOS refused the API key', problem: 'auth' },
      { caseId: 'c', ok: true, message: 'ok' },
    ]
    expect(problemOf(outcomes)).toEqual({ problem: 'auth', message: 'b.jpg: ARGOS refused the API key' })
    expect(problemOf([{ caseId: 'c', ok: false, message: 'failed' }])).toBeNull()
  })
})
