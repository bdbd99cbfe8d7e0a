// A stand-in for the 'electron' module, so the BUILT main bundle (out/main/index.js) runs in plain Node: it records
// what the app asks of Electron (handlers, windows, schemes, menus) on globalThis.__standin, and answers like
// Electron where the app needs an answer. Loaded through hooks.mjs in a child process only (main-smoke-child.mjs).
import { EventEmitter } from 'node:events'

const state = {
  userData: process.env.STANDIN_USER_DATA ?? '/tmp/recto-standin',
  handlers: new Map(),
  listeners: new Map(),
  windows: [],
  privileged: [],
  protocols: new Map(),
  menus: [],
  sandboxEnabled: false,
  quitCalls: 0,
  exitCode: null,
  permissionHandlers: 0,
}
globalThis.__standin = state

let nextId = 1
class WebContents extends EventEmitter {
  constructor() {
    super()
    this.id = nextId++
    this.mainFrame = { url: 'about:blank', processId: 100 + this.id, routingId: 1, parent: null }
    this.sent = []
    this.windowOpenHandler = null
  }
  isDestroyed() {
    return false
  }
  send(channel, payload) {
    this.sent.push({ channel, payload })
  }
  setWindowOpenHandler(h) {
    this.windowOpenHandler = h
  }
  closeDevTools() {}
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super()
    this.options = options
    this.webContents = new WebContents()
    this.loaded = null
    state.windows.push(this)
    app.emit('web-contents-created', {}, this.webContents)
  }
  async loadURL(url) {
    this.loaded = url
    this.webContents.mainFrame.url = url
  }
  isDestroyed() {
    return false
  }
  isMinimized() {
    return false
  }
  show() {}
  focus() {}
  restore() {}
}

class App extends EventEmitter {
  constructor() {
    super()
    this.isPackaged = process.env.STANDIN_PACKAGED === '1'
    this.paths = new Map()
    this.readyPromise = new Promise((resolve) => setTimeout(resolve, 10))
  }
  whenReady() {
    return this.readyPromise
  }
  getPath(name) {
    return this.paths.get(name) ?? state.userData
  }
  setPath(name, value) {
    this.paths.set(name, value)
  }
  getVersion() {
    return '0.0.0-standin'
  }
  getName() {
    return 'Recto'
  }
  requestSingleInstanceLock() {
    return true
  }
  enableSandbox() {
    state.sandboxEnabled = true
  }
  quit() {
    state.quitCalls += 1
    // Electron runs before-quit first: the app may prevent it (it disposes the service, then quits again).
    let prevented = false
    this.emit('before-quit', { preventDefault: () => (prevented = true) })
    if (!prevented) this.emit('quit')
  }
  exit(code) {
    state.exitCode = code
  }
}
export const app = new App()

export const ipcMain = {
  handle(channel, fn) {
    if (state.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`)
    state.handlers.set(channel, fn)
  },
  removeHandler(channel) {
    state.handlers.delete(channel)
  },
  on(channel, fn) {
    state.listeners.set(channel, fn)
  },
}

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    state.privileged.push(...schemes)
  },
  handle(scheme, fn) {
    state.protocols.set(scheme, fn)
  },
}

const defaultSession = {
  setPermissionRequestHandler() {
    state.permissionHandlers += 1
  },
  setPermissionCheckHandler() {
    state.permissionHandlers += 1
  },
  setDevicePermissionHandler() {
    state.permissionHandlers += 1
  },
  webRequest: { onHeadersReceived() {} },
}
export const session = { defaultSession }

export const Menu = {
  buildFromTemplate(template) {
    return { template }
  },
  setApplicationMenu(menu) {
    state.menus.push(menu)
  },
}

export const dialog = {
  async showSaveDialog() {
    return { canceled: true }
  },
  async showOpenDialog() {
    return { canceled: true, filePaths: [] }
  },
  async showMessageBox() {
    return { response: 1 }
  },
}

export const shell = { async showItemInFolder() {} }

// No keystore here, as on a Linux machine without one.
export const safeStorage = {
  async isAsyncEncryptionAvailable() {
    return false
  },
  getSelectedStorageBackend() {
    return 'basic_text'
  },
  async encryptStringAsync() {
    throw new Error('no keystore in the stand-in')
  },
  async decryptStringAsync() {
    throw new Error('no keystore in the stand-in')
  },
}

export default { app, BrowserWindow, ipcMain, protocol, session, Menu, dialog, shell, safeStorage }
