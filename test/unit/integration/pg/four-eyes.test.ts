// Four-eyes and "approve with failed checks", enforced by the database: a login that corrected a case cannot
// approve it even through plain SQL, another login can; the decider is the server's session_user, not the client's.
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { claimCase, releaseClaim } from '../../../../electron/services/store/pg/claims'
import { migrate } from '../../../../electron/services/store/pg/migrate'
import { decide, editField } from '../../../../electron/services/store/pg/writes'
import { createTestDb, setUpOnce, sqlState, type Login, type TestDb } from './pg-test-db'

let db: TestDb
let anna: Login
let ben: Login
setUpOnce(async () => {
  db = await createTestDb('eyes')
  await migrate(db.owner)
  anna = await db.login('anna', 'recto_reviewer')
  ben = await db.login('ben', 'recto_reviewer')
})
afterAll(async () => {
  await db?.drop()
})

const field = (value: string) => ({ key: 'name', value })

async function recognisedCase(): Promise<string> {
  const id = randomUUID()
  await db.owner.query(`INSERT INTO cases (id, name, status) VALUES ($1, 'case', 'recognised')`, [id])
  return id
}

async function decisionsOf(id: string) {
  const r = await db.owner.query('SELECT kind, decided_by FROM decisions WHERE case_id = $1 ORDER BY id', [
    id,
  ])
  return r.rows
}

describe('four-eyes in the database', () => {
  it('refuses the approval of a login that corrected the case (plain SQL), and takes another login’s', async () => {
    const id = await recognisedCase()
    await claimCase(anna.pool, id, 60)
    await editField(anna.pool, {
      caseId: id,
      version: 1,
      doc: { fields: [field('ANNA')] },
      edit: { key: 'name', kind: 'value', before: null, after: null },
    })
    // Anna skips the app's own check and writes the approval herself.
    const attempt = anna.pool.query(`INSERT INTO decisions (case_id, kind) VALUES ($1, 'approved')`, [id])
    await expect(attempt).rejects.toThrow('Four-eyes rule: you corrected this case')
    expect(await decisionsOf(id)).toEqual([])

    await releaseClaim(anna.pool, id)
    await claimCase(ben.pool, id, 60)
    await ben.pool.query(`INSERT INTO decisions (case_id, kind) VALUES ($1, 'approved')`, [id])
    expect(await decisionsOf(id)).toEqual([{ kind: 'approved', decided_by: ben.name }])
    const c = await db.owner.query('SELECT decision, decided_by FROM cases WHERE id = $1', [id])
    expect(c.rows[0]).toEqual({ decision: 'approved', decided_by: ben.name })
  })

  it('counts a "verified" tick as no correction, as the app does', async () => {
    const id = await recognisedCase()
    await claimCase(anna.pool, id, 60)
    await anna.pool.query(
      `INSERT INTO field_edits (case_id, field_key, kind) VALUES ($1, 'name', 'verified')`,
      [id],
    )
    await decide(anna.pool, { caseId: id, kind: 'approved', reason: null, note: '' })
    expect(await decisionsOf(id)).toEqual([{ kind: 'approved', decided_by: anna.name }])
  })

  it('does not let a client name the decider, nor set a case’s decision without a decision row', async () => {
    const id = await recognisedCase()
    await claimCase(ben.pool, id, 60)
    expect(
      await sqlState(
        ben.pool.query(
          `INSERT INTO decisions (case_id, kind, decided_by) VALUES ($1, 'approved', 'someone')`,
          [id],
        ),
      ),
    ).toBe('42501')
    expect(await sqlState(ben.pool.query(`UPDATE cases SET decision = 'approved' WHERE id = $1`, [id]))).toBe(
      '42501',
    )
    expect(await decisionsOf(id)).toEqual([])
  })

  it('approve with failed checks: needs a reason, and under four-eyes one login asks and another confirms', async () => {
    const id = await recognisedCase()
    await claimCase(anna.pool, id, 60)
    await anna.pool.query(
      `INSERT INTO checks (case_id, check_id, status) VALUES ($1, 'mrz.digit.number', 'fail'), ($1, 'doc.expired', 'pass')`,
      [id],
    )
    await expect(decide(anna.pool, { caseId: id, kind: 'approved', reason: null, note: '' })).rejects.toThrow(
      'Approve refused: 1 check(s) fail (mrz.digit.number)',
    )
    await expect(
      decide(anna.pool, { caseId: id, kind: 'approved', reason: null, note: '', checksOverrideReason: '  ' }),
    ).rejects.toThrow('Write why you approve although checks fail')
    await expect(
      decide(anna.pool, {
        caseId: id,
        kind: 'approved',
        reason: null,
        note: '',
        checksOverrideReason: 'seen it',
      }),
    ).rejects.toThrow('needs a second reviewer')
    // Anna asks (second review with the override); she cannot confirm her own request.
    await decide(anna.pool, {
      caseId: id,
      kind: 'second_review',
      reason: null,
      note: '',
      checksOverrideReason: 'Digit smudged; number matches the chip',
    })
    await expect(
      decide(anna.pool, {
        caseId: id,
        kind: 'approved',
        reason: null,
        note: '',
        checksOverrideReason: 'again',
      }),
    ).rejects.toThrow('you asked to approve this case with failed checks')
    await releaseClaim(anna.pool, id)
    await claimCase(ben.pool, id, 60)
    await decide(ben.pool, {
      caseId: id,
      kind: 'approved',
      reason: null,
      note: '',
      checksOverrideReason: 'agreed',
    })
    const r = await db.owner.query(
      'SELECT kind, decided_by, checks_override FROM decisions WHERE case_id = $1 ORDER BY id',
      [id],
    )
    expect(r.rows).toEqual([
      {
        kind: 'second_review',
        decided_by: anna.name,
        checks_override: { checks: ['mrz.digit.number'], reason: 'Digit smudged; number matches the chip' },
      },
      {
        kind: 'approved',
        decided_by: ben.name,
        checks_override: { checks: ['mrz.digit.number'], reason: 'agreed' },
      },
    ])
  })

  it('a rejection needs a reason, and "Other" needs a note', async () => {
    const id = await recognisedCase()
    await claimCase(ben.pool, id, 60)
    expect(await sqlState(decide(ben.pool, { caseId: id, kind: 'rejected', reason: null, note: '' }))).toBe(
      '23514',
    )
    expect(
      await sqlState(decide(ben.pool, { caseId: id, kind: 'rejected', reason: 'Other', note: ' ' })),
    ).toBe('23514')
    await decide(ben.pool, { caseId: id, kind: 'rejected', reason: 'Other', note: 'Photo of a screen' })
    expect(await decisionsOf(id)).toEqual([{ kind: 'rejected', decided_by: ben.name }])
  })
})
