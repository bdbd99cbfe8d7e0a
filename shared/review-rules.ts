// The review desk's rules, shared by the renderer (colours, N, what the buttons say) and the main process
// (which enforces them on every decision). Pure.
import type { Case, DecisionKind, Field, FieldEdit, RejectReason, ReviewSettings } from './model'
import { failingChecks } from './checks/types'
import { fieldLabel } from './field-labels'

type Judged = Pick<Field, 'score' | 'accepted' | 'value' | 'ocrValue' | 'verified'> &
  Partial<Pick<Field, 'quadSource'>>

/**
 * A doubtful reading (low score or rejected by the engine) the reviewer has neither corrected nor verified; or a
 * field the reviewer drew that is still empty and not verified (nothing has read it yet).
 */
export function needsAttention(f: Judged, attentionScore: number): boolean {
  if (f.verified) return false
  if (f.quadSource === 'drawn' && f.value.trim() === '') return true
  if (f.value !== f.ocrValue) return false
  return f.accepted === false || (f.score !== null && f.score < attentionScore)
}

/** An edit that changed the record (not just a "verified" tick): what four-eyes counts as correcting. */
export function isCorrection(e: FieldEdit): boolean {
  return e.kind !== 'verified'
}

/** Who is deciding or editing: the OS account (what the rules compare) and the display name (a label). */
export type Reviewer = { account: string; name: string }

/**
 * The same person: by OS account, compared case-insensitively (Windows accounts are). A record from before
 * accounts were kept has only a display name, compared trimmed and case-insensitively.
 */
export function samePerson(
  recorded: { reviewer: string; account?: string | undefined },
  who: Reviewer,
): boolean {
  if (recorded.account !== undefined) return recorded.account.toLowerCase() === who.account.toLowerCase()
  return recorded.reviewer.trim().toLowerCase() === who.name.trim().toLowerCase()
}

/** True when `who` made at least one correction to the case. */
export function correctedBy(c: Pick<Case, 'history'>, who: Reviewer): boolean {
  return c.history.some((e) => isCorrection(e) && samePerson(e, who))
}

export type DecisionDraft = {
  kind: DecisionKind
  reason: RejectReason | null
  note: string
  /**
   * Approve only: "Approve with failed checks", with the reviewer's written reason. Absent or null for a plain
   * decision. Ignored (and needless) when no check fails.
   */
  checksOverride?: string | null
}

export const DECISION_LABELS: Record<DecisionKind, string> = {
  approved: 'Approve',
  rejected: 'Reject',
  second_review: 'Needs second review',
}

/** The request (four-eyes) to approve with failed checks that awaits another reviewer's confirmation, or null. */
function overrideRequest(c: Pick<Case, 'decision'>): Case['decision'] {
  const d = c.decision
  return d?.kind === 'second_review' && d.checksOverride ? d : null
}

/**
 * What an "Approve with failed checks" becomes. Without four-eyes, an approval. With four-eyes, a second reviewer
 * must confirm it: the first such request sends the case for second review (the override recorded), and the
 * approval goes through only for a reviewer other than the one who asked.
 */
export function overrideOutcome(
  c: Pick<Case, 'decision'>,
  who: Reviewer,
  settings: Pick<ReviewSettings, 'fourEyes'>,
): 'approve' | 'request' {
  if (!settings.fourEyes) return 'approve'
  const asked = overrideRequest(c)
  return asked !== null && !samePerson(asked, who) ? 'approve' : 'request'
}

/** Items for a message, the first `max` named and the rest counted ("a, b, c, d and 2 more"). */
function listed(items: readonly string[], max = 4): string {
  return items.length > max
    ? `${items.slice(0, max).join(', ')} and ${items.length - max} more`
    : items.join(', ')
}

/** Field keys as a reviewer reads them in a message ("name", "birth" → "Name, Birth"). */
function listKeys(keys: readonly string[]): string {
  return listed(keys.map(fieldLabel))
}

/**
 * Why this decision may not be taken now, in words for the reviewer; null when it may.
 * - Every decision needs a reviewer name (it is recorded).
 * - Reject needs a reason from the list, and "Other" needs a note.
 * - Approve needs a recognised case; no field needing attention left unchecked (the rubber-stamp guard); no
 *   failing check, unless it is an "Approve with failed checks" with a written reason (with four-eyes on, one
 *   reviewer asks and another confirms: see overrideOutcome); and, with four-eyes on, a reviewer other than anyone
 *   who corrected it.
 */
export function decisionProblem(
  c: Pick<Case, 'status' | 'fields' | 'history' | 'checks' | 'decision'>,
  draft: DecisionDraft,
  who: Reviewer,
  settings: Pick<ReviewSettings, 'attentionScore' | 'fourEyes'>,
): string | null {
  if (!who.name.trim())
    return 'Enter your reviewer name in Settings first: every decision records who took it.'
  if (draft.kind === 'rejected') {
    if (!draft.reason) return 'Choose a reason for the rejection.'
    if (draft.reason === 'Other' && !draft.note.trim())
      return 'Describe the reason in the note when it is "Other".'
    return null
  }
  if (draft.kind === 'approved') {
    if (c.status !== 'recognised')
      return 'Recognize this case before approving it: there is nothing to approve yet.'
    const open = c.fields.filter((f) => needsAttention(f, settings.attentionScore)).map((f) => f.key)
    if (open.length) {
      const n = open.length === 1 ? '1 field needs' : `${open.length} fields need`
      return `Approve refused: ${n} attention (${listKeys(open)}). Correct each one or mark it verified (Enter).`
    }
    const failing = failingChecks(c.checks).map((x) => x.id)
    if (failing.length) {
      if (draft.checksOverride === undefined || draft.checksOverride === null) {
        const n = failing.length === 1 ? '1 check fails' : `${failing.length} checks fail`
        return `Approve refused: ${n} (${listed(failing)}). Look closer and fix what is wrong, or choose "Approve with failed checks" and write why.`
      }
      if (!draft.checksOverride.trim())
        return 'Write why you approve although checks fail: the reason is recorded.'
      const asked = overrideRequest(c)
      if (settings.fourEyes && asked !== null && samePerson(asked, who))
        return 'Four-eyes rule: you asked to approve this case with failed checks, so another reviewer must confirm it.'
    }
    if (settings.fourEyes && correctedBy(c, who)) {
      return 'Four-eyes rule: you corrected this case, so another reviewer must approve it. Send it for second review instead.'
    }
  }
  return null
}
