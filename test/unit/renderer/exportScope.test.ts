// What an export takes and how the dialog says it (export/exportActions.ts), and the case list's checked set
// (state/checked.ts): ranges, "select all shown", pruning when cases leave the list.
import { beforeEach, describe, expect, it } from 'vitest'
import type { CaseSummary } from '../../../shared/model'
import {
  exportedNotice,
  exportScope,
  exportStore,
  filterWords,
  isDecidedSummary,
  rememberedChoices,
  splitPath,
} from '../../../renderer/src/export/exportActions'
import { DEFAULT_EXPORT_SETTINGS } from '../../../shared/export-options'
import { initialState, store } from '../../../renderer/src/state/appState'
import {
  checkedStore,
  clearChecked,
  pruned,
  rangeIds,
  setChecked,
  shownState,
  toggleAllShown,
  withChecked,
} from '../../../renderer/src/state/checked'

const summary = (id: string, p: Partial<CaseSummary> = {}): CaseSummary => ({
  id,
  name: `${id}.jpg`,
  status: 'recognised',
  createdAt: '2030-01-01T10:00:00.000Z',
  updatedAt: '2030-01-01T10:00:00.000Z',
  issuingCountry: null,
  idType: null,
  fieldCount: 0,
  lowestScore: null,
  hasBack: false,
  queueStatus: 'recognised',
  holderName: null,
  documentNumber: null,
  frontFile: `${id}.jpg`,
  backFile: null,
  decidedBy: null,
  errorTitle: null,
  contentHash: null,
  checksFailed: 0,
  checksWarned: 0,
  title: null,
  expiry: null,
  retainedSince: null,
  ...p,
})

const decided = (id: string, kind: 'approved' | 'rejected' | 'second_review') =>
  summary(id, { queueStatus: kind, decidedBy: 'Ann' })

const noFilter = { statuses: null, query: '' }
const ids = (cases: readonly { id: string }[]) => cases.map((c) => c.id)

describe('export scope', () => {
  const all = [summary('a'), decided('b', 'approved'), decided('c', 'rejected'), summary('d')]

  it('is the list as shown when nothing is checked, the filter named', () => {
    const shown = [all[1]!, all[2]!]
    const scope = exportScope(all, shown, new Set(), {
      statuses: new Set(['approved', 'rejected']),
      query: '',
    })
    expect(scope).toMatchObject({ kind: 'list', decided: 2 })
    expect(ids(scope.cases)).toEqual(['b', 'c'])
    expect(scope.label).toBe('All 2 cases in the list (filter: Approved, Rejected)')
    expect(exportScope(all, all, new Set(), noFilter).label).toBe('All 4 cases in the list')
    expect(exportScope(all, [all[0]!], new Set(), { statuses: null, query: ' rossi ' }).label).toBe(
      'The 1 case in the list (search: “rossi”)',
    )
  })

  it('is the checked cases when any are, in the order shown, hidden ones last and counted', () => {
    const shown = [all[3]!, all[2]!, all[1]!] // sorted newest first, "a" filtered out
    const scope = exportScope(all, shown, new Set(['a', 'b', 'd']), noFilter)
    expect(scope.kind).toBe('checked')
    expect(ids(scope.cases)).toEqual(['d', 'b', 'a'])
    expect(scope.decided).toBe(1)
    expect(scope.label).toBe('The 3 checked cases (1 hidden by the filter)')
    expect(exportScope(all, all, new Set(['c']), noFilter).label).toBe('The checked case')
  })

  it('ignores checked ids that are no longer listed', () => {
    expect(ids(exportScope(all, all, new Set(['gone', 'b']), noFilter).cases)).toEqual(['b'])
  })

  it('counts approved, rejected and second review as decided', () => {
    expect(
      ['approved', 'rejected', 'second_review'].map((k) => isDecidedSummary(decided('x', k as 'approved'))),
    ).toEqual([true, true, true])
    expect(isDecidedSummary(summary('x', { queueStatus: 'in_review' }))).toBe(false)
  })

  it('says what narrows the list', () => {
    expect(filterWords(noFilter)).toBe('')
    expect(filterWords({ statuses: new Set(['second_review']), query: 'x' })).toBe(
      'filter: Second review; search: “x”',
    )
  })

  it('names the file and the folder it is in', () => {
    expect(
      exportedNotice({
        status: 'saved',
        path: '/home/ann/Documents/recto-export-20260131-0930.csv',
        rows: 40,
      }),
    ).toBe('Exported 40 cases to recto-export-20260131-0930.csv in /home/ann/Documents')
    expect(exportedNotice({ status: 'saved', path: 'C:\\Users\\ann\\x.json', rows: 1 })).toBe(
      'Exported 1 case to x.json in C:\\Users\\ann',
    )
    expect(exportedNotice({ status: 'saved', path: 'x.csv', rows: 2 })).toBe('Exported 2 cases to x.csv')
  })

  it('splits a path into folder and file, either separator', () => {
    expect(splitPath('/a/b/c.csv')).toEqual({ folder: '/a/b', file: 'c.csv' })
    expect(splitPath('/c.csv')).toEqual({ folder: '/', file: 'c.csv' })
    expect(splitPath('D:\\exports\\c.csv')).toEqual({ folder: 'D:\\exports', file: 'c.csv' })
    expect(splitPath('c.csv')).toEqual({ folder: '', file: 'c.csv' })
  })
})

