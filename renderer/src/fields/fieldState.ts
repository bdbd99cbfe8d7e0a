// What a field's colour means. Shared by the canvas (stroke colours) and the panel (CSS classes).
import { DEFAULT_REVIEW_SETTINGS, type Field } from '../../../shared/model'
import { needsAttention } from '../../../shared/review-rules'

export { needsAttention }

/** Below this (or rejected by the engine) it is shown as critical; below the attention setting, amber. */
export const CRITICAL_SCORE = 30

/**
 * check: a document check on this field fails (the MRZ, a date rule…) — magenta, "look closer".
 * critical / attention: needs a look (engine rejected it, or low score) — red / amber.
 * corrected: the reviewer changed the OCR value — blue. verified: the reviewer confirmed it — green.
 * plain: nothing to say — grey-white.
 * The reviewer's own work wins over the engine's doubt: once corrected or verified, a field no longer nags about
 * its score. A failing check outlasts a correction (the corrected value still fails), but not a verification: the
 * reviewer who ticks the field has looked closer; the check still blocks a plain Approve (the Checks section and
 * the decision bar say so), and the field row keeps its message.
 */
export type FieldState = 'check' | 'critical' | 'attention' | 'corrected' | 'verified' | 'plain'

type Judged = Pick<Field, 'score' | 'accepted' | 'value' | 'ocrValue' | 'verified'> &
  Partial<Pick<Field, 'quadSource'>>

/**
 * A box the reviewer drew for a missed field, still without a value: nothing read it (or the reading came back
 * empty), so it needs a look until the reviewer types its value or verifies it empty.
 */
export function drawnAndEmpty(f: Judged): boolean {
  return f.quadSource === 'drawn' && f.value.trim() === '' && !f.verified
}

/**
 * `attentionScore` is the review setting (a score below it needs attention); `checkFailed` says a failing
 * document check concerns the field (see checks/checkView.ts failingFieldKeys).
 */
export function fieldState(f: Judged, attentionScore: number, checkFailed = false): FieldState {
  if (f.verified) return 'verified'
  if (checkFailed) return 'check'
  if (f.value !== f.ocrValue) return 'corrected'
  if (drawnAndEmpty(f)) return 'attention'
  const critical = Math.min(CRITICAL_SCORE, attentionScore)
  if (f.accepted === false || (f.score !== null && f.score < critical)) return 'critical'
  if (f.score !== null && f.score < attentionScore) return 'attention'
  return 'plain'
}

/**
 * What N stops at: a doubtful reading not yet corrected or verified (shared/review-rules needsAttention), an
 * unverified field a failing check concerns (corrected or not: the correction did not satisfy the check), or a
 * drawn field still empty and not verified.
 */
export function needsLook(f: Judged, attentionScore: number, checkFailed: boolean): boolean {
  return needsAttention(f, attentionScore) || (checkFailed && !f.verified) || drawnAndEmpty(f)
}

export type ScoreTone = 'low' | 'mid' | 'high' | 'none'

export function scoreTone(
  score: number | null,
  attentionScore: number = DEFAULT_REVIEW_SETTINGS.attentionScore,
): ScoreTone {
  if (score === null) return 'none'
  if (score < Math.min(CRITICAL_SCORE, attentionScore)) return 'low'
  if (score < attentionScore) return 'mid'
  return 'high'
}

/** Canvas colours, matching the CSS variables --state-* in styles.css. */
export const STATE_COLOURS: Record<FieldState, string> = {
  check: '#f06bd0',
  critical: '#ff5c5c',
  attention: '#ffb020',
  corrected: '#4c9aff',
  verified: '#3ddc97',
  plain: '#d6dde6',
}

export const STATE_LABELS: Record<FieldState, string> = {
  check: 'Check failed',
  critical: 'Needs attention',
  attention: 'Low confidence',
  corrected: 'Corrected',
  verified: 'Verified',
  plain: '',
}
