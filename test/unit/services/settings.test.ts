import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileSettingsStore } from '../../../electron/services/file-settings-store'
import {
  ApiKeyOriginMismatch,
  EndpointRefused,
  MissingApiKey,
  Settings,
} from '../../../electron/services/settings'
import { reviewApiSchema } from '../../../shared/ipc'
import { DEFAULT_ARGOS_BASE_URL, DEFAULT_RECOGNITION_SETTINGS } from '../../../shared/model'
import { fakeSecrets } from '../../support/fake-secrets'

const KEY = 'sk-live-7f3a9c-SENTINEL'

async function make(encryption: boolean, env = {}) {
  const path = join(await mkdtemp(join(tmpdir(), 'recto-settings-')), 'settings.json')
  const store = new FileSettingsStore(path)
  const logged: string[] = []
  const logger = {
    info: (m: string) => logged.push(m),
    warn: (m: string) => logged.push(m),
    error: (m: string) => logged.push(m),
  }
  return { path, store, logged, settings: new Settings(store, fakeSecrets(encryption), env, logger) }
}

describe('Settings', () => {
  it('keeps review settings (attention score, four-eyes, minimum age), merged field by field and persisted', async () => {
    const { settings, path } = await make(true)
    expect(settings.view().review).toEqual({
      attentionScore: 60,
      fourEyes: false,
      minimumAge: 18,
      advanceAfterDecision: true,
      sideBySide: true,
    })
    settings.update({ review: { fourEyes: true } })
    settings.update({ review: { attentionScore: 75 } })
    settings.update({ review: { minimumAge: 21 } })
    settings.update({ review: { advanceAfterDecision: false } })
    settings.update({ review: { sideBySide: false } })
    const expected = {
      attentionScore: 75,
      fourEyes: true,
      minimumAge: 21,
      advanceAfterDecision: false,
      sideBySide: false,
    }
    expect(settings.review()).toEqual(expected)
    expect(JSON.parse(await readFile(path, 'utf8')).review).toEqual(expected)
  })

  it('remembers the export choices, merged and persisted; ISO dates and decided-only by default', async () => {
    const { settings, path } = await make(true)
    expect(settings.view().export).toMatchObject({ decidedOnly: true, csv: { normaliseDates: true } })
    settings.update({ export: { decidedOnly: false } })
    settings.update({
      export: { csv: { ...settings.view().export.csv, delimiter: ';', maskDocumentNumbers: true } },
    })
    expect(settings.view().export).toMatchObject({
      decidedOnly: false,
      csv: { delimiter: ';', maskDocumentNumbers: true, normaliseDates: true },
    })
    expect(JSON.parse(await readFile(path, 'utf8')).export).toEqual(settings.view().export)
    expect(reviewApiSchema.updateSettings.safeParse([{ export: { decidedOnly: 'yes' } }]).success).toBe(false)
  })

  it('refuses an attention score outside 0–100 at the IPC boundary', () => {
    const schema = reviewApiSchema.updateSettings
    expect(schema.safeParse([{ review: { attentionScore: 101 } }]).success).toBe(false)
    expect(schema.safeParse([{ review: { attentionScore: 2.5 } }]).success).toBe(false)
    expect(schema.safeParse([{ review: { fourEyes: 'yes' } }]).success).toBe(false)
    expect(schema.safeParse([{ review: { attentionScore: 0, fourEyes: true } }]).success).toBe(true)
    expect(schema.safeParse([{ review: { minimumAge: -1 } }]).success).toBe(false)
    expect(schema.safeParse([{ review: { minimumAge: 17.5 } }]).success).toBe(false)
    expect(schema.safeParse([{ review: { minimumAge: 21 } }]).success).toBe(true)
  })

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

describe('recognition settings', () => {
  it('defaults, updates partially and persists', async () => {
    const { settings, store } = await make(true)
    expect(settings.view().recognition).toEqual(DEFAULT_RECOGNITION_SETTINGS)
    settings.update({ recognition: { concurrency: 8, uploadLimitMb: 2 } })
    expect(new Settings(store, fakeSecrets(true), {}).recognition()).toEqual({
      ...DEFAULT_RECOGNITION_SETTINGS,
      concurrency: 8,
      uploadLimitMb: 2,
    })
  })

  it('refuses out-of-range values at the IPC boundary', () => {
    for (const bad of [
      { concurrency: 0 },
      { concurrency: 99 },
      { uploadLimitMb: 51 },
      { publicCallbackUrl: 'ftp://x' },
    ]) {
      expect(
        reviewApiSchema.updateSettings.safeParse([{ recognition: bad }]).success,
        JSON.stringify(bad),
      ).toBe(false)
    }
    expect(
      reviewApiSchema.updateSettings.safeParse([{ recognition: { concurrency: 16, callbackMode: true } }])
        .success,
    ).toBe(true)
  })

  it('a damaged settings file falls back value by value', async () => {
    const { path } = await make(true)
    await writeFile(
      path,
      JSON.stringify({ reviewerName: 'Ana', recognition: { concurrency: 'lots', maxRetries: 2 } }),
    )
    const read = new FileSettingsStore(path).read()
    expect(read.reviewerName).toBe('Ana')
    expect(read.recognition).toEqual({ ...DEFAULT_RECOGNITION_SETTINGS, maxRetries: 2 })
  })
})

describe('the locked endpoint (issue 12)', () => {
  const A = 'https://a.example/modules'
  const B = 'https://b.example/modules'

  it('refuses a plain-http remote base URL in the main process too; the saved URL stays', async () => {
    const { settings, path } = await make(true)
    settings.update({ argosBaseUrl: A })
    expect(() => settings.update({ argosBaseUrl: 'http://203.0.113.5/modules' })).toThrow(EndpointRefused)
    expect(() => settings.update({ argosBaseUrl: 'http://203.0.113.5/modules' })).toThrow(/https/)
    expect(settings.view().argosBaseUrl).toBe(A)
    expect(JSON.parse(await readFile(path, 'utf8')).argosBaseUrl).toBe(A)
    expect(settings.update({ argosBaseUrl: 'http://127.0.0.1:4010/modules' }).argosBaseUrl).toBe(
      'http://127.0.0.1:4010/modules',
    )
  })

  it('ignores an ARGOS_API_URL that breaks the rule, says why in the log without the key, and uses the settings', async () => {
    const { settings, logged } = await make(true, {
      ARGOS_API_URL: 'http://203.0.113.5/modules',
      ARGOS_API_KEY: KEY,
    })
    expect(settings.view()).toMatchObject({
      argosBaseUrl: DEFAULT_ARGOS_BASE_URL,
      overriddenByEnvironment: { argosBaseUrl: false },
    })
    expect(settings.baseUrl()).toBe(DEFAULT_ARGOS_BASE_URL)
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatch(/ARGOS_API_URL ignored.*https/)
    expect(logged.join('\n')).not.toContain(KEY)
  })

  it('saving a base URL with another origin clears the stored key; the same origin keeps it', async () => {
    const { settings, path } = await make(true)
    settings.update({ argosBaseUrl: A })
    settings.setApiKey(KEY)
    expect(JSON.parse(await readFile(path, 'utf8')).apiKeyOrigin).toBe('https://a.example')
    // Another path on the same origin: the key stays.
    expect(settings.update({ argosBaseUrl: 'https://a.example/v2' }).apiKeySet).toBe(true)
    expect(settings.apiKey()).toBe(KEY)
    // Another origin: the key is gone, from the view and from the file.
    const view = settings.update({ argosBaseUrl: B })
    expect(view).toMatchObject({ argosBaseUrl: B, apiKeySet: false, apiKeyStorage: 'none' })
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({
      encryptedApiKey: null,
      apiKeyOrigin: null,
    })
    expect(() => settings.apiKey()).toThrow(MissingApiKey)
    // A port is part of the origin.
    settings.setApiKey(KEY)
    expect(settings.update({ argosBaseUrl: 'https://b.example:8443/modules' }).apiKeySet).toBe(false)
  })

  it('a session-only key is cleared by another origin as well', async () => {
    const { settings } = await make(false)
    settings.update({ argosBaseUrl: A })
    settings.setApiKey(KEY)
    expect(settings.update({ argosBaseUrl: B }).apiKeySet).toBe(false)
    expect(() => settings.apiKey()).toThrow(MissingApiKey)
  })

  it('never sends a key saved for another origin than the one in use', async () => {
    // The key is saved while ARGOS_API_URL points at the emulator; a later run without the override uses the
    // settings' URL, another origin: the key is not sent and the view does not count it as set.
    const { store } = await make(true)
    const withEmulator = new Settings(store, fakeSecrets(true), {
      ARGOS_API_URL: 'http://127.0.0.1:4010/modules',
    })
    withEmulator.setApiKey(KEY)
    expect(withEmulator.apiKey()).toBe(KEY)
    const plain = new Settings(store, fakeSecrets(true), {})
    expect(() => plain.apiKey()).toThrow(ApiKeyOriginMismatch)
    expect(() => plain.apiKey()).toThrow(MissingApiKey)
    let message = ''
    try {
      plain.apiKey()
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toContain('http://127.0.0.1:4010')
    expect(message).toContain('https://idverify-api.argosidentity.com')
    expect(message).not.toContain(KEY)
    expect(plain.view()).toMatchObject({ apiKeySet: false, apiKeyStorage: 'none' })
  })

  it('binds a key from a settings file without an origin to the URL in use on first read, without clearing it', async () => {
    const { path } = await make(true)
    await writeFile(
      path,
      JSON.stringify({ argosBaseUrl: A, encryptedApiKey: fakeSecrets(true).encrypt(KEY).toString('base64') }),
    )
    const settings = new Settings(new FileSettingsStore(path), fakeSecrets(true), {})
    expect(settings.view()).toMatchObject({ apiKeySet: true, apiKeyStorage: 'encrypted' })
    expect(settings.apiKey()).toBe(KEY)
    expect(JSON.parse(await readFile(path, 'utf8')).apiKeyOrigin).toBe('https://a.example')
    expect(settings.update({ argosBaseUrl: B }).apiKeySet).toBe(false)
  })

  it('a stored plain-http remote URL reads as the default', async () => {
    const { path } = await make(true)
    await writeFile(path, JSON.stringify({ argosBaseUrl: 'http://203.0.113.5/modules' }))
    expect(new FileSettingsStore(path).read().argosBaseUrl).toBe(DEFAULT_ARGOS_BASE_URL)
  })
})
