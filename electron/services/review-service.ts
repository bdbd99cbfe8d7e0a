// ReviewService: implements the ReviewApi contract on top of the case store, image import, ARGOS client and
// export. Plain Node (no 'electron'), so the app, the unit tests and the Chromium E2E host all run this same code.
import type {
  ExportResult,
  ImportFile,
  ImportResult,
  RecognizeOutcome,
  RecognizeParams,
  ReviewApi,
  SettingsPatch,
} from '../../shared/ipc'
import {
  SCHEMA_VERSION,
  summarise,
  type Case,
  type CaseSummary,
  type Field,
  type ImageRef,
  type Quad,
  type SettingsView,
  type Side,
} from '../../shared/model'
import { recognize as callArgos } from './argos-client'
import { describe } from './argos-errors'
import { writeFileAtomic } from './atomic-write'
import { CaseStore } from './case-store'
import { casesToCsv } from './csv-export'
import { fieldsFromRaw, ocrStrings } from './fields'
import { ImageRejected, prepareImage, type PreparedImage } from './image-import'
import type { ServiceDeps } from './ports'
import { MissingApiKey, Settings } from './settings'

export interface ReviewService extends ReviewApi {
  /** Stops in-flight work; called when the app quits. */
  dispose(): Promise<void>
}

const MIME = { jpeg: 'image/jpeg', png: 'image/png' } as const
const EXT = { jpeg: 'jpg', png: 'png' } as const

function imageRef(side: Side, name: string, img: PreparedImage): ImageRef {
  return {
    file: `${side}.${EXT[img.format]}`,
    originalName: name,
    mime: MIME[img.format],
    width: img.width,
    height: img.height,
    bytes: img.bytes.byteLength,
  }
}

function now(): string {
  return new Date().toISOString()
}

/** Keeps what the reviewer corrected when a case is recognised again. */
function mergeFields(previous: Field[], fresh: Field[]): Field[] {
  const old = new Map(previous.map((f) => [f.key, f]))
  return fresh.map((f) => {
    const before = old.get(f.key)
    if (!before || (before.value === before.ocrValue && !before.verified)) return f
    return { ...f, value: before.value, verified: before.verified }
  })
}

