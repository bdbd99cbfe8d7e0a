// Test support for the team-store integration tests: one fresh database per test file on the run's throwaway
// cluster (test/support/pg-cluster.ts), logins made for the file (roles are cluster-wide, so their names carry the
// file's tag), pools connecting as them over 127.0.0.1 with a password, and clean-up of all of it.
import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import { beforeAll, beforeEach, inject } from 'vitest'
import {
  createPool,
  parseConnectionUrl,
  type TeamConnection,
} from '../../../../electron/services/store/pg/connection'
import type { PgClusterInfo } from '../../../support/pg-cluster'

/**
 * beforeAll for a file's shared set-up whose failure (PostgreSQL missing, say) fails every test in the file with its
 * message, rather than leaving them skipped.
 */
export function setUpOnce(fn: () => Promise<void>): void {
  let failure: unknown = null
  beforeAll(async () => {
    try {
      await fn()
    } catch (e) {
      failure = e
    }
  })
  beforeEach(() => {
    if (failure) throw failure
  })
}

/** The run's cluster; fails (never skips) the calling test file when PostgreSQL is missing. */
export function cluster(): PgClusterInfo {
  const provided = inject('pgCluster')
  if (!provided)
    throw new Error('No PostgreSQL cluster was provided: is test/support/pg-cluster.ts a globalSetup?')
  if (!provided.ok) throw new Error(provided.error)
  return provided.cluster
}

export type Login = { name: string; password: string; pool: pg.Pool; conn: TeamConnection }

export type TestDb = {
  name: string
  /** The database's owner (the cluster's superuser) over the socket: migrates and inspects. */
  owner: pg.Pool
  ownerConn: TeamConnection
  login(
    short: string,
    role: 'recto_reviewer' | 'recto_senior' | 'recto_admin',
    opts?: { max?: number },
  ): Promise<Login>
  drop(): Promise<void>
}

export async function createTestDb(tag: string): Promise<TestDb> {
  const c = cluster()
  const name = `t_${tag}_${randomBytes(4).toString('hex')}`
  const socketConn = (db: string): TeamConnection =>
    parseConnectionUrl(
      `postgres://${c.superuser}@localhost:${c.port}/${db}?host=${encodeURIComponent(c.socketDir)}`,
    )
  const maintenance = createPool(socketConn('postgres'), '', { max: 1 })
  await maintenance.query(`CREATE DATABASE ${name}`)
  const ownerConn = socketConn(name)
  const owner = createPool(ownerConn, '', { max: 4 })
  const logins: Login[] = []
  return {
    name,
    owner,
    ownerConn,
    async login(short, role, opts = {}) {
      const login = `${tag}_${short}`
      const password = `pw-${randomBytes(9).toString('base64url')}`
      // Roles outlive databases: a previous run on a reused cluster may have left one.
      await maintenance.query(`DROP ROLE IF EXISTS ${login}`)
      await maintenance.query(`CREATE ROLE ${login} LOGIN PASSWORD '${password}' IN ROLE ${role}`)
      const conn = parseConnectionUrl(`postgres://${login}@127.0.0.1:${c.port}/${name}`)
      const pool = createPool(conn, password, { max: opts.max ?? 3 })
      const l = { name: login, password, pool, conn }
      logins.push(l)
      return l
    },
    async drop() {
      await Promise.all(logins.map((l) => l.pool.end().catch(() => undefined)))
      await owner.end().catch(() => undefined)
      await maintenance.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      for (const l of logins) await maintenance.query(`DROP ROLE IF EXISTS ${l.name}`)
      await maintenance.end()
    },
  }
}

/**
 * Runs SQL as the owner with triggers off (session_replication_role), to set up a state the rules would refuse
 * (an aged lease, a tampered row); only a superuser can do this.
 */
export async function unchecked(db: TestDb, sql: string, params: unknown[] = []): Promise<void> {
  const c = await db.owner.connect()
  try {
    await c.query('BEGIN')
    await c.query('SET LOCAL session_replication_role = replica')
    await c.query(sql, params)
    await c.query('COMMIT')
  } finally {
    c.release()
  }
}

/** The SQLSTATE of a rejected query (or undefined). */
export async function sqlState(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (e) {
    return (e as { code?: string }).code ?? 'no-code'
  }
  return undefined
}
