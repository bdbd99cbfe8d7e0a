// Runs inside the page (bundled to an init script): builds window.api with the preload's own proxy code
// (shared/ipc-proxy), over Playwright bindings instead of ipcRenderer.
import type { ReviewApiMethod, ReviewEventName } from '../../../shared/ipc'
import { createRendererApi } from '../../../shared/ipc-proxy'
import { decodeWire, decodeWireAsync, encodeWire } from './wire'

type Listener = (payload: unknown) => void
type HostWindow = Window & {
  api?: unknown
  __rectoInvoke?: (method: string, args: unknown) => Promise<unknown>
  __rectoDeliver?: (event: string, payload: unknown) => void
}

const w = window as HostWindow
const listeners = new Map<string, Set<Listener>>()

// The host calls this (page.evaluate) to forward a ReviewService event.
Object.defineProperty(w, '__rectoDeliver', {
  value: (event: string, payload: unknown) => {
    for (const l of listeners.get(event) ?? []) l(decodeWire(payload))
  },
})

const api = createRendererApi({
  async invoke(method: ReviewApiMethod, args: unknown[]) {
    if (!w.__rectoInvoke) throw new Error('The test host did not bind the service')
    // One JSON string each way: Playwright serialises a string far faster than a deep object.
    const answer = await w.__rectoInvoke(method, JSON.stringify(encodeWire(args)))
    return decodeWireAsync(answer === undefined ? undefined : JSON.parse(answer as string))
  },
  subscribe(event: ReviewEventName, listener: Listener) {
    const set = listeners.get(event) ?? new Set<Listener>()
    set.add(listener)
    listeners.set(event, set)
    return () => set.delete(listener)
  },
})
Object.defineProperty(w, 'api', { value: api, enumerable: true })
