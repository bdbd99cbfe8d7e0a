// When the field panel may render a newly opened case's rows. Laying out some 60 rows of inputs costs tens of
// milliseconds of main thread (and, on a small machine, CPU the scan's decode needs), while the scan is what the
// reviewer looks at first (issue 13's 150 ms budget from the click to its first frame). So the rows wait until the
// stage has drawn the case's image (or failed to), until something needs them (a field asked for focus), or until
// ROWS_WAIT_MS have passed, whichever comes first; changes within an open case are never held.
import { useDeferredValue, useEffect, useState, useSyncExternalStore } from 'react'
import { store } from '../state/appState'

/** The longest the rows wait for the image: past it, they are rendered anyway. */
export const ROWS_WAIT_MS = 400

/** The case whose rows may be rendered (its image is on screen, or its rows were asked for). */
let readyCaseId: string | null = null
const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Whether the rows of `caseId` have been released. */
export function rowsReleased(caseId: string | null): boolean {
  return caseId !== null && readyCaseId === caseId
}

/** The rows of `caseId` may be rendered now. */
export function releaseRows(caseId: string): void {
  if (readyCaseId === caseId) return
  readyCaseId = caseId
  for (const l of listeners) l()
}

/** Something needs the open case's rows at once (e.g. a field input to focus). */
export function releaseOpenCaseRows(): void {
  const id = store.get().selectedCaseId
  if (id !== null) releaseRows(id)
}

/**
 * The stage has drawn `caseId`'s image (or shown why it could not): its rows are released once the frame that
 * draws it and the next have begun, so the rows' render and layout never delay the frame with the image, nor the
 * one that shows it was painted. Returns a cancel function (for an effect's cleanup).
 */
export function releaseRowsAfterPaint(caseId: string): () => void {
  let timer: number | undefined
  let frame = requestAnimationFrame(() => {
    frame = requestAnimationFrame(() => {
      // A task queued from a rAF callback runs after that frame's rendering.
      timer = window.setTimeout(() => releaseRows(caseId), 0)
    })
  })
  return () => {
    cancelAnimationFrame(frame)
    window.clearTimeout(timer)
  }
}

/** Whether the rows of `caseId` may be rendered; they then render in a low-priority (interruptible) pass. */
export function useRowsReady(caseId: string | null): boolean {
  const released = useSyncExternalStore(subscribe, () => rowsReleased(caseId))
  const [timedOut, setTimedOut] = useState<string | null>(null)
  useEffect(() => {
    if (caseId === null || released) return
    const timer = window.setTimeout(() => setTimedOut(caseId), ROWS_WAIT_MS)
    return () => window.clearTimeout(timer)
  }, [caseId, released])
  const readyFor = released || (caseId !== null && timedOut === caseId) ? caseId : null
  // Deferred as an id, not a boolean: another case's readiness must never show this case's rows.
  const deferred = useDeferredValue(readyFor)
  return caseId !== null && deferred === caseId
}
