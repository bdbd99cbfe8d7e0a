// The team workspace on PostgreSQL (issue 16, "Budgets"), against a real server: a throwaway cluster
// (test/support/pg-cluster.ts), one database migrated by its owner, 10 reviewer logins (recto_reviewer, password
// over 127.0.0.1, one pool each, as each reviewer's Recto has its own), and 50,000 cases seeded in SQL by the owner:
// copies of one realistic recognised case (the d01 passport's 11 fields as ARGOS read them, with their boxes, and
// its document checks run), each with its own uuid and file name set in `doc` and `summary` with jsonb_set (so
// loading and listing validate them), inserted 5,000 per statement (the audit trigger takes one advisory lock per
// new case, held to the end of the transaction: 50,000 at once would overflow the lock table). VACUUM ANALYZE after.
//
// - `team claim next p95`: 10 reviewers at once, each calling claimNext (lease 600 s) in a loop, 2,000 claims in
//   all; the p95 of the per-call latency (budget 20 ms). Baseline: the p95 of a bare `SELECT 1` round trip under the
//   same 10-way concurrency, in blocks alternating with the claims' so both share the machine's noise. Every case
//   claimed in the run must have been claimed once, by the reviewer the database says holds it (fails otherwise).
// - `team open queue 50k`: TeamCaseStore.listSummaries() of all 50,000 cases end to end (query, transfer, parse,
//   validation), the median of 5 with their min and max (budget 1 s). Baseline: the same SELECT of the summary
//   column without validation, alternating with it. Fails unless it lists 50,000 cases and no problem.
// - `team change seen p95`: reviewer A holds a case's claim and changes a field value with TeamCaseStore.update;
//   reviewer B listens (listen.ts) and, on the notification for that case, loads it (TeamCaseStore.load) and checks
//   it carries A's value. From A's write starting to B holding the changed case, 100 samples, the p95 (budget
//   500 ms). Baseline: the p95 of A's write alone.
//
// A tail figure's value is the p95 of its samples (not their median); its runs are the sample count and its min and
// max the fastest and slowest sample. Run alone it exits non-zero when a figure is over budget; npm run bench gates
// it with the others. Progress goes to stderr; stdout is the list of figures. About 45 s on the 2-core box (most of it seeding).
// Run: npx tsx test/bench/team.bench.ts (needs the Debian `postgresql` package, as the integration tests do)
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import type pg from 'pg'
import { claimNext, type Claim } from '../../electron/services/store/pg/claims'
import {
  connectClient,
  createPool,
  parseConnectionUrl,
  type TeamConnection,
} from '../../electron/services/store/pg/connection'
import { listen, type CaseChange, type Listener } from '../../electron/services/store/pg/listen'
import { migrate } from '../../electron/services/store/pg/migrate'
import { TeamCaseStore } from '../../electron/services/store/pg/team-store'
import { runChecks } from '../../shared/checks'
import { CaseSchema, summarise, type Case, type Field, type FieldEdit } from '../../shared/model'
import { startPgCluster, stopOnSignal, type PgCluster } from '../support/pg-cluster'
import { fixturePath } from '../support/paths'
import { newCase } from '../support/store-cases'
import { figure, median, percentile, type BenchResult } from './types'

const CASES = 50_000
/** Rows per seeding statement (each its own transaction; see the header on the audit trigger's locks). */
const SEED_BATCH = 5_000
const REVIEWERS = 10
const LEASE_SECONDS = 600
/** Claims in all, in blocks alternating with the baseline's: BLOCKS × REVIEWERS × PER_BLOCK. */
const CLAIM_BLOCKS = 5
const CLAIMS_PER_REVIEWER_PER_BLOCK = 40
const LIST_RUNS = 7
const CHANGE_SAMPLES = 100
/** How long B may take to see one change before the run fails (far above the budget: a lost notification). */
const CHANGE_TIMEOUT_MS = 10_000

const BUDGET_CLAIM_MS = 20
const BUDGET_LIST_MS = 1000
const BUDGET_CHANGE_MS = 500

const log = (msg: string): void => console.error(`[team-bench] ${msg}`)

