import { describe, expect, it, vi } from 'vitest'
import { IMAGE_EXTENSIONS as MAIN_IMAGE_EXTENSIONS } from '../../../electron/services/batch/folder-scan'
import { MAX_IMPORT_BYTES, type ImportResult } from '../../../shared/ipc'
import type { CaseSummary } from '../../../shared/model'
import { collectDrop, MAX_DROP_DEPTH, type DroppedItem } from '../../../renderer/src/queue/dropFiles'
import {
  batchMessages,
  draftImport,
  draftSummary,
  duplicateLines,
  IMAGE_EXTENSIONS,
  isImageName,
  needsDialog,
  orderDocument,
  sizeProblem,
  skippedText,
  type DocOutcome,
} from '../../../renderer/src/queue/importPlan'
import {
  importFromFiles,
  importFromPick,
  runImports,
  type ImportEntry,
} from '../../../renderer/src/queue/importRunner'

const named = (...names: string[]) => names.map((name) => ({ name, size: 10 }))
const entry = (name: string, content = 'x', size?: number): ImportEntry => {
  const file = new Blob([content])
  return { name, size: size ?? file.size, file }
}
const summary = (id: string, name: string) => ({ id, name }) as CaseSummary
const ok = (id: string, name: string, duplicates: ImportResult['duplicates'] = []): ImportResult => ({
  case: summary(id, name),
  errors: [],
  duplicates,
})

describe('one or two files', () => {
  it('keep the order given, unless the two names pair the other way round', () => {
    expect(orderDocument(named('a.jpg', 'b.jpg')).map((f) => f.name)).toEqual(['a.jpg', 'b.jpg'])
    expect(orderDocument(named('id_back.jpg', 'id_front.jpg')).map((f) => f.name)).toEqual([
      'id_front.jpg',
      'id_back.jpg',
    ])
    expect(orderDocument(named('passport_back.jpg', 'passport.jpg')).map((f) => f.name)).toEqual([
      'passport.jpg',
      'passport_back.jpg',
    ])
    expect(orderDocument(named('x_front.jpg', 'x_back.jpg')).map((f) => f.name)).toEqual([
      'x_front.jpg',
      'x_back.jpg',
    ])
    expect(orderDocument(named('only.jpg')).map((f) => f.name)).toEqual(['only.jpg'])
  })

  it('more than two files, or any folder, need the Import dialog', () => {
    expect(needsDialog(1, 0)).toBe(false)
    expect(needsDialog(2, 0)).toBe(false)
    expect(needsDialog(3, 0)).toBe(true)
    expect(needsDialog(1, 1)).toBe(true)
  })
})

describe('file names and sizes', () => {
  it('knows the same image extensions as the main process', () => {
    expect([...IMAGE_EXTENSIONS].sort()).toEqual([...MAIN_IMAGE_EXTENSIONS].sort())
    expect(isImageName('scans/A.JPG')).toBe(true)
    expect(isImageName('x.heic')).toBe(true)
    expect(isImageName('notes.txt')).toBe(false)
    expect(isImageName('jpg')).toBe(false)
    expect(isImageName('dir.jpg/readme')).toBe(false)
  })

  it('refuses a file over the limit, naming it and both sizes', () => {
    expect(sizeProblem({ name: 'a.jpg', size: MAX_IMPORT_BYTES })).toBeNull()
    expect(sizeProblem({ name: 'huge.tif', size: MAX_IMPORT_BYTES + 1 })).toBe(
      'huge.tif: too large to import (200 MB; the limit is 200 MB)',
    )
    expect(sizeProblem({ name: 'h.tif', size: 300 * 1024 * 1024 })).toBe(
      'h.tif: too large to import (300 MB; the limit is 200 MB)',
    )
  })
})

