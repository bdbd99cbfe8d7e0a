// "Copy local cases to the team workspace…" (issue 16): every case on this computer goes to the team's database with
// its images, copies, decision and audit log, one case at a time and each in one transaction (TeamCaseStore
// .createCopied), so a copy that stops halfway (a lost connection, Recto closed, the reviewer's Stop) leaves whole
// cases only and the next run resumes: a case already in the team's `cases` table is verified, not copied again.
//
// The audit log is the point of the copy, so it is checked on both sides:
// - before: the local log must verify (hash chain, anchor, MACs: CaseAudits.view); a broken one is not copied;
// - after: the team's chain of the case verifies (the server recomputes every link: brokenAuditLinks), and the local
//   entries it holds reproduce the local chain: each was written as one audit row of its own type whose details carry
//   the original entry under `copied` (the server dates, attributes and chains the row as it does any other; the
//   original says who did what and when on this computer), and re-hashing those originals with the local hash
//   function gives the local log's head.
// Nothing is removed from this computer unless the reviewer says so after the copy, and then only the cases whose
// team copy verified.
import { AuditEntrySchema, type AuditEntry } from '../../../shared/audit'
import type { Case } from '../../../shared/model'
import type { CopyToTeamReport } from '../../../shared/workspace'
import { verifyChain } from '../audit/audit-log'
import type { CaseAudits } from '../cases/case-audit'
import { screenFile, THUMB_FILE } from '../images/thumbnails'
import type { Logger } from '../ports'
import { CaseUnreadable, type CaseStore } from '../store/case-store'
import type { CreateFile } from '../store/repository'
import { TeamConnectionError } from '../store/pg/connection'
import type { CopiedAuditEvent, TeamCaseStore } from '../store/pg/team-store'
import { brokenAuditLinks } from '../store/pg/writes'

export type CopyToTeamOptions = {
  local: CaseStore
  localAudits: CaseAudits
  team: TeamCaseStore
  onProgress(done: number, total: number): void
  /** Asks the reviewer (a message box) whether to remove the copied cases from this computer. */
  confirmRemoval(count: number): Promise<boolean>
  /** Removes one local case after the copy (with a deletion-log tombstone). */
  removeLocal(id: string): Promise<void>
  logger: Logger
  signal?: AbortSignal
}

/** The team's case ids are UUIDs (what Recto makes); a local case with another id cannot be held there. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** The connection itself failed: every case after this one would fail the same way, so the run stops. */
const CONNECTION_LOST = new Set(['refused', 'unreachable', 'lost', 'auth', 'tls', 'no-database'])
/** The derived copies a local case folder may keep (store-service.ts makes them on first view). */
const DERIVED_FILES = [THUMB_FILE, screenFile('front'), screenFile('back')]

const short = (id: string) => `${id.slice(0, 8)}…`

/** A derived copy the local store did not keep: not an error, there is nothing to copy. */
class NotKept extends Error {}

type Outcome =
  { kind: 'copied' } | { kind: 'alreadyThere' } | { kind: 'failed'; message: string; why: string }

/**
 * Copies every local case to the team workspace (see the top of this file); then, when any copy verified, asks
 * whether to remove them from this computer. Aborting (`signal`) stops between two cases and rejects with the
 * signal's reason: what was copied stays copied, and the next run resumes; nothing is removed.
 */
export async function copyLocalToTeam(opts: CopyToTeamOptions): Promise<CopyToTeamReport> {
  const { local, logger, signal } = opts
  const { summaries, problems } = await local.listSummaries()
  const failed: CopyToTeamReport['failed'] = problems.map((p) => ({
    caseId: p.id,
    message: `Case ${short(p.id)} cannot be read on this computer, so it was not copied: ${p.message}`,
  }))
  const verified: string[] = []
  let copied = 0
  let alreadyThere = 0
  const total = summaries.length
  logger.info(`copy-to-team: ${total} local cases to copy`)
  for (let i = 0; i < total; i++) {
    signal?.throwIfAborted()
    const id = summaries[i]!.id
    const outcome = await copyOne(opts, id)
    if (outcome.kind === 'failed') {
      failed.push({ caseId: id, message: outcome.message })
      logger.warn(`copy-to-team: case ${id.slice(0, 8)} not copied (${outcome.why})`)
    } else {
      if (outcome.kind === 'copied') copied++
      else alreadyThere++
      verified.push(id)
      logger.info(
        `copy-to-team: case ${id.slice(0, 8)} ${outcome.kind === 'copied' ? 'copied' : 'already there'}`,
      )
    }
    opts.onProgress(i + 1, total)
  }

  let removedLocally = 0
  if (verified.length && (await opts.confirmRemoval(verified.length))) {
    for (const id of verified) {
      try {
        await opts.removeLocal(id)
        removedLocally++
      } catch (e) {
        failed.push({
          caseId: id,
          message: `Case ${short(id)} was copied to the team workspace, but removing it from this computer failed (${plain(e)}): it is still here; delete it yourself once you have checked its team copy.`,
        })
        logger.warn(`copy-to-team: case ${id.slice(0, 8)} copied, not removed locally`)
      }
    }
  }
  logger.info(
    `copy-to-team: ${copied} copied, ${alreadyThere} already there, ${failed.length} failed, ${removedLocally} removed locally`,
  )
  return { copied, alreadyThere, failed, removedLocally }
}

