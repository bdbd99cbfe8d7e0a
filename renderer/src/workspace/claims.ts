// Claims on the open case in a team workspace (issue 16, point 4): opening a case claims it; someone else's claim
// makes it read-only here (the note above the fields says whose); the lease is renewed while the reviewer works on
// a case they hold (a key or a click, at most once per TOUCH_EVERY_MS); a change to the open case reads its claim
// again, so a case released by its holder becomes editable without reopening it. Locally nothing is claimed.
import type { ClaimView } from '../../../shared/workspace'
import { api, errorText } from '../api'
import { showError, showNotice, store } from '../state/appState'
import { setClaim, workspaceStore } from './workspaceStore'
import { claimNoteText, isTeamConnected } from './workspaceText'

/** The lease is renewed at most this often while the reviewer works (keys, clicks). */
export const TOUCH_EVERY_MS = 30_000
/** A change event on the open case reads a claim believed ours again at most this often (our own edits fire it). */
const RECHECK_MINE_MS = 5_000

/** Whether a renewal is due: never renewed yet, or the last one at least TOUCH_EVERY_MS ago. */
export function touchDue(lastAt: number | null, now: number): boolean {
  return lastAt === null || now - lastAt >= TOUCH_EVERY_MS
}

let lastTouch: { caseId: string; at: number } | null = null
/** Cases whose claim the reviewer released themselves: not claimed again until reopened. */
const released = new Set<string>()

const teamOpen = (): boolean => isTeamConnected(workspaceStore.get().view)

/** Keeps an answer only while it is about the case still open. */
function applyClaim(claim: ClaimView): void {
  if (store.get().selectedCaseId === claim.caseId) setClaim(claim)
}

/** Claims the open case (opening it, or after a change to it). Errors are shown; nothing else changes. */
export async function claimOpenCase(caseId: string): Promise<void> {
  if (!teamOpen()) return
  try {
    const claim = await api().claimCase(caseId)
    if (claim.mine) lastTouch = { caseId, at: Date.now() }
    applyClaim(claim)
  } catch (err) {
    if (store.get().selectedCaseId === caseId) showError(`Could not claim the case: ${errorText(err)}`)
  }
}

/** The reviewer is working: renews the lease on a case they hold, at most once per TOUCH_EVERY_MS. */
export async function touchOpenClaim(now = Date.now(), force = false): Promise<void> {
  const claim = workspaceStore.get().claim
  if (!teamOpen() || !claim?.mine || claim.caseId !== store.get().selectedCaseId) return
  if (!force && lastTouch?.caseId === claim.caseId && !touchDue(lastTouch.at, now)) return
  lastTouch = { caseId: claim.caseId, at: now }
  try {
    applyClaim(await api().touchClaim(claim.caseId))
  } catch {
    // Not worth a message: an expired lease shows as a refused edit (with its reason), and the next touch retries.
    lastTouch = null
  }
}

/** Release claim (anyone false) or, for a senior, Release <login>'s claim (anyone true). */
export async function releaseOpenClaim(anyone: boolean): Promise<void> {
  const claim = workspaceStore.get().claim
  if (!claim) return
  try {
    const after = await api().releaseClaim(claim.caseId, anyone)
    if (!anyone) released.add(claim.caseId)
    applyClaim(after)
    showNotice(
      anyone
        ? `Released the claim of ${claim.claimedBy ?? 'its holder'}`
        : 'Claim released: others can take the case',
    )
  } catch (err) {
    showError(`Could not release the claim: ${errorText(err)}`)
  }
}

/** Claim case (the note's button, on a case nobody holds): takes it even after the reviewer released it. */
export function claimAgain(caseId: string): Promise<void> {
  released.delete(caseId)
  return claimOpenCase(caseId)
}

/** Why the case cannot be changed here (someone else holds it), or null. The editing controls check this first. */
export function readOnlyMessage(caseId: string): string | null {
  const claim = workspaceStore.get().claim
  if (!teamOpen() || !claim || claim.caseId !== caseId) return null
  return claimNoteText(claim)
}

/** A change to the open case (another reviewer took or released it, a senior released ours): read its claim. */
function onCaseChanged(caseId: string): void {
  if (!teamOpen() || store.get().selectedCaseId !== caseId || released.has(caseId)) return
  const claim = workspaceStore.get().claim
  if (claim?.caseId === caseId && claim.mine) {
    // Ours: our own edits fire this too; a touch (it answers with the claim as it stands) now and then is enough.
    if (lastTouch?.caseId === caseId && Date.now() - lastTouch.at < RECHECK_MINE_MS) return
    void touchOpenClaim(Date.now(), true)
    return
  }
  void claimOpenCase(caseId)
}

/**
 * Claims each case as it opens, and again when the team workspace comes back (a reconnect); renews on activity;
 * follows change events. Returns the unsubscribe.
 */
export function followClaims(): () => void {
  let open = store.get().selectedCaseId
  let connected = teamOpen()
  const onSelection = (): void => {
    const id = store.get().selectedCaseId
    if (id === open) return
    open = id
    setClaim(null)
    if (id !== null) {
      released.delete(id)
      void claimOpenCase(id)
    }
  }
  const onWorkspace = (): void => {
    const now = teamOpen()
    if (now === connected) return
    connected = now
    if (now && open !== null) void claimOpenCase(open)
  }
  const activity = (): void => void touchOpenClaim()
  const offs = [store.subscribe(onSelection), workspaceStore.subscribe(onWorkspace)]
  try {
    offs.push(api().on('caseChanged', ({ caseId }) => onCaseChanged(caseId)))
  } catch {
    // No events in this host: claims are read when a case opens only.
  }
  window.addEventListener('keydown', activity, true)
  window.addEventListener('pointerdown', activity, true)
  if (open !== null) void claimOpenCase(open)
  return () => {
    offs.forEach((off) => off())
    window.removeEventListener('keydown', activity, true)
    window.removeEventListener('pointerdown', activity, true)
  }
}
