// A real ReviewService on a temp user-data folder, for service-level tests.
// `encrypted: true` gives it a vault (issue 13) in the user-data folder, kept by a fake OS keystore that always
// answers, so the case store, its index and the audit logs are encrypted; reopening the same folder unlocks it.
// Everything it makes is under one temp folder (`root`); cleanup() disposes the service and removes that folder,
// which matters where no test runner removes TMPDIR afterwards (the benchmarks).
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileSettingsStore } from '../../electron/services/settings/file-settings-store'
import type { LocalEngine } from '../../electron/services/local-engine/types'
import type { Dialogs, SaveDialogOptions, ServiceEnv } from '../../electron/services/ports'
import { createReviewService } from '../../electron/services/review-service'
import type { ReviewEventName } from '../../shared/ipc'
import { fakeSecrets } from './fake-secrets'
import { fixturePath } from './paths'
import { testVault } from './test-vault'
import { NO_KEYSTORE, type KeystoreCodec } from '../../electron/services/store/vault/vault'
import { VaultGate } from '../../electron/services/store/vault/vault-gate'

export async function serviceHarness(
  env: ServiceEnv,
  opts: {
    encryption?: boolean
    userDataDir?: string
    /** How the confirmation message box answers (default: yes, as a scripted host does). */
    confirm?: boolean
    /** What the folder dialog answers (default: cancelled). */
    folder?: string | null
    /** The admin policy file (default: none). */
    policyFile?: string | null
    /** The OS account at the keyboard (default 'reviewer-a'; see setAccount). */
    account?: string
    /** Encrypt the case store with a vault in the user-data folder (default: plaintext, as before issue 13). */
    encrypted?: boolean
    /**
     * As the app does: a VaultGate on this keystore (null: none, so the vault waits for a passphrase), started
     * once the service exists. Overrides `encrypted`.
     */
    gate?: { keystore: KeystoreCodec | null }
    /** The local engine (issue 15): a fake in unit tests; default the real one, loaded on first use. */
    localEngine?: LocalEngine
    /** The sample documents' folder (default: none). */
    samplesDir?: string | null
  } = {},
) {
  const encryption = opts.encryption ?? true
  const root = await mkdtemp(join(tmpdir(), 'recto-service-'))
  const userDataDir = opts.userDataDir ?? join(root, 'user-data')
  const exportDir = join(root, 'exports')
  await mkdir(exportDir)
  const events: { event: ReviewEventName; payload: unknown }[] = []
  const logs: string[] = []
  let savePath: string | null = join(exportDir, 'export.csv')
  let confirmAnswer = opts.confirm ?? true
  let folderAnswer = opts.folder ?? null
  /** Every question the service asked through the confirmation message box, in order. */
  const confirmations: Parameters<Dialogs['confirm']>[0][] = []
  const saveDialogs: SaveDialogOptions[] = []
  let account = opts.account ?? 'reviewer-a'
  const logger = {
    info: (m: string) => logs.push(m),
    warn: (m: string) => logs.push(m),
    error: (m: string) => logs.push(m),
  }
  const gate = opts.gate
    ? new VaultGate({ dir: userDataDir, codec: opts.gate.keystore ?? NO_KEYSTORE, logger })
    : null
  const vault = !gate && opts.encrypted ? await testVault(userDataDir) : null
  const service = createReviewService({
    userDataDir,
    settings: new FileSettingsStore(join(userDataDir, 'settings.json')),
    secrets: fakeSecrets(encryption),
    dialogs: {
      chooseSavePath: async (options) => {
        saveDialogs.push(options)
        return savePath
      },
      chooseFolder: async () => folderAnswer,
      confirm: async (options) => {
        confirmations.push(options)
        return confirmAnswer
      },
    },
    env,
    emit: (event, payload) => events.push({ event, payload }),
    logger,
    account: () => account,
    policyFile: opts.policyFile ?? null,
    vault: gate ?? vault,
    ...(opts.localEngine ? { localEngine: opts.localEngine } : {}),
    samplesDir: opts.samplesDir ?? null,
  })
  if (gate) {
    await mkdir(userDataDir, { recursive: true })
    void gate.start()
  }
  const file = async (name: string) => ({ name, bytes: new Uint8Array(await readFile(fixturePath(name))) })
  /** Resolves when every listed case has one of these statuses (polling the store through the service). */
  const waitFor = async (ids: string[], statuses: string[], timeoutMs = 20_000) => {
    const until = Date.now() + timeoutMs
    for (;;) {
      const cases = await service.listCases()
      if (ids.every((id) => statuses.includes(cases.find((c) => c.id === id)?.status ?? ''))) return cases
      if (Date.now() > until) throw new Error(`timed out waiting for ${statuses.join('/')}`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }
  return {
    service,
    vault,
    gate,
    /** The temp folder holding the export folder (and the user-data folder unless one was given). */
    root,
    /**
     * Disposes the service, locks the vault and removes `root` (a user-data folder given by the caller is the
     * caller's to remove).
     */
    cleanup: async () => {
      try {
        await service.dispose()
      } finally {
        vault?.lock()
        await rm(root, { recursive: true, force: true })
      }
    },
    waitFor,
    userDataDir,
    exportDir,
    events,
    logs,
    file,
    confirmations,
    saveDialogs,
    cancelNextSave: () => {
      savePath = null
    },
    /** Where the save dialog answers from now on (null: cancelled). */
    setSavePath: (path: string | null) => {
      savePath = path
    },
    /** How the confirmation message box answers from now on. */
    answerConfirm: (yes: boolean) => {
      confirmAnswer = yes
    },
    /** What the folder dialog answers from now on (null: cancelled). */
    answerFolder: (folder: string | null) => {
      folderAnswer = folder
    },
    /** Another OS account sits down at the keyboard (four-eyes). */
    setAccount: (name: string) => {
      account = name
    },
  }
}
