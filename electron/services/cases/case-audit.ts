// The audit trail as the service uses it: what each change of a case means as audit events, and one AuditLog
// per case folder. Entries are appended (and fsynced) BEFORE the case JSON that they describe is saved, and the
// case keeps the log's head ({ count, hash }) as an anchor, so:
// - a crash between the two leaves the log one event ahead of the case, which reading reports as such;
// - removing events at the end of the log (which the hash chain alone cannot see) breaks the anchor.
// Every entry written here carries the OS account at the keyboard (the display name stays as a label) and a MAC
// under the audit key (audit-key.ts); where the key cannot be read, entries are written unsigned and the view says
// the MACs could not be checked.
// When the store is encrypted (options.keys), each case's log is sealed line by line under the case's data key
// (audit-log.ts AuditSealing); the events, chain and anchor are the same.
import { join } from 'node:path'
import { auditDraft, type AuditDraft, type AuditEntry } from '../../../shared/audit'
import type { AuditView } from '../../../shared/ipc'
import type { Case, Field } from '../../../shared/model'
import { AuditKey, type AuditKeySource } from '../audit/audit-key'
import {
  AuditLog,
  headOf,
  newAuditFile,
  verifyAgainstHead,
  verifyChain,
  type ChainVerdict,
} from '../audit/audit-log'
import { editKind } from './field-edits'
import type { ServiceDeps } from '../ports'
import type { CaseKeys } from '../store/vault/case-keys'

/** The audit event of one field change (the same change applyFieldEdit records in the case history). */
export function fieldEditDraft(
  key: string,
  before: Field | null,
  after: Field | null,
  reviewer: string,
  at: string,
): AuditDraft {
  if (!before && after) return auditDraft('field_added', { key, after }, reviewer, at)
  if (before && !after) return auditDraft('field_deleted', { key, before }, reviewer, at)
  const kind = editKind(before, after)
  if (kind === 'side' && before && after) {
    return auditDraft('field_moved', { key, from: before.side, to: after.side, before, after }, reviewer, at)
  }
  const auditKind = kind === 'value' || kind === 'quad' || kind === 'verified' ? kind : 'other'
  return auditDraft('field_edited', { key, kind: auditKind, before, after }, reviewer, at)
}

/**
 * An interrupted request (the case's send marker, saved before it left): `resent` 'automatic' when the setting
 * queues it again at start, null when the case waits for the reviewer.
 */
export function interruptedDraft(
  c: Case,
  resent: 'automatic' | null,
  reviewer: string,
  at: string,
): AuditDraft {
  return auditDraft(
    'recognition_interrupted',
    { attemptId: c.sendMarker?.attemptId ?? null, sentAt: c.sendMarker?.at ?? null, resent },
    reviewer,
    at,
  )
}

/** The recognition events a status change means (sent, recognised, failed, interrupted); none for others. */
export function statusDrafts(before: Case, after: Case, reviewer: string, at: string): AuditDraft[] {
  if (before.status === after.status) return []
  if (after.status === 'sending') {
    // What is sent is the case's own country and type as saved with this status (recognition-runner.ts).
    // A marker already on the case is a request that was interrupted: this one resends it (ARGOS only: the local
    // engine sends nothing, and its reading replaces the answer the interrupted request was waiting for).
    // The engine is the one running now, not the one that read the case before (`provider`).
    const previous = before.sendMarker?.attemptId
    const resends = previous && after.sendMarker && previous !== after.sendMarker.attemptId
    return [
      auditDraft(
        'sent',
        {
          attempt: 0,
          provider: after.runningOn ?? 'argos',
          issuingCountry: after.issuingCountry,
          idType: after.idType,
          ...(resends ? { resendOf: previous } : {}),
        },
        reviewer,
        at,
      ),
    ]
  }
  if (after.status === 'interrupted') return [interruptedDraft(after, null, reviewer, at)]
  if (after.status === 'recognised' && before.status === 'sending') {
    // The local engine's MRZ verdict and repairs go in the timeline: the reviewer sees what was changed.
    const mrz = after.recognition?.mrz
    const local =
      after.provider === 'local'
        ? { provider: 'local', ...(mrz ? { mrz: { valid: mrz.valid, repairs: mrz.repairs } } : {}) }
        : {}
    return [
      auditDraft(
        'recognised',
        { transactionId: after.transactionId, fieldCount: after.fields.length, ...local },
        reviewer,
        at,
      ),
    ]
  }
  if (after.status === 'failed' && after.error) {
    const e = after.error
    return [
      auditDraft(
        'recognition_failed',
        {
          attempt: after.recognition?.attempts ?? 1,
          title: e.title,
          httpStatus: e.httpStatus,
          errorCode: e.errorCode,
        },
        reviewer,
        at,
      ),
    ]
  }
  return []
}

/** A change of the case's issuing country or ID type, as a "params_changed" event; none when both are unchanged. */
export function paramsDrafts(
  before: Case,
  after: Case,
  source: 'reviewer' | 'mrz',
  reviewer: string,
  at: string,
): AuditDraft[] {
  if (before.issuingCountry === after.issuingCountry && before.idType === after.idType) return []
  const pair = (c: Case) => ({ issuingCountry: c.issuingCountry, idType: c.idType })
  return [auditDraft('params_changed', { before: pair(before), after: pair(after), source }, reviewer, at)]
}

