// Faults of the team workspace (issue 16 point 6), through the real ReviewService on a test database: the database
// lost while a reviewer works (edits refused with a message, nothing written, reconnected by itself), the listening
// connection alone lost (polling keeps the list current, writes go on), a connection killed mid-edit (the case is
// changed whole or not at all), a database from a newer Recto refused, and a saved team workspace that cannot be
// reached at start (this computer's cases shown, quitting does not wait for the server).
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { WorkspaceView } from '../../../../shared/workspace'
import { LATEST_VERSION, migrate, newerSchemaMessage } from '../../../../electron/services/store/pg/migrate'
import { FileSettingsStore } from '../../../../electron/services/settings/file-settings-store'
import { teamTimings } from '../../../../electron/services/use-cases/workspace-service'
import { startArgosEmulator, type ArgosEmulator } from '../../../support/argos-emulator'
import { fakeSealed } from '../../../support/fake-secrets'
import { serviceHarness } from '../../../support/service-harness'
import { cluster, createTestDb, setUpOnce, type Login, type TestDb } from './pg-test-db'

type Harness = Awaited<ReturnType<typeof serviceHarness>>

let emulator: ArgosEmulator
let db: TestDb
let anna: Login
let ben: Login
let harnesses: Harness[] = []
const timings = { ...teamTimings }

beforeAll(async () => {
  emulator = await startArgosEmulator()
  // Reconnections and polls in a fraction of a second: the tests wait for them.
  Object.assign(teamTimings, { pollMs: 150, retryMinMs: 100, retryMaxMs: 400 })
})
setUpOnce(async () => {
  db = await createTestDb('tfault')
  await migrate(db.owner)
  anna = await db.login('anna', 'recto_reviewer')
  ben = await db.login('ben', 'recto_senior')
})
afterEach(async () => {
  for (const h of harnesses) await h.cleanup()
  harnesses = []
})
afterAll(async () => {
  Object.assign(teamTimings, timings)
  await db?.drop()
  await emulator?.close()
})

const url = (l: Login, port = cluster().port) => `postgres://${l.name}@127.0.0.1:${port}/${db.name}`

async function harness(account: string, userDataDir?: string): Promise<Harness> {
  const h = await serviceHarness(
    { ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey },
    { account, ...(userDataDir ? { userDataDir } : {}) },
  )
  harnesses.push(h)
  return h
}

async function reviewer(l: Login, account: string): Promise<Harness> {
  const h = await harness(account)
  const view = await h.service.connectWorkspace({ kind: 'team', connection: url(l), password: l.password })
  expect(view).toMatchObject({ kind: 'team', state: 'connected', login: l.name })
  // Live: the listening connection is up.
  await until(async () => (await h.service.getWorkspace()).live)
  return h
}

