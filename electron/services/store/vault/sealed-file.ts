// Sealed files: how every file of an encrypted case (images, previews, thumbnails, case.json) is stored on disk,
// encrypted and authenticated with the case's data key (keys.ts). Chunked so that a large image is sealed and
// checked in 64 KiB pieces, in the manner of age's STREAM construction. The full description for the security
// review is docs/VAULT-FORMAT.md; keep the two in step.
//
// Layout (all integers big-endian):
//   header, 72 bytes:
//     0   4  magic "RECV"
//     4   1  format version (1)
//     5   1  log2 of the chunk size (10..16: 1 KiB..64 KiB; writes use 16)
//     6   2  reserved, zero
//     8  32  salt: random, fresh for every write
//    40  32  key commitment
//   then chunk 0 .. n-1, each: ciphertext (chunk size bytes; the last 1..chunk size, 0 only for an empty file)
//   followed by its 16-byte AES-GCM tag.
//
// Keys: fileKey = HKDF-SHA256(dataKey, salt, "recto/sealed-file/v1/key"), 32 bytes: a fresh key per write, so the
// nonces below can be a plain counter without any risk of reuse across writes or files (a random 96-bit nonce
// per chunk under the case key would wear out after 2^32 chunks; this never does). commitment =
// HKDF-SHA256(dataKey, salt, "recto/sealed-file/v1/commit"): GCM alone does not tell a wrong key from altered
// data, and is not key-committing; the commitment does both (a mismatch is WrongKeyError, before any decryption).
// Nonce of chunk i: the 11-byte counter i followed by one byte, 1 for the last chunk and 0 for the others.
// Associated data of every chunk: the whole header, then u16 length + UTF-8 case id, then u16 length + UTF-8
// file name. So: a flipped byte anywhere fails a tag (or the commitment); a chunk moved within the file fails
// (counter); a file cut at a chunk boundary fails (its new last chunk was not sealed as last); appended data
// fails (the old last chunk is no longer last, or the tail is not a whole chunk); a chunk from another write
// fails (another salt, another key); a file of another case or renamed (case.json as audit.jsonl) fails (AAD).
// open() returns the plaintext only when every chunk verified: never a partial result.
//
// Large files: sealInWorker / openInWorker run the per-chunk AES-GCM in a small pool of worker threads so that a
// 24 MP image does not block the main process. The format logic (header, keys, nonces, AAD, layout checks) stays
// here and runs in the caller's thread (microseconds); the worker only runs the chunk loop, from a source string
// (as the barcode decoder does) so that it needs no file of its own in the bundle. The tests check that both
// paths read what the other wrote, and reject the same tampering.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { TamperedError, UnsupportedVersionError, VaultWorkerError, WrongKeyError } from './errors'

/** Which file this is: bound into every chunk's associated data. */
export type SealContext = { caseId: string; name: string }

export const MAGIC = Buffer.from('RECV', 'latin1')
export const FORMAT_VERSION = 1
export const HEADER_LENGTH = 72
export const TAG_LENGTH = 16
export const KEY_LENGTH = 32
export const DEFAULT_CHUNK_LOG2 = 16
const MIN_CHUNK_LOG2 = 10
const MAX_CHUNK_LOG2 = 16
const SALT_OFFSET = 8
const COMMIT_OFFSET = 40
const NONCE_LENGTH = 12
const INFO_KEY = Buffer.from('recto/sealed-file/v1/key')
const INFO_COMMIT = Buffer.from('recto/sealed-file/v1/commit')

export type SealOptions = {
  /** log2 of the chunk size; 16 (64 KiB) unless a test wants many chunks from little data. */
  chunkLog2?: number
}

/** True when the bytes start like a sealed file (for telling a not-yet-encrypted case apart during migration). */
export function isSealed(data: Uint8Array): boolean {
  return data.length >= MAGIC.length && MAGIC.equals(data.subarray(0, MAGIC.length))
}

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_LENGTH) throw new RangeError(`a data key is ${KEY_LENGTH} bytes`)
}

function label(ctx: SealContext): string {
  return `${ctx.name} of case ${ctx.caseId}`
}

function deriveFileKey(key: Uint8Array, salt: Uint8Array): { fileKey: Buffer; commitment: Buffer } {
  return {
    fileKey: Buffer.from(hkdfSync('sha256', key, salt, INFO_KEY, KEY_LENGTH)),
    commitment: Buffer.from(hkdfSync('sha256', key, salt, INFO_COMMIT, 32)),
  }
}