export type CaseAuditOptions = {
  /** The OS account at the keyboard, read at each entry. */
  account: () => string
  /** The audit MAC key. */
  macKey: AuditKeySource
  /** The case data keys when the store is encrypted; null or absent for plaintext logs. */
  keys?: CaseKeys | null
}

/** A case's audit view with the MAC report (AuditView plus `mac`, which the timeline shows). */
export type CaseAuditView = AuditView

/** A case's audit trail, whichever workspace keeps it: the local logs (CaseAudits) or the team's (team-audit.ts). */
export interface AuditTrail {
  /** Records the events of a change of `c`; returns the case to save (with its new anchor where it has one). */
  record(c: Case, drafts: readonly AuditDraft[]): Promise<Case>
  view(c: Case): Promise<AuditView>
  /** A new case's first event, as the file the import writes with it. */
  newFile(draft: AuditDraft): Promise<{ entry: AuditEntry; text: string }>
  /**
   * Records an event that changes nothing of the case (an export), where the trail can take one alone: true when
   * recorded; false when the event must go with a change of the case (the local logs are anchored in the case).
   */
  note(caseId: string, draft: AuditDraft): Promise<boolean>
}

export class CaseAudits implements AuditTrail {
  private readonly logs = new Map<string, AuditLog>()
  /** How many times each case was sent, counted from its log once, then kept. */
  private readonly sends = new Map<string, number>()

  constructor(
    private readonly casesRoot: string,
    private readonly options: CaseAuditOptions,
  ) {}

  /** The service's audits: the key in `<userDataDir>/audit-key`, sealed by deps.secrets. */
  static forService(
    casesRoot: string,
    deps: Pick<ServiceDeps, 'userDataDir' | 'secrets' | 'logger' | 'account'>,
    keys: CaseKeys | null = null,
  ): CaseAudits {
    return new CaseAudits(casesRoot, {
      account: deps.account,
      macKey: new AuditKey(deps.userDataDir, deps.secrets, deps.logger),
      keys,
    })
  }

  private stamped(draft: AuditDraft): AuditDraft {
    return { ...draft, account: this.options.account() }
  }

  /** The key to sign with, or null (unsigned) when it cannot be read on this system. */
  private async signingKey(): Promise<Buffer | null> {
    const state = await this.options.macKey.get()
    return state.available ? state.key : null
  }

  private log(id: string): AuditLog {
    let log = this.logs.get(id)
    if (!log) {
      const dir = join(this.casesRoot, id)
      const keys = this.options.keys
      log = new AuditLog(dir, keys ? { caseId: id, key: () => keys.keyFor(dir, id) } : null)
      this.logs.set(id, log)
    }
    return log
  }

  /** Appends the events and returns the case with the new anchor (save it right after). */
  async record(c: Case, drafts: readonly AuditDraft[]): Promise<Case> {
    if (!drafts.length) return c
    const key = await this.signingKey()
    let last: AuditEntry | null = null
    for (const draft of drafts) {
      last = await this.log(c.id).append(this.stamped(await this.numberSend(c.id, draft)), key)
    }
    return { ...c, auditHead: { count: last!.seq + 1, hash: last!.hash } }
  }

  private async numberSend(id: string, draft: AuditDraft): Promise<AuditDraft> {
    if (draft.type !== 'sent') return draft
    let count = this.sends.get(id)
    if (count === undefined) {
      const { entries } = await this.log(id).read()
      count = entries.filter((e) => e.type === 'sent').length
    }
    this.sends.set(id, count + 1)
    return { ...draft, details: { ...draft.details, attempt: count + 1 } }
  }

  async view(c: Case): Promise<CaseAuditView> {
    const { entries, problem } = await this.log(c.id).read()
    const key = await this.options.macKey.get()
    const anchored = c.auditHead ? verifyAgainstHead(entries, c.auditHead, key) : null
    const checked: ChainVerdict = anchored ?? verifyChain(entries, key)
    // verifyChain reports `mac` whenever it is given the key's state.
    const mac = checked.mac!
    const verdict: AuditView['verdict'] = checked.ok
      ? { ok: true, count: checked.count }
      : { ok: false, index: checked.index, reason: checked.reason }
    const ahead = anchored?.ok ? anchored.ahead : 0
    let note = problem
    if (ahead > 0) {
      note = [note, `The log has ${ahead} event(s) the case was not saved with (an interrupted change).`]
        .filter(Boolean)
        .join(' ')
    }
    return { entries, verdict, problem: note, mac }
  }

  /**
   * The audit file of a new case whose first event is `draft` (account stamped, signed), for writing into the
   * case folder as it is created.
   */
  async newFile(draft: AuditDraft): Promise<{ entry: AuditEntry; text: string }> {
    return newAuditFile(this.stamped(draft), await this.signingKey())
  }

  async note(): Promise<boolean> {
    return false
  }

  /** The anchor of a new case's first event, for its case JSON. */
  static firstHead(entry: AuditEntry): Case['auditHead'] {
    return headOf([entry])
  }
}
