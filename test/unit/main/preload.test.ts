import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { eventChannel, invokeChannel, REVIEW_API_METHODS } from '../../../shared/ipc'
import { contextBridge, ipcRenderer, recorded, resetElectronFake } from './electron-fake'

vi.mock('electron', async () => (await import('./electron-fake')).electronModule)

const SENTINEL = 'SENTINEL-ARGOS-KEY-7f3a'
let api: Record<string, (...args: unknown[]) => unknown>

beforeAll(async () => {
  resetElectronFake()
  vi.stubEnv('ARGOS_API_KEY', SENTINEL)
  await import('../../../electron/preload/index')
  api = recorded.exposed.get('api') as typeof api
})
afterAll(() => {
  vi.unstubAllEnvs()
})

describe('preload', () => {
  it('exposes exactly one key, "api", once', () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
    expect([...recorded.exposed.keys()]).toEqual(['api'])
  })

  it('api holds exactly the contract methods plus "on", all functions', () => {
    expect(Object.keys(api).sort()).toEqual([...REVIEW_API_METHODS, 'on'].sort())
    for (const value of Object.values(api)) expect(typeof value).toBe('function')
    expect(Object.isFrozen(api)).toBe(false)
  })

  it('exposes nothing of the environment, ipcRenderer or Node', () => {
    const everything = [...recorded.exposed.values()]
    expect(JSON.stringify(everything)).not.toContain(SENTINEL)
    for (const value of Object.values(api)) expect(value).not.toBe(ipcRenderer.invoke)
    expect(api).not.toHaveProperty('invoke')
    expect(api).not.toHaveProperty('send')
    expect(api).not.toHaveProperty('env')
    expect(api).not.toHaveProperty('process')
  })

  it('never reads the environment or Node globals in its source', () => {
    const source = readFileSync(new URL('../../../electron/preload/index.ts', import.meta.url), 'utf8')
    expect(source).not.toMatch(/\bprocess\b|\brequire\(|from 'node:/)
    expect(source.match(/exposeInMainWorld\(/g)).toHaveLength(1)
  })

  it('a call goes to ipcRenderer.invoke on the method channel with the arguments', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ id: 'case-0001' })
    await expect(api.getCase!('case-0001')).resolves.toEqual({ id: 'case-0001' })
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(invokeChannel('getCase'), 'case-0001')
  })

  it('a rejected call surfaces the bare message', async () => {
    ipcRenderer.invoke.mockRejectedValueOnce(
      new Error(
        "Error invoking remote method 'recto:call:listCases': Error: Rejected IPC from an untrusted sender",
      ),
    )
    await expect(api.listCases!()).rejects.toThrow(/^Rejected IPC from an untrusted sender$/)
  })

  it('on() subscribes to the event channel, passes only the payload, and unsubscribes', () => {
    const listener = vi.fn()
    const off = api.on!('caseChanged', listener) as () => void
    const channel = eventChannel('caseChanged')
    const [registered] = recorded.rendererListeners.get(channel) ?? []
    expect(registered).toBeTypeOf('function')
    registered!({ sender: 'the IpcRendererEvent' }, { caseId: 'case-0001' })
    expect(listener).toHaveBeenCalledWith({ caseId: 'case-0001' })
    expect(listener.mock.calls[0]).toHaveLength(1)
    off()
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(channel, registered)
    expect(recorded.rendererListeners.get(channel)).toEqual([])
  })

  it('on() refuses unknown events', () => {
    expect(() => api.on!('raw-ipc', vi.fn())).toThrow(/Unknown event/)
  })
})