describe('the Import dialog plan', () => {
  it('pairs the files by name and sums it up', () => {
    const draft = draftImport(
      named('d02-ita-id-front.jpg', 'd02-ita-id-back.jpg', 'passport.jpg', 'x_back.jpg'),
      { kind: 'files' },
      {
        count: 2,
        samples: [
          { name: 'a.txt', reason: 'not an image file' },
          { name: 'b.pdf', reason: 'not an image file' },
        ],
      },
    )
    expect(draft.documents.map((d) => [d.front.name, d.back?.name ?? null])).toEqual([
      ['d02-ita-id-front.jpg', 'd02-ita-id-back.jpg'],
      ['passport.jpg', null],
      ['x_back.jpg', null],
    ])
    expect(draft.notes).toEqual(['x_back.jpg has no front: imported as its own document'])
    expect(draftSummary(draft)).toBe('3 documents from 4 files, 2 skipped (not images)')
    expect(draftSummary(draftImport(named('a.jpg'), { kind: 'files' }))).toBe('1 document from 1 file')
  })

  it('says why files were skipped, grouping reasons and counting the unnamed', () => {
    const notImage = { name: 'a.txt', reason: 'not an image file' }
    const hidden = { name: '.x.jpg', reason: 'hidden' }
    expect(skippedText(0, [])).toBe('')
    expect(skippedText(1, [notImage])).toBe('1 skipped (not an image)')
    expect(skippedText(3, [notImage, notImage, hidden])).toBe('3 skipped (2 not images, 1 hidden)')
    expect(skippedText(7, [notImage])).toBe('7 skipped (1 not an image, 6 other)')
    expect(skippedText(2, [hidden, hidden])).toBe('2 skipped (hidden)')
  })
})

describe('the end of a batch', () => {
  const done = (front: string, caseId: string, duplicates: DocOutcome['duplicates'] = []): DocOutcome => ({
    front,
    back: null,
    caseId,
    failure: null,
    duplicates,
  })
  const failed = (front: string, failure: string): DocOutcome => ({
    front,
    back: null,
    caseId: null,
    failure,
    duplicates: [],
  })

  it('a clean batch is one notice', () => {
    expect(batchMessages([done('a.jpg', 'c1'), done('b.jpg', 'c2')])).toEqual({
      notice: 'Imported 2 documents',
      error: null,
    })
    expect(batchMessages([done('a.jpg', 'c1')]).notice).toBe('Imported 1 document')
  })

  it('names each failure in the notice, and again in the error so it is not missed', () => {
    const m = batchMessages([done('a.jpg', 'c1'), failed('x.jpg', 'x.jpg: not an image')])
    expect(m.notice).toBe('Imported 1 document; 1 failed: x.jpg: not an image')
    expect(m.error).toBe('1 document not imported: x.jpg: not an image')
  })

  it('warns once per duplicate, as an error', () => {
    const m = batchMessages([
      done('a.jpg', 'c1', [
        { caseId: 'c0', name: 'old.jpg' },
        { caseId: 'c9', name: 'older.jpg' },
      ]),
    ])
    expect(m.notice).toBe('Imported 1 document')
    expect(m.error).toBe(
      'a.jpg looks like a duplicate of case old.jpg (same file content)\n' +
        'a.jpg looks like a duplicate of case older.jpg (same file content)',
    )
    expect(duplicateLines('z.png', [])).toEqual([])
  })

  it('caps the duplicate warnings, counting the rest', () => {
    const many = Array.from({ length: 13 }, (_, i) => ({ caseId: `c${i}`, name: `old-${i}.jpg` }))
    const lines = duplicateLines('a.jpg', many)
    expect(lines).toHaveLength(11)
    expect(lines[9]).toBe('a.jpg looks like a duplicate of case old-9.jpg (same file content)')
    expect(lines[10]).toBe('…and 3 more duplicates')
    const m = batchMessages([done('a.jpg', 'c1', many.slice(0, 6)), done('b.jpg', 'c2', many.slice(6, 12))])
    expect(m.error!.split('\n')).toHaveLength(11)
    expect(m.error!.split('\n').at(-1)).toBe('…and 2 more duplicates')
    expect(
      batchMessages([done('a.jpg', 'c1', many.slice(0, 11))])
        .error!.split('\n')
        .at(-1),
    ).toBe('…and 1 more duplicate')
  })

  it('says how many were not imported after a cancel', () => {
    expect(batchMessages([done('a.jpg', 'c1')], 4).notice).toBe(
      'Imported 1 document; cancelled, 4 documents not imported',
    )
  })
})

