// A real ReviewService on a temp user-data folder, for service-level tests.
import { mkdir, mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileSettingsStore } from '../../electron/services/file-settings-store'
import type { ServiceEnv } from '../../electron/services/ports'
import { createReviewService } from '../../electron/services/review-service'
import type { ReviewEventName } from '../../shared/ipc'
import { fakeSecrets } from './fake-secrets'
import { fixturePath } from './paths'

export async function serviceHarness(
  env: ServiceEnv,
  opts: { encryption?: boolean; userDataDir?: string } = {},
) {
  const encryption = opts.encryption ?? true
  const root = await mkdtemp(join(tmpdir(), 'recto-service-'))
  const userDataDir = opts.userDataDir ?? join(root, 'user-data')
  const exportDir = join(root, 'exports')
  await mkdir(exportDir)
  const events: { event: ReviewEventName; payload: unknown }[] = []
  const logs: string[] = []
  let savePath: string | null = join(exportDir, 'export.csv')
  const service = createReviewService({
    userDataDir,
    settings: new FileSettingsStore(join(userDataDir, 'settings.json')),
    secrets: fakeSecrets(encryption),
    dialogs: { chooseSavePath: async () => savePath },
    env,
    emit: (event, payload) => events.push({ event, payload }),
    logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
  })
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
    waitFor,
    userDataDir,
    exportDir,
    events,
    logs,
    file,
    cancelNextSave: () => {
      savePath = null
    },
  }
}
