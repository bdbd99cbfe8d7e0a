// The store's own use cases behind ReviewService: the vault (set up, unlock, passphrase, recovery key), whether the
// store opened (told to the vault gate's screen), deleting cases (by the reviewer, "Delete all data", retention on
// a timer) and reading a case's images (full, preview, thumbnail and screen copies, made from the stored image).
import type { ImageVariant } from '../../../shared/image-url'
import type { ImagePreview } from '../../../shared/ipc'
import type { Side } from '../../../shared/model'
import { loadPreview } from '../images/previews'
import { makeScreenCopy, makeThumbnail, needsScreenCopy, screenFile, THUMB_FILE } from '../images/thumbnails'
import { createDeletion, RETENTION_INTERVAL_MS } from '../store/deletion'
import type { VaultGate } from '../store/vault/vault-gate'
import type { ApiPart, ServiceContext } from './context'

export type StoreApi = ApiPart<
  | 'getImage'
  | 'readCaseImage'
  | 'getPreview'
  | 'deleteCase'
  | 'deleteAllData'
  | 'getVaultState'
  | 'setUpVault'
  | 'unlockVault'
  | 'setVaultPassphrase'
  | 'newRecoveryKey'
>

export interface StoreService {
  api: StoreApi
  /** The first retention run (started once the store is ready); quitting waits for it. */
  purged: Promise<unknown>
  /** Stops the retention timer. */
  stopRetention(): void
  /** Removes a local case once it was copied to the team workspace (with its tombstone). */
  removeCopied(id: string): Promise<void>
}

export function createStoreService(ctx: ServiceContext): StoreService {
  const { deps, gate, store, settings, ready } = ctx
  if (gate)
    ready.then(
      () => gate.storeOpened(),
      (err: unknown) => {
        deps.logger.error(`store: could not open (${err instanceof Error ? err.name : 'error'})`)
        gate.fail(
          `Recto could not open the case store: ${err instanceof Error ? err.message : 'unknown error'}. Close Recto and start it again; if this repeats, keep the profile folder for examination.`,
        )
      },
    )
  if (gate) gate.onChange((view) => deps.emit('vaultChanged', view))
  const deletion = createDeletion({
    store: ctx.localStore,
    userDataDir: deps.userDataDir,
    dialogs: deps.dialogs,
    emit: deps.emit,
    logger: deps.logger,
    who: () => ({ account: deps.account(), name: settings.reviewer() }),
    retentionDays: () => settings.review().retentionDays,
  })
  // Retention runs once the store is ready, then every few hours while the app is open.
  const purge = () =>
    ready
      .then(() => deletion.purgeExpired())
      .catch((err: unknown) =>
        deps.logger.error(`retention: purge failed (${err instanceof Error ? err.name : 'error'})`),
      )
  const purged = purge()
  const purgeTimer = setInterval(() => void purge(), RETENTION_INTERVAL_MS)
  purgeTimer.unref?.()

  // A team's cases are kept by the team's database: deleting them is its administrator's (docs/TEAM.md).
  const refuseInTeam = (): void => {
    if (ctx.workspace.kind === 'team')
      throw new Error(
        "Cases in the team workspace are not deleted from Recto: the team's administrator removes them from the database (docs/TEAM.md).",
      )
  }

  const requireGate = (): VaultGate => {
    if (!gate) throw new Error('This store is not encrypted; there is no vault to set up or unlock.')
    return gate
  }

  async function getPreview(caseId: string, side: Side): Promise<ImagePreview> {
    await ready
    const c = await store.load(caseId)
    const { preview, missing } = await loadPreview(store, c, side)
    if (missing) deps.logger.warn(`preview: case ${caseId} ${side} preview file missing, image sent instead`)
    return preview
  }

  async function readCaseImage(caseId: string, side: Side, variant: ImageVariant) {
    if (variant === 'thumb' || variant === 'screen') {
      if (variant === 'thumb' && side !== 'front') throw new Error('Only the front has a thumbnail')
      await ready
      const c = await store.load(caseId)
      const ref = side === 'front' ? c.front : c.back
      if (!ref) throw new Error(`This case has no ${side} image`)
      if (variant === 'screen' && !needsScreenCopy(ref.width, ref.height)) {
        return { bytes: new Uint8Array(await store.readImage(c, side)), mime: ref.mime }
      }
      // Made from the preview when there is one: a smaller decode than the stored image.
      const source = async () => (await store.readPreview(c, side)) ?? store.readImage(c, side)
      const bytes =
        variant === 'thumb'
          ? await store.readDerived(c, THUMB_FILE, source, makeThumbnail)
          : await store.readDerived(c, screenFile(side), source, makeScreenCopy)
      return { bytes: new Uint8Array(bytes), mime: 'image/jpeg' }
    }
    if (variant === 'preview') {
      const { bytes, mime } = await getPreview(caseId, side)
      return { bytes, mime }
    }
    await ready
    const c = await store.load(caseId)
    const ref = side === 'front' ? c.front : c.back
    if (!ref) throw new Error(`This case has no ${side} image`)
    return { bytes: new Uint8Array(await store.readImage(c, side)), mime: ref.mime }
  }

  return {
    purged,
    stopRetention: () => clearInterval(purgeTimer),
    removeCopied: (id) => deletion.removeCopied(id),
    api: {
      async getImage(id: string, side: Side) {
        return (await readCaseImage(id, side, 'full')).bytes
      },
      readCaseImage,
      getPreview,

      async deleteCase(caseId: string, reason: string) {
        await ready
        refuseInTeam()
        return deletion.deleteCase(caseId, reason)
      },

      async deleteAllData() {
        await ready
        refuseInTeam()
        return deletion.deleteAllData()
      },

      // The vault: answered before the store is open (everything else waits for `ready`).
      async getVaultState() {
        return gate ? gate.state() : { state: 'none' }
      },
      async setUpVault(passphrase) {
        return requireGate().setUp(passphrase)
      },
      async unlockVault(secret) {
        return requireGate().unlock(secret)
      },
      async setVaultPassphrase(passphrase) {
        return requireGate().setPassphrase(passphrase)
      },
      async newRecoveryKey() {
        return requireGate().newRecoveryKey()
      },
    },
  }
}
