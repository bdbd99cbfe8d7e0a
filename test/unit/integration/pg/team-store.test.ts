// TeamCaseStore against a real server, at its trust boundary: what comes back from the database was written by
// another client, so a document or queue row that does not validate is reported (never a crash, never shown as
// valid), the decision is the server's (a decision written into the document alone is ignored), a write based on an
// old read is refused, and images come back only as their hash says.
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { auditDraft } from '../../../../shared/audit'
import type { Case } from '../../../../shared/model'
import { migrate } from '../../../../electron/services/store/pg/migrate'
import { StaleCaseError, TeamCaseStore } from '../../../../electron/services/store/pg/team-store'
import { CaseUnreadable } from '../../../../electron/services/store/case-store'
import { newCase } from '../../../support/store-cases'
import { createTestDb, setUpOnce, unchecked, type Login, type TestDb } from './pg-test-db'

let db: TestDb
let lou: Login
setUpOnce(async () => {
  db = await createTestDb('tstore')
  await migrate(db.owner)
  lou = await db.login('lou', 'recto_reviewer')
})
afterAll(async () => {
  await db?.drop()
})

const FRONT = Buffer.from('front image bytes')
const store = () => new TeamCaseStore(lou.pool, { leaseSeconds: 600 })

async function created(): Promise<Case> {
  const c = newCase(randomUUID(), 'scan.jpg')
  await store().create(c, [{ file: 'front.jpg', bytes: FRONT }])
  return c
}

describe('TeamCaseStore', () => {
  it('round-trips a case, lists it with its holder, and stages audit events into the write', async () => {
    const s = store()
    const c = await created()
    expect(await s.load(c.id)).toEqual(c)
    const row = (await s.listSummaries()).summaries.find((x) => x.id === c.id)
    expect(row).toMatchObject({ id: c.id, name: 'scan.jpg', claimedBy: lou.name, decidedBy: null })
    expect((await s.readImage(c, 'front')).equals(FRONT)).toBe(true)

    const updated = await s.update(c.id, (x) => {
      s.stage(x.id, [
        auditDraft(
          'params_changed',
          {
            before: { issuingCountry: null, idType: null },
            after: { issuingCountry: 'FRA', idType: 'passport' },
            source: 'reviewer',
          },
          'Lou',
          x.updatedAt,
        ),
      ])
      return { ...x, issuingCountry: 'FRA', idType: 'passport' }
    })
    expect(updated.issuingCountry).toBe('FRA')
    const audit = await db.owner.query(
      'SELECT type, actor, details FROM audit WHERE case_id = $1 ORDER BY seq',
      [c.id],
    )
    expect(audit.rows.map((r) => r.type)).toEqual(['case_created', 'params_changed'])
    // Who is the server's: the login, whatever the client put in the details.
    expect(audit.rows[1]).toMatchObject({ actor: lou.name, details: { reviewer: 'Lou', source: 'reviewer' } })
  })

  it('reports a document that does not validate as unreadable, and a bad queue row as a problem', async () => {
    const c = await created()
    await unchecked(db, `UPDATE cases SET doc = jsonb_set(doc, '{fields}', '"not a list"') WHERE id = $1`, [
      c.id,
    ])
    await expect(store().load(c.id)).rejects.toBeInstanceOf(CaseUnreadable)
    await expect(store().load(c.id)).rejects.toThrow(/cannot be read .*left as it is/)

    const d = await created()
    await unchecked(db, `UPDATE cases SET summary = '{"name": 42}' WHERE id = $1`, [d.id])
    const { summaries, problems } = await store().listSummaries()
    expect(summaries.map((x) => x.id)).not.toContain(d.id)
    expect(problems).toEqual([expect.objectContaining({ id: d.id, quarantinedTo: null })])
  })

  it('takes the decision from the decisions table, never from the document', async () => {
    const c = await created()
    const forged = {
      kind: 'approved',
      reason: null,
      note: '',
      reviewer: 'X',
      at: new Date().toISOString(),
      checksOverride: null,
    }
    await unchecked(db, `UPDATE cases SET doc = jsonb_set(doc, '{decision}', $2::jsonb) WHERE id = $1`, [
      c.id,
      JSON.stringify(forged),
    ])
    expect((await store().load(c.id)).decision).toBeNull()
  })

  it('refuses a write based on an older read (another client changed the case in between)', async () => {
    const c = await created()
    const mine = store()
    const theirs = store()
    await mine.load(c.id)
    await theirs.update(c.id, (x) => ({ ...x, name: 'renamed by the other window' }))
    await expect(mine.update(c.id, (x) => ({ ...x, name: 'mine' }))).rejects.toBeInstanceOf(StaleCaseError)
    // Refused, nothing written; read again, the next write goes through.
    expect((await mine.load(c.id)).name).toBe('renamed by the other window')
    expect((await mine.update(c.id, (x) => ({ ...x, name: 'mine' }))).name).toBe('mine')
  })

  it('writes nothing of a change the server refuses (no claim): document, edits and audit stay as they were', async () => {
    const c = await created()
    await lou.pool.query('UPDATE cases SET claimed_by = NULL WHERE id = $1', [c.id])
    const s = store()
    const before = await db.owner.query('SELECT version FROM cases WHERE id = $1', [c.id])
    await expect(
      s.update(c.id, (x) => {
        s.stage(x.id, [auditDraft('exported', { format: 'csv', file: 'x.csv' }, 'Lou', x.updatedAt)])
        return { ...x, name: 'not allowed' }
      }),
    ).rejects.toThrow(/Claim this case before changing it/)
    const after = await db.owner.query('SELECT version, name FROM cases WHERE id = $1', [c.id])
    expect(after.rows[0]).toEqual({ version: before.rows[0].version, name: 'scan.jpg' })
    const audit = await db.owner.query(
      `SELECT count(*)::int AS n FROM audit WHERE case_id = $1 AND type = 'exported'`,
      [c.id],
    )
    expect(audit.rows[0].n).toBe(0)
  })
})
