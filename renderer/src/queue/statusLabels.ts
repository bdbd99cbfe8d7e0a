// Words for the case states: the recognition state machine (new → queued → sending → recognised | failed, or
// interrupted when a request left and no result was saved: ARGOS may have billed it) and,
// once a reviewer works on a case, the review state the queue shows (in review, second review, approved, rejected).
import type { CaseStatus, QueueStatus } from '../../../shared/model'

/** Compact chip text in the case list (by queue status; every recognition status is also one). */
export const STATUS_CHIP: Record<QueueStatus, string> = {
  new: 'New',
  queued: 'Queued',
  sending: 'Sending…',
  recognised: 'Recognized',
  in_review: 'In review',
  second_review: 'Second review',
  approved: 'Approved',
  rejected: 'Rejected',
  failed: 'Failed',
  interrupted: 'Interrupted',
}

/** The queue's status filter buttons: the same words without the "in progress" ellipsis. */
export const STATUS_FILTER_LABEL: Record<QueueStatus, string> = {
  ...STATUS_CHIP,
  sending: 'Sending',
}

/** The field panel's heading chip, where "New" would say too little. */
export const STATUS_LABEL: Record<CaseStatus, string> = {
  new: 'Not recognized',
  queued: 'Queued',
  sending: 'Sending…',
  recognised: 'Recognized',
  failed: 'Failed',
  interrupted: 'Interrupted',
}

/** The "sending" state when the local engine runs it: nothing is sent, the scan is read on this computer. */
export const READING = 'Reading…'