function lengthPrefixed(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length > 0xffff) throw new RangeError('case id or file name too long')
  const len = Buffer.alloc(2)
  len.writeUInt16BE(bytes.length)
  return Buffer.concat([len, bytes])
}

function associatedData(header: Uint8Array, ctx: SealContext): Buffer {
  return Buffer.concat([header, lengthPrefixed(ctx.caseId), lengthPrefixed(ctx.name)])
}

function chunkCount(plainLength: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(plainLength / chunkSize))
}

/** The nonces of chunks 0..n-1, 12 bytes each: 11-byte counter, then the last-chunk flag. */
function nonces(n: number): Buffer {
  const out = Buffer.alloc(n * NONCE_LENGTH)
  for (let i = 0; i < n; i++) {
    // The counter's upper bytes stay zero: 2^32 chunks of 64 KiB is far beyond any file here.
    out.writeUInt32BE(i, i * NONCE_LENGTH + 7)
    if (i === n - 1) out[i * NONCE_LENGTH + 11] = 1
  }
  return out
}

type Plan = { fileKey: Buffer; aad: Buffer; nonces: Buffer; chunkSize: number; header: Buffer }

function planSeal(key: Uint8Array, plainLength: number, ctx: SealContext, options: SealOptions): Plan {
  checkKey(key)
  const chunkLog2 = options.chunkLog2 ?? DEFAULT_CHUNK_LOG2
  if (!Number.isInteger(chunkLog2) || chunkLog2 < MIN_CHUNK_LOG2 || chunkLog2 > MAX_CHUNK_LOG2)
    throw new RangeError(`chunkLog2 must be ${MIN_CHUNK_LOG2}..${MAX_CHUNK_LOG2}`)
  const salt = randomBytes(32)
  const { fileKey, commitment } = deriveFileKey(key, salt)
  const header = Buffer.alloc(HEADER_LENGTH)
  MAGIC.copy(header, 0)
  header[4] = FORMAT_VERSION
  header[5] = chunkLog2
  salt.copy(header, SALT_OFFSET)
  commitment.copy(header, COMMIT_OFFSET)
  const chunkSize = 2 ** chunkLog2
  return {
    fileKey,
    aad: associatedData(header, ctx),
    nonces: nonces(chunkCount(plainLength, chunkSize)),
    chunkSize,
    header,
  }
}

/**
 * Checks everything that can be checked without decrypting (magic, version, layout, key commitment) and returns
 * what the chunk loop needs. Throws TamperedError / UnsupportedVersionError / WrongKeyError.
 */
function planOpen(key: Uint8Array, sealed: Uint8Array, ctx: SealContext): Plan & { plainLength: number } {
  checkKey(key)
  if (sealed.length < HEADER_LENGTH + TAG_LENGTH || !isSealed(sealed))
    throw new TamperedError(`${label(ctx)} is damaged or is not a Recto sealed file.`)
  const header = Buffer.from(sealed.subarray(0, HEADER_LENGTH))
  if (header[4] !== FORMAT_VERSION)
    throw new UnsupportedVersionError(
      `${label(ctx)} was written in a format this version of Recto does not read (version ${header[4]}).`,
    )
  const chunkLog2 = header[5] ?? 0
  if (chunkLog2 < MIN_CHUNK_LOG2 || chunkLog2 > MAX_CHUNK_LOG2 || header[6] !== 0 || header[7] !== 0)
    throw new TamperedError(`${label(ctx)} has a damaged header.`)
  const chunkSize = 2 ** chunkLog2
  const body = sealed.length - HEADER_LENGTH
  const n = Math.ceil(body / (chunkSize + TAG_LENGTH))
  const lastCipher = body - (n - 1) * (chunkSize + TAG_LENGTH) - TAG_LENGTH
  // Only the lone chunk of an empty file may be empty; a tail shorter than a tag is not a chunk at all.
  if (lastCipher < 0 || (lastCipher === 0 && n > 1))
    throw new TamperedError(`${label(ctx)} has been cut short or extended.`)
  const { fileKey, commitment } = deriveFileKey(key, header.subarray(SALT_OFFSET, COMMIT_OFFSET))
  if (!timingSafeEqual(commitment, header.subarray(COMMIT_OFFSET, HEADER_LENGTH)))
    throw new WrongKeyError(
      `${label(ctx)} cannot be opened with this case's key: it belongs to another case, or it was altered.`,
    )
  return {
    fileKey,
    aad: associatedData(header, ctx),
    nonces: nonces(n),
    chunkSize,
    header,
    plainLength: (n - 1) * chunkSize + lastCipher,
  }
}

