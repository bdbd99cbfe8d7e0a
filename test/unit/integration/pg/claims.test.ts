// Claims against a real server: 20 reviewers racing for 1,000 cases each get distinct ones, and the database (not
// the client) refuses changes to a case someone else holds; a senior's release of another's claim is audited.
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import {
  claimCase,
  claimNext,
  releaseClaim,
  renewClaim,
  type Claim,
} from '../../../../electron/services/store/pg/claims'
import { migrate } from '../../../../electron/services/store/pg/migrate'
import { createTestDb, setUpOnce, sqlState, unchecked, type Login, type TestDb } from './pg-test-db'

let db: TestDb
setUpOnce(async () => {
  db = await createTestDb('claim')
  await migrate(db.owner)
})
afterAll(async () => {
  await db?.drop()
})

async function addCases(n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID())
  // One statement: the owner seeds the queue (created_at ties are broken by id in the team's order).
  await db.owner.query(
    `INSERT INTO cases (id, name, status) SELECT unnest($1::uuid[]), 'case', 'recognised'`,
    [ids],
  )
  return ids
}

describe('claims', () => {
  it('20 concurrent reviewers racing for 1,000 cases: each case is claimed exactly once', async () => {
    const ids = await addCases(1000)
    const reviewers: Login[] = []
    for (let i = 0; i < 20; i++) reviewers.push(await db.login(`r${i}`, 'recto_reviewer', { max: 1 }))
    const won = await Promise.all(
      reviewers.map(async (r) => {
        const mine: Claim[] = []
        for (let c = await claimNext(r.pool, 300); c; c = await claimNext(r.pool, 300)) mine.push(c)
        return mine
      }),
    )
    const all = won.flat()
    expect(all).toHaveLength(1000)
    expect(new Set(all.map((c) => c.id))).toEqual(new Set(ids))
    // Every reviewer got work, and each claim names the login that made it (session_user, set by the server).
    expect(won.every((w) => w.length > 0)).toBe(true)
    won.forEach((w, i) => expect(new Set(w.map((c) => c.claimedBy))).toEqual(new Set([reviewers[i]!.name])))
    const stored = await db.owner.query<{ n: string }>(
      'SELECT count(DISTINCT claimed_by)::text AS n FROM cases WHERE id = ANY($1::uuid[])',
      [ids],
    )
    expect(stored.rows[0]!.n).toBe('20')
    // Take them out of the queue for the tests below.
    await unchecked(
      db,
      `UPDATE cases SET claimed_by = NULL, decision = 'rejected' WHERE id = ANY($1::uuid[])`,
      [ids],
    )
  })

  it("refuses a reviewer's change to a case another holds, even in plain SQL; the holder may change it", async () => {
    const [id] = await addCases(1)
    const anna = await db.login('anna', 'recto_reviewer')
    const ben = await db.login('ben', 'recto_reviewer')
    expect(await claimCase(anna.pool, id!, 60)).toMatchObject({ claimedBy: anna.name })
    expect(await claimCase(ben.pool, id!, 60)).toBeNull()

    await expect(ben.pool.query(`UPDATE cases SET doc = '{"x":1}' WHERE id = $1`, [id])).rejects.toThrow(
      `In review by ${anna.name}`,
    )
    expect(
      await sqlState(ben.pool.query('UPDATE cases SET claimed_by = session_user WHERE id = $1', [id])),
    ).toBe('RX003')
    expect(
      await sqlState(
        ben.pool.query(`INSERT INTO field_edits (case_id, field_key, kind) VALUES ($1, 'name', 'value')`, [
          id,
        ]),
      ),
    ).toBe('RX003')
    // A reviewer's "release anyone's" is refused by the database too.
    expect(await sqlState(releaseClaim(ben.pool, id!, { anyone: true }))).toBe('RX003')

    await anna.pool.query(`UPDATE cases SET doc = '{"x":2}' WHERE id = $1`, [id])
    const row = await db.owner.query('SELECT doc, version, claimed_by FROM cases WHERE id = $1', [id])
    expect(row.rows[0]).toEqual({ doc: { x: 2 }, version: 2, claimed_by: anna.name })
  })

  it('a write needs a live claim: an expired lease is refused, renewing restores it', async () => {
    const [id] = await addCases(1)
    const cleo = await db.login('cleo', 'recto_reviewer')
    await claimCase(cleo.pool, id!, 60)
    // Age the lease as the owner (the clock is not what this test is about).
    await unchecked(db, `UPDATE cases SET claim_expires_at = now() - interval '1 second' WHERE id = $1`, [id])
    await expect(cleo.pool.query(`UPDATE cases SET name = 'x' WHERE id = $1`, [id])).rejects.toThrow(
      'Claim this case before changing it.',
    )
    expect(await renewClaim(cleo.pool, id!, 60)).toMatchObject({ id, claimedBy: cleo.name })
    await cleo.pool.query(`UPDATE cases SET name = 'x' WHERE id = $1`, [id])
    // An expired claim can be taken by the next reviewer.
    await unchecked(db, `UPDATE cases SET claim_expires_at = now() - interval '1 second' WHERE id = $1`, [id])
    const dan = await db.login('dan', 'recto_reviewer')
    expect(await claimCase(dan.pool, id!, 60)).toMatchObject({ claimedBy: dan.name })
    expect(await renewClaim(cleo.pool, id!, 60)).toBeNull()
  })

  it("a senior may release another's claim, and the release is audited with both logins", async () => {
    const [id] = await addCases(1)
    const eve = await db.login('eve', 'recto_reviewer')
    const sam = await db.login('sam', 'recto_senior')
    await claimCase(eve.pool, id!, 600)
    expect(await releaseClaim(sam.pool, id!)).toBe(false)
    expect(await releaseClaim(sam.pool, id!, { anyone: true })).toBe(true)
    const audit = await db.owner.query(
      `SELECT actor, details FROM audit WHERE case_id = $1 AND type = 'claim_released'`,
      [id],
    )
    expect(audit.rows).toEqual([{ actor: sam.name, details: { heldBy: eve.name } }])
    const row = await db.owner.query('SELECT claimed_by, claim_expires_at FROM cases WHERE id = $1', [id])
    expect(row.rows[0]).toEqual({ claimed_by: null, claim_expires_at: null })
  })
})
