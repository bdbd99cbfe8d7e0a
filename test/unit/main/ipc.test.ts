import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  eventChannel,
  INVALID_ARGUMENTS,
  invokeChannel,
  REVIEW_API_METHODS,
  type ReviewApi,
} from '../../../shared/ipc'
import type { Logger } from '../../../electron/services/ports'
import {
  bindIpc,
  createEmitter,
  toRendererError,
  UNTRUSTED_SENDER_MESSAGE,
  WITHHELD_MESSAGE,
} from '../../../electron/main/ipc'
import { APP_ORIGIN } from '../../../electron/main/origins'
import { fakeService, VALID_ARGS, type FakeService } from './contract-samples'
import { FakeBrowserWindow, FakeFrame, ipcEvent, ipcMain, recorded, resetElectronFake } from './electron-fake'

vi.mock('electron', async () => (await import('./electron-fake')).electronModule)

const logger: Logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() }
let service: FakeService
let win: FakeBrowserWindow

function handler(method: string) {
  const h = recorded.handlers.get(invokeChannel(method as never))
  if (!h) throw new Error(`no handler for ${method}`)
  return h
}

function expectServiceUntouched() {
  for (const method of REVIEW_API_METHODS) expect(service[method]).not.toHaveBeenCalled()
}

beforeEach(() => {
  resetElectronFake()
  service = fakeService()
  win = new FakeBrowserWindow({})
  bindIpc(ipcMain, service as unknown as ReviewApi, () => win, {
    trustedOrigins: [APP_ORIGIN],
    logger,
    secrets: ['SENTINEL-KEY-0000'],
  })
})

describe('bindIpc', () => {
  it('binds exactly one handler per contract method, on its derived channel', () => {
    expect(ipcMain.handle).toHaveBeenCalledTimes(REVIEW_API_METHODS.length)
    expect([...recorded.handlers.keys()].sort()).toEqual(
      REVIEW_API_METHODS.map((m) => invokeChannel(m)).sort(),
    )
  })

  describe.each(REVIEW_API_METHODS)('%s', (method) => {
    it('passes valid arguments through to the service and returns its result', async () => {
      const result = await handler(method)(ipcEvent(win.webContents), ...VALID_ARGS[method])
      expect(result).toEqual({ ok: method })
      expect(service[method]).toHaveBeenCalledTimes(1)
      expect(service[method].mock.calls[0]).toEqual(VALID_ARGS[method])
    })

    it('rejects wrong-typed arguments without calling the service', async () => {
      await expect(handler(method)(ipcEvent(win.webContents), {}, 42, null)).rejects.toThrow(
        INVALID_ARGUMENTS,
      )
      expectServiceUntouched()
    })

    it('rejects a page of another origin', async () => {
      win.webContents.mainFrame.url = 'https://evil.example/index.html'
      await expect(handler(method)(ipcEvent(win.webContents), ...VALID_ARGS[method])).rejects.toThrow(
        UNTRUSTED_SENDER_MESSAGE,
      )
      expectServiceUntouched()
    })

    it('rejects a subframe of our window, even on the app origin', async () => {
      const sub = new FakeFrame(`${APP_ORIGIN}/index.html`, win.webContents.mainFrame.processId, 7)
      sub.parent = win.webContents.mainFrame
      await expect(handler(method)(ipcEvent(win.webContents, sub), ...VALID_ARGS[method])).rejects.toThrow(
        UNTRUSTED_SENDER_MESSAGE,
      )
      expectServiceUntouched()
    })

    it('rejects another WebContents, even on the app origin', async () => {
      const other = new FakeBrowserWindow({})
      await expect(handler(method)(ipcEvent(other.webContents), ...VALID_ARGS[method])).rejects.toThrow(
        UNTRUSTED_SENDER_MESSAGE,
      )
      expectServiceUntouched()
    })
  })

  it('rejects a frame that is not the main frame although it claims no parent', async () => {
    const impostor = new FakeFrame(`${APP_ORIGIN}/index.html`, 9999, 1)
    await expect(handler('listCases')(ipcEvent(win.webContents, impostor))).rejects.toThrow(
      UNTRUSTED_SENDER_MESSAGE,
    )
    expectServiceUntouched()
  })

  it('rejects when the sender frame is gone or the window is closed', async () => {
    await expect(handler('listCases')(ipcEvent(win.webContents, null))).rejects.toThrow(
      UNTRUSTED_SENDER_MESSAGE,
    )
    win.destroyed = true
    await expect(handler('listCases')(ipcEvent(win.webContents))).rejects.toThrow(UNTRUSTED_SENDER_MESSAGE)
    expectServiceUntouched()
  })

  it('rejects a look-alike origin and a file:// page', async () => {
    for (const url of ['app://recto.evil/index.html', 'http://recto/index.html', 'file:///index.html']) {
      win.webContents.mainFrame.url = url
      await expect(handler('getSettings')(ipcEvent(win.webContents))).rejects.toThrow(
        UNTRUSTED_SENDER_MESSAGE,
      )
    }
    expectServiceUntouched()
  })

  it('sends the renderer only the message of a service error, without stack, properties or secrets', async () => {
    const failure = Object.assign(new TypeError('ARGOS refused key SENTINEL-KEY-0000'), { apiKey: 'x' })
    service.getSettings.mockRejectedValueOnce(failure)
    const err = (await handler('getSettings')(ipcEvent(win.webContents)).catch((e: unknown) => e)) as Error
    expect(err).toBeInstanceOf(Error)
    expect(err.constructor).toBe(Error)
    expect(err.message).toBe('ARGOS refused key [redacted]')
    expect(Object.keys(err)).toEqual([])
    expect(String(err)).not.toContain('SENTINEL')
  })
})