describe('remembered export choices', () => {
  it('start as decided only with ISO dates before anything is remembered', () => {
    const s = exportStore.get()
    expect(s.decidedOnly).toBe(true)
    expect(s.csv.normaliseDates).toBe(true)
    expect({ decidedOnly: s.decidedOnly, csv: s.csv }).toEqual(DEFAULT_EXPORT_SETTINGS)
  })

  it('save what the dialog shows: a CSV export its CSV options too, a JSON export only "decided only"', () => {
    const shown = {
      open: 'csv' as const,
      decidedOnly: false,
      csv: { ...DEFAULT_EXPORT_SETTINGS.csv, delimiter: ';' as const, normaliseDates: false },
      lastPath: null,
    }
    expect(rememberedChoices('csv', shown)).toEqual({ decidedOnly: false, csv: shown.csv })
    expect(rememberedChoices('csv', shown).csv).not.toBe(shown.csv)
    expect(rememberedChoices('json', shown)).toEqual({ decidedOnly: false })
  })
})

describe('checked cases', () => {
  const shown = ['a', 'b', 'c', 'd', 'e'].map((id) => summary(id))

  beforeEach(() => {
    store.set({ ...initialState })
    clearChecked()
  })

  it('checks a range from the last box clicked with Shift, in the order shown', () => {
    setChecked('b', true, shown)
    setChecked('d', true, shown, true)
    expect([...checkedStore.get().ids].sort()).toEqual(['b', 'c', 'd'])
    setChecked('a', false, shown, true) // from d back to a: all unchecked
    expect(checkedStore.get().ids.size).toBe(0)
    expect(rangeIds(shown, 'gone', 'c')).toEqual(['c'])
  })

  it('"select all shown" checks every shown case, then unchecks them; other checked cases stay', () => {
    setChecked('z', true, [])
    toggleAllShown(shown)
    expect(shownState(shown, checkedStore.get().ids)).toBe('all')
    expect(checkedStore.get().ids.size).toBe(6)
    toggleAllShown(shown)
    expect([...checkedStore.get().ids]).toEqual(['z'])
    setChecked('c', true, shown)
    expect(shownState(shown, checkedStore.get().ids)).toBe('some')
    expect(shownState([], checkedStore.get().ids)).toBe('none')
  })

  it('keeps the same set when nothing changes, so nothing re-renders', () => {
    const set = new Set(['a'])
    expect(withChecked(set, ['a'], true)).toBe(set)
    expect(pruned(set, shown)).toBe(set)
    expect([...pruned(new Set(['a', 'gone']), shown)]).toEqual(['a'])
  })

  it('drops cases that leave the list', () => {
    store.set({ cases: shown, casesLoaded: true })
    setChecked('b', true, shown)
    setChecked('c', true, shown)
    store.set({ cases: shown.filter((c) => c.id !== 'b') })
    expect([...checkedStore.get().ids]).toEqual(['c'])
    expect(checkedStore.get().anchor).toBe('c')
  })
})
