import type * as FsPromises from 'node:fs/promises'
import { createHash, createHmac } from 'node:crypto'
import { appendFile, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it, vi } from 'vitest'
import {
  AUDIT_CSV_COLUMNS,
  AUDIT_FILE,
  AuditLog,
  MAX_DETAILS_BYTES,
  auditCsv,
  canonicalJson,
  chainEntry,
  hashEntry,
  headOf,
  macOf,
  newAuditFile,
  verifyAgainstHead,
  verifyChain,
} from '../../../electron/services/audit/audit-log'
import type { AuditKeyState } from '../../../electron/services/audit/audit-key'
import { needsNeutralising } from '../../../electron/services/export/neutralise'
import { GENESIS_HASH, type AuditDraft, type AuditEntry } from '../../../shared/audit'

// Records how files are opened, to see that an append does not re-read the log it already knows.
const { opened } = vi.hoisted(() => ({ opened: [] as { path: string; flags: string }[] }))
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>()
  return {
    ...actual,
    open: (...args: Parameters<typeof actual.open>) => {
      opened.push({ path: String(args[0]), flags: String(args[1] ?? 'r') })
      return actual.open(...args)
    },
  }
})

const draft = (i: number, over: Partial<AuditDraft> = {}): AuditDraft => ({
  at: new Date(Date.UTC(2026, 2, 1, 9, 0, i)).toISOString(),
  reviewer: 'Mina',
  type: 'field_edited',
  details: { key: 'name', kind: 'value', before: `V${i}`, after: `V${i + 1}` },
  ...over,
})

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = []
  for (let i = 0; i < n; i++) out.push(chainEntry(out.at(-1) ?? null, draft(i)))
  return out
}

/** An entry changed and re-hashed, as someone who knows the scheme would do it. */
function rehashed(e: Omit<AuditEntry, 'hash'>): AuditEntry {
  return { ...e, hash: hashEntry(e) }
}

async function caseDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'recto-audit-'))
}

describe('canonicalJson and hashEntry', () => {
  it('does not depend on key order, at any depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}',
    )
    const [e] = chain(1)
    const reordered = {
      hash: e!.hash,
      prevHash: e!.prevHash,
      details: { after: 'V1', before: 'V0', kind: 'value', key: 'name' },
      type: e!.type,
      reviewer: e!.reviewer,
      at: e!.at,
      seq: e!.seq,
    }
    expect(hashEntry(reordered)).toBe(e!.hash)
  })

  it('changes with every hashed member and ignores the stored hash', () => {
    const [e] = chain(1)
    const h = hashEntry(e!)
    expect(h).toMatch(/^[0-9a-f]{64}$/)
    expect(hashEntry({ ...e!, hash: 'f'.repeat(64) } as AuditEntry)).toBe(h)
    for (const change of [
      { seq: 1 },
      { at: '2026-03-01T09:00:01.000Z' },
      { reviewer: 'Mina ' },
      { type: 'field_added' as const },
      { details: { ...e!.details, after: 'V2' } },
      { prevHash: '1'.repeat(64) },
    ]) {
      expect(hashEntry({ ...e!, ...change }), JSON.stringify(change)).not.toBe(h)
    }
  })

  it('hashes a value the same before and after a round trip through JSON', () => {
    const e = chainEntry(null, draft(0, { details: { a: undefined, b: [undefined, 1], n: Number.NaN } }))
    const back = JSON.parse(JSON.stringify(e)) as AuditEntry
    expect(back.details).toEqual(e.details)
    expect(hashEntry(back)).toBe(e.hash)
  })
})

