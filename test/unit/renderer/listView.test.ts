import { beforeEach, describe, expect, it } from 'vitest'
import { QUEUE_STATUSES, type CaseSummary, type QueueStatus } from '../../../shared/model'
import {
  failedChecksCount,
  failedChecksTitle,
  filterAndSort,
  filterCases,
  caseLabel,
  isFiltered,
  isTodo,
  nextTodoId,
  normaliseText,
  SORT_ORDERS,
  statusCounts,
  todoCount,
  type ListView,
} from '../../../renderer/src/queue/listView'
import { initialState, store } from '../../../renderer/src/state/appState'
import {
  adjacentVisibleCaseId,
  clearFilters,
  initialQueueView,
  queueViewStore,
  selectVisibleCases,
  setQuery,
  setSort,
  showAllStatuses,
  showTodo,
  toggleFailedChecks,
  toggleStatus,
  visibleCases,
} from '../../../renderer/src/queue/queueView'

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
  errorTitle: null,
  contentHash: null,
  checksFailed: 0,
  checksWarned: 0,
  title: null,
  expiry: null,
  retainedSince: null,
  ...p,
})

const view = (p: Partial<ListView> = {}): ListView => ({
  statuses: null,
  query: '',
  sort: 'created_asc',
  failedChecks: false,
  todo: false,
  ...p,
})
const ids = (cases: readonly CaseSummary[]): string[] => cases.map((c) => c.id)
const at = (minute: number): string => new Date(Date.UTC(2030, 0, 1, 10, minute)).toISOString()

describe('filter by status', () => {
  const cases = [
    summary('a', { queueStatus: 'new' }),
    summary('b', { queueStatus: 'approved', status: 'recognised' }),
    summary('c', { queueStatus: 'failed', status: 'failed' }),
    summary('d', { queueStatus: 'approved', status: 'recognised' }),
    summary('e', { queueStatus: 'in_review', status: 'recognised' }),
  ]
  it('shows everything when no status is chosen', () => {
    expect(ids(filterAndSort(cases, view()))).toEqual(['a', 'b', 'c', 'd', 'e'])
  })
  it('keeps one status', () => {
    expect(ids(filterAndSort(cases, view({ statuses: new Set(['approved']) })))).toEqual(['b', 'd'])
  })
  it('keeps any of several statuses', () => {
    const statuses = new Set<QueueStatus>(['failed', 'in_review', 'new'])
    expect(ids(filterAndSort(cases, view({ statuses })))).toEqual(['a', 'c', 'e'])
  })
  it('filters by the queue status, not the recognition status', () => {
    expect(ids(filterAndSort(cases, view({ statuses: new Set(['recognised']) })))).toEqual([])
  })
  it('shows nothing for an empty set of statuses', () => {
    expect(filterAndSort(cases, view({ statuses: new Set() }))).toEqual([])
  })
  it('returns a new array and leaves the input alone', () => {
    const input = [summary('z', { createdAt: at(5) }), summary('y', { createdAt: at(1) })]
    const copy = [...input]
    const out = filterAndSort(input, view())
    expect(out).not.toBe(input)
    expect(input).toEqual(copy)
    expect(ids(out)).toEqual(['y', 'z'])
  })
})

