// The audit trail of a team workspace case: the server's `audit` table, append-only and hash-chained by the server
// (migrations/001-schema.ts), which also records who (the login) and when. The client's events are staged with the
// case's write and inserted in its transaction (TeamCaseStore.update), so an event is never recorded for a change
// that was not saved, nor a change saved without its event. The view shows the chain as the server holds it and
// whether it still verifies (brokenAuditLinks recomputes every link on the server).
import { AuditEntrySchema, GENESIS_HASH, type AuditDraft, type AuditEntry } from '../../../shared/audit'
import type { AuditView } from '../../../shared/ipc'
import type { Case } from '../../../shared/model'
import { newAuditFile } from '../audit/audit-log'
import { brokenAuditLinks } from '../store/pg/writes'
import type { TeamCaseStore } from '../store/pg/team-store'
import type { AuditTrail } from './case-audit'

/** The server names a decision "decision"; the timeline's name for it is "decided". */
const TYPE_NAMES: Record<string, string> = { decision: 'decided' }

type AuditRow = {
  seq: string
  at: Date
  actor: string
  type: string
  details: Record<string, unknown>
  prev_hash: string | null
  hash: string
}

export class TeamAudits implements AuditTrail {
  constructor(
    private readonly store: TeamCaseStore,
    private readonly account: () => string,
  ) {}

  /** Stages the events for the case's write in progress (they are written in its transaction). */
  async record(c: Case, drafts: readonly AuditDraft[]): Promise<Case> {
    if (drafts.length) this.store.stage(c.id, drafts)
    return { ...c }
  }

  /** A new case's first event, as the import hands it to the store (the server chains and dates it). */
  async newFile(draft: AuditDraft): Promise<{ entry: AuditEntry; text: string }> {
    return newAuditFile({ ...draft, account: this.account() }, null)
  }

  /** An event alone (an export): anyone may record one; the server says who and when and chains it. */
  async note(caseId: string, draft: AuditDraft): Promise<boolean> {
    await this.store.pool.query('INSERT INTO audit (case_id, type, details) VALUES ($1, $2, $3)', [
      caseId,
      draft.type,
      { ...draft.details, reviewer: draft.reviewer },
    ])
    return true
  }

  async view(c: Case): Promise<AuditView> {
    const r = await this.store.pool.query<AuditRow>(
      'SELECT seq, at, actor, type, details, prev_hash, hash FROM audit WHERE case_id = $1 ORDER BY seq',
      [c.id],
    )
    const entries: AuditEntry[] = []
    let problem: string | null = null
    r.rows.forEach((row, i) => {
      const { reviewer, ...details } = row.details
      const parsed = AuditEntrySchema.safeParse({
        seq: i,
        at: row.at.toISOString(),
        reviewer: typeof reviewer === 'string' ? reviewer : row.actor,
        account: row.actor,
        type: TYPE_NAMES[row.type] ?? row.type,
        details,
        prevHash: row.prev_hash ?? GENESIS_HASH,
        hash: row.hash,
      })
      if (parsed.success) entries.push(parsed.data)
      else
        problem ??= `Event ${i + 1} of this case's audit log is of a kind this version of Recto does not know.`
    })
    const broken = await brokenAuditLinks(this.store.pool, c.id)
    const verdict: AuditView['verdict'] = broken.length
      ? {
          ok: false,
          index: Math.max(
            0,
            r.rows.findIndex((row) => Number(row.seq) === broken[0]),
          ),
          reason: 'The team database says this entry no longer matches its hash chain: the log was altered.',
        }
      : { ok: true, count: r.rows.length }
    // The server's chain has no MACs: the login, time and links are the server's, and no client can rewrite them.
    return {
      entries,
      verdict,
      problem,
      mac: { state: 'unsigned', signed: 0, unsigned: entries.length, keyProtectedBy: null },
    }
  }
}
