// The vault's life in the app (electron/services/store/vault/vault-gate.ts) through the real ReviewService: a real
// keystore opens silently, no keystore asks for a passphrase before anything opens (never a plaintext fallback),
// a wrong passphrase or recovery key is refused with a message and the store stays shut, a changed keystore asks
// instead of refusing to start, an older plaintext profile is encrypted with progress, and a lost or damaged
// vault.json stops with a message instead of starting over.
import { existsSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isSealed } from '../../../../electron/services/store/vault/sealed-file'
import { VAULT_FILE, type KeystoreCodec } from '../../../../electron/services/store/vault/vault'
import type { VaultView } from '../../../../shared/vault'
import { serviceHarness } from '../../../support/service-harness'
import { testKeystore } from '../../../support/test-vault'

type Harness = Awaited<ReturnType<typeof serviceHarness>>

const PASSPHRASE = 'correct horse battery'

/** The view without its number (what these tests compare; the numbering has its own test). */
const unnumbered = ({ seq: _seq, ...view }: VaultView): VaultView => view

/** Resolves with the first view the gate reaches in `states` (unnumbered). */
async function reach(h: Harness, ...states: VaultView['state'][]): Promise<VaultView> {
  for (let i = 0; i < 2000; i++) {
    const view = await h.service.getVaultState()
    if (states.includes(view.state)) return unnumbered(view)
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error(`the vault never reached ${states.join('/')}: ${(await h.service.getVaultState()).state}`)
}

/** Whether `promise` is still pending after a moment (the store waits for the unlock). */
async function pending(promise: Promise<unknown>): Promise<boolean> {
  promise.catch(() => undefined)
  const marker = Symbol('pending')
  const first = await Promise.race([
    promise.then(() => 'settled'),
    new Promise((r) => setTimeout(() => r(marker), 200)),
  ])
  return first === marker
}

const vaultEvents = (h: Harness) =>
  h.events.filter((e) => e.event === 'vaultChanged').map((e) => (e.payload as VaultView).state)

const otherBackend: KeystoreCodec = { ...testKeystore, backend: async () => 'kwallet6' }

describe('vault gate: a real keystore', () => {
  it('creates the vault silently at first start, opens the store, and asks for a recovery key to be saved', async () => {
    const h = await serviceHarness({}, { gate: { keystore: testKeystore } })
    const open = await reach(h, 'open')
    expect(open).toEqual({
      state: 'open',
      protection: {
        keystore: 'gnome_libsecret',
        passphrase: false,
        unlockedWith: 'keystore',
        recoveryKeyShown: false,
      },
    })
    const id = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
    expect(isSealed(await readFile(join(h.userDataDir, 'cases', id, 'case.json')))).toBe(true)

    const { recoveryKey } = await h.service.newRecoveryKey()
    expect(recoveryKey).toMatch(/^([0-9A-Z]{4}-){8}[0-9A-Z]{4}$/)
    expect(await h.service.getVaultState()).toMatchObject({ protection: { recoveryKeyShown: true } })
    // The recovery key goes to the screen only: never to the log.
    expect(h.logs.join('\n')).not.toContain(recoveryKey)
    await h.service.dispose()

    // Every state the gate entered is numbered upwards, and the state read now is the last one sent.
    const seqs = h.events.filter((e) => e.event === 'vaultChanged').map((e) => (e.payload as VaultView).seq!)
    expect(seqs.length).toBeGreaterThan(1)
    expect(seqs.every((n, i) => i === 0 || n > seqs[i - 1]!)).toBe(true)
    expect((await h.service.getVaultState()).seq).toBe(seqs.at(-1))

    // The next start with the same keystore is silent too.
    const again = await serviceHarness({}, { gate: { keystore: testKeystore }, userDataDir: h.userDataDir })
    await reach(again, 'open')
    expect((await again.service.listCases()).map((c) => c.id)).toEqual([id])
    await again.service.dispose()
  })

  it('asks for the recovery key when the keystore backend changed (no passphrase set), then re-seals for the new one', async () => {
    const h = await serviceHarness({}, { gate: { keystore: testKeystore } })
    await reach(h, 'open')
    const { recoveryKey } = await h.service.newRecoveryKey()
    await h.service.dispose()

    const moved = await serviceHarness({}, { gate: { keystore: otherBackend }, userDataDir: h.userDataDir })
    const asked = await reach(moved, 'unlock')
    expect(asked).toEqual({
      state: 'unlock',
      needs: 'recovery',
      reason: 'The keystore backend changed from gnome_libsecret to kwallet6.',
    })
    expect(await pending(moved.service.listCases())).toBe(true)
    await expect(moved.service.unlockVault({ kind: 'recovery', recoveryKey: 'ABCD' })).rejects.toThrow(
      /not a valid recovery key/,
    )
    expect((await moved.service.getVaultState()).state).toBe('unlock')
    await moved.service.unlockVault({ kind: 'recovery', recoveryKey: recoveryKey.toLowerCase() })
    await reach(moved, 'open')
    expect(await moved.service.getVaultState()).toMatchObject({
      protection: { unlockedWith: 'recovery', keystore: 'kwallet6' },
    })
    await moved.service.dispose()

    // Re-sealed for kwallet6: silent again.
    const next = await serviceHarness({}, { gate: { keystore: otherBackend }, userDataDir: h.userDataDir })
    await reach(next, 'open')
    await next.service.dispose()
  })
})

describe('vault gate: no keystore (Linux basic_text, or none)', () => {
  it('keeps the store shut until a passphrase is set; the recovery key and the passphrase then open it', async () => {
    const h = await serviceHarness({}, { gate: { keystore: null } })
    expect(await reach(h, 'setup')).toEqual({ state: 'setup', keystore: 'none' })
    const listed = h.service.listCases()
    expect(await pending(listed)).toBe(true)
    expect(existsSync(join(h.userDataDir, 'cases'))).toBe(false)
    await expect(h.service.setUpVault('short')).rejects.toThrow(/at least 8 characters/)
    await expect(h.service.unlockVault({ kind: 'passphrase', passphrase: PASSPHRASE })).rejects.toThrow(
      /not waiting for that/,
    )
    expect((await h.service.getVaultState()).state).toBe('setup')

    const { recoveryKey } = await h.service.setUpVault(PASSPHRASE)
    await expect(h.service.setUpVault(PASSPHRASE)).rejects.toThrow(/already unlocked/)
    expect(await listed).toEqual([])
    expect(await reach(h, 'open')).toMatchObject({
      protection: { keystore: null, passphrase: true, unlockedWith: 'passphrase', recoveryKeyShown: true },
    })
    expect(vaultEvents(h)).toEqual(['setup', 'opening', 'open'])
    const id = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
    await h.service.dispose()

    // Next start: the passphrase. A wrong one is refused and nothing opens.
    const locked = await serviceHarness({}, { gate: { keystore: null }, userDataDir: h.userDataDir })
    expect(await reach(locked, 'unlock')).toEqual({
      state: 'unlock',
      needs: 'passphrase',
      reason: 'This vault is protected by a passphrase.',
    })
    const cases = locked.service.listCases()
    await expect(
      locked.service.unlockVault({ kind: 'passphrase', passphrase: 'not the passphrase' }),
    ).rejects.toThrow('That passphrase does not unlock this vault. Check it and try again.')
    expect(await pending(cases)).toBe(true)
    expect(locked.logs.join('\n')).not.toContain('not the passphrase')
    await locked.service.unlockVault({ kind: 'passphrase', passphrase: PASSPHRASE })
    expect((await cases).map((c) => c.id)).toEqual([id])
    await locked.service.dispose()

    // A forgotten passphrase: the recovery key, then a new passphrase.
    const forgot = await serviceHarness({}, { gate: { keystore: null }, userDataDir: h.userDataDir })
    await reach(forgot, 'unlock')
    await forgot.service.unlockVault({ kind: 'recovery', recoveryKey })
    await reach(forgot, 'open')
    await forgot.service.setVaultPassphrase('a brand new passphrase')
    await forgot.service.dispose()
    const renewed = await serviceHarness({}, { gate: { keystore: null }, userDataDir: h.userDataDir })
    await reach(renewed, 'unlock')
    await expect(renewed.service.unlockVault({ kind: 'passphrase', passphrase: PASSPHRASE })).rejects.toThrow(
      /does not unlock/,
    )
    await renewed.service.unlockVault({ kind: 'passphrase', passphrase: 'a brand new passphrase' })
    expect((await renewed.service.listCases()).map((c) => c.id)).toEqual([id])
    await renewed.service.dispose()
  })

  it('quits at the unlock screen without waiting for a store that never opened', async () => {
    const h = await serviceHarness({}, { gate: { keystore: null } })
    await reach(h, 'setup')
    expect(await pending(h.service.dispose())).toBe(false)
  })
})

describe('vault gate: older and damaged profiles', () => {
  it('encrypts a plaintext profile from before, reporting progress, then opens it', async () => {
    const plain = await serviceHarness({})
    const ids: string[] = []
    for (const name of ['d01-utopia-passport-front.jpg', 'd02-ita-id-front.jpg'])
      ids.push((await plain.service.importScans([await plain.file(name)])).case!.id)
    await plain.service.dispose()
    expect(isSealed(await readFile(join(plain.userDataDir, 'cases', ids[0]!, 'case.json')))).toBe(false)

    const h = await serviceHarness({}, { gate: { keystore: testKeystore }, userDataDir: plain.userDataDir })
    await reach(h, 'open')
    const progress = h.events
      .filter((e) => e.event === 'vaultChanged' && (e.payload as VaultView).state === 'migrating')
      .map((e) => unnumbered(e.payload as VaultView))
    expect(progress.at(0)).toEqual({ state: 'migrating', done: 0, total: 2 })
    expect(progress.at(-1)).toEqual({ state: 'migrating', done: 2, total: 2 })
    expect((await h.service.listCases()).map((c) => c.id).sort()).toEqual([...ids].sort())
    for (const id of ids)
      expect(isSealed(await readFile(join(h.userDataDir, 'cases', id, 'case.json')))).toBe(true)
    await h.service.dispose()
  })

  it('stops with a message, and never makes a new vault, when vault.json is gone but the cases are encrypted', async () => {
    const h = await serviceHarness({}, { gate: { keystore: testKeystore } })
    await reach(h, 'open')
    await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])
    await h.service.dispose()
    await rm(join(h.userDataDir, VAULT_FILE))

    const lost = await serviceHarness({}, { gate: { keystore: testKeystore }, userDataDir: h.userDataDir })
    const view = await reach(lost, 'failed')
    expect(view).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/vault\.json\) is missing/),
    })
    expect(existsSync(join(h.userDataDir, VAULT_FILE))).toBe(false)
    expect(await pending(lost.service.listCases())).toBe(true)
    await lost.service.dispose()
  })

  it('stops with a message when vault.json is damaged', async () => {
    const h = await serviceHarness({}, { gate: { keystore: testKeystore } })
    await reach(h, 'open')
    await h.service.dispose()
    await writeFile(join(h.userDataDir, VAULT_FILE), '{"version": 1, "check": ')
    const damaged = await serviceHarness({}, { gate: { keystore: testKeystore }, userDataDir: h.userDataDir })
    expect(await reach(damaged, 'failed')).toEqual({
      state: 'failed',
      message: 'The vault file (vault.json) is damaged.',
    })
    await damaged.service.dispose()
  })
})
