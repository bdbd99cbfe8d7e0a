// The CI summary (.ci/run's last two lines): counts passed, failed and skipped tests from the vitest and
// Playwright JSON reports, and counts every skip that .ci/expected-skips.txt does not allow as a failure, so a test
// that quietly stops running turns CI red. Usage: node .ci/summary.mjs <npm test exit status> <electron|chromium>
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The allow-list: one skip per line, `<host> <suite>: <title path>`, where host is `electron`, `chromium` or `any`
 * (the E2E host the skip is expected on; unit skips use `any`), suite is `unit` or `e2e`. Blank lines and `#`
 * comments are ignored. A malformed line is an error, not a silently ignored rule.
 */
export function parseAllowList(text) {
  const rules = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const m = /^(electron|chromium|any) (unit|e2e): (.+)$/.exec(line)
    if (!m)
      throw new Error(`expected-skips line ${i + 1}: expected "<electron|chromium|any> <unit|e2e>: <title>"`)
    rules.push({ host: m[1], suite: m[2], title: m[3].trim() })
  })
  return rules
}

/** Skipped vitest tests: the count the report states (pending + todo) and the titles it names. */
export function unitSkips(report) {
  const titles = []
  for (const file of report.testResults ?? []) {
    for (const a of file.assertionResults ?? []) {
      if (a.status === 'pending' || a.status === 'skipped' || a.status === 'todo')
        titles.push(a.fullName ?? a.title)
    }
  }
  return { count: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0), titles }
}

/** Skipped Playwright tests: stats.skipped and their title paths (`file › describe › title`). */
export function e2eSkips(report) {
  const titles = []
  const walk = (suite, path) => {
    const here = suite.title ? [...path, suite.title] : path
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === 'skipped') titles.push([...here, spec.title].join(' › '))
      }
    }
    for (const child of suite.suites ?? []) walk(child, here)
  }
  for (const suite of report.suites ?? []) walk(suite, [])
  return { count: report.stats?.skipped ?? 0, titles }
}

/**
 * Skips not on the allow-list for this host. A count above the titles found (a skip the report does not name) is
 * unexpected too: it cannot be matched against the list.
 */
export function unexpectedSkips(skips, suite, rules, host) {
  const allowed = new Set(
    rules.filter((r) => r.suite === suite && (r.host === 'any' || r.host === host)).map((r) => r.title),
  )
  const unexpected = skips.titles.filter((t) => !allowed.has(t))
  const unnamed = Math.max(0, skips.count - skips.titles.length)
  for (let i = 0; i < unnamed; i++) unexpected.push(`(an unnamed ${suite} skip)`)
  return unexpected
}

/** The summary lines for the reports (either may be null when its runner never ran). */
export function summarize({ unit, e2e, rules, host, status }) {
  let passed = 0
  let failed = 0
  const empty = { count: 0, titles: [] }
  const u = unit ? unitSkips(unit) : empty
  const e = e2e ? e2eSkips(e2e) : empty
  if (unit) {
    passed += unit.numPassedTests ?? 0
    failed += unit.numFailedTests ?? 0
  }
  if (e2e) {
    passed += e2e.stats?.expected ?? 0
    failed += (e2e.stats?.unexpected ?? 0) + (e2e.stats?.flaky ?? 0)
  }
  const unexpected = [...unexpectedSkips(u, 'unit', rules, host), ...unexpectedSkips(e, 'e2e', rules, host)]
  failed += unexpected.length
  // A step outside the test runners (typecheck, lint, build) failed: count it, so the line never says all is well.
  if (status !== 0 && failed === 0) failed = 1
  const lines = unexpected.map((t) => `[ci] unexpected skip (counted as failed): ${t}`)
  lines.push(`[ci] skipped: ${u.count} unit, ${e.count} e2e (${unexpected.length} unexpected)`)
  lines.push(`${passed} passed, ${failed} failed`)
  return { lines, passed, failed, unexpected }
}

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const status = Number(process.argv[2] ?? 1)
  const host = process.argv[3] === 'electron' ? 'electron' : 'chromium'
  const root = join(dirname(fileURLToPath(import.meta.url)), '..')
  let result
  try {
    result = summarize({
      unit: readJson(join(root, '.reports/unit.json')),
      e2e: readJson(join(root, '.reports/e2e.json')),
      rules: parseAllowList(readFileSync(join(root, '.ci/expected-skips.txt'), 'utf8')),
      host,
      status,
    })
  } catch (err) {
    // A broken report or allow-list must not read as a pass.
    console.log(`[ci] could not summarise the reports: ${err instanceof Error ? err.message : String(err)}`)
    console.log('0 passed, 1 failed')
    process.exit(1)
  }
  for (const line of result.lines) console.log(line)
  process.exit(status !== 0 || result.failed > 0 ? 1 : 0)
}