describe('runImports', () => {
  const docs = (...names: string[]) => names.map((n) => ({ front: entry(n), back: null }))

  it('imports one document after the other, reporting progress before each and at the end', async () => {
    const progress: string[] = []
    let inFlight = 0
    const importOne = vi.fn(async (doc: { front: ImportEntry }) => {
      inFlight += 1
      expect(inFlight).toBe(1)
      await Promise.resolve()
      inFlight -= 1
      return ok(`case-${doc.front.name}`, doc.front.name)
    })
    const r = await runImports(docs('a.jpg', 'b.jpg', 'c.jpg'), {
      importOne,
      onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.current ?? '-'}`),
      shouldStop: () => false,
    })
    expect(importOne.mock.calls.map(([d]) => d.front.name)).toEqual(['a.jpg', 'b.jpg', 'c.jpg'])
    expect(progress).toEqual(['0/3 a.jpg', '1/3 b.jpg', '2/3 c.jpg', '3/3 -'])
    expect(r.notRun).toBe(0)
    expect(r.outcomes.map((o) => o.caseId)).toEqual(['case-a.jpg', 'case-b.jpg', 'case-c.jpg'])
  })

  it('stops before the next document once asked, letting the current one finish', async () => {
    let stop = false
    const importOne = vi.fn(async (doc: { front: ImportEntry }) => {
      if (doc.front.name === 'b.jpg') stop = true // Cancel pressed while b.jpg is being imported
      return ok(doc.front.name, doc.front.name)
    })
    const r = await runImports(docs('a.jpg', 'b.jpg', 'c.jpg', 'd.jpg'), {
      importOne,
      onProgress: () => undefined,
      shouldStop: () => stop,
    })
    expect(importOne).toHaveBeenCalledTimes(2)
    expect(r.outcomes.map((o) => o.front)).toEqual(['a.jpg', 'b.jpg'])
    expect(r.notRun).toBe(2)
  })

  it('keeps going after a refusal or a thrown error, naming the file', async () => {
    const r = await runImports(docs('a.jpg', 'bad.jpg', 'gone.jpg', 'd.jpg'), {
      importOne: async (doc) => {
        if (doc.front.name === 'bad.jpg')
          return {
            case: null,
            errors: [
              { file: 'bad.jpg', message: 'bad.jpg: not an image Recto can read' },
              {
                file: '',
                message: 'Nothing was imported: fix the file above and import front and back again.',
              },
            ],
            duplicates: [],
          }
        if (doc.front.name === 'gone.jpg') throw new Error('This folder is no longer open for import')
        return ok(doc.front.name, doc.front.name, [{ caseId: 'old', name: 'old.jpg' }])
      },
      onProgress: () => undefined,
      shouldStop: () => false,
    })
    expect(r.outcomes.map((o) => o.failure)).toEqual([
      null,
      'bad.jpg: not an image Recto can read',
      'gone.jpg: This folder is no longer open for import',
      null,
    ])
    expect(r.outcomes[3]!.duplicates).toEqual([{ caseId: 'old', name: 'old.jpg' }])
  })
})

describe('importing one document of the dialog', () => {
  it('reads files here and hands front and back to importScans', async () => {
    const importScans = vi.fn(async () => ok('c1', 'a.jpg'))
    await importFromFiles({ importScans })({ front: entry('a.jpg', 'AAA'), back: entry('a_back.jpg', 'BB') })
    const [[files]] = importScans.mock.calls as unknown as [[{ name: string; bytes: Uint8Array }[]]]
    expect(files.map((f) => [f.name, new TextDecoder().decode(f.bytes)])).toEqual([
      ['a.jpg', 'AAA'],
      ['a_back.jpg', 'BB'],
    ])
  })

  it('refuses a file over the limit without reading it or calling the main process', async () => {
    const importScans = vi.fn(async () => ok('c1', 'a.jpg'))
    const big = {
      name: 'big.tif',
      size: MAX_IMPORT_BYTES + 1,
      file: { arrayBuffer: vi.fn() } as unknown as Blob,
    }
    const r = await importFromFiles({ importScans })({ front: entry('a.jpg'), back: big })
    expect(r).toEqual({
      case: null,
      errors: [{ file: 'big.tif', message: 'big.tif: too large to import (200 MB; the limit is 200 MB)' }],
      duplicates: [],
    })
    expect(importScans).not.toHaveBeenCalled()
    expect(big.file!.arrayBuffer).not.toHaveBeenCalled()
  })

  it('imports a folder pick by names only', async () => {
    const importPicked = vi.fn(async () => ok('c1', 'id_front.jpg'))
    const one = importFromPick({ importPicked }, 'tok')
    await one({ front: { name: 'sub/id_front.jpg', size: 1, file: null }, back: null })
    await one({
      front: { name: 'a.jpg', size: 1, file: null },
      back: { name: 'a_back.jpg', size: 1, file: null },
    })
    expect(importPicked.mock.calls).toEqual([
      ['tok', 'sub/id_front.jpg', null],
      ['tok', 'a.jpg', 'a_back.jpg'],
    ])
  })
})

// ---- Dropped folders, through fakes of the File and Directory Entries API. ----

type FakeTree = { [name: string]: string | FakeTree }

/** A directory entry whose reader answers in batches of `batch`, as Chromium does (about 100). */
function dirEntry(name: string, tree: FakeTree, batch = 2): FileSystemDirectoryEntry {
  const children = Object.entries(tree).map(([n, v]) =>
    typeof v === 'string' ? fileEntry(n, v) : dirEntry(n, v, batch),
  )
  return {
    name,
    isDirectory: true,
    isFile: false,
    createReader: () => {
      let at = 0
      return {
        readEntries: (ok: (entries: FileSystemEntry[]) => void) => {
          const next = children.slice(at, at + batch)
          at += batch
          setTimeout(() => ok(next), 0)
        },
      }
    },
  } as unknown as FileSystemDirectoryEntry
}

function fileEntry(name: string, content: string): FileSystemFileEntry {
  return {
    name,
    isDirectory: false,
    isFile: true,
    file: (ok: (f: File) => void) => setTimeout(() => ok(new File([content], name)), 0),
  } as unknown as FileSystemFileEntry
}

const dropped = (entry: FileSystemEntry): DroppedItem => ({ entry, file: null })
const looseFile = (name: string, type = ''): DroppedItem => ({
  entry: null,
  file: new File(['x'], name, { type }),
})

describe('collectDrop', () => {
  it('walks a dropped folder recursively, reading every batch, naming files relative to it', async () => {
    const tree: FakeTree = {
      'b_back.jpg': 'B',
      'a.jpg': 'A',
      'b_front.jpg': 'F',
      sub: { 'c.png': 'C', deeper: { 'd.tif': 'D' } },
      'notes.txt': 'n',
      '.DS_Store': 'x',
      '.hidden': { 'e.jpg': 'E' },
      'Thumbs.db': 'x',
    }
    const r = await collectDrop([dropped(dirEntry('scans', tree))])
    expect(r.files.map((f) => f.name)).toEqual([
      'a.jpg',
      'b_back.jpg',
      'b_front.jpg',
      'sub/c.png',
      'sub/deeper/d.tif',
    ])
    expect(r.files[0]!.size).toBe(1)
    expect(r.folders).toBe(1)
    expect(r.skipped).toBe(3)
    expect(r.skippedSamples).toEqual([
      { name: '.DS_Store', reason: 'hidden' },
      { name: '.hidden', reason: 'hidden' },
      { name: 'notes.txt', reason: 'not an image file' },
    ])
    expect(r.truncated).toBe(false)
  })

  it('prefixes names with the folder when more than one thing is dropped, and skips loose non-images', async () => {
    const r = await collectDrop([
      dropped(dirEntry('monday', { 'scan.jpg': 'x' })),
      dropped(dirEntry('tuesday', { 'scan.jpg': 'x' })),
      looseFile('extra.jpg'),
      looseFile('photo', 'image/png'),
      looseFile('readme.md'),
    ])
    expect(r.files.map((f) => f.name)).toEqual(['extra.jpg', 'photo', 'monday/scan.jpg', 'tuesday/scan.jpg'])
    expect(r.folders).toBe(2)
    expect(r.skippedSamples).toEqual([{ name: 'readme.md', reason: 'not an image file' }])
  })

  it('keeps one or two loose files as they are (the main process says why one is refused)', async () => {
    const r = await collectDrop([looseFile('a.jpg'), looseFile('notes.txt')])
    expect(r.files.map((f) => f.name)).toEqual(['a.jpg', 'notes.txt'])
    expect(r).toMatchObject({ folders: 0, skipped: 0 })
  })

  it(`does not go more than ${MAX_DROP_DEPTH} folders deep`, async () => {
    let tree: FakeTree = { 'deep.jpg': 'x' }
    for (let i = MAX_DROP_DEPTH + 1; i >= 1; i -= 1) tree = { [`l${i}`]: tree }
    const r = await collectDrop([dropped(dirEntry('top', tree))])
    expect(r.files).toEqual([])
    expect(r.skippedSamples).toEqual([
      { name: 'l1/l2/l3/l4/l5/l6/l7/l8/l9', reason: `more than ${MAX_DROP_DEPTH} folders deep` },
    ])
  })
})