describe('search', () => {
  const cases = [
    summary('c1', {
      name: 'Passport scan 1',
      frontFile: 'IMG_2041.JPG',
      backFile: 'IMG_2042.jpg',
      holderName: 'ROSSI MARIA',
      documentNumber: 'YA 1234-567',
    }),
    summary('c2', {
      name: 'José Núñez licence',
      frontFile: 'front.png',
      holderName: 'NÚÑEZ JOSÉ',
      documentNumber: 'B-99 88',
    }),
    summary('c3', { name: 'Łódź resident', frontFile: 'lodz.jpg', holderName: 'Søren Ødegård' }),
    summary('c4', { name: 'Nothing recognised', frontFile: 'scan.tiff' }),
  ]
  const search = (query: string): string[] => ids(filterAndSort(cases, view({ query })))

  it('matches the case name, case-insensitively', () => {
    expect(search('passport SCAN')).toEqual(['c1'])
  })
  it('matches the front and the back file names', () => {
    expect(search('img_2041')).toEqual(['c1'])
    expect(search('img_2042.JPG')).toEqual(['c1'])
    expect(search('.tiff')).toEqual(['c4'])
  })
  it('matches the holder name, words in any order', () => {
    expect(search('maria rossi')).toEqual(['c1'])
    expect(search('rossi')).toEqual(['c1'])
  })
  it('needs every word to match', () => {
    expect(search('rossi nunez')).toEqual([])
  })
  it('ignores accents on either side', () => {
    expect(search('nunez')).toEqual(['c2'])
    expect(search('JOSE')).toEqual(['c2'])
    expect(search('Núñez')).toEqual(['c2'])
    expect(search('lodz resident')).toEqual(['c3'])
    expect(search('soren odegard')).toEqual(['c3'])
  })
  it('matches the document number as written', () => {
    expect(search('YA 1234-567')).toEqual(['c1'])
    expect(search('ya 1234')).toEqual(['c1'])
  })
  it('matches the document number ignoring spaces and dashes', () => {
    expect(search('YA1234567')).toEqual(['c1'])
    expect(search('ya-1234 567')).toEqual(['c1'])
    expect(search('4567')).toEqual(['c1'])
    expect(search('B9988')).toEqual(['c2'])
    expect(search('b 99-88')).toEqual(['c2'])
    expect(search('99 - 88')).toEqual(['c2'])
    expect(search('YA – 12')).toEqual(['c1'])
  })
  it('matches a document number written without separators when the query has them', () => {
    const file = { name: 'scan', frontFile: 'scan.tif' }
    const plain = [
      summary('p', { ...file, documentNumber: 'P1234567' }),
      summary('q', { ...file, documentNumber: 'Q7654321' }),
    ]
    expect(ids(filterCases(plain, null, 'p - 1234'))).toEqual(['p'])
    expect(ids(filterCases(plain, null, 'P-123-4567'))).toEqual(['p'])
    expect(ids(filterCases(plain, null, 'q 765 4321'))).toEqual(['q'])
    expect(ids(filterCases(plain, null, 'p 7654'))).toEqual([])
  })
  it('does not join digits across fields', () => {
    // "2041" + "2042" are both in c1's file names, but "20412042" is in no single field.
    expect(search('20412042')).toEqual([])
  })
  it('trims the query; a blank query shows everything', () => {
    expect(search('   rossi \t')).toEqual(['c1'])
    expect(search('   ')).toEqual(['c1', 'c2', 'c3', 'c4'])
  })
  it('finds nothing for text no case has', () => {
    expect(search('zzz')).toEqual([])
  })
  it('combines with the status filter', () => {
    const mixed = [
      summary('a', { holderName: 'ROSSI', queueStatus: 'approved' }),
      summary('b', { holderName: 'ROSSI', queueStatus: 'rejected' }),
      summary('c', { holderName: 'BIANCHI', queueStatus: 'approved' }),
    ]
    expect(ids(filterAndSort(mixed, view({ query: 'rossi', statuses: new Set(['approved']) })))).toEqual([
      'a',
    ])
  })
  it('sees a changed summary (the cache is per summary object)', () => {
    const before = summary('x', { holderName: 'OLD NAME' })
    expect(ids(filterCases([before], null, 'old'))).toEqual(['x'])
    const after = { ...before, holderName: 'NEW NAME' }
    expect(ids(filterCases([after], null, 'old'))).toEqual([])
    expect(ids(filterCases([after], null, 'new'))).toEqual(['x'])
  })
  it('normalises text without accents and in lower case', () => {
    expect(normaliseText('Jérôme ØRSTED Straße')).toBe('jerome orsted strasse')
  })
})

