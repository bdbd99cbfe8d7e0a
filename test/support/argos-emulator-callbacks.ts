// Callback mode: POSTs the prepared result to the callbackUrl after a delay, optionally twice, and keeps a log.
// No retries: the provider documents none, and a test wants to see exactly what was sent.

export interface CallbackRecord {
  at: string
  transactionId: string
  url: string
  /** True for the second copy sent with `duplicateCallbacks`. */
  duplicate: boolean
  /** HTTP status the receiver answered, or null when the POST failed. */
  receiverStatus: number | null
  error: string | null
}

export class CallbackSender {
  readonly records: CallbackRecord[] = []
  private readonly timers = new Map<NodeJS.Timeout, () => void>()
  private readonly inFlight = new Set<Promise<void>>()
  private readonly controllers = new Set<AbortController>()

  constructor(
    private readonly delayMs: number,
    private readonly duplicate: boolean,
  ) {}

  /** Schedules the POST of `payload` (already serialised JSON) to `url`. */
  schedule(url: string, transactionId: string, payload: string): void {
    let finish: () => void = () => undefined
    const pending = new Promise<void>((resolve) => (finish = resolve))
    this.inFlight.add(pending)
    void pending.then(() => this.inFlight.delete(pending))
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      void (async () => {
        await this.post(url, transactionId, payload, false)
        if (this.duplicate) await this.post(url, transactionId, payload, true)
      })().finally(finish)
    }, this.delayMs)
    // A cancelled timer must still settle its promise, or callbacksSettled() would wait forever.
    this.timers.set(timer, finish)
  }

  private async post(url: string, transactionId: string, payload: string, duplicate: boolean): Promise<void> {
    const record: CallbackRecord = {
      at: new Date().toISOString(),
      transactionId,
      url,
      duplicate,
      receiverStatus: null,
      error: null,
    }
    const controller = new AbortController()
    this.controllers.add(controller)
    const timeout = setTimeout(() => controller.abort(), 10_000)
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
        signal: controller.signal,
      })
      await res.arrayBuffer()
      record.receiverStatus = res.status
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err)
    } finally {
      clearTimeout(timeout)
      this.controllers.delete(controller)
      this.records.push(record)
    }
  }

  /** Resolves when every scheduled callback has been sent (or has failed). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight])
  }

  /** Cancels callbacks not yet sent and aborts those in flight. */
  cancelAll(): void {
    for (const [timer, finish] of this.timers) {
      clearTimeout(timer)
      finish()
    }
    this.timers.clear()
    for (const controller of this.controllers) controller.abort()
  }
}
