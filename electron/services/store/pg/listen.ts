// The live queue: one dedicated connection LISTENs on `recto_cases` and hands each change (ids and states, never
// rows) to the caller. When that connection drops, the caller is told at once (so it can poll meanwhile) and the
// listener reconnects with a growing, jittered delay, telling the caller again once it listens.
import type pg from 'pg'
import { z } from 'zod'

export const CHANNEL = 'recto_cases'

const ChangeSchema = z.object({
  op: z.enum(['insert', 'update']),
  id: z.string(),
  status: z.string(),
  decision: z.string().nullable(),
  claimedBy: z.string().nullable(),
})
export type CaseChange = z.infer<typeof ChangeSchema>

export type ListenState = { listening: true } | { listening: false; reason: string }

export type ListenOptions = {
  /** Opens a fresh connection (connectClient from connection.ts). */
  connect: () => Promise<pg.Client>
  onChange: (change: CaseChange) => void
  /** false: poll until true again. */
  onState?: (state: ListenState) => void
  /** Each time a reconnection is scheduled: in how many milliseconds it is tried (for a countdown). */
  onRetry?: (inMs: number) => void
  /** Delays between reconnection attempts, doubled up to the maximum. */
  minDelayMs?: number
  maxDelayMs?: number
}

export type Listener = { close(): Promise<void> }

export function listen(opts: ListenOptions): Listener {
  const minDelay = opts.minDelayMs ?? 500
  const maxDelay = opts.maxDelayMs ?? 30_000
  let closed = false
  let client: pg.Client | null = null
  let timer: NodeJS.Timeout | null = null
  let delay = minDelay
  // null until the first attempt ends, so that a first failure is reported too (and a failing retry only once).
  let up: boolean | null = null

  const report = (s: ListenState): void => {
    if (closed) return
    if (up === false && !s.listening) return
    up = s.listening
    opts.onState?.(s)
  }

  const lost = (reason: string): void => {
    const c = client
    client = null
    c?.removeAllListeners()
    // Keep a late socket error from becoming an unhandled one while the dead client is ended.
    c?.on('error', () => undefined)
    c?.end().catch(() => undefined)
    if (closed) return
    report({ listening: false, reason })
    const wait = Math.round(delay * (0.75 + Math.random() * 0.5))
    delay = Math.min(delay * 2, maxDelay)
    timer = setTimeout(() => void attempt(), wait)
    opts.onRetry?.(wait)
  }

  const attempt = async (): Promise<void> => {
    timer = null
    if (closed) return
    let c: pg.Client
    try {
      c = await opts.connect()
    } catch (e) {
      lost(e instanceof Error ? e.message : 'The team database cannot be reached.')
      return
    }
    if (closed) {
      await c.end().catch(() => undefined)
      return
    }
    client = c
    c.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return
      let parsed: unknown
      try {
        parsed = JSON.parse(n.payload)
      } catch {
        return
      }
      const r = ChangeSchema.safeParse(parsed)
      if (r.success) opts.onChange(r.data)
    })
    c.on('error', () => {
      if (client === c)
        lost('The live connection to the team database was lost; the list refreshes by polling.')
    })
    c.on('end', () => {
      if (client === c)
        lost('The live connection to the team database was closed; the list refreshes by polling.')
    })
    try {
      await c.query(`LISTEN ${CHANNEL}`)
    } catch (e) {
      if (client === c) lost(e instanceof Error ? e.message : 'LISTEN failed.')
      return
    }
    delay = minDelay
    report({ listening: true })
  }

  void attempt()
  return {
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      const c = client
      client = null
      if (c) {
        c.removeAllListeners()
        c.on('error', () => undefined)
        await c.end().catch(() => undefined)
      }
    },
  }
}