function tamperedChunk(ctx: SealContext, chunk: number, count: number): TamperedError {
  return new TamperedError(
    `${label(ctx)} has been altered or does not belong here (chunk ${chunk + 1} of ${count} failed verification); ` +
      'it is not shown.',
  )
}

// The chunk loops. WORKER_SOURCE below repeats them in plain JavaScript: change both together (the tests compare
// what each writes and reads).
function sealChunks(plan: Plan, plaintext: Uint8Array, out: Uint8Array, at: number): void {
  const n = plan.nonces.length / NONCE_LENGTH
  let pos = at
  for (let i = 0; i < n; i++) {
    const start = i * plan.chunkSize
    const end = Math.min(start + plan.chunkSize, plaintext.length)
    const cipher = createCipheriv(
      'aes-256-gcm',
      plan.fileKey,
      plan.nonces.subarray(i * NONCE_LENGTH, (i + 1) * NONCE_LENGTH),
    )
    cipher.setAAD(plan.aad)
    const ct = cipher.update(plaintext.subarray(start, end))
    out.set(ct, pos)
    pos += ct.length
    const fin = cipher.final()
    out.set(fin, pos)
    pos += fin.length
    out.set(cipher.getAuthTag(), pos)
    pos += TAG_LENGTH
  }
}

/** Decrypts every chunk into `out`; returns the index of the first chunk that fails, or -1. Zeroes `out` then. */
function openChunks(plan: Plan, sealed: Uint8Array, out: Uint8Array): number {
  const n = plan.nonces.length / NONCE_LENGTH
  let pos = HEADER_LENGTH
  for (let i = 0; i < n; i++) {
    const start = i * plan.chunkSize
    const len = Math.min(plan.chunkSize, out.length - start)
    const decipher = createDecipheriv(
      'aes-256-gcm',
      plan.fileKey,
      plan.nonces.subarray(i * NONCE_LENGTH, (i + 1) * NONCE_LENGTH),
    )
    decipher.setAAD(plan.aad)
    decipher.setAuthTag(sealed.subarray(pos + len, pos + len + TAG_LENGTH))
    try {
      out.set(decipher.update(sealed.subarray(pos, pos + len)), start)
      decipher.final()
    } catch {
      out.fill(0)
      return i
    }
    pos += len + TAG_LENGTH
  }
  return -1
}

/** The length of the sealed form of `plainLength` bytes (header, ciphertext, one tag per chunk). */
export function sealedLength(plainLength: number, chunkLog2 = DEFAULT_CHUNK_LOG2): number {
  return HEADER_LENGTH + plainLength + TAG_LENGTH * chunkCount(plainLength, 2 ** chunkLog2)
}

/** Seals `plaintext` for the file `ctx.name` of case `ctx.caseId` under the case's 32-byte data key. */
export function seal(
  key: Uint8Array,
  plaintext: Uint8Array,
  ctx: SealContext,
  options: SealOptions = {},
): Buffer {
  const plan = planSeal(key, plaintext.length, ctx, options)
  const out = Buffer.alloc(
    HEADER_LENGTH + plaintext.length + TAG_LENGTH * (plan.nonces.length / NONCE_LENGTH),
  )
  plan.header.copy(out, 0)
  sealChunks(plan, plaintext, out, HEADER_LENGTH)
  return out
}

/**
 * Opens a sealed file. Returns the plaintext only when the whole file verified; throws TamperedError (altered,
 * cut, extended, reordered, from another file/case/name), WrongKeyError, or UnsupportedVersionError.
 */
