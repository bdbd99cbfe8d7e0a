// One Playwright fixture, two hosts. With an Electron binary the specs drive the built app (_electron);
// without one (CI machines cannot download Electron) they drive the built renderer in Debian's Chromium with the
// real ReviewService bound into window.api. The specs are the same; each run says which host it used.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, type Browser, type Page, type TestInfo } from '@playwright/test'
import type { ServiceEnv } from '../../electron/services/ports'
import { migrate } from '../../electron/services/store/pg/migrate'
import { startArgosEmulator, type ArgosEmulator } from '../support/argos-emulator'
import { startPgCluster, type PgCluster } from '../support/pg-cluster'
import { createTeamDb, type Login, type TestDb } from '../support/team-db'
import { chooseHost, type HostName } from './host/choose-host'
import { IMAGE_IPC_METHODS, launchChromiumApp } from './host/chromium-host'
import { electronBinary, launchElectronApp } from './host/electron-host'

export type { HostName }
export type AppHandle = {
  /** The window; a restart replaces it (read `app.page` again, or use what restart returns). */
  page: Page
  userDataDir: string
  exportDir: string
  host: HostName
  /** Another OS account sits down at the keyboard (what four-eyes and the audit go by). */
  setAccount(name: string): Promise<void>
  /** Quits the app (the service disposed) and starts it again on the same profile; returns the new window. */
  restart(): Promise<Page>
  /** Quits the app; the profile stays until the test ends (to read what it left on disk). */
  quit(): Promise<void>
  /** The main-side service log so far (the Chromium host binds the service in this process; [] on Electron). */
  serviceLog(): string[]
}

/** The passphrase the fixture sets where a vault needs one (an Electron host on a machine without a keyring). */
export const E2E_PASSPHRASE = 'e2e passphrase 1'

/** The OS account every spec starts as. */
export const FIRST_ACCOUNT = 'reviewer-a'

const binary = electronBinary()
// Throws (so the whole run fails at once) when RECTO_E2E_HOST asks for a host this machine cannot give.
const choice = chooseHost(
  process.env.RECTO_E2E_HOST,
  binary,
  process.env.RECTO_CHROMIUM ?? '/usr/bin/chromium',
)
export const HOST: HostName = choice.host
console.log(choice.line)

type Fixtures = {
  /**
   * What the main process environment says about ARGOS; by default the emulator with its right key.
   * `test.use({ argosEnv: {} })` launches with no ARGOS URL or key at all: the engine is then `local` (issue 15),
   * so Recognize reads on this computer with the real engine and "Try sample documents" finds the project's
   * resources/samples (both hosts: the app's own paths, and the Chromium host's samplesDir).
   */
  argosEnv: ServiceEnv
  /** The folder the scripted folder dialog answers (`test.use({ importFolder })`); none = cancelled. */
  importFolder: string | undefined
  /** What scripted confirmations answer (`test.use({ confirmAnswer: false })`); yes by default. */
  confirmAnswer: boolean
  /** The admin policy file's content (`test.use({ policy })`: an object as JSON, a string as is); none by default. */
  policy: unknown
  /**
   * The OS keystore (`test.use({ keystore: 'absent' })`): 'present' by default, so the encrypted store opens
   * silently; 'absent' as on Linux without a keyring, so the vault screens ask for a passphrase. The Chromium host
   * fakes the keystore; the Electron host uses the machine's, and RECTO_KEYSTORE=none for 'absent'.
   */
  keystore: 'present' | 'absent'
  /**
   * The reminder to save a recovery key (a fresh profile whose vault the keystore made): 'later' by default (the
   * fixture answers Later, as a reviewer would, so the specs see the workspace at its usual size); 'keep' leaves it.
   */
  recoveryReminder: 'later' | 'keep'
  /**
   * Where the cases live (`test.use({ workspace: 'team' })`): 'local' by default; 'team' gives the test a fresh
   * database on a throwaway PostgreSQL cluster (`team`), and `app` starts connected to it as the login `team.a`
   * (recto_reviewer). `otherApp` is a second instance (another profile, OS account `reviewer-b`) connected to the same
   * database as `team.b` (recto_senior), launched when a test asks for it.
   */
  workspace: 'local' | 'team'
  team: TeamFixture | null
  app: AppHandle
  otherApp: AppHandle
}
type WorkerFixtures = { emulator: ArgosEmulator; pgCluster: () => Promise<PgCluster> }

