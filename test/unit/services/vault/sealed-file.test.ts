// The sealed-file format (electron/services/store/vault/sealed-file.ts): round trips at the chunk edges and at 10 MB,
// every kind of tampering refused with a typed error and no plaintext, the worker-thread variants reading and
// writing the same format as the in-thread ones, and the per-line audit records.
import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import {
  TamperedError,
  UnsupportedVersionError,
  VaultError,
  WrongKeyError,
} from '../../../../electron/services/store/vault/errors'
import {
  HEADER_LENGTH,
  TAG_LENGTH,
  closeVaultWorkers,
  isSealed,
  open,
  openAuditLine,
  openAuditLog,
  openInWorker,
  seal,
  sealAuditLine,
  sealInWorker,
  sealedLength,
} from '../../../../electron/services/store/vault/sealed-file'

const key = randomBytes(32)
const ctx = { caseId: 'case-1', name: 'front.jpg' }

afterAll(() => closeVaultWorkers())

/** Calls fn and returns what it threw; fails the test when it returned (i.e. handed out plaintext). */
function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected a refusal, got plaintext')
}

describe('round trips', () => {
  for (const size of [0, 1, 65535, 65536, 65537, 3 * 65536, 10 * 1024 * 1024]) {
    it(`${size} bytes`, () => {
      const plain = randomBytes(size)
      const sealed = seal(key, plain, ctx)
      expect(sealed.length).toBe(sealedLength(size))
      expect(isSealed(sealed)).toBe(true)
      expect(open(key, sealed, ctx).equals(plain)).toBe(true)
    })
  }

  it('uses one chunk for 64 KiB, two for 64 KiB + 1, and a fresh salt per write', () => {
    expect(sealedLength(65536)).toBe(HEADER_LENGTH + 65536 + TAG_LENGTH)
    expect(sealedLength(65537)).toBe(HEADER_LENGTH + 65537 + 2 * TAG_LENGTH)
    const plain = Buffer.from('same content')
    const a = seal(key, plain, ctx)
    const b = seal(key, plain, ctx)
    expect(a.equals(b)).toBe(false)
    expect(a.includes(plain)).toBe(false)
  })
})

