// The vault key (electron/services/store/vault/vault.ts): protected by the OS keystore where there is a real one, by a
// passphrase where there is not (never by nothing), and always by a recovery key; a changed, unavailable or
// foreign keystore asks for the passphrase or the recovery key instead of failing; wrong secrets are typed errors.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  InvalidRecoveryKeyError,
  NoVaultError,
  PassphraseRequiredError,
  TamperedError,
  VaultExistsError,
  WeakPassphraseError,
  WrongPassphraseError,
  WrongRecoveryKeyError,
} from '../../../../electron/services/store/vault/errors'
import {
  VAULT_FILE,
  changePassphrase,
  createVault,
  describeVault,
  newRecoveryKey,
  parseRecoveryKey,
  unlock,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  type KeystoreCodec,
  type Vault,
} from '../../../../electron/services/store/vault/vault'

/**
 * A keystore bound to a "machine": what it sealed on one machine does not open on another (as safeStorage after
 * a profile is copied). The backend and availability can change between calls, as they do between sessions.
 */
class FakeKeystore implements KeystoreCodec {
  constructor(
    public name = 'gnome_libsecret',
    public available = true,
    public machine = 'machine-a',
    /** A keystore whose decryption is not authenticated: a wrong machine returns garbage instead of throwing. */
    public garbageOnMismatch = false,
  ) {}
  private pad(): Buffer {
    return createHash('sha256').update(this.machine).digest()
  }
  backend = async () => this.name
  isAvailable = async () => this.available
  encrypt = async (plain: Buffer) => {
    if (!this.available) throw new Error('keystore unavailable')
    const pad = this.pad()
    return Buffer.concat([
      Buffer.from(`KS:${this.machine}:`),
      Buffer.from(plain.map((b, i) => b ^ pad[i % 32]!)),
    ])
  }
  decrypt = async (cipher: Buffer) => {
    const prefix = Buffer.from(`KS:${this.machine}:`)
    if (!cipher.subarray(0, prefix.length).equals(prefix)) {
      if (this.garbageOnMismatch) return randomBytes(32)
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    }
    const pad = this.pad()
    return Buffer.from(cipher.subarray(prefix.length).map((b, i) => b ^ pad[i % 32]!))
  }
}

const PASS = 'correct horse battery'

async function profile(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'recto-vault-'))
}

/** Two vaults hold the same key when a data key wrapped by one unwraps with the other. */
function sameKey(a: Vault, b: Vault): boolean {
  const dataKey = randomBytes(32)
  try {
    return b.unwrapDataKey(a.wrapDataKey(dataKey, 'c'), 'c').equals(dataKey)
  } catch {
    return false
  }
}

