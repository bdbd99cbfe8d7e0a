// The team store's writes, each one short transaction: the case row and the records that go with it are saved
// together or not at all (a connection lost halfway leaves nothing). Who wrote is the session's login, recorded by
// the server's triggers; the claim and four-eyes rules are the server's too (migrations/).
import type pg from 'pg'
import type { DecisionKind, FieldEdit, RejectReason } from '../../../../shared/model'
import { inTransaction } from './connection'

/** A write based on a version of the case that is no longer the latest (TeamCaseStore.update and editField). */
export class StaleCaseError extends Error {
  override name = 'StaleCaseError'
  constructor() {
    super(
      'This case was changed meanwhile by another reviewer: it has been reloaded; check it and make your change again.',
    )
  }
}

export type NewCase = {
  id: string
  name: string
  /** The Case document as the local store keeps it, minus what has tables of its own (history, decision). */
  doc: Record<string, unknown>
  images: { side: 'front' | 'back'; mediaType: string; bytes: Buffer; sha256: string }[]
  /**
   * Keep it claimed by the importer for this many seconds (so that no one else starts on it before recognition);
   * absent, it goes into the queue unclaimed.
   */
  claimSeconds?: number
}

/** Adds a case and its images in one transaction (images need a claim: the importer holds it while adding them). */
export async function createCase(pool: pg.Pool, c: NewCase): Promise<void> {
  await inTransaction(pool, async (tx) => {
    await tx.query(
      `INSERT INTO cases (id, name, doc, claimed_by, claim_expires_at)
       VALUES ($1, $2, $3, session_user, now() + make_interval(secs => $4::int))`,
      [c.id, c.name, c.doc, c.claimSeconds ?? 60],
    )
    for (const img of c.images)
      await tx.query(
        'INSERT INTO images (case_id, side, media_type, bytes, sha256) VALUES ($1, $2, $3, $4, $5)',
        [c.id, img.side, img.mediaType, img.bytes, img.sha256],
      )
    if (c.claimSeconds === undefined)
      await tx.query('UPDATE cases SET claimed_by = NULL WHERE id = $1', [c.id])
  })
}

export type FieldChange = {
  caseId: string
  /** The version the reviewer saw: the write is refused (StaleCaseError) when the case moved on. */
  version: number
  /** The case document after the change. */
  doc: Record<string, unknown>
  edit: Pick<FieldEdit, 'key' | 'kind' | 'before' | 'after'>
}

/** Saves a field change: the document, and the edit record (the server adds who, when and the audit entry). */
export async function editField(pool: pg.Pool, ch: FieldChange): Promise<{ version: number }> {
  return inTransaction(pool, async (tx) => {
    const r = await tx.query<{ version: number }>(
      'UPDATE cases SET doc = $3 WHERE id = $1 AND version = $2 RETURNING version',
      [ch.caseId, ch.version, ch.doc],
    )
    if (!r.rows[0]) throw new StaleCaseError()
    await tx.query(
      'INSERT INTO field_edits (case_id, field_key, kind, before, after) VALUES ($1, $2, $3, $4, $5)',
      [
        ch.caseId,
        ch.edit.key,
        ch.edit.kind,
        ch.edit.before === null ? null : JSON.stringify(ch.edit.before),
        ch.edit.after === null ? null : JSON.stringify(ch.edit.after),
      ],
    )
    return { version: r.rows[0].version }
  })
}

export type DecisionInput = {
  caseId: string
  kind: DecisionKind
  reason: RejectReason | null
  note: string
  /** "Approve with failed checks": the reviewer's reason (the server records which checks fail). */
  checksOverrideReason?: string | null
}

/** Records a decision; the server refuses one the team's rules forbid (four-eyes, failed checks, the claim). */
export async function decide(pool: pg.Pool, d: DecisionInput): Promise<void> {
  await inTransaction(pool, async (tx) => {
    await tx.query(
      'INSERT INTO decisions (case_id, kind, reason, note, checks_override) VALUES ($1, $2, $3, $4, $5)',
      [
        d.caseId,
        d.kind,
        d.reason,
        d.note,
        d.checksOverrideReason == null ? null : { checks: [], reason: d.checksOverrideReason },
      ],
    )
  })
}

/** Entries whose hash or link to the previous one does not hold, for one case's chain (empty when intact). */
export async function brokenAuditLinks(pool: pg.Pool, caseId: string): Promise<number[]> {
  const r = await pool.query<{ seq: string }>(
    `SELECT seq FROM (
       SELECT seq, prev_hash, hash, lag(hash) OVER (ORDER BY seq) AS expected_prev,
              recto_audit_hash(prev_hash, seq, case_id, at, actor, type, details) AS recomputed
         FROM audit WHERE case_id = $1) a
      WHERE hash <> recomputed OR prev_hash IS DISTINCT FROM expected_prev
      ORDER BY seq`,
    [caseId],
  )
  return r.rows.map((x) => Number(x.seq))
}
