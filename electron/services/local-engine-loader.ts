// The review service's default local engine (issue 15): the real one (local-engine/engine.ts, tesseract.js),
// imported and created on the first document rather than at start, so the main process starts as fast without it
// and a recogniser that cannot load fails the cases that need it (with a message) instead of the app. A load that
// failed is tried again on the next document. Tests give the service a fake LocalEngine instead.
import type { Logger } from './ports'
import type { LocalEngine, LocalEngineInput, LocalRecognition } from './local-engine/types'

/** The recogniser could not be loaded or started: every document would hit it (the batch stops). */
export class LocalEngineUnavailable extends Error {
  override name = 'LocalEngineUnavailable'
}

/** Errors an engine throws when it cannot start its recogniser (its worker, its language data). */
const LOAD_ERROR_NAMES = new Set(['LocalEngineUnavailable', 'LocalEngineLoadError'])

export function isEngineLoadError(err: unknown): boolean {
  return err instanceof Error && LOAD_ERROR_NAMES.has(err.name)
}

export type LocalEngineOptions = { logger: Logger; langPath?: string; idleMs?: number }

export function lazyLocalEngine(options: LocalEngineOptions): LocalEngine {
  let loading: Promise<LocalEngine> | null = null
  const engine = (): Promise<LocalEngine> => {
    loading ??= import('./local-engine/engine')
      .then(({ createLocalEngine }) => createLocalEngine(options))
      .catch((err: unknown) => {
        loading = null
        options.logger.error(`local engine: could not load (${err instanceof Error ? err.name : 'error'})`)
        throw new LocalEngineUnavailable(
          `The recogniser on this computer could not be started${err instanceof Error && err.message ? ` (${err.message})` : ''}`,
        )
      })
    return loading
  }
  return {
    async recognize(input: LocalEngineInput, signal: AbortSignal): Promise<LocalRecognition> {
      return (await engine()).recognize(input, signal)
    },
    async warm(): Promise<void> {
      await (await engine()).warm()
    },
    async dispose(): Promise<void> {
      // Nothing to stop when no document was ever read locally (the module is not even imported).
      const current = loading
      loading = null
      const loaded = await current?.catch(() => null)
      await loaded?.dispose()
    },
  }
}