describe('chainEntry', () => {
  it('numbers entries from 0 and links each to the previous hash', () => {
    const entries = chain(3)
    expect(entries.map((e) => e.seq)).toEqual([0, 1, 2])
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH)
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash)
    expect(entries[2]!.prevHash).toBe(entries[1]!.hash)
  })

  it('refuses an invalid draft and oversized details', () => {
    expect(() => chainEntry(null, draft(0, { at: 'now' }))).toThrow()
    expect(() => chainEntry(null, { ...draft(0), type: 'nope' } as unknown as AuditDraft)).toThrow()
    expect(() => chainEntry(null, draft(0, { details: { image: 'x'.repeat(MAX_DETAILS_BYTES) } }))).toThrow(
      /over/,
    )
  })
})

describe('verifyChain', () => {
  it('verifies an intact chain of N entries, and an empty one', () => {
    expect(verifyChain(chain(20))).toEqual({ ok: true, count: 20 })
    expect(verifyChain([])).toEqual({ ok: true, count: 0 })
  })

  it('reports an entry whose details were edited (stored hash kept) at its index', () => {
    const entries = chain(6)
    entries[3] = { ...entries[3]!, details: { ...entries[3]!.details, after: 'FORGED' } }
    const v = verifyChain(entries)
    expect(v).toMatchObject({ ok: false, index: 3 })
    expect(!v.ok && v.reason).toMatch(/changed/)
  })

  it('reports an edited entry that was re-hashed at the next entry', () => {
    const entries = chain(6)
    const { hash: _h, ...rest } = entries[3]!
    entries[3] = rehashed({ ...rest, reviewer: 'Someone else' })
    expect(verifyChain(entries)).toMatchObject({ ok: false, index: 4 })
  })

  it('reports a removed middle entry at the position it was removed from', () => {
    const entries = chain(6)
    entries.splice(2, 1)
    const v = verifyChain(entries)
    expect(v).toMatchObject({ ok: false, index: 2 })
    expect(!v.ok && v.reason).toMatch(/removed/)
  })

  it('reports a removed middle entry even when the later ones were renumbered and re-hashed', () => {
    const entries = chain(6)
    entries.splice(2, 1)
    for (let i = 2; i < entries.length; i++) {
      const { hash: _h, ...rest } = entries[i]!
      entries[i] = rehashed({ ...rest, seq: i })
    }
    expect(verifyChain(entries)).toMatchObject({ ok: false, index: 2 })
  })

  it('reports two swapped entries at the first of them', () => {
    const entries = chain(6)
    ;[entries[3], entries[4]] = [entries[4]!, entries[3]!]
    expect(verifyChain(entries)).toMatchObject({ ok: false, index: 3 })
  })

  it('reports a wrong first prevHash at index 0, whether or not the entry was re-hashed', () => {
    const entries = chain(4)
    const { hash: _h, ...rest } = entries[0]!
    const forgedFirst = rehashed({ ...rest, prevHash: '1'.repeat(64) })
    const v = verifyChain([forgedFirst, ...entries.slice(1)])
    expect(v).toMatchObject({ ok: false, index: 0 })
    expect(!v.ok && v.reason).toMatch(/genesis/)
    expect(verifyChain([{ ...entries[0]!, prevHash: '1'.repeat(64) }, ...entries.slice(1)])).toMatchObject({
      ok: false,
      index: 0,
    })
  })

  it('reports a log whose first entries were removed at index 0', () => {
    expect(verifyChain(chain(5).slice(2))).toMatchObject({ ok: false, index: 0 })
  })

  it('reports an entry renumbered (and re-hashed) at its own index, even the last one', () => {
    const entries = chain(4)
    const { hash: _h, ...rest } = entries[3]!
    entries[3] = rehashed({ ...rest, seq: 7 })
    const v = verifyChain(entries)
    expect(v).toMatchObject({ ok: false, index: 3 })
    expect(!v.ok && v.reason).toMatch(/seq 7/)
  })

  it('reports something that is not an entry at its index', () => {
    const entries: unknown[] = chain(3)
    entries[1] = { seq: 1 }
    expect(verifyChain(entries as AuditEntry[])).toMatchObject({ ok: false, index: 1 })
  })

  it('does NOT detect removal of the last entries on its own (tail truncation needs an external anchor)', () => {
    const entries = chain(6)
    expect(verifyChain(entries.slice(0, 5))).toEqual({ ok: true, count: 5 })
    expect(verifyChain(entries.slice(0, 1))).toEqual({ ok: true, count: 1 })
  })
})

