import { describe, expect, it } from 'vitest'
import { BatchQueue, HALTED, type JobResult } from '../../../electron/services/batch/batch-queue'
import type { BatchProgress } from '../../../shared/model'

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms))

function harness(concurrency: number, job: (id: string, signal: AbortSignal) => Promise<JobResult>) {
  const progress: BatchProgress[] = []
  const dropped: { ids: string[]; reason: string }[] = []
  let inFlight = 0
  let maxInFlight = 0
  const started: string[] = []
  const queue = new BatchQueue({
    concurrency,
    work: async (id, signal) => {
      started.push(id)
      inFlight += 1
      maxInFlight = Math.max(maxInFlight, inFlight)
      try {
        return await job(id, signal)
      } finally {
        inFlight -= 1
      }
    },
    onDropped: async (ids, reason, why) => {
      dropped.push({ ids, reason: `${why}: ${reason}` })
    },
    onProgress: (p) => progress.push(p),
  })
  return { queue, progress, dropped, started, max: () => maxInFlight }
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `case-${i}`)

describe('BatchQueue', () => {
  it('never runs more than the concurrency at once and reports every result', async () => {
    const h = harness(3, async (id) => {
      await tick(5)
      return { ok: id !== 'case-4', message: id }
    })
    const results = await h.queue.run(ids(10))
    expect(h.max()).toBe(3)
    expect(results.map((r) => r.id)).toEqual(ids(10))
    expect(results.filter((r) => !r.ok).map((r) => r.id)).toEqual(['case-4'])
    expect(h.queue.progress()).toMatchObject({
      running: false,
      total: 10,
      done: 10,
      failed: 1,
      remaining: 0,
      etaMs: null,
    })
  })

  it('reports progress with an ETA once an item finished', async () => {
    const h = harness(2, async () => {
      await tick(20)
      return { ok: true, message: '' }
    })
    await h.queue.run(ids(6))
    const mid = h.progress.find((p) => p.done === 2)!
    expect(mid).toMatchObject({ running: true, total: 6, remaining: 4 })
    expect(mid.etaMs).toBeGreaterThan(0)
    expect(h.progress.at(-1)).toMatchObject({ running: false, done: 6 })
  })

  it('does not queue an id twice; both callers get the one result', async () => {
    const h = harness(1, async () => {
      await tick(5)
      return { ok: true, message: 'once' }
    })
    const [a, b] = await Promise.all([h.queue.run(['x']), h.queue.run(['x'])])
    expect(h.started).toEqual(['x'])
    expect(a[0]!.message).toBe('once')
    expect(b[0]!.message).toBe('once')
  })

  it('cancel drops what waits and aborts what runs', async () => {
    const h = harness(
      1,
      (_id, signal) =>
        new Promise<JobResult>((resolve) => {
          signal.addEventListener('abort', () => resolve({ ok: false, message: 'aborted' }))
        }),
    )
    const run = h.queue.run(ids(4))
    await tick(10)
    await h.queue.cancel()
    const results = await run
    expect(h.started).toEqual(['case-0'])
    expect(h.dropped).toEqual([
      { ids: ['case-1', 'case-2', 'case-3'], reason: 'cancelled: Cancelled by the reviewer' },
    ])
    expect(results.every((r) => !r.ok)).toBe(true)
  })

  it('a stopBatch result drops the rest with its reason', async () => {
    const h = harness(1, async (id) => ({ ok: false, message: `refused ${id}`, stopBatch: true }))
    const results = await h.queue.run(ids(3))
    expect(h.started).toEqual(['case-0'])
    expect(h.dropped[0]).toEqual({ ids: ['case-1', 'case-2'], reason: 'stopped: Not sent: refused case-0' })
    expect(results.map((r) => r.message)).toEqual([
      'refused case-0',
      'Not sent: refused case-0',
      'Not sent: refused case-0',
    ])
  })

  it('pauses new work when asked to slow down (Retry-After)', async () => {
    const startedAt: number[] = []
    const h = harness(1, async (id) => {
      startedAt.push(Date.now())
      return { ok: true, message: '', pauseMs: id === 'case-0' ? 150 : null }
    })
    const run = h.queue.run(ids(2))
    await tick(20)
    expect(h.queue.progress().pausedUntil).not.toBeNull()
    await run
    expect(startedAt[1]! - startedAt[0]!).toBeGreaterThanOrEqual(140)
  })

  it('halt aborts with HALTED and reports nothing as dropped', async () => {
    let reason: unknown = null
    const h = harness(
      1,
      (_id, signal) =>
        new Promise<JobResult>((resolve) => {
          signal.addEventListener('abort', () => {
            reason = signal.reason
            resolve({ ok: false, message: 'halted' })
          })
        }),
    )
    const run = h.queue.run(ids(3))
    await tick(10)
    h.queue.halt()
    await run
    expect(reason).toBe(HALTED)
    expect(h.dropped).toEqual([])
  })
})
