// Why a case is deleted: a short fixed list (for reporting, as reject reasons are) plus a note. Pure.
export const DELETE_REASONS = [
  'Imported by mistake',
  'Duplicate submission',
  'Erasure request from the holder',
  'Kept longer than needed',
  'Other',
] as const
export type DeleteReason = (typeof DELETE_REASONS)[number]

/** The reason as recorded in the deletion log: "<reason> — <note>", the note alone for Other. */
export function deleteReasonText(reason: DeleteReason, note: string): string {
  const n = note.trim()
  if (reason === 'Other') return n
  return n ? `${reason} — ${n}` : reason
}
