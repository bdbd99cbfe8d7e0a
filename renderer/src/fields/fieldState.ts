// What a field's colour means. Shared by the canvas (stroke colours) and the panel (CSS classes).
import type { Field } from '../../../shared/model'

/** Below this score a field needs the reviewer's attention. */
export const ATTENTION_SCORE = 60
/** Below this (or rejected by the engine) it is shown as critical. */
export const CRITICAL_SCORE = 30

/**
 * critical / attention: needs a look (engine rejected it, or low score) — red / amber.
 * corrected: the reviewer changed the OCR value — blue. verified: the reviewer confirmed it — green.
 * plain: nothing to say — grey-white.
 * The reviewer's own work wins over the engine's doubt: once corrected or verified, a field no longer nags.
 */
export type FieldState = 'critical' | 'attention' | 'corrected' | 'verified' | 'plain'

export function fieldState(
  f: Pick<Field, 'score' | 'accepted' | 'value' | 'ocrValue' | 'verified'>,
): FieldState {
  if (f.verified) return 'verified'
  if (f.value !== f.ocrValue) return 'corrected'
  if (f.accepted === false || (f.score !== null && f.score < CRITICAL_SCORE)) return 'critical'
  if (f.score !== null && f.score < ATTENTION_SCORE) return 'attention'
  return 'plain'
}

export type ScoreTone = 'low' | 'mid' | 'high' | 'none'

export function scoreTone(score: number | null): ScoreTone {
  if (score === null) return 'none'
  if (score < CRITICAL_SCORE) return 'low'
  if (score < ATTENTION_SCORE) return 'mid'
  return 'high'
}

/** Canvas colours, matching the CSS variables --state-* in styles.css. */
export const STATE_COLOURS: Record<FieldState, string> = {
  critical: '#ff5c5c',
  attention: '#ffb020',
  corrected: '#4c9aff',
  verified: '#3ddc97',
  plain: '#d6dde6',
}

export const STATE_LABELS: Record<FieldState, string> = {
  critical: 'Needs attention',
  attention: 'Low confidence',
  corrected: 'Corrected',
  verified: 'Verified',
  plain: '',
}

/**
 * What N jumps to: a doubtful reading (low score or rejected by the engine) the reviewer has neither
 * corrected nor verified yet.
 */
export function needsAttention(
  f: Pick<Field, 'score' | 'accepted' | 'value' | 'ocrValue' | 'verified'>,
): boolean {
  if (f.verified || f.value !== f.ocrValue) return false
  return f.accepted === false || (f.score !== null && f.score < ATTENTION_SCORE)
}
