// Settings owned by the main process. The API key is kept encrypted by the OS keychain when it can be, else in
// memory for this session only; ARGOS_API_URL / ARGOS_API_KEY in the environment win over both.
// The renderer only ever gets a SettingsView, which says whether a key is set and never what it is.
import type { SettingsPatch } from '../../shared/ipc'
import type { RecognitionSettings, ReviewSettings, SettingsView } from '../../shared/model'
import type { SecretCodec, ServiceEnv, SettingsStore } from './ports'

export class MissingApiKey extends Error {
  override name = 'MissingApiKey'
  constructor() {
    super('No ARGOS API key is set: open Settings and enter the key for your ARGOS workspace.')
  }
}

export class Settings {
  private sessionKey: string | null = null

  constructor(
    private readonly store: SettingsStore,
    private readonly secrets: SecretCodec,
    private readonly env: ServiceEnv,
  ) {}

  private envUrl(): string | null {
    return this.env.ARGOS_API_URL?.trim() || null
  }

  private envKey(): string | null {
    return this.env.ARGOS_API_KEY?.trim() || null
  }

  view(): SettingsView {
    const s = this.store.read()
    const storage: SettingsView['apiKeyStorage'] = this.envKey()
      ? 'environment'
      : this.sessionKey
        ? 'session'
        : s.encryptedApiKey
          ? 'encrypted'
          : 'none'
    return {
      argosBaseUrl: this.envUrl() ?? s.argosBaseUrl,
      reviewerName: s.reviewerName,
      apiKeySet: storage !== 'none',
      apiKeyStorage: storage,
      encryptionAvailable: this.secrets.isEncryptionAvailable(),
      overriddenByEnvironment: { argosBaseUrl: this.envUrl() !== null, apiKey: this.envKey() !== null },
      recognition: { ...s.recognition },
      review: { ...s.review },
      export: { ...s.export, csv: { ...s.export.csv } },
    }
  }

  update(patch: SettingsPatch): SettingsView {
    const next: Partial<ReturnType<SettingsStore['read']>> = {}
    if (patch.argosBaseUrl !== undefined) next.argosBaseUrl = patch.argosBaseUrl.replace(/\/+$/, '')
    if (patch.reviewerName !== undefined) next.reviewerName = patch.reviewerName.trim()
    if (patch.recognition !== undefined)
      next.recognition = { ...this.store.read().recognition, ...patch.recognition }
    if (patch.review !== undefined) next.review = { ...this.store.read().review, ...patch.review }
    if (patch.export !== undefined) next.export = { ...this.store.read().export, ...patch.export }
    this.store.write(next)
    return this.view()
  }

  setApiKey(key: string): SettingsView {
    const trimmed = key.trim()
    if (this.secrets.isEncryptionAvailable()) {
      this.store.write({ encryptedApiKey: this.secrets.encrypt(trimmed).toString('base64') })
      this.sessionKey = null
    } else {
      // No keychain: never write the key in clear; keep it for this session only (the UI warns).
      this.sessionKey = trimmed
      this.store.write({ encryptedApiKey: null })
    }
    return this.view()
  }

  clearApiKey(): SettingsView {
    this.sessionKey = null
    this.store.write({ encryptedApiKey: null })
    return this.view()
  }

  baseUrl(): string {
    return this.view().argosBaseUrl
  }

  /** The key for a request. Main process only: never returned over IPC. */
  apiKey(): string {
    const fromEnv = this.envKey()
    if (fromEnv) return fromEnv
    if (this.sessionKey) return this.sessionKey
    const stored = this.store.read().encryptedApiKey
    if (stored && this.secrets.isEncryptionAvailable()) {
      try {
        return this.secrets.decrypt(Buffer.from(stored, 'base64'))
      } catch {
        throw new Error(
          'The stored API key could not be decrypted on this system: enter it again in Settings.',
        )
      }
    }
    throw new MissingApiKey()
  }

  recognition(): RecognitionSettings {
    return this.store.read().recognition
  }

  reviewer(): string {
    return this.store.read().reviewerName
  }

  review(): ReviewSettings {
    return this.store.read().review
  }
}
