import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileSettingsStore } from '../../../electron/services/settings/file-settings-store'
import {
  ApiKeyOriginMismatch,
  EndpointRefused,
  MissingApiKey,
  PolicyRefused,
  Settings,
  type SettingsOptions,
} from '../../../electron/services/settings/settings'
import { parsePolicyText } from '../../../electron/services/settings/policy'
import type { SecretCodec } from '../../../electron/services/ports'
import { SETTINGS_AUDIT_FILE } from '../../../electron/services/audit/settings-audit'
import { DEFAULT_CSV_OPTIONS } from '../../../shared/export-options'
import { reviewApiSchema } from '../../../shared/ipc'
import { DEFAULT_ARGOS_BASE_URL, DEFAULT_RECOGNITION_SETTINGS } from '../../../shared/model'
import { fakeSealed, fakeSecrets } from '../../support/fake-secrets'
import { serviceHarness } from '../../support/service-harness'

const KEY = 'sk-live-7f3a9c-SENTINEL'

/** Settings as the review service has them: init() awaited (the keystore asked, the stored key opened). */
async function started(...args: ConstructorParameters<typeof Settings>): Promise<Settings> {
  const settings = new Settings(...args)
  await settings.init()
  return settings
}

/** `options.userDataDir: 'temp'` puts the settings log in the test's own folder. */
async function make(
  encryption: boolean,
  env = {},
  { userDataDir, ...options }: Omit<SettingsOptions, 'userDataDir'> & { userDataDir?: 'temp' } = {},
) {
  const dir = await mkdtemp(join(tmpdir(), 'recto-settings-'))
  const path = join(dir, 'settings.json')
  const store = new FileSettingsStore(path)
  const logged: string[] = []
  const logger = {
    info: (m: string) => logged.push(m),
    warn: (m: string) => logged.push(m),
    error: (m: string) => logged.push(m),
  }
  return {
    dir,
    path,
    store,
    logged,
    settings: await started(store, fakeSecrets(encryption), env, logger, {
      ...options,
      userDataDir: userDataDir === 'temp' ? dir : null,
    }),
  }
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
      retentionDays: null,
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
      retentionDays: null,
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
    const view = await settings.setApiKey(`  ${KEY} `)
    expect(view).toMatchObject({ apiKeySet: true, apiKeyStorage: 'encrypted' })
    expect(JSON.stringify(view)).not.toContain(KEY)
    const onDisk = await readFile(path, 'utf8')
    expect(onDisk).not.toContain(KEY)
    expect(settings.apiKey()).toBe(KEY)
  })

  it('keeps the key for the session only when encryption is unavailable', async () => {
    const { settings, path, store } = await make(false)
    expect(await settings.setApiKey(KEY)).toMatchObject({
      apiKeySet: true,
      apiKeyStorage: 'session',
      encryptionAvailable: false,
    })
    expect(await readFile(path, 'utf8')).not.toContain(KEY)
    expect(settings.apiKey()).toBe(KEY)
    // A restart (new Settings on the same store) has no key.
    const restarted = await started(store, fakeSecrets(false), {})
    expect(() => restarted.apiKey()).toThrow(MissingApiKey)
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
    await settings.setApiKey(KEY)
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
    await settings.setApiKey(KEY)
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
    await settings.setApiKey(KEY)
    expect(settings.update({ argosBaseUrl: 'https://b.example:8443/modules' }).apiKeySet).toBe(false)
  })

  it('a session-only key is cleared by another origin as well', async () => {
    const { settings } = await make(false)
    settings.update({ argosBaseUrl: A })
    await settings.setApiKey(KEY)
    expect(settings.update({ argosBaseUrl: B }).apiKeySet).toBe(false)
    expect(() => settings.apiKey()).toThrow(MissingApiKey)
  })

  it('never sends a key saved for another origin than the one in use', async () => {
    // The key is saved while ARGOS_API_URL points at the emulator; a later run without the override uses the
    // settings' URL, another origin: the key is not sent and the view does not count it as set.
    const { store } = await make(true)
    const withEmulator = await started(store, fakeSecrets(true), {
      ARGOS_API_URL: 'http://127.0.0.1:4010/modules',
    })
    await withEmulator.setApiKey(KEY)
    expect(withEmulator.apiKey()).toBe(KEY)
    const plain = await started(store, fakeSecrets(true), {})
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
      JSON.stringify({ argosBaseUrl: A, encryptedApiKey: fakeSealed(KEY).toString('base64') }),
    )
    const settings = await started(new FileSettingsStore(path), fakeSecrets(true), {})
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

describe('the asynchronous keystore (issue 13)', () => {
  /** fakeSecrets with its calls counted, and switches for a keystore that cannot answer or cannot seal. */
  function keystore(available: boolean, fail: { ask?: boolean; seal?: boolean } = {}) {
    const inner = fakeSecrets(available)
    const calls = { decrypt: 0, encrypt: 0 }
    const codec: SecretCodec = {
      isEncryptionAvailable: () =>
        fail.ask ? Promise.reject(new Error('temporarily unavailable')) : inner.isEncryptionAvailable(),
      encrypt: (plain) => {
        calls.encrypt++
        return fail.seal ? Promise.reject(new Error('Error while encrypting')) : inner.encrypt(plain)
      },
      decrypt: (cipher) => {
        calls.decrypt++
        return inner.decrypt(cipher)
      },
    }
    return { codec, calls }
  }

  it('opens a key saved in an earlier session once, at init, and uses it from memory', async () => {
    const { store } = await make(true)
    await (await started(store, fakeSecrets(true), {})).setApiKey(KEY)
    const { codec, calls } = keystore(true)
    const restarted = new Settings(store, codec, {})
    await Promise.all([restarted.init(), restarted.init()])
    expect(restarted.view()).toMatchObject({ apiKeyStorage: 'encrypted', encryptionAvailable: true })
    expect(restarted.apiKey()).toBe(KEY)
    expect(restarted.apiKey()).toBe(KEY)
    expect(calls.decrypt).toBe(1)
  })

  it('opens a key sealed by the synchronous API of an earlier version (same stored form)', async () => {
    const { path } = await make(true)
    const origin = new URL(DEFAULT_ARGOS_BASE_URL).origin
    await writeFile(
      path,
      JSON.stringify({ encryptedApiKey: fakeSealed(KEY).toString('base64'), apiKeyOrigin: origin }),
    )
    const settings = await started(new FileSettingsStore(path), fakeSecrets(true), {})
    expect(settings.apiKey()).toBe(KEY)
  })

  it('says a stored key this keystore cannot open could not be decrypted, and takes a new one', async () => {
    const { path } = await make(true)
    const origin = new URL(DEFAULT_ARGOS_BASE_URL).origin
    const foreign = Buffer.from('sealed on another machine').toString('base64')
    await writeFile(path, JSON.stringify({ encryptedApiKey: foreign, apiKeyOrigin: origin }))
    const settings = await started(new FileSettingsStore(path), fakeSecrets(true), {})
    expect(() => settings.apiKey()).toThrow(/could not be decrypted on this system/)
    await settings.setApiKey(KEY)
    expect(settings.apiKey()).toBe(KEY)
    expect(JSON.parse(await readFile(path, 'utf8')).encryptedApiKey).not.toBe(foreign)
  })

  it('does not ask the keystore for a stored key while the environment gives one', async () => {
    const { store } = await make(true)
    await (await started(store, fakeSecrets(true), {})).setApiKey('stored-key')
    const { codec, calls } = keystore(true)
    const settings = await started(store, codec, { ARGOS_API_KEY: KEY })
    expect(settings.apiKey()).toBe(KEY)
    expect(calls.decrypt).toBe(0)
  })

  it('counts a keystore that cannot answer as none: the key stays in memory, never on disk', async () => {
    const { store, path } = await make(true)
    const settings = await started(store, keystore(true, { ask: true }).codec, {})
    expect(settings.view().encryptionAvailable).toBe(false)
    expect(await settings.setApiKey(KEY)).toMatchObject({ apiKeyStorage: 'session' })
    expect(await readFile(path, 'utf8')).not.toContain(KEY)
    expect(settings.apiKey()).toBe(KEY)
  })

  it('asks the keystore again when a key is saved, and initialises itself when nobody did', async () => {
    const { store, path } = await make(true)
    const settings = new Settings(store, fakeSecrets(true), {})
    expect(settings.view().encryptionAvailable).toBe(false)
    expect(await settings.setApiKey(KEY)).toMatchObject({
      apiKeyStorage: 'encrypted',
      encryptionAvailable: true,
    })
    expect(await readFile(path, 'utf8')).not.toContain(KEY)
    expect(settings.apiKey()).toBe(KEY)
  })

  it('uses a key saved while the stored one is still being opened, not the older one', async () => {
    const { store } = await make(true)
    await (await started(store, fakeSecrets(true), {})).setApiKey('older-key')
    const slow = fakeSecrets(true)
    const codec: SecretCodec = {
      ...slow,
      decrypt: async (cipher) => {
        await new Promise((r) => setTimeout(r, 30))
        return slow.decrypt(cipher)
      },
    }
    const settings = new Settings(store, codec, {})
    const opening = settings.init()
    await settings.setApiKey(KEY)
    await opening
    expect(settings.apiKey()).toBe(KEY)
  })

  it('records and stores nothing when the keystore fails to seal the key', async () => {
    const made = await make(true, {}, { userDataDir: 'temp' })
    const settings = await started(made.store, keystore(true, { seal: true }).codec, {}, undefined, {
      userDataDir: made.dir,
    })
    await expect(settings.setApiKey(KEY)).rejects.toThrow(/encrypting/)
    expect((await settings.history()).entries).toEqual([])
    expect(settings.view().apiKeySet).toBe(false)
    expect(await readFile(made.path, 'utf8').catch(() => '')).not.toContain('encryptedApiKey":"')
  })
})

describe('the admin policy (issue 12)', () => {
  const FILE = '/etc/recto/policy.json'
  const policy = (file: object | string) =>
    parsePolicyText(FILE, typeof file === 'string' ? file : JSON.stringify({ version: 1, ...file }))
  const PINNED_URL = 'https://argos.example.org/modules'

  it('the view shows the effective values (policy wins over stored and environment) and what is pinned', async () => {
    const { settings, store } = await make(
      true,
      { ARGOS_API_URL: 'http://127.0.0.1:9/modules' },
      {
        policy: policy({
          argosBaseUrl: `${PINNED_URL}/`,
          requireFourEyes: true,
          attentionScore: 85,
          export: { maskDocumentNumbers: true, decidedOnly: false },
        }),
        account: () => 'ann',
      },
    )
    store.write({ review: { ...store.read().review, fourEyes: false, attentionScore: 40 } })
    const view = settings.view()
    expect(view).toMatchObject({
      argosBaseUrl: PINNED_URL,
      overriddenByEnvironment: { argosBaseUrl: false },
      review: { fourEyes: true, attentionScore: 85 },
      export: { decidedOnly: false, csv: { ...DEFAULT_CSV_OPTIONS, maskDocumentNumbers: true } },
      account: 'ann',
      policy: {
        source: FILE,
        problem: null,
        pinned: [
          'argosBaseUrl',
          'review.fourEyes',
          'review.attentionScore',
          'export.decidedOnly',
          'export.csv.maskDocumentNumbers',
        ],
      },
    })
    // What decisions, checks and requests go by.
    expect(settings.review()).toMatchObject({ fourEyes: true, attentionScore: 85 })
    expect(settings.baseUrl()).toBe(PINNED_URL)
    // The reviewer's own values stay stored for when the policy no longer pins them.
    expect(store.read().review).toMatchObject({ fourEyes: false, attentionScore: 40 })
  })

  it('refuses a patch that changes a pinned setting, naming it and the policy file; nothing is saved', async () => {
    const { settings, path } = await make(
      true,
      {},
      {
        policy: policy({
          argosBaseUrl: PINNED_URL,
          requireFourEyes: true,
          attentionScore: 85,
          export: { excludeMrz: true },
        }),
      },
    )
    const before = await readFile(path, 'utf8').catch(() => '')
    const refused: [object, RegExp][] = [
      [
        { review: { fourEyes: false } },
        /Four-eyes is set by your organisation's policy \(\/etc\/recto\/policy\.json\)/,
      ],
      [
        { review: { attentionScore: 50 }, reviewerName: 'Ann' },
        /attention score is set by your organisation's policy/,
      ],
      [
        { argosBaseUrl: 'https://other.example/modules' },
        /ARGOS base URL is set by your organisation's policy/,
      ],
      [{ export: { csv: { ...DEFAULT_CSV_OPTIONS, excludeMrz: false } } }, /MRZ lines is set by/],
    ]
    for (const [patch, message] of refused) {
      expect(() => settings.update(patch)).toThrow(PolicyRefused)
      expect(() => settings.update(patch)).toThrow(message)
    }
    expect(await readFile(path, 'utf8').catch(() => '')).toBe(before)
    expect(settings.view().reviewerName).toBe('')
  })

  it('accepts a patch that repeats pinned values as shown (the dialogs send them) and saves the rest', async () => {
    const { settings, store } = await make(
      true,
      {},
      {
        policy: policy({
          argosBaseUrl: PINNED_URL,
          requireFourEyes: true,
          export: { maskDocumentNumbers: true },
        }),
      },
    )
    const view = settings.update({
      argosBaseUrl: `${PINNED_URL}/`,
      review: { fourEyes: true, minimumAge: 21 },
      export: { csv: { ...DEFAULT_CSV_OPTIONS, maskDocumentNumbers: true, delimiter: ';' } },
    })
    expect(view.review).toMatchObject({ fourEyes: true, minimumAge: 21 })
    expect(view.export.csv).toMatchObject({ maskDocumentNumbers: true, delimiter: ';' })
    expect(store.read().argosBaseUrl).toBe(DEFAULT_ARGOS_BASE_URL)
    expect(store.read().export.csv).toMatchObject({ maskDocumentNumbers: false, delimiter: ';' })
  })

  it('forces the pinned CSV options and "decided only" on every export request', async () => {
    const { settings } = await make(
      true,
      {},
      {
        policy: policy({
          export: { maskDocumentNumbers: true, excludeMrz: false, includeOcr: false, decidedOnly: true },
        }),
      },
    )
    const asked = {
      ...DEFAULT_CSV_OPTIONS,
      maskDocumentNumbers: false,
      excludeMrz: true,
      includeOcr: true,
      delimiter: ';' as const,
    }
    expect(settings.enforceCsvOptions(asked)).toEqual({
      ...asked,
      maskDocumentNumbers: true,
      excludeMrz: false,
      includeOcr: false,
    })
    expect(settings.enforceExportRequest({ caseIds: ['a'], decidedOnly: false })).toEqual({
      caseIds: ['a'],
      decidedOnly: true,
    })
    expect(settings.exportProblem('json')).toMatch(/masks document numbers.*export CSV instead/)
    expect(settings.exportProblem('csv')).toBeNull()

    const { settings: free } = await make(true)
    expect(free.enforceCsvOptions(asked)).toEqual(asked)
    expect(free.enforceExportRequest({ caseIds: ['a'], decidedOnly: false }).decidedOnly).toBe(false)
    expect(free.exportProblem('json')).toBeNull()
  })

  it('a valid policy that pins the endpoint does not pin the key; the key binds to the pinned origin', async () => {
    const { settings } = await make(true, {}, { policy: policy({ argosBaseUrl: PINNED_URL }) })
    expect((await settings.setApiKey(KEY)).apiKeySet).toBe(true)
    expect(settings.apiKey()).toBe(KEY)
    expect(settings.clearApiKey().apiKeySet).toBe(false)
  })

  it('a bad policy file: safest values, the endpoint frozen at what is stored, the key neither saved nor cleared', async () => {
    const { settings, store } = await make(true, {}, { policy: policy('{ "version": 1, ') })
    store.write({
      argosBaseUrl: 'https://a.example/modules',
      export: { decidedOnly: false, csv: { ...DEFAULT_CSV_OPTIONS } },
    })
    const view = settings.view()
    expect(view.policy.problem).toContain(`The policy file ${FILE} could not be used: it is not valid JSON`)
    expect(view).toMatchObject({
      argosBaseUrl: 'https://a.example/modules',
      review: { fourEyes: true },
      export: { decidedOnly: true, csv: { maskDocumentNumbers: true, excludeMrz: true } },
    })
    expect(view.policy.pinned).toEqual(expect.arrayContaining(['argosBaseUrl', 'apiKey']))
    expect(() => settings.update({ argosBaseUrl: 'https://b.example/modules' })).toThrow(
      /base URL is locked because your organisation's policy file \(\/etc\/recto\/policy\.json\) could not be used/,
    )
    await expect(settings.setApiKey(KEY)).rejects.toThrow(PolicyRefused)
    expect(() => settings.clearApiKey()).toThrow(/API key is locked/)
    expect(() => settings.update({ review: { fourEyes: false } })).toThrow(PolicyRefused)
    expect(settings.exportProblem('json')).not.toBeNull()
    // What the policy does not pin still saves.
    expect(settings.update({ review: { attentionScore: 70 } }).review.attentionScore).toBe(70)
  })

  it('reads the policy file itself when given its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recto-policy-'))
    const file = join(dir, 'policy.json')
    await writeFile(file, JSON.stringify({ version: 1, attentionScore: 90 }))
    const { settings } = await make(true, {}, { policyFile: file })
    expect(settings.view().policy).toEqual({ source: file, problem: null, pinned: ['review.attentionScore'] })
    expect(settings.review().attentionScore).toBe(90)
  })
})

