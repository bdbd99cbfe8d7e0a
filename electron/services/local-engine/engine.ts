// The local recognition engine (issue 15): tesseract.js with the English data from npm, no download at run time.
// One tesseract worker (tesseract.js runs it in a worker_thread, so the main process only decodes images with
// sharp's thread pool and receives small results), started on first use or warm() and stopped after idleMs without
// work. One document at a time: later ones wait their turn. Cancelling terminates the worker (its job cannot be
// interrupted otherwise); the next document starts a new one. Logs carry timings and counts, never text read.
import { createRequire } from 'node:module'
import path from 'node:path'
import Tesseract from 'tesseract.js'
import type { Logger } from '../ports'
import { assemble } from './assemble'
import { MRZ_WHITELIST } from './mrz-read'
import { type OcrLine, type ReadMode, type Recognizer, readSide } from './side-reader'
import type { LocalEngine, LocalEngineInput, LocalRecognition } from './types'

export type LocalEngineOptions = {
  logger: Logger
  /** Folder holding eng.traineddata.gz; defaults to the npm package's 4.0.0_best_int data. */
  langPath?: string
  /** Milliseconds without work after which the worker is stopped (default 60 s). */
  idleMs?: number
}

/**
 * The npm data folder. In a packaged app the package resolves inside app.asar, which tesseract's worker thread
 * cannot read: electron-builder's asarUnpack puts it in app.asar.unpacked, the same path with that one change.
 */
export function defaultLangPath(): string {
  const require = createRequire(import.meta.url)
  const pkg = require.resolve('@tesseract.js-data/eng/package.json')
  return path
    .join(path.dirname(pkg), '4.0.0_best_int')
    .replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')
}

/**
 * tesseract.js's worker-thread script, named explicitly only in a packaged app: its default path is inside
 * app.asar, which a worker thread cannot start from (asarUnpack puts the package beside it).
 */
function packagedWorkerPath(): string | undefined {
  const require = createRequire(import.meta.url)
  const pkg = require.resolve('tesseract.js/package.json')
  if (!/[\\/]app\.asar[\\/]/.test(pkg)) return undefined
  return path
    .join(path.dirname(pkg), 'src', 'worker-script', 'node', 'index.js')
    .replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')
}

export function abortError(): DOMException {
  return new DOMException('The local recognition was cancelled.', 'AbortError')
}

type Bbox = { x0: number; y0: number; x1: number; y1: number }
type TLine = {
  text: string
  confidence: number
  bbox: Bbox
  baseline: Bbox
  words: {
    text: string
    confidence: number
    bbox: Bbox
    symbols?: { text: string; confidence: number; bbox: Bbox }[]
  }[]
}

function toLines(blocks: { paragraphs: { lines: TLine[] }[] }[] | null): OcrLine[] {
  const lines: OcrLine[] = []
  for (const block of blocks ?? [])
    for (const paragraph of block.paragraphs)
      for (const l of paragraph.lines)
        lines.push({
          text: l.text.trim(),
          confidence: l.confidence,
          bbox: l.bbox,
          baseline: l.baseline,
          words: l.words.map((w) => ({
            text: w.text,
            confidence: w.confidence,
            bbox: w.bbox,
            symbols: (w.symbols ?? []).map((s) => ({ text: s.text, confidence: s.confidence, bbox: s.bbox })),
          })),
        })
  return lines
}

const MODE_PARAMS: Record<ReadMode, Partial<Tesseract.WorkerParams>> = {
  // Sparse text: a card's labels and values are scattered blocks, which the automatic layout often merges or drops.
  // The copies carry no resolution: saying 300 dpi stops tesseract guessing one (and warning on every page).
  page: {
    tessedit_pageseg_mode: Tesseract.PSM.SPARSE_TEXT,
    tessedit_char_whitelist: '',
    user_defined_dpi: '300',
  },
  mrz: {
    tessedit_pageseg_mode: Tesseract.PSM.SINGLE_BLOCK,
    tessedit_char_whitelist: MRZ_WHITELIST,
    user_defined_dpi: '300',
  },
  mrzDigits: {
    tessedit_pageseg_mode: Tesseract.PSM.SINGLE_CHAR,
    tessedit_char_whitelist: '0123456789<',
    user_defined_dpi: '300',
  },
}

function recognizerFor(worker: Tesseract.Worker): Recognizer {
  let mode: ReadMode | null = null
  return {
    async read(png, next) {
      if (mode !== next) {
        await worker.setParameters(MODE_PARAMS[next])
        mode = next
      }
      const result = await worker.recognize(png, {}, { blocks: true, text: false })
      return toLines(result.data.blocks as unknown as { paragraphs: { lines: TLine[] }[] }[] | null)
    },
  }
}

type Running = { worker: Promise<Tesseract.Worker>; recognizer: Promise<Recognizer> }

