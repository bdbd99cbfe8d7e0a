// A fake of the parts of the 'electron' module that electron/main and electron/preload use.
// Test files install it with: vi.mock('electron', async () => (await import('./electron-fake')).electronModule)
import { EventEmitter } from 'node:events'
import { vi } from 'vitest'
import { APP_ENTRY_URL } from '../../../electron/main/origins'

let nextId = 1

export class FakeFrame {
  parent: FakeFrame | null = null
  constructor(
    public url: string,
    public processId: number,
    public routingId: number,
  ) {}
}

export class FakeWebContents extends EventEmitter {
  id = nextId++
  mainFrame = new FakeFrame(APP_ENTRY_URL, 100 + this.id, 1)
  destroyed = false
  windowOpenHandler: ((details: unknown) => unknown) | null = null
  send = vi.fn()
  closeDevTools = vi.fn()
  isDestroyed = vi.fn(() => this.destroyed)
  setWindowOpenHandler = vi.fn((handler: (details: unknown) => unknown) => {
    this.windowOpenHandler = handler
  })
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = []
  webContents = new FakeWebContents()
  destroyed = false
  show = vi.fn()
  focus = vi.fn()
  restore = vi.fn()
  isMinimized = vi.fn(() => false)
  isDestroyed = vi.fn(() => this.destroyed)
  loadURL = vi.fn(async (_url: string) => undefined)
  constructor(public options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super()
    FakeBrowserWindow.instances.push(this)
  }
}

/** Handlers and calls recorded across the fake module; reset before each test. */
export const recorded = {
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  order: [] as string[],
  exposed: new Map<string, unknown>(),
  rendererListeners: new Map<string, ((...args: unknown[]) => void)[]>(),
}

const DEFAULT_PATHS: [string, string][] = [
  ['userData', '/tmp/recto-fake-user-data'],
  ['documents', '/home/reviewer/Documents'],
]

class FakeApp extends EventEmitter {
  /** As in Electron: false when run from source or `out/` (dev, E2E), true in an installed build. */
  isPackaged = false
  paths = new Map<string, string>(DEFAULT_PATHS)
  setPath = vi.fn((name: string, value: string) => {
    recorded.order.push(`setPath:${name}`)
    this.paths.set(name, value)
  })
  getPath = vi.fn((name: string) => this.paths.get(name) ?? `/tmp/${name}`)
  requestSingleInstanceLock = vi.fn(() => {
    recorded.order.push('requestSingleInstanceLock')
    return true
  })
  enableSandbox = vi.fn()
  quit = vi.fn()
  exit = vi.fn()
  whenReady = vi.fn(async () => {
    recorded.order.push('ready')
  })
}

export const app = new FakeApp()

export const ipcMain = {
  handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => {
    if (recorded.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    recorded.handlers.set(channel, handler)
  }),
}

export const protocol = {
  registerSchemesAsPrivileged: vi.fn(() => recorded.order.push('registerSchemesAsPrivileged')),
  handle: vi.fn(),
}

export const defaultSession = {
  setPermissionRequestHandler: vi.fn(),
  setPermissionCheckHandler: vi.fn(),
  setDevicePermissionHandler: vi.fn(),
}

export const dialog = {
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: false, filePath: '/chosen/out.csv' })),
}

export const safeStorage = {
  isEncryptionAvailable: vi.fn(() => true),
  getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
  encryptString: vi.fn((plain: string) => Buffer.from(`enc:${plain}`)),
  decryptString: vi.fn((cipher: Buffer) => cipher.toString().replace(/^enc:/, '')),
}

export const Menu = {
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  setApplicationMenu: vi.fn(),
}

export const contextBridge = {
  exposeInMainWorld: vi.fn((key: string, value: unknown) => {
    recorded.exposed.set(key, value)
  }),
}

export const ipcRenderer = {
  invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => undefined),
  on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
    recorded.rendererListeners.set(channel, [...(recorded.rendererListeners.get(channel) ?? []), listener])
  }),
  removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
    recorded.rendererListeners.set(
      channel,
      (recorded.rendererListeners.get(channel) ?? []).filter((l) => l !== listener),
    )
  }),
}

export const electronModule = {
  app,
  BrowserWindow: FakeBrowserWindow,
  ipcMain,
  protocol,
  session: { defaultSession },
  dialog,
  safeStorage,
  Menu,
  contextBridge,
  ipcRenderer,
}

export function resetElectronFake(): void {
  recorded.handlers.clear()
  recorded.order.length = 0
  recorded.exposed.clear()
  recorded.rendererListeners.clear()
  FakeBrowserWindow.instances.length = 0
  app.removeAllListeners()
  app.isPackaged = false
  app.paths = new Map(DEFAULT_PATHS)
  vi.clearAllMocks()
}

/** An IPC event as Electron would build it for a frame of `contents`. */
export function ipcEvent(contents: FakeWebContents, frame: FakeFrame | null = contents.mainFrame) {
  return { sender: { id: contents.id }, senderFrame: frame }
}
