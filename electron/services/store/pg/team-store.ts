// The team workspace's case store (issue 16): the same interface as the local CaseStore (store/repository.ts), on
// the PostgreSQL schema of migrations/. Every write is one short transaction: the case row (its document and its
// queue summary), the records the server's rules read (field edits, checks, decisions), the images and the audit
// events, all or nothing. The server, not this client, is the authority on who did what: it records the login, holds
// the claims, enforces four-eyes and approval rules, and chains the audit log (see the migrations).
//
// What comes back from the database is another client's writing: every document and summary is validated (zod)
// before use, and what the server decides (the decision, who holds the claim, who decided) is taken from its own
// columns and tables, never from the document.
import { createHash, randomUUID } from 'node:crypto'
import type pg from 'pg'
import { z } from 'zod'
import type { AuditDraft } from '../../../../shared/audit'
import {
  CaseSchema,
  DecisionSchema,
  QUEUE_STATUSES,
  summarise,
  type Case,
  type CaseSummary,
  type Decision,
  type Side,
} from '../../../../shared/model'
import { KeyedSerial } from '../keyed-serial'
import type { CaseRepository, CreateFile, LoadProblem } from '../repository'
import { CaseNotFound, CaseUnreadable } from '../case-store'
import { AUDIT_FILE } from '../../audit/audit-log'
import { inTransaction, type TeamConnectionError } from './connection'
import { StaleCaseError } from './writes'

/** Audit events the server records itself from the rows written (field_edits, decisions): not sent twice. */
const SERVER_RECORDED = new Set(['field_edited', 'field_added', 'field_deleted', 'field_moved', 'decided'])
const COPY_NAME = /^[A-Za-z0-9._-]{1,100}$/
/** Derived copies (thumbnails, screen copies) kept in memory when the database would not take them. */
const MEMORY_COPIES = 64

export { StaleCaseError }

/** An audit row written as given by createCopied (the server still dates, attributes and chains it). */
export type CopiedAuditEvent = { type: string; details: Record<string, unknown> }

/** A refusal by the team's rules (four-eyes, claims, approvals): its message is the reviewer's. */
export class TeamRuleError extends Error {
  override name = 'TeamRuleError'
}

/** The queue row as the list shows it: validated loosely (what the renderer reads), never trusted to crash it. */
const SummarySchema = z.object({
  name: z.string(),
  status: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  issuingCountry: z.string().nullable(),
  idType: z.string().nullable(),
  fieldCount: z.number(),
  lowestScore: z.number().nullable(),
  hasBack: z.boolean(),
  errorTitle: z.string().nullable(),
  queueStatus: z.enum(QUEUE_STATUSES),
  holderName: z.string().nullable(),
  documentNumber: z.string().nullable(),
  frontFile: z.string(),
  backFile: z.string().nullable(),
  contentHash: z.object({ front: z.string(), back: z.string().nullable() }).nullable(),
  checksFailed: z.number(),
  checksWarned: z.number(),
  title: z.string().nullable(),
  expiry: z.string().nullable(),
  retainedSince: z.string().nullable(),
})

type CaseRow = {
  id: string
  doc: unknown
  version: number
  claimed_by: string | null
  held: boolean
  decision: unknown
}

export type TeamStoreOptions = {
  /** How long a claim lasts without activity, in seconds (the team's setting). */
  leaseSeconds: number
  /**
   * A database error in the reviewer's words (connection.ts describePgError, with the connection and the password it
   * keeps out of the message); absent, errors pass as they are.
   */
  describe?: (e: unknown) => TeamConnectionError
  /** Called before every write: throws (with the reviewer's message) while the workspace is offline. */
  assertOnline?: () => void
  /** Told when a statement failed because the server could not be reached (so the state is checked at once). */
  onConnectionTrouble?: () => void
}

/** The document as stored: the case without what the server keeps itself (the decision). */
function toDoc(c: Case): Record<string, unknown> {
  const { decision: _decision, ...doc } = CaseSchema.parse(c)
  return doc
}

