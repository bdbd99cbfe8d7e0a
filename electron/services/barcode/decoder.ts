// ZXing-C++ (zxing-wasm, reader build) in a worker thread. One decode of a licence-sized image blocks for
// 60–200 ms (tryHarder), too long for the Electron main process that also answers the window; in a worker it blocks
// nothing. The wasm binary is read from node_modules and handed to the module as bytes (by default the package
// would fetch it from a CDN). The worker is started on first use, runs one job at a time, does not keep the process
// alive while it has no job, and is stopped after a while without work to give its memory back.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { sep } from 'node:path'
import { Worker } from 'node:worker_threads'

export type Point = { x: number; y: number }

export type Decoded = {
  /** The symbol's text (ZXing "Plain" text mode: the bytes as they are, control characters kept). */
  text: string
  /** Corners in the pixels of the decoded image. */
  position: { topLeft: Point; topRight: Point; bottomRight: Point; bottomLeft: Point }
  /** Rotation of the symbol, degrees. */
  orientation: number
}

export type DecodeOutcome = { results: Decoded[]; ms: number }

/** The decoder itself failed (the worker could not start, load the wasm, or died); not a verdict on the image. */
export class DecoderError extends Error {
  override name = 'DecoderError'
}

/** Runs in the worker (CommonJS, evaluated from this string so that it needs no file of its own in the bundle). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { readFileSync } = require('node:fs')
const zxing = require(workerData.modulePath)
const ready = zxing.prepareZXingModule({
  overrides: { wasmBinary: readFileSync(workerData.wasmPath) },
  fireImmediately: true,
})
let rgba = new Uint8ClampedArray(0)
parentPort.on('message', async (job) => {
  try {
    await ready
    const { gray, width, height } = job
    const n = width * height
    if (rgba.length < n * 4) rgba = new Uint8ClampedArray(n * 4)
    const px = rgba.subarray(0, n * 4)
    for (let i = 0, j = 0; i < n; i++, j += 4) {
      const v = gray[i]
      px[j] = v
      px[j + 1] = v
      px[j + 2] = v
      px[j + 3] = 255
    }
    const t = performance.now()
    const found = await zxing.readBarcodes({ data: px, width, height }, {
      formats: ['PDF417'],
      textMode: 'Plain',
      tryHarder: job.tryHarder,
      tryRotate: true,
      tryInvert: false,
      tryDownscale: true,
      maxNumberOfSymbols: 4,
    })
    const results = found
      .filter((r) => r.isValid)
      .map((r) => ({ text: r.text, position: r.position, orientation: r.orientation }))
    parentPort.postMessage({ id: job.id, ms: performance.now() - t, results })
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String((err && err.message) || err) })
  }
})
`

type Reply = { id: number; ms: number; results: Decoded[] } | { id: number; error: string }

export type DecoderOptions = {
  /** Stop the worker after this long without a job (default 30 s). */
  idleMs?: number
}

/**
 * Where the zxing-wasm reader and its wasm binary are, resolved from this module: node_modules at run time (the main
 * bundle keeps its dependencies external). In a packaged app, a copy unpacked beside app.asar is preferred, since a
 * worker thread may not read inside the archive.
 */
export function zxingPaths(): { modulePath: string; wasmPath: string } {
  const require = createRequire(import.meta.url)
  const unpacked = (p: string) => {
    const outside = p.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`)
    return outside !== p && existsSync(outside) ? outside : p
  }
  return {
    modulePath: unpacked(require.resolve('zxing-wasm/reader')),
    wasmPath: unpacked(require.resolve('zxing-wasm/reader/zxing_reader.wasm')),
  }
}

export class Pdf417Decoder {
  private worker: Worker | null = null
  private nextId = 1
  private readonly pending = new Map<
    number,
    { resolve: (o: DecodeOutcome) => void; reject: (e: Error) => void }
  >()
  /** Jobs run one after the other (the worker reuses one pixel buffer). */
  private queue: Promise<unknown> = Promise.resolve()
  private idleTimer: NodeJS.Timeout | null = null
  private readonly idleMs: number

  constructor(opts: DecoderOptions = {}) {
    this.idleMs = opts.idleMs ?? 30_000
  }

  /** Decodes the PDF417 symbols in a grey image (one byte per pixel); a plain Uint8Array is moved to the worker. */
  decode(
    gray: Uint8Array,
    width: number,
    height: number,
    opts: { tryHarder: boolean },
  ): Promise<DecodeOutcome> {
    if (gray.length < width * height)
      return Promise.reject(new RangeError('decode: fewer pixels than width × height'))
    const run = () => this.send(gray, width, height, opts.tryHarder)
    const job = this.queue.then(run, run)
    this.queue = job.catch(() => undefined)
    return job
  }

  /** Whether the worker is running (it starts on the first decode and stops after idleMs without one). */
  get running(): boolean {
    return this.worker !== null
  }

  /** Stops the worker (a later decode starts a new one). */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    const w = this.worker
    this.worker = null
    if (w) await w.terminate()
  }

  private send(gray: Uint8Array, width: number, height: number, tryHarder: boolean): Promise<DecodeOutcome> {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    const worker = this.start()
    const id = this.nextId++
    // Node Buffers (pooled, or sharp's external memory) cannot be moved, nor can a view on a larger buffer: those
    // are copied (a few ms for a licence-sized image), so that only these pixels are moved.
    const movable =
      !Buffer.isBuffer(gray) &&
      gray.byteOffset === 0 &&
      gray.buffer instanceof ArrayBuffer &&
      gray.buffer.byteLength === width * height
    const own = movable ? gray : new Uint8Array(gray.subarray(0, width * height))
    return new Promise<DecodeOutcome>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      // Keeps the process alive while a job is out; released when none is (armIdle).
      worker.ref()
      worker.postMessage({ id, gray: own, width, height, tryHarder }, [own.buffer as ArrayBuffer])
    }).finally(() => this.armIdle())
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: zxingPaths() })
    worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id)
      if (!p) return
      this.pending.delete(reply.id)
      if ('error' in reply) p.reject(new DecoderError(`PDF417 decoder: ${reply.error}`))
      else p.resolve({ results: reply.results, ms: reply.ms })
    })
    const fail = (err: DecoderError) => {
      if (this.worker === worker) this.worker = null
      for (const p of this.pending.values()) p.reject(err)
      this.pending.clear()
    }
    worker.on('error', (err) => fail(new DecoderError(`PDF417 decoder failed: ${err.message}`)))
    worker.on('exit', (code) => fail(new DecoderError(`PDF417 decoder stopped (exit ${code})`)))
    this.worker = worker
    return worker
  }

  private armIdle(): void {
    if (this.pending.size > 0) return
    // Unreferenced after the listeners are attached (attaching one references the worker's port again).
    this.worker?.unref()
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => void this.close(), this.idleMs)
    this.idleTimer.unref()
  }
}

let shared: Pdf417Decoder | null = null

/** The process's decoder (one worker for every barcode read). */
export function sharedDecoder(): Pdf417Decoder {
  shared ??= new Pdf417Decoder()
  return shared
}
