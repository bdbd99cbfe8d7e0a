// Crash safety of the migration to the encrypted store (issue 13 item 3: "migration interrupted by SIGKILL and
// resumed"). A plaintext profile of 20 cases (one image large enough to be sealed in the worker threads, audit logs
// of two entries) is migrated by a child process (test/support/migrate-child.ts) that is SIGKILLed at a random
// folder plus a random delay, again and again until a run completes. After every kill, before anything repairs
// it, each case is on disk whole in one form: its plaintext folder intact, or its encrypted folder complete (every
// file opens and equals the original), or (killed between the two renames) both complete under the hidden names.
// At the end every case opens with the encrypted store, nothing is lost and no plaintext or leftover remains.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { CaseSchema } from '../../../shared/model'
import { AuditLog, newAuditFile } from '../../../electron/services/audit/audit-log'
import { CaseStore } from '../../../electron/services/store/case-store'
import { CaseKeyring } from '../../../electron/services/store/vault/case-keys'
import { KEY_FILE, readCaseKey } from '../../../electron/services/store/vault/keys'
import { MIGRATING_NEW, MIGRATING_OLD, migrateProfile } from '../../../electron/services/store/vault/migrate'
import { isSealed, open, openAuditLog } from '../../../electron/services/store/vault/sealed-file'
import { REPO_ROOT } from '../../support/paths'
import { newCase, note } from '../../support/store-cases'
import { testVault } from '../../support/test-vault'

const CASES = 20
const MAX_KILLS = 12

const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0])
const image = (i: number) => Buffer.concat([JPEG_START, Buffer.alloc(i === 0 ? 1_500_000 : 20_000, i + 1)])
const nameOf = (i: number) => `Secret Person ${i}.jpg`
const notesOf = (i: number) => [`first secret note ${i}`, `second secret note ${i}`]

async function plainProfile(): Promise<{ dir: string; ids: string[] }> {
  const dir = join(await mkdtemp(join(tmpdir(), 'recto-migrate-crash-')), 'user-data')
  const store = new CaseStore(dir, { indexFlushMs: 5 })
  await store.init()
  const ids: string[] = []
  for (let i = 0; i < CASES; i++) {
    const id = store.newId()
    const [first, second] = notesOf(i) as [string, string]
    await store.create(newCase(id, nameOf(i), new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()), [
      { file: 'front.jpg', bytes: image(i) },
      { file: 'audit.jsonl', bytes: Buffer.from(newAuditFile(note(first)).text) },
    ])
    await new AuditLog(join(store.root, id)).append(note(second))
    ids.push(id)
  }
  await store.close()
  return { dir, ids }
}

type Run = { killed: boolean; done: string | null; progress: number }

/** Runs the child; kills it after progress line `killAfter` plus `delayMs` (null: lets it finish). */
function runChild(userDataDir: string, killAfter: number | null, delayMs: number): Promise<Run> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'test/support/migrate-child.ts'), userDataDir],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stderr = ''
  let killed = false
  let done: string | null = null
  let progress = -1
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [word, n] = line.split(' ')
    if (word === 'done') done = line
    if (word === 'progress') {
      progress = Number(n)
      if (killAfter !== null && progress === killAfter) {
        setTimeout(() => {
          killed = child.kill('SIGKILL')
        }, delayMs)
      }
    }
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL' && killed) resolve({ killed: true, done, progress })
      else if (code === 0 && done) resolve({ killed: false, done, progress })
      else reject(new Error(`migration child stopped (code ${code}, signal ${signal}): ${stderr}`))
    })
  })
}

/** Whether `dir` holds case i whole in plaintext. */
async function wholePlain(dir: string, id: string, i: number): Promise<boolean> {
  if (existsSync(join(dir, KEY_FILE))) return false
  const c = CaseSchema.parse(JSON.parse(await readFile(join(dir, 'case.json'), 'utf8')))
  const log = await new AuditLog(dir).read()
  return (
    c.id === id &&
    c.name === nameOf(i) &&
    (await readFile(join(dir, 'front.jpg'))).equals(image(i)) &&
    JSON.stringify(log.entries.map((e) => e.details.note)) === JSON.stringify(notesOf(i))
  )
}

/** Whether `dir` holds case i whole and encrypted: every file opens and equals the original. */
async function wholeEncrypted(dir: string, vaultKey: Buffer, id: string, i: number): Promise<boolean> {
  const key = await readCaseKey(dir, vaultKey, id)
  const raw = await readFile(join(dir, 'case.json'))
  const c = CaseSchema.parse(JSON.parse(open(key, raw, { caseId: id, name: 'case.json' }).toString('utf8')))
  const front = open(key, await readFile(join(dir, 'front.jpg')), { caseId: id, name: 'front.jpg' })
  const audit = openAuditLog(key, await readFile(join(dir, 'audit.jsonl')), {
    caseId: id,
    name: 'audit.jsonl',
  })
  const notes = audit.lines.map((l) => (JSON.parse(l) as { details: { note: string } }).details.note)
  return (
    isSealed(raw) &&
    c.name === nameOf(i) &&
    front.equals(image(i)) &&
    audit.broken === null &&
    audit.tail === 'none' &&
    JSON.stringify(notes) === JSON.stringify(notesOf(i))
  )
}

