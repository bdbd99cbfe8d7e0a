// One measured number of a benchmark, as the bench runner reports, gates and records it (test/bench/results.json).
// A figure is the median of its runs, recorded with the run count and the spread, so a quoted number says how
// steady it was; a ratio figure's runs are the per-run ratios of the work against its baseline.

export type BenchResult = {
  name: string
  /** The median of the runs. */
  value: number
  unit: string
  /** The most `value` may be, or null when no budget is set. */
  budget: number | null
  /** What `value` is compared with (e.g. a plain sharp run of the same work, its median), or null. */
  baseline: number | null
  /** How many runs the median is taken over (1 for a single measurement such as a peak or a size). */
  runs: number
  min: number
  max: number
}

export function median(xs: readonly number[]): number {
  if (!xs.length) throw new Error('median of no runs')
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) throw new Error('percentile of no runs')
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!
}

/** A figure from its runs: the median as the value, with the run count, min and max. */
export function figure(
  name: string,
  samples: readonly number[],
  unit: string,
  budget: number | null = null,
  baseline: number | null = null,
): BenchResult {
  return {
    name,
    value: median(samples),
    unit,
    budget,
    baseline,
    runs: samples.length,
    min: Math.min(...samples),
    max: Math.max(...samples),
  }
}

/** Per-run ratios of `work` against `base` (runs paired by index, interleaved in the same run). */
export function ratios(work: readonly number[], base: readonly number[]): number[] {
  if (work.length !== base.length) throw new Error('ratios need paired runs')
  return work.map((w, i) => w / base[i]!)
}
