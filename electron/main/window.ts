// The one window, locked down: sandboxed, context-isolated renderer without Node; no new windows, no webviews,
// no navigation away from the app's origin, no permissions.
import { app, BrowserWindow, type Session, type WebContents } from 'electron'
import { isTrustedUrl } from './origins'

export const WINDOW_BACKGROUND = '#16181d'

export type MainWindowOptions = {
  preloadPath: string
  trustedOrigins: readonly string[]
  /** DevTools only under the dev server or with RECTO_DEVTOOLS=1, and never in a packaged build. */
  devTools: boolean
}

/** DevTools are allowed only when asked for and the app is not packaged, whatever the caller says. */
export function devToolsAllowed(requested: boolean): boolean {
  return requested && app.isPackaged === false
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const devTools = devToolsAllowed(options.devTools)
  const win = new BrowserWindow({
    title: 'Recto',
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools,
    },
  })
  hardenWebContents(win.webContents, options.trustedOrigins, devTools)
  win.once('ready-to-show', () => win.show())
  return win
}

type HardenableContents = Pick<WebContents, 'setWindowOpenHandler' | 'on' | 'closeDevTools'>
const hardened = new WeakSet<object>()

/**
 * Applied to every WebContents (from `web-contents-created`) and again to the main window; idempotent.
 * A file dropped outside the drop zone, a link or a script cannot take the window to another origin.
 * Unless DevTools are allowed (see devToolsAllowed), DevTools that open anyway are closed at once: a second
 * guard behind `devTools: false` in webPreferences and the menu without a toggle.
 */
export function hardenWebContents(
  contents: HardenableContents,
  trustedOrigins: readonly string[],
  devTools = false,
): void {
  if (hardened.has(contents)) return
  hardened.add(contents)
  if (!devToolsAllowed(devTools)) contents.on('devtools-opened', () => contents.closeDevTools())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event) => {
    if (!isTrustedUrl(event.url, trustedOrigins)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!isTrustedUrl(event.url, trustedOrigins)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

type HardenableSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>

/** The review desk needs no camera, notifications, clipboard reads, devices or anything else. */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}
