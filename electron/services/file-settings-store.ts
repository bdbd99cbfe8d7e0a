// A SettingsStore kept in a JSON file: used where electron-store is not available (plain-Node hosts such as
// the Chromium E2E host). Same semantics as the app's electron-store adapter: settings only, never a clear key.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { DEFAULT_ARGOS_BASE_URL } from '../../shared/model'
import type { SettingsStore, StoredSettings } from './ports'

const Stored = z.object({
  argosBaseUrl: z.string().default(DEFAULT_ARGOS_BASE_URL),
  reviewerName: z.string().default(''),
  encryptedApiKey: z.string().nullable().default(null),
})

export const DEFAULT_SETTINGS: StoredSettings = Stored.parse({})

export class FileSettingsStore implements SettingsStore {
  constructor(private readonly path: string) {}

  read(): StoredSettings {
    try {
      return Stored.parse(JSON.parse(readFileSync(this.path, 'utf8')))
    } catch {
      return { ...DEFAULT_SETTINGS }
    }
  }

  write(patch: Partial<StoredSettings>): void {
    const next = { ...this.read(), ...patch }
    mkdirSync(dirname(this.path), { recursive: true })
    const tmp = `${this.path}.tmp`
    writeFileSync(tmp, JSON.stringify(next, null, 1), { mode: 0o600 })
    renameSync(tmp, this.path)
  }
}
