// Public types of the ARGOS emulator (argos-emulator.ts): options, faults, the request log and the handle.
import type { CallbackRecord } from './argos-emulator-callbacks'
import type { DocumentInput } from './argos-emulator-registry'

export type { CallbackRecord } from './argos-emulator-callbacks'
export type { DocumentInput } from './argos-emulator-registry'

export interface ArgosEmulatorOptions {
  /** 0 (default) picks a free port. The server binds 127.0.0.1 only. */
  port?: number
  /** Value the `x-api-key` header must carry. Default 'emulator-key'. */
  apiKey?: string
  /** Directory of `<id>-front.*`, `<id>-back.*`, `<id>.response.json`. Default: the repo's test/fixtures/documents. */
  fixturesDir?: string
  /** Delay before every answer, in ms. Default 0. */
  latencyMs?: number
  /** Request bodies above this answer 413. Default 50 MB (the provider's maximum). */
  maxBodyBytes?: number
  /** Delay between the callback-mode acknowledgement and the callback POST. Default 100 ms. */
  callbackDelayMs?: number
  /** Send every callback twice (the app must ignore the duplicate). Default false. */
  duplicateCallbacks?: boolean
  /** Also answer 1011 when issuingCountry/idType differ from the fixture's truth.json. Default false. */
  strictDocumentType?: boolean
  /** Thumbnail distance under which an image matches a fixture (see DEFAULT_MATCH_THRESHOLD). */
  matchThreshold?: number
  /** Called with each log entry once its request is answered (the CLI prints them). */
  onRequest?: (entry: RequestLogEntry) => void
}

/**
 * An injected fault. Order of checks on POST /recognition: body size (413) → latency → key (403) → fault.
 * A request refused for size or key does not consume a queued fault. `http` and `drop` replace the answer
 * before any validation. `argos`, `malformed`, `shapeB` and `omitFields` let validation (400 100x) answer first, then
 * replace the result: in sync mode the HTTP answer, in callback mode the callback (the acknowledgement stays normal).
 */
export type ArgosFault =
  /** 400 with this errorCode (message from the API-NOTES table unless given). */
  | { kind: 'argos'; errorCode: string; message?: string }
  /** This HTTP status with a JSON `{message}` body; `retryAfter` (seconds) sets Retry-After. */
  | { kind: 'http'; status: number; retryAfter?: number; body?: string }
  /** The socket is destroyed without an answer. */
  | { kind: 'drop' }
  /** 200 with a truncated JSON body ('not-json', default) or JSON that is neither shape A nor B ('wrong-shape'). */
  | { kind: 'malformed'; variant?: 'not-json' | 'wrong-shape' }
  /** 200 with the recognised document told in shape B (no coordinates). */
  | { kind: 'shapeB' }
  /** 200 with these fields missed (not in the answer), as when the provider could not read them. */
  | { kind: 'omitFields'; keys: string[] }

/** One request as the tests see it. Never holds the key or image data. */
export interface RequestLogEntry {
  at: string
  method: string
  path: string
  keyValid: boolean
  issuingCountry: string | null
  idType: string | null
  /** Decoded size of idImage / idBackImage as sent, or null when absent. */
  frontBytes: number | null
  backBytes: number | null
  matchedDocument: string | null
  /** HTTP status answered; null while pending or when the connection was dropped. */
  status: number | null
  /** errorCode answered, or, in callback mode, the errorCode the callback carries. */
  errorCode: string | null
  transactionId: string | null
  mode: 'sync' | 'callback'
  fault: ArgosFault['kind'] | null
  /**
   * The client went away before the answer. The provider may still have processed (and billed) a request whose
   * body it received: count `bodyReceived`, not answers, for billing.
   */
  clientGone: boolean
  /**
   * The whole body of a POST /recognition arrived (set before any latency, hold or answer): what the provider
   * could process and bill, whether or not the client stayed for the answer.
   */
  bodyReceived: boolean
}

export interface ArgosEmulator {
  /** Base URL the app is configured with, e.g. http://127.0.0.1:4010/modules. */
  readonly url: string
  readonly port: number
  readonly apiKey: string
  readonly requests: RequestLogEntry[]
  readonly callbacks: CallbackRecord[]
  /** Ids of the documents the emulator recognises. */
  documentIds(): string[]
  /** Queues a fault for the next request (FIFO, one per request), or with `persistent` for every request. */
  injectFault(fault: ArgosFault, options?: { persistent?: boolean }): void
  clearFaults(): void
  setLatency(ms: number): void
  /**
   * Holds every recognition request whose body has arrived without answering, until `release()` (crash tests: the
   * request is in flight, the client waits). A client that leaves meanwhile is logged `clientGone` on release.
   */
  hold(): void
  /** Answers the held requests (in arrival order) and stops holding. */
  release(): void
  /** Resolves once `count` recognition requests have arrived in full (`bodyReceived`) since the log began. */
  received(count: number): Promise<void>
  /** Registers an extra document (e.g. generated by a test) in the registry. */
  registerDocument(input: DocumentInput): Promise<void>
  /** Resolves when every scheduled callback has been sent. */
  callbacksSettled(): Promise<void>
  /** Clears faults, logs and pending callbacks, releases held requests; latency back to the option. */
  reset(): void
  close(): Promise<void>
}