/** The summary as stored: without who holds the claim (a column of its own). */
function toSummary(c: Case): Record<string, unknown> {
  const { claimedBy: _claim, id: _id, decidedBy: _by, ...s } = summarise(c)
  return s
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

/** Whether two JSON values differ (the documents compared are plain JSON). */
const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b)

export class TeamCaseStore implements CaseRepository {
  readonly kind = 'team' as const
  private readonly serial = new KeyedSerial()
  /** The version each case was read at: a write based on an older one is refused (StaleCaseError). */
  private readonly versions = new Map<string, number>()
  /** Audit events staged by the audit trail for the write of each case in progress (TeamAudits.record). */
  private readonly staged = new Map<string, AuditDraft[]>()
  private readonly copies = new Map<string, Buffer>()

  constructor(
    readonly pool: pg.Pool,
    private readonly options: TeamStoreOptions,
  ) {}

  async init(): Promise<void> {}

  newId(): string {
    return randomUUID()
  }

  /** Audit events to write with the next write of case `id` (in its transaction). */
  stage(id: string, drafts: readonly AuditDraft[]): void {
    this.staged.set(id, [...(this.staged.get(id) ?? []), ...drafts])
  }

  /** A database error as the reviewer's message: the team's rules say theirs; the rest is described. */
  private failure(e: unknown): Error {
    if (e instanceof StaleCaseError || e instanceof CaseNotFound || e instanceof TeamRuleError) return e
    const err = e as { code?: string; message?: string }
    if (typeof err?.code === 'string' && err.code.startsWith('RX'))
      return new TeamRuleError(String(err.message))
    if (this.options.describe) {
      const described = this.options.describe(e)
      if (['lost', 'refused', 'unreachable'].includes(described.kind)) this.options.onConnectionTrouble?.()
      return described
    }
    return e instanceof Error ? e : new Error(String(e))
  }