describe('migration crash safety', () => {
  it(`a SIGKILL at random points while migrating ${CASES} cases, then resume: nothing lost, nothing plain`, async () => {
    const { dir, ids } = await plainProfile()
    const casesDir = join(dir, 'cases')
    const vault = await testVault(dir)

    // Timing, on an uninterrupted copy of the same profile (in-process).
    const copy = join(dir, '..', 'timing-copy')
    await cp(dir, copy, { recursive: true })
    const t0 = performance.now()
    expect((await migrateProfile(copy, new CaseKeyring(vault), { logger: console })).migrated).toBe(CASES)
    const ms = performance.now() - t0
    console.info(
      `migration: ${CASES} cases (~${((1.5e6 + 19 * 2e4) / 1e6).toFixed(1)} MB of images) in ${ms.toFixed(0)} ms ` +
        `= ${((CASES * 1000) / ms).toFixed(1)} cases/s`,
    )

    const kills: string[] = []
    let finished = false
    let left = CASES
    for (let round = 0; round < MAX_KILLS && !finished; round++) {
      // Kill after a random folder of what is left (0 = before the first one is done) plus 0-40 ms. The first
      // round kills early (before the first folder, plus at most 5 ms), so at least one kill always lands: a fast
      // machine could otherwise finish all 20 before a late kill.
      const killAfter = round === 0 ? 0 : Math.floor(Math.random() * Math.max(1, left))
      const delayMs = Math.floor(Math.random() * (round === 0 ? 6 : 41))
      const run = await runChild(dir, killAfter, delayMs)
      finished = !run.killed
      if (!run.killed) break
      kills.push(`after folder ${killAfter} + ${delayMs} ms`)
      const context = `round ${round + 1}, killed ${kills.at(-1)}`
      // Before any repair: every case whole in one form.
      for (const [i, id] of ids.entries()) {
        const live = join(casesDir, id)
        const old = join(casesDir, MIGRATING_OLD + id)
        const staged = join(casesDir, MIGRATING_NEW + id)
        if (existsSync(live)) {
          const whole =
            (await wholePlain(live, id, i)) ||
            (existsSync(join(live, KEY_FILE)) && (await wholeEncrypted(live, vault.vaultKey(), id, i)))
          expect(whole, `${context}: case ${i}`).toBe(true)
        } else {
          expect(await wholePlain(old, id, i), `${context}: case ${i} set aside`).toBe(true)
          expect(await wholeEncrypted(staged, vault.vaultKey(), id, i), `${context}: case ${i} staged`).toBe(
            true,
          )
        }
      }
      left = ids.filter(
        (id) => !existsSync(join(casesDir, id, KEY_FILE)) || existsSync(join(casesDir, MIGRATING_OLD + id)),
      ).length
    }
    if (!finished) await runChild(dir, null, 0)
    console.info(`migration crash test: ${kills.length} kills (${kills.join('; ')})`)
    expect(kills.length).toBeGreaterThan(0)

    // Resumed to the end: every case opens with the encrypted store, whole.
    const keys = new CaseKeyring(vault)
    const store = new CaseStore(dir, { keys })
    await store.init()
    expect(store.problems()).toEqual([])
    expect((await store.listSummaries()).summaries.map((s) => s.id).sort()).toEqual([...ids].sort())
    for (const [i, id] of ids.entries()) {
      const c = await store.load(id)
      expect(c.name).toBe(nameOf(i))
      expect((await store.readImage(c, 'front')).equals(image(i)), `case ${i} image`).toBe(true)
      expect(await wholeEncrypted(join(casesDir, id), vault.vaultKey(), id, i), `case ${i}`).toBe(true)
    }
    await store.close()
    // Nothing plaintext and nothing left over.
    expect((await readdir(casesDir)).filter((n) => n !== 'index.json').sort()).toEqual([...ids].sort())
    for (const id of ids) {
      for (const name of await readdir(join(casesDir, id))) {
        const bytes = await readFile(join(casesDir, id, name))
        const text = bytes.toString('latin1')
        expect(text, `${id}/${name}`).not.toMatch(/secret/i)
        if (name !== KEY_FILE && name !== 'audit.jsonl') expect(isSealed(bytes), `${id}/${name}`).toBe(true)
      }
    }
    expect(isSealed(await readFile(join(casesDir, 'index.json')))).toBe(true)
  }, 180_000)
})
