// What the case queue shows: the summaries filtered by queue status and a search, in the chosen order. Pure.
// Built for thousands of cases: each summary's search text and sort keys are computed once per summary object
// (the list keeps unchanged summaries as the same objects across refreshes, see state/caseListMerge.ts).
import { QUEUE_STATUSES, type CaseSummary, type QueueStatus } from '../../../shared/model'

export const SORT_ORDERS = [
  'created_asc',
  'created_desc',
  'updated_desc',
  'name',
  'score_asc',
  'status',
] as const
export type SortOrder = (typeof SORT_ORDERS)[number]

export const SORT_LABELS: Record<SortOrder, string> = {
  created_asc: 'Oldest first',
  created_desc: 'Newest first',
  updated_desc: 'Last updated',
  name: 'Name A–Z',
  score_asc: 'Lowest score',
  status: 'Status',
}

export type ListView = {
  /** The queue statuses shown; null shows every case (an empty set shows none). */
  statuses: ReadonlySet<QueueStatus> | null
  query: string
  sort: SortOrder
  /** Only cases with at least one failing document check (ANDed with the statuses and the search). */
  failedChecks: boolean
  /** The To do view: only the cases waiting for a decision (TODO_STATUSES), ANDed with the rest. */
  todo: boolean
}

/** What narrows the list (the sort never does); `failedChecks` and `todo` absent are off. */
export type ListFilter = Pick<ListView, 'statuses' | 'query'> & { failedChecks?: boolean; todo?: boolean }

/**
 * The queue statuses of the To do view: recognised and not decided. A case sent for second review is undecided
 * for the second reviewer, so it is in To do too (the advance after a decision skips the ones you sent yourself).
 */
export const TODO_STATUSES: ReadonlySet<QueueStatus> = new Set(['recognised', 'in_review', 'second_review'])

export function isTodo(c: Pick<CaseSummary, 'queueStatus'>): boolean {
  return TODO_STATUSES.has(c.queueStatus)
}

/** What the list and the dialogs call a case: its human title, else its file name. */
export function caseLabel(c: { title: string | null; name: string }): string {
  return c.title ?? c.name
}

// ---------- text normalisation ----------

const COMBINING_MARKS = /\p{M}+/gu
/** Letters NFD does not take apart (Ø, Ł, ß …): folded by hand so "lodz" finds "Łódź". */
const UNDECOMPOSED = /[øłđħßæœıþ]/g
const FOLDED: Record<string, string> = {
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ħ: 'h',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  þ: 'th',
}
/** Spaces and dashes (hyphen, non-breaking hyphen, figure, en and em dashes, minus), ignored in document numbers. */
const SPACES_AND_DASHES = /[\s\-\u2010-\u2015\u2212]+/g
const WHITESPACE = /\s+/

/** Lower case, without accents: "Jérôme Ørsted" → "jerome orsted". */
export function normaliseText(s: string): string {
  return s
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(UNDECOMPOSED, (ch) => FOLDED[ch] ?? ch)
}

function compact(normalised: string): string {
  return normalised.replace(SPACES_AND_DASHES, '')
}

// ---------- per-summary keys (cached) ----------

type Keys = {
  /** Title, name, file names, holder name and document number, normalised, one per line (no word spans two). */
  text: string
  /** The document number normalised and without spaces and dashes ('' when none). */
  doc: string
  created: number
  updated: number
}

const keyCache = new WeakMap<CaseSummary, Keys>()

function time(iso: string): number {
  const t = Date.parse(iso)
  return Number.isFinite(t) ? t : 0
}

function keysOf(c: CaseSummary): Keys {
  let k = keyCache.get(c)
  if (!k) {
    const parts = [c.title, c.name, c.frontFile, c.backFile, c.holderName, c.documentNumber]
    k = {
      text: parts
        .filter((p): p is string => !!p)
        .map(normaliseText)
        .join('\n'),
      doc: c.documentNumber ? compact(normaliseText(c.documentNumber)) : '',
      created: time(c.createdAt),
      updated: time(c.updatedAt),
    }
    keyCache.set(c, k)
  }
  return k
}

// ---------- search ----------

type Token = { text: string; compact: string }

/** The query's words; a lone dash between words ("P - 1234") is no word. Null for a blank query. */
function parseQuery(query: string): Token[] | null {
  const q = normaliseText(query.trim())
  if (q === '') return null
  const tokens = q.split(WHITESPACE).map((text) => ({ text, compact: compact(text) }))
  const words = tokens.filter((t) => t.compact !== '')
  return words.length > 0 ? words : tokens
}

/**
 * Every word of the query appears in the title, the name, a file name, the holder name or the document number; in the
 * document number a word also matches with spaces and dashes ignored on both sides ("AB12-34" finds "AB 1234").
 */
function matches(k: Keys, q: readonly Token[]): boolean {
  return q.every((t) => k.text.includes(t.text) || (t.compact !== '' && k.doc.includes(t.compact)))
}

