// The team workspace through two real ReviewServices (two reviewers, two logins) on one database: what one imports
// and corrects the other sees live, cannot change while it is claimed, and approves once released; the corrector's
// own approval is refused; the audit trail is the server's chain. Also: the connection refused with the reason, the
// workspace saved and reopened, and writes refused while the database is down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Case } from '../../../../shared/model'
import { startArgosEmulator, type ArgosEmulator } from '../../../support/argos-emulator'
import { serviceHarness } from '../../../support/service-harness'
import { cluster, createTestDb, setUpOnce, type Login, type TestDb } from './pg-test-db'
import { migrate } from '../../../../electron/services/store/pg/migrate'

let emulator: ArgosEmulator
let db: TestDb
let anna: Login
let ben: Login
const harnesses: Awaited<ReturnType<typeof serviceHarness>>[] = []

beforeAll(async () => {
  emulator = await startArgosEmulator()
})
setUpOnce(async () => {
  db = await createTestDb('tw')
  await migrate(db.owner)
  anna = await db.login('anna', 'recto_reviewer')
  ben = await db.login('ben', 'recto_senior')
})
afterAll(async () => {
  for (const h of harnesses) await h.cleanup()
  await db?.drop()
  await emulator?.close()
})

const url = (l: Login) => `postgres://${l.name}@127.0.0.1:${cluster().port}/${db.name}`

async function reviewer(l: Login, account: string) {
  const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey }, { account })
  harnesses.push(h)
  await h.service.updateSettings({ reviewerName: account })
  const view = await h.service.connectWorkspace({ kind: 'team', connection: url(l), password: l.password })
  expect(view).toMatchObject({ kind: 'team', state: 'connected', login: l.name })
  return h
}

