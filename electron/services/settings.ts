// Settings owned by the main process. The API key is kept encrypted by the OS keychain when it can be, else in
// memory for this session only; ARGOS_API_URL / ARGOS_API_KEY in the environment win over both.
// The renderer only ever gets a SettingsView, which says whether a key is set and never what it is.
// The endpoint is locked (shared/endpoint.ts): https:, or http: to this computer only; an override that breaks the
// rule is ignored. The key is bound to the origin it was saved for and is never sent to another one.
import { endpointOrigin, endpointProblem } from '../../shared/endpoint'
import type { SettingsPatch } from '../../shared/ipc'
import type { RecognitionSettings, ReviewSettings, SettingsView } from '../../shared/model'
import type { Logger, SecretCodec, ServiceEnv, SettingsStore, StoredSettings } from './ports'

export class MissingApiKey extends Error {
  override name = 'MissingApiKey'
  constructor(
    message = 'No ARGOS API key is set: open Settings and enter the key for your ARGOS workspace.',
  ) {
    super(message)
  }
}

/** The stored key belongs to another endpoint: it is not sent (origins only, never the key). */
export class ApiKeyOriginMismatch extends MissingApiKey {
  override name = 'ApiKeyOriginMismatch'
  constructor(savedFor: string, inUse: string) {
    super(
      `The ARGOS API key was saved for ${savedFor} and is not sent to ${inUse}: ` +
        'open Settings and enter the key for this endpoint.',
    )
  }
}

/** A base URL the endpoint rule refuses (a main-process check behind the IPC schema's). */
export class EndpointRefused extends Error {
  override name = 'EndpointRefused'
}

export class Settings {
  private sessionKey: string | null = null
  /** The origin the session key was entered for. */
  private sessionKeyOrigin: string | null = null
  private readonly overrideUrl: string | null

  constructor(
    private readonly store: SettingsStore,
    private readonly secrets: SecretCodec,
    private readonly env: ServiceEnv,
    logger?: Logger,
  ) {
    const fromEnv = this.env.ARGOS_API_URL?.trim() || null
    const problem = fromEnv ? endpointProblem(fromEnv) : null
    if (fromEnv && problem)
      logger?.warn(`settings: ARGOS_API_URL ignored, the settings' URL is used (${problem})`)
    this.overrideUrl = problem ? null : (fromEnv?.replace(/\/+$/, '') ?? null)
  }

  private envUrl(): string | null {
    return this.overrideUrl
  }

  private envKey(): string | null {
    return this.env.ARGOS_API_KEY?.trim() || null
  }

  /** The stored settings, with a key from before issue 12 bound to the origin in use (migration, once). */
  private read(): StoredSettings {
    const s = this.store.read()
    if (s.encryptedApiKey && s.apiKeyOrigin === null) {
      const origin = endpointOrigin(this.envUrl() ?? s.argosBaseUrl)
      if (origin) {
        this.store.write({ apiKeyOrigin: origin })
        return { ...s, apiKeyOrigin: origin }
      }
    }
    return s
  }

  private inUseOrigin(s: StoredSettings): string | null {
    return endpointOrigin(this.envUrl() ?? s.argosBaseUrl)
  }

  view(): SettingsView {
    const s = this.read()
    const origin = this.inUseOrigin(s)
    // A key saved for another origin is not sent, so it does not count as set.
    const storage: SettingsView['apiKeyStorage'] = this.envKey()
      ? 'environment'
      : this.sessionKey && this.sessionKeyOrigin === origin
        ? 'session'
        : s.encryptedApiKey && s.apiKeyOrigin === origin
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
      account: '',
      policy: { source: null, problem: null, pinned: [] },
    }
  }

  update(patch: SettingsPatch): SettingsView {
    const current = this.read()
    const next: Partial<StoredSettings> = {}
    if (patch.argosBaseUrl !== undefined) {
      const problem = endpointProblem(patch.argosBaseUrl)
      if (problem) throw new EndpointRefused(problem)
      next.argosBaseUrl = patch.argosBaseUrl.trim().replace(/\/+$/, '')
      // Saving another origin clears the key saved for the old one (stored and session alike).
      const origin = endpointOrigin(next.argosBaseUrl)
      if (current.encryptedApiKey && current.apiKeyOrigin !== origin) {
        next.encryptedApiKey = null
        next.apiKeyOrigin = null
      }
      if (this.sessionKey && this.sessionKeyOrigin !== origin) {
        this.sessionKey = null
        this.sessionKeyOrigin = null
      }
    }
    if (patch.reviewerName !== undefined) next.reviewerName = patch.reviewerName.trim()
    if (patch.recognition !== undefined) next.recognition = { ...current.recognition, ...patch.recognition }
    if (patch.review !== undefined) next.review = { ...current.review, ...patch.review }
    if (patch.export !== undefined) next.export = { ...current.export, ...patch.export }
    this.store.write(next)
    return this.view()
  }

  setApiKey(key: string): SettingsView {
    const trimmed = key.trim()
    const origin = this.inUseOrigin(this.store.read())
    if (this.secrets.isEncryptionAvailable()) {
      this.store.write({
        encryptedApiKey: this.secrets.encrypt(trimmed).toString('base64'),
        apiKeyOrigin: origin,
      })
      this.sessionKey = null
      this.sessionKeyOrigin = null
    } else {
      // No keychain: never write the key in clear; keep it for this session only (the UI warns).
      this.sessionKey = trimmed
      this.sessionKeyOrigin = origin
      this.store.write({ encryptedApiKey: null, apiKeyOrigin: null })
    }
    return this.view()
  }

  clearApiKey(): SettingsView {
    this.sessionKey = null
    this.sessionKeyOrigin = null
    this.store.write({ encryptedApiKey: null, apiKeyOrigin: null })
    return this.view()
  }

  baseUrl(): string {
    return this.view().argosBaseUrl
  }

  /** The key for a request to baseUrl(). Main process only: never returned over IPC. */
  apiKey(): string {
    const fromEnv = this.envKey()
    if (fromEnv) return fromEnv
    const s = this.read()
    const origin = this.inUseOrigin(s) ?? 'an unknown endpoint'
    if (this.sessionKey) {
      if (this.sessionKeyOrigin !== origin)
        throw new ApiKeyOriginMismatch(this.sessionKeyOrigin ?? 'another endpoint', origin)
      return this.sessionKey
    }
    const stored = s.encryptedApiKey
    if (stored && this.secrets.isEncryptionAvailable()) {
      if (s.apiKeyOrigin !== origin)
        throw new ApiKeyOriginMismatch(s.apiKeyOrigin ?? 'another endpoint', origin)
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