  /** Runs database work with its failure in the reviewer's words (the claim statements use it too). */
  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (e) {
      throw this.failure(e)
    }
  }

  private lease(): number {
    return Math.max(10, Math.min(86_400, Math.round(this.options.leaseSeconds)))
  }

  /**
   * Creates the case, its images, their copies and the first audit events in one transaction, claimed by the
   * importer (who goes on to recognise it); `files` as the import names them (the side images by their ImageRefs).
   */
  async create(c: Case, files: readonly CreateFile[]): Promise<void> {
    this.options.assertOnline?.()
    const valid = CaseSchema.parse(c)
    const drafts: AuditDraft[] = [...(this.staged.get(valid.id) ?? [])]
    this.staged.delete(valid.id)
    for (const f of files) if (f.file === AUDIT_FILE) drafts.push(...auditFileDrafts(f.bytes))
    const images = files.filter((f) => f.file !== AUDIT_FILE)
    await this.run(() =>
      inTransaction(this.pool, async (tx) => {
        await this.insertCase(tx, valid, images, 'import')
        await insertDrafts(tx, valid.id, drafts)
      }),
    )
    this.versions.set(valid.id, 1)
  }

  /**
   * A case copied from the store on this computer ("Copy local cases to the team workspace…",
   * use-cases/copy-to-team.ts), whole or not at all, in one transaction: the case (claimed by the copier while it is
   * written), its images and copies (`files` as for create()), `events` as audit rows exactly as given (every type:
   * they record what happened before the copy, not a change made now), the records the server's rules read (the
   * field edits of its history, its checks, its decision), and the copier's claim released. The server may refuse
   * the decision (four-eyes, failed checks): then nothing of the case is written, and the TeamRuleError says why.
   * The edits are recorded as the copier's (the server says who wrote a row): four-eyes then keeps the copier from
   * approving a case they may have corrected on their computer, where the server could not see who did.
   */
  async createCopied(
    c: Case,
    files: readonly CreateFile[],
    events: readonly CopiedAuditEvent[],
  ): Promise<void> {
    this.options.assertOnline?.()
    const valid = CaseSchema.parse(c)
    await this.run(() =>
      inTransaction(this.pool, async (tx) => {
        await this.insertCase(tx, valid, files, 'copy')
        for (const e of events)
          await tx.query('INSERT INTO audit (case_id, type, details) VALUES ($1, $2, $3)', [
            valid.id,
            e.type,
            e.details,
          ])
        for (const edit of valid.history)
          await tx.query(
            'INSERT INTO field_edits (case_id, field_key, kind, before, after) VALUES ($1, $2, $3, $4, $5)',
            [valid.id, edit.key.slice(0, 200), edit.kind, json(edit.before), json(edit.after)],
          )
        if (valid.checks) await writeChecks(tx, valid.id, valid, { ...valid, checks: null })
        if (valid.decision) await insertDecision(tx, valid.id, valid.decision)
        await releaseOwnClaim(tx, valid.id)
      }),
    )
  }

  /**
   * The case row (claimed by the writer for the lease), its side images (hashed) and the copies made from them
   * (every other file, by a safe name), inside the caller's transaction.
   */
  private async insertCase(
    tx: pg.PoolClient,
    valid: Case,
    files: readonly CreateFile[],
    what: 'import' | 'copy',
  ): Promise<void> {
    const sides: { side: Side; file: string; mime: string }[] = [
      { side: 'front', file: valid.front.file, mime: valid.front.mime },
      ...(valid.back ? [{ side: 'back' as const, file: valid.back.file, mime: valid.back.mime }] : []),
    ]
    const copies = files.filter((f) => !sides.some((s) => s.file === f.file))
    for (const f of copies)
      if (!COPY_NAME.test(f.file) || f.file === AUDIT_FILE)
        throw new Error(`Not an image file name: ${f.file}`)
    await tx.query(
      `INSERT INTO cases (id, name, status, issuing_country, id_type, doc, summary, claimed_by, claim_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, session_user, now() + make_interval(secs => $8::int))`,
      [
        valid.id,
        valid.name.slice(0, 500),
        valid.status,
        valid.issuingCountry,
        valid.idType,
        toDoc(valid),
        toSummary(valid),
        this.lease(),
      ],
    )
    for (const s of sides) {
      const f = files.find((x) => x.file === s.file)
      if (!f)
        throw new Error(`The ${s.side} image of case ${valid.id.slice(0, 8)}… is missing from the ${what}`)
      const bytes = Buffer.from(f.bytes)
      await tx.query(
        'INSERT INTO images (case_id, side, media_type, bytes, sha256) VALUES ($1, $2, $3, $4, $5)',
        [valid.id, s.side, s.mime, bytes, sha256(bytes)],
      )
    }
    for (const f of copies)
      await tx.query('INSERT INTO image_copies (case_id, name, bytes) VALUES ($1, $2, $3)', [
        valid.id,
        f.file,
        Buffer.from(f.bytes),
      ])
  }

  private async row(id: string): Promise<CaseRow> {
    const r = await this.run(() =>
      this.pool.query<CaseRow>(
        `SELECT c.id, c.doc, c.version, c.claimed_by, coalesce(c.claim_expires_at > now(), false) AS held,
                (SELECT row_to_json(d) FROM (SELECT kind, reason, note, checks_override, decided_by, decided_at
                   FROM decisions WHERE case_id = c.id ORDER BY id DESC LIMIT 1) d) AS decision
           FROM cases c WHERE c.id = $1`,
        [id],
      ),
    )
    const row = r.rows[0]
    if (!row) throw new CaseNotFound(id)
    return row
  }

  /** The case as the server has it; CaseUnreadable when its document does not validate (it is left as it is). */
  async load(id: string): Promise<Case> {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new CaseNotFound(id)
    const row = await this.row(id)
    const c = caseOf(row)
    this.versions.set(id, row.version)
    return c
  }

  /** Who holds the case's claim while it lasts (null when nobody does). */
  async claimOf(id: string): Promise<{ claimedBy: string | null; expiresAt: string | null }> {
    const r = await this.run(() =>
      this.pool.query<{ claimed_by: string | null; claim_expires_at: Date | null }>(
        `SELECT claimed_by, claim_expires_at FROM cases WHERE id = $1 AND claim_expires_at > now()`,
        [id],
      ),
    )
    const row = r.rows[0]
    return { claimedBy: row?.claimed_by ?? null, expiresAt: row?.claim_expires_at?.toISOString() ?? null }
  }

  /**
   * Read-modify-write of one case, one after another per case, in one transaction: the document and summary (with
   * the claim's lease renewed), new field edits, the checks as now run, a new decision (which ends the claim), and
   * the audit events staged for it. Refused by the server without the claim, and by this client when the case moved
   * on since it was read (StaleCaseError).
   */
  update(id: string, change: (c: Case) => Case | Promise<Case>): Promise<Case> {
    return this.serial.run(id, async () => {
      this.options.assertOnline?.()
      this.staged.delete(id)
      const row = await this.row(id)
      const before = caseOf(row)
      const seen = this.versions.get(id)
      if (seen !== undefined && seen !== row.version) {
        this.versions.set(id, row.version)
        throw new StaleCaseError()
      }
      let after: Case
      try {
        after = CaseSchema.parse(await change(before))
      } catch (e) {
        this.staged.delete(id)
        throw e
      }
      const drafts = this.staged.get(id) ?? []
      this.staged.delete(id)
      if (after === before || (!differs(after, before) && !drafts.length)) return before
      if (after.id !== id) throw new Error(`An update of case ${id} returned case ${after.id}`)
      const decided = after.decision && differs(after.decision, before.decision) ? after.decision : null
      const version = await this.run(() =>
        inTransaction(this.pool, async (tx) => {
          const r = await tx.query<{ version: number }>(
            `UPDATE cases SET doc = $3, summary = $4, name = $5, status = $6, issuing_country = $7, id_type = $8,
                    claim_expires_at = CASE WHEN claimed_by = session_user
                      THEN now() + make_interval(secs => $9::int) ELSE claim_expires_at END
              WHERE id = $1 AND version = $2 RETURNING version`,
            [
              id,
              row.version,
              toDoc(after),
              toSummary(after),
              after.name.slice(0, 500),
              after.status,
              after.issuingCountry,
              after.idType,
              this.lease(),
            ],
          )
          if (!r.rows[0]) throw new StaleCaseError()
          await insertDrafts(tx, id, drafts)
          for (let i = 0; i < after.history.length; i++) {
            const edit = after.history[i]!
            if (!differs(edit, before.history[i])) continue
            await tx.query(
              'INSERT INTO field_edits (case_id, field_key, kind, before, after) VALUES ($1, $2, $3, $4, $5)',
              [id, edit.key.slice(0, 200), edit.kind, json(edit.before), json(edit.after)],
            )
          }
          if (after.checks && differs(after.checks, before.checks)) await writeChecks(tx, id, after, before)
          if (decided) {
            await insertDecision(tx, id, decided)
            // A decided case leaves the reviewer's hands (a second review goes to someone else).
            await releaseOwnClaim(tx, id)
          }
          return r.rows[0].version
        }),
      )
      this.versions.set(id, version)
      return this.load(id)
    })
  }

  async readImage(c: Case, side: Side): Promise<Buffer> {
    const r = await this.run(() =>
      this.pool.query<{ bytes: Buffer; sha256: string }>(
        'SELECT bytes, sha256 FROM images WHERE case_id = $1 AND side = $2',
        [c.id, side],
      ),
    )
    const img = r.rows[0]
    if (!img) throw new Error(`Case ${c.id} has no ${side} image in the team workspace`)
    // The server checks the hash it stores against the bytes; check again what arrived.
    if (sha256(img.bytes) !== img.sha256) throw new Error(`The ${side} image of case ${c.id} arrived damaged`)
    return img.bytes
  }

  private async copy(id: string, name: string): Promise<Buffer | null> {
    const cached = this.copies.get(`${id}/${name}`)
    if (cached) return cached
    const r = await this.run(() =>
      this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM image_copies WHERE case_id = $1 AND name = $2', [
        id,
        name,
      ]),
    )
    return r.rows[0]?.bytes ?? null
  }

  async readPreview(c: Case, side: Side): Promise<Buffer | null> {
    const ref = side === 'front' ? c.front : c.back
    if (!ref?.preview) return null
    return this.copy(c.id, ref.preview.file)
  }

  /** A derived copy: the one stored with the case, else made and stored (the holder only), else kept in memory. */
  async readDerived(
    c: Case,
    name: string,
    source: () => Promise<Uint8Array>,
    make: (image: Uint8Array) => Promise<Buffer>,
  ): Promise<Buffer> {
    if (!COPY_NAME.test(name) || name === AUDIT_FILE) throw new Error(`Not a derived file name: ${name}`)
    const kept = await this.copy(c.id, name)
    if (kept) return kept
    const made = await make(await source())
    const stored = await this.pool
      .query('INSERT INTO image_copies (case_id, name, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        c.id,
        name,
        made,
      ])
      .then(
        () => true,
        () => false,
      )
    if (!stored) {
      this.copies.set(`${c.id}/${name}`, made)
      if (this.copies.size > MEMORY_COPIES) this.copies.delete(this.copies.keys().next().value!)
    }
    return made
  }

  private summaryRows(where: string, params: unknown[]) {
    return this.run(() =>
      this.pool.query<SummaryRow>(
        `SELECT id, summary, CASE WHEN claim_expires_at > now() THEN claimed_by END AS claimed_by, decided_by
           FROM cases ${where} ORDER BY created_at, id`,
        params,
      ),
    )
  }

  /** One case's queue row (after "Next case" claimed it); null when it does not read. */
  async summaryOf(id: string): Promise<CaseSummary | null> {
    const r = await this.summaryRows('WHERE id = $1', [id])
    return summariesOf(r.rows).summaries[0] ?? null
  }

  /** These cases' queue rows (the ones that exist and read). */
  async summariesFor(ids: readonly string[]): Promise<CaseSummary[]> {
    const valid = ids.filter((id) => /^[0-9a-f-]{36}$/.test(id))
    if (!valid.length) return []
    return summariesOf((await this.summaryRows('WHERE id = ANY($1::uuid[])', [valid])).rows).summaries
  }

  /** The cases imported from the same bytes (indexed: no listing of the whole queue at each import). */
  async withContent(hashes: readonly string[]): Promise<CaseSummary[]> {
    if (!hashes.length) return []
    const r = await this.summaryRows(
      `WHERE summary->'contentHash'->>'front' = ANY($1::text[]) OR summary->'contentHash'->>'back' = ANY($1::text[])`,
      [hashes],
    )
    return summariesOf(r.rows).summaries
  }

  /** Every case's queue row, in the team's order, with who holds it. */
  async listSummaries(): Promise<{ summaries: CaseSummary[]; problems: LoadProblem[] }> {
    return summariesOf((await this.summaryRows('', [])).rows)
  }

  problems(): LoadProblem[] {
    return []
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    await this.serial.settled()
  }
}

