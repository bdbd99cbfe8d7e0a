// listImageFiles on real temp folders. readdir is wrapped so that one folder name can be made unreadable even when
// the tests run as root (where chmod 000 does not stop reading).
import type * as FsPromises from 'node:fs/promises'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  IMAGE_EXTENSIONS,
  MAX_SKIPPED_LISTED,
  NOT_AN_IMAGE,
  isImageFileName,
  listImageFiles,
} from '../../../electron/services/batch/folder-scan'
import { pairScans } from '../../../shared/pairing'

const UNREADABLE = 'no-access'

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>()
  return {
    ...real,
    readdir: ((p: string, opts: unknown) => {
      if (String(p).endsWith(`${sep}${UNREADABLE}`)) {
        const err = Object.assign(new Error(`EACCES: permission denied, scandir '${p}'`), { code: 'EACCES' })
        return Promise.reject(err)
      }
      return (real.readdir as (p: string, o: unknown) => Promise<unknown>)(p, opts)
    }) as typeof real.readdir,
  }
})

let base: string
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'recto-folder-scan-'))
})
afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

let counter = 0
/** A fresh folder holding `tree` (path → content); directories are created as needed. */
async function makeTree(tree: Record<string, string>): Promise<string> {
  const root = join(base, `t${(counter += 1)}`)
  await mkdir(root, { recursive: true })
  for (const [rel, content] of Object.entries(tree)) {
    const full = join(root, ...rel.split('/'))
    await mkdir(join(full, '..'), { recursive: true })
    await writeFile(full, content)
  }
  return root
}

const namesOf = (r: { files: { name: string }[] }) => r.files.map((f) => f.name)

