import type { SettingsView } from '../../../shared/model'

/** Where the API key lives, in words the reviewer can act on. */
export function KeyStorageNote({ view }: { view: SettingsView }) {
  switch (view.apiKeyStorage) {
    case 'encrypted':
      return <p className="form-note ok">Stored encrypted by the operating system</p>
    case 'session':
      return (
        <p className="form-note warn">
          Encryption is not available on this system: the key is kept for this session only and must be typed
          again after a restart
        </p>
      )
    case 'environment':
      return <p className="form-note">Set by ARGOS_API_KEY in the environment</p>
    case 'none':
      return (
        <p className="form-note">
          No key set.
          {view.encryptionAvailable
            ? ' It will be stored encrypted by the operating system.'
            : ' Encryption is not available on this system: a key would be kept for this session only.'}
        </p>
      )
  }
}
