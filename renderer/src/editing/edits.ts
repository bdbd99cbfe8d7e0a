// Structured field edits, serialised (one at a time, so every `expected` is the stored field) and recorded on the
// undo stack. The main process takes intents, not fields (shared/ipc.ts): `sendChange` names the one intent that
// takes a field from what the reviewer saw to what they want, and undo/redo send the same intents reversed.
// Typing saves through setFieldValue without a guard; it is recorded here as one entry per focus session.
import type { ReviewerField } from '../../../shared/ipc'
import type { Case, Field, Quad, Side } from '../../../shared/model'
import { api, errorText } from '../api'
import { fieldLabel } from '../fields/labels'
import { applyCase } from '../state/cases'
import { showError, showNotice, store } from '../state/appState'
import { createStore, useStore } from '../state/store'
import { readOnlyMessage } from '../workspace/claims'
import {
  EMPTY_STACK,
  describeEntry,
  pushEdit,
  takeRedo,
  takeUndo,
  type UndoEntry,
  type UndoStack,
} from './undoStack'

export const undoStore = createStore<{ stack: UndoStack }>({ stack: EMPTY_STACK })

export function useUndoState(): { canUndo: boolean; canRedo: boolean } {
  const stack = useStore(undoStore, (s) => s.stack)
  return { canUndo: stack.done.length > 0, canRedo: stack.undone.length > 0 }
}

let queue: Promise<unknown> = Promise.resolve()

/** Runs `task` after every edit queued before it (edits never race each other). */
export function serialised<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task)
  queue = run.catch(() => undefined)
  return run
}

/** Waits for every queued edit. */
export function settled(): Promise<void> {
  return queue.then(() => undefined)
}

export function record(entry: UndoEntry): void {
  undoStore.set((s) => ({ stack: pushEdit(s.stack, entry) }))
}

export function currentField(caseId: string, key: string): Field | null {
  const c = store.get().current
  if (!c || c.id !== caseId) return null
  return c.fields.find((f) => f.key === key) ?? null
}

function fieldOf(c: Case, key: string): Field | null {
  return c.fields.find((f) => f.key === key) ?? null
}

const reviewerState = (f: Field): ReviewerField => ({
  side: f.side,
  value: f.value,
  quad: f.quad,
  verified: f.verified,
})

/**
 * The intent that takes field `key` from `from` to `to` (null = absent): add, delete, move to the other side,
 * (un)verify, a new value or a new box — one kind of change per edit, as every edit the UI makes is.
 */
export function intentFor(
  caseId: string,
  key: string,
  from: Field | null,
  to: Field | null,
): (() => Promise<Case>) | null {
  const a = api()
  if (!from && !to) return null
  if (!from) return () => a.addField(caseId, key, reviewerState(to!))
  if (!to) return () => a.deleteField(caseId, key, reviewerState(from))
  if (from.side !== to.side) {
    return () =>
      a.moveField(caseId, key, { side: to.side, quad: to.quad }, { side: from.side, quad: from.quad })
  }
  if (from.verified !== to.verified) return () => a.setVerified(caseId, key, to.verified)
  if (from.value !== to.value) return () => a.setFieldValue(caseId, key, to.value, from.value)
  if (!sameQuad(from.quad, to.quad)) return () => a.setFieldQuad(caseId, key, to.quad, from.quad)
  return null
}