export function open(key: Uint8Array, sealed: Uint8Array, ctx: SealContext): Buffer {
  const plan = planOpen(key, sealed, ctx)
  const out = Buffer.alloc(plan.plainLength)
  const failed = openChunks(plan, sealed, out)
  if (failed >= 0) throw tamperedChunk(ctx, failed, plan.nonces.length / NONCE_LENGTH)
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Worker pool

/** Runs in each worker (CommonJS, evaluated from this string). The same loops as sealChunks / openChunks. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createCipheriv, createDecipheriv } = require('node:crypto')
const TAG = ${TAG_LENGTH}, NONCE = ${NONCE_LENGTH}, HEADER = ${HEADER_LENGTH}
parentPort.on('message', (job) => {
  try {
    const { id, op, fileKey, aad, nonces, chunkSize, input } = job
    const n = nonces.length / NONCE
    if (op === 'seal') {
      const out = new Uint8Array(HEADER + input.length + TAG * n)
      out.set(job.header, 0)
      let pos = HEADER
      for (let i = 0; i < n; i++) {
        const start = i * chunkSize
        const end = Math.min(start + chunkSize, input.length)
        const c = createCipheriv('aes-256-gcm', fileKey, nonces.subarray(i * NONCE, (i + 1) * NONCE))
        c.setAAD(aad)
        const ct = c.update(input.subarray(start, end))
        out.set(ct, pos)
        pos += ct.length
        const fin = c.final()
        out.set(fin, pos)
        pos += fin.length
        out.set(c.getAuthTag(), pos)
        pos += TAG
      }
      parentPort.postMessage({ id, output: out }, [out.buffer])
    } else {
      const out = new Uint8Array(job.plainLength)
      let pos = HEADER
      for (let i = 0; i < n; i++) {
        const start = i * chunkSize
        const len = Math.min(chunkSize, out.length - start)
        const d = createDecipheriv('aes-256-gcm', fileKey, nonces.subarray(i * NONCE, (i + 1) * NONCE))
        d.setAAD(aad)
        d.setAuthTag(input.subarray(pos + len, pos + len + TAG))
        try {
          out.set(d.update(input.subarray(pos, pos + len)), start)
          d.final()
        } catch {
          out.fill(0)
          parentPort.postMessage({ id, failedChunk: i })
          return
        }
        pos += len + TAG
      }
      parentPort.postMessage({ id, output: out }, [out.buffer])
    }
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String(err && err.message || err) })
  }
})
`

type Reply =
  { id: number; output: Uint8Array } | { id: number; failedChunk: number } | { id: number; error: string }
type Pending = { resolve: (r: Reply) => void; reject: (e: Error) => void }
type Slot = { worker: Worker; pending: Map<number, Pending> }

/**
 * A small pool of crypto workers (1–2): started on first use, each job to the least busy one; workers do not keep
 * the process alive while idle and are stopped after `idleMs` without work.
 */
export class SealWorkerPool {
  private slots: Slot[] = []
  private nextId = 1
  private idleTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly size = Math.min(2, Math.max(1, availableParallelism() - 1)),
    private readonly idleMs = 30_000,
  ) {}

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    const slots = this.slots
    this.slots = []
    await Promise.all(slots.map((s) => s.worker.terminate()))
  }

  run(job: Record<string, unknown>, transfer: ArrayBuffer[]): Promise<Reply> {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    const slot = this.pick()
    const id = this.nextId++
    return new Promise<Reply>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject })
      slot.worker.ref()
      slot.worker.postMessage({ ...job, id }, transfer)
    }).finally(() => this.armIdle(slot))
  }

  private pick(): Slot {
    const free = this.slots.find((s) => s.pending.size === 0)
    if (free) return free
    if (this.slots.length < this.size) return this.start()
    return this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a))
  }

  private start(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    const slot: Slot = { worker, pending: new Map() }
    worker.on('message', (reply: Reply) => {
      const p = slot.pending.get(reply.id)
      if (!p) return
      slot.pending.delete(reply.id)
      p.resolve(reply)
    })
    const fail = (err: Error) => {
      this.slots = this.slots.filter((s) => s !== slot)
      for (const p of slot.pending.values()) p.reject(err)
      slot.pending.clear()
    }
    worker.on('error', (err) => fail(new VaultWorkerError(`The encryption worker failed: ${err.message}`)))
    worker.on('exit', (code) => fail(new VaultWorkerError(`The encryption worker stopped (exit ${code}).`)))
    this.slots.push(slot)
    return slot
  }

  private armIdle(slot: Slot): void {
    // Unreferenced after the listeners are attached (attaching one references the worker's port again).
    if (slot.pending.size === 0) slot.worker.unref()
    if (this.slots.some((s) => s.pending.size > 0)) return
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => void this.close(), this.idleMs)
    this.idleTimer.unref()
  }
}