/** A tail figure: the p95 of the samples as its value, with the sample count and the fastest and slowest. */
function p95Figure(name: string, samples: readonly number[], budget: number, baseline: number): BenchResult {
  return { ...figure(name, samples, 'ms', budget, baseline), value: percentile(samples, 0.95) }
}

type TruthField = {
  responseKey: string
  ocr: string
  score: number
  origQuad: { x: number; y: number }[]
}

/**
 * The case every seeded row copies: the d01 passport as ARGOS recognised it (its fields with their boxes in the
 * stored image's pixels, as the fixture's truth records them), checks run, validated by CaseSchema.
 */
function realisticCase(): Case {
  const truth = JSON.parse(readFileSync(fixturePath('d01-utopia-passport.truth.json'), 'utf8')) as {
    sides: { front: { width: number; height: number; fields: Record<string, TruthField> } }
  }
  const front = truth.sides.front
  const at = '2026-01-15T09:30:00.000Z'
  const fields: Field[] = Object.values(front.fields).map((f) => ({
    key: f.responseKey,
    side: 'front',
    value: f.ocr,
    ocrValue: f.ocr,
    score: f.score,
    accepted: null,
    quad: [f.origQuad[0]!, f.origQuad[1]!, f.origQuad[2]!, f.origQuad[3]!],
    quadSource: 'original',
    verified: false,
  }))
  const base = newCase('00000000-0000-4000-8000-000000000000', 'scan-000000.jpg', at)
  const recognised: Case = {
    ...base,
    front: { ...base.front, width: front.width, height: front.height, bytes: 1_204_233 },
    issuingCountry: 'NZL',
    idType: 'passport',
    status: 'recognised',
    provider: 'argos',
    transactionId: 'tx_d01-utopia-passport',
    documentType: 'passport',
    fields,
    ocr: Object.fromEntries(fields.map((f) => [f.key, f.ocrValue])),
    recognition: {
      shape: 'A',
      rotate: null,
      reviewFront: true,
      reviewBack: null,
      uploadScale: { front: 1, back: null },
      attempts: 1,
      recognisedAt: at,
      sent: { issuingCountry: 'NZL', idType: 'passport' },
      verification: null,
    },
    contentHash: { front: 'a'.repeat(64), back: null },
  }
  const options = { today: '2026-01-15', minimumAge: 18 }
  return CaseSchema.parse({ ...recognised, checks: { options, at, checks: runChecks(recognised, options) } })
}

/** Seeds `count` copies of the case as the owner, each with a fresh uuid and its own file name. */
async function seed(owner: pg.Pool, template: Case, count: number): Promise<void> {
  // As TeamCaseStore writes them: `cases.doc` is the case without its decision (a table of its own);
  // `cases.summary` its queue row without what the server's columns say (id, who decided, who holds the claim).
  const { decision: _decision, ...doc } = template
  const { id: _id, decidedBy: _decidedBy, claimedBy: _claimedBy, ...summary } = summarise(template)
  for (let from = 1; from <= count; from += SEED_BATCH) {
    const to = Math.min(count, from + SEED_BATCH - 1)
    await owner.query(
      `INSERT INTO cases (id, name, status, issuing_country, id_type, doc, summary)
       SELECT s.id, s.name, $3, $4, $5,
              jsonb_set(jsonb_set(jsonb_set($1::jsonb, '{id}', to_jsonb(s.id::text)),
                '{name}', to_jsonb(s.name)), '{front,originalName}', to_jsonb(s.name)),
              jsonb_set(jsonb_set($2::jsonb, '{name}', to_jsonb(s.name)), '{frontFile}', to_jsonb(s.name))
         FROM (SELECT gen_random_uuid() AS id, 'scan-' || lpad(g::text, 6, '0') || '.jpg' AS name
                 FROM generate_series($6::int, $7::int) g) s`,
      [
        JSON.stringify(doc),
        JSON.stringify(summary),
        template.status,
        template.issuingCountry,
        template.idType,
        from,
        to,
      ],
    )
  }
  await owner.query('VACUUM ANALYZE')
  // The seed's dirty pages written out now, not by the checkpointer in the middle of the measured runs.
  await owner.query('CHECKPOINT')
}

