// Runs inside the page (bundled to an init script): builds window.api with the preload's own proxy code
// (shared/ipc-proxy), over a same-origin POST (see chromium-host.ts) instead of ipcRenderer.
import type { ReviewApiMethod, ReviewEventName } from '../../../shared/ipc'
import { createRendererApi } from '../../../shared/ipc-proxy'
import { IPC_PATH, IPC_TOKEN_HEADER } from './page-bridge-protocol'
import { decodeWire, decodeWireAsync, encodeWire } from './wire'

type Listener = (payload: unknown) => void
type HostWindow = Window & {
  api?: unknown
  __rectoIpcToken?: string
  __rectoDeliver?: (event: string, payload: unknown) => void
}

const w = window as HostWindow
const token = w.__rectoIpcToken
delete w.__rectoIpcToken
const listeners = new Map<string, Set<Listener>>()

// The host calls this (page.evaluate) to forward a ReviewService event.
Object.defineProperty(w, '__rectoDeliver', {
  value: (event: string, payload: unknown) => {
    for (const l of listeners.get(event) ?? []) l(decodeWire(payload))
  },
})

const api = createRendererApi({
  async invoke(method: ReviewApiMethod, args: unknown[]) {
    if (!token) throw new Error('The test host did not bind the service')
    const response = await fetch(IPC_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IPC_TOKEN_HEADER]: token },
      body: JSON.stringify({ method, args: encodeWire(args) }),
    })
    if (!response.ok) throw new Error(await response.text())
    const answer = (await response.json()) as { ok: boolean; result?: unknown; message?: string }
    if (!answer.ok) throw new Error(answer.message ?? 'Unexpected error')
    return decodeWireAsync(answer.result)
  },
  subscribe(event: ReviewEventName, listener: Listener) {
    const set = listeners.get(event) ?? new Set<Listener>()
    set.add(listener)
    listeners.set(event, set)
    return () => set.delete(listener)
  },
})
Object.defineProperty(w, 'api', { value: api, enumerable: true })
