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

export async function serviceHarness(env: ServiceEnv, encryption = true) {
  const root = await mkdtemp(join(tmpdir(), 'recto-service-'))
  const userDataDir = join(root, 'user-data')
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
  return {
    service,
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