type Reviewer = { login: string; password: string; conn: TeamConnection; pool: pg.Pool }

/** Times `fn` `times` times in a row. */
async function timedLoop<T>(times: number, fn: () => Promise<T>, out: number[], got: T[] = []): Promise<T[]> {
  for (let i = 0; i < times; i++) {
    const t0 = performance.now()
    got.push(await fn())
    out.push(performance.now() - t0)
  }
  return got
}

/** claim next p95 and its SELECT 1 baseline, with the claimed-once check. */
async function claimBench(owner: pg.Pool, reviewers: readonly Reviewer[]): Promise<BenchResult> {
  const claimMs: number[] = []
  const selectMs: number[] = []
  const claims = new Map<string, Claim[]>(reviewers.map((r) => [r.login, []]))
  // One untimed claim each: the connection's first statement fills its catalogue caches, which is the start of a
  // reviewer's session, not a claim in a working queue. It is in the claimed-once check like the others.
  await Promise.all(
    reviewers.map(async (r) => {
      const c = await claimNext(r.pool, LEASE_SECONDS)
      if (c) claims.get(r.login)!.push(c)
    }),
  )
  const blockP95: string[] = []
  for (let b = 0; b < CLAIM_BLOCKS; b++) {
    const from = claimMs.length
    await Promise.all(
      reviewers.map((r) =>
        timedLoop(CLAIMS_PER_REVIEWER_PER_BLOCK, () => r.pool.query('SELECT 1'), selectMs),
      ),
    )
    await Promise.all(
      reviewers.map((r) =>
        timedLoop(
          CLAIMS_PER_REVIEWER_PER_BLOCK,
          () => claimNext(r.pool, LEASE_SECONDS),
          claimMs,
          claims.get(r.login)!,
        ),
      ),
    )
    blockP95.push(percentile(claimMs.slice(from), 0.95).toFixed(1))
  }

  // Claimed once: no case twice among what claimNext returned, every call got a case (50,000 are open), and the
  // database holds exactly those claims, each by the login that was told it had it.
  const all = [...claims.entries()].flatMap(([login, cs]) => cs.map((c) => ({ login, c })))
  const expected = reviewers.length * (1 + CLAIM_BLOCKS * CLAIMS_PER_REVIEWER_PER_BLOCK)
  if (all.length !== expected)
    throw new Error(
      `claimNext returned a case ${all.length} times out of ${expected}: with ${CASES} open cases every call should claim one.`,
    )
  const byId = new Map<string, string>()
  for (const { login, c } of all) {
    const other = byId.get(c.id)
    if (other !== undefined)
      throw new Error(`case ${c.id} was claimed twice in the run (by ${other} and ${login}).`)
    if (c.claimedBy !== login)
      throw new Error(`claimNext by ${login} returned a claim held by ${c.claimedBy}.`)
    byId.set(c.id, login)
  }
  const held = await owner.query<{ id: string; claimed_by: string }>(
    'SELECT id, claimed_by FROM cases WHERE claimed_by IS NOT NULL',
  )
  if (held.rows.length !== byId.size)
    throw new Error(`the database holds ${held.rows.length} claims, the reviewers were given ${byId.size}.`)
  for (const row of held.rows)
    if (byId.get(row.id) !== row.claimed_by)
      throw new Error(
        `case ${row.id} is held by ${row.claimed_by}, not by the reviewer claimNext gave it to.`,
      )

  log(`${all.length} claims checked, each case claimed once`)
  // Claims held pile up at the head of the queue, which each claimNext steps over: a p95 growing block after block
  // says that cost shows.
  log(`claim p95 per block of ${REVIEWERS * CLAIMS_PER_REVIEWER_PER_BLOCK}: ${blockP95.join(', ')} ms`)
  return p95Figure('team claim next p95', claimMs, BUDGET_CLAIM_MS, percentile(selectMs, 0.95))
}

