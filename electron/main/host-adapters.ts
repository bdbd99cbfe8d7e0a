// Electron-backed implementations of the service ports (electron/services/ports.ts).
import { readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { basename, join } from 'node:path'
import {
  app,
  dialog,
  safeStorage,
  shell,
  type BrowserWindow,
  type MessageBoxOptions,
  type OpenDialogOptions,
  type SaveDialogOptions as NativeSaveOptions,
} from 'electron'
import Store from 'electron-store'
import {
  type Dialogs,
  type Logger,
  type SecretCodec,
  type ServiceEnv,
  type SettingsStore,
  type StoredSettings,
} from '../services/ports'
import { defaultSettings, parseStoredSettings } from '../services/settings/stored-settings'
import type { KeystoreCodec } from '../services/store/vault/vault'
import type { DevEnv } from './dev-switches'
import { createScriptedDialogs } from './scripted-dialogs'

// Split out so plain Node (the Chromium E2E host) can use them; re-exported for the app's callers.
export { createScriptedDialogs, type ScriptedAnswers } from './scripted-dialogs'

/**
 * Settings in `<userData>/settings.json` (electron-store). Holds settings only, the key only in its encrypted
 * form. Every read is validated (parseStoredSettings): a damaged value falls back to its default.
 */
export function createSettingsStore(): SettingsStore {
  const store = new Store<StoredSettings>({
    name: 'settings',
    defaults: defaultSettings(),
    clearInvalidConfig: true,
  })
  const keys = Object.keys(defaultSettings()) as (keyof StoredSettings)[]
  return {
    read: () => parseStoredSettings(Object.fromEntries(keys.map((k) => [k, store.get(k)]))),
    write(patch) {
      for (const key of keys) if (patch[key] !== undefined) store.set(key, patch[key])
    },
  }
}

/**
 * safeStorage, through its asynchronous API (the synchronous one is deprecated in Electron 45 and removed in 46;
 * decryptStringAsync opens what encryptString sealed, so keys saved by earlier versions still open). On Linux
 * without a keyring Electron falls back to 'basic_text', which is obfuscation with a fixed password, not
 * encryption; it is reported as unavailable so the key is kept for the session only.
 */
export function createSecretCodec(platform: NodeJS.Platform = process.platform): SecretCodec {
  return {
    async isEncryptionAvailable() {
      // Asked first: it is also what starts the asynchronous encryptor, which Electron initialises on first use.
      const available = await safeStorage.isAsyncEncryptionAvailable().catch(() => false)
      if (!available) return false
      return !(platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
    },
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    // shouldReEncrypt (the keystore rotated its key) is not acted on: the audit key file is never rewritten
    // (audit-key.ts), and the API key is sealed afresh whenever it is saved.
    decrypt: async (cipher) => (await safeStorage.decryptStringAsync(cipher)).result,
  }
}

/** What the OS keystore is called where Electron does not say (only Linux has a choice of backends). */
const FIXED_BACKEND: Partial<Record<NodeJS.Platform, string>> = { win32: 'dpapi', darwin: 'keychain' }

/**
 * The vault's OS keystore (electron/services/store/vault/vault.ts), on safeStorage's asynchronous API. The vault key is
 * binary; safeStorage seals strings, so it travels as base64. On Linux the backend is whatever Chromium selected
 * (asked only after isAsyncEncryptionAvailable, which initialises it); 'basic_text' is refused as a keystore by the
 * vault itself, which then asks for a passphrase.
 */
export function createKeystoreCodec(platform: NodeJS.Platform = process.platform): KeystoreCodec {
  const available = () => safeStorage.isAsyncEncryptionAvailable().catch(() => false)
  return {
    async backend() {
      await available()
      if (platform !== 'linux') return FIXED_BACKEND[platform] ?? platform
      try {
        return safeStorage.getSelectedStorageBackend()
      } catch {
        return 'unknown'
      }
    },
    isAvailable: available,
    encrypt: async (plain) => Buffer.from(await safeStorage.encryptStringAsync(plain.toString('base64'))),
    decrypt: async (cipher) => Buffer.from((await safeStorage.decryptStringAsync(cipher)).result, 'base64'),
  }
}

/** Native dialogs, attached to the main window when there is one (a window-less dialog when there is none). */
export function createNativeDialogs(getWindow: () => BrowserWindow | null): Dialogs {
  const parent = () => {
    const win = getWindow()
    return win && !win.isDestroyed() ? win : null
  }
  return {
    async chooseSavePath({ title, defaultName, filters }) {
      const options: NativeSaveOptions = {
        title,
        defaultPath: join(app.getPath('documents'), basename(defaultName)),
        filters,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      }
      const win = parent()
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    },
    async chooseFolder({ title }) {
      const options: OpenDialogOptions = { title, properties: ['openDirectory'] }
      const win = parent()
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
      return result.canceled || !result.filePaths[0] ? null : result.filePaths[0]
    },
    async confirm({ title, message, detail, confirmLabel }) {
      // Cancel is the default and what Esc or closing the box answers: only the explicit button confirms.
      const options: MessageBoxOptions = {
        type: 'question',
        buttons: [confirmLabel, 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        title,
        message,
        detail,
      }
      const win = parent()
      const { response } = win
        ? await dialog.showMessageBox(win, options)
        : await dialog.showMessageBox(options)
      return response === 0
    },
    async revealInFolder(path) {
      shell.showItemInFolder(path)
    },
  }
}

export function createDialogs(env: DevEnv, getWindow: () => BrowserWindow | null): Dialogs {
  const scripted = env.RECTO_SCRIPTED_DIALOGS
  if (!scripted) return createNativeDialogs(getWindow)
  return createScriptedDialogs(scripted, {
    folder: env.RECTO_SCRIPTED_FOLDER || null,
    confirm: env.RECTO_SCRIPTED_CONFIRM !== 'no',
  })
}

/**
 * The overrides the service honours; read once from the main process environment (after devEnvironment, so
 * a packaged build has none), never sent anywhere.
 */
export function readServiceEnv(env: DevEnv): ServiceEnv {
  const nonEmpty = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined)
  return { ARGOS_API_URL: nonEmpty(env.ARGOS_API_URL), ARGOS_API_KEY: nonEmpty(env.ARGOS_API_KEY) }
}

/** Console diagnostics. Callers pass messages that name cases by id only; nothing here adds data. */
export function createConsoleLogger(): Logger {
  return {
    info: (message) => console.info(`[recto] ${message}`),
    warn: (message) => console.warn(`[recto] ${message}`),
    error: (message) => console.error(`[recto] ${message}`),
  }
}

/**
 * The operating-system account at the keyboard (os.userInfo().username), read at each use. In an unpackaged app
 * only, RECTO_ACCOUNT_FILE names a file whose first line stands in for it (E2E specs switch reviewers with it).
 */
export function createAccount(env: DevEnv): () => string {
  const file = env.RECTO_ACCOUNT_FILE
  const fromOs = () => {
    try {
      return userInfo().username
    } catch {
      return 'unknown account'
    }
  }
  if (!file) return fromOs
  return () => {
    try {
      return readFileSync(file, 'utf8').split('\n')[0]!.trim() || fromOs()
    } catch {
      return fromOs()
    }
  }
}
