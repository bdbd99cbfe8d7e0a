// A vault for tests of the encrypted store (issue 13): created in a profile folder on first use, kept by a fake
// OS keystore that is always there, and unlocked through it when the folder is opened again (by another process
// too, as the crash test's writer does). No passphrase, so no scrypt: creating one costs milliseconds.
import { mkdir } from 'node:fs/promises'
import {
  createVault,
  hasVault,
  unlock,
  type KeystoreCodec,
  type Vault,
} from '../../electron/services/store/vault/vault'

/** Reversible (XOR with a fixed pad) and always available: enough to hold a test vault's key. */
export const testKeystore: KeystoreCodec = {
  backend: async () => 'gnome_libsecret',
  isAvailable: async () => true,
  encrypt: async (plain) => Buffer.concat([Buffer.from('KS:'), Buffer.from(plain.map((b) => b ^ 0x5a))]),
  decrypt: async (cipher) => Buffer.from(cipher.subarray(3).map((b) => b ^ 0x5a)),
}

/** The profile's vault: created on first use, unlocked through the keystore when the folder is reopened. */
export async function testVault(userDataDir: string): Promise<Vault> {
  await mkdir(userDataDir, { recursive: true })
  if (!(await hasVault(userDataDir))) return (await createVault(userDataDir, { codec: testKeystore })).vault
  const opened = await unlock(userDataDir, { codec: testKeystore })
  if (opened.status !== 'unlocked') throw new Error(`test vault did not unlock: ${opened.status}`)
  return opened.vault
}