async function until<T>(what: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await what()
    if (v) return v
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** A case imported and recognised by `h` (claimed by its login), with the value of its name field. */
async function recognisedCase(h: Harness): Promise<{ id: string; name: string }> {
  const id = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
  const [o] = await h.service.recognize([id], { issuingCountry: 'NZL', idType: 'passport' })
  expect(o!.ok).toBe(true)
  const name = (await h.service.getCase(id)).fields.find((f) => f.key === 'name')!
  return { id, name: name.value }
}

/** What the database holds of a case's edits, read as the owner. */
async function stored(id: string) {
  const c = await db.owner.query<{ version: number; doc: { fields: { key: string; value: string }[] } }>(
    'SELECT version, doc FROM cases WHERE id = $1',
    [id],
  )
  const edits = await db.owner.query('SELECT count(*)::int AS n FROM field_edits WHERE case_id = $1', [id])
  const audit = await db.owner.query(
    `SELECT count(*)::int AS n FROM audit WHERE case_id = $1 AND type = 'field_edited'`,
    [id],
  )
  const doc = c.rows[0]!.doc as { fields: { key: string; value: string }[]; history: unknown[] }
  return {
    version: c.rows[0]!.version,
    name: doc.fields.find((f) => f.key === 'name')!.value,
    history: doc.history.length,
    fieldEdits: edits.rows[0].n as number,
    auditEdits: audit.rows[0].n as number,
  }
}

/** The backends of a login: the listening one, or the pool's (every other). */
async function backends(login: string, which: 'listen' | 'pool' | 'all'): Promise<number[]> {
  const r = await db.owner.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE usename = $1 AND datname = $2
        AND ($3 = 'all' OR ($3 = 'listen') = (query LIKE 'LISTEN%'))`,
    [login, db.name, which],
  )
  return r.rows.map((row) => row.pid)
}

async function terminate(pids: number[]): Promise<void> {
  await db.owner.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids])
}

const views = (h: Harness, from = 0) =>
  h.events
    .slice(from)
    .filter((e) => e.event === 'workspaceChanged')
    .map((e) => e.payload as WorkspaceView)

const count = (h: Harness, event: string) => h.events.filter((e) => e.event === event).length

describe('team workspace faults', () => {
  it('refuses an edit while the database cannot be reached, writes nothing, and reconnects by itself', async () => {
    const a = await reviewer(anna, 'reviewer-a')
    const { id, name } = await recognisedCase(a)
    const before = await stored(id)
    const mark = a.events.length
    try {
      // The database goes away for this reviewer: no new connections, the open ones ended.
      await db.owner.query(`ALTER ROLE ${anna.name} NOLOGIN`)
      await terminate(await backends(anna.name, 'all'))

      const down = await until(async () => {
        const v = await a.service.getWorkspace()
        return v.state === 'reconnecting' ? v : null
      })
      expect(down).toMatchObject({ kind: 'team', live: false, message: expect.stringMatching(/\S/) })
      expect(down.retryInSeconds).toEqual(expect.any(Number))
      // The renderer was told, with the reason and the next retry.
      expect(views(a, mark).find((v) => v.state === 'reconnecting')).toMatchObject({
        message: expect.stringMatching(/\S/),
        retryInSeconds: expect.any(Number),
      })

      await expect(a.service.setFieldValue(id, 'name', 'TYPED WHILE DOWN', name)).rejects.toThrow(
        /^Not saved: the team workspace cannot be reached; Recto is reconnecting/,
      )
      expect(await stored(id)).toEqual(before)
    } finally {
      await db.owner.query(`ALTER ROLE ${anna.name} LOGIN`)
    }

    // Back by itself (the listener's backoff), live again, and the same edit goes through.
    const back = await until(async () => {
      const v = await a.service.getWorkspace()
      return v.state === 'connected' && v.live ? v : null
    })
    expect(back).toMatchObject({ message: null, retryInSeconds: null, login: anna.name })
    expect(views(a, mark).at(-1)).toMatchObject({ state: 'connected', live: true })
    const saved = await a.service.setFieldValue(id, 'name', 'TYPED WHILE DOWN', name)
    expect(saved.fields.find((f) => f.key === 'name')!.value).toBe('TYPED WHILE DOWN')
    expect(await stored(id)).toEqual({
      version: before.version + 1,
      name: 'TYPED WHILE DOWN',
      history: before.history + 1,
      fieldEdits: before.fieldEdits + 1,
      auditEdits: before.auditEdits + 1,
    })
  })

  it('keeps working and polling while only the listening connection is down, then listens again', async () => {
    const a = await reviewer(anna, 'reviewer-a')
    const b = await reviewer(ben, 'reviewer-b')
    const theirs = await recognisedCase(a)
    const mine = await recognisedCase(b)
    // B's pool holds a few connections; then no new one may open for B's login, which keeps B's listener from
    // coming back until the test has seen the polling (the limit counts every backend of the login).
    await Promise.all(Array.from({ length: 4 }, () => b.service.listCases()))
    const pool = await backends(ben.name, 'pool')
    expect(pool.length).toBeGreaterThanOrEqual(3)
    const listener = await backends(ben.name, 'listen')
    expect(listener).toHaveLength(1)
    const mark = b.events.length
    try {
      await db.owner.query(`ALTER ROLE ${ben.name} CONNECTION LIMIT ${pool.length}`)
      await terminate(listener)

      // Told at once that the list is polled; the first poll refreshes the list.
      await until(async () => views(b, mark).find((v) => !v.live))
      expect(views(b, mark).every((v) => v.state === 'connected')).toBe(true)
      await until(async () => b.events.slice(mark).some((e) => e.event === 'casesChanged'))

      // Writes work meanwhile; the poll sees B's own write.
      const polled = count(b, 'casesChanged')
      const written = await b.service.setFieldValue(mine.id, 'name', 'WRITTEN WHILE POLLING', mine.name)
      expect(written.fields.find((f) => f.key === 'name')!.value).toBe('WRITTEN WHILE POLLING')
      await until(async () => count(b, 'casesChanged') > polled)

      // A's change reaches B by polling, while B's listener is still down.
      const seen = count(b, 'casesChanged')
      await a.service.setFieldValue(theirs.id, 'name', 'SEEN BY POLLING', theirs.name)
      await until(async () => count(b, 'casesChanged') > seen)
      expect(await b.service.getWorkspace()).toMatchObject({ state: 'connected', live: false })
      expect((await b.service.getCase(theirs.id)).fields.find((f) => f.key === 'name')!.value).toBe(
        'SEEN BY POLLING',
      )
    } finally {
      await db.owner.query(`ALTER ROLE ${ben.name} CONNECTION LIMIT -1`)
    }
    await until(async () => (await b.service.getWorkspace()).live)
    expect(views(b, mark).at(-1)).toMatchObject({ state: 'connected', live: true })
    expect(await backends(ben.name, 'listen')).toHaveLength(1)
    // Live again: A's next change is notified (the poll has stopped).
    const live = b.events.length
    await a.service.setFieldValue(theirs.id, 'name', 'SEEN LIVE', 'SEEN BY POLLING')
    await until(async () =>
      b.events
        .slice(live)
        .some((e) => e.event === 'caseChanged' && (e.payload as { caseId: string }).caseId === theirs.id),
    )
  })

  it('leaves a case whole or untouched when the connection is killed mid-edit, never half-written', async () => {
    const a = await reviewer(anna, 'reviewer-a')
    const { id, name } = await recognisedCase(a)
    const before = await stored(id)

    // Hold the edit table so that the edit stops after its first statements (the case row is already updated in
    // its transaction), then kill the reviewer's pool connections while it waits.
    const blocker = await db.owner.connect()
    try {
      await blocker.query('BEGIN')
      await blocker.query('LOCK TABLE field_edits IN EXCLUSIVE MODE')
      const outcome = a.service.setFieldValue(id, 'name', 'HALF WRITTEN', name).then(
        () => 'saved',
        (e: Error) => e.message,
      )
      await until(async () => {
        const r = await db.owner.query(
          `SELECT pid FROM pg_stat_activity WHERE usename = $1 AND wait_event_type = 'Lock'
              AND query ILIKE 'INSERT INTO field_edits%'`,
          [anna.name],
        )
        return r.rows.length === 1
      })
      await terminate(await backends(anna.name, 'pool'))
      expect(await outcome).toMatch(/connection to the team database was lost/)
    } finally {
      await blocker.query('ROLLBACK')
      blocker.release()
    }
    expect(await stored(id)).toEqual(before)
    const after = await a.service.getCase(id)
    expect(after.fields.find((f) => f.key === 'name')!.value).toBe(name)
    expect(after.history).toHaveLength(before.history)
    // The listener was not touched: the workspace is still connected, and the edit made again is saved whole.
    expect(await a.service.getWorkspace()).toMatchObject({ state: 'connected', live: true })
    await a.service.setFieldValue(id, 'name', 'WHOLE', name)
    expect(await stored(id)).toEqual({
      version: before.version + 1,
      name: 'WHOLE',
      history: before.history + 1,
      fieldEdits: before.fieldEdits + 1,
      auditEdits: before.auditEdits + 1,
    })

    // Killed at whatever point the edit has reached: all of it or none of it is there.
    const whole = await stored(id)
    const raced = a.service.setFieldValue(id, 'name', 'RACED', 'WHOLE').then(
      () => 'saved',
      (e: Error) => e.message,
    )
    await terminate(await backends(anna.name, 'pool'))
    const result = await raced
    const now = await stored(id)
    const changed = now.name === 'RACED'
    const step = changed ? 1 : 0
    expect(now).toEqual({
      version: whole.version + step,
      name: changed ? 'RACED' : 'WHOLE',
      history: whole.history + step,
      fieldEdits: whole.fieldEdits + step,
      auditEdits: whole.auditEdits + step,
    })
    // Reported saved only when it was.
    if (result === 'saved') expect(changed).toBe(true)
  })

  it('refuses a database a newer Recto migrated, with the reason, and stays on this computer', async () => {
    const newer = LATEST_VERSION + 1
    const h = await harness('reviewer-a')
    await db.owner.query(`INSERT INTO recto_schema (version, name) VALUES ($1, 'from a newer Recto')`, [
      newer,
    ])
    try {
      const refused = await h.service
        .connectWorkspace({ kind: 'team', connection: url(anna), password: anna.password })
        .then(
          () => null,
          (e: Error) => e.message,
        )
      expect(refused).toBe(newerSchemaMessage(newer, LATEST_VERSION))
    } finally {
      await db.owner.query('DELETE FROM recto_schema WHERE version = $1', [newer])
    }
    expect(await h.service.getWorkspace()).toMatchObject({ kind: 'local', state: 'local', login: null })
    expect(await h.service.listCases()).toEqual([])
  })

  describe('a saved team workspace that cannot be reached at start', () => {
    const servers: Server[] = []
    /** Connections a test server took (ended at the end of each test, or closing the server would wait for them). */
    const held: Socket[] = []
    afterEach(async () => {
      for (const s of held.splice(0)) s.destroy()
      for (const s of servers.splice(0)) await new Promise((r) => s.close(r))
    })

    /** A user-data folder with one case on this computer and a saved team workspace at `port`. */
    async function savedProfile(port: number): Promise<{ userDataDir: string; localId: string }> {
      const first = await harness('reviewer-a')
      const localId = (await first.service.importScans([await first.file('d02-ita-id-front.jpg')])).case!.id
      await first.service.dispose()
      new FileSettingsStore(join(first.userDataDir, 'settings.json')).write({
        workspace: {
          kind: 'team',
          connection: url(anna, port),
          encryptedPassword: fakeSealed(anna.password).toString('base64'),
        },
      })
      return { userDataDir: first.userDataDir, localId }
    }

    async function listening(onSocket: (s: Socket) => void): Promise<Server> {
      const server = createServer(onSocket)
      servers.push(server)
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      return server
    }

    it('refused: starts on this computer, failed with a message saying so, and quits at once', async () => {
      // A port nothing listens on.
      const closed = await listening(() => undefined)
      const port = (closed.address() as { port: number }).port
      await new Promise((r) => closed.close(r))
      const { userDataDir, localId } = await savedProfile(port)

      const again = await harness('reviewer-a', userDataDir)
      const failed = await until(async () => {
        const v = await again.service.getWorkspace()
        return v.state === 'failed' ? v : null
      })
      expect(failed).toMatchObject({ kind: 'team', login: null, live: false, hasPassword: true })
      expect(failed.message).toMatch(/refused the connection.*Showing the cases on this computer/)
      expect(views(again).at(-1)).toEqual(failed)
      expect((await again.service.listCases()).map((s) => s.id)).toEqual([localId])
      await again.service.dispose()
    })

    it('not answering: the cases on this computer are there meanwhile, and quitting does not wait', async () => {
      // A server that takes the connection and never answers: the connection would time out after 10 s.
      const silent = await listening((s) => {
        held.push(s)
        s.on('error', () => undefined)
      })
      const { userDataDir, localId } = await savedProfile((silent.address() as { port: number }).port)

      const again = await harness('reviewer-a', userDataDir)
      await until(async () => held.length > 0)
      expect(await again.service.getWorkspace()).toMatchObject({ state: 'connecting' })
      expect((await again.service.listCases()).map((s) => s.id)).toEqual([localId])
      const started = Date.now()
      await again.service.dispose()
      expect(Date.now() - started).toBeLessThan(3_000)
    })
  })
})
