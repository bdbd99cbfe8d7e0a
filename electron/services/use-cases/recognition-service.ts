// Recognition behind ReviewService: the batch queue that sends cases to ARGOS or reads them with the local engine
// (recognition/recognition-runner.ts does one case), "Recognize" and "Recognize all", cancel and progress, the
// resume after a crash or quit mid-batch, and the connection test. The callback receiver and the local engine are
// started on first use and stopped at quit (stop()).
import type { ConnectionTest, RecognizeOutcome, RecognizeParams } from '../../../shared/ipc'
import type { Case } from '../../../shared/model'
import { ArgosClient, DEFAULT_RETRY_POLICY } from '../argos/argos-client'
import { parseRecognition } from '../argos/argos-result'
import { CallbackReceiver } from '../argos/callback-receiver'
import { readBarcode } from '../barcode/read-barcode'
import { BatchQueue } from '../batch/batch-queue'
import { interruptedDraft } from '../cases/case-audit'
import { lazyLocalEngine } from '../local-engine-loader'
import { interruptedError, recognizeCase } from '../recognition/recognition-runner'
import type { ApiPart, ServiceContext } from './context'

export type RecognitionApi = ApiPart<
  'recognize' | 'recognizeAll' | 'cancelBatch' | 'getBatchProgress' | 'testConnection'
>

export interface RecognitionService {
  api: RecognitionApi
  /** Whether a case is waiting in, or being worked on by, the batch. */
  isQueued(id: string): boolean
  /** The resume of interrupted cases at start (settles once they are queued again or marked). */
  resumed: Promise<void>
  /** At quit: aborts what is in flight, waits for the queue, stops the local engine and the callback receiver. */
  stop(): Promise<void>
  /** At quit before the store opened: only the local engine can have started. */
  stopEngine(): Promise<void>
}