describe('the settings history (issue 12)', () => {
  let clock = 0
  const now = () => new Date(Date.UTC(2026, 11, 3, 10, 0, clock++))

  async function logged(encryption = true) {
    let account = 'ann'
    const made = await make(encryption, {}, { account: () => account, now, userDataDir: 'temp' })
    return { ...made, setAccount: (a: string) => (account = a) }
  }

  it('records four-eyes, the threshold, the endpoint, the key set and cleared and the name, with the account', async () => {
    const { settings, dir, setAccount } = await logged()
    settings.update({ reviewerName: 'Ann' })
    settings.update({ review: { fourEyes: true, attentionScore: 75, minimumAge: 21 } })
    settings.update({ recognition: { concurrency: 2 } })
    await settings.setApiKey(KEY)
    setAccount('bob')
    settings.clearApiKey()
    settings.update({ argosBaseUrl: 'https://b.example/modules/?token=abc' })
    const history = await settings.history()
    expect(history.verdict).toEqual({ ok: true, count: 6 })
    expect(history.problem).toBeNull()
    const rows = history.entries.map(({ account, reviewer, setting, before, after }) => ({
      account,
      reviewer,
      setting,
      before,
      after,
    }))
    expect(rows).toEqual([
      { account: 'ann', reviewer: '', setting: 'reviewerName', before: '', after: 'Ann' },
      { account: 'ann', reviewer: 'Ann', setting: 'review.fourEyes', before: false, after: true },
      { account: 'ann', reviewer: 'Ann', setting: 'review.attentionScore', before: 60, after: 75 },
      { account: 'ann', reviewer: 'Ann', setting: 'apiKey', before: 'none', after: 'set' },
      { account: 'bob', reviewer: 'Ann', setting: 'apiKey', before: 'set', after: 'cleared' },
      {
        account: 'bob',
        reviewer: 'Ann',
        setting: 'argosBaseUrl',
        before: DEFAULT_ARGOS_BASE_URL,
        after: 'https://b.example/modules',
      },
    ])
    expect(history.entries.map((e) => e.at)).toEqual([...history.entries.map((e) => e.at)].sort())
    const file = await readFile(join(dir, SETTINGS_AUDIT_FILE), 'utf8')
    expect(file).not.toContain(KEY)
    expect(file).not.toContain('token=abc')
  })

  it('records the key cleared because the endpoint moved to another origin', async () => {
    const { settings } = await logged()
    settings.update({ argosBaseUrl: 'https://a.example/modules' })
    await settings.setApiKey(KEY)
    settings.update({ argosBaseUrl: 'https://a.example/v2' })
    settings.update({ argosBaseUrl: 'https://b.example/modules' })
    const settingsChanged = (await settings.history()).entries.map((e) => [e.setting, e.after])
    expect(settingsChanged).toEqual([
      ['argosBaseUrl', 'https://a.example/modules'],
      ['apiKey', 'set'],
      ['argosBaseUrl', 'https://a.example/v2'],
      ['argosBaseUrl', 'https://b.example/modules'],
      ['apiKey', 'cleared_for_new_origin'],
    ])
  })

  it('records nothing for a change that changes nothing, or for settings it does not watch', async () => {
    const { settings } = await logged()
    settings.update({ review: { fourEyes: false, attentionScore: 60 }, reviewerName: '' })
    settings.update({ recognition: { concurrency: 2 }, export: { decidedOnly: false } })
    settings.clearApiKey()
    expect((await settings.history()).entries).toEqual([])
  })

  it('a change whose entry cannot be written is not made', async () => {
    const { settings, dir, path } = await logged()
    settings.update({ review: { fourEyes: true } })
    // The log's path turned into a folder: the append fails.
    const { rm, mkdir } = await import('node:fs/promises')
    await rm(join(dir, SETTINGS_AUDIT_FILE))
    await mkdir(join(dir, SETTINGS_AUDIT_FILE))
    expect(() => settings.update({ review: { fourEyes: false } })).toThrow(
      /settings history could not be written.*the change was not made/,
    )
    expect(JSON.parse(await readFile(path, 'utf8')).review.fourEyes).toBe(true)
  })

  it('without a user-data folder nothing is logged and the history is empty', async () => {
    const { settings } = await make(true)
    settings.update({ review: { fourEyes: true } })
    expect(await settings.history()).toEqual({ entries: [], verdict: { ok: true, count: 0 }, problem: null })
  })
})

