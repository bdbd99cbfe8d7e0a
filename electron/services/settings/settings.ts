// Settings owned by the main process. The API key is kept encrypted by the OS keychain when it can be, else in
// memory for this session only; ARGOS_API_URL / ARGOS_API_KEY in the environment win over both.
// The renderer only ever gets a SettingsView, which says whether a key is set and never what it is.
// The keystore answers asynchronously (Electron's safeStorage) while apiKey() is synchronous: init(), awaited by the
// review service before the settings are used, learns whether the keystore seals and opens the stored key once into
// memory; setApiKey() seals a new one before anything is recorded or saved.
// The endpoint is locked (shared/endpoint.ts): https:, or http: to this computer only; an override that breaks the
// rule is ignored. The key is bound to the origin it was saved for and is never sent to another one.
//
// The admin policy (electron/services/settings/policy.ts) wins over everything: the view and the getters give the EFFECTIVE
// values (policy, then environment, then stored), a patch that would change a pinned setting is refused as a whole,
// and the export options of every request are forced to the policy (enforceCsvOptions, enforceExportRequest).
// The recognition engine (issue 15) follows the same order: the policy's pin, else the reviewer's choice, else
// automatic (`local` while no API key is in use, `argos` otherwise).
// Changes of security-relevant settings are appended to the settings audit log (settings-audit.ts) with the OS
// account BEFORE they are saved: a change whose entry cannot be written is not made.
import {
  PINNED_SETTING_LABEL,
  type ApiKeyState,
  type PinnedSetting,
  type SettingsHistoryView,
} from '../../../shared/policy'
import { endpointOrigin, endpointProblem } from '../../../shared/endpoint'
import type { CsvOptions, ExportSettings } from '../../../shared/export-options'
import type { ExportRequest, SettingsPatch } from '../../../shared/ipc'
import type { Engine, RecognitionSettings, ReviewSettings, SettingsView } from '../../../shared/model'
import { applyExportPins, CSV_PIN_KEYS, loadPolicy, NO_POLICY, policyView, type Policy } from './policy'
import type { Logger, SecretCodec, ServiceEnv, SettingsStore, StoredSettings } from '../ports'
import {
  loggedEndpoint,
  settingsAuditPath,
  SettingsAuditLog,
  type SettingsAuditDraft,
} from '../audit/settings-audit'

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

/** A change the admin policy does not allow (the message names the setting and the policy file). */
export class PolicyRefused extends Error {
  override name = 'PolicyRefused'
  constructor(policy: Policy, setting: PinnedSetting) {
    const what = PINNED_SETTING_LABEL[setting]
    super(
      policy.problem
        ? `${what} is locked because your organisation's policy file (${policy.source}) could not be used: ask your administrator to correct it`
        : `${what} is set by your organisation's policy (${policy.source}) and cannot be changed here`,
    )
  }
}

