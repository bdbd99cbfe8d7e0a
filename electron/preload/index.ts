// The preload (built to out/preload/index.cjs, run sandboxed). It exposes exactly one thing, `window.api`,
// generated from the IPC contract: no ipcRenderer, no Node, no environment.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { eventChannel, invokeChannel } from '../../shared/ipc-names'
import { createRendererApi, type Transport } from '../../shared/ipc-proxy'

const transport: Transport = {
  invoke: (method, args) => ipcRenderer.invoke(invokeChannel(method), ...args),
  subscribe(event, listener) {
    const channel = eventChannel(event)
    // Only the payload crosses: the IpcRendererEvent (which carries `sender`) never reaches the page.
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, handler)
    return () => {
      ipcRenderer.removeListener(channel, handler)
    }
  },
}

// A plain copy: contextBridge clones the object into the page's world; its function values become proxies.
contextBridge.exposeInMainWorld('api', { ...createRendererApi(transport) })
