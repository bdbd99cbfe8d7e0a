// How a reviewer changes a field. The renderer sends an intent (shared/ipc.ts: setFieldValue, setFieldQuad,
// moveField, setVerified, addField, deleteField), never a whole field: `intentChange` turns it into the stored
// field before and after, against the stored case, so the provider's reading (ocrValue, score, accepted and where
// a box came from) can only be what the provider said, and only fields a reviewer drew can be added or deleted.
// `applyFieldEdit` then makes the change and appends who/when/before/after to the case history.
// Pure (no I/O, no clock): ReviewService runs both inside the case store's serialised read-modify-write.
//
// Each intent carries what the reviewer last saw (`expected`), a compare-and-swap guard: an edit based on a stale
// view (another window, a recognition that finished meanwhile) is refused instead of silently overwriting.
// Undo and redo are the same intents reversed.
import type { Placement, ReviewerField } from '../../../shared/ipc'
import {
  PROVIDER_FIELD_DELETE_MESSAGE,
  isReviewerField,
  recognisedVersion,
} from '../../../shared/field-origin'
import type { Reviewer } from '../../../shared/review-rules'
import { FIELD_KEY_PATTERN, type Case, type Field, type FieldEdit, type Quad } from '../../../shared/model'

export const UNNAMED_REVIEWER = 'unnamed reviewer'
export const STALE_FIELD_MESSAGE = 'This field was changed meanwhile: reload the case and try again'
/** Consecutive value edits of one field by one reviewer this close together are one history entry (typing). */
export const VALUE_MERGE_WINDOW_MS = 2000

/** A refused edit; the message is meant for the reviewer as is. */
export class FieldEditRefused extends Error {
  override name = 'FieldEditRefused'
}

export type EditOptions = {
  /**
   * Merge into the last history entry when it is a value edit of the same field by the same reviewer, at most
   * this many ms before `at`, and nothing else touched the field since. Used by typing (updateFieldValue) only;
   * structured edits and undo are always their own entry.
   */
  mergeValueWithinMs?: number
}

export function reviewerName(name: string): string {
  return name.trim() || UNNAMED_REVIEWER
}

/** Deep equality of JSON-shaped values (key order ignored), as fields are after zod parsing or a JSON round trip. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]))
  }
  const ak = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const bk = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  return (
    ak.length === bk.length &&
    ak.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  )
}

/** Signed area (shoelace) of a quad in square pixels. */
function quadArea(q: Quad): number {
  let twice = 0
  for (let i = 0; i < 4; i++) {
    const p = q[i]!
    const n = q[(i + 1) % 4]!
    twice += p.x * n.y - n.x * p.y
  }
  return twice / 2
}

/** Why a quad cannot be stored, or null. Below one square pixel counts as zero area (a click, not a box). */
export function quadProblem(q: Quad): string | null {
  if (!q.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))) {
    return 'The box has a corner outside the image coordinates: draw it again'
  }
  if (!(Math.abs(quadArea(q)) >= 1)) return 'The box has no area: drag its corners apart or draw it again'
  return null
}

/** What changed between two versions of a field, for the history entry. */
export function editKind(before: Field | null, after: Field | null): FieldEdit['kind'] {
  if (!before) return 'add'
  if (!after) return 'delete'
  const changed = new Set<FieldEdit['kind']>()
  for (const k of Object.keys({ ...before, ...after }) as (keyof Field)[]) {
    if (sameJson(before[k], after[k])) continue
    if (k === 'value' || k === 'side' || k === 'verified') changed.add(k)
    else if (k === 'quad' || k === 'quadSource') changed.add('quad')
    else changed.add('other')
  }
  return changed.size === 1 ? [...changed][0]! : 'other'
}

function checkNext(key: string, next: Field, isNew: boolean): void {
  if (next.key !== key) {
    throw new FieldEditRefused(`A field cannot be renamed (from "${key}" to "${next.key}")`)
  }
  // Only a new key is checked: provider keys already in the case are kept as the API named them.
  if (isNew && !FIELD_KEY_PATTERN.test(key)) {
    throw new FieldEditRefused(
      `"${key}" is not a valid field name: use letters, digits and _ (starting with a letter, at most 100)`,
    )
  }
  if (next.quad) {
    const problem = quadProblem(next.quad)
    if (problem) throw new FieldEditRefused(problem)
  }
}

/**
 * Returns the case with field `key` changed from `expected` to `next` and the change appended to `history`,
 * or the case unchanged when `next` equals the stored field. Throws FieldEditRefused when the stored field is
 * not `expected`, when adding a key that exists, when `next` renames the field, has an invalid new key or a
 * degenerate quad, or when both are null.
 */