describe('toRendererError', () => {
  it('turns a non-Error into a generic message', () => {
    expect(toRendererError({ secret: 1 }).message).toBe('Unexpected error')
  })

  it('scrubs URL credentials and key-like query parameters even without known secrets', () => {
    const err = toRendererError(
      new Error('GET https://mina:hunter2@argos.example/v1?api_key=abc123&lang=en failed'),
    )
    expect(err.message).toBe('GET https://[redacted]@argos.example/v1?api_key=[redacted]&lang=en failed')
  })

  it('withholds the message when the secrets cannot be read', () => {
    const err = toRendererError(new Error('key SENTINEL-KEY-0000'), () => {
      throw new Error('keychain locked')
    })
    expect(err.message).toBe(WITHHELD_MESSAGE)
  })
})

describe('bindIpc with the secrets read at failure time', () => {
  let currentKey: string | null

  beforeEach(() => {
    resetElectronFake()
    service = fakeService()
    win = new FakeBrowserWindow({})
    currentKey = 'STORED-KEY-1111'
    bindIpc(ipcMain, service as unknown as ReviewApi, () => win, {
      trustedOrigins: [APP_ORIGIN],
      logger,
      secrets: () => [currentKey, 'CALLBACK-TOKEN-2222'],
    })
  })

  async function failureOf(message: string): Promise<Error> {
    service.getSettings.mockRejectedValueOnce(new Error(message))
    return (await handler('getSettings')(ipcEvent(win.webContents)).catch((e: unknown) => e)) as Error
  }

  it('replaces the API key in use, and a callback token, with [redacted]', async () => {
    const err = await failureOf(
      'ARGOS echoed STORED-KEY-1111 (%22STORED-KEY-1111%22) for http://127.0.0.1:1/cb/CALLBACK-TOKEN-2222',
    )
    expect(err.message).toBe(
      'ARGOS echoed [redacted] (%22[redacted]%22) for http://127.0.0.1:1/cb/[redacted]',
    )
  })

  it('reads the key anew on each failure (a key changed after binding is redacted too)', async () => {
    currentKey = 'NEW-KEY-3333'
    const err = await failureOf('refused NEW-KEY-3333')
    expect(err.message).toBe('refused [redacted]')
  })

  it('scrubs a URL with ?api_key= and user:pass@ from a service error', async () => {
    const err = await failureOf('could not reach https://u:p4ss@argos.example/?api_key=zzz&x=1')
    expect(err.message).toBe('could not reach https://[redacted]@argos.example/?api_key=[redacted]&x=1')
    expect(logger.warn).not.toHaveBeenCalledWith(expect.stringContaining('zzz'))
  })
})

describe('createEmitter', () => {
  it('sends events on the derived channel while the window is alive, and drops them after', () => {
    const emit = createEmitter(() => win)
    emit('caseChanged', { caseId: 'case-0001' })
    expect(win.webContents.send).toHaveBeenCalledWith(eventChannel('caseChanged'), { caseId: 'case-0001' })
    win.destroyed = true
    emit('casesChanged', {})
    expect(win.webContents.send).toHaveBeenCalledTimes(1)
    expect(() => createEmitter(() => null)('notice', { level: 'info', message: 'x' })).not.toThrow()
  })
})