describe('sort', () => {
  const cases = [
    summary('b', {
      name: 'scan 10',
      createdAt: at(2),
      updatedAt: at(30),
      lowestScore: 80,
      queueStatus: 'approved',
    }),
    summary('a', {
      name: 'Scan 2',
      createdAt: at(2),
      updatedAt: at(10),
      lowestScore: 40,
      queueStatus: 'in_review',
    }),
    summary('c', {
      name: 'alpha',
      createdAt: at(1),
      updatedAt: at(20),
      lowestScore: null,
      queueStatus: 'new',
    }),
    summary('d', {
      name: 'scan 2',
      createdAt: at(0),
      updatedAt: at(30),
      lowestScore: 40,
      queueStatus: 'failed',
    }),
    summary('e', { name: 'Zulu', createdAt: at(3), updatedAt: at(5), lowestScore: 12.5, queueStatus: 'new' }),
  ]
  const sorted = (sort: ListView['sort']): string[] => ids(filterAndSort(cases, view({ sort })))

  it('oldest first, same time by id', () => {
    expect(sorted('created_asc')).toEqual(['d', 'c', 'a', 'b', 'e'])
  })
  it('newest first, same time by id', () => {
    expect(sorted('created_desc')).toEqual(['e', 'a', 'b', 'c', 'd'])
  })
  it('recently updated first, same time by creation then id', () => {
    expect(sorted('updated_desc')).toEqual(['d', 'b', 'c', 'a', 'e'])
  })
  it('by name: case-insensitive, numbers by value, same name by creation', () => {
    expect(sorted('name')).toEqual(['c', 'd', 'a', 'b', 'e'])
  })
  it('lowest score first, unscored cases last, ties by creation', () => {
    expect(sorted('score_asc')).toEqual(['e', 'd', 'a', 'b', 'c'])
  })
  it('by status in queue order, ties by creation then id', () => {
    // new (c before e by time), in_review, approved, failed
    expect(sorted('status')).toEqual(['c', 'e', 'a', 'b', 'd'])
  })
  it('is the same whatever the input order', () => {
    for (const sort of SORT_ORDERS) {
      const reversed = ids(filterAndSort([...cases].reverse(), view({ sort })))
      expect(reversed).toEqual(sorted(sort))
    }
  })
  it('puts an unreadable date first and still sorts the rest', () => {
    const withBad = [summary('x', { createdAt: at(1) }), summary('y', { createdAt: 'not a date' })]
    expect(ids(filterAndSort(withBad, view()))).toEqual(['y', 'x'])
  })
})

describe('statusCounts', () => {
  it('counts every queue status, zero for the absent ones', () => {
    const counts = statusCounts([
      summary('a', { queueStatus: 'new' }),
      summary('b', { queueStatus: 'approved' }),
      summary('c', { queueStatus: 'approved' }),
      summary('d', { queueStatus: 'second_review' }),
    ])
    expect(Object.keys(counts).sort()).toEqual([...QUEUE_STATUSES].sort())
    expect(counts).toMatchObject({ new: 1, approved: 2, second_review: 1, failed: 0, rejected: 0 })
  })
  it('is all zeros for no cases', () => {
    expect(Object.values(statusCounts([]))).toEqual(QUEUE_STATUSES.map(() => 0))
  })
})

describe('isFiltered', () => {
  it('is true with a status filter or a non-blank search', () => {
    expect(isFiltered(view())).toBe(false)
    expect(isFiltered(view({ query: '  ' }))).toBe(false)
    expect(isFiltered(view({ query: 'x' }))).toBe(true)
    expect(isFiltered(view({ statuses: new Set(['new']) }))).toBe(true)
  })
})

describe('5,000 cases', () => {
  const many: CaseSummary[] = Array.from({ length: 5000 }, (_, i) => {
    const queueStatus = QUEUE_STATUSES[i % QUEUE_STATUSES.length]!
    return summary(`case-${String(i).padStart(5, '0')}`, {
      name: `scan-${i}.jpg`,
      frontFile: `scan-${i}.jpg`,
      createdAt: new Date(Date.UTC(2030, 0, 1) + (i % 1000) * 60_000).toISOString(),
      queueStatus,
      lowestScore: i % 7 === 0 ? null : (i * 37) % 100,
      holderName: i % 2 === 0 ? `MÜLLER ${i}` : `SMITH ${i}`,
      documentNumber: `X-${String(i).padStart(6, '0')}`,
    })
  })

  it('filters by status and search exactly like a plain scan', () => {
    const statuses = new Set<QueueStatus>(['approved', 'rejected'])
    const out = filterAndSort(many, view({ statuses, query: 'muller', sort: 'score_asc' }))
    const expected = many.filter((c) => statuses.has(c.queueStatus) && c.holderName!.startsWith('MÜLLER'))
    expect(out).toHaveLength(expected.length)
    expect(new Set(ids(out))).toEqual(new Set(ids(expected)))
    expect(out.length).toBeGreaterThan(0)
    const scores = out.map((c) => c.lowestScore ?? Infinity)
    expect(scores).toEqual([...scores].sort((x, y) => x - y))
  })
  it('finds one case by its document number without the dash', () => {
    expect(ids(filterAndSort(many, view({ query: 'x004321' })))).toEqual(['case-04321'])
  })
  it('counts add up to the total', () => {
    const counts = statusCounts(many)
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(5000)
    for (const s of QUEUE_STATUSES) expect(counts[s]).toBe(many.filter((c) => c.queueStatus === s).length)
  })
  it('sorts by creation with ties in id order', () => {
    const out = filterAndSort(many, view({ sort: 'created_desc' }))
    expect(out).toHaveLength(5000)
    for (let i = 1; i < out.length; i++) {
      const a = out[i - 1]!
      const b = out[i]!
      const order = a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id < b.id)
      expect(order).toBe(true)
    }
  })
})

