// A batch interrupted by a quit or a crash resumes on the next start: recognised cases are never sent again,
// cases that were queued or in flight are. The emulator's request log is the billing record.
import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startArgosEmulator, type ArgosEmulator } from '../../support/argos-emulator'
import { REPO_ROOT } from '../../support/paths'
import { serviceHarness } from '../../support/service-harness'

let emulator: ArgosEmulator
beforeAll(async () => {
  emulator = await startArgosEmulator({ latencyMs: 300 })
})
afterAll(async () => {
  await emulator.close()
})

const FILES = [
  'd01-utopia-passport-front.jpg',
  'd02-ita-id-front.jpg',
  'd03-can-dl-front.png',
  'd04-jpn-residence-front.jpg',
  'd05-mex-passport-turned-front.jpg',
  'd01-utopia-passport-front.jpg',
]

/** Requests that got an answer (a request whose client left before the answer was never answered, nor billed). */
const answered = (from: number) =>
  emulator.requests.slice(from).filter((r) => !r.clientGone && r.status !== null)

describe('resume after an interrupted batch', () => {
  it('after a quit: recognised cases are not sent again, the rest are', async () => {
    const env = { ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey }
    const a = await serviceHarness(env)
    await a.service.updateSettings({ recognition: { concurrency: 2 } })
    const ids: string[] = []
    for (const f of FILES) ids.push((await a.service.importScans([await a.file(f)])).case!.id)
    const from = emulator.requests.length
    void a.service.recognizeAll({ issuingCountry: 'NZL', idType: 'passport' })
    const firstTwo = await (async () => {
      for (;;) {
        const done = (await a.service.listCases()).filter((c) => c.status === 'recognised')
        if (done.length >= 2) return done.map((c) => c.id)
        await new Promise((r) => setTimeout(r, 10))
      }
    })()
    await a.service.dispose()
    const left = (await a.service.listCases()).filter((c) => c.status !== 'recognised')
    expect(left.length).toBeGreaterThan(0)
    expect(left.every((c) => c.status === 'queued' || c.status === 'sending')).toBe(true)

    const b = await serviceHarness(env, { userDataDir: a.userDataDir })
    const cases = await b.waitFor(ids, ['recognised'])
    expect(cases.every((c) => c.status === 'recognised')).toBe(true)
    // Every case was answered exactly once: the two recognised before the quit were not sent again.
    expect(answered(from)).toHaveLength(ids.length)
    for (const id of firstTwo) expect((await b.service.getCase(id)).recognition?.attempts).toBe(1)
    await b.service.dispose()
  })

  it('after a crash (SIGKILL mid-batch) the next start finishes the batch without double billing', async () => {
    const userDataDir = join(await mkdtemp(join(tmpdir(), 'recto-crash-')), 'user-data')
    const from = emulator.requests.length
    // node itself with tsx as a loader (not the tsx launcher, which would run the service in a grandchild
    // that SIGKILL of the launcher leaves running).
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO_ROOT, 'test/support/service-child.ts'),
        userDataDir,
        emulator.url,
        emulator.apiKey,
        '2',
        ...FILES,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const recognisedBeforeKill: string[] = []
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! })
      lines.on('line', (line) => {
        if (child.killed || !line.startsWith('recognised ')) return
        recognisedBeforeKill.push(line.slice(11))
        if (recognisedBeforeKill.length === 2) {
          child.kill('SIGKILL')
          resolve()
        }
      })
      child.on('exit', () => resolve())
      child.on('error', reject)
    })
    await new Promise((r) => setTimeout(r, 400)) // let the emulator see the dropped connections
    expect(recognisedBeforeKill).toHaveLength(2)

    const env = { ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey }
    const b = await serviceHarness(env, { userDataDir })
    const all = await b.service.listCases()
    expect(all).toHaveLength(FILES.length)
    await b.waitFor(
      all.map((c) => c.id),
      ['recognised'],
    )
    // Cases answered before the crash are not sent again; the in-flight ones (never answered) are.
    expect(answered(from)).toHaveLength(FILES.length)
    await b.service.dispose()
  }, 60_000)
})
