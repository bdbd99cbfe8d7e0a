// Migration of a plaintext profile to the encrypted store (issue 13 item 3, vault/migrate.ts). A profile made by the
// real ReviewService without a vault (import, recognition with the ARGOS emulator, an edit, a decision, every image
// variant) is migrated; a service opened with the vault on the same folder then shows the same cases, fields,
// images (byte-equal) and audit verdicts, and no file of the profile holds the fixtures' names, numbers, MRZ lines
// or image signatures. Also: progress, a second run that does nothing, quarantined folders, the leftovers of an
// interrupted run in each state of the header's state machine, and abort.
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REJECT_REASONS, type Case } from '../../../shared/model'
import { AuditLog, newAuditFile } from '../../../electron/services/audit/audit-log'
import { CaseStore } from '../../../electron/services/store/case-store'
import { CaseKeyring } from '../../../electron/services/store/vault/case-keys'
import { KEY_FILE, readCaseKey } from '../../../electron/services/store/vault/keys'
import { MIGRATING_NEW, MIGRATING_OLD, migrateProfile } from '../../../electron/services/store/vault/migrate'
import { isSealed, open } from '../../../electron/services/store/vault/sealed-file'
import { startArgosEmulator, type ArgosEmulator } from '../../support/argos-emulator'
import { filesUnder, JPEG_SOI, leaks, truth } from '../../support/at-rest'
import { serviceHarness } from '../../support/service-harness'
import { newCase, note } from '../../support/store-cases'
import { testVault } from '../../support/test-vault'

let emulator: ArgosEmulator
beforeAll(async () => {
  emulator = await startArgosEmulator()
})
afterAll(async () => {
  await emulator.close()
})

const logger = () => {
  const lines: string[] = []
  return {
    lines,
    info: (m: string) => lines.push(m),
    warn: (m: string) => lines.push(m),
    error: (m: string) => lines.push(m),
  }
}

type Variant = 'full' | 'preview' | 'screen' | 'thumb'