describe('tampering', () => {
  // 1 KiB chunks: five full chunks and a short last one, so every region is small enough to test byte by byte.
  const small = { chunkLog2: 10 }
  const plain = randomBytes(5 * 1024 + 100)
  const sealed = seal(key, plain, ctx, small)
  const chunk = 1024 + TAG_LENGTH
  const chunkAt = (i: number) => HEADER_LENGTH + i * chunk

  it('refuses a flipped bit in every byte of the file, header, chunks and tags alike', () => {
    for (let i = 0; i < sealed.length; i++) {
      const bad = Buffer.from(sealed)
      bad[i]! ^= 0x01
      const err = thrown(() => open(key, bad, ctx))
      expect(err, `byte ${i}`).toBeInstanceOf(VaultError)
    }
  })

  it('names the kind of damage per region', () => {
    const flip = (i: number) => {
      const bad = Buffer.from(sealed)
      bad[i]! ^= 0x80
      return thrown(() => open(key, bad, ctx))
    }
    expect(flip(0)).toBeInstanceOf(TamperedError) // magic
    expect(flip(4)).toBeInstanceOf(UnsupportedVersionError) // version
    expect(flip(6)).toBeInstanceOf(TamperedError) // reserved
    expect(flip(10)).toBeInstanceOf(WrongKeyError) // salt: another file key, the commitment no longer matches
    expect(flip(50)).toBeInstanceOf(WrongKeyError) // the commitment itself
    expect(flip(chunkAt(2) + 500)).toBeInstanceOf(TamperedError) // a middle chunk's ciphertext
    expect(flip(chunkAt(2) + 1024 + 3)).toBeInstanceOf(TamperedError) // its tag
    expect(flip(sealed.length - 1)).toBeInstanceOf(TamperedError) // the last tag
  })

  it('refuses a file cut at a chunk boundary, cut mid-chunk, or emptied after the header', () => {
    for (const end of [
      chunkAt(5),
      chunkAt(1),
      chunkAt(3) + 200,
      HEADER_LENGTH + TAG_LENGTH,
      HEADER_LENGTH,
      10,
    ]) {
      expect(
        thrown(() => open(key, sealed.subarray(0, end), ctx)),
        `cut at ${end}`,
      ).toBeInstanceOf(TamperedError)
    }
  })

  it('refuses appended data: a whole chunk copied from the file, a stray byte, a tag', () => {
    const lastFull = sealed.subarray(chunkAt(4), chunkAt(5))
    for (const extra of [lastFull, Buffer.from([0]), randomBytes(TAG_LENGTH)]) {
      expect(thrown(() => open(key, Buffer.concat([sealed, extra]), ctx))).toBeInstanceOf(TamperedError)
    }
  })

  it('refuses two chunks swapped, a chunk repeated, and a chunk from another write of the same file', () => {
    const parts = Array.from({ length: 5 }, (_, i) => sealed.subarray(chunkAt(i), chunkAt(i + 1)))
    const tail = sealed.subarray(chunkAt(5))
    const head = sealed.subarray(0, HEADER_LENGTH)
    const swapped = Buffer.concat([head, parts[0]!, parts[2]!, parts[1]!, parts[3]!, parts[4]!, tail])
    expect(thrown(() => open(key, swapped, ctx))).toBeInstanceOf(TamperedError)
    const repeated = Buffer.concat([head, parts[0]!, parts[0]!, parts[2]!, parts[3]!, parts[4]!, tail])
    expect(thrown(() => open(key, repeated, ctx))).toBeInstanceOf(TamperedError)
    const other = seal(key, plain, ctx, small)
    const spliced = Buffer.concat([
      sealed.subarray(0, chunkAt(3)),
      other.subarray(chunkAt(3), chunkAt(4)),
      sealed.subarray(chunkAt(4)),
    ])
    expect(thrown(() => open(key, spliced, ctx))).toBeInstanceOf(TamperedError)
  })

  it('refuses the file under another case id or another name (same key), and under another key', () => {
    expect(thrown(() => open(key, sealed, { ...ctx, caseId: 'case-2' }))).toBeInstanceOf(TamperedError)
    expect(thrown(() => open(key, sealed, { ...ctx, name: 'back.jpg' }))).toBeInstanceOf(TamperedError)
    const err = thrown(() => open(randomBytes(32), sealed, ctx))
    expect(err).toBeInstanceOf(WrongKeyError)
    expect((err as Error).message).toContain('front.jpg of case case-1')
  })

  it('a sealed case.json cannot pass for audit.jsonl', () => {
    const json = seal(key, Buffer.from('{"id":"case-1"}'), { caseId: 'case-1', name: 'case.json' })
    expect(thrown(() => open(key, json, { caseId: 'case-1', name: 'audit.jsonl' }))).toBeInstanceOf(
      TamperedError,
    )
  })

  it('refuses plain data that is not a sealed file', () => {
    expect(isSealed(Buffer.from('{"id":1}'))).toBe(false)
    expect(thrown(() => open(key, Buffer.alloc(200, 7), ctx))).toBeInstanceOf(TamperedError)
  })
})

describe('in a worker thread', () => {
  it('reads what the main thread wrote and the other way round, at every edge size', async () => {
    for (const size of [0, 1, 65536, 65537, 10 * 1024 * 1024]) {
      const plain = randomBytes(size)
      const inWorker = await sealInWorker(key, plain, ctx)
      expect(inWorker.length).toBe(sealedLength(size))
      expect(open(key, inWorker, ctx).equals(plain), `worker → thread ${size}`).toBe(true)
      const inThread = seal(key, plain, ctx)
      expect((await openInWorker(key, inThread, ctx)).equals(plain), `thread → worker ${size}`).toBe(true)
    }
  })

  it('refuses the same tampering, without plaintext', async () => {
    const plain = randomBytes(5000)
    const sealed = seal(key, plain, ctx, { chunkLog2: 10 })
    for (const i of [HEADER_LENGTH + 5, HEADER_LENGTH + 3 * (1024 + TAG_LENGTH) + 7, sealed.length - 1]) {
      const bad = Buffer.from(sealed)
      bad[i]! ^= 1
      await expect(openInWorker(key, bad, ctx)).rejects.toBeInstanceOf(TamperedError)
    }
    await expect(
      openInWorker(key, sealed.subarray(0, HEADER_LENGTH + 1024 + TAG_LENGTH), ctx),
    ).rejects.toBeInstanceOf(TamperedError)
    await expect(openInWorker(randomBytes(32), sealed, ctx)).rejects.toBeInstanceOf(WrongKeyError)
    await expect(openInWorker(key, sealed, { ...ctx, name: 'back.jpg' })).rejects.toBeInstanceOf(
      TamperedError,
    )
  })

  it('runs jobs side by side, copies the input by default and moves it when asked', async () => {
    const plains = Array.from({ length: 6 }, (_, i) => randomBytes(100_000 + i))
    const sealed = await Promise.all(plains.map((p) => sealInWorker(key, p, ctx)))
    const opened = await Promise.all(sealed.map((s) => openInWorker(key, s, ctx)))
    opened.forEach((o, i) => expect(o.equals(plains[i]!)).toBe(true))
    expect(plains[0]!.length).toBe(100_000)

    const own = new Uint8Array(200_000).fill(9)
    const moved = await sealInWorker(key, own, ctx, { transfer: true })
    expect(own.length).toBe(0) // detached: the worker owns that memory now
    expect(open(key, moved, ctx).equals(Buffer.alloc(200_000, 9))).toBe(true)
  })
})