describe('verifyAgainstHead', () => {
  it('accepts a log that ends at its recorded head', () => {
    const entries = chain(6)
    expect(verifyAgainstHead(entries, headOf(entries))).toEqual({ ok: true, count: 6, ahead: 0 })
    expect(verifyAgainstHead([], headOf([]))).toEqual({ ok: true, count: 0, ahead: 0 })
    expect(headOf([])).toEqual({ count: 0, hash: GENESIS_HASH })
  })

  it('detects the tail truncation the chain alone cannot', () => {
    const entries = chain(6)
    const head = headOf(entries)
    const v = verifyAgainstHead(entries.slice(0, 4), head)
    expect(v).toMatchObject({ ok: false, index: 4 })
    expect(!v.ok && v.reason).toMatch(/last 2 entries were removed/)
    expect(verifyAgainstHead([], head)).toMatchObject({ ok: false, index: 0 })
  })

  it('detects a tail replaced by different entries of the same length', () => {
    const entries = chain(6)
    const head = headOf(entries)
    const replaced = entries.slice(0, 4)
    for (let i = 4; i < 6; i++)
      replaced.push(chainEntry(replaced.at(-1)!, draft(i, { reviewer: 'Someone else' })))
    expect(verifyChain(replaced).ok).toBe(true)
    expect(verifyAgainstHead(replaced, head)).toMatchObject({ ok: false, index: 5 })
  })

  it('accepts entries written after the head was saved, and counts them', () => {
    const entries = chain(6)
    expect(verifyAgainstHead(entries, headOf(entries.slice(0, 4)))).toEqual({ ok: true, count: 6, ahead: 2 })
  })

  it('reports a broken chain before looking at the head', () => {
    const entries = chain(6)
    const head = headOf(entries)
    entries.splice(1, 1)
    expect(verifyAgainstHead(entries, head)).toMatchObject({ ok: false, index: 1 })
  })
})

