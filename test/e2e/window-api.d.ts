// page.evaluate callbacks run in the renderer, where window.api is the contract's RendererApi.
import type { RendererApi } from '../../shared/ipc'

declare global {
  interface Window {
    api: RendererApi
  }
}
export {}