/**
 * The cases with one of `statuses` (null: any) that match `query` (blank: all), with `failedChecks` have a
 * failing document check, and with `todo` wait for a decision; in their given order.
 */
export function filterCases(
  cases: readonly CaseSummary[],
  statuses: ReadonlySet<QueueStatus> | null,
  query: string,
  failedChecks = false,
  todo = false,
): CaseSummary[] {
  const q = parseQuery(query)
  if (statuses === null && q === null && !failedChecks && !todo) return cases.slice()
  return cases.filter(
    (c) =>
      (statuses === null || statuses.has(c.queueStatus)) &&
      (!todo || isTodo(c)) &&
      (!failedChecks || c.checksFailed > 0) &&
      (q === null || matches(keysOf(c), q)),
  )
}

// ---------- sorting ----------

type Row = { c: CaseSummary; k: Keys }
type Compare = (a: Row, b: Row) => number

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
const STATUS_RANK = Object.fromEntries(QUEUE_STATUSES.map((s, i) => [s, i])) as Record<QueueStatus, number>

const byId: Compare = (a, b) => (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0)
const byCreatedAsc: Compare = (a, b) => a.k.created - b.k.created || byId(a, b)

/** Missing scores (not recognised yet) after every score. */
function byScore(a: Row, b: Row): number {
  const x = a.c.lowestScore
  const y = b.c.lowestScore
  if (x === y) return 0
  if (x === null) return 1
  if (y === null) return -1
  return x - y
}

/** Ties go to the older case, then the id, so every order is total and the same on every refresh. */
const COMPARE: Record<SortOrder, Compare> = {
  created_asc: byCreatedAsc,
  created_desc: (a, b) => b.k.created - a.k.created || byId(a, b),
  updated_desc: (a, b) => b.k.updated - a.k.updated || byCreatedAsc(a, b),
  name: (a, b) => collator.compare(caseLabel(a.c), caseLabel(b.c)) || byCreatedAsc(a, b),
  score_asc: (a, b) => byScore(a, b) || byCreatedAsc(a, b),
  status: (a, b) => STATUS_RANK[a.c.queueStatus] - STATUS_RANK[b.c.queueStatus] || byCreatedAsc(a, b),
}

/** A sorted copy. */
export function sortCases(cases: readonly CaseSummary[], sort: SortOrder): CaseSummary[] {
  const rows: Row[] = cases.map((c) => ({ c, k: keysOf(c) }))
  rows.sort(COMPARE[sort])
  return rows.map((r) => r.c)
}

/** The queue as shown: filtered by status and search, then sorted. */
export function filterAndSort(cases: readonly CaseSummary[], view: ListView): CaseSummary[] {
  return sortCases(filterCases(cases, view.statuses, view.query, view.failedChecks, view.todo), view.sort)
}

/** How many cases wait for a decision (the To do chip's count). */
export function todoCount(cases: readonly CaseSummary[]): number {
  let n = 0
  for (const c of cases) if (isTodo(c)) n += 1
  return n
}

const sameReviewer = (a: string | null, b: string): boolean =>
  a !== null && b.trim() !== '' && a.trim().toLowerCase() === b.trim().toLowerCase()

/**
 * The case to open after a decision on `currentId`: the next To do case in its order (oldest first) after the
 * current one, wrapping round to the oldest; never the current case, nor a case `reviewer` sent for second review
 * (that one waits for somebody else). Null when no case is left to do.
 */
export function nextTodoId(
  cases: readonly CaseSummary[],
  currentId: string | null,
  reviewer: string,
): string | null {
  const ordered = sortCases(cases, 'created_asc')
  const at = ordered.findIndex((c) => c.id === currentId)
  const candidates = (from: number, to: number) =>
    ordered
      .slice(from, to)
      .find(
        (c) =>
          c.id !== currentId &&
          isTodo(c) &&
          !(c.queueStatus === 'second_review' && sameReviewer(c.decidedBy, reviewer)),
      )
  return (candidates(at + 1, ordered.length) ?? candidates(0, Math.max(at, 0)))?.id ?? null
}

/** How many cases are in each queue status (every status present, 0 when none). */
export function statusCounts(cases: readonly CaseSummary[]): Record<QueueStatus, number> {
  const counts = Object.fromEntries(QUEUE_STATUSES.map((s) => [s, 0])) as Record<QueueStatus, number>
  for (const c of cases) counts[c.queueStatus] += 1
  return counts
}

/** How many cases have at least one failing document check. */
export function failedChecksCount(cases: readonly CaseSummary[]): number {
  let n = 0
  for (const c of cases) if (c.checksFailed > 0) n += 1
  return n
}

/** The queue chip's title: "1 document check fails", "3 document checks fail". */
export function failedChecksTitle(n: number): string {
  return n === 1 ? '1 document check fails' : `${n} document checks fail`
}

/** A status filter, the To do view, the failed-checks filter or a search is in force (some cases may be hidden). */
export function isFiltered(view: ListFilter): boolean {
  return (
    view.statuses !== null || view.query.trim() !== '' || view.failedChecks === true || view.todo === true
  )
}
