// Builds the renderer's `window.api` from the contract, over any transport. The Electron preload and the
// Chromium test host use this same code; only the transport differs.
import type { RendererApi, ReviewApiMethod, ReviewEventName, ReviewEvents } from './ipc'
import { REVIEW_API_METHODS, REVIEW_EVENT_NAMES } from './ipc-names'

export interface Transport {
  invoke(method: ReviewApiMethod, args: unknown[]): Promise<unknown>
  subscribe(event: ReviewEventName, listener: (payload: unknown) => void): () => void
}

// Electron wraps rejections as "Error invoking remote method 'x': Error: <message>"; the reviewer needs <message>.
const REMOTE_PREFIX = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/

export function cleanRemoteMessage(message: string): string {
  return message.replace(REMOTE_PREFIX, '')
}

export function createRendererApi(transport: Transport): RendererApi {
  const api: Record<string, unknown> = {}
  for (const method of REVIEW_API_METHODS) {
    api[method] = async (...args: unknown[]) => {
      try {
        return await transport.invoke(method, args)
      } catch (err) {
        throw new Error(cleanRemoteMessage(err instanceof Error ? err.message : String(err)))
      }
    }
  }
  api.on = <E extends ReviewEventName>(event: E, listener: (payload: ReviewEvents[E]) => void) => {
    if (!(REVIEW_EVENT_NAMES as readonly string[]).includes(event))
      throw new Error(`Unknown event ${String(event)}`)
    return transport.subscribe(event, (payload) => listener(payload as ReviewEvents[E]))
  }
  return Object.freeze(api) as unknown as RendererApi
}
