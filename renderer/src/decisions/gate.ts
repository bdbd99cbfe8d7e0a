// Whether a case can take a decision at all: only a recognised case has anything to decide on. The decision
// buttons are disabled with this reason as their tooltip, and A / R / S / Ctrl+Enter say it instead of acting. Pure.
import type { CaseStatus } from '../../../shared/model'

const WHY_NOT: Record<Exclude<CaseStatus, 'recognised'>, string> = {
  new: 'Not recognized yet: recognize this case before deciding on it',
  queued: 'Queued for recognition: decide once it is recognized',
  sending: 'Being recognized: decide once the result is in',
  failed: 'Recognition failed: retry it (or recognize it as another country or type) before deciding',
  interrupted: 'Recognition was interrupted after the request was sent: recognize it again before deciding',
}

/** Why no decision can be taken on a case in this state, or null when one can (the review rules still apply). */
export function decisionBlocked(status: CaseStatus): string | null {
  return status === 'recognised' ? null : WHY_NOT[status]
}
