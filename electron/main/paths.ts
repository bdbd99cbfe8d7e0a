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
