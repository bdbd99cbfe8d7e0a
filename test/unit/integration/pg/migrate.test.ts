// Migrations against a real server: forward from an empty database and from version 1, one migrator at a time, and
// a database from a newer Recto refused with the message the reviewer sees.
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { claimNext } from '../../../../electron/services/store/pg/claims'
import { LATEST_VERSION, migrate, newerSchemaMessage } from '../../../../electron/services/store/pg/migrate'
import { createTestDb, type TestDb } from './pg-test-db'

const dbs: TestDb[] = []
async function freshDb(): Promise<TestDb> {
  const db = await createTestDb('mig')
  dbs.push(db)
  return db
}
afterAll(async () => {
  for (const db of dbs) await db.drop()
})

async function version(db: TestDb): Promise<number> {
  const r = await db.owner.query<{ v: number }>('SELECT max(version)::int AS v FROM recto_schema')
  return r.rows[0]!.v
}

describe('migrate', () => {
  it('builds the whole schema on an empty database, and is a no-op the second time', async () => {
    const db = await freshDb()
    const first = await migrate(db.owner)
    expect(first).toEqual({ from: 0, to: LATEST_VERSION, applied: [1, 2, 3] })
    expect(await version(db)).toBe(LATEST_VERSION)
    const roles = await db.owner.query<{ rolname: string; rolcanlogin: boolean }>(
      `SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'recto\\_%' ORDER BY rolname`,
    )
    expect(roles.rows).toEqual([
      { rolname: 'recto_admin', rolcanlogin: false },
      { rolname: 'recto_reviewer', rolcanlogin: false },
      { rolname: 'recto_senior', rolcanlogin: false },
    ])
    expect(await migrate(db.owner)).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION, applied: [] })
  })

  it('moves a version-1 database with data forward, and the data takes part in claims', async () => {
    const db = await freshDb()
    expect((await migrate(db.owner, { upTo: 1 })).applied).toEqual([1])
    const id = randomUUID()
    await db.owner.query(`INSERT INTO cases (id, name, status) VALUES ($1, 'from v1', 'recognised')`, [id])
    const before = await db.owner.query(`SELECT to_regclass('cases_open')::text AS t`)
    expect(before.rows[0].t).toBeNull()

    expect(await migrate(db.owner)).toEqual({ from: 1, to: LATEST_VERSION, applied: [2, 3] })
    const anna = await db.login('anna', 'recto_reviewer')
    const claim = await claimNext(anna.pool, 60)
    expect(claim).toMatchObject({ id, claimedBy: anna.name })
  })

  it('lets two instances connect at once: one migrates, the other finds it done', async () => {
    const db = await freshDb()
    const results = await Promise.all([migrate(db.owner), migrate(db.owner)])
    expect(results.flatMap((r) => r.applied).sort()).toEqual([1, 2, 3])
    expect(await version(db)).toBe(LATEST_VERSION)
  })

  it('refuses a database a newer Recto upgraded, and changes nothing', async () => {
    const db = await freshDb()
    await migrate(db.owner)
    await db.owner.query(`INSERT INTO recto_schema (version, name) VALUES ($1, 'from the future')`, [
      LATEST_VERSION + 5,
    ])
    const message = newerSchemaMessage(LATEST_VERSION + 5, LATEST_VERSION)
    expect(message).toBe(
      `This team workspace was upgraded by a newer Recto (schema ${LATEST_VERSION + 5}; this version knows up to ${LATEST_VERSION}). Update Recto.`,
    )
    await expect(migrate(db.owner)).rejects.toThrow(message)
    expect(await version(db)).toBe(LATEST_VERSION + 5)
  })

  it('connects a reviewer to an up-to-date database, and tells one on an old database to ask the owner', async () => {
    const db = await freshDb()
    await migrate(db.owner, { upTo: 1 })
    const ben = await db.login('ben', 'recto_reviewer')
    await expect(migrate(ben.pool)).rejects.toThrow(
      new RegExp(`needs schema ${LATEST_VERSION}, which only its owner can apply`),
    )
    await migrate(db.owner)
    expect((await migrate(ben.pool)).applied).toEqual([])
  })
})
