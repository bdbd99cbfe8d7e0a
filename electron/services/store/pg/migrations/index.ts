// The team workspace's migrations in order. Each is a TS module (not a .sql file) so electron-vite bundles it.
import * as m001 from './001-schema'
import * as m002 from './002-claims'
import * as m003 from './003-summaries'

export type Migration = { version: number; name: string; sql: string }

export const MIGRATIONS: readonly Migration[] = [m001, m002, m003]

/** The newest schema this build of Recto knows. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0
