// The deletion log: <userDataDir>/deletions.jsonl, one tombstone per deleted case, hash-chained (chained-log.ts).
// It is what remains of a case once it is gone: which case, the head of its audit log when it was deleted (so the
// log a compliance team exported earlier can be matched to its end), who deleted it (the OS account, the display
// name as a label), when, why, and how (the reviewer's "Delete case…", "Delete all data", retention, or retention
// of a quarantined case). Never a name, number or any other value of the case. It survives "Delete all data".
import { join } from 'node:path'
import { z } from 'zod'
import { ChainedLog, type Chained, type ChainedLogRead } from './chained-log'

export const DELETION_LOG_FILE = 'deletions.jsonl'

// 'moved_to_team': removed from this computer after "Copy local cases to the team workspace…" copied it (and its
// audit log, verified) to the team's database, with the reviewer's confirmation.
export const DELETION_KINDS = [
  'reviewer',
  'all_data',
  'retention',
  'quarantine_retention',
  'moved_to_team',
] as const

const TombstoneSchema = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  caseId: z.string().min(1).max(200),
  /** The case's audit head (count and hash) when it was deleted; null when it had none (or was unreadable). */
  auditHead: z.object({ count: z.number().int().nonnegative(), hash: z.string() }).nullable(),
  account: z.string(),
  reviewer: z.string(),
  kind: z.enum(DELETION_KINDS),
  reason: z.string().max(2000),
})
export type Tombstone = z.infer<typeof TombstoneSchema>

export class DeletionLog {
  private readonly log: ChainedLog<Tombstone>

  constructor(userDataDir: string) {
    this.log = new ChainedLog(join(userDataDir, DELETION_LOG_FILE), TombstoneSchema, {
      what: 'the deletion log',
      entryName: 'deletion tombstone',
    })
  }

  get path(): string {
    return this.log.path
  }

  /** Appends the tombstones (one fsynced write) before the deletion they record is made. */
  record(tombstones: readonly Tombstone[]): Chained<Tombstone>[] {
    return this.log.append(tombstones)
  }

  read(): ChainedLogRead<Tombstone> {
    return this.log.read()
  }
}
