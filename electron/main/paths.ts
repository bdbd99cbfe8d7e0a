// Locations of the built preload and renderer, relative to the built main file (out/main/index.js).
import { dirname, join } from 'node:path'
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

/** Where an administrator installs the read-only policy file (shared/policy.ts), per platform. */
export function policyFilePath(
  platform: NodeJS.Platform,
  env: { ProgramData?: string | undefined } = {},
): string {
  if (platform === 'win32') return join(env.ProgramData || 'C:\\ProgramData', 'Recto', 'policy.json')
  if (platform === 'darwin') return '/Library/Application Support/Recto/policy.json'
  return '/etc/recto/policy.json'
}
