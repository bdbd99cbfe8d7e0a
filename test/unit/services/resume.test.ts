// A batch interrupted by a quit or a crash resumes on the next start without billing a document twice. ARGOS bills
// each request it processes, whether or not the client waited for the answer, so the billing record here is every
// request the emulator RECEIVED in full (`bodyReceived`, abandoned ones included), not the ones it answered.
// The crash tests kill the whole service process (test/support/service-child.ts) with SIGKILL:
//   (a) before the send: the case was saved "queued" only → resumed, sent once;
//   (b) during the request: the emulator holds the answer → Interrupted, not resent;
//   (c) between the answer and the save: the child kills itself once the answer is read → Interrupted, not resent.
// The reviewer's Recognize resends an Interrupted case (once); "Resend interrupted requests automatically" resends
// it at start, audited.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FileSettingsStore } from '../../../electron/services/settings/file-settings-store'
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
beforeEach(() => emulator.reset())

const FILES = [
  'd01-utopia-passport-front.jpg',
  'd02-ita-id-front.jpg',
  'd03-can-dl-front.png',
  'd04-jpn-residence-front.jpg',
  'd05-mex-passport-turned-front.jpg',
  'd01-utopia-passport-front.jpg',
]
const NZL = { issuingCountry: 'NZL', idType: 'passport' } as const
const env = () => ({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey })

/** Every request whose body reached the emulator (what ARGOS could bill), answered or not. */
const received = () => emulator.requests.filter((r) => r.bodyReceived)

/** A case's audit events, oldest first. */
async function auditOf(service: Awaited<ReturnType<typeof serviceHarness>>['service'], id: string) {
  return (await service.getAudit(id)).entries
}

/** A service child on a fresh profile recognising FILES; resolves with the profile, the ids and the process. */
async function startChild(concurrency: number, files: string[], childEnv: Record<string, string> = {}) {
  const userDataDir = join(await mkdtemp(join(tmpdir(), 'recto-crash-')), 'user-data')
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
      String(concurrency),
      ...files,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...childEnv } },
  )
  const ids: string[] = []
  const exited = new Promise<NodeJS.Signals | null>((resolve, reject) => {
    child.on('exit', (_code, signal) => resolve(signal))
    child.on('error', reject)
  })
  const batchStarted = new Promise<void>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('imported ')) ids.push(line.slice(9))
      if (line === 'batch') resolve()
    })
  })
  return { userDataDir, ids, child, exited, batchStarted }
}

function kill(child: ChildProcess) {
  child.kill('SIGKILL')
}