async function until<T>(what: () => Promise<T | undefined | null | false>, ms = 5_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await what()
    if (v) return v
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function verifyAll(h: Awaited<ReturnType<typeof reviewer>>, c: Case) {
  for (const f of c.fields) if (!f.verified) await h.service.setVerified(c.id, f.key, true)
}

describe('team workspace through the service', () => {
  it('refuses a wrong password with the reason, and keeps the local workspace', async () => {
    const h = await serviceHarness({}, { encryption: false })
    harnesses.push(h)
    await expect(
      h.service.connectWorkspace({ kind: 'team', connection: url(anna), password: 'wrong' }),
    ).rejects.toThrow(/refused the login .*password is wrong/)
    expect(await h.service.getWorkspace()).toMatchObject({ kind: 'local', state: 'local' })
    await expect(
      h.service.connectWorkspace({ kind: 'team', connection: 'postgres://x:pw@host/db', password: null }),
    ).rejects.toThrow(/Remove the password from the connection/)
  })

  it('A imports and corrects, B sees it live and cannot change it, A may not approve, B approves after release', async () => {
    const a = await reviewer(anna, 'reviewer-a')
    const b = await reviewer(ben, 'reviewer-b')
    const seenBefore = b.events.filter((e) => e.event === 'casesChanged').length

    const id = (await a.service.importScans([await a.file('d01-utopia-passport-front.jpg')])).case!.id
    // B hears of it without asking (NOTIFY), and its list has it, claimed by A (the importer).
    await until(async () => b.events.filter((e) => e.event === 'casesChanged').length > seenBefore)
    const row = (await b.service.listCases()).find((s) => s.id === id)
    expect(row).toMatchObject({ claimedBy: anna.name, frontFile: 'd01-utopia-passport-front.jpg' })

    const [o] = await a.service.recognize([id], { issuingCountry: 'NZL', idType: 'passport' })
    expect(o!.ok).toBe(true)
    const c = await a.service.getCase(id)
    const name = c.fields.find((f) => f.key === 'name')!
    await a.service.setFieldValue(id, 'name', 'TAMIHANA AROHA', name.value)

    // B: the claim is A's, so B looks but cannot change anything; the server says who holds it.
    expect(await b.service.claimCase(id)).toMatchObject({ mine: false, claimedBy: anna.name })
    await expect(b.service.setFieldValue(id, 'name', 'B WAS HERE', null)).rejects.toThrow(
      new RegExp(`In review by ${anna.name}`),
    )
    expect((await b.service.getCase(id)).fields.find((f) => f.key === 'name')!.value).toBe('TAMIHANA AROHA')

    // A corrected the case: A's approval is refused (four-eyes).
    await verifyAll(a, await a.service.getCase(id))
    await expect(a.service.decide(id, { kind: 'approved', reason: null, note: '' })).rejects.toThrow(
      /Four-eyes rule/,
    )
    expect(await a.service.releaseClaim(id, false)).toMatchObject({ claimedBy: null })

    expect(await b.service.claimCase(id)).toMatchObject({ mine: true, claimedBy: ben.name })
    // The team password is one of the secrets no message to the renderer may carry (the IPC binding redacts them).
    expect(b.service.secretsForRedaction()).toContain(ben.password)
    const approved = await b.service.decide(id, { kind: 'approved', reason: null, note: 'checked' })
    expect(approved.decision).toMatchObject({ kind: 'approved', account: ben.name, note: 'checked' })
    // A sees the decision, recorded by the server under B's login.
    expect((await a.service.getCase(id)).decision).toMatchObject({ kind: 'approved', account: ben.name })
    expect((await a.service.listCases()).find((s) => s.id === id)).toMatchObject({
      queueStatus: 'approved',
      decidedBy: ben.name,
      claimedBy: null,
    })

    // Anyone may export a case someone else decided (no claim needed): the export is an event of its own, A's.
    const csv = await a.service.exportCsv(
      { caseIds: [id], decidedOnly: true },
      {
        delimiter: ',',
        bom: false,
        includeOcr: false,
        normaliseDates: false,
        maskDocumentNumbers: false,
        excludeMrz: false,
      },
    )
    expect(csv).toMatchObject({ status: 'saved', rows: 1 })

    const audit = await a.service.getAudit(id)
    expect(audit.verdict).toEqual({ ok: true, count: audit.entries.length })
    expect(audit.entries.at(-1)).toMatchObject({
      type: 'exported',
      account: anna.name,
      details: { format: 'csv' },
    })
    const types = audit.entries.map((e) => e.type)
    expect(types).toEqual(
      expect.arrayContaining(['case_created', 'imported', 'sent', 'recognised', 'field_edited', 'decided']),
    )
    expect(audit.entries.find((e) => e.type === 'decided')).toMatchObject({ account: ben.name })
    expect(audit.entries.find((e) => e.type === 'field_edited')).toMatchObject({ account: anna.name })
  })

  it('"Next case" claims each open case once across reviewers, and a senior can release a claim', async () => {
    const a = await reviewer(anna, 'reviewer-a')
    const b = await reviewer(ben, 'reviewer-b')
    const ids: string[] = []
    for (let i = 0; i < 3; i++)
      ids.push((await a.service.importScans([await a.file('d02-ita-id-front.jpg')])).case!.id)
    for (const id of ids) await a.service.releaseClaim(id, false)
    const taken = new Set<string>()
    for (;;) {
      const [x, y] = await Promise.all([a.service.nextCase(), b.service.nextCase()])
      if (!x && !y) break
      for (const s of [x, y])
        if (s) {
          expect(taken.has(s.id)).toBe(false)
          taken.add(s.id)
        }
    }
    for (const id of ids) expect(taken.has(id)).toBe(true)
    const annas = (await a.service.listCases()).filter((s) => s.claimedBy === anna.name && ids.includes(s.id))
    if (annas[0]) {
      // A reviewer cannot release another's claim; a senior can, and it is audited.
      expect(await b.service.releaseClaim(annas[0].id, true)).toMatchObject({ claimedBy: null })
      const audit = await b.service.getAudit(annas[0].id)
      expect(audit.entries.at(-1)).toMatchObject({ type: 'claim_released', details: { heldBy: anna.name } })
    }
    const bens = (await a.service.listCases()).filter((s) => s.claimedBy === ben.name && ids.includes(s.id))
    if (bens[0]) await expect(a.service.releaseClaim(bens[0].id, true)).rejects.toThrow(/In review by/)
    expect(annas.length + bens.length).toBeGreaterThan(0)
  })

  it('warns of a duplicate across the team, and Recognize all takes only the cases this reviewer holds', async () => {
    const a = await reviewer(anna, 'reviewer-a')
    const b = await reviewer(ben, 'reviewer-b')
    const first = await a.service.importScans([await a.file('d05-mex-passport-turned-front.jpg')])
    const again = await b.service.importScans([await b.file('d05-mex-passport-turned-front.jpg')])
    expect(again.duplicates).toEqual([{ caseId: first.case!.id, name: first.case!.name }])
    // A's new case is A's: B's Recognize all leaves it alone and recognises B's own.
    const outcomes = await b.service.recognizeAll({ issuingCountry: 'MEX', idType: 'passport' })
    // (B also holds cases it took with Next case earlier: those are B's to recognise too.)
    const taken = outcomes.map((o) => o.caseId)
    expect(taken).toContain(again.case!.id)
    expect(taken).not.toContain(first.case!.id)
    const held = (await b.service.listCases()).filter((s) => s.claimedBy === ben.name).map((s) => s.id)
    expect(taken.every((id) => held.includes(id))).toBe(true)
    expect((await a.service.getCase(first.case!.id)).status).toBe('new')
  })

  it('copies the local cases into the team workspace with progress, and removes them here once confirmed', async () => {
    const h = await serviceHarness(
      { ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey },
      { account: 'reviewer-a' },
    )
    harnesses.push(h)
    const id = (await h.service.importScans([await h.file('d04-jpn-residence-front.jpg')])).case!.id
    await expect(h.service.copyLocalToTeam()).rejects.toThrow(/needs a team workspace/)
    await h.service.connectWorkspace({ kind: 'team', connection: url(anna), password: anna.password })
    const report = await h.service.copyLocalToTeam()
    expect(report).toMatchObject({ copied: 1, alreadyThere: 0, failed: [], removedLocally: 1 })
    expect(h.confirmations.at(-1)?.title).toBe('Remove the copied cases from this computer?')
    expect(h.events.filter((e) => e.event === 'copyProgress').at(-1)?.payload).toEqual({ done: 1, total: 1 })
    expect((await h.service.listCases()).map((s) => s.id)).toContain(id)
    expect((await h.service.getAudit(id)).verdict.ok).toBe(true)
    // Back on this computer, the case is gone from here (the team has it).
    await h.service.connectWorkspace({ kind: 'local' })
    expect((await h.service.listCases()).map((s) => s.id)).not.toContain(id)
  })

  it('opens the saved team workspace at the next start, with the password from the keystore', async () => {
    const a = await reviewer(anna, 'reviewer-a')
    const userDataDir = a.userDataDir
    await a.service.dispose()
    const again = await serviceHarness({}, { userDataDir, account: 'reviewer-a' })
    harnesses.push(again)
    const view = await until(async () => {
      const v = await again.service.getWorkspace()
      return v.state === 'connected' || v.state === 'failed' ? v : null
    })
    expect(view).toMatchObject({ kind: 'team', state: 'connected', login: anna.name, hasPassword: true })
  })
})
