// The undo/redo stack, kept pure so it can be unit-tested. An entry is one recorded field edit (the field before
// and after): undo sends the intent taking it from after to before, redo from before to after (edits.ts).
import type { Field } from '../../../shared/model'

export type UndoEntry = { caseId: string; key: string; before: Field | null; after: Field | null }
export type UndoStack = { done: readonly UndoEntry[]; undone: readonly UndoEntry[] }

export const EMPTY_STACK: UndoStack = { done: [], undone: [] }
/** Older entries fall off the bottom: a day of work does not grow without bound. */
export const UNDO_LIMIT = 500

/** A new edit: pushed on the done side, and the redo side is cleared (a new branch). */
export function pushEdit(s: UndoStack, e: UndoEntry, limit = UNDO_LIMIT): UndoStack {
  if (sameField(e.before, e.after)) return s
  const done = [...s.done, e]
  return { done: done.length > limit ? done.slice(done.length - limit) : done, undone: [] }
}

/** The entry undo would replay, and the stack after it succeeded. */
export function takeUndo(s: UndoStack): { entry: UndoEntry; next: UndoStack } | null {
  const entry = s.done[s.done.length - 1]
  if (!entry) return null
  return { entry, next: { done: s.done.slice(0, -1), undone: [...s.undone, entry] } }
}

export function takeRedo(s: UndoStack): { entry: UndoEntry; next: UndoStack } | null {
  const entry = s.undone[s.undone.length - 1]
  if (!entry) return null
  return { entry, next: { done: [...s.done, entry], undone: s.undone.slice(0, -1) } }
}

/** Structural equality of two fields (null = absent). */
export function sameField(a: Field | null, b: Field | null): boolean {
  if (a === null || b === null) return a === b
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}

function canonical(f: Field): unknown[] {
  return [f.key, f.side, f.value, f.ocrValue, f.score, f.accepted, f.quad, f.quadSource, f.verified]
}

/** "name value", "number box", … — what an entry changed, for the undo notice. */
export function describeEntry(e: UndoEntry): string {
  const { before: b, after: a } = e
  if (!b) return 'added box'
  if (!a) return 'deleted field'
  if (b.side !== a.side) return 'side'
  if (b.verified !== a.verified) return 'verified mark'
  if (b.value !== a.value) return 'value'
  return 'box'
}
