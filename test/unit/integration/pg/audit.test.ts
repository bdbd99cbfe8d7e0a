// The audit log in the database: append-only for every role but the owner (reviewer and senior UPDATE, DELETE and
// TRUNCATE fail), the actor is the server's session_user, and the hash chain shows a change made behind its back.
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { claimCase } from '../../../../electron/services/store/pg/claims'
import { migrate } from '../../../../electron/services/store/pg/migrate'
import { brokenAuditLinks } from '../../../../electron/services/store/pg/writes'
import { createTestDb, setUpOnce, sqlState, unchecked, type Login, type TestDb } from './pg-test-db'

let db: TestDb
let rita: Login
let sam: Login
let caseId: string
setUpOnce(async () => {
  db = await createTestDb('audit')
  await migrate(db.owner)
  rita = await db.login('rita', 'recto_reviewer')
  sam = await db.login('sam', 'recto_senior')
  caseId = randomUUID()
  await rita.pool.query(`INSERT INTO cases (id, name, status) VALUES ($1, 'case', 'recognised')`, [caseId])
  await claimCase(rita.pool, caseId, 60)
  await rita.pool.query(`INSERT INTO field_edits (case_id, field_key, kind) VALUES ($1, 'name', 'value')`, [
    caseId,
  ])
  await rita.pool.query(
    `INSERT INTO audit (case_id, type, details) VALUES ($1, 'exported', '{"format":"csv"}')`,
    [caseId],
  )
})
afterAll(async () => {
  await db?.drop()
})

async function entries() {
  const r = await db.owner.query('SELECT type, actor FROM audit WHERE case_id = $1 ORDER BY seq', [caseId])
  return r.rows
}

describe('audit log', () => {
  it('records every write with the server’s session_user, chained', async () => {
    expect(await entries()).toEqual([
      { type: 'case_created', actor: rita.name },
      { type: 'field_edited', actor: rita.name },
      { type: 'exported', actor: rita.name },
    ])
    expect(await brokenAuditLinks(db.owner, caseId)).toEqual([])
    // The client cannot name the actor.
    expect(
      await sqlState(
        rita.pool.query(`INSERT INTO audit (case_id, type, actor) VALUES ($1, 'exported', 'someone')`, [
          caseId,
        ]),
      ),
    ).toBe('42501')
  })

  for (const who of ['reviewer', 'senior'] as const) {
    it(`refuses UPDATE, DELETE and TRUNCATE of audit rows by a ${who}`, async () => {
      const pool = who === 'reviewer' ? rita.pool : sam.pool
      const before = await entries()
      for (const sql of [
        `UPDATE audit SET details = '{}' WHERE case_id = '${caseId}'`,
        `DELETE FROM audit WHERE case_id = '${caseId}'`,
        'TRUNCATE audit',
      ])
        expect(await sqlState(pool.query(sql)), sql).toBe('42501')
      expect(await entries()).toEqual(before)
    })
  }

  it('refuses UPDATE and DELETE by trigger too, for a role that was granted them by mistake', async () => {
    await db.owner.query(`GRANT UPDATE, DELETE ON audit TO ${sam.name}`)
    try {
      await expect(
        sam.pool.query(`UPDATE audit SET details = '{}' WHERE case_id = $1`, [caseId]),
      ).rejects.toThrow('The audit log is append-only: update of audit entries is refused.')
      await expect(sam.pool.query('DELETE FROM audit WHERE case_id = $1', [caseId])).rejects.toThrow(
        'The audit log is append-only: delete of audit entries is refused.',
      )
    } finally {
      await db.owner.query(`REVOKE UPDATE, DELETE ON audit FROM ${sam.name}`)
    }
    expect(await entries()).toHaveLength(3)
  })

  it('shows an entry changed behind the triggers’ back as a broken link', async () => {
    const seq = await db.owner.query<{ seq: string }>(
      `SELECT seq FROM audit WHERE case_id = $1 AND type = 'field_edited'`,
      [caseId],
    )
    await unchecked(db, `UPDATE audit SET details = '{"key":"forged"}' WHERE seq = $1`, [seq.rows[0]!.seq])
    expect(await brokenAuditLinks(db.owner, caseId)).toEqual([Number(seq.rows[0]!.seq)])
  })
})
