// A connection killed in the middle of a multi-statement edit (pg_terminate_backend): nothing half-written. The case
// row's change, the edit record and its audit entry are all absent; what was saved before is all still there.
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { claimCase } from '../../../../electron/services/store/pg/claims'
import { migrate } from '../../../../electron/services/store/pg/migrate'
import { editField } from '../../../../electron/services/store/pg/writes'
import { createTestDb, setUpOnce, type Login, type TestDb } from './pg-test-db'

let db: TestDb
let kim: Login
setUpOnce(async () => {
  db = await createTestDb('kill')
  await migrate(db.owner)
  kim = await db.login('kim', 'recto_reviewer', { max: 1 })
})
afterAll(async () => {
  await db?.drop()
})

async function state(id: string) {
  const c = await db.owner.query('SELECT doc, version FROM cases WHERE id = $1', [id])
  const e = await db.owner.query('SELECT field_key FROM field_edits WHERE case_id = $1 ORDER BY id', [id])
  const a = await db.owner.query(
    `SELECT details->>'key' AS key FROM audit WHERE case_id = $1 AND type = 'field_edited' ORDER BY seq`,
    [id],
  )
  return { case: c.rows[0], edits: e.rows.map((r) => r.field_key), audit: a.rows.map((r) => r.key) }
}

describe('killed mid-edit', () => {
  it('leaves the earlier edit whole and no trace of the interrupted one', async () => {
    const id = randomUUID()
    await kim.pool.query(`INSERT INTO cases (id, name, status) VALUES ($1, 'case', 'recognised')`, [id])
    await claimCase(kim.pool, id, 120)
    await editField(kim.pool, {
      caseId: id,
      version: 1,
      doc: { name: 'first' },
      edit: { key: 'name', kind: 'value', before: null, after: null },
    })

    // Hold the edit table so the next edit stops after its first statement (the case row is already updated in
    // its transaction), then kill that backend while it waits.
    const blocker = await db.owner.connect()
    try {
      await blocker.query('BEGIN')
      await blocker.query('LOCK TABLE field_edits IN EXCLUSIVE MODE')
      const pending = editField(kim.pool, {
        caseId: id,
        version: 2,
        doc: { name: 'second' },
        edit: { key: 'surname', kind: 'value', before: null, after: null },
      })
      const outcome = pending.then(
        () => 'saved',
        (e: Error) => e.message,
      )
      const pid = await vi.waitFor(
        async () => {
          const r = await db.owner.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE usename = $1 AND wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO field_edits%'`,
            [kim.name],
          )
          expect(r.rows).toHaveLength(1)
          return r.rows[0]!.pid
        },
        { timeout: 10_000 },
      )
      await db.owner.query('SELECT pg_terminate_backend($1)', [pid])
      expect(await outcome).toMatch(/terminat/i)
    } finally {
      await blocker.query('ROLLBACK')
      blocker.release()
    }

    expect(await state(id)).toEqual({
      case: { doc: { name: 'first' }, version: 2 },
      edits: ['name'],
      audit: ['name'],
    })
    // The pool replaced the dead connection: the same edit goes through afterwards.
    await editField(kim.pool, {
      caseId: id,
      version: 2,
      doc: { name: 'second' },
      edit: { key: 'surname', kind: 'value', before: null, after: null },
    })
    expect(await state(id)).toEqual({
      case: { doc: { name: 'second' }, version: 3 },
      edits: ['name', 'surname'],
      audit: ['name', 'surname'],
    })
  })
})
