// Runs steps one after another per key (a case id): two quick edits of one case never interleave, while different
// cases go on side by side.
export class KeyedSerial {
  private readonly chains = new Map<string, Promise<unknown>>()

  /** Runs `step` after every earlier step of the same key settled. */
  run<T>(key: string, step: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(key) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(step)
    this.chains.set(key, next)
    const forget = () => {
      if (this.chains.get(key) === next) this.chains.delete(key)
    }
    next.then(forget, forget)
    return next
  }

  /** Settles once every step started so far has. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.chains.values()])
  }
}
