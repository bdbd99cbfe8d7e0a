// page.evaluate callbacks run in the renderer, where window.api is the contract's RendererApi.
import type { RendererApi } from '../../shared/ipc'
import type { StageTestHook } from '../../renderer/src/canvas/stageHook'

declare global {
  interface Window {
    api: RendererApi
    __rectoStage?: StageTestHook
  }
}
export {}