let sharedPool: SealWorkerPool | null = null

function pool(): SealWorkerPool {
  sharedPool ??= new SealWorkerPool()
  return sharedPool
}

/** Stops the shared workers (at quit, or after tests); the next call starts them again. */
export async function closeVaultWorkers(): Promise<void> {
  const p = sharedPool
  sharedPool = null
  await p?.close()
}

export type WorkerOptions = SealOptions & {
  /**
   * true hands the input's memory to the worker instead of copying it (the caller's buffer is then detached and
   * reads as empty). Only when the input is a whole ArrayBuffer of its own; otherwise it is copied anyway.
   */
  transfer?: boolean
}

/** The bytes to post: the caller's own memory when it may be moved, else a copy (pooled Buffers cannot move). */
function movable(data: Uint8Array, transfer: boolean): { bytes: Uint8Array; list: ArrayBuffer[] } {
  const whole =
    transfer &&
    data.buffer instanceof ArrayBuffer &&
    data.byteOffset === 0 &&
    data.buffer.byteLength === data.length &&
    !(Buffer.isBuffer(data) && data.length < Buffer.poolSize)
  const bytes = whole ? data : new Uint8Array(data)
  return { bytes, list: [bytes.buffer as ArrayBuffer] }
}

function asBuffer(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.length)
}

/** seal() with the chunk loop in a worker thread. Same output format; the main thread only builds the header. */
export async function sealInWorker(
  key: Uint8Array,
  plaintext: Uint8Array,
  ctx: SealContext,
  options: WorkerOptions = {},
): Promise<Buffer> {
  const plan = planSeal(key, plaintext.length, ctx, options)
  const { bytes, list } = movable(plaintext, options.transfer === true)
  const reply = await pool().run(
    {
      op: 'seal',
      fileKey: plan.fileKey,
      aad: plan.aad,
      nonces: plan.nonces,
      chunkSize: plan.chunkSize,
      header: plan.header,
      input: bytes,
    },
    list,
  )
  if ('output' in reply) return asBuffer(reply.output)
  throw new VaultWorkerError(`The encryption worker failed: ${'error' in reply ? reply.error : 'no output'}`)
}

/** open() with the chunk loop in a worker thread: the same checks, the same errors, never partial plaintext. */
export async function openInWorker(
  key: Uint8Array,
  sealed: Uint8Array,
  ctx: SealContext,
  options: Pick<WorkerOptions, 'transfer'> = {},
): Promise<Buffer> {
  const plan = planOpen(key, sealed, ctx)
  const { bytes, list } = movable(sealed, options.transfer === true)
  const reply = await pool().run(
    {
      op: 'open',
      fileKey: plan.fileKey,
      aad: plan.aad,
      nonces: plan.nonces,
      chunkSize: plan.chunkSize,
      plainLength: plan.plainLength,
      input: bytes,
    },
    list,
  )
  if ('output' in reply) return asBuffer(reply.output)
  if ('failedChunk' in reply) throw tamperedChunk(ctx, reply.failedChunk, plan.nonces.length / NONCE_LENGTH)
  throw new VaultWorkerError(`The encryption worker failed: ${reply.error}`)
}

// ---------------------------------------------------------------------------------------------------------------
// Audit log records
//
// audit.jsonl stays append-only: each entry is sealed as its own record, written as one line
//   base64( version(1) | nonce(12, random) | ciphertext | tag(16) ) "\n"
// so an append is still one write of one line, and a torn last line is still recognisable. The key is
// HKDF-SHA256(dataKey, no salt, "recto/audit-line/v1"), one per case; random 96-bit nonces are safe under it for
// far more lines than a case will ever have (2^32). Associated data: version, u16 length + case id, u16 length +
// file name, u64 seq, where seq is the 0-based line number: a line moved, dropped from the middle, duplicated or
// copied from another case or file fails. Dropping the LAST lines cannot be seen from the file alone; the case's
// AuditHead (count and last hash, kept in case.json, which is sealed too) is the anchor for that (audit-log.ts).

const AUDIT_VERSION = 1
const INFO_AUDIT = Buffer.from('recto/audit-line/v1')

export type AuditContext = SealContext & { seq: number }

