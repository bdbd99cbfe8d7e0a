// Taking a decision on the open case: through the main process, which enforces the review rules; the renderer
// checks the same rules first only to explain, never to decide.
import { failingChecks } from '../../../shared/checks/types'
import type { Case, DecisionKind, RejectReason } from '../../../shared/model'
import { DECISION_LABELS, decisionProblem, type DecisionDraft } from '../../../shared/review-rules'
import { api, errorText } from '../api'
import { flushTyping } from '../editing/edits'
import { applyCase } from '../state/cases'
import { dismissError, showError, showNotice, store } from '../state/appState'

/** The message of the last refused decision, so a later success can take it down. */
let lastRefusal: string | null = null

const DONE: Record<DecisionKind, string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  second_review: 'Sent for second review',
}

/** Why the open case cannot take this decision now, or null (the main process has the last word). */
export function currentProblem(draft: DecisionDraft): string | null {
  const s = store.get()
  if (!s.current) return 'Open a case first.'
  return decisionProblem(s.current, draft, s.reviewerName, s.review)
}

/** What the reviewer is told once the main process took the decision (it may differ from the one asked for). */
export function decidedNotice(asked: DecisionKind, updated: Case, reason: RejectReason | null): string {
  const d = updated.decision
  if (d?.checksOverride) {
    const n = d.checksOverride.checks.length
    const what = `${n} failed check${n === 1 ? '' : 's'}`
    if (d.kind === 'second_review') {
      return `Second review requested: ${updated.name} — another reviewer must confirm the approval with ${what}`
    }
    if (d.kind === 'approved') return `Approved with ${what}: ${updated.name}`
  }
  const kind = d?.kind ?? asked
  return `${DONE[kind]}: ${updated.name}${reason ? ` (${reason})` : ''}`
}

export async function decide(
  kind: DecisionKind,
  reason: RejectReason | null = null,
  note = '',
  checksOverride: string | null = null,
): Promise<boolean> {
  const doc = store.get().current
  if (!doc) {
    showError('Open a case first.')
    return false
  }
  // A value still being typed is saved first, so the decision covers what the reviewer sees.
  await flushTyping()
  try {
    const draft: DecisionDraft =
      checksOverride === null ? { kind, reason, note } : { kind, reason, note, checksOverride }
    const updated = await api().decide(doc.id, draft)
    applyCase(updated)
    // An earlier refusal no longer applies once a decision went through.
    if (lastRefusal !== null && store.get().error?.text === lastRefusal) dismissError()
    lastRefusal = null
    showNotice(decidedNotice(kind, updated, reason))
    return true
  } catch (err) {
    const message = errorText(err)
    lastRefusal = /refused|rule/i.test(message) ? message : `${DECISION_LABELS[kind]} failed: ${message}`
    showError(lastRefusal)
    return false
  }
}

export function openReject(): void {
  if (!store.get().current) {
    showError('Open a case first.')
    return
  }
  store.set({ rejectOpen: true })
}

export function closeReject(): void {
  store.set({ rejectOpen: false })
}

/** Shift+A, or the decision bar's button: only while a check of the open case fails. */
export function openOverride(): void {
  const doc = store.get().current
  if (!doc) {
    showError('Open a case first.')
    return
  }
  if (doc.status !== 'recognised') {
    showNotice('Recognize this case before approving it')
    return
  }
  if (failingChecks(doc.checks).length === 0) {
    showNotice('No check fails on this case: Approve (A) needs no override')
    return
  }
  store.set({ overrideOpen: true })
}

export function closeOverride(): void {
  store.set({ overrideOpen: false })
}
