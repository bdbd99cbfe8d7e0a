// The audit MAC key (electron/services/audit/audit-key.ts) and its use by CaseAudits: sealed by the codec, mode 0600,
// kept in a plain file only where the codec cannot encrypt (and reported), never replaced, and a key that cannot
// be opened turns into "MACs not checked", never a crash.
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  AUDIT_KEY_FILE,
  AuditKey,
  type AuditKeySource,
  type AuditKeyState,
} from '../../../electron/services/audit/audit-key'
import { AUDIT_FILE, verifyChain } from '../../../electron/services/audit/audit-log'
import { CaseAudits, type CaseAuditView } from '../../../electron/services/cases/case-audit'
import type { SecretCodec } from '../../../electron/services/ports'
import { auditDraft } from '../../../shared/audit'
import type { Case } from '../../../shared/model'
import { serviceHarness } from '../../support/service-harness'

const PREFIX = Buffer.from('SEALED:')

/**
 * A codec that prefixes bytes, and refuses what it did not seal (as safeStorage on another machine). Asynchronous,
 * as Electron's safeStorage API is; `sealFails` makes sealing reject (a keystore locked at that moment).
 */
function prefixCodec(available = true, prefix: Buffer = PREFIX, sealFails = false): SecretCodec {
  return {
    isEncryptionAvailable: async () => available,
    encrypt: async (plain) => {
      if (sealFails) throw new Error('Error while encrypting the text provided')
      return Buffer.concat([prefix, Buffer.from(plain, 'utf8')])
    },
    decrypt: async (cipher) => {
      if (!cipher.subarray(0, prefix.length).equals(prefix))
        throw new Error('Error while decrypting the ciphertext')
      return cipher.subarray(prefix.length).toString('utf8')
    },
  }
}

function recordingLogger() {
  const lines: string[] = []
  return {
    lines,
    logger: {
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      error: (m: string) => lines.push(m),
    },
  }
}

async function userData(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'recto-audit-key-'))
}

function availableKey(s: AuditKeyState): { key: Buffer; protectedBy: string } {
  if (!s.available) throw new Error(`key not available: ${s.reason}`)
  return s
}

