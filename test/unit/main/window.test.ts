import { beforeEach, describe, expect, it, vi } from 'vitest'
import { installMenu, menuTemplate } from '../../../electron/main/menu'
import { APP_ORIGIN } from '../../../electron/main/origins'
import { createMainWindow, hardenSession, hardenWebContents } from '../../../electron/main/window'
import {
  app,
  defaultSession,
  FakeBrowserWindow,
  FakeWebContents,
  Menu,
  resetElectronFake,
} from './electron-fake'

vi.mock('electron', async () => (await import('./electron-fake')).electronModule)

beforeEach(() => resetElectronFake())

function navigation(url: string) {
  return { url, preventDefault: vi.fn() }
}

describe('createMainWindow', () => {
  const open = (devTools = false) =>
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', trustedOrigins: [APP_ORIGIN], devTools })

  it('creates a sandboxed, context-isolated window without Node', () => {
    open()
    const prefs = FakeBrowserWindow.instances[0]!.options.webPreferences!
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    })
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/)
  })

  it('is titled Recto, dark, hidden until ready to show', () => {
    const win = open() as unknown as FakeBrowserWindow
    expect(win.options).toMatchObject({ title: 'Recto', show: false, backgroundColor: '#16181d' })
    expect(win.options.minWidth).toBeGreaterThanOrEqual(1024)
    expect(win.show).not.toHaveBeenCalled()
    win.emit('ready-to-show')
    expect(win.show).toHaveBeenCalledTimes(1)
  })

  it('denies window.open and navigation away from the app', () => {
    const win = open() as unknown as FakeBrowserWindow
    expect(win.webContents.windowOpenHandler?.({ url: `${APP_ORIGIN}/x` })).toEqual({ action: 'deny' })
    const away = navigation('https://evil.example/')
    win.webContents.emit('will-navigate', away)
    expect(away.preventDefault).toHaveBeenCalled()
  })
})

describe('hardenWebContents', () => {
  let contents: FakeWebContents
  beforeEach(() => {
    contents = new FakeWebContents()
    hardenWebContents(contents as never, [APP_ORIGIN])
  })

  it('denies every new window', () => {
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler?.({ url: `${APP_ORIGIN}/index.html` })).toEqual({ action: 'deny' })
  })

  it('prevents navigation and redirects to other origins, allows the app origin', () => {
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://other/index.html',
      'javascript:1',
    ]) {
      const nav = navigation(url)
      contents.emit('will-navigate', nav)
      expect(nav.preventDefault, url).toHaveBeenCalled()
      const redirect = navigation(url)
      contents.emit('will-redirect', redirect)
      expect(redirect.preventDefault, url).toHaveBeenCalled()
    }
    const same = navigation(`${APP_ORIGIN}/index.html#case`)
    contents.emit('will-navigate', same)
    expect(same.preventDefault).not.toHaveBeenCalled()
  })

  it('prevents attaching webviews', () => {
    const event = { preventDefault: vi.fn() }
    contents.emit('will-attach-webview', event, {}, { src: 'https://evil.example' })
    expect(event.preventDefault).toHaveBeenCalled()
  })

  it('is idempotent', () => {
    hardenWebContents(contents as never, [APP_ORIGIN])
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1)
    expect(contents.listenerCount('will-navigate')).toBe(1)
  })
})

describe('hardenSession', () => {
  it('denies every permission request and check', () => {
    hardenSession(defaultSession as never)
    const request = defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as (...a: unknown[]) => void
    const callback = vi.fn()
    request({}, 'media', callback, {})
    expect(callback).toHaveBeenCalledWith(false)
    const check = defaultSession.setPermissionCheckHandler.mock.calls[0]![0] as (...a: unknown[]) => boolean
    expect(check(null, 'clipboard-read', APP_ORIGIN, {})).toBe(false)
    const device = defaultSession.setDevicePermissionHandler.mock.calls[0]![0] as (...a: unknown[]) => boolean
    expect(device({})).toBe(false)
  })
})

describe('menuTemplate', () => {
  const roles = (template: ReturnType<typeof menuTemplate>) => JSON.stringify(template)

  it('offers DevTools and reload only when allowed', () => {
    expect(roles(menuTemplate('linux', false))).not.toMatch(/toggleDevTools|reload/)
    expect(roles(menuTemplate('linux', true))).toMatch(/toggleDevTools/)
  })

  it('leaves undo, redo and zoom keys to the renderer', () => {
    expect(roles(menuTemplate('darwin', true))).not.toMatch(/"undo"|"redo"|zoomIn|zoomOut|resetZoom/)
  })
})

describe('DevTools', () => {
  const open = (devTools: boolean) =>
    createMainWindow({
      preloadPath: '/app/out/preload/index.cjs',
      trustedOrigins: [APP_ORIGIN],
      devTools,
    }) as unknown as FakeBrowserWindow
  const menuRoles = () => JSON.stringify(Menu.buildFromTemplate.mock.calls.at(-1))

  it('unpackaged: allowed when asked for, and left open', () => {
    const win = open(true)
    expect(win.options.webPreferences?.devTools).toBe(true)
    win.webContents.emit('devtools-opened')
    expect(win.webContents.closeDevTools).not.toHaveBeenCalled()
    installMenu('linux', true)
    expect(menuRoles()).toMatch(/toggleDevTools/)
  })

  it('unpackaged but not asked for: off, and closed if they open anyway', () => {
    const win = open(false)
    expect(win.options.webPreferences?.devTools).toBe(false)
    win.webContents.emit('devtools-opened')
    expect(win.webContents.closeDevTools).toHaveBeenCalledTimes(1)
  })

  it('packaged: off even when asked for, no menu toggle, and closed if they open anyway', () => {
    app.isPackaged = true
    const win = open(true)
    expect(win.options.webPreferences?.devTools).toBe(false)
    win.webContents.emit('devtools-opened')
    expect(win.webContents.closeDevTools).toHaveBeenCalledTimes(1)
    installMenu('linux', true)
    expect(menuRoles()).not.toMatch(/toggleDevTools|reload/)

    const contents = new FakeWebContents()
    hardenWebContents(contents as never, [APP_ORIGIN], true)
    contents.emit('devtools-opened')
    expect(contents.closeDevTools).toHaveBeenCalledTimes(1)
  })
})