type SummaryRow = { id: string; summary: unknown; claimed_by: string | null; decided_by: string | null }

/** Queue rows validated; one that does not read is a problem, not a crash. */
function summariesOf(rows: readonly SummaryRow[]): { summaries: CaseSummary[]; problems: LoadProblem[] } {
  const summaries: CaseSummary[] = []
  const problems: LoadProblem[] = []
  for (const row of rows) {
    const s = SummarySchema.safeParse(row.summary)
    if (!s.success) {
      problems.push({
        id: row.id,
        message: `Case ${row.id.slice(0, 8)}… in the team workspace has an unreadable queue entry (written by another version of Recto?).`,
        quarantinedTo: null,
      })
      continue
    }
    // Onto zod's own copy: spreading it into yet another object cost ~8x the validation (300 ms for 50,000 rows).
    summaries.push(
      Object.assign(s.data as Omit<CaseSummary, 'id' | 'decidedBy' | 'claimedBy'>, {
        id: row.id,
        decidedBy: row.decided_by,
        claimedBy: row.claimed_by,
      }),
    )
  }
  return { summaries, problems }
}

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v))

/** A decision row: the server checks it against the team's rules (four-eyes, failed checks) and records who. */
async function insertDecision(tx: pg.PoolClient, id: string, d: Decision): Promise<void> {
  await tx.query(
    'INSERT INTO decisions (case_id, kind, reason, note, checks_override) VALUES ($1, $2, $3, $4, $5)',
    [id, d.kind, d.reason, d.note, d.checksOverride ? { checks: [], reason: d.checksOverride.reason } : null],
  )
}

