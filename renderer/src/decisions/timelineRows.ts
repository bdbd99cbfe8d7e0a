// The timeline's rows from a case's audit log: newest first, a burst of typing in one field (consecutive value
// edits of the same field by the same reviewer) shown as one row with the first "before" and the last "after";
// and the integrity line above them (hash chain and MACs). Pure, so it is unit-tested without a DOM.
import {
  actorLabel,
  describeAuditEntry,
  describeMacReport,
  type AuditEntry,
  type AuditMacReport,
} from '../../../shared/audit'
import type { AuditView } from '../../../shared/ipc'

export type TimelineRow = {
  /** The newest entry's seq (stable React key). */
  seq: number
  at: string
  /** The display name, with the OS account where they differ: "Ann Reviewer (ann)". */
  reviewer: string
  type: AuditEntry['type']
  text: string
  /** How many saved edits the row stands for (1 unless a typing burst). */
  count: number
}

function valueEditKey(e: AuditEntry): string | null {
  if (e.type !== 'field_edited' || e.details['kind'] !== 'value') return null
  // The account too: two people can type the same display name.
  return `${e.reviewer}\u0000${e.account ?? ''}\u0000${String(e.details['key'])}`
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
      reviewer: actorLabel(last),
      type: last.type,
      text: describeAuditEntry(merged, label),
      count: j - i,
    })
    i = j
  }
  return rows.reverse()
}

/**
 * The integrity line: the hash chain's verdict and, when the main process sent one, the MAC report. 'warn' when
 * the chain holds but the MACs prove less than they should (none, not checked, or a key outside any keystore).
 * The `mac` member is optional here so that a view without it (an older main process) still reads.
 */
export function integrityLine(audit: Omit<AuditView, 'mac'> & { mac?: AuditMacReport }): {
  state: 'ok' | 'warn' | 'broken'
  text: string
} {
  const v = audit.verdict
  const mac = audit.mac
  if (!v.ok) {
    // The MACs' own state says nothing more about a broken chain, except that they could not be checked.
    const macPart = mac?.state === 'unavailable' ? `; ${describeMacReport(mac)}` : ''
    return { state: 'broken', text: `Audit trail broken at event ${v.index + 1}: ${v.reason}${macPart}` }
  }
  const head = `Audit trail intact: ${v.count} events, hash chain verified`
  if (!mac) return { state: 'ok', text: head }
  const weak =
    mac.state === 'unsigned' ||
    mac.state === 'unavailable' ||
    mac.keyProtectedBy === 'file' ||
    (mac.state === 'verified' && mac.unsigned > 0)
  // An empty log has nothing to sign: no warning for it on that account alone.
  const state = weak && !(v.count === 0 && mac.state === 'unsigned') ? 'warn' : 'ok'
  return { state, text: v.count === 0 ? head : `${head}; ${describeMacReport(mac)}` }
}
