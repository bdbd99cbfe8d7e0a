import type { RendererApi } from '../../shared/ipc'
import type { StageTestHook } from './canvas/stageHook'

declare global {
  interface Window {
    /** Exposed by the preload (or the Chromium test host): the only way to reach the main process. */
    readonly api: RendererApi
    /** Read-only E2E hook into the document stage; see canvas/stageHook.ts. */
    __rectoStage?: StageTestHook
  }
}

export {}
