// The state the use-case services behind ReviewService share, built once by createReviewService: the case store
// (behind the vault gate, opened once the vault is unlocked and a plaintext profile is migrated), the settings, the
// case audits, and the one way a case changes (changeCase: applied, checks re-run, audited, saved, announced).
//
// The use-case services (store-, settings-, import-, recognition-, decision- and export-service.ts in this folder)
// each implement one part of the ReviewApi on top of this object and of the domain folders below them (store/,
// audit/, cases/, images/, argos/, batch/, export/); none of them opens a store or reads the settings itself.
import type { AuditDraft } from '../../../shared/audit'
import type { Reviewer } from '../../../shared/review-rules'
import type { Case } from '../../../shared/model'
import type { ReviewApi } from '../../../shared/ipc'
import type { CaseImageSource } from '../images/case-image-route'
import { CaseAudits, paramsDrafts, statusDrafts, type AuditTrail } from '../cases/case-audit'
import type { CaseParamValues } from '../cases/case-params'
import { checkedInputsChanged, checkOptions, withChecks } from '../cases/checks-runner'
import { reviewerName } from '../cases/field-edits'
import type { ServiceDeps } from '../ports'
import { redactForRenderer } from '../redact'
import { Settings } from '../settings/settings'
import { CaseStore } from '../store/case-store'
import { CaseKeyring } from '../store/vault/case-keys'
import { migrateProfile } from '../store/vault/migrate'
import { NO_KEYSTORE } from '../store/vault/vault'
import { VaultGate } from '../store/vault/vault-gate'
import type { CaseRepository } from '../store/repository'
import { WorkspaceSwitch } from './workspace-switch'

/** The part of the ReviewApi (and the image route's source) that one use-case service implements. */
export type ApiPart<K extends keyof (ReviewApi & CaseImageSource)> = Pick<ReviewApi & CaseImageSource, K>

/** Extra audit events for a change, beyond the status and params changes changeCase records itself. */
export type ChangeEvents = (before: Case, after: Case, reviewer: string, at: string) => AuditDraft[]

export interface ServiceContext {
  readonly deps: ServiceDeps
  /** Null when the service runs without a vault (plaintext store, tests). */
  readonly gate: VaultGate | null
  readonly keys: CaseKeyring | null
  /** The case store of the workspace in use (this computer's, or a team's once connected). */
  readonly store: CaseRepository
  /** The store on this computer, whichever workspace is in use (deletion, retention, copying to a team). */
  readonly localStore: CaseStore
  readonly settings: Settings
  /** The audit trail of the workspace in use. */
  readonly audits: AuditTrail
  readonly localAudits: CaseAudits
  /** Switches the workspace the store and audits above delegate to. */
  readonly workspace: WorkspaceSwitch
  /** Settles once the store and the settings are open; every use of the store waits for it. */
  readonly ready: Promise<void>
  isReady(): boolean
  /** True once the vault was unlocked (the store may still be opening). */
  unlockedYet(): boolean
  /** Stops a migration in progress (at quit). */
  stopMigration(reason: Error): void
  /** The reviewer's last country and type choice this session: what a new case starts with when its name is mute. */
  readonly lastChoice: Readonly<CaseParamValues>
  remember(p: Partial<CaseParamValues>): void
  changeCase(
    id: string,
    change: (c: Case) => Case,
    events?: ChangeEvents,
    paramsSource?: 'reviewer' | 'mrz',
  ): Promise<Case>
  /** The case with a check run made now, under the current settings. */
  checked(c: Case, at?: string): Case
  /** The OS account at the keyboard (what the rules and the records go by) and the display name (a label). */
  whoIsReviewing(): Reviewer
  /** The secrets no message to the renderer may carry (the key in use); main process only. */
  secretsForRedaction(): string[]
  /** Belt and braces: whatever a server echoes, no secret or credential-shaped text reaches the renderer. */
  redact(text: string): string
}

export function now(): string {
  return new Date().toISOString()
}

export const MB = 1024 * 1024

