// Types of .ci/summary.mjs, for the unit test that checks its counting (test/unit/ci/summary.test.ts).
export type SkipRule = { host: 'electron' | 'chromium' | 'any'; suite: 'unit' | 'e2e'; title: string }
export type Skips = { count: number; titles: string[] }
export function parseAllowList(text: string): SkipRule[]
export function unitSkips(report: unknown): Skips
export function e2eSkips(report: unknown): Skips
export function unexpectedSkips(
  skips: Skips,
  suite: 'unit' | 'e2e',
  rules: SkipRule[],
  host: string,
): string[]
export function summarize(input: {
  unit: unknown
  e2e: unknown
  rules: SkipRule[]
  host: 'electron' | 'chromium'
  status: number
}): { lines: string[]; passed: number; failed: number; unexpected: string[] }
