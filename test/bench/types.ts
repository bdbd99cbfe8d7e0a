/** One measured number of a benchmark, as the bench runner reports and compares it. */
export type BenchResult = {
  name: string
  value: number
  unit: string
  /** The most `value` may be, or null when no budget is set. */
  budget: number | null
  /** What `value` is compared with (e.g. a plain sharp run of the same work), or null. */
  baseline: number | null
}
