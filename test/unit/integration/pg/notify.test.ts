// The live queue against a real server: a change made by one client reaches another client's listener (ids, not
// rows), and a listener whose connection is killed reports it, reconnects, and hears changes again.
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { claimCase } from '../../../../electron/services/store/pg/claims'
import { connectClient } from '../../../../electron/services/store/pg/connection'
import {
  listen,
  type CaseChange,
  type Listener,
  type ListenState,
} from '../../../../electron/services/store/pg/listen'
import { migrate } from '../../../../electron/services/store/pg/migrate'
import { createTestDb, setUpOnce, type Login, type TestDb } from './pg-test-db'

let db: TestDb
let ada: Login
let bo: Login
const listeners: Listener[] = []
setUpOnce(async () => {
  db = await createTestDb('notify')
  await migrate(db.owner)
  ada = await db.login('ada', 'recto_reviewer')
  bo = await db.login('bo', 'recto_reviewer')
})
afterAll(async () => {
  for (const l of listeners) await l.close()
  await db?.drop()
})

function startListening(who: Login) {
  const changes: CaseChange[] = []
  const states: ListenState[] = []
  const l = listen({
    connect: () => connectClient(who.conn, who.password),
    onChange: (c) => changes.push(c),
    onState: (s) => states.push(s),
    minDelayMs: 50,
    maxDelayMs: 200,
  })
  listeners.push(l)
  return { changes, states }
}

describe('live queue', () => {
  it('a new case and its claim reach another client as ids and states', async () => {
    const heard = startListening(bo)
    await vi.waitFor(() => expect(heard.states.at(-1)).toEqual({ listening: true }), { timeout: 10_000 })
    const id = randomUUID()
    await ada.pool.query(
      `INSERT INTO cases (id, name, status, doc) VALUES ($1, 'Private Name', 'new', '{"secret":1}')`,
      [id],
    )
    await claimCase(ada.pool, id, 60)
    await vi.waitFor(() => expect(heard.changes.filter((c) => c.id === id)).toHaveLength(2), {
      timeout: 10_000,
    })
    expect(heard.changes.filter((c) => c.id === id)).toEqual([
      { op: 'insert', id, status: 'new', decision: null, claimedBy: null },
      { op: 'update', id, status: 'new', decision: null, claimedBy: ada.name },
    ])
  })

  it('reports a killed listening connection, reconnects, and hears changes again', async () => {
    const heard = startListening(bo)
    await vi.waitFor(() => expect(heard.states.at(-1)).toEqual({ listening: true }), { timeout: 10_000 })
    await db.owner.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND query ILIKE 'LISTEN%'`,
      [bo.name],
    )
    await vi.waitFor(() => expect(heard.states.some((s) => !s.listening)).toBe(true), { timeout: 10_000 })
    await vi.waitFor(() => expect(heard.states.at(-1)).toEqual({ listening: true }), { timeout: 10_000 })
    const id = randomUUID()
    await ada.pool.query(`INSERT INTO cases (id, name) VALUES ($1, 'case')`, [id])
    await vi.waitFor(() => expect(heard.changes.map((c) => c.id)).toContain(id), { timeout: 10_000 })
  })
})
