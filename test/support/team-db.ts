// A fresh team-workspace database on a throwaway cluster (test/support/pg-cluster.ts), for the integration tests,
// the E2E fixture's team workspace and the benches: logins made for it (roles are cluster-wide, so their names
// carry the tag), pools connecting as them over 127.0.0.1 with a password, and clean-up of all of it.
import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import {
  createPool,
  parseConnectionUrl,
  type TeamConnection,
} from '../../electron/services/store/pg/connection'
import type { PgClusterInfo } from './pg-cluster'

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

export async function createTeamDb(c: PgClusterInfo, tag: string): Promise<TestDb> {
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
