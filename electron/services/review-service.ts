// ReviewService: implements the ReviewApi contract by wiring the use-case services (electron/services/use-cases/)
// and delegating to them; it holds no logic of its own beyond the order things stop in at quit. Plain Node (no
// 'electron'), so the app, the unit tests and the Chromium E2E host all run this same code.
//
// Layers, top down: this file → use-cases/ (import, recognition, decisions, export, store, settings; the shared
// state in use-cases/context.ts) → the domain folders: recognition/, argos/, cases/, images/, batch/, export/,
// settings/ → audit/ and store/ (the case store, its index, the vault, deletion and retention). ports.ts (what the
// host provides) and redact.ts are used at every level. A lower folder never imports a higher one
// (test/unit/architecture/layering.test.ts).
import type { ReviewApi } from '../../shared/ipc'
import type { CaseImageSource } from './images/case-image-route'
import type { ServiceDeps } from './ports'
import { createServiceContext } from './use-cases/context'
import { createDecisionService } from './use-cases/decision-service'
import { createCaseExportService } from './use-cases/export-service'
import { createImportService } from './use-cases/import-service'
import { createRecognitionService } from './use-cases/recognition-service'
import { createSettingsService } from './use-cases/settings-service'
import { createStoreService } from './use-cases/store-service'
import { createWorkspaceService } from './use-cases/workspace-service'
import { copyLocalToTeam } from './use-cases/copy-to-team'

export interface ReviewService extends ReviewApi, CaseImageSource {
  /** Stops in-flight work; called when the app quits. */
  dispose(): Promise<void>
  /** The secrets the IPC binding's redaction point removes from error messages (not on the IPC contract). */
  secretsForRedaction(): string[]
}

export function createReviewService(deps: ServiceDeps): ReviewService {
  const ctx = createServiceContext(deps)
  // Created in this order on purpose: the vault gate hears that the store opened before retention and the resume
  // of interrupted cases start on it.
  const stores = createStoreService(ctx)
  const settings = createSettingsService(ctx)
  const recognition = createRecognitionService(ctx)
  const exports = createCaseExportService(ctx)
  const imports = createImportService(ctx)
  const decisions = createDecisionService(ctx, recognition)
  // "Copy local cases to the team workspace…": nothing local is removed before the reviewer says so.
  const workspace = createWorkspaceService(ctx, (team, onProgress) =>
    copyLocalToTeam({
      local: ctx.localStore,
      localAudits: ctx.localAudits,
      team,
      onProgress,
      confirmRemoval: (count) =>
        deps.dialogs.confirm({
          title: 'Remove the copied cases from this computer?',
          message: `${count} case${count === 1 ? ' was' : 's were'} copied to the team workspace and verified there.`,
          detail:
            'Removing them here leaves the team copy as the only one. A record of each removal is kept. Keep them if unsure: copying again skips them.',
          confirmLabel: 'Remove from this computer',
        }),
      removeLocal: (id) => stores.removeCopied(id),
      logger: deps.logger,
    }),
  )
  // A saved team workspace opens once the local store is ready (it stays in use if the team's cannot be reached).
  const opened = workspace.openSaved().catch(() => undefined)

  return {
    ...settings,
    ...imports,
    ...recognition.api,
    ...decisions,
    ...exports,
    ...stores.api,
    ...workspace.api,
    secretsForRedaction: ctx.secretsForRedaction,

    async dispose() {
      stores.stopRetention()
      ctx.stopMigration(new Error('Recto is quitting'))
      // Quitting at the unlock screen: nothing was started, nothing to wait for (ready never comes).
      if (!ctx.isReady()) {
        if (ctx.unlockedYet()) await ctx.ready.catch(() => undefined)
        if (!ctx.isReady()) {
          await recognition.stopEngine()
          ctx.keys?.forget()
          ctx.gate?.lock()
          return
        }
      }
      await stores.purged
      await recognition.resumed.catch(() => undefined)
      await recognition.stop()
      await opened
      await workspace.stop()
      await ctx.localStore.close()
      ctx.keys?.forget()
      ctx.gate?.lock()
    },
  }
}