async function releaseOwnClaim(tx: pg.PoolClient, id: string): Promise<void> {
  await tx.query(
    'UPDATE cases SET claimed_by = NULL, claim_expires_at = NULL WHERE id = $1 AND claimed_by = session_user',
    [id],
  )
}

/** The first events of a new case, from the audit file the import made for the local store (one JSON per line). */
function auditFileDrafts(bytes: Uint8Array): AuditDraft[] {
  const drafts: AuditDraft[] = []
  for (const line of Buffer.from(bytes).toString('utf8').split('\n')) {
    if (!line.trim()) continue
    const e = JSON.parse(line) as AuditDraft
    drafts.push({ at: e.at, reviewer: e.reviewer, account: e.account, type: e.type, details: e.details })
  }
  return drafts
}

/** The client's audit events: who (login) and when are the server's; the display name goes in the details. */
async function insertDrafts(tx: pg.PoolClient, id: string, drafts: readonly AuditDraft[]): Promise<void> {
  for (const d of drafts) {
    if (SERVER_RECORDED.has(d.type)) continue
    await tx.query('INSERT INTO audit (case_id, type, details) VALUES ($1, $2, $3)', [
      id,
      d.type,
      { ...d.details, reviewer: d.reviewer },
    ])
  }
}

/** The checks table as the case's latest run says (a check no longer run is marked skipped: rows are never deleted). */
async function writeChecks(tx: pg.PoolClient, id: string, after: Case, before: Case): Promise<void> {
  const now = after.checks?.checks ?? []
  const gone = (before.checks?.checks ?? []).filter((b) => !now.some((x) => x.id === b.id))
  for (const ch of [...now, ...gone.map((g) => ({ ...g, status: 'skip' as const }))])
    await tx.query(
      `INSERT INTO checks (case_id, check_id, status, detail) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id, check_id) DO UPDATE SET status = EXCLUDED.status, detail = EXCLUDED.detail`,
      [id, ch.id, ch.status, { message: ch.message, fields: ch.fields }],
    )
}

