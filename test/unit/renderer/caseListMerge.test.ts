import { describe, expect, it } from 'vitest'
import type { CaseSummary } from '../../../shared/model'
import { mergeSummaries, patchSummaries } from '../../../renderer/src/state/caseListMerge'

const summary = (id: string, p: Partial<CaseSummary> = {}): CaseSummary => ({
  id,
  name: `${id}.jpg`,
  status: 'new',
  createdAt: '2030-01-01T10:00:00.000Z',
  updatedAt: '2030-01-01T10:00:00.000Z',
  issuingCountry: null,
  idType: null,
  fieldCount: 0,
  lowestScore: null,
  hasBack: false,
  queueStatus: 'new',
  holderName: null,
  documentNumber: null,
  frontFile: `${id}.jpg`,
  backFile: null,
  decidedBy: null,
  contentHash: null,
  checksFailed: 0,
  checksWarned: 0,
  title: null,
  expiry: null,
  retainedSince: null,
  errorTitle: null,
  ...p,
})

describe('mergeSummaries', () => {
  it('returns the same array when nothing changed (no re-render)', () => {
    const prev = [summary('a'), summary('b')]
    expect(mergeSummaries(prev, [summary('a'), summary('b')])).toBe(prev)
  })
  it('reuses unchanged rows and takes changed and new ones', () => {
    const prev = [summary('a'), summary('b')]
    const b2 = summary('b', { status: 'queued', updatedAt: '2030-01-01T10:00:01.000Z' })
    const out = mergeSummaries(prev, [summary('a'), b2, summary('c')])
    expect(out[0]).toBe(prev[0])
    expect(out[1]).toBe(b2)
    expect(out.map((c) => c.id)).toEqual(['a', 'b', 'c'])
  })
  it('keeps a newer row over an older listing', () => {
    const newer = summary('a', { status: 'recognised', updatedAt: '2030-01-01T10:00:05.000Z' })
    const out = mergeSummaries([newer], [summary('a', { status: 'sending' })])
    expect(out[0]).toBe(newer)
  })
})

describe('patchSummaries', () => {
  it('replaces changed cases in place', () => {
    const prev = [summary('a'), summary('b'), summary('c')]
    const b2 = summary('b', { status: 'failed', updatedAt: '2030-01-01T10:00:02.000Z' })
    const out = patchSummaries(prev, [b2])!
    expect(out).not.toBe(prev)
    expect(out[0]).toBe(prev[0])
    expect(out[1]).toBe(b2)
    expect(out[2]).toBe(prev[2])
  })
  it('returns the same array when the update changes nothing', () => {
    const prev = [summary('a')]
    expect(patchSummaries(prev, [summary('a')])).toBe(prev)
  })
  it('asks for a full listing when a case is unknown', () => {
    expect(patchSummaries([summary('a')], [summary('z')])).toBeNull()
  })
})