/** The team database of a `workspace: 'team'` test: its logins and their connection URLs (no password in them). */
export type TeamFixture = {
  db: TestDb
  a: Login
  b: Login
  /** The connection URL of a login, as a reviewer types it in Settings → Workspace. */
  url(login: Login): string
}

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
  keystore: ['present', { option: true }],
  recoveryReminder: ['later', { option: true }],
  workspace: ['local', { option: true }],
  pgCluster: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a destructured object
    async ({}, use) => {
      // Started on the first team test of the worker only: the local specs never pay for it.
      let started: Promise<PgCluster> | null = null
      await use(() => (started ??= startPgCluster()))
      if (started) (await (started as Promise<PgCluster>)).stop()
    },
    { scope: 'worker' },
  ],
  team: async ({ workspace, pgCluster }, use) => {
    if (workspace !== 'team') return use(null)
    const cluster = await pgCluster()
    const db = await createTeamDb(cluster, 'e2e')
    try {
      await migrate(db.owner)
      const a = await db.login('a', 'recto_reviewer')
      const b = await db.login('b', 'recto_senior')
      await use({ db, a, b, url: (l) => `postgres://${l.name}@127.0.0.1:${cluster.port}/${db.name}` })
    } finally {
      await db.drop()
    }
  },
  app: async (
    { browser, argosEnv, importFolder, confirmAnswer, policy, keystore, recoveryReminder, team },
    use,
    testInfo,
  ) => {
    const opened = await openApp(
      browser,
      { argosEnv, importFolder, confirmAnswer, policy, keystore, recoveryReminder },
      FIRST_ACCOUNT,
    )
    if (team) await connectTeam(opened.handle.page, team, team.a)
    await use(opened.handle)
    await opened.finish(testInfo)
  },
  otherApp: async (
    { browser, argosEnv, importFolder, confirmAnswer, policy, keystore, recoveryReminder, team },
    use,
    testInfo,
  ) => {
    const opened = await openApp(
      browser,
      { argosEnv, importFolder, confirmAnswer, policy, keystore, recoveryReminder },
      'reviewer-b',
    )
    if (team) await connectTeam(opened.handle.page, team, team.b)
    await use(opened.handle)
    await opened.finish(testInfo, 'other-')
  },
})

/**
 * Where the vault asks (no keyring on this machine), sets or enters E2E_PASSPHRASE as a reviewer would, so specs
 * written for a keystore run on. Returns once the app is behind the gate or the gate did not appear.
 */
async function passVaultGate(page: Page): Promise<void> {
  const setup = page.getByRole('heading', { name: 'Protect the cases on this computer' })
  const unlock = page.getByRole('heading', { name: 'Unlock Recto' })
  const app = page.getByRole('list', { name: 'Cases' })
  await setup.or(unlock).or(app).first().waitFor()
  if (await setup.isVisible()) {
    await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE)
    await page.getByLabel('Repeat passphrase').fill(E2E_PASSPHRASE)
    await page.getByRole('button', { name: 'Set passphrase' }).click()
    await page.getByRole('checkbox', { name: 'I have stored the recovery key somewhere safe' }).check()
    await page.getByRole('button', { name: 'Continue' }).click()
  } else if (await unlock.isVisible()) {
    await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE)
    await page.getByRole('button', { name: 'Unlock' }).click()
  }
  await app.waitFor()
}

/** Answers the recovery-key reminder with Later, once the workspace is shown (it comes with the workspace). */
async function answerLater(page: Page): Promise<void> {
  await page.getByRole('list', { name: 'Cases' }).waitFor()
  const later = page
    .getByRole('region', { name: 'Save a recovery key' })
    .getByRole('button', { name: 'Later' })
  if (await later.isVisible()) await later.click()
}

type LaunchOptions = Pick<
  Fixtures,
  'argosEnv' | 'importFolder' | 'confirmAnswer' | 'policy' | 'keystore' | 'recoveryReminder'
>

/**
 * Launches one instance on a fresh profile as `account`; `finish` saves what a failed test needs (a screenshot, the
 * page console and the service log, ids only) and quits and removes the profile.
 */
