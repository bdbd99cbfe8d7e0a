// Locations the main process uses: the built preload and renderer (relative to the built main file,
// out/main/index.js), the sample documents, the admin policy file, and the profile folder on Windows.
import { dirname, join, win32 } from 'node:path'
import { fileURLToPath } from 'node:url'

export type BuiltPaths = {
  /** out/preload/index.cjs: the sandboxed preload must be a single CommonJS file. */
  preload: string
  /** out/renderer: the only folder the app:// protocol serves from. */
  rendererDir: string
}

export function builtPaths(mainFileUrl: string = import.meta.url): BuiltPaths {
  const mainDir = dirname(fileURLToPath(mainFileUrl))
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererDir: join(mainDir, '..', 'renderer'),
  }
}

/**
 * The sample documents ("Try sample documents", issue 15). Packaged: `<resources>/samples`, where
 * electron-builder's extraResources puts resources/samples. Unpackaged (`npm start`, preview, E2E): the project's
 * resources/samples, two levels above the built main file, which is the app path (`app.getAppPath()`) of an app
 * started from the project folder. Null where a packaged build has no resources folder (not Electron).
 */
export function samplesDir(
  packaged: boolean,
  resourcesPath: string | undefined,
  mainFileUrl: string = import.meta.url,
): string | null {
  if (packaged) return resourcesPath ? join(resourcesPath, 'samples') : null
  return join(dirname(fileURLToPath(mainFileUrl)), '..', '..', 'resources', 'samples')
}

/** Where an administrator installs the read-only policy file (shared/policy.ts), per platform. */
export function policyFilePath(
  platform: NodeJS.Platform,
  env: { ProgramData?: string | undefined } = {},
): string {
  if (platform === 'win32') return join(env.ProgramData || 'C:\\ProgramData', 'Recto', 'policy.json')
  if (platform === 'darwin') return '/Library/Application Support/Recto/policy.json'
  return '/etc/recto/policy.json'
}

/**
 * The profile folder to use instead of Electron's default, or null to keep the default. On Windows the default is
 * under %APPDATA% (Roaming), which a domain can copy to every machine the reviewer signs in to: case images,
 * audit logs and the DPAPI-sealed key would travel with it. Recto keeps it in %LOCALAPPDATA%\Recto, on this
 * machine only. Elsewhere the default is already local (~/.config/Recto, ~/Library/Application Support/Recto).
 */
export function localProfileDir(
  platform: NodeJS.Platform,
  env: { LOCALAPPDATA?: string | undefined } = {},
): string | null {
  if (platform !== 'win32') return null
  const local = env.LOCALAPPDATA?.trim()
  // Without LOCALAPPDATA (a broken environment) the default stands rather than a guessed folder.
  return local ? win32.join(local, 'Recto') : null
}