describe('AuditLog', () => {
  it('creates the file on the first append, with mode 0600, one JSON line per entry', async () => {
    const dir = await caseDir()
    const log = new AuditLog(dir)
    expect(await log.read()).toEqual({ entries: [], problem: null })
    const a = await log.append(
      draft(0, { type: 'imported', details: { frontFile: 'f.jpg', backFile: null } }),
    )
    const b = await log.append(draft(1))
    const text = await readFile(join(dir, AUDIT_FILE), 'utf8')
    const lines = text.split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[2]).toBe('')
    expect(JSON.parse(lines[0]!)).toEqual(a)
    expect(JSON.parse(lines[1]!)).toEqual(b)
    if (process.platform !== 'win32') expect((await stat(join(dir, AUDIT_FILE))).mode & 0o777).toBe(0o600)
    const { entries, problem } = await new AuditLog(dir).read()
    expect(problem).toBeNull()
    expect(entries).toEqual([a, b])
    expect(verifyChain(entries)).toEqual({ ok: true, count: 2 })
  })

  it('continues the chain of a log written by another instance, or by newAuditFile', async () => {
    const dir = await caseDir()
    const first = newAuditFile(draft(0, { type: 'imported', details: {} }))
    await writeFile(join(dir, AUDIT_FILE), first.text)
    const next = await new AuditLog(dir).append(draft(1))
    expect(next.seq).toBe(1)
    expect(next.prevHash).toBe(first.entry.hash)
    const again = await new AuditLog(dir).append(draft(2))
    expect(again.prevHash).toBe(next.hash)
    const { entries } = await new AuditLog(dir).read()
    expect(verifyChain(entries)).toEqual({ ok: true, count: 3 })
  })

  it('keeps the last entry in memory: appends after the first only open the file for appending', async () => {
    const dir = await caseDir()
    const path = join(dir, AUDIT_FILE)
    await writeFile(path, newAuditFile(draft(0)).text)
    const log = new AuditLog(dir)
    opened.length = 0
    await log.append(draft(1))
    expect(opened.filter((o) => o.path === path).map((o) => o.flags)).toEqual(['r+', 'a'])
    opened.length = 0
    for (let i = 2; i < 6; i++) await log.append(draft(i))
    expect(opened.filter((o) => o.path === path).map((o) => o.flags)).toEqual(['a', 'a', 'a', 'a'])
  })

  it('serialises 50 concurrent appends into one valid chain of 50', async () => {
    const dir = await caseDir()
    const logs = [new AuditLog(dir), new AuditLog(dir)]
    const appended = await Promise.all(Array.from({ length: 50 }, (_, i) => logs[i % 2]!.append(draft(i))))
    expect(new Set(appended.map((e) => e.seq)).size).toBe(50)
    const { entries, problem } = await new AuditLog(dir).read()
    expect(problem).toBeNull()
    expect(entries).toHaveLength(50)
    expect(verifyChain(entries)).toEqual({ ok: true, count: 50 })
    // In call order: each append chained onto the one before it.
    expect(entries.map((e) => e.details['after'])).toEqual(Array.from({ length: 50 }, (_, i) => `V${i + 1}`))
  })

  it('ignores a torn last line when reading, says so, and cuts it off at the next append', async () => {
    const dir = await caseDir()
    const log = new AuditLog(dir)
    for (let i = 0; i < 3; i++) await log.append(draft(i))
    const path = join(dir, AUDIT_FILE)
    const whole = await readFile(path, 'utf8')
    const torn = JSON.stringify(chainEntry(null, draft(9))).slice(0, 40)
    await appendFile(path, torn)

    const read = await log.read()
    expect(read.entries).toHaveLength(3)
    expect(read.problem).toMatch(/last line \(line 4\) is incomplete/)

    const next = await log.append(draft(3))
    expect(next.seq).toBe(3)
    const text = await readFile(path, 'utf8')
    expect(text.startsWith(whole)).toBe(true)
    expect(text).not.toContain(torn)
    expect(text.endsWith('\n')).toBe(true)
    const after = await log.read()
    expect(after.problem).toBeNull()
    expect(verifyChain(after.entries)).toEqual({ ok: true, count: 4 })
  })

  it('keeps a complete last entry that only lost its newline, and adds the newline at the next append', async () => {
    const dir = await caseDir()
    const path = join(dir, AUDIT_FILE)
    const first = newAuditFile(draft(0))
    await writeFile(path, first.text.trimEnd())
    const log = new AuditLog(dir)
    expect(await log.read()).toEqual({ entries: [first.entry], problem: null })
    await log.append(draft(1))
    const lines = (await readFile(path, 'utf8')).split('\n')
    expect(lines).toHaveLength(3)
    expect(verifyChain((await log.read()).entries)).toEqual({ ok: true, count: 2 })
  })

  it('reports a garbage line in the middle instead of hiding it, and keeps it', async () => {
    const dir = await caseDir()
    const log = new AuditLog(dir)
    await log.append(draft(0))
    await appendFile(join(dir, AUDIT_FILE), 'this is not an entry\n')
    await log.append(draft(1))
    await log.append(draft(2))
    const { entries, problem } = await log.read()
    expect(entries).toHaveLength(3)
    expect(problem).toMatch(/line 2 is not JSON/)
    expect(await readFile(join(dir, AUDIT_FILE), 'utf8')).toContain('this is not an entry\n')
    // The entries around it still chain (the garbage replaced nothing), so verifyChain alone would pass:
    // which is why read() reports it.
    expect(verifyChain(entries).ok).toBe(true)
  })

  it('reports a JSON line that is not an entry, naming the member', async () => {
    const dir = await caseDir()
    const log = new AuditLog(dir)
    await log.append(draft(0))
    await appendFile(
      join(dir, AUDIT_FILE),
      `${JSON.stringify({ ...chainEntry(null, draft(1)), hash: 'x' })}\n`,
    )
    await log.append(draft(2))
    const { problem } = await log.read()
    expect(problem).toMatch(/line 2 is not an audit entry \(hash: /)
  })

  it('re-reads a file changed behind its back instead of appending to a stale chain', async () => {
    const dir = await caseDir()
    const log = new AuditLog(dir)
    for (let i = 0; i < 3; i++) await log.append(draft(i))
    const other = chain(5)
    await writeFile(join(dir, AUDIT_FILE), other.map((e) => `${JSON.stringify(e)}\n`).join(''))
    const next = await log.append(draft(5))
    expect(next.seq).toBe(5)
    expect(next.prevHash).toBe(other[4]!.hash)
  })

  it('fails the append when the case folder does not exist', async () => {
    const dir = join(await caseDir(), 'gone')
    await expect(new AuditLog(dir).append(draft(0))).rejects.toThrow()
    // ...and the queue is not stuck after a failure.
    expect(await new AuditLog(dir).read()).toEqual({ entries: [], problem: null })
  })
})

