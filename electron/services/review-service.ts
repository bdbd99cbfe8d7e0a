// ReviewService: implements the ReviewApi contract on top of the case store, image import, ARGOS client and export.
// (Being written: the signature below is the one electron/main and the E2E host bind.)
import type { ReviewApi } from '../../shared/ipc'
import type { ServiceDeps } from './ports'

export interface ReviewService extends ReviewApi {
  /** Stops in-flight work; called when the app quits. */
  dispose(): Promise<void>
}

export function createReviewService(_deps: ServiceDeps): ReviewService {
  throw new Error('ReviewService is being written')
}
