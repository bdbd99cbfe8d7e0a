// rowsGate.ts: a newly opened case's field rows are released only once the frame drawing its scan (and the next)
// have begun and a task has run after them, never when the stage's effect is cleaned up first; a focus request
// releases the open case's rows at once.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { store } from '../../../renderer/src/state/appState'
import {
  releaseOpenCaseRows,
  releaseRows,
  releaseRowsAfterPaint,
  rowsReleased,
} from '../../../renderer/src/fields/rowsGate'

// Frames by hand: requestAnimationFrame queues, frame() runs what was queued before it.
let queued = new Map<number, () => void>()
let nextId = 1
function frame(): void {
  const now = queued
  queued = new Map()
  for (const cb of now.values()) cb()
}
const g = globalThis as Record<string, unknown>
beforeAll(() => {
  g.window ??= globalThis
  g.requestAnimationFrame = (cb: () => void) => {
    const id = nextId++
    queued.set(id, cb)
    return id
  }
  g.cancelAnimationFrame = (id: number) => queued.delete(id)
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})
afterAll(() => {
  vi.useRealTimers()
})
beforeEach(() => {
  queued = new Map()
  releaseRows('other-case')
})

describe('releaseRowsAfterPaint', () => {
  it('releases after the drawing frame, the next one and a task after it', () => {
    releaseRowsAfterPaint('case-a')
    frame()
    vi.runAllTimers()
    expect(rowsReleased('case-a')).toBe(false)
    frame()
    expect(rowsReleased('case-a')).toBe(false)
    vi.runAllTimers()
    expect(rowsReleased('case-a')).toBe(true)
    expect(rowsReleased('other-case')).toBe(false)
  })

  it('never releases once cancelled, before, between or after the frames', () => {
    releaseRowsAfterPaint('case-b')()
    frame()
    frame()
    vi.runAllTimers()
    expect(rowsReleased('case-b')).toBe(false)
    const cancel = releaseRowsAfterPaint('case-b')
    frame()
    cancel()
    frame()
    vi.runAllTimers()
    expect(rowsReleased('case-b')).toBe(false)
    // After both frames, with only the task left.
    const late = releaseRowsAfterPaint('case-b')
    frame()
    frame()
    late()
    vi.runAllTimers()
    expect(rowsReleased('case-b')).toBe(false)
  })
})

describe('releaseOpenCaseRows', () => {
  it('releases the selected case at once, and nothing without one', () => {
    store.set({ selectedCaseId: null })
    releaseOpenCaseRows()
    expect(rowsReleased('other-case')).toBe(true)
    store.set({ selectedCaseId: 'case-c' })
    releaseOpenCaseRows()
    expect(rowsReleased('case-c')).toBe(true)
    expect(rowsReleased(null)).toBe(false)
  })
})