export function applyFieldEdit(
  c: Case,
  key: string,
  expected: Field | null,
  next: Field | null,
  reviewer: string | Reviewer,
  at: string,
  options: EditOptions = {},
): Case {
  if (!expected && !next) throw new FieldEditRefused('Nothing to change: give the field before or after')
  const index = c.fields.findIndex((f) => f.key === key)
  const current = index >= 0 ? c.fields[index]! : null
  if (next) checkNext(key, next, current === null)
  if (!expected && current) throw new FieldEditRefused(`A field named "${key}" already exists`)
  if (!sameJson(current, expected)) throw new FieldEditRefused(STALE_FIELD_MESSAGE)
  if (sameJson(current, next)) return c

  const after = next ? structuredClone(next) : null
  let fields: Field[]
  if (!current) fields = [...c.fields, after!]
  else if (!after) fields = c.fields.filter((_, i) => i !== index)
  else fields = c.fields.map((f, i) => (i === index ? after : f))

  const who = reviewerName(typeof reviewer === 'string' ? reviewer : reviewer.name)
  const account = typeof reviewer === 'string' ? undefined : reviewer.account
  const entry: FieldEdit = {
    at,
    reviewer: who,
    ...(account !== undefined ? { account } : {}),
    key,
    kind: editKind(current, after),
    before: current,
    after,
  }
  const history = c.history.slice()
  const last = history.at(-1)
  const window = options.mergeValueWithinMs
  if (
    window !== undefined &&
    entry.kind === 'value' &&
    last?.kind === 'value' &&
    last.key === key &&
    last.reviewer === who &&
    last.account === account &&
    sameJson(last.after, current) &&
    Date.parse(at) - Date.parse(last.at) <= window &&
    Date.parse(at) >= Date.parse(last.at)
  ) {
    // One entry for a burst of typing: the first "before", the latest "after", stamped with the latest edit.
    history.pop()
    const merged: FieldEdit = { ...entry, before: last.before }
    // Typed and erased back to where it started: nothing to record.
    if (!sameJson(merged.before, merged.after)) history.push(merged)
  } else {
    history.push(entry)
  }
  return { ...c, fields, history }
}

// ---------------------------------------------------------------------------------------------------------------
// Intents

/** What the renderer may ask for; the shape of each shared/ipc.ts field call. */
export type FieldIntent =
  | { op: 'value'; value: string; expected: string | null }
  | { op: 'quad'; quad: Quad | null; expected: Quad | null }
  | { op: 'move'; to: Placement; expected: Placement }
  | { op: 'verified'; verified: boolean }
  | { op: 'add'; field: ReviewerField }
  | { op: 'delete'; expected: ReviewerField }

/** Where a box now comes from: the provider's own when it is back where recognition put it, else the reviewer's. */
function quadSourceFor(c: Case, key: string, side: Field['side'], quad: Quad | null): Field['quadSource'] {
  if (!quad) return 'none'
  const original = recognisedVersion(c, key)
  if (original && original.side === side && original.quad && sameJson(original.quad, quad))
    return original.quadSource
  return 'drawn'
}

function reviewerState(f: Field): ReviewerField {
  return { side: f.side, value: f.value, quad: f.quad, verified: f.verified }
}

/**
 * The stored field before and after this intent, checked against the stored case: the field must exist (except
 * to add), what the reviewer last saw must still be stored, a back must exist to move to, and only a reviewer's
 * own field may be deleted. Throws FieldEditRefused with a message for the reviewer.
 */
export function intentChange(
  c: Case,
  key: string,
  intent: FieldIntent,
): { expected: Field | null; next: Field | null } {
  const current = c.fields.find((f) => f.key === key) ?? null
  if (intent.op === 'add') {
    if (current) throw new FieldEditRefused(`A field named "${key}" already exists`)
    if (intent.field.side === 'back' && !c.back) throw new FieldEditRefused('This case has no back image')
    const { side, value, quad, verified } = intent.field
    const next: Field = {
      key,
      side,
      value,
      ocrValue: '',
      score: null,
      accepted: null,
      quad,
      quadSource: quad ? 'drawn' : 'none',
      verified,
    }
    return { expected: null, next }
  }
  if (!current) throw new FieldEditRefused(`The case has no field "${key}"`)
  switch (intent.op) {
    case 'value':
      if (intent.expected !== null && current.value !== intent.expected)
        throw new FieldEditRefused(STALE_FIELD_MESSAGE)
      return { expected: current, next: { ...current, value: intent.value } }
    case 'quad':
      if (!sameJson(current.quad, intent.expected)) throw new FieldEditRefused(STALE_FIELD_MESSAGE)
      return {
        expected: current,
        next: { ...current, quad: intent.quad, quadSource: quadSourceFor(c, key, current.side, intent.quad) },
      }
    case 'move': {
      if (current.side !== intent.expected.side || !sameJson(current.quad, intent.expected.quad)) {
        throw new FieldEditRefused(STALE_FIELD_MESSAGE)
      }
      const { side, quad } = intent.to
      if (side === 'back' && !c.back) throw new FieldEditRefused('This case has no back image')
      return {
        expected: current,
        next: { ...current, side, quad, quadSource: quadSourceFor(c, key, side, quad) },
      }
    }
    case 'verified':
      return { expected: current, next: { ...current, verified: intent.verified } }
    case 'delete':
      if (!isReviewerField(c, key)) throw new FieldEditRefused(PROVIDER_FIELD_DELETE_MESSAGE)
      if (!sameJson(reviewerState(current), intent.expected)) throw new FieldEditRefused(STALE_FIELD_MESSAGE)
      return { expected: current, next: null }
  }
}