describe('AuditKey', () => {
  it('creates 32 random bytes sealed through the codec, in a 0600 file, and reads the same key back', async () => {
    const dir = await userData()
    const { lines, logger } = recordingLogger()
    const made = availableKey(await new AuditKey(dir, prefixCodec(), logger).get())
    expect(made.key).toHaveLength(32)
    expect(made.protectedBy).toBe('os-keystore')

    const path = join(dir, AUDIT_KEY_FILE)
    const text = await readFile(path, 'utf8')
    const hex = made.key.toString('hex')
    expect(text).not.toContain(hex)
    const file = JSON.parse(text) as { version: number; protectedBy: string; sealed: string }
    expect(file).toMatchObject({ version: 1, protectedBy: 'os-keystore' })
    const sealed = Buffer.from(file.sealed, 'base64')
    expect(sealed.subarray(0, PREFIX.length).equals(PREFIX)).toBe(true)
    expect(sealed.subarray(PREFIX.length).toString()).toBe(hex)
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600)

    const again = availableKey(await new AuditKey(dir, prefixCodec()).get())
    expect(again.key.equals(made.key)).toBe(true)
    expect(lines.join('\n')).not.toContain(hex)
  })

  it('keeps the key in a plain 0600 file where the codec cannot encrypt, and says so', async () => {
    const dir = await userData()
    const { lines, logger } = recordingLogger()
    const made = availableKey(await new AuditKey(dir, prefixCodec(false), logger).get())
    expect(made.protectedBy).toBe('file')
    const path = join(dir, AUDIT_KEY_FILE)
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      version: 1,
      protectedBy: 'file',
      key: made.key.toString('hex'),
    })
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(lines.some((l) => /plain file/.test(l))).toBe(true)
    expect(lines.join('\n')).not.toContain(made.key.toString('hex'))
    // A keystore appearing later does not change where the existing key is, nor the key.
    const later = availableKey(await new AuditKey(dir, prefixCodec(true)).get())
    expect(later).toMatchObject({ protectedBy: 'file' })
    expect(later.key.equals(made.key)).toBe(true)
  })

  it('does not crash and does not replace a key the keystore cannot open (a copied profile)', async () => {
    const dir = await userData()
    availableKey(await new AuditKey(dir, prefixCodec(true, Buffer.from('MACHINE-A:'))).get())
    const path = join(dir, AUDIT_KEY_FILE)
    const before = await readFile(path)

    const { lines, logger } = recordingLogger()
    const other = new AuditKey(dir, prefixCodec(true, Buffer.from('MACHINE-B:')), logger)
    const state = await other.get()
    expect(state).toMatchObject({ available: false })
    expect(!state.available && state.reason).toMatch(/not available on this system.*cannot open it/)
    expect(await other.get()).toBe(state)
    expect(lines).toHaveLength(1)
    expect((await readFile(path)).equals(before)).toBe(true)

    // Sealed, but no keystore at all now: the same.
    const none = await new AuditKey(dir, prefixCodec(false)).get()
    expect(none).toMatchObject({ available: false })
    expect((await readFile(path)).equals(before)).toBe(true)
  })

  it('reports a damaged key file and leaves it as it is', async () => {
    const dir = await userData()
    const path = join(dir, AUDIT_KEY_FILE)
    await writeFile(path, '{"version":1,"protectedBy":"file","key":"short"}')
    const state = await new AuditKey(dir, prefixCodec()).get()
    expect(state).toMatchObject({ available: false })
    expect(!state.available && state.reason).toMatch(/damaged/)
    expect(await readFile(path, 'utf8')).toBe('{"version":1,"protectedBy":"file","key":"short"}')
  })

  it('opens a key file an earlier version sealed (same format, whichever safeStorage API sealed it)', async () => {
    const dir = await userData()
    const hex = 'ab'.repeat(32)
    const sealed = Buffer.concat([PREFIX, Buffer.from(hex)]).toString('base64')
    await writeFile(
      join(dir, AUDIT_KEY_FILE),
      JSON.stringify({ version: 1, protectedBy: 'os-keystore', sealed }),
    )
    const state = availableKey(await new AuditKey(dir, prefixCodec()).get())
    expect(state).toMatchObject({ protectedBy: 'os-keystore' })
    expect(state.key.toString('hex')).toBe(hex)
  })

  it('writes no key file when the keystore fails to seal, and tries again at the next call', async () => {
    const dir = await userData()
    const { lines, logger } = recordingLogger()
    const failing = new AuditKey(dir, prefixCodec(true, PREFIX, true), logger)
    expect(await failing.get()).toMatchObject({ available: false })
    await expect(stat(join(dir, AUDIT_KEY_FILE))).rejects.toThrow()
    expect(lines).toHaveLength(1)
    expect(await failing.get()).toMatchObject({ available: false })
    expect(lines).toHaveLength(2)
    expect(availableKey(await new AuditKey(dir, prefixCodec()).get()).protectedBy).toBe('os-keystore')
  })

  it('makes one key when two instances start at once (no key replaced by another)', async () => {
    const dir = await userData()
    const states = await Promise.all(Array.from({ length: 6 }, () => new AuditKey(dir, prefixCodec()).get()))
    const keys = new Set(states.map((s) => availableKey(s).key.toString('hex')))
    expect(keys.size).toBe(1)
    const onDisk = availableKey(await new AuditKey(dir, prefixCodec()).get())
    expect(keys.has(onDisk.key.toString('hex'))).toBe(true)
  })
})

// ---------------------------------------------------------------------------------------------------------------

const fixed = (state: AuditKeyState): AuditKeySource => ({ get: async () => state })
const KEY = Buffer.alloc(32, 3)

async function caseIn(root: string, id = 'case-0001'): Promise<Case> {
  await mkdir(join(root, id), { recursive: true })
  return { id, auditHead: null } as unknown as Case
}

const draftAt = (i: number) =>
  auditDraft(
    'decided',
    { kind: 'approved', reason: null, note: `n${i}` },
    'Ann Reviewer',
    new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  )

