// Retention: which cases and quarantined folders are due for deletion, N days after their decision or last
// export (CaseSummary.retainedSince). Pure. A case with neither is never due: an undecided, unexported case is
// work in progress, not a record kept too long.
import type { CaseSummary } from '../../../shared/model'

export const DAY_MS = 24 * 60 * 60 * 1000

/** True when `since` is at least `days` whole days before `now` (exactly N days is due). */
export function isDue(since: string | Date | null, days: number | null, now: Date): boolean {
  if (days === null || since === null) return false
  const t = since instanceof Date ? since.getTime() : Date.parse(since)
  if (!Number.isFinite(t)) return false
  return now.getTime() - t >= days * DAY_MS
}

/** The ids of the cases due for deletion, oldest first. */
export function casesDue(summaries: readonly CaseSummary[], days: number | null, now: Date): string[] {
  return summaries
    .filter((s) => isDue(s.retainedSince, days, now))
    .sort((a, b) => Date.parse(a.retainedSince!) - Date.parse(b.retainedSince!))
    .map((s) => s.id)
}

/** The quarantined folders due for deletion (quarantined `days` days ago or more). */
export function quarantineDue(
  items: readonly { name: string; at: Date }[],
  days: number | null,
  now: Date,
): string[] {
  return items.filter((q) => isDue(q.at, days, now)).map((q) => q.name)
}
