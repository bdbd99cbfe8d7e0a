// Per-case data keys (electron/services/store/vault/keys.ts): wrapped by the vault key and bound to their case, written
// once and never replaced, a missing or damaged key.json reported for that case while the others load, and
// crypto-shredding removing the key for good.
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  KeyExistsError,
  MissingKeyError,
  TamperedError,
  UnsupportedVersionError,
} from '../../../../electron/services/store/vault/errors'
import {
  KEY_FILE,
  createCaseKey,
  destroyCaseKey,
  loadCaseKeys,
  readCaseKey,
  unwrapDataKey,
  wrapDataKey,
} from '../../../../electron/services/store/vault/keys'
import { open, seal } from '../../../../electron/services/store/vault/sealed-file'

const vaultKey = randomBytes(32)

async function caseDir(root: string, id: string): Promise<string> {
  const dir = join(root, id)
  await mkdir(dir, { recursive: true })
  return dir
}

describe('wrapping', () => {
  it('round trips, and the wrap is neither the key nor the same twice', () => {
    const dataKey = randomBytes(32)
    const a = wrapDataKey(vaultKey, dataKey, 'case-1')
    const b = wrapDataKey(vaultKey, dataKey, 'case-1')
    expect(Object.keys(a).sort()).toEqual(['version', 'wrapped'])
    expect(a.wrapped).not.toBe(b.wrapped)
    expect(Buffer.from(a.wrapped, 'base64').includes(dataKey)).toBe(false)
    expect(unwrapDataKey(vaultKey, a, 'case-1').equals(dataKey)).toBe(true)
  })

  it('refuses another case id, another vault key, an altered wrap, a damaged or newer file', () => {
    const file = wrapDataKey(vaultKey, randomBytes(32), 'case-1')
    expect(() => unwrapDataKey(vaultKey, file, 'case-2')).toThrow(TamperedError)
    expect(() => unwrapDataKey(randomBytes(32), file, 'case-1')).toThrow(TamperedError)
    const raw = Buffer.from(file.wrapped, 'base64')
    raw[20]! ^= 1
    expect(() => unwrapDataKey(vaultKey, { ...file, wrapped: raw.toString('base64') }, 'case-1')).toThrow(
      TamperedError,
    )
    expect(() => unwrapDataKey(vaultKey, { version: 1 }, 'case-1')).toThrow(TamperedError)
    expect(() => unwrapDataKey(vaultKey, { ...file, extra: 'x' }, 'case-1')).toThrow(TamperedError)
    expect(() => unwrapDataKey(vaultKey, { ...file, version: 2 }, 'case-1')).toThrow(UnsupportedVersionError)
  })
})

describe('key.json', () => {
  it('is written once, 0600, holding only the version and the wrap', async () => {
    const root = await mkdtemp(join(tmpdir(), 'recto-keys-'))
    const dir = await caseDir(root, 'case-1')
    const dataKey = await createCaseKey(dir, vaultKey, 'case-1')
    const text = await readFile(join(dir, KEY_FILE), 'utf8')
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(['version', 'wrapped'])
    expect(text).not.toContain('case-1')
    if (process.platform !== 'win32') expect((await stat(join(dir, KEY_FILE))).mode & 0o777).toBe(0o600)
    expect((await readCaseKey(dir, vaultKey, 'case-1')).equals(dataKey)).toBe(true)

    await expect(createCaseKey(dir, vaultKey, 'case-1')).rejects.toBeInstanceOf(KeyExistsError)
    expect(await readFile(join(dir, KEY_FILE), 'utf8')).toBe(text)
    expect(await readdir(dir)).toEqual([KEY_FILE]) // no temp file left behind
  })

  it('reports a missing, damaged or foreign key for that case and loads the others', async () => {
    const root = await mkdtemp(join(tmpdir(), 'recto-keys-'))
    const ids = ['ok-1', 'missing', 'garbled', 'foreign', 'ok-2']
    const dirs = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await caseDir(root, id)])))
    const keys: Record<string, Buffer> = {}
    for (const id of ['ok-1', 'garbled', 'ok-2']) keys[id] = await createCaseKey(dirs[id], vaultKey, id)
    await writeFile(join(dirs.garbled, KEY_FILE), '{"version":1,"wrapped":"AAAA"')
    // ok-1's key.json copied into another case's folder
    await writeFile(join(dirs.foreign, KEY_FILE), await readFile(join(dirs['ok-1'], KEY_FILE)))

    const { keys: loaded, failures } = await loadCaseKeys(
      vaultKey,
      ids.map((caseId) => ({ caseId, dir: dirs[caseId] })),
    )
    expect([...loaded.keys()].sort()).toEqual(['ok-1', 'ok-2'])
    expect(loaded.get('ok-2')!.equals(keys['ok-2']!)).toBe(true)
    expect(failures.map((f) => [f.caseId, f.error.constructor])).toEqual([
      ['missing', MissingKeyError],
      ['garbled', TamperedError],
      ['foreign', TamperedError],
    ])
    expect(failures[0]!.error.message).toContain('missing')
  })

  it('destroy overwrites and removes the key: the case files cannot be opened any more', async () => {
    const root = await mkdtemp(join(tmpdir(), 'recto-keys-'))
    const dir = await caseDir(root, 'case-1')
    const dataKey = await createCaseKey(dir, vaultKey, 'case-1')
    const sealed = seal(dataKey, Buffer.from('{"id":"case-1"}'), { caseId: 'case-1', name: 'case.json' })
    expect(await destroyCaseKey(dir)).toBe(true)
    expect(await readdir(dir)).toEqual([])
    await expect(readCaseKey(dir, vaultKey, 'case-1')).rejects.toBeInstanceOf(MissingKeyError)
    expect(await destroyCaseKey(dir)).toBe(false)
    // Only the key that was destroyed opens it; a new key for the same case does not.
    const fresh = await createCaseKey(dir, vaultKey, 'case-1')
    expect(() => open(fresh, sealed, { caseId: 'case-1', name: 'case.json' })).toThrow()
  })
})
