import { createHash } from 'node:crypto'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import {
  FOLDER_DIALOG_TITLE,
  FolderPicks,
  MAX_PICKS,
  PICK_TTL_MS,
  PickedFileUnreadable,
} from '../../../electron/services/batch/folder-import'
import type { Dialogs } from '../../../electron/services/ports'
import { fixturePath } from '../../support/paths'
import { serviceHarness } from '../../support/service-harness'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

/** A temp folder "scans" holding these files: a fixture name copies the fixture, anything else is text. */
async function folderWith(files: Record<string, string>): Promise<string> {
  const base = await mkdtemp(join(tmpdir(), 'recto-folder-import-'))
  dirs.push(base)
  const root = join(base, 'scans')
  for (const [name, source] of Object.entries(files)) {
    const target = join(root, name)
    await mkdir(join(target, '..'), { recursive: true })
    if (source.endsWith('.jpg') || source.endsWith('.png')) await copyFile(fixturePath(source), target)
    else await writeFile(target, source)
  }
  return root
}

const answering = (folder: string | null) => {
  const chooseFolder = vi.fn(async (_: { title: string }) => folder)
  const dialogs: Dialogs = {
    chooseSavePath: async () => null,
    chooseFolder,
    confirm: async () => true,
  }
  return { dialogs, chooseFolder }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('FolderPicks.choose', () => {
  it('lists the image files by relative name and the folder by its own name, never a full path', async () => {
    const root = await folderWith({
      'id_front.jpg': 'd02-ita-id-front.jpg',
      'id_back.jpg': 'd02-ita-id-back.jpg',
      'alice/passport.jpg': 'd01-utopia-passport-front.jpg',
      'notes.txt': 'not a scan',
      '.hidden.jpg': 'd01-utopia-passport-front.jpg',
    })
    const { dialogs, chooseFolder } = answering(root)
    const pick = (await new FolderPicks().choose(dialogs))!
    expect(chooseFolder).toHaveBeenCalledWith({ title: FOLDER_DIALOG_TITLE })
    expect(FOLDER_DIALOG_TITLE).toBe('Import a folder of scans')
    expect(pick.token).toMatch(/^[0-9a-f-]{36}$/)
    expect(pick.folder).toBe('scans')
    expect(pick.files.map((f) => f.name)).toEqual(['alice/passport.jpg', 'id_back.jpg', 'id_front.jpg'])
    expect(pick.files[1]!.size).toBe((await readFile(fixturePath('d02-ita-id-back.jpg'))).byteLength)
    expect(pick.skipped).toBe(1)
    expect(pick.skippedSamples).toEqual([{ name: 'notes.txt', reason: 'not an image file' }])
    expect(pick.truncated).toBe(false)
    expect(JSON.stringify(pick)).not.toContain(root)
  })

  it('says when the folder held more image files than are listed, and counts every skipped entry', async () => {
    const files: Record<string, string> = {}
    for (let i = 1; i <= 8; i += 1) files[`note-${i}.txt`] = 'x'
    for (let i = 1; i <= 3; i += 1) files[`scan-${i}.jpg`] = 'd01-utopia-passport-front.jpg'
    const root = await folderWith(files)
    const pick = (await new FolderPicks({ list: { maxFiles: 2 } }).choose(answering(root).dialogs))!
    expect(pick.files.map((f) => f.name)).toEqual(['scan-1.jpg', 'scan-2.jpg'])
    expect(pick.truncated).toBe(true)
    expect(pick.skipped).toBe(8)
    expect(pick.skippedSamples).toHaveLength(5)
  })

  it('returns null and keeps nothing when the dialog is cancelled', async () => {
    const picks = new FolderPicks()
    expect(await picks.choose(answering(null).dialogs)).toBeNull()
    expect(picks.size).toBe(0)
  })
})

describe('FolderPicks.read', () => {
  it('reads a listed file by its name, nested ones included', async () => {
    const root = await folderWith({
      'a.jpg': 'd01-utopia-passport-front.jpg',
      'sub/b.png': 'd03-can-dl-front.png',
    })
    const picks = new FolderPicks()
    const pick = (await picks.choose(answering(root).dialogs))!
    const a = await picks.read(pick.token, 'a.jpg')
    expect(a.name).toBe('a.jpg')
    expect(Buffer.from(a.bytes).equals(await readFile(fixturePath('d01-utopia-passport-front.jpg')))).toBe(
      true,
    )
    const b = await picks.read(pick.token, 'sub/b.png')
    expect(Buffer.from(b.bytes).equals(await readFile(fixturePath('d03-can-dl-front.png')))).toBe(true)
  })

  it('refuses any name the pick did not list: other files, hidden ones, paths out of the folder', async () => {
    const root = await folderWith({
      'a.jpg': 'd01-utopia-passport-front.jpg',
      'notes.txt': 'secret',
      '.hidden.jpg': 'd01-utopia-passport-front.jpg',
    })
    await writeFile(join(root, '..', 'outside.jpg'), 'outside')
    const picks = new FolderPicks()
    const { token } = (await picks.choose(answering(root).dialogs))!
    for (const name of [
      'notes.txt',
      '.hidden.jpg',
      '../outside.jpg',
      'sub/../../outside.jpg',
      join(root, 'a.jpg'),
      'A.JPG',
      './a.jpg',
    ]) {
      await expect(picks.read(token, name), name).rejects.toThrow(
        /is not one of the files listed in the folder scans/,
      )
    }
  })

  it('refuses an unknown token', async () => {
    await expect(new FolderPicks().read('0f8e2a44-1b2c-4d5e-8f90-123456789abc', 'a.jpg')).rejects.toThrow(
      /no longer open for import: choose it again/,
    )
  })

  it('reports a file removed since the pick, or larger than the limit, as that file unreadable', async () => {
    const root = await folderWith({
      'a.jpg': 'd01-utopia-passport-front.jpg',
      'b.jpg': 'd02-ita-id-front.jpg',
    })
    const picks = new FolderPicks()
    const { token } = (await picks.choose(answering(root).dialogs))!
    await rm(join(root, 'a.jpg'))
    const gone = await picks.read(token, 'a.jpg').catch((e: unknown) => e)
    expect(gone).toBeInstanceOf(PickedFileUnreadable)
    expect((gone as Error).message).toBe('a.jpg: the file is no longer in the folder')
    const big = await picks.read(token, 'b.jpg', 1024).catch((e: unknown) => e)
    expect(big).toBeInstanceOf(PickedFileUnreadable)
    expect((big as Error).message).toMatch(/^b\.jpg: the file is [\d.]+ KB; the limit is 1 KB \(Settings\)$/)
  })

  it('forgets a pick an hour after it was made', async () => {
    const root = await folderWith({ 'a.jpg': 'd01-utopia-passport-front.jpg' })
    let clock = 1_000_000
    const picks = new FolderPicks({ now: () => clock })
    const { token } = (await picks.choose(answering(root).dialogs))!
    clock += PICK_TTL_MS - 1
    await expect(picks.read(token, 'a.jpg')).resolves.toMatchObject({ name: 'a.jpg' })
    clock += 1
    await expect(picks.read(token, 'a.jpg')).rejects.toThrow(/no longer open for import/)
    expect(picks.size).toBe(0)
  })

  it(`keeps at most ${MAX_PICKS} picks, dropping the oldest`, async () => {
    const root = await folderWith({ 'a.jpg': 'd01-utopia-passport-front.jpg' })
    let clock = 0
    const picks = new FolderPicks({ now: () => (clock += 1) })
    const tokens: string[] = []
    for (let i = 0; i <= MAX_PICKS; i += 1) tokens.push((await picks.choose(answering(root).dialogs))!.token)
    expect(picks.size).toBe(MAX_PICKS)
    await expect(picks.read(tokens[0]!, 'a.jpg')).rejects.toThrow(/no longer open for import/)
    await expect(picks.read(tokens[1]!, 'a.jpg')).resolves.toMatchObject({ name: 'a.jpg' })
    await expect(picks.read(tokens[MAX_PICKS]!, 'a.jpg')).resolves.toMatchObject({ name: 'a.jpg' })
  })
})

describe('ReviewService: importing from a folder pick', () => {
  it('imports front and back by name through the same path as importScans', async () => {
    const root = await folderWith({
      'id_front.jpg': 'd02-ita-id-front.jpg',
      'id_back.jpg': 'd02-ita-id-back.jpg',
    })
    const h = await serviceHarness({}, { folder: root })
    const pick = (await h.service.chooseImportFolder())!
    expect(pick.files.map((f) => f.name)).toEqual(['id_back.jpg', 'id_front.jpg'])
    const result = await h.service.importPicked(pick.token, 'id_front.jpg', 'id_back.jpg')
    expect(result).toMatchObject({ errors: [], duplicates: [] })
    expect(result.case).toMatchObject({ name: 'id_front.jpg', hasBack: true, status: 'new' })
    const c = await h.service.getCase(result.case!.id)
    expect(c.front.originalName).toBe('id_front.jpg')
    expect(c.back!.originalName).toBe('id_back.jpg')
    expect(c.contentHash).toEqual({
      front: sha256(await readFile(fixturePath('d02-ita-id-front.jpg'))),
      back: sha256(await readFile(fixturePath('d02-ita-id-back.jpg'))),
    })
    const audit = await h.service.getAudit(c.id)
    expect(audit.entries.map((e) => e.type)).toEqual(['imported'])
    expect(h.events.map((e) => e.event)).toContain('casesChanged')
  })

  it('returns null when the folder dialog is cancelled', async () => {
    const h = await serviceHarness({}, { folder: null })
    expect(await h.service.chooseImportFolder()).toBeNull()
  })

  it('refuses a name outside the pick, and the same file as both sides, creating no case', async () => {
    const root = await folderWith({ 'a.jpg': 'd01-utopia-passport-front.jpg', 'notes.txt': 'x' })
    await writeFile(join(root, '..', 'secret.jpg'), 'x')
    const h = await serviceHarness({}, { folder: root })
    const { token } = (await h.service.chooseImportFolder())!
    await expect(h.service.importPicked(token, '../secret.jpg', null)).rejects.toThrow(/not one of the files/)
    await expect(h.service.importPicked(token, 'a.jpg', 'notes.txt')).rejects.toThrow(/not one of the files/)
    await expect(h.service.importPicked(token, 'a.jpg', 'a.jpg')).rejects.toThrow(
      /both the front and the back/,
    )
    expect(await h.service.listCases()).toEqual([])
  })

  it('reports a file that cannot be read or is not an image for that file, and imports nothing', async () => {
    const root = await folderWith({ 'a.jpg': 'd01-utopia-passport-front.jpg', 'b.jpg': 'text, not a JPEG' })
    const h = await serviceHarness({}, { folder: root })
    const { token } = (await h.service.chooseImportFolder())!
    const notImage = await h.service.importPicked(token, 'a.jpg', 'b.jpg')
    expect(notImage.case).toBeNull()
    expect(notImage.errors[0]!.message).toMatch(/^b\.jpg: not an image/)
    expect(notImage.errors.at(-1)!.message).toMatch(/Nothing was imported/)
    await rm(join(root, 'a.jpg'))
    const gone = await h.service.importPicked(token, 'a.jpg', null)
    expect(gone).toEqual({
      case: null,
      errors: [{ file: 'a.jpg', message: 'a.jpg: the file is no longer in the folder' }],
      duplicates: [],
    })
    expect(await h.service.listCases()).toEqual([])
  })
})

describe('ReviewService: duplicates', () => {
  it('imports the same content again, naming the cases that already have it', async () => {
    const h = await serviceHarness({})
    const first = await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])
    expect(first.duplicates).toEqual([])
    const again = await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])
    expect(again.case).not.toBeNull()
    expect(again.duplicates).toEqual([{ caseId: first.case!.id, name: 'd01-utopia-passport-front.jpg' }])
    // Renamed, it is still the same content; both earlier cases are named.
    const bytes = (await h.file('d01-utopia-passport-front.jpg')).bytes
    const renamed = await h.service.importScans([{ name: 'copy.jpg', bytes }])
    expect(renamed.duplicates.map((d) => d.caseId).sort()).toEqual([first.case!.id, again.case!.id].sort())
    expect(await h.service.listCases()).toHaveLength(3)
  })

  it('matches either side against either side, and not a different scan', async () => {
    const h = await serviceHarness({})
    const pair = await h.service.importScans([
      await h.file('d02-ita-id-front.jpg'),
      await h.file('d02-ita-id-back.jpg'),
    ])
    const other = await h.service.importScans([await h.file('d03-can-dl-front.png')])
    expect(other.duplicates).toEqual([])
    // The old back is now a front: still a duplicate of the pair.
    const backAsFront = await h.service.importScans([await h.file('d02-ita-id-back.jpg')])
    expect(backAsFront.duplicates).toEqual([{ caseId: pair.case!.id, name: 'd02-ita-id-front.jpg' }])
    // A new front with a known back.
    const knownBack = await h.service.importScans([
      await h.file('d04-jpn-residence-front.jpg'),
      await h.file('d03-can-dl-front.png'),
    ])
    expect(knownBack.duplicates).toEqual([{ caseId: other.case!.id, name: 'd03-can-dl-front.png' }])
  })

  it('sees a duplicate within one folder import: the second copy finds the case the first one made', async () => {
    const root = await folderWith({
      'monday/scan.jpg': 'd01-utopia-passport-front.jpg',
      'tuesday/scan.jpg': 'd01-utopia-passport-front.jpg',
    })
    const h = await serviceHarness({}, { folder: root })
    const { token, files } = (await h.service.chooseImportFolder())!
    const results = []
    for (const f of files) results.push(await h.service.importPicked(token, f.name, null))
    expect(results[0]!.duplicates).toEqual([])
    expect(results[1]!.duplicates).toEqual([{ caseId: results[0]!.case!.id, name: 'monday/scan.jpg' }])
    expect(h.logs.join('\n')).toContain(`(same content as ${results[0]!.case!.id})`)
  })
})