describe('queue view state', () => {
  const cases = [
    summary('a', { createdAt: at(0), queueStatus: 'approved', holderName: 'ROSSI' }),
    summary('b', { createdAt: at(1), queueStatus: 'new' }),
    summary('c', { createdAt: at(2), queueStatus: 'approved' }),
    summary('d', { createdAt: at(3), queueStatus: 'failed', holderName: 'ROSSI' }),
  ]
  beforeEach(() => {
    queueViewStore.set(initialQueueView)
    store.set({ ...initialState, cases, casesLoaded: true })
  })

  it('toggles statuses on and off; the last one off shows all', () => {
    toggleStatus('approved')
    expect(ids(visibleCases())).toEqual(['a', 'c'])
    toggleStatus('failed')
    expect(ids(visibleCases())).toEqual(['a', 'c', 'd'])
    toggleStatus('approved')
    expect(ids(visibleCases())).toEqual(['d'])
    toggleStatus('failed')
    expect(queueViewStore.get().statuses).toBeNull()
    expect(ids(visibleCases())).toEqual(['a', 'b', 'c', 'd'])
  })
  it('All and Clear filters reset what they should (the sort stays)', () => {
    toggleStatus('approved')
    setQuery('rossi')
    setSort('created_desc')
    expect(ids(visibleCases())).toEqual(['a'])
    showAllStatuses()
    expect(ids(visibleCases())).toEqual(['d', 'a'])
    toggleStatus('new')
    clearFilters()
    expect(queueViewStore.get()).toMatchObject({ statuses: null, query: '', sort: 'created_desc' })
    expect(ids(visibleCases())).toEqual(['d', 'c', 'b', 'a'])
  })
  it('gives the same array while neither the cases nor the view changed', () => {
    setSort('name')
    const first = visibleCases()
    expect(visibleCases()).toBe(first)
    setQuery('rossi')
    const searched = visibleCases()
    expect(searched).not.toBe(first)
    expect(selectVisibleCases(store.get().cases, queueViewStore.get())).toBe(searched)
    store.set({ cases: [...cases] })
    expect(visibleCases()).not.toBe(searched)
    expect(ids(visibleCases())).toEqual(ids(searched))
  })
  it('J / K walk the visible order and stop at its ends', () => {
    setSort('created_desc')
    toggleStatus('approved')
    toggleStatus('failed') // visible: d, c, a
    expect(adjacentVisibleCaseId(1)).toBe('d') // nothing selected: the first shown
    store.set({ selectedCaseId: 'd' })
    expect(adjacentVisibleCaseId(1)).toBe('c')
    expect(adjacentVisibleCaseId(-1)).toBeNull()
    store.set({ selectedCaseId: 'c' })
    expect(adjacentVisibleCaseId(1)).toBe('a')
    expect(adjacentVisibleCaseId(-1)).toBe('d')
    store.set({ selectedCaseId: 'a' })
    expect(adjacentVisibleCaseId(1)).toBeNull()
    store.set({ selectedCaseId: 'b' }) // hidden by the filter
    expect(adjacentVisibleCaseId(-1)).toBe('d')
  })
  it('J / K have nowhere to go when nothing is shown', () => {
    setQuery('nobody')
    expect(adjacentVisibleCaseId(1)).toBeNull()
  })
})

