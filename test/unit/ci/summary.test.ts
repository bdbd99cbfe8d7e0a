// .ci/summary.mjs, the counting behind .ci/run's last lines, against real reports: reports/vitest.json and
// reports/playwright.json were written by vitest and Playwright (json reporters, trimmed) for a sample file with
// one passing, one failing (Playwright) and several skipped tests, static and decided at run time.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { e2eSkips, parseAllowList, summarize, unitSkips } from '../../../.ci/summary.mjs'

const here = join(__dirname, 'reports')
const unit = JSON.parse(readFileSync(join(here, 'vitest.json'), 'utf8')) as unknown
const e2e = JSON.parse(readFileSync(join(here, 'playwright.json'), 'utf8')) as unknown

const E2E_SKIPS = ['a.spec.ts › group › skips at run time', 'a.spec.ts › group › skipped statically']
const UNIT_SKIPS = ['group is skipped', 'group is todo', 'group skips at run time']
const allowAll = parseAllowList(
  [...UNIT_SKIPS.map((t) => `any unit: ${t}`), ...E2E_SKIPS.map((t) => `chromium e2e: ${t}`)].join('\n'),
)

describe('CI summary', () => {
  it('finds every skip the reports hold, by title, and their counts', () => {
    expect(unitSkips(unit)).toEqual({ count: 3, titles: UNIT_SKIPS })
    expect(e2eSkips(e2e)).toEqual({ count: 2, titles: E2E_SKIPS })
  })

  it('prints the skipped counts before a last line that stays "N passed, N failed"', () => {
    const { lines, failed } = summarize({ unit, e2e, rules: allowAll, host: 'chromium', status: 1 })
    expect(lines).toEqual(['[ci] skipped: 3 unit, 2 e2e (0 unexpected)', '2 passed, 1 failed'])
    expect(failed).toBe(1)
  })

  it('counts a skip the allow-list does not name as a failure, and names it', () => {
    const rules = allowAll.filter((r) => r.title !== 'a.spec.ts › group › skips at run time')
    const { lines } = summarize({ unit, e2e, rules, host: 'chromium', status: 1 })
    expect(lines).toEqual([
      '[ci] unexpected skip (counted as failed): a.spec.ts › group › skips at run time',
      '[ci] skipped: 3 unit, 2 e2e (1 unexpected)',
      '2 passed, 2 failed',
    ])
  })

  it('allows a skip only on the host the list names', () => {
    const { unexpected } = summarize({ unit, e2e, rules: allowAll, host: 'electron', status: 1 })
    expect(unexpected).toEqual(E2E_SKIPS)
  })

  it('counts a skip the report does not name (the count above the titles) as unexpected', () => {
    const more = { ...(e2e as { stats: Record<string, number> }) }
    more.stats = { ...more.stats, skipped: 3 }
    expect(summarize({ unit, e2e: more, rules: allowAll, host: 'chromium', status: 1 }).unexpected).toEqual([
      '(an unnamed e2e skip)',
    ])
  })

  it('never says all is well when a step outside the runners failed, or a runner never ran', () => {
    expect(summarize({ unit: null, e2e: null, rules: [], host: 'chromium', status: 2 }).lines).toEqual([
      '[ci] skipped: 0 unit, 0 e2e (0 unexpected)',
      '0 passed, 1 failed',
    ])
  })

  it('refuses a malformed allow-list line by number', () => {
    expect(() => parseAllowList('# fine\nchromium e2e: a › b\nsomething else')).toThrow(
      'expected-skips line 3: expected "<electron|chromium|any> <unit|e2e>: <title>"',
    )
  })

  it('as run by .ci/run: the exit status and the last two lines, from the reports and the list on disk', () => {
    const root = mkdtempSync(join(tmpdir(), 'ci-summary-'))
    mkdirSync(join(root, '.ci'))
    mkdirSync(join(root, '.reports'))
    cpSync(join(__dirname, '../../../.ci/summary.mjs'), join(root, '.ci/summary.mjs'))
    cpSync(join(here, 'vitest.json'), join(root, '.reports/unit.json'))
    // The Playwright sample without its failing test: only the skips can make this run fail.
    const passing = JSON.parse(readFileSync(join(here, 'playwright.json'), 'utf8')) as {
      stats: { unexpected: number }
    }
    passing.stats.unexpected = 0
    writeFileSync(join(root, '.reports/e2e.json'), JSON.stringify(passing))
    const run = () => {
      try {
        return {
          code: 0,
          out: execFileSync('node', [join(root, '.ci/summary.mjs'), '0', 'chromium'], { encoding: 'utf8' }),
        }
      } catch (err) {
        const e = err as { status: number; stdout: string }
        return { code: e.status, out: e.stdout }
      }
    }
    writeFileSync(
      join(root, '.ci/expected-skips.txt'),
      allowAll.map((r) => `${r.host} ${r.suite}: ${r.title}`).join('\n'),
    )
    expect(run()).toEqual({
      code: 0,
      out: '[ci] skipped: 3 unit, 2 e2e (0 unexpected)\n2 passed, 0 failed\n',
    })
    writeFileSync(join(root, '.ci/expected-skips.txt'), `# nothing allowed\n`)
    const red = run()
    expect(red.code).toBe(1)
    expect(red.out.trim().split('\n').slice(-2)).toEqual([
      '[ci] skipped: 3 unit, 2 e2e (5 unexpected)',
      '2 passed, 5 failed',
    ])
  })
})
