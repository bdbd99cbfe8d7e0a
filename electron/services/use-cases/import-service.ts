// Import behind ReviewService: one document (front, optional back) becomes a case, whether its bytes came from the
// renderer (dropped or chosen files), a folder picked in the main process (batch/folder-import.ts), or the sample
// documents shipped with the app. Each image is prepared once (images/image-import.ts), with a preview, a list
// thumbnail and screen copies; the "imported" audit event is written with the case.
import { createHash } from 'node:crypto'
import { auditDraft } from '../../../shared/audit'
import type { FolderPick, ImportFile, ImportResult } from '../../../shared/ipc'
import { SCHEMA_VERSION, summarise, type Case, type ImageRef, type Side } from '../../../shared/model'
import { AUDIT_FILE } from '../audit/audit-log'
import { FolderPicks, PickedFileUnreadable } from '../batch/folder-import'
import { CaseAudits } from '../cases/case-audit'
import { importParams } from '../cases/case-params'
import { reviewerName } from '../cases/field-edits'
import { readSampleFile, readSamplesManifest } from '../cases/samples'
import { ImageRejected, prepareImage, type PreparedImage } from '../images/image-import'
import { makePreview, previewRef, type Preview } from '../images/previews'
import { makeScreenCopy, makeThumbnail, needsScreenCopy, screenFile, THUMB_FILE } from '../images/thumbnails'
import { MB, now, type ApiPart, type ServiceContext } from './context'

export type ImportApi = ApiPart<'importScans' | 'importSamples' | 'chooseImportFolder' | 'importPicked'>

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

const MIME = { jpeg: 'image/jpeg', png: 'image/png' } as const
const EXT = { jpeg: 'jpg', png: 'png' } as const

function imageRef(side: Side, name: string, img: PreparedImage, preview: Preview | null): ImageRef {
  return {
    file: `${side}.${EXT[img.format]}`,
    originalName: name,
    mime: MIME[img.format],
    width: img.width,
    height: img.height,
    bytes: img.bytes.byteLength,
    preview: preview ? previewRef(side, preview) : null,
  }
}

/** The files one side puts in the case folder: the stored image and its preview, if any. */
function imageFiles(ref: ImageRef, img: PreparedImage, preview: Preview | null) {
  const files = [{ file: ref.file, bytes: img.bytes }]
  if (ref.preview && preview) files.push({ file: ref.preview.file, bytes: preview.bytes })
  return files
}

function refused(errors: ImportResult['errors'], twoSided: boolean): ImportResult {
  if (twoSided)
    errors.push({
      file: '',
      message: 'Nothing was imported: fix the file above and import front and back again.',
    })
  return { case: null, errors, duplicates: [] }
}