describe('the review service wires the policy and the history (issue 12)', () => {
  it('getSettings has the account and the policy; a change shows in getSettingsHistory with the account', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recto-policy-'))
    const policyFile = join(dir, 'policy.json')
    await writeFile(policyFile, JSON.stringify({ version: 1, requireFourEyes: true }))
    const h = await serviceHarness({}, { policyFile, account: 'ann' })
    const view = await h.service.getSettings()
    expect(view).toMatchObject({
      account: 'ann',
      review: { fourEyes: true },
      policy: { source: policyFile, problem: null, pinned: ['review.fourEyes'] },
    })
    await expect(h.service.updateSettings({ review: { fourEyes: false } })).rejects.toThrow(PolicyRefused)
    h.setAccount('bob')
    await h.service.updateSettings({ review: { attentionScore: 70 } })
    const history = await h.service.getSettingsHistory()
    expect(history.verdict).toEqual({ ok: true, count: 1 })
    expect(history.entries[0]).toMatchObject({
      account: 'bob',
      setting: 'review.attentionScore',
      before: 60,
      after: 70,
    })
  })
})

describe('the review service and the asynchronous keystore (issue 13)', () => {
  it('opens a key saved before a restart before it answers: the view says so and redaction knows it', async () => {
    const first = await serviceHarness({}, { encryption: true })
    await first.service.setApiKey(KEY)
    const second = await serviceHarness({}, { encryption: true, userDataDir: first.userDataDir })
    expect(await second.service.getSettings()).toMatchObject({
      apiKeyStorage: 'encrypted',
      encryptionAvailable: true,
    })
    expect(second.service.secretsForRedaction()).toEqual([KEY])
  })
})