export function createServiceContext(deps: ServiceDeps): ServiceContext {
  // With a vault the case files, the index and the audit logs are encrypted (issue 13); without, plaintext (tests).
  // The app always gives a VaultGate: the store opens only once the reviewer (or the keystore) has unlocked it.
  const gate =
    deps.vault instanceof VaultGate
      ? deps.vault
      : deps.vault
        ? VaultGate.around(deps.vault, { dir: deps.userDataDir, codec: NO_KEYSTORE, logger: deps.logger })
        : null
  const keys = gate ? new CaseKeyring(() => gate.current()) : null
  const localStore = new CaseStore(deps.userDataDir, { keys })
  const settings = new Settings(deps.settings, deps.secrets, deps.env, deps.logger, {
    account: deps.account,
    policyFile: deps.policyFile,
    userDataDir: deps.userDataDir,
  })
  // An encrypted store first encrypts what a plaintext profile holds (resumable, atomic per case, with progress on
  // the gate's screen), then opens. The keystore answers asynchronously: the stored API key is opened before
  // anything uses the settings.
  const migration = new AbortController()
  const migrated =
    gate && keys
      ? gate.unlocked.then(() =>
          migrateProfile(deps.userDataDir, keys, {
            logger: deps.logger,
            signal: migration.signal,
            onProgress: (done, total) => gate.migrating(done, total),
          }).then(() => undefined),
        )
      : Promise.resolve()
  let isReady = false
  let unlockedYet = false
  void gate?.unlocked.then(() => {
    unlockedYet = true
  })
  const ready = migrated
    .then(() => Promise.all([localStore.init(), settings.init()]))
    .then(() => {
      isReady = true
    })
  const localAudits = CaseAudits.forService(localStore.root, deps, keys)
  const workspace = new WorkspaceSwitch(localStore, localAudits)
  const { store, audits } = workspace
  const lastChoice: CaseParamValues = { issuingCountry: null, idType: null }

  const secretsForRedaction = (): string[] => {
    const team = workspace.password ? [workspace.password] : []
    try {
      const key = settings.apiKey()
      return key ? [key, ...team] : team
    } catch {
      return team
    }
  }

  function checked(c: Case, at: string = now()): Case {
    return withChecks(c, checkOptions(settings.review()), at, deps.logger)
  }

  /**
   * Every change of a case: applied, turned into audit events (the status changes it makes, plus `events` for
   * what only the caller knows), the events appended to the case's audit log, then the case saved.
   * A change that returns the case itself (nothing to do) records and saves nothing (see CaseStore.update).
   */
  async function changeCase(
    id: string,
    change: (c: Case) => Case,
    events?: ChangeEvents,
    paramsSource: 'reviewer' | 'mrz' = 'reviewer',
  ): Promise<Case> {
    await ready
    const updated = await store.update(id, async (c) => {
      const changed = change(c)
      if (changed === c) return c
      const at = now()
      // Checks follow what they read: a recognition or an edit re-runs them (a decision runs its own, see decide).
      const next = checkedInputsChanged(c, changed) ? checked(changed, at) : changed
      const reviewer = reviewerName(settings.reviewer())
      // A new country or type is recorded before the status change that uses it (e.g. "sent").
      const drafts = [
        ...paramsDrafts(c, next, paramsSource, reviewer, at),
        ...statusDrafts(c, next, reviewer, at),
        ...(events?.(c, next, reviewer, at) ?? []),
      ]
      return audits.record({ ...next, updatedAt: at }, drafts)
    })
    deps.emit('caseChanged', { caseId: id })
    return updated
  }

  return {
    deps,
    gate,
    keys,
    store,
    localStore,
    settings,
    audits,
    localAudits,
    workspace,
    ready,
    isReady: () => isReady,
    unlockedYet: () => unlockedYet,
    stopMigration: (reason) => migration.abort(reason),
    lastChoice,
    remember(p) {
      if (p.issuingCountry) lastChoice.issuingCountry = p.issuingCountry
      if (p.idType) lastChoice.idType = p.idType
    },
    changeCase,
    checked,
    whoIsReviewing: () => ({ account: deps.account(), name: settings.reviewer() }),
    secretsForRedaction,
    redact: (text) => redactForRenderer(text, secretsForRedaction()),
  }
}