describe('creating', () => {
  it('with a real keystore: unlocks silently, records the backend, keeps no key in plain text', async () => {
    const dir = await profile()
    const codec = new FakeKeystore()
    const { recoveryKey, vault } = await createVault(dir, { codec })
    expect(recoveryKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){8}[0-9A-HJKMNP-TV-Z]{4}$/)
    const text = await readFile(join(dir, VAULT_FILE), 'utf8')
    const file = JSON.parse(text)
    expect(file.created).toEqual({ backend: 'gnome_libsecret', keystore: true })
    expect(file.keystore.backend).toBe('gnome_libsecret')
    expect(file.passphrase).toBeNull()
    const key = vault.vaultKey()
    for (const form of [key.toString('hex'), key.toString('base64')]) expect(text).not.toContain(form)
    expect(text).not.toContain(recoveryKey)
    if (process.platform !== 'win32') expect((await stat(join(dir, VAULT_FILE))).mode & 0o777).toBe(0o600)
    expect(await readdir(dir)).toEqual([VAULT_FILE])

    const again = await unlock(dir, { codec })
    expect(again.status).toBe('unlocked')
    if (again.status === 'unlocked') {
      expect(again.vault.unlockedWith).toBe('keystore')
      expect(sameKey(vault, again.vault)).toBe(true)
    }
  })

  it('without a real keystore and without a passphrase: refused, nothing written', async () => {
    for (const codec of [new FakeKeystore('basic_text'), new FakeKeystore('gnome_libsecret', false)]) {
      const dir = await profile()
      await expect(createVault(dir, { codec })).rejects.toBeInstanceOf(PassphraseRequiredError)
      expect(await readdir(dir)).toEqual([])
      expect(await unlock(dir, { codec })).toEqual({ status: 'absent' })
    }
  })

  it('refuses a short passphrase and an existing vault (left as it was)', async () => {
    const dir = await profile()
    const codec = new FakeKeystore('basic_text')
    await expect(createVault(dir, { codec, passphrase: 'short' })).rejects.toBeInstanceOf(WeakPassphraseError)
    await createVault(dir, { codec: new FakeKeystore() })
    const before = await readFile(join(dir, VAULT_FILE), 'utf8')
    await expect(createVault(dir, { codec: new FakeKeystore() })).rejects.toBeInstanceOf(VaultExistsError)
    expect(await readFile(join(dir, VAULT_FILE), 'utf8')).toBe(before)
  })
  it('two creations at once leave one vault, and only its creator gets a key', async () => {
    const dir = await profile()
    const results = await Promise.allSettled([
      createVault(dir, { codec: new FakeKeystore() }),
      createVault(dir, { codec: new FakeKeystore() }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const lost = results.find((r) => r.status === 'rejected')
    expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(VaultExistsError)
    const won = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ vault: Vault }>
    const opened = await unlock(dir, { codec: new FakeKeystore() })
    expect(opened.status === 'unlocked' && sameKey(won.value.vault, opened.vault)).toBe(true)
  })
})

describe('passphrase (no real keystore)', () => {
  it('asks for it at start; the right one unlocks, a wrong one is a typed error', async () => {
    const dir = await profile()
    const codec = new FakeKeystore('basic_text')

    const { vault } = await createVault(dir, { codec, passphrase: PASS })
    const file = JSON.parse(await readFile(join(dir, VAULT_FILE), 'utf8'))
    expect(file.keystore).toBeNull()
    expect(file.created).toEqual({ backend: 'basic_text', keystore: false })
    expect(file.passphrase).toMatchObject({ kdf: 'scrypt', N: 2 ** 17, r: 8, p: 1 })
    expect(await describeVault(dir)).toEqual({
      createdBackend: 'basic_text',
      keystoreBackend: null,
      passphrase: true,
      scrypt: { N: 2 ** 17, r: 8, p: 1 },
      recoveryShown: true,
    })

    const result = await unlock(dir, { codec })
    expect(result).toEqual({ status: 'needs', needs: 'passphrase', reason: expect.any(String) })
    await expect(unlockWithPassphrase(dir, 'correct horse battery!', { codec })).rejects.toBeInstanceOf(
      WrongPassphraseError,
    )

    const opened = await unlockWithPassphrase(dir, PASS, { codec })
    expect(opened.unlockedWith).toBe('passphrase')
    expect(sameKey(vault, opened)).toBe(true)
  })

  it('refuses scrypt parameters edited to exhaust memory', async () => {
    const dir = await profile()
    const codec = new FakeKeystore('basic_text')
    await createVault(dir, { codec, passphrase: PASS })
    const file = JSON.parse(await readFile(join(dir, VAULT_FILE), 'utf8'))
    file.passphrase.N = 2 ** 24
    await writeFile(join(dir, VAULT_FILE), JSON.stringify(file))
    await expect(unlock(dir, { codec })).rejects.toBeInstanceOf(TamperedError)
  })
})

describe('a changed keystore asks instead of failing', () => {
  it('backend changed, no passphrase: needs the recovery key, which unlocks and re-seals for the new keystore', async () => {
    const dir = await profile()
    const codec = new FakeKeystore('gnome_libsecret')
    const { vault, recoveryKey } = await createVault(dir, { codec })

    codec.name = 'basic_text'
    const weak = await unlock(dir, { codec })
    expect(weak).toEqual({
      status: 'needs',
      needs: 'recovery',
      reason: 'The keystore backend changed from gnome_libsecret to basic_text.',
    })
    // A weak keystore is not trusted with the key: the old slot stays, the next start asks again.
    const viaRecovery = await unlockWithRecoveryKey(dir, recoveryKey, { codec })
    expect(viaRecovery.keystoreRebound).toBe(false)
    expect(sameKey(vault, viaRecovery)).toBe(true)
    expect((await unlock(dir, { codec })).status).toBe('needs')

    codec.name = 'kwallet5'
    const typed = recoveryKey.toLowerCase().replace(/-/g, ' ')
    const rebound = await unlockWithRecoveryKey(dir, typed, { codec })
    expect(rebound.keystoreRebound).toBe(true)
    const next = await unlock(dir, { codec })
    expect(next.status).toBe('unlocked')
    expect((await describeVault(dir))?.keystoreBackend).toBe('kwallet5')
    expect((await describeVault(dir))?.createdBackend).toBe('gnome_libsecret')
  })

  it('backend changed with a passphrase set: needs the passphrase', async () => {
    const dir = await profile()
    const codec = new FakeKeystore('kwallet6')
    await createVault(dir, { codec, passphrase: PASS })
    codec.name = 'gnome_libsecret'
    expect(await unlock(dir, { codec })).toMatchObject({ status: 'needs', needs: 'passphrase' })
    const opened = await unlockWithPassphrase(dir, PASS, { codec })
    expect(opened.keystoreRebound).toBe(true)
    expect((await unlock(dir, { codec })).status).toBe('unlocked')
  })

  it('keystore unavailable, or a profile copied to another machine: needs, with the reason', async () => {
    const dir = await profile()
    const codec = new FakeKeystore()
    await createVault(dir, { codec })
    codec.available = false
    expect(await unlock(dir, { codec })).toMatchObject({
      status: 'needs',
      needs: 'recovery',
      reason: /not available/,
    })
    codec.available = true
    codec.machine = 'machine-b'
    expect(await unlock(dir, { codec })).toMatchObject({
      status: 'needs',
      needs: 'recovery',
      reason: /copied/,
    })
    codec.garbageOnMismatch = true
    expect(await unlock(dir, { codec })).toMatchObject({
      status: 'needs',
      needs: 'recovery',
      reason: /different key/,
    })
  })
})

describe('recovery key', () => {
  it('a typo is caught before anything is tried; a valid key of another vault is wrong', async () => {
    const dir = await profile()
    const codec = new FakeKeystore()
    const { recoveryKey } = await createVault(dir, { codec })
    const other = (await createVault(await profile(), { codec })).recoveryKey

    const chars = recoveryKey.split('')
    chars[5] = chars[5] === 'A' ? 'B' : 'A'
    await expect(unlockWithRecoveryKey(dir, chars.join(''), { codec })).rejects.toBeInstanceOf(
      InvalidRecoveryKeyError,
    )
    await expect(unlockWithRecoveryKey(dir, recoveryKey.slice(0, -1), { codec })).rejects.toBeInstanceOf(
      InvalidRecoveryKeyError,
    )
    await expect(
      unlockWithRecoveryKey(dir, recoveryKey.replace(/.$/, 'U'), { codec }),
    ).rejects.toBeInstanceOf(InvalidRecoveryKeyError)
    await expect(unlockWithRecoveryKey(dir, other, { codec })).rejects.toBeInstanceOf(WrongRecoveryKeyError)
    expect(parseRecoveryKey(recoveryKey).length).toBe(20)
    // O for 0 and I or L for 1, as people copy them.
    expect(
      parseRecoveryKey(recoveryKey.replace(/0/g, 'o').replace(/1/g, 'l')).equals(
        parseRecoveryKey(recoveryKey),
      ),
    ).toBe(true)
  })

  it('a forgotten passphrase: the recovery key unlocks and a new passphrase replaces the old one', async () => {
    const dir = await profile()
    const codec = new FakeKeystore('basic_text')
    const { recoveryKey, vault } = await createVault(dir, { codec, passphrase: PASS })
    const recovered = await unlockWithRecoveryKey(dir, recoveryKey, { codec })
    expect(recovered.unlockedWith).toBe('recovery')
    await changePassphrase(dir, recovered, 'a brand new passphrase')
    await expect(unlockWithPassphrase(dir, PASS, { codec })).rejects.toBeInstanceOf(WrongPassphraseError)
    expect(sameKey(vault, await unlockWithPassphrase(dir, 'a brand new passphrase', { codec }))).toBe(true)
    await expect(changePassphrase(dir, recovered, 'short')).rejects.toBeInstanceOf(WeakPassphraseError)
  })

  it('can be replaced; the old one stops working', async () => {
    const dir = await profile()
    const codec = new FakeKeystore()
    const { recoveryKey, vault } = await createVault(dir, { codec })
    const fresh = await newRecoveryKey(dir, vault)
    expect(fresh).not.toBe(recoveryKey)
    await expect(unlockWithRecoveryKey(dir, recoveryKey, { codec })).rejects.toBeInstanceOf(
      WrongRecoveryKeyError,
    )
    expect(sameKey(vault, await unlockWithRecoveryKey(dir, fresh, { codec }))).toBe(true)
  })
})

describe('the unlocked vault', () => {
  it('forgets its key when locked; a missing vault is NoVaultError for the explicit unlocks', async () => {
    const dir = await profile()
    const { vault } = await createVault(dir, { codec: new FakeKeystore() })
    const held = vault.vaultKey()
    vault.lock()
    expect(vault.locked).toBe(true)
    expect(held.equals(Buffer.alloc(32))).toBe(true)
    expect(() => vault.vaultKey()).toThrow(/locked/)
    await expect(
      unlockWithPassphrase(await profile(), PASS, { codec: new FakeKeystore() }),
    ).rejects.toBeInstanceOf(NoVaultError)
  })

  it('refuses a damaged vault.json', async () => {
    const dir = await profile()
    await writeFile(join(dir, VAULT_FILE), '{"version":1,')
    await expect(unlock(dir, { codec: new FakeKeystore() })).rejects.toBeInstanceOf(TamperedError)
  })
})
