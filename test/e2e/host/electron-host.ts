// The Electron host: the built app itself, launched with Playwright's _electron, with a throwaway profile,
// scripted dialogs and the ARGOS settings given by environment (see electron/main).
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { _electron, type ElectronApplication, type Page } from '@playwright/test'
import type { ServiceEnv } from '../../../electron/services/ports'
import { REPO_ROOT } from '../../support/paths'

/**
 * The Electron binary's path, or null where it was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). Read from the
 * package's path.txt without requiring 'electron', which since Electron 45 tries to download a missing binary.
 */
export function electronBinary(): string | null {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const full = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim())
    return existsSync(full) ? full : null
  } catch {
    return null
  }
}

export type ElectronHostApp = { page: Page; app: ElectronApplication; close(): Promise<void> }

export async function launchElectronApp(opts: {
  executablePath: string
  userDataDir: string
  exportDir: string
  env: ServiceEnv
  accountFile: string
  policyFile?: string | undefined
  /** 'absent': RECTO_KEYSTORE=none, the app treats the OS keystore as missing (the passphrase screens). */
  keystore?: 'present' | 'absent'
}): Promise<ElectronHostApp> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  delete env.ARGOS_API_URL
  delete env.ARGOS_API_KEY
  Object.assign(env, {
    RECTO_USER_DATA_DIR: opts.userDataDir,
    RECTO_SCRIPTED_DIALOGS: opts.exportDir,
    RECTO_ACCOUNT_FILE: opts.accountFile,
    ...(opts.policyFile ? { RECTO_POLICY_FILE: opts.policyFile } : {}),
    ...(opts.keystore === 'absent' ? { RECTO_KEYSTORE: 'none' } : {}),
    ...(opts.env.ARGOS_API_URL ? { ARGOS_API_URL: opts.env.ARGOS_API_URL } : {}),
    ...(opts.env.ARGOS_API_KEY ? { ARGOS_API_KEY: opts.env.ARGOS_API_KEY } : {}),
  })
  const app = await _electron.launch({
    executablePath: opts.executablePath,
    args: [join(REPO_ROOT, 'out/main/index.js'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env,
  })
  const page = await app.firstWindow()
  await page.setViewportSize({ width: 1440, height: 900 })
  return { page, app, close: () => app.close() }
}
