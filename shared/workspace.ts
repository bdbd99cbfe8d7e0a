// The workspace: where the cases live. "On this computer" (the local, encrypted file store, the default) or a team
// workspace on PostgreSQL (issue 16): one queue shared by the team, claims, live updates, and the review rules the
// database enforces. The renderer sees this view and asks to connect; the password never comes back.
import { z } from 'zod'

export const WorkspaceKindSchema = z.enum(['local', 'team'])
export type WorkspaceKind = z.infer<typeof WorkspaceKindSchema>

/** The team roles the migrations create; a login has one or more through group membership. */
export type TeamRole = 'recto_reviewer' | 'recto_senior' | 'recto_admin'

/**
 * Where the workspace stands:
 * - local: the store on this computer;
 * - connecting: a team workspace is being opened (connect, migrations);
 * - connected: open, live updates flowing (or polled, see `live`);
 * - reconnecting: the connection was lost; edits are refused until it is back, retried with backoff;
 * - failed: could not open (the message says why); the local store is not opened in its place.
 */
export type WorkspaceState = 'local' | 'connecting' | 'connected' | 'reconnecting' | 'failed'

export type WorkspaceView = {
  kind: WorkspaceKind
  state: WorkspaceState
  /** Team: the connection URL as saved (postgres://user@host:port/db?…), never with a password; null for local. */
  connection: string | null
  /** Team: whether a password is saved (kept with the OS keystore). */
  hasPassword: boolean
  /** Team, connected: the login the server knows this reviewer by (session_user); null otherwise. */
  login: string | null
  roles: TeamRole[]
  /** Team: true while LISTEN/NOTIFY delivers changes, false while the list is polled instead. */
  live: boolean
  /** Reviewer-facing: why connecting failed or the connection was lost; null when all is well. */
  message: string | null
  /** Reconnecting: seconds until the next attempt. */
  retryInSeconds: number | null
  /** How long a claim lasts without activity (seconds). */
  leaseSeconds: number
}

/** Largest connection URL accepted (the main process parses and checks it: postgres://, no password in it). */
export const MAX_CONNECTION_CHARS = 2000

export const ConnectWorkspaceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('local') }),
  z.strictObject({
    kind: z.literal('team'),
    connection: z.string().trim().min(1).max(MAX_CONNECTION_CHARS),
    /** A new password to save; null keeps the saved one (or none, for logins the server trusts otherwise). */
    password: z.string().max(1000).nullable(),
  }),
])
export type ConnectWorkspace = z.infer<typeof ConnectWorkspaceSchema>

/** A reviewer's claim on a case as the renderer sees it. */
export type ClaimView = {
  caseId: string
  /** The login holding it; null when nobody does. */
  claimedBy: string | null
  /** True when this reviewer holds it (may edit it). */
  mine: boolean
  expiresAt: string | null
}

/** "Copy local cases to the team workspace…": progress and outcome. */
export type CopyToTeamReport = {
  /** Cases copied this run, and ones found already copied by an earlier (interrupted) run. */
  copied: number
  alreadyThere: number
  /** Cases not copied, each with the reason (a broken audit chain, unreadable, refused by the server). */
  failed: { caseId: string; message: string }[]
  /** The local copies removed after the reviewer confirmed (0 when they chose to keep them). */
  removedLocally: number
}