describe('migration of a plaintext profile (through the ReviewService)', () => {
  it('encrypts every case in place; the encrypted service shows the same; no plaintext is left', async () => {
    const env = { ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey }
    const h = await serviceHarness(env)
    await h.service.updateSettings({ reviewerName: 'Ana Reviewer' })
    const a = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
    const b = (
      await h.service.importScans([await h.file('d02-ita-id-front.jpg'), await h.file('d02-ita-id-back.jpg')])
    ).case!.id
    expect((await h.service.recognize([a], { issuingCountry: 'NZL', idType: 'passport' }))[0]!.ok).toBe(true)
    expect((await h.service.recognize([b], { issuingCountry: 'ITA', idType: 'government_id' }))[0]!.ok).toBe(
      true,
    )
    const recognised = await h.service.getCase(a)
    const field = recognised.fields.find((f) => f.value.length > 0)!
    await h.service.setFieldValue(a, field.key, `${field.value} X`, field.value)
    await h.service.decide(b, { kind: 'rejected', reason: REJECT_REASONS[0], note: 'expired' })
    const images = new Map<string, Buffer>()
    for (const [id, sides] of [
      [a, ['front']],
      [b, ['front', 'back']],
    ] as const) {
      for (const side of sides) {
        for (const variant of ['full', 'preview', 'screen'] as const) {
          images.set(
            `${id}/${side}/${variant}`,
            Buffer.from((await h.service.readCaseImage(id, side, variant)).bytes),
          )
        }
      }
      images.set(
        `${id}/front/thumb`,
        Buffer.from((await h.service.readCaseImage(id, 'front', 'thumb')).bytes),
      )
    }
    const before = new Map<string, Case>()
    for (const id of [a, b]) before.set(id, await h.service.getCase(id))
    const auditsBefore = new Map<string, unknown[]>()
    for (const id of [a, b]) auditsBefore.set(id, (await h.service.getAudit(id)).entries)
    await h.service.dispose()
    const casesDir = join(h.userDataDir, 'cases')
    // The profile is plaintext as an old build left it, index included.
    expect(existsSync(join(casesDir, 'index.json'))).toBe(true)
    expect(isSealed(await readFile(join(casesDir, a, 'case.json')))).toBe(false)

    const vault = await testVault(h.userDataDir)
    const progress: [number, number][] = []
    const log = logger()
    const t0 = performance.now()
    const result = await migrateProfile(h.userDataDir, new CaseKeyring(vault), {
      logger: log,
      onProgress: (done, total) => progress.push([done, total]),
    })
    const ms = performance.now() - t0
    console.info(
      `migration: 2 service cases in ${ms.toFixed(0)} ms (${((2 * 1000) / ms).toFixed(1)} cases/s)`,
    )
    expect(result).toEqual({ migrated: 2, alreadyEncrypted: 0, failed: [] })
    expect(progress).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ])
    expect(existsSync(join(casesDir, 'index.json'))).toBe(false)
    // Logs name no value: only ids, counts and codes.
    for (const line of log.lines) expect(line).not.toMatch(/utopia|ita-id|\.jpg/i)

    // Nothing in the profile gives the documents away, and nothing of the migration is left over.
    const secrets: string[] = []
    for (const doc of ['d01-utopia-passport', 'd02-ita-id']) {
      const t = await truth(doc)
      secrets.push(t.person.surname, t.person.given, t.person.number, ...t.mrz)
    }
    for (const path of await filesUnder(h.userDataDir)) {
      expect(leaks(await readFile(path), secrets), path).toEqual([])
    }
    expect((await readdir(casesDir)).sort()).toEqual([a, b].sort())
    for (const id of [a, b]) {
      const names = await readdir(join(casesDir, id))
      expect(names).toContain(KEY_FILE)
      expect(names).toContain('audit.jsonl')
      expect(names).toContain('front-thumb.jpg')
      expect(names).toContain('front-screen.jpg')
      for (const n of names.filter((n) => n !== KEY_FILE && n !== 'audit.jsonl')) {
        expect(isSealed(await readFile(join(casesDir, id, n))), `${id}/${n}`).toBe(true)
      }
    }

    // A second run finds nothing to do.
    const again = await migrateProfile(h.userDataDir, new CaseKeyring(vault), { logger: logger() })
    expect(again).toEqual({ migrated: 0, alreadyEncrypted: 2, failed: [] })

    // The encrypted service shows the same cases, fields, images and audit logs.
    const enc = await serviceHarness(env, { encrypted: true, userDataDir: h.userDataDir })
    const listed = await enc.service.listCases()
    expect(listed.map((c) => c.id).sort()).toEqual([a, b].sort())
    for (const id of [a, b]) {
      expect(await enc.service.getCase(id)).toEqual(before.get(id))
      const audit = await enc.service.getAudit(id)
      expect(audit.verdict, id).toMatchObject({ ok: true })
      expect(audit.problem, id).toBeNull()
      expect(audit.entries).toEqual(auditsBefore.get(id))
    }
    for (const [k, bytes] of images) {
      const [id, side, variant] = k.split('/') as [string, 'front' | 'back', Variant]
      const read = Buffer.from((await enc.service.readCaseImage(id, side, variant)).bytes)
      expect(read.equals(bytes), k).toBe(true)
    }
    // And it goes on working: a new decision is recorded and verifies.
    await enc.service.decide(a, { kind: 'rejected', reason: REJECT_REASONS[0], note: 'again' })
    expect((await enc.service.getAudit(a)).verdict).toMatchObject({ ok: true })
    await enc.service.dispose()
    // The store rewrote the index, sealed.
    expect(isSealed(await readFile(join(casesDir, 'index.json')))).toBe(true)
  }, 90_000)
})

// ---------------------------------------------------------------------------------------------------------------
// Store level: states, quarantine, audit tails, abort

/** A plaintext profile with `n` cases named "Secret Person <i>.jpg", each with an image and a 2-line audit log. */
async function plainProfile(n: number, bigImage = false) {
  const dir = join(await mkdtemp(join(tmpdir(), 'recto-migrate-')), 'user-data')
  const store = new CaseStore(dir, { indexFlushMs: 5 })
  await store.init()
  const ids: string[] = []
  const image = (i: number) =>
    Buffer.concat([JPEG_SOI, Buffer.from([0xe0]), Buffer.alloc(bigImage && i === 0 ? 1_500_000 : 5000, i)])
  for (let i = 0; i < n; i++) {
    const id = store.newId()
    const first = newAuditFile(note(`first secret note ${i}`))
    await store.create(newCase(id, `Secret Person ${i}.jpg`), [
      { file: 'front.jpg', bytes: image(i) },
      { file: 'audit.jsonl', bytes: Buffer.from(first.text) },
    ])
    await new AuditLog(join(store.root, id)).append(note(`second secret note ${i}`))
    ids.push(id)
  }
  await store.close()
  return { dir, ids, image, casesDir: join(dir, 'cases') }
}

