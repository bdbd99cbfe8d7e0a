// The export as the reviewer runs it: the chosen cases loaded, "decided only" applied, undecided cases confirmed
// (a message box), the file chosen (the save dialog), written atomically and owner-only, and one "exported" audit
// event recorded per case in it. The text itself comes from the pure engine (csv.ts, json.ts). No 'electron'
// import: the host's dialogs come in through the Dialogs port.
import { stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import type { AuditEntry } from '../../../shared/audit'
import type { CsvOptions } from '../../../shared/export-options'
import type { ExportRequest, ExportResult } from '../../../shared/ipc'
import type { Case } from '../../../shared/model'
import { writeFileAtomic } from '../store/atomic-write'
import { mapLimited } from '../batch/limited'
import type { Dialogs, Logger } from '../ports'
import { buildCsv } from './csv'
import { buildJson } from './json'

export type ExportFormat = 'csv' | 'json'

export type ExportServiceDeps = {
  /** One case, validated (throws when it does not exist or cannot be read). */
  load(id: string): Promise<Case>
  /** The case's audit log, oldest first (for the JSON export). */
  auditOf(c: Case): Promise<readonly AuditEntry[]>
  /** Appends the "exported" audit event to the case (and saves it). `file` is the base name only. */
  recordExport(caseId: string, details: { format: ExportFormat; file: string }): Promise<void>
  dialogs: Pick<Dialogs, 'chooseSavePath' | 'confirm' | 'revealInFolder'>
  logger: Logger
  /** The clock (for the default file name and the JSON's exportedAt); injected by tests. */
  now?: () => Date
}

export interface ExportService {
  exportCsv(request: ExportRequest, options: CsvOptions): Promise<ExportResult>
  exportJson(request: ExportRequest): Promise<ExportResult>
  /**
   * Remembers a file written by another export of this session (the audit CSV), so Show in folder accepts it.
   */
  noteWritten(path: string): void
  /** Shows a file this session exported in the OS file manager; any other path is refused with a clear error. */
  revealExport(path: string): Promise<void>
}

/** Cases read (and audit events recorded) at once: enough to keep the disk busy, few enough for any ulimit. */
const IO_CONCURRENCY = 16

/** Permissions of the exported file: the records hold personal data, so only the owner may read them. */
export const EXPORT_FILE_MODE = 0o600

const FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  csv: { name: 'CSV', extensions: ['csv'] },
  json: { name: 'JSON', extensions: ['json'] },
}

/** A case counts as decided once a reviewer recorded a decision (approved, rejected or second review). */
export function isDecided(c: Pick<Case, 'decision'>): boolean {
  return c.decision !== null
}

const two = (n: number) => String(n).padStart(2, '0')

/** `recto-export-20260131-0930.csv`, in the reviewer's local time (the name they see in their folder). */
export function defaultExportName(format: ExportFormat, at: Date): string {
  const stamp = `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}`
  return `recto-export-${stamp}.${format}`
}

/** How many written paths Show in folder remembers (the most recent ones; a session rarely comes close). */
export const REMEMBERED_EXPORTS = 50

/** The refusal for a path this session did not export (a renderer cannot ask to show anything else). */
export const NOT_EXPORTED_MESSAGE =
  'Show in folder only opens files exported in this session: export again to get a file to show.'

/**
 * The paths written this session, oldest first, at most `limit` of them (the oldest is forgotten first; writing a
 * path again makes it the newest). Paths are compared resolved, as written.
 */
export function createWrittenPaths(limit = REMEMBERED_EXPORTS) {
  const paths = new Set<string>()
  return {
    add(path: string): void {
      const p = resolve(path)
      paths.delete(p)
      paths.add(p)
      while (paths.size > limit) paths.delete(paths.values().next().value as string)
    },
    has: (path: string): boolean => paths.has(resolve(path)),
    get size() {
      return paths.size
    },
  }
}

const cases = (n: number) => `${n} case${n === 1 ? '' : 's'}`

/** The question asked before undecided cases are exported. */
export function undecidedQuestion(undecided: number, total: number) {
  const message =
    total === 1
      ? 'This case has no decision yet.'
      : undecided === total
        ? `None of the ${total} cases has a decision yet.`
        : `${undecided} of the ${total} cases ${undecided === 1 ? 'has' : 'have'} no decision yet.`
  const they = undecided === 1 ? 'It' : 'They'
  return {
    title: 'Export undecided cases?',
    message,
    detail: `${they} will be exported with an empty decision. Export ${undecided === 1 ? 'it' : 'them'} anyway?`,
    confirmLabel: 'Export anyway',
  }
}