async function openApp(
  browser: Browser,
  { argosEnv, importFolder, confirmAnswer, policy, keystore, recoveryReminder }: LaunchOptions,
  account: string,
): Promise<{ handle: AppHandle; finish(testInfo: TestInfo, prefix?: string): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'recto-e2e-'))
  const userDataDir = join(root, 'user-data')
  const exportDir = join(root, 'exports')
  const accountFile = join(root, 'account')
  await writeFile(accountFile, account)
  const policyFile = policy === undefined ? undefined : join(root, 'policy.json')
  if (policyFile) await writeFile(policyFile, typeof policy === 'string' ? policy : JSON.stringify(policy))
  const log: string[] = []
  const logger = {
    info: (m: string) => log.push(`info ${m}`),
    warn: (m: string) => log.push(`warn ${m}`),
    error: (m: string) => log.push(`error ${m}`),
  }
  const launch = async () => {
    const launched =
      HOST === 'electron'
        ? await withScriptedAnswers({ importFolder, confirmAnswer }, () =>
            launchElectronApp({
              executablePath: binary!,
              userDataDir,
              exportDir,
              env: argosEnv,
              accountFile,
              policyFile,
              keystore,
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
            keystore: keystore === 'absent' ? null : undefined,
          })
    if ('imageIpcCalls' in launched) imageIpcLogs.push(launched.imageIpcCalls)
    launched.page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`))
    launched.page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`))
    // A real machine without a keyring asks for a passphrase even where the spec expects a keystore.
    if (HOST === 'electron' && keystore === 'present') await passVaultGate(launched.page)
    if (keystore === 'present' && recoveryReminder === 'later') await answerLater(launched.page)
    return launched
  }
  const consoleLines: string[] = []
  // Every launch's image IPC calls (Chromium host): the page must take its images from the image route.
  const imageIpcLogs: string[][] = []
  let handle: { page: Page; close(): Promise<void> } | null = await launch()
  const setAccount = (name: string) => writeFile(accountFile, name)
  const quit = async () => {
    const current = handle
    handle = null
    await current?.close()
  }
  const appHandle: AppHandle = {
    page: handle.page,
    userDataDir,
    exportDir,
    host: HOST,
    setAccount,
    quit,
    serviceLog: () => [...log],
    async restart() {
      await quit()
      handle = await launch()
      appHandle.page = handle.page
      return handle.page
    },
  }
  return {
    handle: appHandle,
    async finish(testInfo: TestInfo, prefix = '') {
      if (testInfo.status !== testInfo.expectedStatus) {
        // Saved on failure: a screenshot, the page console and the service log (ids only, no personal data).
        await appHandle.page
          .screenshot({ path: testInfo.outputPath(`${prefix}failure.png`) })
          .then(() =>
            testInfo.attachments.push({
              name: `${prefix}screenshot`,
              path: testInfo.outputPath(`${prefix}failure.png`),
              contentType: 'image/png',
            }),
          )
          .catch(() => undefined)
        const logPath = testInfo.outputPath(`${prefix}app.log`)
        await writeFile(logPath, [...consoleLines, '--- service ---', ...log].join('\n'))
        testInfo.attachments.push({ name: `${prefix}app-log`, path: logPath, contentType: 'text/plain' })
      }
      await quit()
      await rm(root, { recursive: true, force: true })
      // A broken image route must not pass unseen behind the renderer's IPC fallback (previewPrefetch.ts keeps it
      // for the Vite dev server only): any image bytes fetched over IPC fail the test, whatever it asserted.
      const imageIpc = imageIpcLogs.flat()
      if (imageIpc.length > 0) {
        throw new Error(
          `The page fetched images over IPC (${imageIpc.join(', ')}) instead of the image route: ` +
            `${IMAGE_IPC_METHODS.join('/')} are for the dev server only (renderer/src/state/previewPrefetch.ts)`,
        )
      }
    },
  }
}

/** Connects an instance to the test's team database as `login` (as Settings → Workspace → Connect does). */
async function connectTeam(page: Page, team: TeamFixture, login: Login): Promise<void> {
  const view = await page.evaluate((req) => window.api.connectWorkspace(req), {
    kind: 'team' as const,
    connection: team.url(login),
    password: login.password,
  })
  if (view.state !== 'connected')
    throw new Error(`The team workspace did not open: ${view.message ?? view.state}`)
  await page.getByRole('group', { name: 'Workspace' }).getByText(`Team · ${login.name}`).waitFor()
}

export const expect = test.expect
