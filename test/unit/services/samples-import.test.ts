// "Try sample documents" (issue 15): importSamples reads <samplesDir>/manifest.json and imports each document
// through the normal import (the manifest's file names, front then back). Tested on temp manifests pointing at the
// project's test documents: a good one, one naming a missing file, and missing, bad or absent manifests (each a
// message for the reviewer, nothing imported).
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { reviewApiSchema } from '../../../shared/ipc'
import { fixturePath } from '../../support/paths'
import { serviceHarness } from '../../support/service-harness'

const made: string[] = []
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true })
})

const FILES = ['d01-utopia-passport-front.jpg', 'd02-ita-id-front.jpg', 'd02-ita-id-back.jpg']

/** A samples folder holding FILES and this manifest (an object as JSON, a string as is; undefined: none). */
async function samplesFolder(manifest: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'recto-samples-'))
  made.push(dir)
  for (const f of FILES) await copyFile(fixturePath(f), join(dir, f))
  if (manifest !== undefined)
    await writeFile(
      join(dir, 'manifest.json'),
      typeof manifest === 'string' ? manifest : JSON.stringify(manifest),
    )
  return dir
}

const GOOD = {
  version: 1,
  documents: [
    { name: 'TD3 passport', front: 'd01-utopia-passport-front.jpg', back: null },
    { name: 'TD1 identity card', front: 'd02-ita-id-front.jpg', back: 'd02-ita-id-back.jpg' },
  ],
}

describe('importSamples', () => {
  it('takes no arguments over IPC', () => {
    expect(reviewApiSchema.importSamples.safeParse([]).success).toBe(true)
    expect(reviewApiSchema.importSamples.safeParse(['/etc']).success).toBe(false)
  })

  it("imports each document of the manifest as a case, under its files' names, in order", async () => {
    const h = await serviceHarness({}, { samplesDir: await samplesFolder(GOOD) })
    try {
      const result = await h.service.importSamples()
      expect(result.errors).toEqual([])
      expect(result.cases?.map((c) => [c.frontFile, c.backFile])).toEqual([
        ['d01-utopia-passport-front.jpg', null],
        ['d02-ita-id-front.jpg', 'd02-ita-id-back.jpg'],
      ])
      expect(result.case?.id).toBe(result.cases![0]!.id)
      const listed = await h.service.listCases()
      expect(listed.map((c) => c.id).sort()).toEqual(result.cases!.map((c) => c.id).sort())
      // The normal import: the file name's country and type, the stored image, the "imported" audit event.
      const id = await h.service.getCase(result.cases![1]!.id)
      expect([id.issuingCountry, id.idType, id.back?.originalName]).toEqual([
        'ITA',
        'government_id',
        'd02-ita-id-back.jpg',
      ])
      const audit = await h.service.getAudit(id.id)
      expect(audit.entries[0]).toMatchObject({
        type: 'imported',
        details: { frontFile: 'd02-ita-id-front.jpg', backFile: 'd02-ita-id-back.jpg' },
      })
      // Twice: the second import names the first as duplicates (the reviewer is warned, as for any import).
      const again = await h.service.importSamples()
      expect(again.duplicates.map((d) => d.caseId).sort()).toEqual(result.cases!.map((c) => c.id).sort())
    } finally {
      await h.cleanup()
    }
  })

  it('reports a sample file that is missing and imports the other documents', async () => {
    const manifest = {
      version: 1,
      documents: [
        { name: 'gone', front: 'd09-missing-front.jpg', back: null },
        ...GOOD.documents,
        { name: 'half', front: 'd01-utopia-passport-front.jpg', back: 'd09-missing-back.jpg' },
      ],
    }
    const h = await serviceHarness({}, { samplesDir: await samplesFolder(manifest) })
    try {
      const result = await h.service.importSamples()
      expect(result.cases).toHaveLength(2)
      expect(result.errors).toEqual([
        {
          file: 'd09-missing-front.jpg',
          message: 'd09-missing-front.jpg: this sample file is missing from the installation',
        },
        {
          file: 'd09-missing-back.jpg',
          message: 'd09-missing-back.jpg: this sample file is missing from the installation',
        },
        { file: '', message: 'Nothing was imported: fix the file above and import front and back again.' },
      ])
      expect(await h.service.listCases()).toHaveLength(2)
    } finally {
      await h.cleanup()
    }
  })

  it.each([
    ['no manifest', undefined, /their list \(manifest\.json\) is missing from this installation/],
    ['not JSON', '{ "version": 1, ', /their list \(manifest\.json\) is not valid JSON/],
    ['another version', { ...GOOD, version: 2 }, /is not valid \("version": /],
    ['no documents', { version: 1, documents: [] }, /is not valid \("documents": /],
    [
      'a name leading out of the folder',
      { version: 1, documents: [{ name: 'x', front: '../../etc/passwd', back: null }] },
      /"documents\.0\.front": must be a plain file name in the samples folder/,
    ],
    [
      'an unknown member',
      { version: 1, documents: [{ name: 'x', front: 'a.jpg', back: null, side: 'front' }] },
      /is not valid/,
    ],
  ])('refuses %s with a message, importing nothing', async (_what, manifest, message) => {
    const h = await serviceHarness({}, { samplesDir: await samplesFolder(manifest) })
    try {
      await expect(h.service.importSamples()).rejects.toThrow(message)
      await expect(h.service.importSamples()).rejects.toThrow(/^The sample documents cannot be imported: /)
      expect(await h.service.listCases()).toEqual([])
    } finally {
      await h.cleanup()
    }
  })

  it('says so when this build has no samples folder', async () => {
    const h = await serviceHarness({}, { samplesDir: null })
    try {
      await expect(h.service.importSamples()).rejects.toThrow(
        'The sample documents cannot be imported: this copy of Recto was built without them.',
      )
    } finally {
      await h.cleanup()
    }
  })
})
