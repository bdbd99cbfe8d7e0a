import { describe, expect, it } from 'vitest'
import {
  createEventCoalescer,
  type CaseChanges,
  type Timers,
} from '../../../renderer/src/state/eventCoalescer'

/** A hand-driven clock: timers fire only when the test advances time. */
function fakeTimers() {
  let now = 0
  let seq = 0
  const pending = new Map<number, { at: number; fn: () => void }>()
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(++seq, { at: now + ms, fn })
      return seq
    },
    clearTimeout: (h) => void pending.delete(h as number),
    now: () => now,
  }
  /** Moves time forward, firing due timers in order (and letting their promises settle). */
  const advance = async (ms: number): Promise<void> => {
    const end = now + ms
    const settle = async () => {
      for (let i = 0; i < 10; i++) await Promise.resolve()
    }
    for (;;) {
      await settle()
      const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      pending.delete(due[0])
      now = due[1].at
      due[1].fn()
    }
    now = end
    await settle()
  }
  return { timers, advance, pendingCount: () => pending.size }
}

describe('createEventCoalescer', () => {
  it('folds a burst of 500 events into one flush with each case once', async () => {
    const { timers, advance } = fakeTimers()
    const flushes: CaseChanges[] = []
    const c = createEventCoalescer((ch) => void flushes.push(ch), 250, timers)
    for (let i = 0; i < 500; i++) c.caseChanged(`case-${i % 40}`)
    expect(flushes).toHaveLength(0) // not synchronously
    await advance(0)
    expect(flushes).toHaveLength(1)
    expect(flushes[0]!.all).toBe(false)
    expect(flushes[0]!.ids).toHaveLength(40)
    expect(flushes[0]!.ids[0]).toBe('case-0')
  })

  it('flushes at most once per interval during a steady stream', async () => {
    const { timers, advance } = fakeTimers()
    const at: number[] = []
    const c = createEventCoalescer(() => void at.push(timers.now()), 250, timers)
    for (let t = 0; t < 1000; t += 10) {
      c.caseChanged(`c${t}`)
      await advance(10)
    }
    await advance(500)
    expect(at.length).toBeGreaterThanOrEqual(4)
    expect(at.length).toBeLessThanOrEqual(5)
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(250)
  })

  it('turns into a full refresh when the list itself changed', async () => {
    const { timers, advance } = fakeTimers()
    const flushes: CaseChanges[] = []
    const c = createEventCoalescer((ch) => void flushes.push(ch), 250, timers)
    c.caseChanged('a')
    c.casesChanged()
    c.caseChanged('b')
    await advance(0)
    expect(flushes).toEqual([{ all: true, ids: [] }])
  })

  it('never overlaps a slow flush, and delivers what came in meanwhile afterwards', async () => {
    const { timers, advance } = fakeTimers()
    const flushes: CaseChanges[] = []
    let release: () => void = () => undefined
    let active = 0
    let maxActive = 0
    const c = createEventCoalescer(
      (ch) => {
        flushes.push(ch)
        active += 1
        maxActive = Math.max(maxActive, active)
        return new Promise<void>((r) => {
          release = () => {
            active -= 1
            r()
          }
        })
      },
      250,
      timers,
    )
    c.caseChanged('a')
    await advance(0)
    c.caseChanged('b')
    c.caseChanged('c')
    await advance(1000) // the first flush is still running
    expect(flushes).toHaveLength(1)
    release()
    await advance(0)
    expect(flushes).toHaveLength(2)
    expect(flushes[1]!.ids).toEqual(['b', 'c'])
    expect(maxActive).toBe(1)
  })

  it('keeps going after a flush fails, and stops after dispose', async () => {
    const { timers, advance, pendingCount } = fakeTimers()
    let calls = 0
    const c = createEventCoalescer(
      () => {
        calls += 1
        if (calls === 1) throw new Error('offline')
      },
      250,
      timers,
    )
    c.caseChanged('a')
    await advance(0)
    c.caseChanged('b')
    await advance(300)
    expect(calls).toBe(2)
    c.caseChanged('c')
    c.dispose()
    expect(pendingCount()).toBe(0)
    await advance(1000)
    expect(calls).toBe(2)
  })
})
