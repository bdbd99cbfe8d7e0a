// A SecretCodec for tests: reversible but visibly not plain text, with a switch for "no keychain". Asynchronous like
// Electron's safeStorage API it stands in for.
import type { SecretCodec } from '../../electron/services/ports'

/** What the fake seals `plain` into, synchronously: for tests that write a settings file as an older version did. */
export const fakeSealed = (plain: string): Buffer => Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`)

export function fakeSecrets(available: boolean): SecretCodec {
  return {
    isEncryptionAvailable: async () => available,
    encrypt: async (plain) => fakeSealed(plain),
    decrypt: async (cipher) => {
      const text = cipher.toString()
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided')
      return Buffer.from(text.slice(4), 'hex').toString()
    },
  }
}
