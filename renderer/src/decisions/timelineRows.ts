// The timeline's rows from a case's audit log: newest first, a burst of typing in one field (consecutive value
// edits of the same field by the same reviewer) shown as one row with the first "before" and the last "after".
// Pure, so it is unit-tested without a DOM.
import { describeAuditEntry, type AuditEntry } from '../../../shared/audit'

export type TimelineRow = {
  /** The newest entry's seq (stable React key). */
  seq: number
  at: string
  reviewer: string
  type: AuditEntry['type']
  text: string
  /** How many saved edits the row stands for (1 unless a typing burst). */
  count: number
}

function valueEditKey(e: AuditEntry): string | null {
  if (e.type !== 'field_edited' || e.details['kind'] !== 'value') return null
  return `${e.reviewer}\u0000${String(e.details['key'])}`
}

export function timelineRows(entries: readonly AuditEntry[], label: (key: string) => string): TimelineRow[] {
  const rows: TimelineRow[] = []
  let i = 0
  while (i < entries.length) {
    const first = entries[i]!
    const burst = valueEditKey(first)
    let j = i + 1
    if (burst) while (j < entries.length && valueEditKey(entries[j]!) === burst) j++
    const last = entries[j - 1]!
    const merged: AuditEntry =
      j - i > 1 ? { ...last, details: { ...last.details, before: first.details['before'] } } : first
    rows.push({
      seq: last.seq,
      at: last.at,
      reviewer: last.reviewer,
      type: last.type,
      text: describeAuditEntry(merged, label),
      count: j - i,
    })
    i = j
  }
  return rows.reverse()
}
