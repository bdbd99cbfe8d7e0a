// Review and decisions behind ReviewService: the case list and a case as the reviewer sees it (checks re-run when
// stale), field edits (each an intent checked against the stored case, cases/field-edits.ts), a case's issuing
// country and ID type, decisions under the review rules (four-eyes, approval over failed checks), and the audit
// trail of a case.
import { auditDraft, type AuditDetails } from '../../../shared/audit'
import { failingChecks } from '../../../shared/checks/types'
import type { CaseParams, Placement, ReviewerField } from '../../../shared/ipc'
import { summarise, type CaseSummary, type Decision, type Field, type Quad } from '../../../shared/model'
import { decisionProblem, overrideOutcome, type DecisionDraft } from '../../../shared/review-rules'
import { fieldEditDraft } from '../cases/case-audit'
import { isBusy } from '../cases/case-params'
import { checkOptions, isStale } from '../cases/checks-runner'
import {
  applyFieldEdit,
  intentChange,
  VALUE_MERGE_WINDOW_MS,
  type EditOptions,
  type FieldIntent,
} from '../cases/field-edits'
import { now, type ApiPart, type ServiceContext } from './context'

export type DecisionApi = ApiPart<
  | 'listCases'
  | 'getCase'
  | 'getAudit'
  | 'setFieldValue'
  | 'setFieldQuad'
  | 'moveField'
  | 'setVerified'
  | 'addField'
  | 'deleteField'
  | 'decide'
  | 'setCaseParams'
>

const TYPING: EditOptions = { mergeValueWithinMs: VALUE_MERGE_WINDOW_MS }

