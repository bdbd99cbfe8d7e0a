// Deleting cases: the reviewer's "Delete case…" (with a reason), "Delete all data" in Settings, and retention
// (cases N days after their decision or last export, quarantined folders N days after they were quarantined).
// Each is confirmed through the dialog interface when a person asks for it; each deleted case leaves a tombstone
// in the deletion log (deletion-log.ts) written before its files go. Once the store is encrypted, the case's data
// key is destroyed first (crypto-shredding) in the same step (CaseStore.remove's beforeRemove).
import type { DeleteResult } from '../../../shared/ipc'
import type { CaseStore } from './case-store'
import { DeletionLog, type Tombstone } from '../audit/deletion-log'
import type { Dialogs, Emit, Logger } from '../ports'
import { casesDue, quarantineDue } from './retention'

export type DeletionDeps = {
  store: CaseStore
  userDataDir: string
  dialogs: Dialogs
  emit: Emit
  logger: Logger
  /** The OS account and display name deleting (retention: the account the app runs as). */
  who: () => { account: string; name: string }
  /** Days after a decision or export; null = keep. */
  retentionDays: () => number | null
  now?: () => Date
}

export const RETENTION_INTERVAL_MS = 6 * 60 * 60 * 1000

export function createDeletion(deps: DeletionDeps) {
  const log = new DeletionLog(deps.userDataDir)
  const now = deps.now ?? (() => new Date())

  async function removeOne(id: string, kind: Tombstone['kind'], reason: string): Promise<boolean> {
    const head = await deps.store.load(id).then(
      (c) => c.auditHead,
      () => null, // unreadable: deleted all the same, its tombstone without a head
    )
    const who = deps.who()
    return deps.store.remove(id, () => {
      log.record([
        {
          at: now().toISOString(),
          caseId: id,
          auditHead: head,
          account: who.account,
          reviewer: who.name,
          kind,
          reason,
        },
      ])
    })
  }

  return {
    log,

    /** The reviewer's "Delete case…": asks once, then deletes. */
    async deleteCase(id: string, reason: string): Promise<DeleteResult> {
      const why = reason.trim()
      if (!why) throw new Error('Say why the case is deleted: the reason is recorded.')
      const yes = await deps.dialogs.confirm({
        title: 'Delete this case?',
        message: 'The case, its scans and its audit log are deleted from this computer.',
        detail: `This cannot be undone. A record that it was deleted (when, by whom, why: "${why}") is kept.`,
        confirmLabel: 'Delete case',
      })
      if (!yes) return { status: 'canceled' }
      const deleted = await removeOne(id, 'reviewer', why)
      deps.logger.info(`deletion: case ${id.slice(0, 8)} ${deleted ? 'deleted' : 'was already gone'}`)
      deps.emit('casesChanged', {})
      return { status: 'deleted', count: deleted ? 1 : 0 }
    },

    /** "Delete all data": every case and every quarantined folder, after one confirmation. */
    async deleteAllData(): Promise<DeleteResult> {
      const ids = await deps.store.allIds()
      const quarantined = await deps.store.quarantined()
      const yes = await deps.dialogs.confirm({
        title: 'Delete all data?',
        message: `All ${ids.length} case${ids.length === 1 ? '' : 's'} and their scans are deleted from this computer.`,
        detail:
          'This cannot be undone. Settings, the settings history and the record of what was deleted are kept.',
        confirmLabel: 'Delete all data',
      })
      if (!yes) return { status: 'canceled' }
      let count = 0
      for (const id of ids) if (await removeOne(id, 'all_data', 'Delete all data')) count += 1
      for (const q of quarantined) await deps.store.removeQuarantined(q.name)
      deps.logger.info(`deletion: all data (${count} cases, ${quarantined.length} quarantined)`)
      deps.emit('casesChanged', {})
      return { status: 'deleted', count }
    },

    /**
     * Removes one case copied to the team workspace (use-cases/copy-to-team.ts passes it as removeLocal): never
     * asks, as the copy asked once for all the cases it verified. Its tombstone keeps the head of its audit log,
     * which the team's copy of the log reproduces.
     */
    async removeCopied(id: string): Promise<void> {
      const deleted = await removeOne(id, 'moved_to_team', 'Copied to the team workspace')
      deps.logger.info(
        `deletion: case ${id.slice(0, 8)} ${deleted ? 'removed after its copy to the team' : 'was already gone'}`,
      )
      deps.emit('casesChanged', {})
    },

    /** Deletes what retention says is due; returns how many cases went. Never asks: the setting is the consent. */
    async purgeExpired(): Promise<number> {
      const days = deps.retentionDays()
      if (days === null) return 0
      const at = now()
      const { summaries } = await deps.store.listSummaries()
      let count = 0
      const reason = `Retention: ${days} day${days === 1 ? '' : 's'} after its decision or last export`
      for (const id of casesDue(summaries, days, at)) if (await removeOne(id, 'retention', reason)) count += 1
      const quarantine = quarantineDue(await deps.store.quarantined(), days, at)
      for (const name of quarantine) {
        log.record([
          {
            at: at.toISOString(),
            caseId: name,
            auditHead: null,
            account: deps.who().account,
            reviewer: deps.who().name,
            kind: 'quarantine_retention',
            reason: `Retention: quarantined ${days} day${days === 1 ? '' : 's'} ago`,
          },
        ])
        await deps.store.removeQuarantined(name)
      }
      if (count || quarantine.length) {
        deps.logger.info(`retention: ${count} cases and ${quarantine.length} quarantined folders deleted`)
        deps.emit('casesChanged', {})
      }
      return count
    },
  }
}
