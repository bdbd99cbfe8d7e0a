// What the workspace parts of the screen say (issue 16), as plain functions of the view: the toolbar status, the
// banner while the team database is unreachable, a claimed case's chip and the open case's claim note. Kept apart
// from the components so the wording is tested without rendering.
import type { ClaimView, CopyToTeamReport, WorkspaceView } from '../../../shared/workspace'

/** The view used while none could be read (an older main process without getWorkspace): this computer's store. */
export const LOCAL_VIEW: WorkspaceView = {
  kind: 'local',
  state: 'local',
  connection: null,
  hasPassword: false,
  login: null,
  roles: [],
  live: false,
  message: null,
  retryInSeconds: null,
  leaseSeconds: 0,
}

/** A team workspace is open and takes edits. */
export function isTeamConnected(view: WorkspaceView | null): boolean {
  return view?.kind === 'team' && view.state === 'connected'
}

/** The login a connected team workspace knows this reviewer by; null on this computer (or not connected). */
export function teamLoginOf(view: WorkspaceView | null): string | null {
  return view && isTeamConnected(view) ? view.login : null
}

/** The toolbar's status: which workspace is in use and, for a team, who and how changes arrive (or why not). */
export function workspaceStatusText(view: WorkspaceView): string {
  if (view.kind === 'local') return 'Workspace: On this computer'
  switch (view.state) {
    case 'connected':
      return `Workspace: Team · ${view.login ?? 'unknown login'} · ${view.live ? 'live' : 'polling'}`
    case 'connecting':
      return 'Workspace: Team · connecting…'
    case 'reconnecting':
      return `Workspace: Team${view.login ? ` · ${view.login}` : ''} · reconnecting`
    default:
      return 'Workspace: Team · not connected'
  }
}

/** The toolbar status's tooltip: the connection (never a password: the view carries none) and the reason if any. */
export function workspaceStatusTitle(view: WorkspaceView): string {
  if (view.kind === 'local') return 'Cases are kept encrypted on this computer (Settings → Workspace)'
  const where = view.connection ? `Team workspace at ${view.connection}` : 'Team workspace'
  return view.message ? `${where}: ${view.message}` : where
}

/** The banner below the toolbar: shown while a team workspace is unreachable, null otherwise. */
export function bannerShown(view: WorkspaceView | null): boolean {
  return view?.kind === 'team' && (view.state === 'reconnecting' || view.state === 'failed')
}

/**
 * Seconds left before the next attempt, counted down from the view's retryInSeconds since it arrived (`at`, ms);
 * null when the main process gave none.
 */
export function retryLeft(view: WorkspaceView, at: number, now: number): number | null {
  if (view.retryInSeconds === null) return null
  return Math.max(0, view.retryInSeconds - Math.floor(Math.max(0, now - at) / 1000))
}

export function retryText(left: number | null): string {
  if (left === null) return 'Not retrying: check the connection in Settings → Workspace.'
  return left > 0 ? `Retrying in ${left} s` : 'Retrying now…'
}

/** The chip of a claimed case in the list, or null when nobody holds it. */
export function claimChipText(claimedBy: string | null | undefined, myLogin: string | null): string | null {
  if (!claimedBy) return null
  return myLogin !== null && claimedBy === myLogin ? 'Claimed by you' : `In review by ${claimedBy}`
}

/** The note at the top of the field panel when the open case cannot be changed here, or null. */
export function claimNoteText(claim: ClaimView | null): string | null {
  if (!claim || claim.mine) return null
  return claim.claimedBy
    ? `In review by ${claim.claimedBy}: you can look at it, not change it.`
    : 'Nobody holds this case: claim it to change it.'
}

/** Who may release the open case's claim here: its holder, or a senior for someone else's. */
export function releaseAction(
  claim: ClaimView | null,
  roles: readonly string[],
): { label: string; anyone: boolean } | null {
  if (!claim || !claim.claimedBy) return null
  if (claim.mine) return { label: 'Release claim', anyone: false }
  if (roles.includes('recto_senior')) return { label: `Release ${claim.claimedBy}'s claim`, anyone: true }
  return null
}

/** The roles as the reviewer reads them ("reviewer, senior"). */
export function rolesText(roles: readonly string[]): string {
  return roles.length ? roles.map((r) => r.replace(/^recto_/, '')).join(', ') : 'no Recto role'
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** The outcome of "Copy local cases to the team workspace…", one line per part. */
export function copyReportLines(r: CopyToTeamReport): string[] {
  const lines = [
    `${count(r.copied, 'case', 'cases')} copied`,
    `${count(r.alreadyThere, 'case was', 'cases were')} already there`,
  ]
  if (r.failed.length) {
    lines.push(
      `${count(r.failed.length, 'case', 'cases')} not copied: ${r.failed
        .map((f) => `${f.caseId} (${f.message})`)
        .join('; ')}`,
    )
  }
  lines.push(
    r.removedLocally
      ? `${count(r.removedLocally, 'local copy', 'local copies')} removed from this computer`
      : 'The local copies were kept',
  )
  return lines
}
