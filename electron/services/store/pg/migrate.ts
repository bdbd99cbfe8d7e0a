// Brings a team database to the schema this Recto knows, one migration per transaction under an advisory lock (two
// Recto instances connecting at once do not both migrate), and refuses a database a newer Recto already upgraded.
import type pg from 'pg'
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations'

/** Key of the session advisory lock migrations hold (any constant unlikely to collide: "RECT"). */
const MIGRATION_LOCK = 0x52454354

export class SchemaError extends Error {
  constructor(
    message: string,
    readonly kind: 'newer' | 'needs-owner',
  ) {
    super(message)
    this.name = 'SchemaError'
  }
}

export function newerSchemaMessage(found: number, known: number): string {
  return `This team workspace was upgraded by a newer Recto (schema ${found}; this version knows up to ${known}). Update Recto.`
}

export type MigrateResult = { from: number; to: number; applied: number[] }

async function currentVersion(client: pg.ClientBase): Promise<number | null> {
  const exists = await client.query<{ t: string | null }>(
    `SELECT to_regclass('public.recto_schema')::text AS t`,
  )
  if (!exists.rows[0]?.t) return null
  const r = await client.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM recto_schema')
  return r.rows[0]?.v ?? 0
}

/**
 * Applies the migrations newer than the database's version, up to `upTo` (tests stop early to build an old
 * database). A login without the rights to migrate gets a SchemaError('needs-owner') only when there is work to do:
 * reviewers connect to an up-to-date database without any.
 */
export async function migrate(
  pool: pg.Pool,
  opts: { upTo?: number; migrations?: readonly Migration[] } = {},
): Promise<MigrateResult> {
  const migrations = opts.migrations ?? MIGRATIONS
  const known = migrations[migrations.length - 1]?.version ?? 0
  const target = Math.min(opts.upTo ?? known, known)
  const client = await pool.connect()
  let locked = false
  try {
    const seen = await currentVersion(client)
    if (seen !== null && seen > known) throw new SchemaError(newerSchemaMessage(seen, known), 'newer')
    if (seen !== null && seen >= target) return { from: seen, to: seen, applied: [] }

    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    locked = true
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS recto_schema (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        applied_by text NOT NULL DEFAULT session_user)`)
    } catch (e) {
      throw ownerNeeded(e, target)
    }
    // Read again under the lock: another instance may have migrated meanwhile.
    const from = (await currentVersion(client)) ?? 0
    if (from > known) throw new SchemaError(newerSchemaMessage(from, known), 'newer')
    const applied: number[] = []
    for (const m of migrations) {
      if (m.version <= from || m.version > target) continue
      try {
        await client.query('BEGIN')
        // A migration may rewrite a large table: the pool's statement timeout is for reviewers' short statements.
        await client.query('SET LOCAL statement_timeout = 0')
        await client.query(m.sql)
        await client.query('INSERT INTO recto_schema (version, name) VALUES ($1, $2)', [m.version, m.name])
        await client.query('COMMIT')
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw ownerNeeded(e, m.version)
      }
      applied.push(m.version)
    }
    return { from, to: applied.length ? applied[applied.length - 1]! : from, applied }
  } finally {
    if (locked) await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined)
    client.release()
  }
}

function ownerNeeded(e: unknown, version: number): unknown {
  const code = (e as { code?: string }).code
  if (code === '42501')
    return new SchemaError(
      `This team workspace needs schema ${version}, which only its owner can apply: ask your administrator to connect Recto once with the owner login (docs/TEAM.md).`,
      'needs-owner',
    )
  return e
}

export { LATEST_VERSION }