describe('filter on failed checks', () => {
  const cases = [
    summary('a', { queueStatus: 'recognised', status: 'recognised', checksFailed: 2 }),
    summary('b', { queueStatus: 'recognised', status: 'recognised', checksWarned: 3 }),
    summary('c', { queueStatus: 'approved', status: 'recognised', checksFailed: 1, name: 'rossi.jpg' }),
    summary('d', { queueStatus: 'new' }),
  ]
  it('keeps only the cases where a check fails (warnings do not count)', () => {
    expect(ids(filterAndSort(cases, view({ failedChecks: true })))).toEqual(['a', 'c'])
    expect(ids(filterCases(cases, null, '', true))).toEqual(['a', 'c'])
    expect(ids(filterCases(cases, null, ''))).toEqual(['a', 'b', 'c', 'd'])
  })
  it('combines with the status filter and the search', () => {
    expect(
      ids(filterAndSort(cases, view({ failedChecks: true, statuses: new Set(['recognised']) }))),
    ).toEqual(['a'])
    expect(ids(filterAndSort(cases, view({ failedChecks: true, query: 'rossi' })))).toEqual(['c'])
    expect(ids(filterAndSort(cases, view({ failedChecks: true, query: 'b.jpg' })))).toEqual([])
  })
  it('counts the cases with failed checks and says so in the chip title', () => {
    expect(failedChecksCount(cases)).toBe(2)
    expect(failedChecksCount([])).toBe(0)
    expect(failedChecksTitle(1)).toBe('1 document check fails')
    expect(failedChecksTitle(3)).toBe('3 document checks fail')
  })
  it('is a filter in force', () => {
    expect(isFiltered({ statuses: null, query: '', failedChecks: true })).toBe(true)
    expect(isFiltered({ statuses: null, query: '', failedChecks: false })).toBe(false)
    expect(isFiltered({ statuses: null, query: '' })).toBe(false)
  })
  it('is toggled and cleared in the queue view, and the visible list follows', () => {
    queueViewStore.set(initialQueueView)
    store.set({ ...initialState, cases })
    expect(ids(visibleCases())).toEqual(['a', 'b', 'c', 'd'])
    toggleFailedChecks()
    expect(ids(visibleCases())).toEqual(['a', 'c'])
    toggleStatus('approved')
    expect(ids(visibleCases())).toEqual(['c'])
    clearFilters()
    expect(queueViewStore.get().failedChecks).toBe(false)
    expect(ids(visibleCases())).toEqual(['a', 'b', 'c', 'd'])
  })
})

describe('the To do view', () => {
  const cases = [
    summary('new', { queueStatus: 'new', createdAt: at(1) }),
    summary('rev', { queueStatus: 'in_review', status: 'recognised', createdAt: at(5) }),
    summary('rec', { queueStatus: 'recognised', status: 'recognised', createdAt: at(2) }),
    summary('ok', { queueStatus: 'approved', status: 'recognised', createdAt: at(3) }),
    summary('2nd', {
      queueStatus: 'second_review',
      status: 'recognised',
      createdAt: at(4),
      decidedBy: 'Ann',
    }),
    summary('no', { queueStatus: 'rejected', status: 'recognised', createdAt: at(0) }),
    summary('bad', { queueStatus: 'failed', status: 'failed', createdAt: at(6) }),
    summary('wait', { queueStatus: 'queued', status: 'queued', createdAt: at(7) }),
  ]
  it('holds the recognised, in-review and second-review cases only', () => {
    expect(cases.filter(isTodo).map((c) => c.id)).toEqual(['rev', 'rec', '2nd'])
    expect(todoCount(cases)).toBe(3)
    expect(todoCount([])).toBe(0)
  })
  it('lists them oldest first, and combines with the search and the failed-checks filter', () => {
    expect(ids(filterAndSort(cases, view({ todo: true })))).toEqual(['rec', '2nd', 'rev'])
    expect(ids(filterAndSort(cases, view({ todo: true, query: 'rev' })))).toEqual(['rev'])
    expect(ids(filterCases(cases, null, '', true, true))).toEqual([])
  })
  it('is a filter in force', () => {
    expect(isFiltered({ statuses: null, query: '', todo: true })).toBe(true)
    expect(isFiltered({ statuses: null, query: '', todo: false })).toBe(false)
  })
  it('is chosen with its order, and left by All or a status', () => {
    queueViewStore.set({ ...initialQueueView, sort: 'name' })
    store.set({ ...initialState, cases })
    showTodo()
    expect(queueViewStore.get()).toMatchObject({ todo: true, statuses: null, sort: 'created_asc' })
    expect(ids(visibleCases())).toEqual(['rec', '2nd', 'rev'])
    showAllStatuses()
    expect(queueViewStore.get().todo).toBe(false)
    expect(visibleCases()).toHaveLength(cases.length)
    showTodo()
    toggleStatus('failed')
    expect(queueViewStore.get().todo).toBe(false)
    expect(ids(visibleCases())).toEqual(['bad'])
    showTodo()
    clearFilters()
    expect(queueViewStore.get().todo).toBe(false)
  })
})