describe('listImageFiles', () => {
  it('walks nested folders, naming files relative to the chosen folder with /', async () => {
    const root = await makeTree({
      'top.jpg': 'x',
      'alice/id_front.jpg': 'xx',
      'alice/id_back.PNG': 'xxx',
      'bob/scans/2024/card.tiff': 'y',
    })
    const r = await listImageFiles([root])
    expect(namesOf(r)).toEqual([
      'alice/id_back.PNG',
      'alice/id_front.jpg',
      'bob/scans/2024/card.tiff',
      'top.jpg',
    ])
    const front = r.files.find((f) => f.name === 'alice/id_front.jpg')!
    expect(front).toEqual({ path: join(root, 'alice', 'id_front.jpg'), name: 'alice/id_front.jpg', size: 2 })
    expect(r.skipped).toEqual([])
    expect(r.truncated).toBe(false)
  })

  it('lists the names pairScans pairs within each folder', async () => {
    const root = await makeTree({
      'a/x_front.jpg': '1',
      'a/x_back.jpg': '1',
      'b/x_front.jpg': '1',
      'x_back.jpg': '1',
    })
    const { documents } = pairScans((await listImageFiles([root])).files)
    expect(documents.map((d) => [d.front.name, d.back?.name ?? null])).toEqual([
      ['a/x_front.jpg', 'a/x_back.jpg'],
      ['b/x_front.jpg', null],
      ['x_back.jpg', null],
    ])
  })

  it('skips hidden files and folders without listing them as skipped', async () => {
    const root = await makeTree({
      'seen.jpg': '1',
      '.hidden.jpg': '1',
      '.thumbnails/a.jpg': '1',
      'sub/.DS_Store': '1',
      'sub/ok.png': '1',
      'Thumbs.db': '1',
    })
    const r = await listImageFiles([root])
    expect(namesOf(r)).toEqual(['seen.jpg', 'sub/ok.png'])
    expect(r.skipped).toEqual([])
  })

  it('skips files that are not images, with the reason, whatever the case of the extension', async () => {
    const root = await makeTree({
      'notes.txt': 'n',
      'scan.pdf': 'p',
      README: 'r',
      'a.JPEG': '1',
      'b.Tif': '1',
      'c.heic': '1',
      jpg: 'no extension',
    })
    const r = await listImageFiles([root])
    expect(namesOf(r)).toEqual(['a.JPEG', 'b.Tif', 'c.heic'])
    expect(r.skipped).toEqual(
      ['jpg', 'notes.txt', 'README', 'scan.pdf'].map((n) => ({ path: join(root, n), reason: NOT_AN_IMAGE })),
    )
  })

  it('knows the extension of every readable format', () => {
    for (const ext of ['jpg', 'jpeg', 'png', 'webp', 'tif', 'tiff', 'gif', 'bmp', 'avif', 'heic', 'heif']) {
      expect(IMAGE_EXTENSIONS.has(ext), ext).toBe(true)
      expect(isImageFileName(`scan.${ext.toUpperCase()}`), ext).toBe(true)
    }
    for (const name of [
      'scan.svg',
      'scan.pdf',
      'scan.jp2',
      'scan.jxl',
      'scan.psd',
      'scan.ico',
      'jpg',
      'scan.jpg.txt',
    ])
      expect(isImageFileName(name), name).toBe(false)
  })

  it('caps the skipped list and counts the rest', async () => {
    const tree: Record<string, string> = { 'one.jpg': '1' }
    for (let i = 0; i < MAX_SKIPPED_LISTED + 35; i += 1) tree[`doc${i}.txt`] = ''
    const r = await listImageFiles([await makeTree(tree)])
    expect(namesOf(r)).toEqual(['one.jpg'])
    expect(r.skipped).toHaveLength(MAX_SKIPPED_LISTED)
    expect(r.moreSkipped).toBe(35)
  })

  it('stops at maxDepth folders below the chosen folder and says so', async () => {
    const root = await makeTree({
      'd0.jpg': '1',
      'a/d1.jpg': '1',
      'a/b/d2.jpg': '1',
      'a/b/c/d3.jpg': '1',
    })
    expect(namesOf(await listImageFiles([root], { maxDepth: 2 }))).toEqual([
      'a/b/d2.jpg',
      'a/d1.jpg',
      'd0.jpg',
    ])
    const shallow = await listImageFiles([root], { maxDepth: 0 })
    expect(namesOf(shallow)).toEqual(['d0.jpg'])
    expect(shallow.skipped).toEqual([{ path: join(root, 'a'), reason: 'more than 0 folders deep' }])
    expect(namesOf(await listImageFiles([root]))).toHaveLength(4)
  })

  it('stops at maxFiles and reports the listing as truncated', async () => {
    const tree: Record<string, string> = {}
    for (let i = 1; i <= 12; i += 1) tree[`p${i}.jpg`] = '1'
    const root = await makeTree(tree)
    const r = await listImageFiles([root], { maxFiles: 5 })
    expect(r.truncated).toBe(true)
    expect(namesOf(r)).toEqual(['p1.jpg', 'p2.jpg', 'p3.jpg', 'p4.jpg', 'p5.jpg'])
    const exact = await listImageFiles([root], { maxFiles: 12 })
    expect(exact.truncated).toBe(false)
    expect(exact.files).toHaveLength(12)
  })

  it('sorts naturally: page2 before page10, across folders too', async () => {
    const root = await makeTree({
      'page10.jpg': '1',
      'page2.jpg': '1',
      'page1.jpg': '1',
      'vol10/a.jpg': '1',
      'vol9/a.jpg': '1',
    })
    expect(namesOf(await listImageFiles([root]))).toEqual([
      'page1.jpg',
      'page2.jpg',
      'page10.jpg',
      'vol9/a.jpg',
      'vol10/a.jpg',
    ])
  })

  it('does not follow a link that leads out of the chosen folder', async () => {
    const outside = await makeTree({ 'secret.jpg': '1', 'dir/other.jpg': '1' })
    const root = await makeTree({ 'mine.jpg': '1', 'sub/ok.jpg': '1' })
    await symlink(join(outside, 'secret.jpg'), join(root, 'leak.jpg'))
    await symlink(join(outside, 'dir'), join(root, 'leakdir'))
    const r = await listImageFiles([root])
    expect(namesOf(r)).toEqual(['mine.jpg', 'sub/ok.jpg'])
    expect(r.skipped).toEqual([
      { path: join(root, 'leak.jpg'), reason: 'a link to outside the chosen folder' },
      { path: join(root, 'leakdir'), reason: 'a link to outside the chosen folder' },
    ])
  })

  it('lists a file reached through a link inside the chosen folder once, by its real place', async () => {
    const root = await makeTree({ 'real/a.jpg': '1', 'zdir/z.jpg': '1' })
    await symlink(join(root, 'real', 'a.jpg'), join(root, 'alias.jpg'))
    // "alink" is walked before "zdir", the folder it leads to.
    await symlink(join(root, 'zdir'), join(root, 'alink'))
    const r = await listImageFiles([root])
    expect(namesOf(r)).toEqual(['real/a.jpg', 'zdir/z.jpg'])
    expect(r.files.map((f) => f.path)).toEqual([join(root, 'real', 'a.jpg'), join(root, 'zdir', 'z.jpg')])
    expect(r.skipped).toEqual([
      { path: join(root, 'alias.jpg'), reason: 'a link to a file already listed' },
      { path: join(root, 'alink', 'z.jpg'), reason: 'a link to a file already listed' },
    ])
  })

  it('does not walk a link back to an ancestor folder again', async () => {
    const root = await makeTree({ 'sub/a.jpg': '1' })
    await symlink(root, join(root, 'sub', 'loop'))
    await symlink(join(root, 'sub'), join(root, 'sub', 'self'))
    const r = await listImageFiles([root], { maxDepth: 50 })
    expect(namesOf(r)).toEqual(['sub/a.jpg'])
    expect(r.skipped).toEqual([
      { path: join(root, 'sub', 'loop'), reason: 'a link to a folder already listed' },
      { path: join(root, 'sub', 'self'), reason: 'a link to a folder already listed' },
    ])
  })

  it('reports a broken link as skipped', async () => {
    const root = await makeTree({ 'a.jpg': '1' })
    await symlink(join(root, 'gone.jpg'), join(root, 'b.jpg'))
    const r = await listImageFiles([root])
    expect(namesOf(r)).toEqual(['a.jpg'])
    expect(r.skipped).toEqual([{ path: join(root, 'b.jpg'), reason: 'a broken link (not found (ENOENT))' }])
  })

  it('lists a file given directly by its name, and refuses a non-image one', async () => {
    const root = await makeTree({ 'deep/id_front.jpg': '123', 'deep/id_back.jpg': '1', 'deep/doc.txt': '' })
    const r = await listImageFiles([
      join(root, 'deep', 'id_back.jpg'),
      join(root, 'deep', 'id_front.jpg'),
      join(root, 'deep', 'doc.txt'),
    ])
    expect(r.files).toEqual([
      { path: join(root, 'deep', 'id_back.jpg'), name: 'id_back.jpg', size: 1 },
      { path: join(root, 'deep', 'id_front.jpg'), name: 'id_front.jpg', size: 3 },
    ])
    expect(r.skipped).toEqual([{ path: join(root, 'deep', 'doc.txt'), reason: NOT_AN_IMAGE }])
  })

  it("prefixes each folder's names with its own name when several paths are chosen", async () => {
    const one = await makeTree({ 'scans/x_front.jpg': '1' })
    const two = await makeTree({ 'scans/x_back.jpg': '1', 'other/y.jpg': '1' })
    const loose = await makeTree({ 'x_back.jpg': '1' })
    const r = await listImageFiles([
      join(one, 'scans'),
      join(two, 'scans'),
      join(two, 'other'),
      join(loose, 'x_back.jpg'),
    ])
    expect(namesOf(r)).toEqual(['other/y.jpg', 'scans (2)/x_back.jpg', 'scans/x_front.jpg', 'x_back.jpg'])
    // So the front of one folder is never paired with the back of another.
    expect(pairScans(r.files).documents.every((d) => d.back === null)).toBe(true)
  })

  it('lists a file chosen twice (directly and through its folder) once', async () => {
    const root = await makeTree({ 'a.jpg': '1' })
    const r = await listImageFiles([root, join(root, 'a.jpg')])
    expect(r.files).toHaveLength(1)
    expect(r.skipped).toEqual([{ path: join(root, 'a.jpg'), reason: 'already listed' }])
  })

  it('reports unreadable and missing paths with the OS reason instead of throwing', async () => {
    const root = await makeTree({ 'a.jpg': '1', [`${UNREADABLE}/b.jpg`]: '1' })
    const r = await listImageFiles([root, join(base, 'does-not-exist')])
    expect(namesOf(r)).toEqual([`${root.split(sep).pop()}/a.jpg`])
    expect(r.skipped).toEqual([
      { path: join(root, UNREADABLE), reason: 'permission denied (EACCES)' },
      { path: join(base, 'does-not-exist'), reason: 'not found (ENOENT)' },
    ])
    const alone = await listImageFiles([join(root, UNREADABLE)])
    expect(alone).toEqual({
      files: [],
      skipped: [{ path: join(root, UNREADABLE), reason: 'permission denied (EACCES)' }],
      moreSkipped: 0,
      truncated: false,
    })
  })

  it('refuses limits that are not whole numbers', async () => {
    await expect(listImageFiles([base], { maxFiles: -1 })).rejects.toThrow(RangeError)
    await expect(listImageFiles([base], { maxDepth: 1.5 })).rejects.toThrow(RangeError)
  })
})
