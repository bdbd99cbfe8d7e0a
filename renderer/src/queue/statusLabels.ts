// Words for the recognition state machine (new → queued → sending → recognised | failed).
import type { CaseStatus } from '../../../shared/model'

/** Compact chip text in the case list. */
export const STATUS_CHIP: Record<CaseStatus, string> = {
  new: 'New',
  queued: 'Queued',
  sending: 'Sending…',
  recognised: 'Recognized',
  failed: 'Failed',
}

/** The field panel's heading chip, where "New" would say too little. */
export const STATUS_LABEL: Record<CaseStatus, string> = {
  new: 'Not recognized',
  queued: 'Queued',
  sending: 'Sending…',
  recognised: 'Recognized',
  failed: 'Failed',
}