async function copyOne(opts: CopyToTeamOptions, id: string): Promise<Outcome> {
  const { local, localAudits, team } = opts
  if (!UUID.test(id))
    return {
      kind: 'failed',
      why: 'id',
      message: `Case ${short(id)} has an id the team workspace cannot hold (a case from an older Recto?), so it was not copied: it stays on this computer.`,
    }
  let c: Case
  try {
    c = await local.load(id)
  } catch (e) {
    return {
      kind: 'failed',
      why: 'unreadable',
      message:
        e instanceof CaseUnreadable
          ? `Case ${short(id)} was not copied: ${e.problem.message}`
          : `Case ${short(id)} could not be read on this computer (${plain(e)}), so it was not copied.`,
    }
  }

  // Before: only a log that verifies on this computer is copied (a copy would give a broken log the team's seal).
  const view = await localAudits.view(c)
  if (!view.verdict.ok)
    return {
      kind: 'failed',
      why: 'local audit log does not verify',
      message: `The audit log of case ${short(id)} on this computer does not verify (${view.verdict.reason}), so the case was not copied: it stays on this computer as it is. Keep it for whoever examines it.`,
    }
  const entries = view.entries

  try {
    const there = await team.pool.query('SELECT 1 FROM cases WHERE id = $1', [id])
    if (there.rowCount) {
      const problem = await verifyCopy(team, id, entries)
      return problem
        ? {
            kind: 'failed',
            why: 'team copy does not verify',
            message: `Case ${short(id)} is already in the team workspace, but ${problem} It was not copied again and stays on this computer.`,
          }
        : { kind: 'alreadyThere' }
    }

    const files = await filesOf(local, c)
    const events: CopiedAuditEvent[] = entries.map((e) => ({
      type: e.type,
      // The original's details at the top too, so the team's timeline describes the event as it describes its own.
      details: { ...e.details, reviewer: e.reviewer, copied: original(e) },
    }))
    await team.createCopied(c, files, events)
  } catch (e) {
    if (e instanceof TeamConnectionError && CONNECTION_LOST.has(e.kind)) throw e
    return {
      kind: 'failed',
      why: e instanceof Error ? e.name : 'error',
      message: `Case ${short(id)} was not copied: ${messageOf(e)} Nothing of it was written to the team workspace; it stays on this computer.`,
    }
  }

  // After: the rows are in the team's append-only log now, whatever this check finds.
  const problem = await verifyCopy(team, id, entries)
  if (problem)
    return {
      kind: 'failed',
      why: 'team copy does not verify after copying',
      message: `Case ${short(id)} was copied, but ${problem} The team's rows stay (its audit log cannot be changed); the case stays on this computer too. Tell your team's administrator.`,
    }
  return { kind: 'copied' }
}

/** The local entry as copied: every member the hash covers, with its hash (the MAC is this computer's, not kept). */
function original(e: AuditEntry): Record<string, unknown> {
  return {
    seq: e.seq,
    at: e.at,
    reviewer: e.reviewer,
    ...(e.account !== undefined ? { account: e.account } : {}),
    type: e.type,
    details: e.details,
    prevHash: e.prevHash,
    hash: e.hash,
  }
}

/** The stored images, their previews and the derived copies the case folder keeps, named as the case names them. */
async function filesOf(local: CaseStore, c: Case): Promise<CreateFile[]> {
  const files: CreateFile[] = []
  for (const side of ['front', 'back'] as const) {
    const ref = side === 'front' ? c.front : c.back
    if (!ref) continue
    files.push({ file: ref.file, bytes: await local.readImage(c, side) })
    const preview = ref.preview ? await local.readPreview(c, side) : null
    if (ref.preview && preview) files.push({ file: ref.preview.file, bytes: preview })
  }
  for (const name of DERIVED_FILES) {
    // Read when kept; never made here (the team makes its own on first view).
    const kept = await local
      .readDerived(
        c,
        name,
        () => Promise.reject(new NotKept()),
        () => Promise.reject(new NotKept()),
      )
      .catch((e: unknown) => {
        if (e instanceof NotKept) return null
        throw e
      })
    if (kept) files.push({ file: name, bytes: kept })
  }
  return files
}

/**
 * Why the team's copy of case `id` does not hold, as the end of a sentence; null when it does: the server's chain
 * verifies, and the copied entries re-hash to the local log's chain and head.
 */
async function verifyCopy(
  team: TeamCaseStore,
  id: string,
  entries: readonly AuditEntry[],
): Promise<string | null> {
  const broken = await brokenAuditLinks(team.pool, id)
  if (broken.length) return 'the team database says its audit log no longer matches its hash chain.'
  const r = await team.pool.query<{ type: string; copied: unknown }>(
    `SELECT type, details -> 'copied' AS copied FROM audit WHERE case_id = $1 AND details ? 'copied' ORDER BY seq`,
    [id],
  )
  const originals: AuditEntry[] = []
  for (const row of r.rows) {
    const e = AuditEntrySchema.safeParse(row.copied)
    if (!e.success || e.data.type !== row.type)
      return 'an event copied into its audit log is not the entry it was copied from.'
    originals.push(e.data)
  }
  const chain = verifyChain(originals)
  if (!chain.ok) return `the events copied into its audit log do not re-hash to a chain (${chain.reason}).`
  const head = (list: readonly AuditEntry[]) => list.at(-1)?.hash ?? null
  if (originals.length !== entries.length || head(originals) !== head(entries))
    return originals.length < entries.length
      ? `its audit log there ends before this computer's (${originals.length} of ${entries.length} events): the case was changed here after it was copied.`
      : `its audit log there does not end where this computer's does: it is not the same log.`
  return null
}

const plain = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/[.!?]+$/, '')

/** The error's message as a sentence of its own. */
function messageOf(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e)
  return /[.!?]$/.test(m) ? m : `${m}.`
}
