// What the services need from their host (Electron in the app, plain Node in tests and the Chromium E2E host).
// Nothing here imports 'electron': electron/main adapts safeStorage, dialogs and electron-store to these ports.
import type { ReviewEventName, ReviewEvents } from '../../shared/ipc'
import type { ExportSettings } from '../../shared/export-options'
import type { RecognitionSettings, ReviewSettings } from '../../shared/model'
import type { LocalEngine } from './local-engine/types'
import type { Vault } from './store/vault/vault'
import type { VaultGate } from './store/vault/vault-gate'

/** Settings persisted by the host (electron-store in the app). Never holds a plain-text key. */
export type StoredSettings = {
  argosBaseUrl: string
  reviewerName: string
  /** The API key encrypted by the OS keychain (base64 of safeStorage output), or null. */
  encryptedApiKey: string | null
  /**
   * The origin (scheme, host, port) the key was saved for: the key is never sent anywhere else, and saving a base
   * URL with another origin clears it. Null with a key only in files written before issue 12 (bound on first read).
   */
  apiKeyOrigin: string | null
  recognition: RecognitionSettings
  review: ReviewSettings
  export: ExportSettings
  /**
   * Where the cases live (issue 16): on this computer, or a team workspace on PostgreSQL (the connection URL, never
   * with a password; the password sealed by the OS keystore, base64, or null when none is kept).
   */
  workspace: { kind: 'local' | 'team'; connection: string | null; encryptedPassword: string | null }
}

export interface SettingsStore {
  read(): StoredSettings
  write(patch: Partial<StoredSettings>): void
}

/**
 * The OS keystore: Electron's asynchronous safeStorage in the app (the synchronous one is deprecated in Electron 45
 * and removed in 46; what it sealed still opens). Main process only.
 */
export interface SecretCodec {
  /** Whether a real keystore seals secrets: false without one, and for Linux's basic_text obfuscation. */
  isEncryptionAvailable(): Promise<boolean>
  encrypt(plain: string): Promise<Buffer>
  /** Rejects when this keystore cannot open `cipher` (another machine or account, a reset keystore). */
  decrypt(cipher: Buffer): Promise<string>
}

export type SaveDialogOptions = {
  title: string
  defaultName: string
  filters: { name: string; extensions: string[] }[]
}

/** Native dialogs in the app; scripted in tests. */
export interface Dialogs {
  /** Returns the chosen path, or null when the reviewer cancelled. */
  chooseSavePath(options: SaveDialogOptions): Promise<string | null>
  /** Returns the chosen folder, or null when the reviewer cancelled. */
  chooseFolder(options: { title: string }): Promise<string | null>
  /** Asks a yes/no question (a message box); true for the confirming answer. */
  confirm(options: { title: string; message: string; detail: string; confirmLabel: string }): Promise<boolean>
  /**
   * Shows this file selected in the OS file manager (Electron's shell.showItemInFolder); recorded by scripted hosts.
   * Optional: a host without a file manager leaves it out, and "Show in folder" then says so.
   */
  revealInFolder?(path: string): Promise<void>
}

/** Where scripted dialogs (tests) record "Show in folder", one path per line, inside the folder they save to. */
export const SCRIPTED_REVEAL_LOG = '.recto-revealed.log'

/** Main-process environment overrides (never forwarded to the renderer). */
export type ServiceEnv = {
  ARGOS_API_URL?: string | undefined
  ARGOS_API_KEY?: string | undefined
}

export type Emit = <E extends ReviewEventName>(event: E, payload: ReviewEvents[E]) => void

/** Diagnostics without personal data: messages name cases by id, never by values or images. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export type ServiceDeps = {
  /** The app's user-data folder; cases live under `<userDataDir>/cases`. */
  userDataDir: string
  settings: SettingsStore
  secrets: SecretCodec
  dialogs: Dialogs
  env: ServiceEnv
  emit: Emit
  logger: Logger
  /**
   * The operating-system account at the keyboard (os.userInfo().username in the app). Read at each use: audit
   * entries, decisions, history and four-eyes record and compare this, never the display name from Settings.
   */
  account: () => string
  /**
   * The admin policy file (shared/policy.ts), read-only: /etc/recto/policy.json, %ProgramData%\Recto\policy.json
   * or /Library/Application Support/Recto/policy.json in the app; null for none (tests, development).
   */
  policyFile: string | null
  /**
   * The vault (issue 13): given, the case store, its index and the audit logs are encrypted at rest; absent or null,
   * they are plaintext (tests and benchmark baselines only). The app gives a VaultGate, and the store opens once it
   * is unlocked; a Vault already unlocked opens at once. The vault key never leaves the main process.
   */
  vault?: Vault | VaultGate | null
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch
  /**
   * The engine that reads documents on this computer (issue 15); default: the real one (tesseract.js), loaded on
   * the first document read locally. Tests give a fake. The service disposes it.
   */
  localEngine?: LocalEngine
  /**
   * The folder of the sample documents ("Try sample documents"): `manifest.json` and the images it names. In the app
   * `<app>/resources/samples` unpackaged, `<resources>/samples` packaged; absent or null: this build has none.
   */
  samplesDir?: string | null
}
