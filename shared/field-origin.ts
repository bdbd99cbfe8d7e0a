// Where a field in a case comes from: the provider's recognition, or a reviewer who drew it. Derived from the
// case's own history (recognition replaces the fields; every reviewer change since is a history entry), so no
// flag the renderer could set decides it. Pure: the main process refuses deleting a provider's field with it, and
// the renderer offers Delete only where it would be accepted.
import type { Case, Field, FieldEdit } from './model'

export const PROVIDER_FIELD_DELETE_MESSAGE =
  "A recognised field cannot be deleted: it is the provider's reading. Correct or clear its value instead."

/** The history entries of `key` since the case was last recognised (recognition replaces the fields). */
function entriesSinceRecognition(c: Pick<Case, 'history' | 'recognition'>, key: string): FieldEdit[] {
  const since = c.recognition ? Date.parse(c.recognition.recognisedAt) : Number.NEGATIVE_INFINITY
  return c.history.filter((e) => e.key === key && !(Date.parse(e.at) < since))
}

/**
 * The field as recognition left it (before any reviewer edit since), or null when the field is one a reviewer
 * drew: its first recorded change since the last recognition added it.
 */
export function recognisedVersion(
  c: Pick<Case, 'history' | 'recognition' | 'fields'>,
  key: string,
): Field | null {
  const first = entriesSinceRecognition(c, key)[0]
  if (first) return first.before
  return c.fields.find((f) => f.key === key) ?? null
}

/** True when the field `key` now in the case was added by a reviewer (and so may be deleted by one). */
export function isReviewerField(c: Pick<Case, 'history' | 'recognition'>, key: string): boolean {
  const last = entriesSinceRecognition(c, key)
    .filter((e) => e.kind === 'add' || e.kind === 'delete')
    .at(-1)
  return last?.kind === 'add'
}