/** The error when "Decided cases only" leaves nothing. */
export function nothingDecidedMessage(total: number): string {
  return total === 1
    ? 'The chosen case has no decision yet: decide it first, or export without "Decided cases only".'
    : `None of the ${total} chosen cases has a decision yet: decide them first, or export without "Decided cases only".`
}

export function createExportService(deps: ExportServiceDeps): ExportService {
  const clock = deps.now ?? (() => new Date())
  const written = createWrittenPaths()

  /**
   * The cases to write, in the order asked (each once), or 'canceled' when the reviewer declined to export
   * undecided cases. Throws when nothing is left to export.
   */
  async function chooseCases(request: ExportRequest): Promise<Case[] | 'canceled'> {
    const ids = [...new Set(request.caseIds)]
    if (!ids.length) throw new Error('Choose at least one case to export.')
    const loaded = await mapLimited(ids, IO_CONCURRENCY, (id) => deps.load(id))
    if (request.decidedOnly) {
      const decided = loaded.filter(isDecided)
      if (!decided.length) throw new Error(nothingDecidedMessage(loaded.length))
      return decided
    }
    const undecided = loaded.filter((c) => !isDecided(c)).length
    if (undecided > 0 && !(await deps.dialogs.confirm(undecidedQuestion(undecided, loaded.length)))) {
      return 'canceled'
    }
    return loaded
  }

  async function run(
    format: ExportFormat,
    request: ExportRequest,
    render: (cases: Case[], at: Date) => Promise<string>,
  ): Promise<ExportResult> {
    const chosen = await chooseCases(request)
    if (chosen === 'canceled') return { status: 'canceled' }
    const at = clock()
    const path = await deps.dialogs.chooseSavePath({
      title: `Export ${cases(chosen.length)} as ${format.toUpperCase()}`,
      defaultName: defaultExportName(format, at),
      filters: [FILTERS[format]],
    })
    if (!path) return { status: 'canceled' }
    const text = await render(chosen, at)
    await writeFileAtomic(path, text, { mode: EXPORT_FILE_MODE })
    written.add(path)
    deps.logger.info(`export: ${chosen.length} cases written as ${format}`)

    // Every case in the file gets its audit event; one that cannot be recorded does not stop the others.
    const file = basename(path)
    const failed: string[] = []
    await mapLimited(chosen, IO_CONCURRENCY, async (c) => {
      try {
        await deps.recordExport(c.id, { format, file })
      } catch (err) {
        failed.push(c.id)
        deps.logger.error(
          `export: case ${c.id} exported but not recorded (${err instanceof Error ? err.name : 'error'})`,
        )
      }
    })
    if (failed.length) {
      throw new Error(
        `${file} was written, but the export could not be recorded in the audit trail of ${cases(failed.length)}. ` +
          'Export them again to record it.',
      )
    }
    return { status: 'saved', path, rows: chosen.length }
  }

  return {
    exportCsv(request, options) {
      return run('csv', request, async (chosen) => buildCsv(chosen, options))
    },
    exportJson(request) {
      return run('json', request, async (chosen, at) => {
        const audit = new Map<string, readonly AuditEntry[]>()
        await mapLimited(chosen, IO_CONCURRENCY, async (c) => audit.set(c.id, await deps.auditOf(c)))
        return buildJson(chosen, (id) => [...(audit.get(id) ?? [])], at.toISOString())
      })
    },
    noteWritten(path) {
      written.add(path)
    },
    async revealExport(path) {
      if (!written.has(path)) throw new Error(NOT_EXPORTED_MESSAGE)
      const reveal = deps.dialogs.revealInFolder
      if (!reveal) throw new Error(`This window cannot open a file manager: the file is ${resolve(path)}`)
      const there = await stat(path).then(
        (s) => s.isFile(),
        () => false,
      )
      if (!there) throw new Error(`${basename(path)} is no longer there: it was moved or deleted.`)
      await reveal.call(deps.dialogs, resolve(path))
      deps.logger.info('export: file shown in its folder')
    },
  }
}
