// Bounded concurrency for file work over many cases (reading, recording): p-queue, as the batch queue uses.
import PQueue from 'p-queue'

/** `fn` over `items`, at most `limit` at a time; results in the order of `items`. Rejects with the first error. */
export function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const queue = new PQueue({ concurrency: Math.max(1, limit) })
  return Promise.all(items.map((item) => queue.add(() => fn(item))))
}