export function createImportService(ctx: ServiceContext): ImportApi {
  const { deps, store, settings, audits, ready } = ctx
  const picks = new FolderPicks()

  /** A display copy when the stored image is large; a failure only costs speed, so it never fails the import. */
  async function previewOf(img: PreparedImage): Promise<Preview | null> {
    try {
      return await makePreview(img.bytes, img)
    } catch (err) {
      deps.logger.warn(`import: no preview made (${err instanceof Error ? err.name : 'error'})`)
      return null
    }
  }

  /** Existing cases with a side whose bytes hash to one of `hashes` (imported anyway; the reviewer is told). */
  async function duplicatesOf(hashes: string[]): Promise<ImportResult['duplicates']> {
    return (await store.withContent(hashes)).map((s) => ({ caseId: s.id, name: s.name }))
  }

  /** Prepares the images and previews, records the "imported" event and creates the case. */
  async function importDocument(files: { name: string; bytes: Uint8Array }[]): Promise<ImportResult> {
    const prepared: PreparedImage[] = []
    const errors: ImportResult['errors'] = []
    for (const file of files) {
      try {
        prepared.push(
          await prepareImage(file.name, file.bytes, {
            maxInputBytes: settings.recognition().inputLimitMb * MB,
          }),
        )
      } catch (err) {
        const message = err instanceof ImageRejected ? err.reason : 'could not be read'
        errors.push({ file: file.name, message: `${file.name}: ${message}` })
      }
    }
    if (errors.length) return refused(errors, files.length > 1)
    const [front, back] = prepared as [PreparedImage, PreparedImage | undefined]
    const contentHash = {
      front: sha256Hex(files[0]!.bytes),
      back: files[1] ? sha256Hex(files[1].bytes) : null,
    }
    const duplicates = await duplicatesOf([
      contentHash.front,
      ...(contentHash.back ? [contentHash.back] : []),
    ])
    const id = store.newId()
    // Both sides at once: each is one decode-resize-encode, and sharp runs them on its own threads.
    const [frontPreview, backPreview] = await Promise.all([previewOf(front), back ? previewOf(back) : null])
    const frontRef = imageRef('front', files[0]!.name, front, frontPreview)
    const backRef = back ? imageRef('back', files[1]!.name, back, backPreview) : null
    const params = importParams(
      files.map((f) => f.name),
      ctx.lastChoice,
    )
    const created: Case = {
      schemaVersion: SCHEMA_VERSION,
      id,
      name: files[0]!.name,
      createdAt: now(),
      updatedAt: now(),
      front: frontRef,
      back: backRef,
      issuingCountry: params.issuingCountry,
      idType: params.idType,
      status: 'new',
      provider: null,
      transactionId: null,
      documentType: null,
      error: null,
      fields: [],
      ocr: {},
      recognition: null,
      supportBody: null,
      history: [],
      decision: null,
      exportedAt: null,
      auditHead: null,
      contentHash,
      checks: null,
      barcode: null,
    }
    const first = await audits.newFile(
      auditDraft(
        'imported',
        {
          frontFile: files[0]!.name,
          backFile: files[1]?.name ?? null,
          contentHash: created.contentHash,
          params,
        },
        reviewerName(settings.reviewer()),
        created.createdAt,
      ),
    )
    created.auditHead = CaseAudits.firstHead(first.entry)
    // The list thumbnail and each side's screen copy (what the stage paints first), from the smaller source.
    const sides = [
      { side: 'front' as const, img: front, preview: frontPreview },
      ...(back ? [{ side: 'back' as const, img: back, preview: backPreview }] : []),
    ]
    const [thumb, screens] = await Promise.all([
      makeThumbnail(frontPreview?.bytes ?? front.bytes),
      Promise.all(
        sides
          .filter((s) => needsScreenCopy(s.img.width, s.img.height))
          .map(async (s) => ({
            file: screenFile(s.side),
            bytes: await makeScreenCopy(s.preview?.bytes ?? s.img.bytes),
          })),
      ),
    ])
    const images = [
      { file: AUDIT_FILE, bytes: new TextEncoder().encode(first.text) },
      { file: THUMB_FILE, bytes: thumb },
      ...screens,
      ...imageFiles(frontRef, front, frontPreview),
      ...(back && backRef ? imageFiles(backRef, back, backPreview) : []),
    ]
    await store.create(created, images)
    deps.logger.info(
      `import: case ${id} created${duplicates.length ? ` (same content as ${duplicates.map((d) => d.caseId).join(', ')})` : ''}`,
    )
    deps.emit('casesChanged', {})
    return { case: summarise(created), errors: [], duplicates }
  }

  return {
    async importScans(files: ImportFile[]): Promise<ImportResult> {
      await ready
      return importDocument(files)
    },

    async importSamples(): Promise<ImportResult> {
      await ready
      const dir = deps.samplesDir ?? null
      const manifest = await readSamplesManifest(dir)
      const result: Required<ImportResult> = { case: null, errors: [], duplicates: [], cases: [] }
      // One document at a time, in the manifest's order, each as if the reviewer had dropped its files.
      for (const doc of manifest.documents) {
        const read = await Promise.all(
          [doc.front, ...(doc.back ? [doc.back] : [])].map((name) => readSampleFile(dir!, name)),
        )
        const files: { name: string; bytes: Uint8Array }[] = []
        const missing: ImportResult['errors'] = []
        for (const r of read)
          if ('bytes' in r) files.push(r)
          else missing.push(r)
        const one = missing.length ? refused(missing, read.length > 1) : await importDocument(files)
        result.errors.push(...one.errors)
        for (const d of one.duplicates)
          if (!result.duplicates.some((x) => x.caseId === d.caseId)) result.duplicates.push(d)
        if (one.case) result.cases.push(one.case)
      }
      result.case = result.cases[0] ?? null
      deps.logger.info(`import: ${result.cases.length} sample document(s) imported`)
      return result
    },

    async chooseImportFolder(): Promise<FolderPick | null> {
      return picks.choose(deps.dialogs)
    },

    async importPicked(token: string, front: string, back: string | null): Promise<ImportResult> {
      await ready
      if (back === front) throw new Error(`${front} cannot be both the front and the back of a document`)
      const maxBytes = settings.recognition().inputLimitMb * MB
      const files: { name: string; bytes: Uint8Array }[] = []
      const errors: ImportResult['errors'] = []
      for (const name of back === null ? [front] : [front, back]) {
        try {
          files.push(await picks.read(token, name, maxBytes))
        } catch (err) {
          // A name outside the pick (or a pick that expired) is refused outright; an unreadable file is reported.
          if (!(err instanceof PickedFileUnreadable)) throw err
          errors.push({ file: name, message: err.message })
        }
      }
      return errors.length ? refused(errors, back !== null) : importDocument(files)
    },
  }
}