/** open queue 50k: listSummaries end to end against the bare SELECT, alternating. */
async function listBench(reviewer: Reviewer): Promise<BenchResult> {
  const store = new TeamCaseStore(reviewer.pool, { leaseSeconds: LEASE_SECONDS })
  // listSummaries' own statement (team-store.ts), rows parsed by pg as it does, with nothing validated.
  const plainSelect = async (): Promise<number> =>
    (
      await reviewer.pool.query(
        `SELECT id, summary, CASE WHEN claim_expires_at > now() THEN claimed_by END AS claimed_by, decided_by
           FROM cases ORDER BY created_at, id`,
      )
    ).rows.length
  const listed = async (): Promise<number> => {
    const { summaries, problems } = await store.listSummaries()
    if (problems.length)
      throw new Error(
        `listSummaries reported ${problems.length} problem(s) on the seeded cases, which are all valid.`,
      )
    return summaries.length
  }
  // Warm-up of both (the pool's connections, the code paths), not measured.
  await plainSelect()
  await listed()
  const listMs: number[] = []
  const plainMs: number[] = []
  for (let i = 0; i < LIST_RUNS; i++) {
    const runs: [() => Promise<number>, number[]][] = [
      [listed, listMs],
      [plainSelect, plainMs],
    ]
    // Which goes first swaps each time.
    if (i % 2) runs.reverse()
    for (const [run, out] of runs) {
      const t0 = performance.now()
      const n = await run()
      out.push(performance.now() - t0)
      if (n !== CASES) throw new Error(`the queue listed ${n} cases, not the ${CASES} seeded.`)
    }
  }
  const ms = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ')
  log(`open queue runs: listSummaries ${ms(listMs)} ms; plain SELECT ${ms(plainMs)} ms`)
  return figure('team open queue 50k', listMs, 'ms', BUDGET_LIST_MS, median(plainMs))
}

/** change seen p95: A's update until B, told by NOTIFY, has loaded the changed case. */
async function changeBench(a: Reviewer, b: Reviewer): Promise<BenchResult> {
  const storeA = new TeamCaseStore(a.pool, { leaseSeconds: LEASE_SECONDS })
  const storeB = new TeamCaseStore(b.pool, { leaseSeconds: LEASE_SECONDS })
  const claim = await claimNext(a.pool, LEASE_SECONDS)
  if (!claim) throw new Error('reviewer A could not claim a case to change.')
  const id = claim.id
  const KEY = 'authority'
  const valueOf = (c: Case): string | undefined => c.fields.find((f) => f.key === KEY)?.value

  /** The sample B is waiting for: the value to see, and what to call once it has. */
  type Waiting = { value: string; seen: () => void; failed: (e: unknown) => void }
  let waiting: Waiting | null = null
  let listener: Listener | null = null
  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('reviewer B did not start listening within 10 s.')),
      10_000,
    )
    listener = listen({
      connect: () => connectClient(b.conn, b.password),
      onChange: (change: CaseChange) => {
        const w = waiting
        if (!w || change.id !== id) return
        storeB.load(id).then(
          (c) => {
            // A notification of an earlier write may come late: only the value of this sample counts.
            if (waiting === w && valueOf(c) === w.value) {
              waiting = null
              w.seen()
            }
          },
          (e: unknown) => w.failed(e),
        )
      },
      onState: (s) => {
        if (s.listening) {
          clearTimeout(timer)
          resolve()
        } else log(`B's live connection: ${s.reason}`)
      },
    })
  })
  try {
    await listening
    const seenMs: number[] = []
    const writeMs: number[] = []
    for (let i = 0; i < CHANGE_SAMPLES; i++) {
      const value = `DIA ${i + 1}`
      let t0 = 0
      const seen = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting = null
          reject(
            new Error(
              `reviewer B did not see A's change ${i + 1} within ${CHANGE_TIMEOUT_MS / 1000} s: no notification, or the loaded case lacked it.`,
            ),
          )
        }, CHANGE_TIMEOUT_MS)
        waiting = {
          value,
          seen: () => {
            clearTimeout(timer)
            resolve(performance.now() - t0)
          },
          failed: (e) => {
            clearTimeout(timer)
            waiting = null
            reject(e instanceof Error ? e : new Error(String(e)))
          },
        }
      })
      t0 = performance.now()
      // As the app's edit is saved: the field's new value and the edit in the case's history (the store
      // writes it as a field_edits row, whose trigger audits it).
      const written = storeA.update(id, (c) => {
        const before = c.fields.find((f) => f.key === KEY)!
        const after = { ...before, value }
        const edit: FieldEdit = {
          at: new Date().toISOString(),
          reviewer: 'Reviewer A',
          key: KEY,
          kind: 'value',
          before,
          after,
        }
        return {
          ...c,
          fields: c.fields.map((f) => (f === before ? after : f)),
          history: [...c.history, edit],
        }
      })
      try {
        await written
      } catch (e) {
        // A's write refused: B's wait ends with it (no timer left running), and the run fails with A's reason.
        const pending = waiting as Waiting | null
        pending?.failed(e)
        await seen.catch(() => undefined)
        throw e
      }
      writeMs.push(performance.now() - t0)
      seenMs.push(await seen)
    }
    return p95Figure('team change seen p95', seenMs, BUDGET_CHANGE_MS, percentile(writeMs, 0.95))
  } finally {
    await (listener as Listener | null)?.close()
  }
}

