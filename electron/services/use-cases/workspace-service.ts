// The workspace behind ReviewService (issue 16): on this computer (the default), or a team's on PostgreSQL. It
// connects (the URL without password, the password sealed by the OS keystore), migrates, switches the store and the
// audit trail the other use-case services work on, keeps the list live (LISTEN/NOTIFY, polling while the listening
// connection is down), and runs the claims: "Next case", claiming a case as it is opened, renewing the lease while
// the reviewer works, releasing it. While the database cannot be reached, every write is refused with a message (the
// renderer keeps what was typed) and the state says so, with the next retry.
import type { CaseSummary } from '../../../shared/model'
import type {
  ClaimView,
  ConnectWorkspace,
  CopyToTeamReport,
  TeamRole,
  WorkspaceView,
} from '../../../shared/workspace'
import { TeamAudits } from '../cases/team-audit'
import { claimCase, claimNext, releaseClaim, renewClaim, type Claim } from '../store/pg/claims'
import {
  connectClient,
  createPool,
  describePgError,
  parseConnectionUrl,
  TeamConnectionError,
  type TeamConnection,
} from '../store/pg/connection'
import { listen, type Listener } from '../store/pg/listen'
import { migrate, SchemaError } from '../store/pg/migrate'
import { TeamCaseStore } from '../store/pg/team-store'
import type pg from 'pg'
import type { ApiPart, ServiceContext } from './context'

export type WorkspaceApi = ApiPart<
  | 'getWorkspace'
  | 'connectWorkspace'
  | 'nextCase'
  | 'claimCase'
  | 'touchClaim'
  | 'releaseClaim'
  | 'copyLocalToTeam'
  | 'getSummaries'
>

/**
 * The live list's timings, read when a team workspace opens: how often the list is checked for changes while the
 * live connection is down, and the listener's reconnection delays (doubled from the first up to the last). The fault
 * tests shorten them so that a reconnection takes a fraction of a second.
 */
export const teamTimings = { pollMs: 3_000, retryMinMs: 500, retryMaxMs: 30_000 }
const DEFAULT_LEASE_SECONDS = 900
const ROLES: TeamRole[] = ['recto_reviewer', 'recto_senior', 'recto_admin']

type Team = {
  conn: TeamConnection
  connection: string
  password: string
  pool: pg.Pool
  store: TeamCaseStore
  login: string
  roles: TeamRole[]
  lease: number
  listener: Listener | null
  poll: NodeJS.Timeout | null
  /** What the last poll saw, to tell the list only when something changed. */
  fingerprint: string | null
}

export interface WorkspaceService {
  api: WorkspaceApi
  /**
   * Starts opening the saved workspace (a team's, when one was saved): at start, once the store is ready. Resolves
   * once it is under way; the state (workspaceChanged) tells how it ends.
   */
  openSaved(): Promise<void>
  stop(): Promise<void>
}