describe('audit lines', () => {
  const actx = { caseId: 'case-1', name: 'audit.jsonl' }
  const entries = [
    '{"seq":0,"type":"created"}',
    '{"seq":1,"type":"field-edit"}',
    '{"seq":2,"type":"decision"}',
  ]
  const file = entries.map((e, seq) => sealAuditLine(key, e, { ...actx, seq })).join('')

  it('round trips, one base64 line per entry, each append one line', () => {
    const lines = file.split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[3]).toBe('')
    expect(file).not.toContain('created')
    expect(openAuditLog(key, file, actx)).toEqual({ lines: entries, tail: 'none', broken: null })
    expect(openAuditLog(key, Buffer.from(file), actx).lines).toEqual(entries)
    expect(openAuditLine(key, lines[1]!, { ...actx, seq: 1 })).toBe(entries[1])
    expect(openAuditLog(key, '', actx)).toEqual({ lines: [], tail: 'none', broken: null })
  })

  it('reports the first line that does not verify and returns only the lines before it', () => {
    const lines = file.split('\n').slice(0, 3)
    const flipped = [...lines]
    const bytes = Buffer.from(flipped[1]!, 'base64')
    bytes[20]! ^= 1
    flipped[1] = bytes.toString('base64')
    const a = openAuditLog(key, flipped.join('\n') + '\n', actx)
    expect(a.lines).toEqual(entries.slice(0, 1))
    expect(a.broken?.index).toBe(1)
    expect(a.broken?.error).toBeInstanceOf(TamperedError)

    const swapped = openAuditLog(key, [lines[1], lines[0], lines[2]].join('\n') + '\n', actx)
    expect(swapped.broken?.index).toBe(0)
    const dropped = openAuditLog(key, [lines[0], lines[2]].join('\n') + '\n', actx)
    expect(dropped.broken?.index).toBe(1)
    const duplicated = openAuditLog(key, [lines[0], lines[0], lines[2]].join('\n') + '\n', actx)
    expect(duplicated.broken?.index).toBe(1)
    const blank = openAuditLog(key, [lines[0], '', lines[2]].join('\n') + '\n', actx)
    expect(blank.broken?.index).toBe(1)
  })

  it('refuses lines of another case, another file, or another key', () => {
    expect(openAuditLog(key, file, { ...actx, caseId: 'case-2' }).broken?.index).toBe(0)
    expect(openAuditLog(key, file, { ...actx, name: 'settings.jsonl' }).broken?.index).toBe(0)
    expect(openAuditLog(randomBytes(32), file, actx).broken?.index).toBe(0)
    expect(() => openAuditLine(key, 'not base64!', { ...actx, seq: 0 })).toThrow(TamperedError)
  })

  it('tells a torn last append from an unterminated whole one', () => {
    const next = sealAuditLine(key, '{"seq":3}', { ...actx, seq: 3 })
    const torn = openAuditLog(key, file + next.slice(0, 20), actx)
    expect(torn).toEqual({ lines: entries, tail: 'torn', broken: null })
    const whole = openAuditLog(key, file + next.slice(0, -1), actx)
    expect(whole).toEqual({ lines: [...entries, '{"seq":3}'], tail: 'unterminated', broken: null })
  })
})
