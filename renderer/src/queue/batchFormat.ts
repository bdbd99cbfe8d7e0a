// Reviewer-facing wording for the recognition batch: progress line, ETA, rate-limit pause and the end-of-batch
// summary. Pure (no DOM, no store) so it is unit-tested.
import type { RecognizeOutcome } from '../../../shared/ipc'
import type { BatchProgress } from '../../../shared/model'

/**
 * "~2 min", "<1 min", "~40 s" — coarse on purpose: the estimate comes from an average and jumps around.
 * Null when there is no estimate yet (nothing finished) or it makes no sense.
 */
export function formatEta(etaMs: number | null): string | null {
  if (etaMs === null || !Number.isFinite(etaMs) || etaMs < 0) return null
  const s = etaMs / 1000
  if (s < 10) return `~${Math.max(1, Math.ceil(s))} s`
  // Rounded to 5 s: a seconds count that ticks by one suggests more precision than there is.
  if (s < 55) return `~${Math.round(s / 5) * 5} s`
  if (s < 60) return '<1 min'
  const min = Math.round(s / 60)
  if (min < 60) return `~${min} min`
  const h = Math.floor(min / 60)
  const rest = min % 60
  return rest ? `~${h} h ${rest} min` : `~${h} h`
}

/** "12 / 40 · 1 failed · ~2 min left" while running; "40 / 40 · 2 failed" once finished. */
export function progressText(p: BatchProgress): string {
  const parts = [`${p.done} / ${p.total}`]
  if (p.failed > 0) parts.push(`${p.failed} failed`)
  const eta = p.running && !p.pausedUntil ? formatEta(p.etaMs) : null
  if (eta) parts.push(`${eta} left`)
  return parts.join(' · ')
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** "Paused by ARGOS until 14:05:09 (rate limit)", in local time; null when not paused. */
export function pausedText(pausedUntil: string | null): string | null {
  if (!pausedUntil) return null
  const d = new Date(pausedUntil)
  if (Number.isNaN(d.getTime())) return 'Paused by ARGOS (rate limit)'
  return `Paused by ARGOS until ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} (rate limit)`
}

/** The share of the bar: finished (recognised + failed) out of total, 0–100. */
export function progressPercent(p: BatchProgress): number {
  if (p.total <= 0) return p.running ? 0 : 100
  return Math.min(100, Math.max(0, (p.done / p.total) * 100))
}

export type BatchSummary = { level: 'status' | 'alert'; text: string }

// How the main process words the outcomes the renderer must count apart from real failures.
const SKIPPED = /choose the issuing country and id type/i
const CANCELLED = /^cancel+ed\b/i

/** Not sent or aborted because the reviewer pressed Cancel. */
export function isCancelled(o: RecognizeOutcome): boolean {
  return !o.ok && CANCELLED.test(stripCaseName(o.message))
}

/**
 * The message after "Recognize all" (or a retry) finishes: how many were recognised, failed, skipped for want of a
 * country/type, or taken off the queue by Cancel. An alert when nothing was recognised and something went wrong.
 */
export function summariseOutcomes(outcomes: readonly RecognizeOutcome[]): BatchSummary {
  if (outcomes.length === 0) {
    return { level: 'status', text: 'Nothing to recognize: every case is already recognized or queued' }
  }
  const ok = outcomes.filter((o) => o.ok).length
  const skipped = outcomes.filter((o) => !o.ok && SKIPPED.test(o.message))
  const cancelled = outcomes.filter((o) => !SKIPPED.test(o.message) && isCancelled(o))
  const failed = outcomes.filter((o) => !o.ok && !skipped.includes(o) && !cancelled.includes(o))
  const total = outcomes.length

  const parts = [`Recognized ${ok} of ${total}`]
  if (failed.length) parts.push(`${failed.length} failed`)
  if (cancelled.length) parts.push(`${cancelled.length} not sent (cancelled)`)
  if (skipped.length) parts.push(`${skipped.length} skipped (no issuing country or ID type)`)
  const hints: string[] = []
  if (failed.length)
    hints.push(failed.length === 1 ? 'select the failed case to see why' : 'select a failed case to see why')
  if (skipped.length) hints.push('choose a country and ID type in the toolbar, then Recognize all again')
  let text = parts.join('; ') + (hints.length ? ` — ${hints.join('; ')}` : '')

  // An alert only when nothing was recognised and nothing was cancelled: every case failed or was skipped.
  if (ok > 0 || cancelled.length > 0 || failed.length + skipped.length === 0) return { level: 'status', text }
  // Nothing recognised. One shared reason (a refused key, an unreachable server) is worth saying outright.
  const reasons = new Set(failed.map((o) => stripCaseName(o.message)))
  if (failed.length > 1 && reasons.size === 1) text = `${text}. ${[...reasons][0]}`
  else if (failed.length === 1) text = `${text}. ${failed[0]!.message}`
  return { level: 'alert', text }
}

/** "scan.jpg: ARGOS refused the key" → "ARGOS refused the key" (for spotting one reason shared by all). */
function stripCaseName(message: string): string {
  const i = message.indexOf(': ')
  return i > 0 && i < 120 ? message.slice(i + 2) : message
}
