// The note beside a control the admin policy pins ("Set by your organisation's policy", with a lock), shared by
// the Settings and Export dialogs so both say it the same way. Renders nothing when the setting is not pinned.
import {
  POLICY_BROKEN_LOCK_NOTE,
  POLICY_LOCK_NOTE,
  type PinnedSetting,
  type PolicyView,
} from '../../../shared/policy'
import { lockNote } from './policyNotes'
import './settings.css'

export function PolicyLock({
  id,
  policy,
  setting,
  pinned,
}: {
  id?: string
  policy: PolicyView | null | undefined
  /** The setting as the policy lists it; or `pinned`, where the main process says so itself (the engine). */
  setting?: PinnedSetting
  pinned?: boolean
}) {
  const note =
    pinned !== undefined
      ? pinned
        ? policy?.problem
          ? POLICY_BROKEN_LOCK_NOTE
          : POLICY_LOCK_NOTE
        : null
      : setting
        ? lockNote(policy, setting)
        : null
  if (!note) return null
  return (
    <p className="form-note policy-lock" id={id}>
      <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true">
        <path
          fill="currentColor"
          d="M5 7V5a3 3 0 0 1 6 0v2h1a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1zm1.5 0h3V5a1.5 1.5 0 0 0-3 0z"
        />
      </svg>
      {note}
    </p>
  )
}
