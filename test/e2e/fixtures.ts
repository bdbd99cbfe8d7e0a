// One Playwright fixture, two hosts. With an Electron binary the specs drive the built app (_electron);
// without one (CI machines cannot download Electron) they drive the built renderer in Debian's Chromium with the
// real ReviewService bound into window.api. The specs are the same; each run says which host it used.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, type Page } from '@playwright/test'
import type { ServiceEnv } from '../../electron/services/ports'
import { startArgosEmulator, type ArgosEmulator } from '../support/argos-emulator'
import { launchChromiumApp } from './host/chromium-host'
import { electronBinary, launchElectronApp } from './host/electron-host'

export type HostName = 'electron' | 'chromium'
export type AppHandle = {
  page: Page
  userDataDir: string
  exportDir: string
  host: HostName
  /** Another OS account sits down at the keyboard (what four-eyes and the audit go by). */
  setAccount(name: string): Promise<void>
}

/** The OS account every spec starts as. */
export const FIRST_ACCOUNT = 'reviewer-a'

const binary = electronBinary()
export const HOST: HostName = process.env.RECTO_E2E_HOST === 'chromium' || !binary ? 'chromium' : 'electron'
console.log(
  HOST === 'electron'
    ? `[recto e2e] host: Electron (${binary})`
    : `[recto e2e] host: Chromium (${process.env.RECTO_CHROMIUM ?? '/usr/bin/chromium'}) — ${binary ? 'forced by RECTO_E2E_HOST' : 'no Electron binary installed'}`,
)

type Fixtures = {
  /** What the main process environment says about ARGOS; by default the emulator with its right key. */
  argosEnv: ServiceEnv
  /** The folder the scripted folder dialog answers (`test.use({ importFolder })`); none = cancelled. */
  importFolder: string | undefined
  /** What scripted confirmations answer (`test.use({ confirmAnswer: false })`); yes by default. */
  confirmAnswer: boolean
  /** The admin policy file's content (`test.use({ policy })`: an object as JSON, a string as is); none by default. */
  policy: unknown
  app: AppHandle
}
type WorkerFixtures = { emulator: ArgosEmulator }

/**
 * The Electron host hands its own environment to the app: the scripted answers go in as RECTO_SCRIPTED_FOLDER /
 * RECTO_SCRIPTED_CONFIRM (electron/main/host-adapters.ts) for the launch only.
 */
async function withScriptedAnswers<T>(
  answers: { importFolder: string | undefined; confirmAnswer: boolean },
  launch: () => Promise<T>,
): Promise<T> {
  const saved = { folder: process.env.RECTO_SCRIPTED_FOLDER, confirm: process.env.RECTO_SCRIPTED_CONFIRM }
  const set = (key: string, value: string | undefined) => {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  set('RECTO_SCRIPTED_FOLDER', answers.importFolder)
  set('RECTO_SCRIPTED_CONFIRM', answers.confirmAnswer ? 'yes' : 'no')
  try {
    return await launch()
  } finally {
    set('RECTO_SCRIPTED_FOLDER', saved.folder)
    set('RECTO_SCRIPTED_CONFIRM', saved.confirm)
  }
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  emulator: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object
    async ({}, use) => {
      const emulator = await startArgosEmulator()
      await use(emulator)
      await emulator.close()
    },
    { scope: 'worker' },
  ],
  argosEnv: async ({ emulator }, use) => {
    await use({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey })
  },
  importFolder: [undefined, { option: true }],
  confirmAnswer: [true, { option: true }],
  policy: [undefined, { option: true }],
  app: async ({ browser, argosEnv, importFolder, confirmAnswer, policy }, use, testInfo) => {
    const root = await mkdtemp(join(tmpdir(), 'recto-e2e-'))
    const userDataDir = join(root, 'user-data')
    const exportDir = join(root, 'exports')
    const accountFile = join(root, 'account')
    await writeFile(accountFile, FIRST_ACCOUNT)
    const policyFile = policy === undefined ? undefined : join(root, 'policy.json')
    if (policyFile) await writeFile(policyFile, typeof policy === 'string' ? policy : JSON.stringify(policy))
    const log: string[] = []
    const logger = {
      info: (m: string) => log.push(`info ${m}`),
      warn: (m: string) => log.push(`warn ${m}`),
      error: (m: string) => log.push(`error ${m}`),
    }
    const handle =
      HOST === 'electron'
        ? await withScriptedAnswers({ importFolder, confirmAnswer }, () =>
            launchElectronApp({
              executablePath: binary!,
              userDataDir,
              exportDir,
              env: argosEnv,
              accountFile,
              policyFile,
            }),
          )
        : await launchChromiumApp(browser, {
            userDataDir,
            exportDir,
            env: argosEnv,
            logger,
            importFolder,
            confirm: confirmAnswer,
            accountFile,
            policyFile,
          })
    const consoleLines: string[] = []
    handle.page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`))
    handle.page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`))
    const setAccount = (name: string) => writeFile(accountFile, name)
    await use({ page: handle.page, userDataDir, exportDir, host: HOST, setAccount })
    if (testInfo.status !== testInfo.expectedStatus) {
      // Saved on failure: a screenshot, the page console and the service log (ids only, no personal data).
      await handle.page
        .screenshot({ path: testInfo.outputPath('failure.png') })
        .then(() =>
          testInfo.attachments.push({
            name: 'screenshot',
            path: testInfo.outputPath('failure.png'),
            contentType: 'image/png',
          }),
        )
        .catch(() => undefined)
      const logPath = testInfo.outputPath('app.log')
      await writeFile(logPath, [...consoleLines, '--- service ---', ...log].join('\n'))
      testInfo.attachments.push({ name: 'app-log', path: logPath, contentType: 'text/plain' })
    }
    await handle.close()
    await rm(root, { recursive: true, force: true })
  },
})

export const expect = test.expect