export async function runTeamBench(): Promise<BenchResult[]> {
  const started = performance.now()
  let cluster: PgCluster | null = null
  const pools: pg.Pool[] = []
  // Ctrl+C while it runs still stops the server (the finally below would not run).
  const unhook = stopOnSignal(() => cluster?.stop())
  try {
    cluster = await startPgCluster()
    const { superuser, port, socketDir } = cluster
    const overSocket = (db: string): TeamConnection =>
      parseConnectionUrl(
        `postgres://${superuser}@localhost:${port}/${db}?host=${encodeURIComponent(socketDir)}`,
      )
    const maintenance = createPool(overSocket('postgres'), '', { max: 1 })
    pools.push(maintenance)
    const database = 'recto_bench'
    await maintenance.query(`CREATE DATABASE ${database}`)
    const owner = createPool(overSocket(database), '', { max: 2 })
    pools.push(owner)
    await migrate(owner)

    const reviewers: Reviewer[] = []
    for (let i = 1; i <= REVIEWERS; i++) {
      const login = `bench_reviewer_${i}`
      const password = `pw-${randomBytes(9).toString('base64url')}`
      await maintenance.query(`CREATE ROLE ${login} LOGIN PASSWORD '${password}' IN ROLE recto_reviewer`)
      const conn = parseConnectionUrl(`postgres://${login}@127.0.0.1:${port}/${database}`)
      const pool = createPool(conn, password, { max: 2 })
      pools.push(pool)
      reviewers.push({ login, password, conn, pool })
    }
    // Each reviewer's connection made (a scram sign-in) before anything is timed.
    await Promise.all(reviewers.map((r) => r.pool.query('SELECT 1')))

    let t = performance.now()
    await seed(owner, realisticCase(), CASES)
    log(`seeded ${CASES} cases in ${((performance.now() - t) / 1000).toFixed(1)} s`)

    // The queue is listed before any case is claimed, so every run reads the same rows.
    t = performance.now()
    const list = await listBench(reviewers[0]!)
    log(`open queue measured in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    t = performance.now()
    const claim = await claimBench(owner, reviewers)
    log(`claims measured in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    t = performance.now()
    const change = await changeBench(reviewers[0]!, reviewers[1]!)
    log(`changes measured in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`)
    return [claim, list, change]
  } finally {
    await Promise.all(pools.map((p) => p.end().catch(() => undefined)))
    unhook()
    cluster?.stop()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runTeamBench()
  console.log(JSON.stringify(results, null, 2))
  const over = results.filter((r) => r.budget !== null && r.value > r.budget)
  if (over.length) {
    console.error(
      `[bench] over budget: ${over.map((r) => `${r.name} ${r.value.toFixed(1)} > ${r.budget}`).join(', ')}`,
    )
    process.exit(1)
  }
}
