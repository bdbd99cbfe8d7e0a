import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DISPOSE_TIMEOUT_MS, startApp } from '../../../electron/main/app'
import { APP_ENTRY_URL } from '../../../electron/main/origins'
import { policyFilePath } from '../../../electron/main/paths'
import type { ServiceDeps } from '../../../electron/services/ports'
import { invokeChannel, REVIEW_API_METHODS } from '../../../shared/ipc'
import type { FakeService } from './contract-samples'
import {
  app,
  defaultSession,
  dialog,
  FakeBrowserWindow,
  FakeWebContents,
  ipcEvent,
  Menu,
  protocol,
  recorded,
  resetElectronFake,
} from './electron-fake'

import { VaultGate } from '../../../electron/services/store/vault/vault-gate'
import { NO_KEYSTORE } from '../../../electron/services/store/vault/vault'

vi.mock('electron', async () => (await import('./electron-fake')).electronModule)
vi.mock('electron-store', () => ({
  default: class {
    get() {
      return undefined
    }
    set() {}
  },
}))
const created = vi.hoisted(() => ({ deps: [] as unknown[], services: [] as unknown[] }))
vi.mock('../../../electron/services/review-service', async () => {
  const { fakeService } = await import('./contract-samples')
  return {
    createReviewService: (deps: unknown) => {
      const service = fakeService()
      created.deps.push(deps)
      created.services.push(service)
      return service
    },
  }
})

const SENTINEL = 'SENTINEL-ARGOS-KEY-91c2'
const paths = { preload: '/app/out/preload/index.cjs', rendererDir: '/app/out/renderer' }
const start = (env: NodeJS.ProcessEnv = {}) => startApp(env, { paths, platform: 'linux' })
const window = () => FakeBrowserWindow.instances[0]!
const deps = () => created.deps[0] as ServiceDeps
const service = () => created.services[0] as FakeService