describe('resume after an interrupted batch', () => {
  it('after a quit: recognised cases are not sent again, queued ones are, in-flight ones are Interrupted', async () => {
    const a = await serviceHarness(env())
    await a.service.updateSettings({ recognition: { concurrency: 2 } })
    const ids: string[] = []
    for (const f of FILES) ids.push((await a.service.importScans([await a.file(f)])).case!.id)
    // Two cases answered, the next two held at the emulator (in flight), the last two queued: then quit.
    emulator.hold()
    void a.service.recognizeAll(NZL)
    await emulator.received(2)
    emulator.release()
    emulator.hold()
    await emulator.received(4)
    for (;;) {
      const done = (await a.service.listCases()).filter((c) => c.status === 'recognised')
      if (done.length >= 2) break
      await new Promise((r) => setTimeout(r, 10))
    }
    await a.service.dispose()
    emulator.release()
    const before = await a.service.listCases()
    const inFlight = before.filter((c) => c.status === 'sending').map((c) => c.id)
    const queued = before.filter((c) => c.status === 'queued').map((c) => c.id)
    expect(inFlight).toHaveLength(2)
    expect(queued).toHaveLength(2)

    const b = await serviceHarness(env(), { userDataDir: a.userDataDir })
    await b.waitFor(queued, ['recognised'])
    const after = await b.waitFor(inFlight, ['interrupted'])
    for (const id of inFlight) {
      const c = await b.service.getCase(id)
      expect(c.sendMarker?.attemptId).toMatch(/^[0-9a-f]{32}$/)
      expect(c.error?.message).toMatch(/interrupted at .* after the request was sent; ARGOS may have/)
    }
    expect(after.filter((c) => c.status === 'recognised')).toHaveLength(ids.length - inFlight.length)
    // One request received per case: the in-flight ones reached the emulator before the quit and are not resent.
    expect(received()).toHaveLength(ids.length)
    await b.service.dispose()
  })

  it('a crash before the send (queued) and during the request (held): one request per case, the held one Interrupted', async () => {
    emulator.hold()
    const files = FILES.slice(0, 3)
    const run = await startChild(1, files)
    await run.batchStarted
    await emulator.received(1) // the first case's request is at ARGOS; the other two are saved "queued"
    kill(run.child)
    expect(await run.exited).toBe('SIGKILL')
    emulator.release()
    expect(received()).toHaveLength(1)
    const held = run.ids[0]!

    const b = await serviceHarness(env(), { userDataDir: run.userDataDir })
    await b.waitFor(run.ids.slice(1), ['recognised'])
    await b.waitFor([held], ['interrupted'])
    expect(received()).toHaveLength(files.length)
    expect(emulator.requests[0]).toMatchObject({ bodyReceived: true, clientGone: true, status: null })
    const types = (await auditOf(b.service, held)).map((e) => e.type)
    expect(types.slice(-2)).toEqual(['sent', 'recognition_interrupted'])

    // The reviewer's Recognize resends it: one more request, audited as a resend of the interrupted attempt.
    const marker = (await b.service.getCase(held)).sendMarker!
    const [outcome] = await b.service.recognize([held], NZL)
    expect(outcome).toMatchObject({ ok: true })
    expect(received()).toHaveLength(files.length + 1)
    const saved = await b.service.getCase(held)
    expect(saved).toMatchObject({ status: 'recognised', sendMarker: null, error: null })
    const sent = (await auditOf(b.service, held)).filter((e) => e.type === 'sent')
    expect(sent.map((e) => e.details)).toMatchObject([
      { attempt: 1 },
      { attempt: 2, resendOf: marker.attemptId },
    ])
    await b.service.dispose()
  }, 60_000)

  it('a crash between the answer and the save: Interrupted, not resent', async () => {
    const files = FILES.slice(0, 3)
    const run = await startChild(1, files, { RECTO_CHILD_KILL_AFTER_ANSWER: '1' })
    expect(await run.exited).toBe('SIGKILL')
    // ARGOS answered the first request in full; the child died before saving it.
    expect(emulator.requests).toHaveLength(1)
    expect(emulator.requests[0]).toMatchObject({ bodyReceived: true, status: 200 })

    const b = await serviceHarness(env(), { userDataDir: run.userDataDir })
    await b.waitFor(run.ids.slice(1), ['recognised'])
    await b.waitFor([run.ids[0]!], ['interrupted'])
    expect(received()).toHaveLength(files.length)
    await b.service.dispose()
  }, 60_000)

  it('with "Resend interrupted requests automatically" on, the interrupted case is resent once, audited', async () => {
    emulator.hold()
    const files = FILES.slice(0, 2)
    const run = await startChild(1, files)
    await run.batchStarted
    await emulator.received(1)
    kill(run.child)
    await run.exited
    emulator.release()
    const settings = new FileSettingsStore(join(run.userDataDir, 'settings.json'))
    const stored = settings.read()
    settings.write({ ...stored, recognition: { ...stored.recognition, resendInterrupted: true } })

    const b = await serviceHarness(env(), { userDataDir: run.userDataDir })
    await b.waitFor(run.ids, ['recognised'])
    // One request per case, plus the one resend.
    expect(received()).toHaveLength(files.length + 1)
    const entries = await auditOf(b.service, run.ids[0]!)
    const interrupted = entries.filter((e) => e.type === 'recognition_interrupted')
    expect(interrupted).toHaveLength(1)
    expect(interrupted[0]!.details).toMatchObject({ resent: 'automatic', attemptId: expect.any(String) })
    expect(entries.filter((e) => e.type === 'sent').map((e) => e.details.attempt)).toEqual([1, 2])
    expect(await b.service.getCase(run.ids[1]!)).toMatchObject({ recognition: { attempts: 1 } })
    await b.service.dispose()
  }, 60_000)

  it('a connection dropped after sending is not resent inside the action: the case is Interrupted', async () => {
    emulator.setLatency(0)
    const a = await serviceHarness(env())
    const id = (await a.service.importScans([await a.file(FILES[0]!)])).case!.id
    emulator.injectFault({ kind: 'drop' })
    const [outcome] = await a.service.recognize([id], NZL)
    expect(outcome).toMatchObject({ ok: false })
    expect(received()).toHaveLength(1)
    const c = await a.service.getCase(id)
    expect(c.status).toBe('interrupted')
    expect(c.error).toMatchObject({ title: 'Recognition interrupted', action: 'Recognize again to resend.' })
    expect((await a.service.listCases())[0]).toMatchObject({
      queueStatus: 'interrupted',
      errorTitle: 'Recognition interrupted',
    })
    // Recognize all leaves it alone (it would resend behind the reviewer's back); an explicit Recognize does not.
    expect(await a.service.recognizeAll(null)).toEqual([])
    expect(received()).toHaveLength(1)
    await a.service.recognize([id], NZL)
    expect((await a.service.getCase(id)).status).toBe('recognised')
    expect(received()).toHaveLength(2)

    // With the setting on, the same drop is retried at once (and may be billed twice).
    await a.service.updateSettings({ recognition: { resendInterrupted: true } })
    emulator.injectFault({ kind: 'drop' })
    await a.service.recognize([id], NZL)
    expect(await a.service.getCase(id)).toMatchObject({ status: 'recognised', recognition: { attempts: 2 } })
    expect(received()).toHaveLength(4)
    await a.service.dispose()
  })
})
