// Test support for the team-store integration tests: one fresh database per test file on the run's throwaway
// cluster (test/support/pg-cluster.ts), logins made for the file (roles are cluster-wide, so their names carry the
// file's tag), pools connecting as them over 127.0.0.1 with a password, and clean-up of all of it.
import { beforeAll, beforeEach, inject } from 'vitest'
import type { PgClusterInfo } from '../../../support/pg-cluster'
import { createTeamDb, type TestDb } from '../../../support/team-db'

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

export type { Login, TestDb } from '../../../support/team-db'

/** A fresh database on the run's cluster, with logins made for the file (see test/support/team-db.ts). */
export function createTestDb(tag: string): Promise<TestDb> {
  return createTeamDb(cluster(), tag)
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