describe('CaseAudits with the key and the account', () => {
  it('stamps the OS account and a MAC on every entry it writes, the first one too', async () => {
    const root = await userData()
    let account = 'ann'
    const audits = new CaseAudits(root, {
      account: () => account,
      macKey: fixed({ available: true, key: KEY, protectedBy: 'os-keystore' }),
    })
    const first = await audits.newFile(draftAt(0))
    expect(first.entry).toMatchObject({ account: 'ann', reviewer: 'Ann Reviewer' })
    expect(first.entry.mac).toMatch(/^[0-9a-f]{64}$/)
    let c = await caseIn(root)
    await writeFile(join(root, c.id, AUDIT_FILE), first.text)
    c = { ...c, auditHead: CaseAudits.firstHead(first.entry) }
    account = 'bob'
    c = await audits.record(c, [draftAt(1)])
    const view = await audits.view(c)
    expect(view.entries.map((e) => e.account)).toEqual(['ann', 'bob'])
    expect(view.verdict).toEqual({ ok: true, count: 2 })
    expect(view.mac).toEqual({ state: 'verified', signed: 2, unsigned: 0, keyProtectedBy: 'os-keystore' })
  })

  it('writes unsigned entries while the key cannot be read, and the view says the MACs were not checked', async () => {
    const root = await userData()
    const unavailable = {
      available: false as const,
      reason: 'The audit MAC key is not available on this system',
    }
    const audits = new CaseAudits(root, { account: () => 'ann', macKey: fixed(unavailable) })
    const c = await audits.record(await caseIn(root), [draftAt(0), draftAt(1)])
    const view = await audits.view(c)
    expect(view.entries.every((e) => e.mac === undefined && e.account === 'ann')).toBe(true)
    expect(view.verdict).toEqual({ ok: true, count: 2 })
    expect(view.mac).toMatchObject({ state: 'unavailable', keyProtectedBy: null })
  })

  it('reports a consistent rewrite of the log file as a wrong MAC', async () => {
    const root = await userData()
    const audits = new CaseAudits(root, {
      account: () => 'ann',
      macKey: fixed({ available: true, key: KEY, protectedBy: 'file' }),
    })
    const c = await audits.record(await caseIn(root), [draftAt(0), draftAt(1), draftAt(2)])
    // Rewritten by someone without the key, hashes and the case's head recomputed: only the MACs can tell.
    const forgerRoot = await userData()
    const forger = new CaseAudits(forgerRoot, {
      account: () => 'ann',
      macKey: fixed({ available: true, key: Buffer.alloc(32, 9), protectedBy: 'file' }),
    })
    const fc = await forger.record(await caseIn(forgerRoot, c.id), [
      draftAt(0),
      auditDraft('decided', { kind: 'rejected', reason: 'Other', note: 'x' }, 'Ann Reviewer', draftAt(1).at),
      draftAt(2),
    ])
    const forged = (await forger.view(fc)).entries
    expect(verifyChain(forged).ok).toBe(true)
    await writeFile(join(root, c.id, AUDIT_FILE), forged.map((e) => `${JSON.stringify(e)}\n`).join(''))
    const view = await audits.view({ ...c, auditHead: fc.auditHead })
    expect(view.verdict).toMatchObject({ ok: false, index: 0 })
    expect(!view.verdict.ok && view.verdict.reason).toMatch(/MAC is wrong/)
    expect(view.mac.state).toBe('failed')
  })
})

describe('through the review service', () => {
  it('signs the import entry with the account, and reports where the key is kept', async () => {
    for (const encryption of [true, false]) {
      const h = await serviceHarness({}, { encryption, account: 'ann' })
      await h.service.updateSettings({ reviewerName: 'Ann Reviewer' })
      const id = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
      const view = (await h.service.getAudit(id)) as CaseAuditView
      expect(view.entries[0]).toMatchObject({ type: 'imported', account: 'ann' })
      expect(view.entries[0]!.mac).toMatch(/^[0-9a-f]{64}$/)
      expect(view.verdict).toEqual({ ok: true, count: 1 })
      expect(view.mac).toEqual({
        state: 'verified',
        signed: 1,
        unsigned: 0,
        keyProtectedBy: encryption ? 'os-keystore' : 'file',
      })
    }
  })

  it('keeps working with a key sealed elsewhere: entries unsigned, MACs "not checked", the key file kept', async () => {
    const first = await serviceHarness({}, { encryption: true })
    const id = (await first.service.importScans([await first.file('d01-utopia-passport-front.jpg')])).case!.id
    const keyFile = join(first.userDataDir, AUDIT_KEY_FILE)
    const sealed = await readFile(keyFile)
    // The same profile where the keystore cannot open the key.
    const copied = await serviceHarness({}, { encryption: false, userDataDir: first.userDataDir })
    const view = (await copied.service.getAudit(id)) as CaseAuditView
    expect(view.verdict).toEqual({ ok: true, count: 1 })
    expect(view.mac).toMatchObject({ state: 'unavailable', signed: 1, keyProtectedBy: null })
    const id2 = (await copied.service.importScans([await copied.file('d01-utopia-passport-front.jpg')])).case!
      .id
    const view2 = (await copied.service.getAudit(id2)) as CaseAuditView
    expect(view2.entries[0]!.mac).toBeUndefined()
    expect(view2.mac.state).toBe('unavailable')
    expect((await readFile(keyFile)).equals(sealed)).toBe(true)
    expect(copied.logs.some((l) => /audit MAC key is not available/.test(l))).toBe(true)
  })
})
