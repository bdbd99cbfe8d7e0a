import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileSettingsStore } from '../../../electron/services/file-settings-store'
import { MissingApiKey, Settings } from '../../../electron/services/settings'
import { DEFAULT_ARGOS_BASE_URL } from '../../../shared/model'
import { fakeSecrets } from '../../support/fake-secrets'

const KEY = 'sk-live-7f3a9c-SENTINEL'

async function make(encryption: boolean, env = {}) {
  const path = join(await mkdtemp(join(tmpdir(), 'recto-settings-')), 'settings.json')
  const store = new FileSettingsStore(path)
  return { path, store, settings: new Settings(store, fakeSecrets(encryption), env) }
}

describe('Settings', () => {
  it('starts with the production URL and no key', async () => {
    const { settings } = await make(true)
    expect(settings.view()).toMatchObject({
      argosBaseUrl: DEFAULT_ARGOS_BASE_URL,
      apiKeySet: false,
      apiKeyStorage: 'none',
    })
    expect(() => settings.apiKey()).toThrow(MissingApiKey)
  })

  it('stores the key encrypted when the keychain is available, and never in the view', async () => {
    const { settings, path } = await make(true)
    const view = settings.setApiKey(`  ${KEY} `)
    expect(view).toMatchObject({ apiKeySet: true, apiKeyStorage: 'encrypted' })
    expect(JSON.stringify(view)).not.toContain(KEY)
    const onDisk = await readFile(path, 'utf8')
    expect(onDisk).not.toContain(KEY)
    expect(settings.apiKey()).toBe(KEY)
  })

  it('keeps the key for the session only when encryption is unavailable', async () => {
    const { settings, path, store } = await make(false)
    expect(settings.setApiKey(KEY)).toMatchObject({
      apiKeySet: true,
      apiKeyStorage: 'session',
      encryptionAvailable: false,
    })
    expect(await readFile(path, 'utf8')).not.toContain(KEY)
    expect(settings.apiKey()).toBe(KEY)
    // A restart (new Settings on the same store) has no key.
    expect(() => new Settings(store, fakeSecrets(false), {}).apiKey()).toThrow(MissingApiKey)
  })

  it('lets ARGOS_API_URL / ARGOS_API_KEY override the stored values', async () => {
    const { settings } = await make(true, { ARGOS_API_URL: 'http://127.0.0.1:9/modules', ARGOS_API_KEY: KEY })
    settings.update({ argosBaseUrl: 'https://example.test/modules/' })
    expect(settings.view()).toMatchObject({
      argosBaseUrl: 'http://127.0.0.1:9/modules',
      apiKeyStorage: 'environment',
      overriddenByEnvironment: { argosBaseUrl: true, apiKey: true },
    })
    expect(JSON.stringify(settings.view())).not.toContain(KEY)
    expect(settings.apiKey()).toBe(KEY)
  })

  it('trims a trailing slash from the base URL and clears the key', async () => {
    const { settings } = await make(true)
    expect(
      settings.update({ argosBaseUrl: 'https://example.test/modules/', reviewerName: ' Ana ' }),
    ).toMatchObject({
      argosBaseUrl: 'https://example.test/modules',
      reviewerName: 'Ana',
    })
    settings.setApiKey(KEY)
    expect(settings.clearApiKey().apiKeySet).toBe(false)
  })
})