function sameQuad(a: Quad | null, b: Quad | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Sends the intent taking `from` to `to`; resolves with the stored case (unchanged when nothing differs). */
async function sendChange(caseId: string, key: string, from: Field | null, to: Field | null): Promise<Case> {
  const call = intentFor(caseId, key, from, to)
  return call ? call() : api().getCase(caseId)
}

/** One recorded structured edit. Resolves with the stored field after it (null when deleted), or rejects. */
export function editField(caseId: string, key: string, expected: Field | null, next: Field | null) {
  return serialised(async () => {
    const c = await sendChange(caseId, key, expected, next)
    applyCase(c)
    const after = fieldOf(c, key)
    record({ caseId, key, before: expected, after })
    return after
  })
}

/**
 * A case someone else holds in the team workspace is read-only here: the edit is not sent (the main process would
 * refuse it too) and the reviewer is told whose it is. True when refused.
 */
function refusedHere(caseId: string): boolean {
  const readOnly = readOnlyMessage(caseId)
  if (readOnly) showError(readOnly)
  return readOnly !== null
}

/** Edits the field as currently shown; reports a failure to the reviewer (never rejects). */
export async function editCurrent(
  caseId: string,
  key: string,
  change: (f: Field) => Field | null,
  what: string,
): Promise<Field | null> {
  await settled()
  const before = currentField(caseId, key)
  if (!before || refusedHere(caseId)) return null
  try {
    return await editField(caseId, key, before, change(before))
  } catch (err) {
    showError(`Could not ${what} ${fieldLabel(key)}: ${errorText(err)}`)
    return null
  }
}

export const setVerified = (caseId: string, key: string, verified: boolean) =>
  editCurrent(caseId, key, (f) => ({ ...f, verified }), verified ? 'verify' : 'unverify')

export const setQuad = (caseId: string, key: string, quad: Quad) =>
  editCurrent(caseId, key, (f) => ({ ...f, quad, quadSource: 'drawn' }), 'move the box of')

export const deleteField = (caseId: string, key: string) => editCurrent(caseId, key, () => null, 'delete')

export const moveToSide = (caseId: string, key: string, side: Side, quad: Quad | null) =>
  editCurrent(caseId, key, (f) => ({ ...f, side, quad, quadSource: quad ? f.quadSource : 'none' }), 'move')

export async function addDrawnField(caseId: string, key: string, side: Side, quad: Quad): Promise<boolean> {
  const field: Field = {
    key,
    side,
    value: '',
    ocrValue: '',
    score: null,
    accepted: null,
    quad,
    quadSource: 'drawn',
    verified: false,
  }
  if (refusedHere(caseId)) return false
  try {
    await settled()
    await editField(caseId, key, null, field)
    return true
  } catch (err) {
    showError(`Could not add ${key}: ${errorText(err)}`)
    return false
  }
}

/** Flushes whatever is being typed (registered by the field editors) before undo/redo/confirm act. */
let flushers: (() => Promise<void>)[] = []
export function registerFlusher(f: () => Promise<void>): () => void {
  flushers.push(f)
  return () => {
    flushers = flushers.filter((x) => x !== f)
  }
}
export async function flushTyping(): Promise<void> {
  await Promise.all(flushers.map((f) => f()))
  await settled()
}

async function replay(direction: 'undo' | 'redo'): Promise<void> {
  await flushTyping()
  await serialised(async () => {
    const last =
      direction === 'undo' ? undoStore.get().stack.done.at(-1) : undoStore.get().stack.undone.at(-1)
    if (last && refusedHere(last.caseId)) return
    const taken = direction === 'undo' ? takeUndo(undoStore.get().stack) : takeRedo(undoStore.get().stack)
    if (!taken) {
      showNotice(direction === 'undo' ? 'Nothing to undo' : 'Nothing to redo')
      return
    }
    const { entry, next } = taken
    const [from, to] = direction === 'undo' ? [entry.after, entry.before] : [entry.before, entry.after]
    try {
      const c = await sendChange(entry.caseId, entry.key, from, to)
      applyCase(c)
      // Store the entry with the fields as stored now (the main side may normalise them).
      const now = fieldOf(c, entry.key)
      const fixed: UndoEntry = direction === 'undo' ? { ...entry, before: now } : { ...entry, after: now }
      const stack =
        direction === 'undo'
          ? { ...next, undone: [...next.undone.slice(0, -1), fixed] }
          : { ...next, done: [...next.done.slice(0, -1), fixed] }
      undoStore.set({ stack })
      const verb = direction === 'undo' ? 'Undid' : 'Redid'
      showNotice(`${verb}: ${fieldLabel(entry.key)} ${describeEntry(entry)}`)
      if (now && store.get().selectedCaseId === entry.caseId) store.set({ side: now.side })
    } catch (err) {
      // The field changed since (another window, a re-recognition): this step can no longer be replayed.
      const dropped =
        direction === 'undo'
          ? { ...next, undone: next.undone.slice(0, -1) }
          : { ...next, done: next.done.slice(0, -1) }
      undoStore.set({ stack: dropped })
      showError(`Could not ${direction} the ${fieldLabel(entry.key)} edit: ${errorText(err)}`)
    }
  })
}

export const undo = () => replay('undo')
export const redo = () => replay('redo')