/** Opens every case with the encrypted store and checks it against what plainProfile wrote. */
async function checkEncrypted(dir: string, ids: string[], image: (i: number) => Buffer) {
  const vault = await testVault(dir)
  const keys = new CaseKeyring(vault)
  const store = new CaseStore(dir, { keys })
  await store.init()
  expect(store.problems()).toEqual([])
  expect((await store.listSummaries()).summaries.map((s) => s.id).sort()).toEqual([...ids].sort())
  for (const [i, id] of ids.entries()) {
    const c = await store.load(id)
    expect(c.name).toBe(`Secret Person ${i}.jpg`)
    expect((await store.readImage(c, 'front')).equals(image(i))).toBe(true)
    const caseDir = join(store.root, id)
    const audit = await new AuditLog(caseDir, { caseId: id, key: () => keys.keyFor(caseDir, id) }).read()
    expect(audit.problem).toBeNull()
    expect(audit.entries.map((e) => e.details.note)).toEqual([
      `first secret note ${i}`,
      `second secret note ${i}`,
    ])
  }
  await store.close()
}

async function noPlaintext(dir: string) {
  for (const path of await filesUnder(dir)) {
    expect(leaks(await readFile(path), ['Secret Person', 'secret note']), path).toEqual([])
  }
}

describe('migrateProfile', () => {
  it('resumes from every state an interruption leaves (see the state machine in migrate.ts)', async () => {
    const { dir, ids, image, casesDir } = await plainProfile(5)
    const vault = await testVault(dir)
    const keys = new CaseKeyring(vault)
    // Prepare the states by hand from a migrated copy of the same profile.
    const copy = join(dir, '..', 'copy')
    await cp(dir, copy, { recursive: true })
    expect(await migrateProfile(copy, keys, { logger: logger() })).toMatchObject({ migrated: 5 })
    const encrypted = (id: string) => join(copy, 'cases', id)
    const [inStep1, between2and3, between3and4, onlyOld, untouched] = ids as [
      string,
      string,
      string,
      string,
      string,
    ]
    // Killed in step 1: a partial staging folder next to the plaintext case.
    await mkdir(join(casesDir, MIGRATING_NEW + inStep1))
    await writeFile(join(casesDir, MIGRATING_NEW + inStep1, 'front.jpg'), 'partial')
    // Killed between 2 and 3: plaintext moved aside, complete staging folder.
    await rename(join(casesDir, between2and3), join(casesDir, MIGRATING_OLD + between2and3))
    await cp(encrypted(between2and3), join(casesDir, MIGRATING_NEW + between2and3), { recursive: true })
    // Killed between 3 and 4: the encrypted case in place, the plaintext still aside.
    await rename(join(casesDir, between3and4), join(casesDir, MIGRATING_OLD + between3and4))
    await cp(encrypted(between3and4), join(casesDir, between3and4), { recursive: true })
    // Not produced by the code, handled anyway: the plaintext aside and nothing else.
    await rename(join(casesDir, onlyOld), join(casesDir, MIGRATING_OLD + onlyOld))
    // Junk of an interrupted import and a temp file inside a case.
    await mkdir(join(casesDir, '.importing-deadbeef-0000'))
    await writeFile(join(casesDir, '.importing-deadbeef-0000', 'front.jpg'), 'Secret Person x')
    await writeFile(join(casesDir, untouched, '.case.json.tmp-0123456789ab'), 'Secret Person y')

    const progress: [number, number][] = []
    const result = await migrateProfile(dir, new CaseKeyring(vault), {
      logger: logger(),
      onProgress: (d, t) => progress.push([d, t]),
    })
    expect(result).toEqual({ migrated: 5, alreadyEncrypted: 0, failed: [] })
    expect(progress.at(-1)).toEqual([5, 5])
    expect((await readdir(casesDir)).sort()).toEqual([...ids].sort())
    await noPlaintext(dir)
    await checkEncrypted(dir, ids, image)
  }, 30_000)

  it('encrypts quarantined folders under their case id and keeps their mtime', async () => {
    const { dir, ids, image, casesDir } = await plainProfile(3)
    const [q] = ids.splice(2, 1) as [string]
    const qName = `${q}-2026-01-31T09-15-00-123Z`
    await mkdir(join(dir, 'quarantine'))
    await rename(join(casesDir, q), join(dir, 'quarantine', qName))
    // As the store quarantines it: case.json damaged (here: cut in the middle of the name).
    const caseFile = join(dir, 'quarantine', qName, 'case.json')
    const text = await readFile(caseFile, 'utf8')
    await writeFile(caseFile, text.slice(0, text.indexOf('Secret Person') + 8))
    const mtime = new Date('2026-01-31T09:15:00Z')
    const { utimes, stat } = await import('node:fs/promises')
    await utimes(join(dir, 'quarantine', qName), mtime, mtime)

    const keys = new CaseKeyring(await testVault(dir))
    expect(await migrateProfile(dir, keys, { logger: logger() })).toEqual({
      migrated: 3,
      alreadyEncrypted: 0,
      failed: [],
    })
    await noPlaintext(dir)
    const qDir = join(dir, 'quarantine', qName)
    expect((await stat(qDir)).mtime.getTime()).toBe(mtime.getTime())
    // Examinable with the vault key, the damaged bytes as they were.
    const key = await readCaseKey(qDir, (await testVault(dir)).vaultKey(), q)
    const opened = open(key, await readFile(join(qDir, 'case.json')), { caseId: q, name: 'case.json' })
    expect(opened.toString('utf8')).toBe(text.slice(0, text.indexOf('Secret Person') + 8))
    // The retention listing still sees it, and removing it works as for an encrypted quarantine.
    const store = new CaseStore(dir, { keys })
    await store.init()
    expect((await store.quarantined()).map((x) => x.name)).toEqual([qName])
    await store.close()
    await checkEncrypted(dir, ids, image)
  }, 30_000)

  it('keeps an audit log tail as the plaintext reader saw it (torn: ignored; unterminated: an entry)', async () => {
    const { dir, ids, casesDir } = await plainProfile(2)
    const [torn, unterminated] = ids as [string, string]
    await writeFile(join(casesDir, torn, 'audit.jsonl'), '{"half a line', { flag: 'a' })
    const full = await readFile(join(casesDir, unterminated, 'audit.jsonl'), 'utf8')
    await writeFile(join(casesDir, unterminated, 'audit.jsonl'), full.slice(0, -1))
    const plainReads = new Map<string, Awaited<ReturnType<AuditLog['read']>>>()
    for (const id of ids) plainReads.set(id, await new AuditLog(join(casesDir, id)).read())

    const keys = new CaseKeyring(await testVault(dir))
    expect((await migrateProfile(dir, keys, { logger: logger() })).migrated).toBe(2)
    for (const id of ids) {
      const caseDir = join(casesDir, id)
      const read = await new AuditLog(caseDir, { caseId: id, key: () => keys.keyFor(caseDir, id) }).read()
      expect(read.entries, id).toEqual(plainReads.get(id)!.entries)
      expect(Boolean(read.problem), id).toBe(Boolean(plainReads.get(id)!.problem))
    }
  }, 30_000)

  it('stops on abort without leaving a mix; the next run finishes', async () => {
    const { dir, ids, image, casesDir } = await plainProfile(6, true)
    const keys = new CaseKeyring(await testVault(dir))
    const controller = new AbortController()
    const run = migrateProfile(dir, keys, {
      logger: logger(),
      concurrency: 1,
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 2) controller.abort(new Error('quit'))
      },
    })
    await expect(run).rejects.toThrow('quit')
    const names = await readdir(casesDir)
    expect(names.filter((n) => n.startsWith('.'))).toEqual([])
    let encrypted = 0
    for (const id of ids) if (existsSync(join(casesDir, id, KEY_FILE))) encrypted++
    expect(encrypted).toBe(2)
    expect(await migrateProfile(dir, keys, { logger: logger() })).toEqual({
      migrated: 4,
      alreadyEncrypted: 2,
      failed: [],
    })
    await noPlaintext(dir)
    await checkEncrypted(dir, ids, image)
  }, 30_000)
})

describe('a ReviewService opened with a vault on a plaintext profile', () => {
  it('migrates it before it answers: the cases list, their files are sealed', async () => {
    const plain = await serviceHarness({})
    const id = (await plain.service.importScans([await plain.file('d01-utopia-passport-front.jpg')])).case!.id
    await plain.service.dispose()
    const raw = await readFile(join(plain.userDataDir, 'cases', id, 'case.json'))
    expect(isSealed(raw)).toBe(false)

    const enc = await serviceHarness({}, { userDataDir: plain.userDataDir, encrypted: true })
    expect((await enc.service.listCases()).map((c) => c.id)).toEqual([id])
    expect(isSealed(await readFile(join(plain.userDataDir, 'cases', id, 'case.json')))).toBe(true)
    expect((await enc.service.getAudit(id)).verdict).toMatchObject({ ok: true })
    await enc.service.dispose()
  })
})
