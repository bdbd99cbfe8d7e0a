// At the top of the field panel in a team workspace (issue 16, point 4): whose claim the open case is under when it
// is not the reviewer's ("In review by bob: you can look at it, not change it."), and the release buttons: the
// holder's own, or a senior's for someone else's claim (audited by the database).
import type { ClaimView, TeamRole } from '../../../shared/workspace'
import { claimAgain, releaseOpenClaim } from './claims'
import { useWorkspace } from './workspaceStore'
import { claimNoteText, isTeamConnected, releaseAction } from './workspaceText'
import './workspace.css'

const NO_ROLES: readonly TeamRole[] = []

export function ClaimNoteView({
  claim,
  roles,
  onRelease,
  onClaim,
}: {
  claim: ClaimView
  roles: readonly string[]
  onRelease(anyone: boolean): void
  onClaim(): void
}) {
  const note = claimNoteText(claim)
  const release = releaseAction(claim, roles)
  if (!note && !release) return null
  return (
    <div
      className={note ? 'claim-note read-only' : 'claim-note'}
      data-claimed-by={claim.claimedBy ?? undefined}
    >
      {note && <p className="claim-note-text">{note}</p>}
      {!claim.mine && !claim.claimedBy && (
        <button type="button" className="btn small" onClick={onClaim}>
          Claim case
        </button>
      )}
      {release && (
        <button type="button" className="btn small" onClick={() => onRelease(release.anyone)}>
          {release.label}
        </button>
      )}
    </div>
  )
}

/** The claim of the case shown, when a team workspace is connected; nothing otherwise. */
export function ClaimNote({ caseId }: { caseId: string }) {
  const claim = useWorkspace((s) => s.claim)
  const team = useWorkspace((s) => isTeamConnected(s.view))
  const roles = useWorkspace((s) => s.view?.roles ?? NO_ROLES)
  if (!team || !claim || claim.caseId !== caseId) return null
  return (
    <ClaimNoteView
      claim={claim}
      roles={roles}
      onRelease={(anyone) => void releaseOpenClaim(anyone)}
      onClaim={() => void claimAgain(caseId)}
    />
  )
}

/** Whether the case shown is read-only here (someone else's, or nobody's after a release). */
export function useReadOnly(caseId: string): boolean {
  return useWorkspace(
    (s) => isTeamConnected(s.view) && s.claim !== null && s.claim.caseId === caseId && !s.claim.mine,
  )
}