export function createDecisionService(
  ctx: ServiceContext,
  recognition: { isQueued(id: string): boolean },
): DecisionApi {
  const { deps, store, settings, audits, ready, changeCase, checked, whoIsReviewing } = ctx
  const reportedProblems = new Set<string>()

  /**
   * Every field change is an intent checked against the stored case (intentChange), then made by applyFieldEdit,
   * so it is recorded in the case history and the audit log.
   */
  function editCase(id: string, key: string, intent: FieldIntent, options?: EditOptions) {
    let change: { expected: Field | null; next: Field | null } | null = null
    return changeCase(
      id,
      (c) => {
        change = intentChange(c, key, intent)
        return applyFieldEdit(c, key, change.expected, change.next, whoIsReviewing(), now(), options)
      },
      (_before, _after, reviewer, at) => [fieldEditDraft(key, change!.expected, change!.next, reviewer, at)],
    )
  }

  return {
    async listCases(): Promise<CaseSummary[]> {
      await ready
      const { summaries, problems } = await store.listSummaries()
      // Each unreadable or quarantined case is told once per session (the renderer lists at start-up).
      for (const p of problems) {
        const key = `${p.id}:${p.quarantinedTo ?? ''}`
        if (reportedProblems.has(key)) continue
        reportedProblems.add(key)
        deps.logger.warn(`case ${p.id} could not be loaded${p.quarantinedTo ? ' (quarantined)' : ''}`)
        deps.emit('notice', { level: 'error', message: p.message })
      }
      return summaries
    },

    async getCase(id: string) {
      await ready
      const c = await store.load(id)
      // A run from another day (expiry, age) or under another minimum age is re-run for display; it is saved with
      // the case's next change, and a decision always runs the checks afresh.
      return isStale(c.checks, checkOptions(settings.review())) ? checked(c) : c
    },

    async getAudit(caseId: string) {
      await ready
      return audits.view(await store.load(caseId))
    },

    // Field edits: each intent is checked against the stored case (field-edits.ts intentChange).
    // Typing saves on every change; a burst of keystrokes in one field becomes one history entry.
    async setFieldValue(caseId: string, key: string, value: string, expected: string | null) {
      return editCase(caseId, key, { op: 'value', value, expected }, expected === null ? TYPING : undefined)
    },

    async setFieldQuad(caseId: string, key: string, quad: Quad | null, expected: Quad | null) {
      return editCase(caseId, key, { op: 'quad', quad, expected })
    },

    async moveField(caseId: string, key: string, to: Placement, expected: Placement) {
      return editCase(caseId, key, { op: 'move', to, expected })
    },

    async setVerified(caseId: string, key: string, verified: boolean) {
      return editCase(caseId, key, { op: 'verified', verified })
    },

    async addField(caseId: string, key: string, field: ReviewerField) {
      return editCase(caseId, key, { op: 'add', field })
    },

    async deleteField(caseId: string, key: string, expected: ReviewerField) {
      return editCase(caseId, key, { op: 'delete', expected })
    },

    async decide(caseId: string, draft: DecisionDraft) {
      const who = whoIsReviewing()
      let override: AuditDetails['checks_overridden'] | null = null
      return changeCase(
        caseId,
        (stored) => {
          // The rules are judged on checks run now (today's date, current settings), and that run is kept.
          const c = checked(stored)
          const problem = decisionProblem(c, draft, who, settings.review())
          if (problem) throw new Error(problem)
          const failing = draft.kind === 'approved' ? failingChecks(c.checks).map((x) => x.id) : []
          const reason = draft.checksOverride?.trim() ?? ''
          // An approval over failing checks: approved, or with four-eyes the first reviewer's request.
          const outcome = failing.length ? overrideOutcome(c, who, settings.review()) : 'approve'
          override = failing.length
            ? {
                checks: failing,
                reason,
                outcome: outcome === 'approve' ? 'approved' : 'second_review_requested',
              }
            : null
          const decision: Decision = {
            kind: outcome === 'approve' ? draft.kind : 'second_review',
            reason: draft.kind === 'rejected' ? draft.reason : null,
            note: draft.note.trim(),
            reviewer: who.name,
            account: who.account,
            at: now(),
            checksOverride: failing.length ? { checks: failing, reason } : null,
          }
          return { ...c, decision }
        },
        (_b, after, reviewer, at) => [
          ...(override ? [auditDraft('checks_overridden', override, reviewer, at)] : []),
          auditDraft(
            'decided',
            { kind: after.decision!.kind, reason: after.decision!.reason, note: after.decision!.note },
            reviewer,
            at,
          ),
        ],
      )
    },

    async setCaseParams(caseIds: string[], params: CaseParams): Promise<CaseSummary[]> {
      await ready
      if (!('issuingCountry' in params) && !('idType' in params)) {
        throw new Error('Choose an issuing country or an ID type to set')
      }
      const ids = [...new Set(caseIds)]
      const cases = await Promise.all(ids.map((id) => store.load(id)))
      // All or nothing: a case being sent keeps the values it is sent with, and the reviewer is told which.
      const busy = cases.filter((c) => isBusy(c) || recognition.isQueued(c.id))
      if (busy.length) {
        const names = busy.slice(0, 3).map((c) => c.name)
        const more = busy.length > 3 ? ` and ${busy.length - 3} more` : ''
        throw new Error(
          `${names.join(', ')}${more} ${busy.length === 1 ? 'is' : 'are'} being recognised: change the country or ` +
            'type after it finishes (or cancel the recognition)',
        )
      }
      ctx.remember({ issuingCountry: params.issuingCountry ?? null, idType: params.idType ?? null })
      const changed: CaseSummary[] = []
      for (const c of cases) {
        let didChange = false
        // Judged on the case as stored at the change (another call may have changed the other value meanwhile).
        const saved = await changeCase(c.id, (x) => {
          const next = {
            issuingCountry: params.issuingCountry !== undefined ? params.issuingCountry : x.issuingCountry,
            idType: params.idType !== undefined ? params.idType : x.idType,
          }
          if (isBusy(x) || (next.issuingCountry === x.issuingCountry && next.idType === x.idType)) return x
          didChange = true
          return { ...x, ...next }
        })
        if (didChange) changed.push(summarise(saved))
      }
      if (changed.length > 1) deps.emit('casesChanged', {})
      deps.logger.info(`params: ${changed.length} of ${ids.length} case(s) changed`)
      return changed
    },
  }
}
