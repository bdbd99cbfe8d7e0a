// Taking a decision on the open case: through the main process, which enforces the review rules; the renderer
// checks the same rules first only to explain, never to decide. After a decision the next case to do opens
// (Settings: "Open the next case after a decision"; Ctrl+Enter always does).
import { failingChecks } from '../../../shared/checks/types'
import { caseTitle } from '../../../shared/case-title'
import type { Case, DecisionKind, RejectReason } from '../../../shared/model'
import {
  DECISION_LABELS,
  decisionProblem,
  type DecisionDraft,
  type Reviewer,
} from '../../../shared/review-rules'
import { api, errorText } from '../api'
import { flushTyping } from '../editing/edits'
import { caseLabel, nextTodoId } from '../queue/listView'
import { selectCase } from '../state/actions'
import { applyCase } from '../state/cases'
import { dismissError, showError, showNotice, store } from '../state/appState'
import { decisionBlocked } from './gate'

/** The message of the last refused decision, so a later success can take it down. */
let lastRefusal: string | null = null

const DONE: Record<DecisionKind, string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  second_review: 'Sent for second review',
}

/** A loaded case as the reviewer knows it: its title, else its file name. */
export function titleOf(c: Case): string {
  return caseLabel({ title: caseTitle(c), name: c.name })
}

/** Why the open case cannot take this decision now, or null (the main process has the last word). */
/** Who is deciding: the OS account and the display name, as the main process will judge them. */
export function reviewerOf(s: { reviewerName: string; reviewerAccount: string }): Reviewer {
  return { name: s.reviewerName, account: s.reviewerAccount }
}

export function currentProblem(draft: DecisionDraft): string | null {
  const s = store.get()
  if (!s.current) return 'Open a case first.'
  return decisionBlocked(s.current.status) ?? decisionProblem(s.current, draft, reviewerOf(s), s.review)
}

/** What the reviewer is told once the main process took the decision (it may differ from the one asked for). */
export function decidedNotice(asked: DecisionKind, updated: Case, reason: RejectReason | null): string {
  const d = updated.decision
  const title = titleOf(updated)
  if (d?.checksOverride) {
    const n = d.checksOverride.checks.length
    const what = `${n} failed check${n === 1 ? '' : 's'}`
    if (d.kind === 'second_review') {
      return `Second review requested: ${title} — another reviewer must confirm the approval with ${what}`
    }
    if (d.kind === 'approved') return `Approved with ${what}: ${title}`
  }
  const kind = d?.kind ?? asked
  return `${DONE[kind]}: ${title}${reason ? ` (${reason})` : ''}`
}

/**
 * The open case, when it can take a decision; otherwise null, and the reviewer is told why (one notice, nothing
 * sent): A / R / S / Ctrl+Enter on a new, queued, sending or failed case.
 */
function decidableCase(): Case | null {
  const doc = store.get().current
  if (!doc) {
    showNotice('Open a case first')
    return null
  }
  const blocked = decisionBlocked(doc.status)
  if (blocked) {
    showNotice(blocked)
    return null
  }
  return doc
}

/**
 * Opens the next case to do after a decision on `decidedId` and returns what the notice adds: " — next: <title>",
 * or that none is left (the decided case then stays open).
 */
function advanceFrom(decidedId: string): string {
  const s = store.get()
  const next = nextTodoId(s.cases, decidedId, s.reviewerName)
  if (next === null) return ' — no case left to do'
  const summary = s.cases.find((c) => c.id === next)
  selectCase(next)
  return summary ? ` — next: ${caseLabel(summary)}` : ''
}

export type DecideOptions = {
  /** Open the next case to do once decided; by default the setting "Open the next case after a decision". */
  advance?: boolean
}

export async function decide(
  kind: DecisionKind,
  reason: RejectReason | null = null,
  note = '',
  checksOverride: string | null = null,
  options: DecideOptions = {},
): Promise<boolean> {
  const doc = decidableCase()
  if (!doc) return false
  // A value still being typed is saved first, so the decision covers what the reviewer sees.
  await flushTyping()
  try {
    const draft: DecisionDraft =
      checksOverride === null ? { kind, reason, note } : { kind, reason, note, checksOverride }
    const updated = await api().decide(doc.id, draft)
    applyCase(updated)
    // An earlier refusal no longer applies once a decision went through.
    const shown = store.get().message
    if (lastRefusal !== null && shown?.kind === 'error' && shown.text === lastRefusal) dismissError()
    lastRefusal = null
    // The dialogs that asked are done; closed before the next case opens, so they never show it.
    store.set({ rejectOpen: false, overrideOpen: false })
    const advance = options.advance ?? store.get().review.advanceAfterDecision
    // Only while the decided case is still the open one: a reviewer who moved on meanwhile stays where they are.
    const then = advance && store.get().selectedCaseId === doc.id ? advanceFrom(doc.id) : ''
    // About the case now open (the next one, or the decided one): it stays until another case opens.
    showNotice(decidedNotice(kind, updated, reason) + then, { caseId: store.get().selectedCaseId })
    return true
  } catch (err) {
    const message = errorText(err)
    lastRefusal = /refused|rule/i.test(message) ? message : `${DECISION_LABELS[kind]} failed: ${message}`
    showError(lastRefusal)
    return false
  }
}

/** Ctrl+Enter: approve the open case and open the next one to do (whatever the setting says). */
export async function approveAndNext(): Promise<void> {
  const doc = decidableCase()
  if (!doc) return
  if (doc.decision?.kind === 'approved') {
    // Already approved: nothing to record again, just move on.
    const then = advanceFrom(doc.id)
    showNotice(`Already approved: ${titleOf(doc)}${then}`, { caseId: store.get().selectedCaseId })
    return
  }
  await decide('approved', null, '', null, { advance: true })
}

export function openReject(): void {
  if (decidableCase()) store.set({ rejectOpen: true })
}

export function closeReject(): void {
  store.set({ rejectOpen: false })
}

/** Shift+A, or the decision bar's button: only while a check of the open case fails. */
export function openOverride(): void {
  const doc = decidableCase()
  if (!doc) return
  if (failingChecks(doc.checks).length === 0) {
    showNotice('No check fails on this case: Approve (A) needs no override')
    return
  }
  store.set({ overrideOpen: true })
}

export function closeOverride(): void {
  store.set({ overrideOpen: false })
}