const DecisionRowSchema = z.object({
  kind: z.enum(['approved', 'rejected', 'second_review']),
  reason: z.string().nullable(),
  note: z.string(),
  checks_override: z.object({ checks: z.array(z.string()), reason: z.string() }).nullable(),
  decided_by: z.string(),
  decided_at: z.string(),
})

/** The case from its row: the document validated, the decision the server's (who and when included). */
function caseOf(row: CaseRow): Case {
  const doc = CaseSchema.safeParse({ ...(row.doc as object), decision: null })
  if (!doc.success || doc.data.id !== row.id)
    throw new CaseUnreadable({
      id: row.id,
      message: `Case ${row.id.slice(0, 8)}… in the team workspace cannot be read (written by another version of Recto?). It is left as it is.`,
      quarantinedTo: null,
    })
  let decision: Decision | null = null
  if (row.decision) {
    const d = DecisionRowSchema.safeParse(row.decision)
    if (d.success) {
      const parsed = DecisionSchema.safeParse({
        kind: d.data.kind,
        reason: d.data.reason,
        note: d.data.note,
        reviewer: d.data.decided_by,
        account: d.data.decided_by,
        at: new Date(d.data.decided_at).toISOString(),
        checksOverride: d.data.checks_override,
      })
      if (parsed.success) decision = parsed.data
    }
  }
  return { ...doc.data, decision }
}
