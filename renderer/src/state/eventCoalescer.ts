// Collapses bursts of caseChanged / casesChanged events (a batch of 500 cases sends three events per case) into
// at most one refresh per interval, carrying which cases changed. Pure: timers are injectable for tests.

export type CaseChanges = {
  /** Something other than a known case changed (an import, a removal): the whole list must be read again. */
  all: boolean
  /** Ids of the cases that changed, in first-seen order, without repeats. */
  ids: string[]
}

export type Timers = {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  now(): number
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
  now: () => Date.now(),
}

export type EventCoalescer = {
  caseChanged(id: string): void
  casesChanged(): void
  /** Drops anything pending and stops the timer (on unmount). */
  dispose(): void
}

/**
 * Calls `flush` with everything that changed since the last call, at most once per `intervalMs`, and never while
 * the previous flush is still running (its promise). The first event after a quiet period is flushed on the next
 * tick (a synchronous burst still lands in one flush); later ones wait for the interval to pass.
 */
export function createEventCoalescer(
  flush: (changes: CaseChanges) => void | Promise<void>,
  intervalMs = 250,
  timers: Timers = realTimers,
): EventCoalescer {
  let all = false
  let ids = new Set<string>()
  let timer: unknown = null
  let flushing = false
  let lastFlush = Number.NEGATIVE_INFINITY
  let disposed = false

  const pending = (): boolean => all || ids.size > 0

  const schedule = (): void => {
    if (disposed || timer !== null || flushing || !pending()) return
    const wait = Math.max(0, lastFlush + intervalMs - timers.now())
    timer = timers.setTimeout(() => {
      timer = null
      void run()
    }, wait)
  }

  const run = async (): Promise<void> => {
    if (disposed || !pending()) return
    const changes: CaseChanges = { all, ids: all ? [] : [...ids] }
    all = false
    ids = new Set()
    flushing = true
    lastFlush = timers.now()
    try {
      await flush(changes)
    } catch {
      // The flush reports its own errors; a failure must not stop later refreshes.
    } finally {
      flushing = false
      schedule()
    }
  }

  return {
    caseChanged(id) {
      if (!all) ids.add(id)
      schedule()
    },
    casesChanged() {
      all = true
      ids.clear()
      schedule()
    },
    dispose() {
      disposed = true
      if (timer !== null) timers.clearTimeout(timer)
      timer = null
    },
  }
}
