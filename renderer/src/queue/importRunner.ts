// Runs the documents of an Import dialog one after the other: each is one importScans (files read here) or one
// importPicked (a folder picked in the main process: the bytes never come to the renderer). A Cancel stops
// before the next document; the one in flight finishes. No DOM and no store: the caller reports progress.
import type { ImportFile, ImportResult, ReviewApi } from '../../../shared/ipc'
import type { ScanDocument } from '../../../shared/pairing'
import type { ImportEntry, ImportProgress } from '../state/importTypes'
import { sizeProblem, type DocOutcome } from './importPlan'

// Defined with the app state (which holds the dialog's progress); exported here too for the queue's modules.
export type { ImportEntry, ImportProgress }

type ImportOne = (doc: ScanDocument<ImportEntry>) => Promise<ImportResult>

const refusal = (file: string, message: string): ImportResult => ({
  case: null,
  errors: [{ file, message }],
  duplicates: [],
})

/** Imports a document whose files are read here, refusing a file too large to hand over without reading it. */
export function importFromFiles(api: Pick<ReviewApi, 'importScans'>): ImportOne {
  return async (doc) => {
    const sides = doc.back ? [doc.front, doc.back] : [doc.front]
    for (const side of sides) {
      const problem = sizeProblem(side)
      if (problem) return refusal(side.name, problem)
      if (!side.file) return refusal(side.name, `${side.name}: the file was not read`)
    }
    const files: ImportFile[] = []
    for (const side of sides) {
      try {
        files.push({ name: side.name, bytes: new Uint8Array(await side.file!.arrayBuffer()) })
      } catch (err) {
        return refusal(side.name, `${side.name}: could not be read (${messageOf(err)})`)
      }
    }
    return api.importScans(files)
  }
}

/** Imports a document of a folder pick by its files' names. */
export function importFromPick(api: Pick<ReviewApi, 'importPicked'>, token: string): ImportOne {
  return (doc) => api.importPicked(token, doc.front.name, doc.back?.name ?? null)
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err)
}

/** The refusal of a result, one sentence per refused file ("x.jpg: not an image …"), each naming its file. */
function failureOf(doc: ScanDocument<ImportEntry>, result: ImportResult): string {
  const lines = result.errors
    .filter((e) => e.file)
    .map((e) => (e.message.includes(e.file) ? e.message : `${e.file}: ${e.message}`))
  return lines.length ? lines.join('; ') : `${doc.front.name}: not imported`
}

export async function runImports(
  documents: readonly ScanDocument<ImportEntry>[],
  deps: {
    importOne: ImportOne
    onProgress(p: { done: number; total: number; current: string | null }): void
    /** Asked before each document: true stops the batch there. */
    shouldStop(): boolean
  },
): Promise<{ outcomes: DocOutcome[]; notRun: number }> {
  const total = documents.length
  const outcomes: DocOutcome[] = []
  for (const [i, doc] of documents.entries()) {
    if (deps.shouldStop()) {
      deps.onProgress({ done: i, total, current: null })
      return { outcomes, notRun: total - i }
    }
    deps.onProgress({ done: i, total, current: doc.front.name })
    const base = { front: doc.front.name, back: doc.back?.name ?? null }
    try {
      const result = await deps.importOne(doc)
      outcomes.push(
        result.case
          ? { ...base, caseId: result.case.id, failure: null, duplicates: result.duplicates }
          : { ...base, caseId: null, failure: failureOf(doc, result), duplicates: [] },
      )
    } catch (err) {
      const message = messageOf(err)
      outcomes.push({
        ...base,
        caseId: null,
        failure: message.includes(doc.front.name) ? message : `${doc.front.name}: ${message}`,
        duplicates: [],
      })
    }
  }
  deps.onProgress({ done: total, total, current: null })
  return { outcomes, notRun: 0 }
}