export function createWorkspaceService(
  ctx: ServiceContext,
  copy: (team: TeamCaseStore, onProgress: (done: number, total: number) => void) => Promise<CopyToTeamReport>,
): WorkspaceService {
  const { deps, ready } = ctx
  let team: Team | null = null
  let state: WorkspaceView['state'] = 'local'
  let message: string | null = null
  let live = false
  let online = true
  let retryAt: number | null = null
  /**
   * Counts the reviewer's connects and the stop: a saved workspace that opens (openSaved) after either is closed
   * unused, since the reviewer chose another meanwhile or Recto is quitting.
   */
  let generation = 0

  function view(): WorkspaceView {
    const saved = deps.settings.read().workspace
    return {
      kind: team ? 'team' : saved.kind === 'team' && state === 'failed' ? 'team' : 'local',
      state,
      connection: team?.connection ?? saved.connection,
      hasPassword: saved.encryptedPassword !== null,
      login: team?.login ?? null,
      roles: team?.roles ?? [],
      live: team !== null && live,
      message,
      retryInSeconds: retryAt === null ? null : Math.max(0, Math.ceil((retryAt - Date.now()) / 1000)),
      leaseSeconds: team?.lease ?? DEFAULT_LEASE_SECONDS,
    }
  }

  const announce = (): void => deps.emit('workspaceChanged', view())

  function setState(next: WorkspaceView['state'], why: string | null = null): void {
    state = next
    message = why
    if (next !== 'reconnecting') retryAt = null
    announce()
  }

  /** Every write checks this first: while the team database is unreachable, nothing is sent half-way. */
  function assertOnline(): void {
    if (!online)
      throw new TeamConnectionError(
        'Not saved: the team workspace cannot be reached; Recto is reconnecting (see the banner). Make the change again once it is back.',
        'lost',
      )
  }

  async function sealPassword(password: string): Promise<string | null> {
    if (!password) return null
    if (!(await deps.secrets.isEncryptionAvailable())) return null
    return (await deps.secrets.encrypt(password)).toString('base64')
  }

  async function savedPassword(): Promise<string> {
    const sealed = deps.settings.read().workspace.encryptedPassword
    if (!sealed) return ''
    try {
      return await deps.secrets.decrypt(Buffer.from(sealed, 'base64'))
    } catch {
      throw new TeamConnectionError(
        'The saved password for the team workspace cannot be opened on this computer: enter it again.',
        'auth',
      )
    }
  }

  async function poll(t: Team): Promise<void> {
    try {
      const r = await t.pool.query<{ f: string }>(
        `SELECT concat_ws('/', count(*), max(updated_at), sum(version),
                count(*) FILTER (WHERE claim_expires_at > now()), max(decided_at)) AS f FROM cases`,
      )
      // A poll that answers after the workspace was closed or switched says nothing about the one in use.
      if (team !== t) return
      const f = r.rows[0]?.f ?? ''
      if (!online) {
        online = true
        setState('connected')
      }
      // The first poll after the live connection dropped refreshes the list too: a change made between the drop and
      // this poll was not notified, and this first fingerprint already includes it.
      if (f !== t.fingerprint) deps.emit('casesChanged', {})
      t.fingerprint = f
    } catch (e) {
      if (team !== t) return
      online = false
      setState('reconnecting', describePgError(e, t.conn, t.password).message)
    }
  }

  function startListening(t: Team): void {
    t.listener = listen({
      connect: () => connectClient(t.conn, t.password),
      onChange: (change) => {
        if (team !== t) return
        if (change.op === 'insert') deps.emit('casesChanged', {})
        else deps.emit('caseChanged', { caseId: change.id })
      },
      onState: (s) => {
        if (team !== t) return
        if (s.listening) {
          live = true
          online = true
          if (t.poll) clearInterval(t.poll)
          t.poll = null
          t.fingerprint = null
          setState('connected')
          // What changed while nobody listened.
          deps.emit('casesChanged', {})
        } else {
          live = false
          // The renderer shows that the list is polled (live false) even while the database itself answers.
          announce()
          // Poll meanwhile: the list stays current while only the listening connection is down, and the state
          // says whether the database itself can be reached.
          if (!t.poll) {
            t.poll = setInterval(() => void poll(t), teamTimings.pollMs)
            t.poll.unref?.()
          }
          void poll(t)
        }
      },
      onRetry: (ms) => {
        if (team !== t) return
        retryAt = Date.now() + ms
        if (state === 'reconnecting') announce()
      },
      minDelayMs: teamTimings.retryMinMs,
      maxDelayMs: teamTimings.retryMaxMs,
    })
  }

  async function closeTeam(t: Team): Promise<void> {
    if (t.poll) clearInterval(t.poll)
    t.poll = null
    await t.listener?.close()
    await t.store.close()
    await t.pool.end().catch(() => undefined)
  }

  /** Opens a team workspace; the previous one stays in use until this one is open. */
  async function openTeam(connection: string, password: string): Promise<Team> {
    const conn = parseConnectionUrl(connection)
    const pool = createPool(conn, password, { max: 6 })
    // An idle pooled connection that dies emits 'error' on the pool: the next query reports it.
    pool.on('error', () => undefined)
    try {
      await migrate(pool)
      const who = await pool.query<{ login: string; lease: number } & Record<TeamRole, boolean>>(
        `SELECT session_user AS login, (SELECT claim_lease_seconds FROM team_settings) AS lease,
                ${ROLES.map((r) => `pg_has_role(session_user, '${r}', 'MEMBER') AS ${r}`).join(', ')}`,
      )
      const row = who.rows[0]!
      const roles = ROLES.filter((r) => row[r])
      if (!roles.length)
        throw new TeamConnectionError(
          `The login "${row.login}" is not a Recto reviewer in this database: ask the administrator to grant it recto_reviewer (docs/TEAM.md).`,
          'permission',
        )
      const t: Team = {
        conn,
        connection,
        password,
        pool,
        login: row.login,
        roles,
        lease: row.lease ?? DEFAULT_LEASE_SECONDS,
        listener: null,
        poll: null,
        fingerprint: null,
        store: new TeamCaseStore(pool, {
          leaseSeconds: row.lease ?? DEFAULT_LEASE_SECONDS,
          describe: (e) => describePgError(e, conn, password),
          assertOnline,
          // A write that found the server gone: check now, so the banner does not wait for the listener to notice.
          onConnectionTrouble: () => {
            if (team === t) void poll(t)
          },
        }),
      }
      return t
    } catch (e) {
      await pool.end().catch(() => undefined)
      // A schema refusal (a newer Recto's database, one only the owner can migrate) is already in the reviewer's
      // words; anything else is described (and the password kept out of it).
      throw e instanceof SchemaError ? e : describePgError(e, conn, password)
    }
  }

  function use(t: Team): void {
    team = t
    online = true
    live = false
    ctx.workspace.use(t.store, new TeamAudits(t.store, deps.account), t.login)
    ctx.workspace.password = t.password || null
    startListening(t)
    deps.logger.info('workspace: team workspace open')
  }

  async function connect(request: ConnectWorkspace): Promise<WorkspaceView> {
    await ready
    // A saved workspace still opening from the start is not wanted any more.
    generation++
    if (request.kind === 'local') {
      const previous = team
      team = null
      ctx.workspace.useLocal()
      ctx.workspace.password = null
      if (previous) await closeTeam(previous)
      deps.settings.write({ workspace: { ...deps.settings.read().workspace, kind: 'local' } })
      online = true
      setState('local')
      deps.emit('casesChanged', {})
      return view()
    }
    const saved = deps.settings.read().workspace
    // The password typed now, else the saved one when the connection is the one it was saved for.
    const password =
      request.password ?? (saved.connection === request.connection ? await savedPassword() : '')
    const previousState = state
    setState('connecting')
    let t: Team
    try {
      t = await openTeam(request.connection, password)
    } catch (e) {
      setState(previousState === 'connecting' ? 'local' : previousState, null)
      throw e
    }
    const previous = team
    use(t)
    if (previous) await closeTeam(previous)
    const sealed =
      request.password !== null
        ? await sealPassword(request.password)
        : saved.connection === request.connection
          ? saved.encryptedPassword
          : null
    deps.settings.write({
      workspace: { kind: 'team', connection: request.connection, encryptedPassword: sealed },
    })
    setState('connected')
    deps.emit('casesChanged', {})
    return view()
  }

  /** openSaved's work, in the background: the saved team workspace, unless another was chosen meanwhile. */
  async function openSavedTeam(connection: string, opened: number): Promise<void> {
    let t: Team
    try {
      t = await openTeam(connection, await savedPassword())
    } catch (e) {
      if (opened === generation)
        setState(
          'failed',
          `${e instanceof Error ? e.message : 'The team workspace could not be opened.'} Showing the cases on this computer; connect again in Settings → Workspace.`,
        )
      return
    }
    if (opened !== generation) {
      await closeTeam(t)
      return
    }
    use(t)
    setState('connected')
    deps.emit('casesChanged', {})
  }

  function requireTeam(): Team {
    if (!team) throw new Error('This needs a team workspace: connect to one in Settings → Workspace.')
    assertOnline()
    return team
  }

  async function claimView(t: Team, id: string, claim: Claim | null): Promise<ClaimView> {
    if (claim)
      return {
        caseId: id,
        claimedBy: claim.claimedBy,
        mine: claim.claimedBy === t.login,
        expiresAt: claim.expiresAt.toISOString(),
      }
    const now = await t.store.claimOf(id)
    return { caseId: id, claimedBy: now.claimedBy, mine: now.claimedBy === t.login, expiresAt: now.expiresAt }
  }

  const local = (caseId: string): ClaimView => ({ caseId, claimedBy: null, mine: true, expiresAt: null })

  return {
    async openSaved() {
      await ready
      const saved = deps.settings.read().workspace
      if (saved.kind !== 'team' || !saved.connection) return
      setState('connecting')
      // Not awaited: quitting (dispose waits for this) must not wait for a server that does not answer, up to the
      // connection timeout. The state tells how the opening ends.
      void openSavedTeam(saved.connection, generation).catch(() =>
        deps.logger.warn('workspace: opening the saved team workspace ended in an error'),
      )
    },

    async stop() {
      generation++
      const t = team
      team = null
      if (t) await closeTeam(t)
    },

    api: {
      async getWorkspace() {
        return view()
      },

      connectWorkspace: connect,

      async nextCase(): Promise<CaseSummary | null> {
        await ready
        if (!team) {
          // On this computer there are no claims: the oldest case waiting for a review.
          const { summaries } = await ctx.store.listSummaries()
          return (
            summaries.find((s) => ['recognised', 'in_review', 'second_review'].includes(s.queueStatus)) ??
            null
          )
        }
        const t = requireTeam()
        const claim = await t.store.run(() => claimNext(t.pool, t.lease))
        return claim ? t.store.summaryOf(claim.id) : null
      },

      async claimCase(caseId: string) {
        await ready
        if (!team) return local(caseId)
        const t = requireTeam()
        // A decided case is looked at, not worked on: no claim (a second review is worked on).
        const c = await t.store.load(caseId)
        if (c.decision && c.decision.kind !== 'second_review') return claimView(t, caseId, null)
        return claimView(t, caseId, await t.store.run(() => claimCase(t.pool, caseId, t.lease)))
      },

      async touchClaim(caseId: string) {
        await ready
        if (!team) return local(caseId)
        const t = requireTeam()
        return claimView(t, caseId, await t.store.run(() => renewClaim(t.pool, caseId, t.lease)))
      },

      async releaseClaim(caseId: string, anyone: boolean) {
        await ready
        if (!team) return local(caseId)
        const t = requireTeam()
        await t.store.run(() => releaseClaim(t.pool, caseId, { anyone }))
        return claimView(t, caseId, null)
      },

      async getSummaries(caseIds: string[]) {
        await ready
        if (team) return team.store.summariesFor(caseIds)
        const wanted = new Set(caseIds)
        return (await ctx.store.listSummaries()).summaries.filter((s) => wanted.has(s.id))
      },

      async copyLocalToTeam() {
        await ready
        const t = requireTeam()
        return copy(t.store, (done, total) => deps.emit('copyProgress', { done, total }))
      },
    },
  }
}