export function createLocalEngine(options: LocalEngineOptions): LocalEngine {
  const { logger } = options
  const idleMs = options.idleMs ?? 60_000
  let running: Running | null = null
  let idleTimer: ReturnType<typeof setTimeout> | null = null
  let queue: Promise<unknown> = Promise.resolve()
  let pending = 0
  let active: AbortSignal | null = null
  let disposed = false

  function start(): Running {
    if (running) return running
    const startedAt = performance.now()
    const langPath = options.langPath ?? defaultLangPath()
    const workerPath = packagedWorkerPath()
    const worker = Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
      langPath,
      gzip: true,
      cacheMethod: 'none',
      ...(workerPath ? { workerPath } : {}),
      // Without a handler tesseract.js throws a failed job's error from its message listener (an uncaught error).
      errorHandler: () => logger.warn('local engine: the recogniser rejected a job'),
    }).then(
      (w) => {
        logger.info(`local engine: recogniser started in ${Math.round(performance.now() - startedAt)} ms`)
        return w
      },
      (error: unknown) => {
        running = null
        const reason = error instanceof Error ? error.message : String(error)
        throw new Error(
          `The local engine could not start its recogniser (language data in ${langPath}): ${reason}`,
        )
      },
    )
    running = { worker, recognizer: worker.then(recognizerFor) }
    return running
  }

  async function stop(reason: string): Promise<void> {
    const current = running
    running = null
    if (!current) return
    try {
      const worker = await current.worker
      await worker.terminate()
      logger.info(`local engine: recogniser stopped (${reason})`)
    } catch {
      // A worker that never started has nothing to stop.
    }
  }

  function clearIdle() {
    if (idleTimer) clearTimeout(idleTimer)
    idleTimer = null
  }

  function scheduleIdle() {
    clearIdle()
    if (pending > 0 || !running) return
    idleTimer = setTimeout(() => void stop('idle'), idleMs)
    idleTimer.unref?.()
  }

  async function run(input: LocalEngineInput, signal: AbortSignal): Promise<LocalRecognition> {
    signal.throwIfAborted()
    const startedAt = performance.now()
    const recognizer = await start().recognizer
    signal.throwIfAborted()
    logger.info(`local engine: reading ${input.back ? 'two sides' : 'one side'}`)
    const front = await readSide(recognizer, input.front, 'front', signal)
    signal.throwIfAborted()
    const back = input.back ? await readSide(recognizer, input.back, 'back', signal) : null
    const result = assemble(front, back)
    const timing = (name: string, t: Record<string, number>) =>
      `${name} ${Object.entries(t)
        .map(([k, v]) => `${k} ${v} ms`)
        .join(', ')}`
    logger.info(
      `local engine: read in ${Math.round(performance.now() - startedAt)} ms (${timing('front', front.timings)}` +
        `${back ? `; ${timing('back', back.timings)}` : ''}); ${Object.keys(result.raw).length} fields, ` +
        `MRZ ${result.mrz ? (result.mrz.valid ? 'valid' : 'invalid') : 'not found'}`,
    )
    return result
  }

  function recognize(input: LocalEngineInput, signal: AbortSignal): Promise<LocalRecognition> {
    if (disposed) return Promise.reject(new Error('The local engine has been shut down.'))
    if (!(input.front instanceof Uint8Array) || input.front.length === 0)
      return Promise.reject(new Error('The local engine needs the front image.'))
    if (signal.aborted) return Promise.reject(abortError())
    pending++
    clearIdle()
    let release!: () => void
    const previous = queue
    queue = new Promise<void>((resolve) => (release = resolve))
    let released = false
    const done = () => {
      if (released) return
      released = true
      signal.removeEventListener('abort', onAbort)
      pending--
      release()
      scheduleIdle()
    }
    let rejectCaller: ((error: unknown) => void) | null = null
    function onAbort() {
      rejectCaller?.(abortError())
      // A job in flight cannot be interrupted inside tesseract, and a stopped worker never answers it: stop the
      // worker and let the next document start a new one. A job still waiting its turn just gives it up.
      if (active === signal) {
        active = null
        void stop('cancelled').finally(done)
      }
    }
    signal.addEventListener('abort', onAbort, { once: true })
    const job = previous.then(async () => {
      if (signal.aborted) throw abortError()
      active = signal
      try {
        return await run(input, signal)
      } finally {
        if (active === signal) active = null
      }
    })
    job.then(done, done)
    return new Promise<LocalRecognition>((resolve, reject) => {
      rejectCaller = reject
      job.then(resolve, (error: unknown) => reject(signal.aborted ? abortError() : error))
    })
  }

  return {
    recognize,
    async warm() {
      if (disposed) return
      clearIdle()
      await start().worker
      scheduleIdle()
    },
    async dispose() {
      disposed = true
      clearIdle()
      await stop('shut down')
    },
  }
}