beforeEach(() => {
  resetElectronFake()
  created.deps.length = 0
  created.services.length = 0
  vi.spyOn(console, 'info').mockImplementation(() => {})
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  vi.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => {
  vi.restoreAllMocks()
})

describe('startApp', () => {
  it('uses RECTO_USER_DATA_DIR as the profile before taking the single-instance lock', async () => {
    await start({ RECTO_USER_DATA_DIR: '/tmp/recto-e2e-profile' })
    expect(app.setPath).toHaveBeenCalledWith('userData', '/tmp/recto-e2e-profile')
    expect(recorded.order.indexOf('setPath:userData')).toBeLessThan(
      recorded.order.indexOf('requestSingleInstanceLock'),
    )
    expect(deps().userDataDir).toBe('/tmp/recto-e2e-profile')
  })

  it('always gives the service a vault gate on the profile: the store is never opened in plaintext', async () => {
    await start({ RECTO_USER_DATA_DIR: '/tmp/recto-e2e-profile' })
    const vault = deps().vault
    expect(vault).toBeInstanceOf(VaultGate)
    expect((vault as VaultGate).state().state).not.toBe('none')
    expect((vault as VaultGate).options.dir).toBe('/tmp/recto-e2e-profile')
    expect((vault as VaultGate).options.codec).not.toBe(NO_KEYSTORE)
  })

  it('treats the keystore as absent with RECTO_KEYSTORE=none, unpackaged (the passphrase screens in E2E)', async () => {
    await start({ RECTO_KEYSTORE: 'none' })
    expect((deps().vault as VaultGate).options.codec).toBe(NO_KEYSTORE)
  })

  it('quits at once when another instance holds the lock', async () => {
    app.requestSingleInstanceLock.mockReturnValueOnce(false)
    await start()
    expect(app.quit).toHaveBeenCalled()
    expect(app.whenReady).not.toHaveBeenCalled()
    expect(FakeBrowserWindow.instances).toHaveLength(0)
  })

  it('registers the app scheme before ready, then serves it, hardens the session and installs the menu', async () => {
    await start()
    expect(recorded.order.indexOf('registerSchemesAsPrivileged')).toBeLessThan(
      recorded.order.indexOf('ready'),
    )
    expect(app.enableSandbox).toHaveBeenCalled()
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function))
    expect(defaultSession.setPermissionRequestHandler).toHaveBeenCalled()
    expect(defaultSession.setPermissionCheckHandler).toHaveBeenCalled()
    expect(JSON.stringify(Menu.buildFromTemplate.mock.calls[0])).not.toContain('toggleDevTools')
  })

  it('opens one secure window on app://recto/index.html with the built preload', async () => {
    await start()
    expect(FakeBrowserWindow.instances).toHaveLength(1)
    expect(window().options.webPreferences).toMatchObject({
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
    })
    expect(window().loadURL).toHaveBeenCalledWith(APP_ENTRY_URL)
  })

  it('loads the dev server only unpackaged, and then trusts only its origin', async () => {
    await start({ ELECTRON_RENDERER_URL: 'http://localhost:5173' })
    expect(window().loadURL).toHaveBeenCalledWith('http://localhost:5173')
    expect(window().options.webPreferences?.devTools).toBe(true)
    window().webContents.mainFrame.url = 'http://localhost:5173/'
    await expect(
      recorded.handlers.get(invokeChannel('listCases'))!(ipcEvent(window().webContents)),
    ).resolves.toBeDefined()

    resetElectronFake()
    app.isPackaged = true
    await start({ ELECTRON_RENDERER_URL: 'http://localhost:5173' })
    expect(window().loadURL).toHaveBeenCalledWith(APP_ENTRY_URL)
  })

  it('allows DevTools in a built app only with RECTO_DEVTOOLS=1', async () => {
    await start({ RECTO_DEVTOOLS: '1' })
    expect(window().options.webPreferences?.devTools).toBe(true)
  })

  it('binds one handler per method, calling the service created for this window', async () => {
    await start()
    expect(recorded.handlers.size).toBe(REVIEW_API_METHODS.length)
    await recorded.handlers.get(invokeChannel('listCases'))!(ipcEvent(window().webContents))
    expect(service().listCases).toHaveBeenCalledTimes(1)
    const stranger = new FakeWebContents()
    await expect(recorded.handlers.get(invokeChannel('listCases'))!(ipcEvent(stranger))).rejects.toThrow(
      'Rejected IPC from an untrusted sender',
    )
  })

  it('passes ARGOS_API_KEY / ARGOS_API_URL to the service env only', async () => {
    await start({ ARGOS_API_KEY: SENTINEL, ARGOS_API_URL: 'http://127.0.0.1:4010', HOME: '/home/x' })
    expect(deps().env).toEqual({ ARGOS_API_KEY: SENTINEL, ARGOS_API_URL: 'http://127.0.0.1:4010' })
    const loaded = window().loadURL.mock.calls.flat().join(' ')
    expect(loaded).not.toContain(SENTINEL)
    expect(JSON.stringify(window().options)).not.toContain(SENTINEL)
    const logged = [console.info, console.warn, console.error].flatMap((f) => vi.mocked(f).mock.calls.flat())
    expect(logged.join(' ')).not.toContain(SENTINEL)
  })

  it('gives the service scripted dialogs under RECTO_SCRIPTED_DIALOGS', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recto-e2e-exports-'))
    try {
      await start({ RECTO_SCRIPTED_DIALOGS: dir })
      const chosen = await deps().dialogs.chooseSavePath({
        title: 't',
        defaultName: 'cases.csv',
        filters: [],
      })
      expect(chosen).toBe(join(dir, 'cases.csv'))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it("emits the service's events to the window", async () => {
    await start()
    deps().emit('casesChanged', {})
    expect(window().webContents.send).toHaveBeenCalledWith('recto:event:casesChanged', {})
  })

  it('hardens every WebContents created later', async () => {
    await start()
    const contents = new FakeWebContents()
    app.emit('web-contents-created', {}, contents)
    expect(contents.windowOpenHandler?.({})).toEqual({ action: 'deny' })
  })

  it('quits when the window is closed, disposing the service first', async () => {
    await start()
    app.emit('window-all-closed')
    expect(app.quit).toHaveBeenCalledTimes(1)

    const quitting = { preventDefault: vi.fn() }
    app.emit('before-quit', quitting)
    expect(quitting.preventDefault).toHaveBeenCalled()
    expect(service().dispose).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(2))

    const again = { preventDefault: vi.fn() }
    app.emit('before-quit', again)
    expect(again.preventDefault).not.toHaveBeenCalled()
    expect(service().dispose).toHaveBeenCalledTimes(1)
  })

  it('does not wait forever for a dispose that hangs', async () => {
    vi.useFakeTimers()
    try {
      await start()
      service().dispose.mockReturnValueOnce(new Promise(() => {}))
      app.emit('before-quit', { preventDefault: vi.fn() })
      await vi.advanceTimersByTimeAsync(DISPOSE_TIMEOUT_MS + 1)
      expect(app.quit).toHaveBeenCalledTimes(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('focuses the existing window when a second instance starts', async () => {
    await start()
    app.emit('second-instance')
    expect(window().focus).toHaveBeenCalled()
  })

  it('exits with an error when startup fails', async () => {
    app.whenReady.mockRejectedValueOnce(new Error('no display'))
    await start()
    expect(app.exit).toHaveBeenCalledWith(1)
  })

  describe('in a packaged build (app.isPackaged)', () => {
    const switches = {
      RECTO_USER_DATA_DIR: '/tmp/recto-e2e-profile',
      RECTO_SCRIPTED_DIALOGS: '/tmp/recto-e2e-exports',
      RECTO_SCRIPTED_FOLDER: '/tmp/recto-e2e-scans',
      RECTO_SCRIPTED_CONFIRM: 'yes',
      RECTO_DEVTOOLS: '1',
      ARGOS_API_URL: 'http://203.0.113.5',
      ARGOS_API_KEY: SENTINEL,
      HOME: '/home/x',
    }
    const logged = () =>
      [console.info, console.warn, console.error].flatMap((f) => vi.mocked(f).mock.calls.flat()).join('\n')

    beforeEach(() => {
      app.isPackaged = true
    })

    it('uses the OS keystore whatever RECTO_KEYSTORE says', async () => {
      await start({ ...switches, RECTO_KEYSTORE: 'none' })
      expect((deps().vault as VaultGate).options.codec).not.toBe(NO_KEYSTORE)
    })

    it('keeps the default profile whatever RECTO_USER_DATA_DIR says', async () => {
      await start(switches)
      expect(app.setPath).not.toHaveBeenCalled()
      expect(deps().userDataDir).toBe('/tmp/recto-fake-user-data')
    })

    it('gives the service native dialogs and no ARGOS overrides', async () => {
      await start(switches)
      expect(deps().env).toEqual({ ARGOS_API_URL: undefined, ARGOS_API_KEY: undefined })
      const chosen = await deps().dialogs.chooseSavePath({
        title: 't',
        defaultName: 'cases.csv',
        filters: [],
      })
      expect(chosen).toBe('/chosen/out.csv')
      expect(dialog.showSaveDialog).toHaveBeenCalledTimes(1)
    })

    it('never allows DevTools: off in webPreferences, no menu toggle, closed if they open anyway', async () => {
      await start(switches)
      expect(window().options.webPreferences?.devTools).toBe(false)
      expect(JSON.stringify(Menu.buildFromTemplate.mock.calls[0])).not.toMatch(/toggleDevTools|reload/)
      window().webContents.emit('devtools-opened')
      expect(window().webContents.closeDevTools).toHaveBeenCalledTimes(1)
      const other = new FakeWebContents()
      app.emit('web-contents-created', {}, other)
      other.emit('devtools-opened')
      expect(other.closeDevTools).toHaveBeenCalledTimes(1)
    })

    it('takes the OS account and the machine policy file, whatever RECTO_ACCOUNT_FILE / RECTO_POLICY_FILE say', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'recto-account-'))
      try {
        await writeFile(join(dir, 'account'), 'someone-else')
        await start({ RECTO_ACCOUNT_FILE: join(dir, 'account'), RECTO_POLICY_FILE: join(dir, 'policy.json') })
        expect(deps().account()).toBe(userInfo().username)
        expect(deps().policyFile).toBe('/etc/recto/policy.json')
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    })

    it('logs once which switches it ignored, by name only', async () => {
      await start(switches)
      const warnings = vi.mocked(console.warn).mock.calls.flat().join('\n')
      expect(vi.mocked(console.warn)).toHaveBeenCalledTimes(1)
      for (const name of Object.keys(switches).filter((n) => n !== 'HOME')) expect(warnings).toContain(name)
      expect(warnings).not.toContain('HOME')
      for (const value of Object.values(switches)) expect(logged()).not.toContain(value)
    })
  })

  describe('unpackaged', () => {
    it('honours the switches and logs nothing about them', async () => {
      await start({ RECTO_DEVTOOLS: '1', ARGOS_API_URL: 'http://127.0.0.1:4010', ARGOS_API_KEY: SENTINEL })
      expect(deps().env).toEqual({ ARGOS_API_URL: 'http://127.0.0.1:4010', ARGOS_API_KEY: SENTINEL })
      expect(window().options.webPreferences?.devTools).toBe(true)
      expect(JSON.stringify(Menu.buildFromTemplate.mock.calls[0])).toMatch(/toggleDevTools/)
      window().webContents.emit('devtools-opened')
      expect(window().webContents.closeDevTools).not.toHaveBeenCalled()
      expect(console.warn).not.toHaveBeenCalled()
    })

    it('lets E2E specs stand in for the OS account and the policy file, read at each use', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'recto-account-'))
      try {
        const file = join(dir, 'account')
        await writeFile(file, 'reviewer-a\n')
        await start({ RECTO_ACCOUNT_FILE: file, RECTO_POLICY_FILE: join(dir, 'policy.json') })
        expect(deps().account()).toBe('reviewer-a')
        await writeFile(file, 'reviewer-b')
        expect(deps().account()).toBe('reviewer-b')
        expect(deps().policyFile).toBe(join(dir, 'policy.json'))
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    })
  })
})

describe('policyFilePath', () => {
  it('is the read-only machine location of each platform', () => {
    expect(policyFilePath('linux')).toBe('/etc/recto/policy.json')
    expect(policyFilePath('darwin')).toBe('/Library/Application Support/Recto/policy.json')
    expect(policyFilePath('win32', { ProgramData: 'D:\\PD' })).toMatch(/^D:\\PD.Recto.policy\.json$/)
  })
})
