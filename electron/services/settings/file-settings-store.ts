// A SettingsStore kept in a JSON file: used where electron-store is not available (plain-Node hosts such as
// the Chromium E2E host). Same semantics as the app's electron-store adapter: settings only, never a clear key.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { SettingsStore, StoredSettings } from '../ports'
import { parseStoredSettings } from './stored-settings'

export class FileSettingsStore implements SettingsStore {
  constructor(private readonly path: string) {}

  read(): StoredSettings {
    try {
      return parseStoredSettings(JSON.parse(readFileSync(this.path, 'utf8')))
    } catch {
      return parseStoredSettings({})
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
