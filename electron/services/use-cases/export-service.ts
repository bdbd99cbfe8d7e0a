// Exports behind ReviewService: cases as CSV or JSON (export/export-service.ts writes the files; the admin policy's
// export options apply whatever the renderer sends), the audit trail as CSV, and showing a written file. Each case
// in a file gets an "exported" audit event, recorded like any other change of the case.
import { basename } from 'node:path'
import { auditDraft, type AuditDetails } from '../../../shared/audit'
import type { CsvOptions } from '../../../shared/export-options'
import type { ExportRequest, ExportResult } from '../../../shared/ipc'
import { auditCsv } from '../audit/audit-log'
import { createExportService } from '../export/export-service'
import { writeFileAtomic } from '../store/atomic-write'
import { reviewerName } from '../cases/field-edits'
import { now, type ApiPart, type ServiceContext } from './context'

export type ExportApi = ApiPart<'exportCsv' | 'exportJson' | 'exportAuditCsv' | 'revealExport'>

export function createCaseExportService(ctx: ServiceContext): ExportApi {
  const { deps, store, settings, audits, ready, changeCase } = ctx

  /**
   * An export of the case, as an audit event (the case itself is unchanged but for its audit anchor). In a team
   * workspace the event alone: anyone may export a case, while changing one needs its claim.
   */
  async function recordExport(id: string, details: AuditDetails['exported']): Promise<void> {
    const draft = auditDraft('exported', details, reviewerName(settings.reviewer()), now())
    if (await audits.note(id, draft)) {
      deps.emit('caseChanged', { caseId: id })
      return
    }
    await changeCase(
      id,
      (x) => ({ ...x, exportedAt: now() }),
      (_b, _a, reviewer, at) => [auditDraft('exported', details, reviewer, at)],
    )
  }

  const exporter = createExportService({
    load: (id) => store.load(id),
    auditOf: async (c) => (await audits.view(c)).entries,
    recordExport,
    dialogs: deps.dialogs,
    logger: deps.logger,
  })

  return {
    async exportAuditCsv(caseIds: string[]): Promise<ExportResult> {
      await ready
      const cases = await Promise.all(caseIds.map((id) => store.load(id)))
      const rows = []
      for (const c of cases) {
        const { entries } = await audits.view(c)
        for (const entry of entries) rows.push({ caseId: c.id, caseName: c.name, entry })
      }
      const stamp = now().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
      const path = await deps.dialogs.chooseSavePath({
        title: 'Export the audit trail as CSV',
        defaultName: `recto-audit-${stamp}.csv`,
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      })
      if (!path) return { status: 'canceled' }
      await writeFileAtomic(path, auditCsv(rows))
      exporter.noteWritten(path)
      const file = basename(path)
      for (const c of cases) await recordExport(c.id, { format: 'audit_csv', file })
      deps.logger.info(`export: audit of ${cases.length} cases written`)
      return { status: 'saved', path, rows: rows.length }
    },

    // The admin policy's export options apply whatever the renderer sends (settings.ts enforce*).
    async exportCsv(request: ExportRequest, options: CsvOptions): Promise<ExportResult> {
      await ready
      return exporter.exportCsv(settings.enforceExportRequest(request), settings.enforceCsvOptions(options))
    },

    async exportJson(request: ExportRequest): Promise<ExportResult> {
      await ready
      // JSON carries everything unmasked: refused while the policy masks numbers or leaves out the MRZ.
      const problem = settings.exportProblem('json')
      if (problem) throw new Error(problem)
      return exporter.exportJson(settings.enforceExportRequest(request))
    },

    async revealExport(path: string): Promise<void> {
      await ready
      return exporter.revealExport(path)
    },
  }
}