describe('nextTodoId (the case that opens after a decision)', () => {
  const cases = [
    summary('a', { queueStatus: 'approved', status: 'recognised', createdAt: at(1) }),
    summary('b', { queueStatus: 'recognised', status: 'recognised', createdAt: at(2) }),
    summary('c', { queueStatus: 'new', createdAt: at(3) }),
    summary('d', { queueStatus: 'in_review', status: 'recognised', createdAt: at(4) }),
    summary('e', { queueStatus: 'recognised', status: 'recognised', createdAt: at(5) }),
  ]
  it('is the next To do case after the decided one, oldest first', () => {
    expect(nextTodoId(cases, 'b', 'Ann')).toBe('d')
    expect(nextTodoId(cases, 'd', 'Ann')).toBe('e')
    // The decided case's summary may still say "in review": it is never chosen again.
    expect(nextTodoId(cases, 'a', 'Ann')).toBe('b')
  })
  it('wraps round to the oldest case still to do', () => {
    expect(nextTodoId(cases, 'e', 'Ann')).toBe('b')
  })
  it('takes the oldest when the decided case is not listed', () => {
    expect(nextTodoId(cases, 'gone', 'Ann')).toBe('b')
    expect(nextTodoId(cases, null, 'Ann')).toBe('b')
  })
  it('is null when no other case is to do', () => {
    const one = [cases[0]!, summary('x', { queueStatus: 'recognised', status: 'recognised' })]
    expect(nextTodoId(one, 'x', 'Ann')).toBeNull()
    expect(nextTodoId([], null, 'Ann')).toBeNull()
  })
  it('skips a case the same reviewer sent for second review, not one somebody else did', () => {
    const sent = [
      summary('mine', {
        queueStatus: 'second_review',
        status: 'recognised',
        createdAt: at(1),
        decidedBy: ' ann ',
      }),
      summary('theirs', {
        queueStatus: 'second_review',
        status: 'recognised',
        createdAt: at(2),
        decidedBy: 'Bob',
      }),
      summary('now', { queueStatus: 'in_review', status: 'recognised', createdAt: at(3) }),
    ]
    expect(nextTodoId(sent, 'now', 'Ann')).toBe('theirs')
    expect(nextTodoId(sent, 'now', 'Bob')).toBe('mine')
  })
})

describe('case titles in the list', () => {
  const titled = summary('t', {
    name: 'scan-0042.jpg',
    title: 'TAMIHANA Aroha · NZL passport LA1234567 · exp. 2030-05-05',
  })
  it('labels a case by its title, else its file name', () => {
    expect(caseLabel(titled)).toBe('TAMIHANA Aroha · NZL passport LA1234567 · exp. 2030-05-05')
    expect(caseLabel(summary('u'))).toBe('u.jpg')
  })
  it('finds a case by any word of its title', () => {
    const cases = [titled, summary('u')]
    expect(ids(filterCases(cases, null, 'aroha'))).toEqual(['t'])
    expect(ids(filterCases(cases, null, 'passport 2030-05-05'))).toEqual(['t'])
    expect(ids(filterCases(cases, null, 'scan-0042'))).toEqual(['t'])
  })
  it('sorts Name A–Z by title, untitled cases by file name', () => {
    const cases = [
      summary('z', { name: 'a-file.jpg', title: 'ZED Anna' }),
      summary('m', { name: 'm.jpg' }),
      summary('b', { name: 'z-file.jpg', title: 'BROWN Bo' }),
    ]
    expect(ids(filterAndSort(cases, view({ sort: 'name' })))).toEqual(['b', 'm', 'z'])
  })
})
