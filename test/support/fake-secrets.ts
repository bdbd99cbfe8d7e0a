// A SecretCodec for tests: reversible but visibly not plain text, with a switch for "no keychain".
import type { SecretCodec } from '../../electron/services/ports'

export function fakeSecrets(available: boolean): SecretCodec {
  return {
    isEncryptionAvailable: () => available,
    encrypt: (plain) => Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`),
    decrypt: (cipher) => Buffer.from(cipher.toString().replace(/^enc:/, ''), 'hex').toString(),
  }
}
