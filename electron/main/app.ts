// App lifecycle: profile, single instance, protocol, session, service, IPC and the window, in that order.
import { resolve } from 'node:path'
import { app, ipcMain, session, type BrowserWindow } from 'electron'
import { createReviewService, type ReviewService } from '../services/review-service'
import { NO_KEYSTORE } from '../services/store/vault/vault'
import { VaultGate } from '../services/store/vault/vault-gate'
import {
  createAccount,
  createConsoleLogger,
  createDialogs,
  createKeystoreCodec,
  createSecretCodec,
  createSettingsStore,
  readServiceEnv,
} from './host-adapters'
import { devEnvironment, ignoredSwitchesMessage } from './dev-switches'
import { bindIpc, createEmitter } from './ipc'
import { installMenu } from './menu'
import { resolveRendererLocation } from './origins'
import { builtPaths, localProfileDir, policyFilePath, samplesDir, type BuiltPaths } from './paths'
import { registerAppScheme, serveAppProtocol } from './protocol'
import { createMainWindow, hardenSession, hardenWebContents } from './window'

/** How long quitting waits for the service to stop in-flight work. */
export const DISPOSE_TIMEOUT_MS = 5_000

export type StartOptions = {
  paths?: BuiltPaths
  platform?: NodeJS.Platform
}

/**
 * Starts Recto. Environment, honoured only in an unpackaged app (`app.isPackaged === false`; a packaged build
 * drops these and logs their names once, see dev-switches.ts):
 * - RECTO_USER_DATA_DIR: use this folder as the profile (throwaway profiles for E2E; also scopes the
 *   single-instance lock, so parallel test runs do not collide).
 * - RECTO_SCRIPTED_DIALOGS / RECTO_SCRIPTED_FOLDER / RECTO_SCRIPTED_CONFIRM: see createScriptedDialogs.
 * - RECTO_DEVTOOLS=1: allow DevTools in a built, unpackaged app.
 * - RECTO_ACCOUNT_FILE: a file whose first line stands in for the OS account (E2E specs switch reviewers).
 * - RECTO_POLICY_FILE: a policy file instead of the machine's (shared/policy.ts).
 * - RECTO_KEYSTORE=none: treat the OS keystore as absent, so the vault asks for a passphrase (E2E).
 * - ARGOS_API_URL / ARGOS_API_KEY: passed to the service only.
 * - ELECTRON_RENDERER_URL: set by `electron-vite dev`.
 */
export async function startApp(rawEnv: NodeJS.ProcessEnv, options: StartOptions = {}): Promise<void> {
  const logger = createConsoleLogger()
  const platform = options.platform ?? process.platform
  const paths = options.paths ?? builtPaths()
  const packaged = app.isPackaged !== false
  // The only environment the rest of the main process reads.
  const { env, ignored } = devEnvironment(rawEnv, packaged)
  const ignoredMessage = ignoredSwitchesMessage(ignored)
  if (ignoredMessage) logger.warn(ignoredMessage)

  // Before anything that depends on the profile, including the single-instance lock. On Windows the profile is kept
  // out of the roaming folder (localProfileDir).
  const profile = env.RECTO_USER_DATA_DIR
    ? resolve(env.RECTO_USER_DATA_DIR)
    : localProfileDir(platform, { LOCALAPPDATA: rawEnv.LOCALAPPDATA })
  if (profile) app.setPath('userData', profile)
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  app.enableSandbox()
  registerAppScheme()

  const location = resolveRendererLocation(env.ELECTRON_RENDERER_URL, packaged)
  const devTools = !packaged && (location.dev || env.RECTO_DEVTOOLS === '1')
  let win: BrowserWindow | null = null
  let service: ReviewService | null = null
  const getWindow = () => (win && !win.isDestroyed() ? win : null)

  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, location.trustedOrigins, devTools),
  )
  app.on('second-instance', () => {
    const current = getWindow()
    if (!current) return
    if (current.isMinimized()) current.restore()
    current.focus()
  })
  // One window is the whole app: closing it quits, on macOS too, so the service is always disposed.
  app.on('window-all-closed', () => app.quit())

  let quitState: 'running' | 'disposing' | 'disposed' = 'running'
  app.on('before-quit', (event) => {
    if (!service || quitState === 'disposed') return
    event.preventDefault()
    if (quitState === 'disposing') return
    quitState = 'disposing'
    void disposeWithin(service, DISPOSE_TIMEOUT_MS)
      .catch((err: unknown) => logger.error(`Dispose failed: ${err instanceof Error ? err.name : 'error'}`))
      .finally(() => {
        quitState = 'disposed'
        app.quit()
      })
  })

  try {
    await app.whenReady()
    hardenSession(session.defaultSession)
    installMenu(platform, devTools)

    const serviceEnv = readServiceEnv(env)
    const userDataDir = app.getPath('userData')
    // The case store is always encrypted: the keystore unlocks it silently, or the reviewer does at the gate.
    // RECTO_KEYSTORE=none (unpackaged only): as on a machine without a keystore, so tests reach the passphrase.
    const codec = env.RECTO_KEYSTORE === 'none' ? NO_KEYSTORE : createKeystoreCodec(platform)
    const vault = new VaultGate({ dir: userDataDir, codec, logger })
    service = createReviewService({
      userDataDir,
      vault,
      settings: createSettingsStore(),
      secrets: createSecretCodec(platform),
      dialogs: createDialogs(env, getWindow),
      env: serviceEnv,
      emit: createEmitter(getWindow),
      logger,
      account: createAccount(env),
      // RECTO_POLICY_FILE (unpackaged only) stands in for the machine's policy file in development and tests.
      policyFile: env.RECTO_POLICY_FILE ?? policyFilePath(platform, { ProgramData: rawEnv.ProgramData }),
      // Electron's process.resourcesPath; absent where the main process runs outside Electron (the smoke test).
      samplesDir: samplesDir(packaged, (process as { resourcesPath?: string }).resourcesPath),
    })
    void vault.start()
    serveAppProtocol(paths.rendererDir, service)
    bindIpc(ipcMain, service, getWindow, {
      trustedOrigins: location.trustedOrigins,
      logger,
      // Read at each failure: a key saved in Settings after start-up is redacted too.
      secrets: () => [serviceEnv.ARGOS_API_KEY, ...(service?.secretsForRedaction() ?? [])],
    })

    win = createMainWindow({ preloadPath: paths.preload, trustedOrigins: location.trustedOrigins, devTools })
    win.on('closed', () => {
      win = null
    })
    win.webContents.on('render-process-gone', (_event, details) =>
      logger.error(`Renderer gone: ${details.reason}`),
    )
    await win.loadURL(location.url)
  } catch (err) {
    logger.error(`Recto could not start: ${err instanceof Error ? err.message : String(err)}`)
    app.exit(1)
  }
}

async function disposeWithin(service: ReviewService, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<void>((done) => {
    timer = setTimeout(done, ms)
  })
  try {
    await Promise.race([service.dispose(), timeout])
  } finally {
    clearTimeout(timer)
  }
}
