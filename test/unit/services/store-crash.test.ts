// Crash safety of the case store, plaintext and encrypted (issue 13): a writer process editing cases in a tight
// loop is SIGKILLed at random moments. Every time, the next start finds every case whole and valid (no torn file,
// nothing quarantined; encrypted: every sealed case.json opens, verifies and validates), with at most the edit in
// flight lost, and an index (sealed, when encrypted) that opens and agrees with the cases.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { isTempFile } from '../../../electron/services/store/atomic-write'
import { CaseStore } from '../../../electron/services/store/case-store'
import { CaseKeyring } from '../../../electron/services/store/vault/case-keys'
import { readCaseKey } from '../../../electron/services/store/vault/keys'
import { isSealed, open } from '../../../electron/services/store/vault/sealed-file'
import { CaseSchema } from '../../../shared/model'
import { REPO_ROOT } from '../../support/paths'
import { testVault } from '../../support/test-vault'

const CASES = 4
const ROUNDS = 5

type Round = { delayMs: number; acked: Map<string, number>; acks: number }

/** Starts the writer, SIGKILLs it `delayMs` after its first acknowledged edit, and returns what it acknowledged. */
function runAndKill(userDataDir: string, delayMs: number, encrypted: boolean): Promise<Round> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPO_ROOT, 'test/support/store-writer-child.ts'),
      userDataDir,
      String(CASES),
      ...(encrypted ? ['encrypted'] : []),
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const acked = new Map<string, number>()
  let acks = 0
  let stderr = ''
  let killed = false
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [word, id, n] = line.split(' ')
    if (word === 'start') acked.set(id!, Number(n))
    if (word === 'ack') {
      acked.set(id!, Number(n))
      // The clock starts at the first completed edit, so the kill lands inside the edit loop on a slow machine too.
      if (++acks === 1) {
        setTimeout(() => {
          killed = true
          child.kill('SIGKILL')
        }, delayMs)
      }
    }
  })
  // 'close' comes after the pipes are drained: every line printed before the kill has been read.
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve({ delayMs, acked, acks })
      else reject(new Error(`writer stopped by itself (code ${code}, signal ${signal}): ${stderr}`))
    })
  })
}

const counterOf = (c: { fields: { key: string; value: string }[] }) =>
  Number(c.fields.find((f) => f.key === 'counter')!.value)

/** What is on disk, read raw as the next start will find it: case.json text, and the index text if any. */
async function readRaw(userDataDir: string, encrypted: boolean) {
  const casesDir = join(userDataDir, 'cases')
  if (!encrypted) {
    return {
      keys: null,
      caseText: (id: string) => readFile(join(casesDir, id, 'case.json'), 'utf8'),
      indexText: (raw: Buffer) => raw.toString('utf8'),
    }
  }
  const vault = await testVault(userDataDir)
  const keys = new CaseKeyring(vault)
  return {
    keys,
    caseText: async (id: string) => {
      const raw = await readFile(join(casesDir, id, 'case.json'))
      expect(isSealed(raw), `case ${id} sealed`).toBe(true)
      const key = await readCaseKey(join(casesDir, id), vault.vaultKey(), id)
      return open(key, raw, { caseId: id, name: 'case.json' }).toString('utf8')
    },
    indexText: (raw: Buffer) => keys.openIndex(raw),
  }
}

describe.each([
  { mode: 'plaintext', encrypted: false },
  { mode: 'encrypted', encrypted: true },
])('case store crash safety ($mode)', ({ encrypted }) => {
  it(`a SIGKILL at ${ROUNDS} random moments mid-edit loses at most the edit in flight`, async () => {
    const userDataDir = join(await mkdtemp(join(tmpdir(), 'recto-store-crash-')), 'user-data')
    const casesDir = join(userDataDir, 'cases')
    for (let round = 0; round < ROUNDS; round++) {
      const delayMs = 50 + Math.floor(Math.random() * 351)
      const { acked } = await runAndKill(userDataDir, delayMs, encrypted)
      const context = `round ${round + 1}, killed ${delayMs} ms after the first edit`
      expect(acked.size, context).toBe(CASES)

      // Before any repair: every case.json on disk (opened, when sealed) parses and validates; so does the index.
      const { keys, caseText, indexText } = await readRaw(userDataDir, encrypted)
      for (const id of acked.keys()) {
        const text = await caseText(id)
        expect(() => CaseSchema.parse(JSON.parse(text)), `${context}: case ${id}`).not.toThrow()
      }
      if (existsSync(join(casesDir, 'index.json'))) {
        const index = await readFile(join(casesDir, 'index.json'))
        expect(() => JSON.parse(indexText(index)), `${context}: index.json`).not.toThrow()
      }

      const store = new CaseStore(userDataDir, { keys })
      await store.init()
      expect(store.problems(), context).toEqual([])
      expect(existsSync(join(userDataDir, 'quarantine')), context).toBe(false)
      const { summaries } = await store.listSummaries()
      expect(summaries.map((s) => s.id).sort(), context).toEqual([...acked.keys()].sort())
      for (const [id, last] of acked) {
        const c = await store.load(id)
        // The acknowledged edit is on disk; the one in flight may or may not be.
        expect([last, last + 1], `${context}: case ${id}`).toContain(counterOf(c))
        // The index never serves a summary older than the case.
        expect(summaries.find((s) => s.id === id)?.updatedAt, `${context}: summary of ${id}`).toBe(
          c.updatedAt,
        )
      }
      // Whatever the kill left half-written was removed at init.
      for (const folder of [casesDir, ...[...acked.keys()].map((id) => join(casesDir, id))]) {
        const names = await readdir(folder)
        expect(
          names.filter((n) => isTempFile(n) || n.startsWith('.importing-')),
          context,
        ).toEqual([])
      }
      await store.close()
    }
  }, 120_000)
})
