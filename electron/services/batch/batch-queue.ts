// The recognition batch: bounded concurrency (p-queue), progress with an ETA, cancel, and a pause when the
// provider asks to slow down. It knows nothing about ARGOS: it runs `work(id, signal)` for each queued id.
import PQueue from 'p-queue'
import type { BatchProgress } from '../../../shared/model'

export type JobResult = {
  ok: boolean
  message: string
  /** Stopped by a cancel: neither done nor failed. */
  cancelled?: boolean
  /** Stop the rest of the batch (e.g. ARGOS refused the key): queued ids are handed to `onDropped`. */
  stopBatch?: boolean
  /** Pause starting new jobs for this long (429 Retry-After). */
  pauseMs?: number | null
  /** A problem every case would hit (no key, key refused, endpoint unreachable): told once, not per case. */
  problem?: BatchProblem
}

export type BatchProblem = 'no_key' | 'auth' | 'unreachable'

export type BatchQueueOptions = {
  concurrency: number
  work: (id: string, signal: AbortSignal) => Promise<JobResult>
  /** Ids taken off the queue without running (cancel or a stopped batch), with the reason. */
  onDropped: (ids: string[], reason: string, why: 'cancelled' | 'stopped') => Promise<void>
  onProgress: (progress: BatchProgress) => void
  now?: () => number
}

/** The abort reason when the app is closing (as opposed to a reviewer's cancel). */
export const HALTED = new Error('Stopped: the app is closing')

type Waiter = { resolve: (r: JobResult & { id: string }) => void }

export class BatchQueue {
  private readonly queue: PQueue
  private readonly controllers = new Map<string, AbortController>()
  private readonly waiters = new Map<string, Waiter[]>()
  private readonly queued = new Set<string>()
  private total = 0
  private done = 0
  private failed = 0
  private busyMs = 0
  private pausedUntil: number | null = null
  private pauseTimer: ReturnType<typeof setTimeout> | null = null
  private readonly now: () => number

  constructor(private readonly opts: BatchQueueOptions) {
    this.queue = new PQueue({ concurrency: opts.concurrency })
    this.now = opts.now ?? Date.now
  }

  setConcurrency(n: number): void {
    this.queue.concurrency = n
  }

  /** Whether an id is waiting or running. */
  has(id: string): boolean {
    return this.queued.has(id) || this.controllers.has(id)
  }

  /** Queues ids (already queued ones are not added twice) and resolves when every one of them has finished. */
  run(ids: string[]): Promise<(JobResult & { id: string })[]> {
    return Promise.all(ids.map((id) => this.enqueue(id)))
  }

  private enqueue(id: string): Promise<JobResult & { id: string }> {
    const finished = new Promise<JobResult & { id: string }>((resolve) => {
      const list = this.waiters.get(id) ?? []
      list.push({ resolve })
      this.waiters.set(id, list)
    })
    if (!this.has(id)) {
      // A new batch starts counting from zero; the last one's totals stay visible until then.
      if (this.queued.size === 0 && this.controllers.size === 0) this.resetCounts()
      this.queued.add(id)
      this.total += 1
      void this.queue.add(() => this.runJob(id))
      this.emit()
    }
    return finished
  }

  private async runJob(id: string): Promise<void> {
    if (!this.queued.delete(id)) return // dropped while waiting
    const controller = new AbortController()
    this.controllers.set(id, controller)
    this.emit()
    const started = this.now()
    let result: JobResult
    try {
      result = await this.opts.work(id, controller.signal)
    } catch (err) {
      result = { ok: false, message: err instanceof Error ? err.message : String(err) }
    }
    this.controllers.delete(id)
    if (result.cancelled) {
      this.total -= 1
    } else {
      this.busyMs += this.now() - started
      this.done += 1
      if (!result.ok) this.failed += 1
    }
    this.settle(id, result)
    if (result.pauseMs) this.pauseFor(result.pauseMs)
    if (result.stopBatch) await this.dropQueued(`Not sent: ${result.message}`, 'stopped', result.problem)
    this.emit()
  }

  private settle(id: string, result: JobResult): void {
    for (const w of this.waiters.get(id) ?? []) w.resolve({ ...result, id })
    this.waiters.delete(id)
  }

  private pauseFor(ms: number): void {
    this.queue.pause()
    this.pausedUntil = this.now() + ms
    if (this.pauseTimer) clearTimeout(this.pauseTimer)
    this.pauseTimer = setTimeout(() => {
      this.pausedUntil = null
      this.pauseTimer = null
      this.queue.start()
      this.emit()
    }, ms)
  }

  private async dropQueued(
    reason: string,
    why: 'cancelled' | 'stopped',
    problem?: BatchProblem,
  ): Promise<void> {
    const ids = [...this.queued]
    this.queued.clear()
    this.queue.clear()
    if (!ids.length) return
    this.total -= ids.length
    await this.opts.onDropped(ids, reason, why)
    for (const id of ids) this.settle(id, { ok: false, message: reason, ...(problem ? { problem } : {}) })
  }

  /** Takes every waiting id off the queue and aborts the ones in flight. */
  async cancel(reason = 'Cancelled by the reviewer'): Promise<void> {
    await this.dropQueued(reason, 'cancelled')
    for (const c of this.controllers.values()) c.abort(new Error(reason))
    if (this.pauseTimer) {
      clearTimeout(this.pauseTimer)
      this.pauseTimer = null
      this.pausedUntil = null
      this.queue.start()
    }
    this.emit()
  }

  /**
   * Stops everything without touching the cases (the app is closing): what was queued or in flight stays so on
   * disk and is resumed at the next start. `work` sees its signal aborted with HALTED.
   */
  halt(): void {
    const ids = [...this.queued]
    this.queued.clear()
    this.queue.clear()
    for (const id of ids) this.settle(id, { ok: false, message: 'Stopped: the app is closing' })
    for (const c of this.controllers.values()) c.abort(HALTED)
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    await this.queue.onIdle()
  }

  progress(): BatchProgress {
    const inFlight = this.controllers.size
    const remaining = this.queued.size + inFlight
    const perItem = this.done > 0 ? this.busyMs / this.done : null
    const lanes = Math.max(1, Math.min(this.queue.concurrency, remaining))
    return {
      running: remaining > 0,
      total: this.total,
      done: this.done,
      failed: this.failed,
      remaining,
      inFlight,
      etaMs: perItem === null || remaining === 0 ? null : Math.round((perItem * remaining) / lanes),
      pausedUntil: this.pausedUntil ? new Date(this.pausedUntil).toISOString() : null,
    }
  }

  private emit(): void {
    this.opts.onProgress(this.progress())
  }

  private resetCounts(): void {
    this.total = 0
    this.done = 0
    this.failed = 0
    this.busyMs = 0
  }
}