/** What Settings needs besides the store (all optional, so a bare Settings is the pre-policy one). */
export type SettingsOptions = {
  /** The OS account at the keyboard, recorded with each settings change. */
  account?: () => string
  /** The admin policy file to read once now (ServiceDeps.policyFile); ignored when `policy` is given. */
  policyFile?: string | null
  /** A policy already loaded (tests). */
  policy?: Policy
  /** The user-data folder: the settings audit log lives there. Without it nothing is logged (tests). */
  userDataDir?: string | null
  /** The clock for log entries; injected by tests. */
  now?: () => Date
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
const normaliseUrl = (url: string) => url.trim().replace(/\/+$/, '')

export class Settings {
  private sessionKey: string | null = null
  /** The origin the session key was entered for. */
  private sessionKeyOrigin: string | null = null
  private readonly overrideUrl: string | null
  private readonly policy: Policy
  private readonly log: SettingsAuditLog | null
  private readonly account: () => string
  private readonly now: () => Date
  /** Whether the OS keystore seals the key; false until init() has asked (nothing is stored sealed blind). */
  private encryption = false
  /** The stored key as init() opened or setApiKey() sealed it, with the stored form it belongs to. */
  private opened: { sealed: string; plain: string } | null = null
  private initialising: Promise<void> | null = null

  constructor(
    private readonly store: SettingsStore,
    private readonly secrets: SecretCodec,
    private readonly env: ServiceEnv,
    logger?: Logger,
    options: SettingsOptions = {},
  ) {
    const fromEnv = this.env.ARGOS_API_URL?.trim() || null
    const problem = fromEnv ? endpointProblem(fromEnv) : null
    if (fromEnv && problem)
      logger?.warn(`settings: ARGOS_API_URL ignored, the settings' URL is used (${problem})`)
    this.overrideUrl = problem ? null : (fromEnv?.replace(/\/+$/, '') ?? null)
    this.policy = options.policy ?? (options.policyFile ? loadPolicy(options.policyFile, logger) : NO_POLICY)
    this.log = options.userDataDir ? new SettingsAuditLog(settingsAuditPath(options.userDataDir)) : null
    this.account = options.account ?? (() => '')
    this.now = options.now ?? (() => new Date())
  }

  /**
   * Asks the keystore whether it seals and opens the stored key into memory, once (later calls wait for the first).
   * Never rejects: a keystore that cannot answer counts as none, and a key it cannot open is reported by apiKey().
   */
  init(): Promise<void> {
    this.initialising ??= this.openStoredKey()
    return this.initialising
  }

  private async openStoredKey(): Promise<void> {
    this.encryption = await this.askKeystore()
    const sealed = this.store.read().encryptedApiKey
    // The environment's key wins for the whole session: the keystore is not asked to open one never used.
    if (!sealed || !this.encryption || this.envKey()) return
    try {
      this.opened = { sealed, plain: await this.secrets.decrypt(Buffer.from(sealed, 'base64')) }
    } catch {
      // Left unopened: apiKey() says it could not be decrypted (a profile from another machine or account).
    }
  }

  private askKeystore(): Promise<boolean> {
    return this.secrets.isEncryptionAvailable().catch(() => false)
  }

  /** The account for the view and the log; a host that cannot tell gives '' rather than failing the change. */
  private accountName(): string {
    try {
      return this.account()
    } catch {
      return ''
    }
  }

  /** The endpoint in use: the policy's, else the environment's, else the stored one. */
  private effectiveUrl(s: StoredSettings): string {
    if (this.policy.endpoint.kind === 'pinned') return this.policy.endpoint.url
    return this.envUrl() ?? s.argosBaseUrl
  }

  private effectiveReview(review: ReviewSettings): ReviewSettings {
    const retention = this.policy.retentionDays
    return { ...review, ...this.policy.review, ...(retention !== null ? { retentionDays: retention } : {}) }
  }

  private effectiveExport(exp: ExportSettings): ExportSettings {
    return applyExportPins(this.policy, exp)
  }

  private refuse(setting: PinnedSetting): never {
    throw new PolicyRefused(this.policy, setting)
  }

  /** Writes these entries to the settings log (fsynced) before the change is saved; nothing when there is no log. */
  private record(
    s: StoredSettings,
    changes: Omit<SettingsAuditDraft, 'at' | 'account' | 'reviewer'>[],
  ): void {
    if (!this.log || changes.length === 0) return
    const at = this.now().toISOString()
    const account = this.accountName()
    try {
      this.log.append(changes.map((c) => ({ ...c, at, account, reviewer: s.reviewerName })))
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      throw new Error(
        `The settings history could not be written${code ? ` (${code})` : ''}: the change was not made`,
      )
    }
  }

  private keyState(s: StoredSettings): ApiKeyState {
    return s.encryptedApiKey || this.sessionKey ? 'set' : 'none'
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
      const origin = endpointOrigin(this.effectiveUrl(s))
      if (origin) {
        this.store.write({ apiKeyOrigin: origin })
        return { ...s, apiKeyOrigin: origin }
      }
    }
    return s
  }

  private inUseOrigin(s: StoredSettings): string | null {
    return endpointOrigin(this.effectiveUrl(s))
  }

  /** Where the key in use lives; a key saved for another origin is not sent, so it does not count as set. */
  private keyStorage(s: StoredSettings): SettingsView['apiKeyStorage'] {
    const origin = this.inUseOrigin(s)
    return this.envKey()
      ? 'environment'
      : this.sessionKey && this.sessionKeyOrigin === origin
        ? 'session'
        : s.encryptedApiKey && s.apiKeyOrigin === origin
          ? 'encrypted'
          : 'none'
  }

  private effectiveEngine(s: StoredSettings): SettingsView['engine'] {
    if (this.policy.engine) return { effective: this.policy.engine, pinned: true }
    const chosen = s.recognition.engine
    if (chosen) return { effective: chosen, pinned: false }
    // Automatic: with no key ARGOS cannot be asked, and the local engine needs none.
    return { effective: this.keyStorage(s) === 'none' ? 'local' : 'argos', pinned: false }
  }

  view(): SettingsView {
    const s = this.read()
    const storage = this.keyStorage(s)
    const urlFromEnv = this.envUrl() !== null && this.policy.endpoint.kind !== 'pinned'
    return {
      argosBaseUrl: this.effectiveUrl(s),
      reviewerName: s.reviewerName,
      apiKeySet: storage !== 'none',
      apiKeyStorage: storage,
      encryptionAvailable: this.encryption,
      overriddenByEnvironment: { argosBaseUrl: urlFromEnv, apiKey: this.envKey() !== null },
      recognition: { ...s.recognition, engine: this.policy.engine ?? s.recognition.engine },
      review: this.effectiveReview(s.review),
      export: this.effectiveExport(s.export),
      account: this.accountName(),
      engine: this.effectiveEngine(s),
      policy: policyView(this.policy),
    }
  }

  /**
   * The patch without the pinned settings it repeats at their pinned value (the dialogs send what they show);
   * refused as a whole when it would change one.
   */
  private withoutPins(patch: SettingsPatch, s: StoredSettings): SettingsPatch {
    const p = this.policy
    const out: SettingsPatch = { ...patch }
    if (patch.argosBaseUrl !== undefined && p.endpoint.kind !== 'free') {
      const pinned = p.endpoint.kind === 'pinned' ? p.endpoint.url : s.argosBaseUrl
      if (normaliseUrl(patch.argosBaseUrl) !== pinned) this.refuse('argosBaseUrl')
      delete out.argosBaseUrl
    }
    if (patch.recognition?.engine !== undefined && p.engine !== null) {
      // The dialogs send what they show (the pinned value) or what is stored: only a change is refused.
      const engine = patch.recognition.engine
      if (engine !== p.engine && engine !== s.recognition.engine) this.refuse('recognition.engine')
      const recognition = { ...patch.recognition }
      delete recognition.engine
      out.recognition = recognition
    }
    if (patch.review) {
      const review = { ...patch.review }
      for (const k of ['fourEyes', 'attentionScore'] as const) {
        const pinned = p.review[k]
        if (review[k] === undefined || pinned === undefined) continue
        if (review[k] !== pinned) this.refuse(`review.${k}`)
        delete review[k]
      }
      if (review.retentionDays !== undefined && p.retentionDays !== null) {
        if (review.retentionDays !== p.retentionDays) this.refuse('retentionDays')
        delete review.retentionDays
      }
      out.review = review
    }
    if (patch.export) {
      const exp = { ...patch.export }
      if (exp.decidedOnly !== undefined && p.export.decidedOnly !== undefined) {
        if (exp.decidedOnly !== p.export.decidedOnly) this.refuse('export.decidedOnly')
        delete exp.decidedOnly
      }
      if (exp.csv) {
        const csv = { ...exp.csv }
        for (const k of CSV_PIN_KEYS) {
          const pinned = p.export[k]
          if (pinned === undefined) continue
          if (csv[k] !== pinned) this.refuse(`export.csv.${k}`)
          // The reviewer's own choice stays stored for when the policy no longer pins it.
          csv[k] = s.export.csv[k]
        }
        exp.csv = csv
      }
      out.export = exp
    }
    return out
  }

  update(requested: SettingsPatch): SettingsView {
    const current = this.read()
    const patch = this.withoutPins(requested, current)
    const next: Partial<StoredSettings> = {}
    const changes: Omit<SettingsAuditDraft, 'at' | 'account' | 'reviewer'>[] = []
    let clearSessionKey = false
    if (patch.argosBaseUrl !== undefined) {
      const problem = endpointProblem(patch.argosBaseUrl)
      if (problem) throw new EndpointRefused(problem)
      next.argosBaseUrl = normaliseUrl(patch.argosBaseUrl)
      if (next.argosBaseUrl !== current.argosBaseUrl) {
        changes.push({
          setting: 'argosBaseUrl',
          before: loggedEndpoint(current.argosBaseUrl),
          after: loggedEndpoint(next.argosBaseUrl),
        })
      }
      // Saving another origin clears the key saved for the old one (stored and session alike).
      const origin = endpointOrigin(next.argosBaseUrl)
      if (current.encryptedApiKey && current.apiKeyOrigin !== origin) {
        next.encryptedApiKey = null
        next.apiKeyOrigin = null
      }
      clearSessionKey = this.sessionKey !== null && this.sessionKeyOrigin !== origin
      if (next.encryptedApiKey === null || clearSessionKey) {
        changes.push({ setting: 'apiKey', before: 'set', after: 'cleared_for_new_origin' })
      }
    }
    if (patch.reviewerName !== undefined) {
      next.reviewerName = patch.reviewerName.trim()
      if (next.reviewerName !== current.reviewerName)
        changes.push({ setting: 'reviewerName', before: current.reviewerName, after: next.reviewerName })
    }
    if (patch.recognition !== undefined) {
      next.recognition = { ...current.recognition, ...patch.recognition }
      // Whether scans leave the computer: recorded like the endpoint (null is the automatic choice).
      if (next.recognition.engine !== current.recognition.engine)
        changes.push({
          setting: 'recognition.engine',
          before: current.recognition.engine,
          after: next.recognition.engine,
        })
    }
    if (patch.review !== undefined) {
      next.review = { ...current.review, ...patch.review }
      for (const k of ['fourEyes', 'attentionScore', 'retentionDays'] as const) {
        if (!sameValue(current.review[k], next.review[k]))
          changes.push({ setting: `review.${k}`, before: current.review[k], after: next.review[k] })
      }
    }
    if (patch.export !== undefined) next.export = { ...current.export, ...patch.export }
    this.record(current, changes)
    if (clearSessionKey) {
      this.sessionKey = null
      this.sessionKeyOrigin = null
    }
    this.store.write(next)
    if (next.encryptedApiKey === null) this.opened = null
    return this.view()
  }

  async setApiKey(key: string): Promise<SettingsView> {
    if (this.policy.apiKeyFrozen) this.refuse('apiKey')
    const trimmed = key.trim()
    await this.init()
    // Asked again: a keystore unlocked (or gone) since start-up decides where this key goes.
    this.encryption = await this.askKeystore()
    const sealed = this.encryption ? (await this.secrets.encrypt(trimmed)).toString('base64') : null
    // Synchronous from here: the state read, the log entry and the write cannot interleave with another change,
    // and a key the keystore failed to seal has recorded nothing.
    const current = this.store.read()
    const origin = this.inUseOrigin(current)
    this.record(current, [{ setting: 'apiKey', before: this.keyState(current), after: 'set' }])
    if (sealed !== null) {
      this.store.write({ encryptedApiKey: sealed, apiKeyOrigin: origin })
      this.opened = { sealed, plain: trimmed }
      this.sessionKey = null
      this.sessionKeyOrigin = null
    } else {
      // No keychain: never write the key in clear; keep it for this session only (the UI warns).
      this.sessionKey = trimmed
      this.sessionKeyOrigin = origin
      this.store.write({ encryptedApiKey: null, apiKeyOrigin: null })
      this.opened = null
    }
    return this.view()
  }

  clearApiKey(): SettingsView {
    if (this.policy.apiKeyFrozen) this.refuse('apiKey')
    const current = this.store.read()
    // Only a key that was there is recorded as cleared (the dialog offers Clear only then).
    if (this.keyState(current) === 'set')
      this.record(current, [{ setting: 'apiKey', before: 'set', after: 'cleared' }])
    this.sessionKey = null
    this.sessionKeyOrigin = null
    this.opened = null
    this.store.write({ encryptedApiKey: null, apiKeyOrigin: null })
    return this.view()
  }

  baseUrl(): string {
    return this.view().argosBaseUrl
  }

  /**
   * The key for a request to baseUrl(). Main process only: never returned over IPC. A stored key is only known
   * once init() has opened it.
   */
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
    if (stored && this.encryption) {
      if (s.apiKeyOrigin !== origin)
        throw new ApiKeyOriginMismatch(s.apiKeyOrigin ?? 'another endpoint', origin)
      if (this.opened?.sealed === stored) return this.opened.plain
      throw new Error('The stored API key could not be decrypted on this system: enter it again in Settings.')
    }
    throw new MissingApiKey()
  }

  recognition(): RecognitionSettings {
    return this.store.read().recognition
  }

  /** The engine Recognize uses now (read when each case starts: a batch may use either). */
  engine(): Engine {
    return this.effectiveEngine(this.read()).effective
  }

  reviewer(): string {
    return this.store.read().reviewerName
  }

  /** The review settings in force (the policy's pins applied): what decisions and checks go by. */
  review(): ReviewSettings {
    return this.effectiveReview(this.store.read().review)
  }

  /** The CSV options of one export request with the policy's pins forced (the renderer's choice is not trusted). */
  enforceCsvOptions(options: CsvOptions): CsvOptions {
    const out = { ...options }
    for (const k of CSV_PIN_KEYS) {
      const pinned = this.policy.export[k]
      if (pinned !== undefined) out[k] = pinned
    }
    return out
  }

  /** An export request with "decided only" forced when the policy pins it. */
  enforceExportRequest(request: ExportRequest): ExportRequest {
    const pinned = this.policy.export.decidedOnly
    return pinned === undefined ? request : { ...request, decidedOnly: pinned }
  }

  /**
   * Why the policy forbids this export format, or null. The JSON export is full fidelity (it cannot mask document
   * numbers or leave out the MRZ), so it is refused while the policy requires either.
   */
  exportProblem(format: 'csv' | 'json'): string | null {
    if (format !== 'json') return null
    const { maskDocumentNumbers, excludeMrz } = this.policy.export
    if (!maskDocumentNumbers && !excludeMrz) return null
    const what = maskDocumentNumbers ? 'masks document numbers' : 'leaves out MRZ lines'
    return `Your organisation's policy (${this.policy.source}) ${what} in exports, which the JSON export cannot do: export CSV instead`
  }

  /** The settings audit log, oldest first, with whether its hash chain holds. */
  async history(): Promise<SettingsHistoryView> {
    if (!this.log) return { entries: [], verdict: { ok: true, count: 0 }, problem: null }
    return this.log.read()
  }
}