function auditKey(key: Uint8Array): Buffer {
  checkKey(key)
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), INFO_AUDIT, KEY_LENGTH))
}

function auditAad(ctx: AuditContext): Buffer {
  if (!Number.isSafeInteger(ctx.seq) || ctx.seq < 0)
    throw new RangeError('seq must be a non-negative integer')
  const seq = Buffer.alloc(8)
  seq.writeBigUInt64BE(BigInt(ctx.seq))
  return Buffer.concat([
    Buffer.from([AUDIT_VERSION]),
    lengthPrefixed(ctx.caseId),
    lengthPrefixed(ctx.name),
    seq,
  ])
}

/** Seals one audit entry (its JSON text, without a newline) as line `ctx.seq`; returns the line with its "\n". */
export function sealAuditLine(key: Uint8Array, line: string, ctx: AuditContext): string {
  if (line.includes('\n')) throw new RangeError('an audit entry is one line')
  const nonce = randomBytes(NONCE_LENGTH)
  const cipher = createCipheriv('aes-256-gcm', auditKey(key), nonce)
  cipher.setAAD(auditAad(ctx))
  const ct = Buffer.concat([cipher.update(line, 'utf8'), cipher.final()])
  return (
    Buffer.concat([Buffer.from([AUDIT_VERSION]), nonce, ct, cipher.getAuthTag()]).toString('base64') + '\n'
  )
}

/** Opens one line (without its "\n") sealed as line `ctx.seq`. Throws TamperedError / UnsupportedVersionError. */
export function openAuditLine(key: Uint8Array, text: string, ctx: AuditContext): string {
  return openAuditRecord(auditKey(key), text, ctx)
}

function openAuditRecord(akey: Buffer, text: string, ctx: AuditContext): string {
  const where = `Line ${ctx.seq + 1} of ${label(ctx)}`
  const record = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : null
  if (!record || record.length < 1 + NONCE_LENGTH + TAG_LENGTH)
    throw new TamperedError(`${where} is damaged or is not a sealed record.`)
  if (record[0] !== AUDIT_VERSION)
    throw new UnsupportedVersionError(`${where} was written in a format this version of Recto does not read.`)
  const decipher = createDecipheriv('aes-256-gcm', akey, record.subarray(1, 1 + NONCE_LENGTH))
  decipher.setAAD(auditAad(ctx))
  decipher.setAuthTag(record.subarray(record.length - TAG_LENGTH))
  try {
    const plain = Buffer.concat([
      decipher.update(record.subarray(1 + NONCE_LENGTH, record.length - TAG_LENGTH)),
      decipher.final(),
    ])
    return plain.toString('utf8')
  } catch {
    throw new TamperedError(`${where} has been altered, moved, or sealed with another key; it is not shown.`)
  }
}

export type OpenedAuditLog = {
  /** The entries that verified, in order, up to the first that did not. */
  lines: string[]
  /**
   * 'torn': the bytes after the last newline are not a record (a crash mid-append; the next append cuts them
   * off); 'unterminated': they are a valid record without its newline (included in `lines`).
   */
  tail: 'none' | 'torn' | 'unterminated'
  /** The first line that failed (0-based) and why; null when all verified. Nothing after it is returned. */
  broken: { index: number; error: TamperedError | UnsupportedVersionError } | null
}

/** Opens a whole sealed audit.jsonl. A broken line is reported, never skipped (it is evidence). */
export function openAuditLog(key: Uint8Array, data: Uint8Array | string, ctx: SealContext): OpenedAuditLog {
  const akey = auditKey(key)
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('latin1')
  const parts = text.split('\n')
  const last = parts.pop() ?? ''
  const lines: string[] = []
  for (let i = 0; i < parts.length; i++) {
    try {
      lines.push(openAuditRecord(akey, parts[i] ?? '', { ...ctx, seq: i }))
    } catch (err) {
      if (err instanceof TamperedError || err instanceof UnsupportedVersionError)
        return { lines, tail: 'none', broken: { index: i, error: err } }
      throw err
    }
  }
  if (last === '') return { lines, tail: 'none', broken: null }
  try {
    lines.push(openAuditRecord(akey, last, { ...ctx, seq: parts.length }))
    return { lines, tail: 'unterminated', broken: null }
  } catch {
    return { lines, tail: 'torn', broken: null }
  }
}
