// Folding fresh case summaries into the list the UI already shows, keeping the objects (and the array) that did
// not change so React skips their rows: a refresh during a batch must not re-render 500 rows or flicker.
import type { CaseSummary } from '../../../shared/model'

function sameSummary(a: CaseSummary, b: CaseSummary): boolean {
  return (
    a.id === b.id &&
    a.updatedAt === b.updatedAt &&
    a.status === b.status &&
    a.name === b.name &&
    a.fieldCount === b.fieldCount &&
    a.lowestScore === b.lowestScore &&
    a.issuingCountry === b.issuingCountry &&
    a.idType === b.idType &&
    a.hasBack === b.hasBack &&
    a.createdAt === b.createdAt &&
    // Checks re-run when their options change (another day, another minimum age), not only on edits.
    a.checksFailed === b.checksFailed &&
    a.checksWarned === b.checksWarned &&
    // Team workspace: a claim or another reviewer's decision changes the row, not always the case's time.
    (a.claimedBy ?? null) === (b.claimedBy ?? null) &&
    a.decidedBy === b.decidedBy &&
    a.queueStatus === b.queueStatus
  )
}

/** The fresher of two summaries of one case: a slow full listing must not undo a newer single-case update. */
function fresher(prev: CaseSummary, next: CaseSummary): CaseSummary {
  if (next.updatedAt < prev.updatedAt) return prev
  return sameSummary(prev, next) ? prev : next
}

/** The full list as `next` has it (order, membership), reusing `prev`'s objects where nothing changed. */
export function mergeSummaries(prev: readonly CaseSummary[], next: readonly CaseSummary[]): CaseSummary[] {
  const byId = new Map(prev.map((c) => [c.id, c]))
  const merged = next.map((c) => {
    const old = byId.get(c.id)
    return old ? fresher(old, c) : c
  })
  const unchanged = merged.length === prev.length && merged.every((c, i) => c === prev[i])
  return unchanged ? (prev as CaseSummary[]) : merged
}

/**
 * Replaces the summaries of a few changed cases in place. Null when one of them is not in the list (a new case:
 * the caller reads the whole list instead, to get its position right).
 */
export function patchSummaries(
  prev: readonly CaseSummary[],
  updated: readonly CaseSummary[],
): CaseSummary[] | null {
  const index = new Map(prev.map((c, i) => [c.id, i]))
  if (updated.some((c) => !index.has(c.id))) return null
  let out: CaseSummary[] | null = null
  for (const c of updated) {
    const i = index.get(c.id)!
    const chosen = fresher(prev[i]!, c)
    if (chosen === prev[i]) continue
    out ??= [...prev]
    out[i] = chosen
  }
  return out ?? (prev as CaseSummary[])
}