describe('auditCsv', () => {
  const rows = (): { caseId: string; caseName: string; entry: AuditEntry }[] => {
    const a = chainEntry(
      null,
      draft(0, {
        type: 'imported',
        reviewer: '=HYPERLINK("http://evil.example","click")',
        details: { frontFile: '여권 🙂.jpg', backFile: null, contentHash: null },
      }),
    )
    const b = chainEntry(
      a,
      draft(1, {
        reviewer: '홍길동 🙂',
        details: { key: 'name', kind: 'value', before: 'A', after: '=1+1' },
      }),
    )
    const c = chainEntry(
      null,
      draft(0, { type: 'decided', details: { kind: 'approved', reason: null, note: '' } }),
    )
    return [
      { caseId: 'case-0001', caseName: 'passport.jpg', entry: a },
      { caseId: 'case-0001', caseName: 'passport.jpg', entry: b },
      { caseId: 'case-0002', caseName: '@other', entry: c },
    ]
  }

  it('writes a BOM, the header, and one CRLF-terminated, fully quoted row per event', () => {
    const csv = auditCsv(rows())
    expect(csv.startsWith('\uFEFF"case_id","case_name","seq","at"')).toBe(true)
    expect(csv.split('\r\n')).toHaveLength(5)
    expect(csv.endsWith('\r\n')).toBe(true)
    const parsed = parse(csv.slice(1)) as string[][]
    expect(parsed[0]).toEqual([...AUDIT_CSV_COLUMNS])
    expect(parsed).toHaveLength(4)
    const [, first, second, third] = parsed
    expect(first!.slice(0, 3)).toEqual(['case-0001', 'passport.jpg', '0'])
    expect(first![5]).toBe('imported')
    expect(first![6]).toBe('Imported 여권 🙂.jpg')
    expect(JSON.parse(first![7]!)).toEqual({ frontFile: '여권 🙂.jpg', backFile: null, contentHash: null })
    expect(first![8]).toBe(GENESIS_HASH)
    expect(first![9]).toBe(rows()[0]!.entry.hash)
    expect(second![2]).toBe('1')
    expect(second![6]).toBe('Field Name changed: "A" → "=1+1"')
    expect(third![0]).toBe('case-0002')
    expect(third![6]).toBe('Approved')
  })

  it('neutralises formula injection in every cell (reviewer, case name)', () => {
    const parsed = parse(auditCsv(rows()).slice(1)) as string[][]
    expect(parsed[1]![4]).toBe(`'=HYPERLINK("http://evil.example","click")`)
    expect(parsed[3]![1]).toBe(`'@other`)
    expect(parsed[2]![4]).toBe('홍길동 🙂')
    for (const row of parsed) for (const cell of row) expect(cell).not.toMatch(/^\s*[=+\-@\t\r\n\0]/)
  })

  // The export's guard (export/neutralise), not a weaker one: full-width and invisible-prefixed formulas too.
  const FORMULAS = [
    '=1+1',
    '\uFF1D1+1', // full-width =
    '\uFF0B1+1', // full-width +
    '\uFF0D1+1', // full-width -
    '\uFF20SUM(A1)', // full-width @
    '\u200B=1+1', // zero-width space, then =
    '\uFEFF=1+1', // zero-width no-break space, then =
    ' \u00A0=1+1', // spaces, then =
    '+1+1',
    '-1+1',
    '@SUM(A1)',
    '\t=1+1',
    '\r=1+1',
    '\n=1+1',
  ]

  it.each(FORMULAS)('neutralises %j as a reviewer name, a case name and a field value', (formula) => {
    const entry = chainEntry(
      null,
      draft(0, {
        reviewer: formula,
        details: { key: 'name', kind: 'value', before: formula, after: formula },
      }),
    )
    const csv = auditCsv([{ caseId: 'case-0001', caseName: formula, entry }], () => formula)
    const parsed = parse(csv.slice(1)) as string[][]
    const row = parsed[1]!
    expect(row[1]).toBe(`'${formula}`) // case_name
    expect(row[4]).toBe(`'${formula}`) // reviewer
    // The field value lands inside the description and the details JSON: neither cell may start a formula.
    expect(row[6]).toContain(formula)
    expect(JSON.parse(row[7]!)).toMatchObject({ before: formula, after: formula })
    for (const cell of row) expect(needsNeutralising(cell)).toBe(false)
  })

  it('leaves ordinary text alone', () => {
    const entry = chainEntry(null, draft(0, { reviewer: 'Mina Park' }))
    const parsed = parse(
      auditCsv([{ caseId: 'case-0001', caseName: 'a=b.jpg', entry }]).slice(1),
    ) as string[][]
    expect(parsed[1]![1]).toBe('a=b.jpg')
    expect(parsed[1]![4]).toBe('Mina Park')
  })

  it('writes only the header for no events', () => {
    expect(auditCsv([])).toBe(`\uFEFF${AUDIT_CSV_COLUMNS.map((c) => `"${c}"`).join(',')}\r\n`)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// MACs and the OS account (issue 12 items 5 and 7)

const KEY = Buffer.alloc(32, 7)
const OTHER_KEY = Buffer.alloc(32, 8)
const keyState = (key: Buffer = KEY): AuditKeyState => ({ available: true, key, protectedBy: 'os-keystore' })

function signedChain(n: number, key: Buffer = KEY, from: AuditEntry[] = []): AuditEntry[] {
  const out = [...from]
  for (let i = out.length; i < n; i++) {
    out.push(chainEntry(out.at(-1) ?? null, draft(i, { account: 'mina' }), key))
  }
  return out
}

/** Entry `at` replaced by `change`, it and every later entry re-hashed and re-linked (MACs kept as they were). */
function consistentRewrite(entries: AuditEntry[], at: number, change: Partial<AuditEntry>): AuditEntry[] {
  const out = entries.map((e) => ({ ...e }))
  out[at] = { ...out[at]!, ...change }
  for (let i = at; i < out.length; i++) {
    if (i > at) out[i]!.prevHash = out[i - 1]!.hash
    const { hash: _h, mac: _m, ...rest } = out[i]!
    out[i]!.hash = hashEntry(rest)
  }
  return out
}

describe('MACs', () => {
  it('signs each entry with HMAC-SHA256(key, hash) and verifies a signed log', () => {
    const entries = signedChain(5)
    for (const e of entries) {
      expect(e.mac).toBe(createHmac('sha256', KEY).update(e.hash).digest('hex'))
      expect(macOf(KEY, e.hash)).toBe(e.mac)
    }
    expect(verifyChain(entries, keyState())).toEqual({
      ok: true,
      count: 5,
      mac: { state: 'verified', signed: 5, unsigned: 0, keyProtectedBy: 'os-keystore' },
    })
  })

  it('detects a consistent rewrite (every later hash recomputed) by the MAC of the rewritten entry', () => {
    const entries = signedChain(6)
    const forged = consistentRewrite(entries, 3, { details: { ...entries[3]!.details, after: 'FORGED' } })
    // The SHA chain alone is fooled...
    expect(verifyChain(forged)).toEqual({ ok: true, count: 6 })
    // ...the MACs are not, and say it is a MAC, not a broken chain.
    const v = verifyChain(forged, keyState())
    expect(v).toMatchObject({ ok: false, index: 3, mac: { state: 'failed' } })
    expect(!v.ok && v.reason).toMatch(/^Entry 3's MAC is wrong/)
    expect(!v.ok && v.reason).not.toMatch(/Hash chain broken/)
    // Also through the anchor, even when the forger updated the head in the case JSON.
    expect(verifyAgainstHead(forged, headOf(forged), keyState())).toMatchObject({ ok: false, index: 3 })
  })

  it('detects a rewrite re-signed with another key, and a log checked with the wrong key', () => {
    const entries = signedChain(4)
    const resigned = signedChain(4, OTHER_KEY)
    expect(verifyChain(resigned)).toEqual({ ok: true, count: 4 })
    expect(verifyChain(resigned, keyState())).toMatchObject({ ok: false, index: 0, mac: { state: 'failed' } })
    const v = verifyChain(entries, keyState(OTHER_KEY))
    expect(v).toMatchObject({ ok: false, index: 0 })
    expect(!v.ok && v.reason).toMatch(/MAC is wrong/)
  })

  it('still reports a plain edit as a broken hash chain, not as a MAC problem', () => {
    const entries = signedChain(4)
    entries[2] = { ...entries[2]!, details: { ...entries[2]!.details, after: 'X' } }
    const v = verifyChain(entries, keyState())
    expect(v).toMatchObject({ ok: false, index: 2 })
    expect(!v.ok && v.reason).toMatch(/^Hash chain broken at entry 2: .*changed/)
  })

  it('covers the account by the hash and the MAC: changing, adding or removing it is detected', () => {
    const entries = signedChain(4)
    // Changed in place: the hash no longer matches.
    const edited = entries.map((e) => ({ ...e }))
    edited[2]!.account = 'someone'
    expect(verifyChain(edited, keyState())).toMatchObject({ ok: false, index: 2 })
    // Changed, removed, or added where there was none, and re-hashed consistently: the MAC catches it.
    for (const account of ['someone', undefined]) {
      const forged = consistentRewrite(entries, 2, { account })
      expect(verifyChain(forged).ok).toBe(true)
      expect(verifyChain(forged, keyState()), String(account)).toMatchObject({ ok: false, index: 2 })
    }
    expect(hashEntry({ ...entries[1]!, account: 'mina ' })).not.toBe(entries[1]!.hash)
  })

  it('hashes an entry without account exactly as before, so old logs still verify', () => {
    const e = chain(1)[0]!
    const { seq, at, reviewer, type, details, prevHash } = e
    const oldHash = createHash('sha256')
      .update(canonicalJson({ seq, at, reviewer, type, details, prevHash }))
      .digest('hex')
    expect(e.hash).toBe(oldHash)
    expect(e).not.toHaveProperty('account')
    expect(e).not.toHaveProperty('mac')
  })

  it('accepts unsigned old entries before the first signed one, and counts them', () => {
    const old = chain(3)
    const mixed = signedChain(5, KEY, old)
    expect(mixed.map((e) => e.mac === undefined)).toEqual([true, true, true, false, false])
    expect(verifyChain(mixed, keyState())).toEqual({
      ok: true,
      count: 5,
      mac: { state: 'verified', signed: 2, unsigned: 3, keyProtectedBy: 'os-keystore' },
    })
    expect(verifyChain(old, keyState())).toMatchObject({ ok: true, mac: { state: 'unsigned', unsigned: 3 } })
    expect(verifyAgainstHead(mixed, headOf(mixed), keyState())).toMatchObject({
      ok: true,
      ahead: 0,
      mac: { state: 'verified', unsigned: 3 },
    })
  })

  it('fails an unsigned entry after a signed one', () => {
    const entries = signedChain(5)
    const { mac: _m, ...stripped } = entries[3]!
    entries[3] = stripped
    const v = verifyChain(entries, keyState())
    expect(v).toMatchObject({ ok: false, index: 3, mac: { state: 'failed' } })
    expect(!v.ok && v.reason).toMatch(/Entry 3 has no MAC although entry 0 before it is signed/)
    // An unsigned entry appended after signed ones (as while the key is unreadable) is reported the same way.
    const appended = [...signedChain(2), chainEntry(signedChain(2)[1]!, draft(2))]
    expect(verifyChain(appended, keyState())).toMatchObject({ ok: false, index: 2 })
  })

  it('does not check MACs when the key is not available, and says so', () => {
    const entries = signedChain(3)
    const forged = consistentRewrite(entries, 1, { reviewer: 'X' })
    const unavailable: AuditKeyState = { available: false, reason: 'not here' }
    expect(verifyChain(forged, unavailable)).toEqual({
      ok: true,
      count: 3,
      mac: { state: 'unavailable', signed: 3, unsigned: 0, keyProtectedBy: null },
    })
    // The hash chain is still checked.
    entries[1] = { ...entries[1]!, reviewer: 'X' }
    expect(verifyChain(entries, unavailable)).toMatchObject({
      ok: false,
      index: 1,
      mac: { state: 'unavailable' },
    })
  })

  it('reports where a plain-file key is kept', () => {
    expect(verifyChain(signedChain(2), { available: true, key: KEY, protectedBy: 'file' })).toMatchObject({
      ok: true,
      mac: { state: 'verified', keyProtectedBy: 'file' },
    })
  })

  it('writes account and mac through AuditLog and newAuditFile, and reads them back', async () => {
    const dir = await caseDir()
    const first = newAuditFile(draft(0, { account: 'mina' }), KEY)
    await writeFile(join(dir, AUDIT_FILE), first.text)
    const log = new AuditLog(dir)
    await log.append(draft(1, { account: 'mina' }), KEY)
    await log.append(draft(2, { account: 'joon' }), KEY)
    const { entries, problem } = await log.read()
    expect(problem).toBeNull()
    expect(entries.map((e) => e.account)).toEqual(['mina', 'mina', 'joon'])
    expect(entries.every((e) => /^[0-9a-f]{64}$/.test(e.mac ?? ''))).toBe(true)
    expect(verifyChain(entries, keyState())).toMatchObject({
      ok: true,
      mac: { state: 'verified', signed: 3 },
    })
  })

  it('refuses a draft carrying its own mac (the log computes it)', () => {
    const e = chainEntry(null, { ...draft(0), mac: 'f'.repeat(64) } as AuditDraft)
    expect(e.mac).toBeUndefined()
  })

  it('puts the account and the mac in the audit CSV', () => {
    const [e] = signedChain(1)
    const parsed = parse(
      auditCsv([{ caseId: 'case-0001', caseName: 'p.jpg', entry: e! }]).slice(1),
    ) as string[][]
    expect(parsed[0]!.slice(-2)).toEqual(['account', 'mac'])
    expect(parsed[1]!.slice(-2)).toEqual(['mina', e!.mac])
    const old = chain(1)[0]!
    const parsedOld = parse(auditCsv([{ caseId: 'c', caseName: 'n', entry: old }]).slice(1)) as string[][]
    expect(parsedOld[1]!.slice(-2)).toEqual(['', ''])
  })
})