export function createReviewService(deps: ServiceDeps): ReviewService {
  const store = new CaseStore(deps.userDataDir)
  const settings = new Settings(deps.settings, deps.secrets, deps.env)
  const fetchImpl = deps.fetch ?? fetch
  const ready = store.init()
  const aborter = new AbortController()

  /** Belt and braces: whatever a server echoes, the key never reaches the renderer. */
  const redact = (text: string): string => {
    let key: string | null = null
    try {
      key = settings.apiKey()
    } catch {
      key = null
    }
    return key && key.length >= 4 ? text.split(key).join('[redacted]') : text
  }

  async function changeCase(id: string, change: (c: Case) => Case): Promise<Case> {
    await ready
    const updated = await store.update(id, (c) => ({ ...change(c), updatedAt: now() }))
    deps.emit('caseChanged', { caseId: id })
    return updated
  }

  function changeField(c: Case, key: string, change: (f: Field) => Field): Case {
    const index = c.fields.findIndex((f) => f.key === key)
    if (index < 0) throw new Error(`The case has no field "${key}"`)
    const fields = c.fields.slice()
    fields[index] = change(fields[index]!)
    return { ...c, fields }
  }

  async function recognizeOne(
    id: string,
    params: RecognizeParams,
    apiKey: string,
  ): Promise<RecognizeOutcome & { stop?: boolean }> {
    const c = await changeCase(id, (x) => ({ ...x, ...params, status: 'recognising', error: null }))
    const front = await store.readImage(c, 'front')
    const back = c.back ? await store.readImage(c, 'back') : null
    deps.logger.info(`recognize: sending case ${id}`)
    const result = await callArgos(
      {
        baseUrl: settings.baseUrl(),
        apiKey,
        front,
        back,
        issuingCountry: params.issuingCountry,
        idType: params.idType,
      },
      fetchImpl,
    )
    if (!result.ok) {
      const error = { ...result.error, message: redact(result.error.message) }
      deps.logger.warn(
        `recognize: case ${id} failed (${error.httpStatus ?? 'no response'} ${error.errorCode ?? ''})`,
      )
      await changeCase(id, (x) => ({ ...x, status: 'failed', error }))
      return {
        caseId: id,
        ok: false,
        message: `${c.name}: ${describe(error)}`,
        stop: error.httpStatus === 403,
      }
    }
    const { response } = result
    const mapped = fieldsFromRaw(response.result.data.raw, c.back !== null)
    if (mapped.skipped.length)
      deps.logger.warn(`recognize: case ${id}: ${mapped.skipped.length} raw entries not field-shaped`)
    await changeCase(id, (x) => ({
      ...x,
      status: 'recognised',
      provider: 'argos',
      error: null,
      transactionId: response.transactionId,
      documentType: response.result.document_type ?? null,
      fields: mergeFields(x.fields, mapped.fields),
      ocr: ocrStrings(response.result.data.ocr),
    }))
    const placed = mapped.fields.filter((f) => f.quad).length
    return {
      caseId: id,
      ok: true,
      message: `${c.name}: ${mapped.fields.length} fields recognised (${placed} with a box)`,
    }
  }

  const service: ReviewService = {
    async getSettings(): Promise<SettingsView> {
      return settings.view()
    },
    async updateSettings(patch: SettingsPatch) {
      return settings.update(patch)
    },
    async setApiKey(key: string) {
      return settings.setApiKey(key)
    },
    async clearApiKey() {
      return settings.clearApiKey()
    },

    async listCases(): Promise<CaseSummary[]> {
      await ready
      const { cases, problems } = await store.list()
      for (const p of problems) {
        deps.logger.warn(`case ${p.id} could not be loaded`)
        deps.emit('notice', {
          level: 'error',
          message: `A case folder (${p.id}) could not be read and was skipped.`,
        })
      }
      return cases.map(summarise)
    },

    async getCase(id: string) {
      await ready
      return store.load(id)
    },

    async getImage(id: string, side: Side) {
      await ready
      const c = await store.load(id)
      return new Uint8Array(await store.readImage(c, side))
    },

    async importScans(files: ImportFile[]): Promise<ImportResult> {
      await ready
      const prepared: PreparedImage[] = []
      const errors: ImportResult['errors'] = []
      for (const file of files) {
        try {
          prepared.push(await prepareImage(file.name, file.bytes))
        } catch (err) {
          const message = err instanceof ImageRejected ? err.reason : 'could not be read'
          errors.push({ file: file.name, message: `${file.name}: ${message}` })
        }
      }
      if (errors.length) {
        if (files.length > 1)
          errors.push({
            file: '',
            message: 'Nothing was imported: fix the file above and import front and back again.',
          })
        return { case: null, errors }
      }
      const [front, back] = prepared as [PreparedImage, PreparedImage | undefined]
      const id = store.newId()
      const frontRef = imageRef('front', files[0]!.name, front)
      const backRef = back ? imageRef('back', files[1]!.name, back) : null
      await store.createFolder(id)
      try {
        await store.writeImage(id, frontRef.file, front.bytes)
        if (back && backRef) await store.writeImage(id, backRef.file, back.bytes)
        const created: Case = {
          schemaVersion: SCHEMA_VERSION,
          id,
          name: files[0]!.name,
          createdAt: now(),
          updatedAt: now(),
          front: frontRef,
          back: backRef,
          issuingCountry: null,
          idType: null,
          status: 'new',
          provider: null,
          transactionId: null,
          documentType: null,
          error: null,
          fields: [],
          ocr: {},
        }
        await store.save(created)
        deps.logger.info(`import: case ${id} created`)
        deps.emit('casesChanged', {})
        return { case: summarise(created), errors: [] }
      } catch (err) {
        await store.remove(id)
        throw err
      }
    },

    async recognize(caseIds: string[], params: RecognizeParams): Promise<RecognizeOutcome[]> {
      await ready
      let apiKey: string
      try {
        apiKey = settings.apiKey()
      } catch (err) {
        const message = err instanceof MissingApiKey || err instanceof Error ? err.message : String(err)
        return caseIds.map((caseId) => ({ caseId, ok: false, message }))
      }
      const outcomes: RecognizeOutcome[] = []
      let stopped: string | null = null
      for (const id of caseIds) {
        if (aborter.signal.aborted) break
        if (stopped) {
          outcomes.push({ caseId: id, ok: false, message: `Not sent: ${stopped}` })
          continue
        }
        const { stop, ...outcome } = await recognizeOne(id, params, apiKey)
        outcomes.push(outcome)
        if (stop) stopped = 'ARGOS refused the API key. Check the API key or IP allow-list in Settings.'
      }
      return outcomes
    },

    async updateFieldValue(caseId: string, key: string, value: string) {
      return changeCase(caseId, (c) => changeField(c, key, (f) => ({ ...f, value })))
    },

    async updateFieldQuad(caseId: string, key: string, quad: Quad) {
      return changeCase(caseId, (c) => changeField(c, key, (f) => ({ ...f, quad, quadSource: 'drawn' })))
    },

    async exportCsv(caseIds: string[]): Promise<ExportResult> {
      await ready
      const cases = caseIds.length
        ? await Promise.all(caseIds.map((id) => store.load(id)))
        : (await store.list()).cases
      if (!cases.length)
        throw new Error('There are no cases to export yet: import and recognize a scan first.')
      const stamp = now().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
      const path = await deps.dialogs.chooseSavePath({
        title: 'Export corrected records as CSV',
        defaultName: `recto-export-${stamp}.csv`,
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      })
      if (!path) return { status: 'canceled' }
      await writeFileAtomic(path, casesToCsv(cases))
      deps.logger.info(`export: ${cases.length} cases written`)
      return { status: 'saved', path, rows: cases.length }
    },

    async dispose() {
      aborter.abort()
      await ready.catch(() => undefined)
    },
  }
  return service
}