/** The endpoint as the reviewer may see it: no user name, password, query or fragment (they can carry secrets). */
export function shownEndpoint(baseUrl: string): string {
  if (!URL.canParse(baseUrl)) return baseUrl.replace(/[?#].*$/, '')
  const u = new URL(baseUrl)
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`
}

export function createRecognitionService(ctx: ServiceContext): RecognitionService {
  const { deps, store, settings, ready, changeCase, redact } = ctx
  // The real recogniser is imported and started on the first document read locally, not here.
  const localEngine = deps.localEngine ?? lazyLocalEngine({ logger: deps.logger })

  const client = () => {
    const r = settings.recognition()
    return new ArgosClient({
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      timeoutMs: r.requestTimeoutSec * 1000,
      retry: { ...DEFAULT_RETRY_POLICY, maxRetries: r.maxRetries },
      logger: deps.logger,
    })
  }

  // The callback receiver starts on first use in callback mode, on 127.0.0.1 only.
  let receiver: Promise<{ receiver: CallbackReceiver; url: string }> | null = null
  const callbacks = () => {
    receiver ??= (async () => {
      const r = new CallbackReceiver({
        port: settings.recognition().callbackPort,
        logger: deps.logger,
        parse: parseRecognition,
      })
      const { url } = await r.start()
      return { receiver: r, url }
    })().catch((err: unknown) => {
      receiver = null
      throw err
    })
    return receiver
  }

  const queue = new BatchQueue({
    concurrency: settings.recognition().concurrency,
    work: (id, signal) =>
      recognizeCase(
        {
          store,
          settings,
          client: client(),
          callbacks,
          changeCase: (id, change, source) => changeCase(id, change, undefined, source),
          logger: deps.logger,
          redact,
          readBarcode: (image, side, signal) => readBarcode(image, side, { signal }),
          localEngine,
        },
        id,
        signal,
      ),
    // Cases taken off the queue unsent go back to "new", whether the reviewer cancelled or the batch stopped on a
    // problem every case would hit (the outcome says why, once): they were never sent, so they did not fail.
    onDropped: async (ids) => {
      for (const id of ids) {
        await changeCase(id, (c) => ({ ...c, status: 'new' })).catch(() => undefined)
      }
    },
    onProgress: (p) => deps.emit('batchProgress', p),
  })

  /** `paramsFor` gives the country and type to store with each case (nothing = keep the case's own). */
  async function enqueue(
    ids: string[],
    paramsFor: (c: Case) => Partial<RecognizeParams>,
  ): Promise<RecognizeOutcome[]> {
    await ready
    queue.setConcurrency(settings.recognition().concurrency)
    // Persist "queued" (with the country and type to use) before anything runs, so a restart can resume.
    for (const id of ids) {
      await changeCase(id, (c) => ({ ...c, ...paramsFor(c), status: 'queued', error: null }))
    }
    const results = await queue.run(ids)
    return results.map(({ id, ok, message, problem }) => ({
      caseId: id,
      ok,
      message,
      ...(problem ? { problem } : {}),
    }))
  }

  /**
   * After a crash or quit mid-batch. Cases only "queued" (nothing left the computer) are queued again. Cases
   * "sending" have a send marker and no saved result: their request may have reached ARGOS and been billed, so
   * they become Interrupted for the reviewer to resend, or, with "Resend interrupted requests automatically" on,
   * are queued again with an audit event saying so. Recognised cases are never sent again. A case "sending" on the
   * local engine (no marker) sent nothing anywhere: it is queued again like a "queued" one.
   */
  const resumed = ready.then(async () => {
    // The index has every case's status: no case file is read at start-up unless it has to be resumed.
    const { summaries } = await store.listSummaries()
    const queued = summaries.filter((c) => c.status === 'queued').map((c) => c.id)
    const inFlight = summaries.filter((c) => c.status === 'sending').map((c) => c.id)
    const resend = settings.recognition().resendInterrupted
    const readLocally: string[] = []
    const interrupted: string[] = []
    for (const id of inFlight) {
      let local = false
      await changeCase(
        id,
        (c): Case => {
          if (c.status !== 'sending') return c
          local = c.runningOn === 'local' && !c.sendMarker
          if (local) return { ...c, status: 'queued', error: null, runningOn: null }
          // A case saved "sending" before markers existed has none: judged as sent, at its last save.
          const at = c.sendMarker?.at ?? c.updatedAt
          return resend
            ? { ...c, status: 'queued', error: null, runningOn: null }
            : { ...c, status: 'interrupted', error: interruptedError(at, 'restart'), runningOn: null }
        },
        (before, _after, reviewer, at) =>
          resend && !local ? [interruptedDraft(before, 'automatic', reviewer, at)] : [],
      ).then(
        () => (local ? readLocally : interrupted).push(id),
        (err: unknown) =>
          deps.logger.error(`resume: case ${id} not marked (${err instanceof Error ? err.name : 'error'})`),
      )
    }
    const again = [...queued, ...readLocally, ...(resend ? interrupted : [])]
    if (interrupted.length && !resend) {
      deps.logger.info(`resume: ${interrupted.length} case(s) interrupted after sending, not resent`)
      deps.emit('notice', {
        level: 'info',
        message: `${interrupted.length} case(s) were interrupted after their request was sent: ARGOS may have processed and billed them. They are marked Interrupted; recognize them again to resend.`,
      })
    }
    if (!again.length) return
    deps.logger.info(`resume: ${again.length} interrupted cases queued again`)
    deps.emit('notice', {
      level: 'info',
      message: `Resuming recognition of ${again.length} interrupted case(s).`,
    })
    void enqueue(again, () => ({}))
  })

  const api: RecognitionApi = {
    async recognize(caseIds: string[], params: RecognizeParams | null): Promise<RecognizeOutcome[]> {
      if (params) ctx.remember(params)
      return enqueue(caseIds, () => params ?? {})
    },

    async recognizeAll(params: RecognizeParams | null): Promise<RecognizeOutcome[]> {
      await ready
      // The index has what is needed to choose (status, country, type): no case file is read to choose.
      const { summaries } = await store.listSummaries()
      const pending = summaries.filter(
        (c) => (c.status === 'new' || c.status === 'failed') && !queue.has(c.id) && ctx.workspace.holds(c),
      )
      // Each case goes with its own country and type. `params`, when given, is the caller's explicit choice for
      // the cases that have neither or only one (recorded as a change of those cases); the renderer sets such
      // cases itself (setCaseParams, after the reviewer confirmed) and passes null. The rest are skipped.
      const complete = (c: { issuingCountry: string | null; idType: string | null }) =>
        Boolean(c.issuingCountry && c.idType)
      // The local engine needs neither: the MRZ fills them in (an engine chosen now; each case runs on the one in
      // force when it starts).
      const local = settings.engine() === 'local'
      const runnable = pending.filter((c) => params || local || complete(c))
      const skipped: RecognizeOutcome[] = pending
        .filter((c) => !runnable.includes(c))
        .map((c) => ({
          caseId: c.id,
          ok: false,
          message: `${c.name}: choose the issuing country and ID type first.`,
        }))
      if (!runnable.length) return skipped
      const ids = runnable.map((c) => c.id)
      const outcomes = await enqueue(ids, (c) =>
        params && !complete(c)
          ? { issuingCountry: c.issuingCountry ?? params.issuingCountry, idType: c.idType ?? params.idType }
          : {},
      )
      return [...outcomes, ...skipped]
    },

    async cancelBatch() {
      await queue.cancel()
      return queue.progress()
    },

    async getBatchProgress() {
      return queue.progress()
    },

    async testConnection(): Promise<ConnectionTest> {
      await ready
      const baseUrl = settings.baseUrl()
      const endpoint = shownEndpoint(baseUrl)
      let apiKey: string
      try {
        apiKey = settings.apiKey()
      } catch (err) {
        return { ok: false, message: redact(err instanceof Error ? err.message : String(err)), endpoint }
      }
      const timeoutMs = Math.min(10_000, settings.recognition().requestTimeoutSec * 1000)
      const result = await client().probe(baseUrl, apiKey, timeoutMs)
      return { ok: result.ok, message: redact(result.message), endpoint }
    },
  }

  return {
    api,
    isQueued: (id) => queue.has(id),
    resumed,
    stopEngine: () => localEngine.dispose().catch(() => undefined),
    async stop() {
      // In-flight requests are aborted; their cases stay "sending" on disk (Interrupted at the next start).
      queue.halt()
      await queue.idle()
      // After the queue: a document being read was aborted by the halt, so nothing uses the engine any more.
      await localEngine
        .dispose()
        .catch((err: unknown) =>
          deps.logger.warn(
            `local engine: not stopped cleanly (${err instanceof Error ? err.name : 'error'})`,
          ),
        )
      if (receiver) await (await receiver.catch(() => null))?.receiver.stop()
    },
  }
}
