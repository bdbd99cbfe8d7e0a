// The store and audit trail the use-case services work on, whichever workspace is open: the local ones by default,
// a team's once connected (workspace-service.ts). The services hold these two objects and never know which
// workspace answers; switching changes what they delegate to, between two calls.
import type { AuditDraft } from '../../../shared/audit'
import type { Case } from '../../../shared/model'
import type { AuditTrail } from '../cases/case-audit'
import type { CaseRepository, CreateFile } from '../store/repository'

export class WorkspaceSwitch {
  private currentStore: CaseRepository
  private currentAudits: AuditTrail

  constructor(
    readonly localStore: CaseRepository,
    readonly localAudits: AuditTrail,
  ) {
    this.currentStore = localStore
    this.currentAudits = localAudits
  }

  /** The login the team's database knows this reviewer by; null on this computer. */
  login: string | null = null
  /** The team workspace's password while connected: no message to the renderer may carry it (main process only). */
  password: string | null = null

  use(store: CaseRepository, audits: AuditTrail, login: string | null = null): void {
    this.currentStore = store
    this.currentAudits = audits
    this.login = login
    ;(this.store as { kind: 'local' | 'team' }).kind = store.kind
  }

  useLocal(): void {
    this.use(this.localStore, this.localAudits, null)
  }

  /**
   * Whether this reviewer may work on the case now: always on this computer; in a team workspace, a case they hold
   * (what they imported, or claimed). A batch takes only those: the others' cases are theirs to recognise.
   */
  holds(s: { claimedBy?: string | null }): boolean {
    return this.login === null || s.claimedBy === this.login
  }

  get kind(): 'local' | 'team' {
    return this.currentStore.kind
  }

  /** The store of the workspace in use, as one object that follows switches (its `kind` too). */
  readonly store: CaseRepository = {
    kind: 'local',
    init: () => this.currentStore.init(),
    newId: () => this.currentStore.newId(),
    create: (c: Case, files: readonly CreateFile[]) => this.currentStore.create(c, files),
    load: (id: string) => this.currentStore.load(id),
    update: (id, change) => this.currentStore.update(id, change),
    readImage: (c, side) => this.currentStore.readImage(c, side),
    readPreview: (c, side) => this.currentStore.readPreview(c, side),
    readDerived: (c, name, source, make) => this.currentStore.readDerived(c, name, source, make),
    listSummaries: () => this.currentStore.listSummaries(),
    withContent: (hashes) => this.currentStore.withContent(hashes),
    problems: () => this.currentStore.problems(),
    flush: () => this.currentStore.flush(),
    close: () => this.currentStore.close(),
  }

  /** The audit trail of the workspace in use, following switches. */
  readonly audits: AuditTrail = {
    record: (c: Case, drafts: readonly AuditDraft[]) => this.currentAudits.record(c, drafts),
    view: (c: Case) => this.currentAudits.view(c),
    newFile: (draft: AuditDraft) => this.currentAudits.newFile(draft),
    note: (caseId: string, draft: AuditDraft) => this.currentAudits.note(caseId, draft),
  }
}
