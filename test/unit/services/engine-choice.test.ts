// Which engine reads the documents (issue 15, "Choosing the engine"): `local` while no API key is in use and `argos`
// otherwise, unless the reviewer chose one in Settings; an admin policy can pin it, and then a change is refused.
// Stored settings from before the choice existed read as automatic. The choice is recorded in the settings history.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileSettingsStore } from '../../../electron/services/settings/file-settings-store'
import { parsePolicyText, safestPolicy, type Policy } from '../../../electron/services/settings/policy'
import { PolicyRefused, Settings } from '../../../electron/services/settings/settings'
import { SETTINGS_AUDIT_FILE } from '../../../electron/services/audit/settings-audit'
import { reviewApiSchema } from '../../../shared/ipc'
import { PolicyFileSchema } from '../../../shared/policy'
import { fakeSecrets } from '../../support/fake-secrets'

const KEY = 'sk-engine-choice-SENTINEL'
const URL_ = 'https://argos.example.com/modules'

async function make(env: Record<string, string> = {}, policy?: Policy) {
  const dir = await mkdtemp(join(tmpdir(), 'recto-engine-'))
  const store = new FileSettingsStore(join(dir, 'settings.json'))
  const settings = new Settings(store, fakeSecrets(true), env, undefined, {
    userDataDir: dir,
    account: () => 'ann',
    ...(policy ? { policy } : {}),
  })
  await settings.init()
  return { dir, store, settings }
}

const pinned = (engine: 'argos' | 'local') =>
  parsePolicyText('/etc/recto/policy.json', JSON.stringify({ version: 1, engine }))

describe('the automatic engine', () => {
  it('is local while no API key is set, argos once one is, and local again when it is cleared', async () => {
    const { settings } = await make({ ARGOS_API_URL: URL_ })
    expect(settings.view().recognition.engine).toBeNull()
    expect(settings.view().engine).toEqual({ effective: 'local', pinned: false })
    expect(settings.engine()).toBe('local')
    await settings.setApiKey(KEY)
    expect(settings.view().engine).toEqual({ effective: 'argos', pinned: false })
    expect(settings.engine()).toBe('argos')
    settings.clearApiKey()
    expect(settings.engine()).toBe('local')
  })

  it('is argos with a key from the environment', async () => {
    const { settings } = await make({ ARGOS_API_URL: URL_, ARGOS_API_KEY: KEY })
    expect(settings.view().engine).toEqual({ effective: 'argos', pinned: false })
  })

  it('counts a key saved for another endpoint as none (it is not sent there)', async () => {
    const { settings } = await make()
    await settings.setApiKey(KEY)
    expect(settings.engine()).toBe('argos')
    settings.update({ argosBaseUrl: URL_ })
    expect(settings.view().apiKeySet).toBe(false)
    expect(settings.engine()).toBe('local')
  })

  it('reads stored settings without the choice (written before issue 15) as automatic', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recto-engine-'))
    const path = join(dir, 'settings.json')
    await writeFile(
      path,
      JSON.stringify({ recognition: { concurrency: 2, uploadLimitMb: 5 }, reviewerName: 'Ann' }),
    )
    const store = new FileSettingsStore(path)
    expect(store.read().recognition).toMatchObject({ engine: null, concurrency: 2, uploadLimitMb: 5 })
    const settings = new Settings(store, fakeSecrets(true), {})
    await settings.init()
    expect(settings.view().engine).toEqual({ effective: 'local', pinned: false })
  })

  it('reads a stored engine that is not one of the two as automatic', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recto-engine-'))
    const path = join(dir, 'settings.json')
    await writeFile(path, JSON.stringify({ recognition: { engine: 'cloud-vision' } }))
    expect(new FileSettingsStore(path).read().recognition.engine).toBeNull()
  })
})

describe("the reviewer's choice", () => {
  it('wins over the automatic choice either way, and is kept', async () => {
    const { settings, store } = await make({ ARGOS_API_URL: URL_, ARGOS_API_KEY: KEY })
    expect(settings.update({ recognition: { engine: 'local' } }).engine).toEqual({
      effective: 'local',
      pinned: false,
    })
    expect(store.read().recognition.engine).toBe('local')
    expect(settings.engine()).toBe('local')

    const noKey = await make()
    noKey.settings.update({ recognition: { engine: 'argos' } })
    expect(noKey.settings.engine()).toBe('argos')
    // Back to automatic.
    noKey.settings.update({ recognition: { engine: null } })
    expect(noKey.settings.engine()).toBe('local')
  })

  it('goes over IPC as updateSettings({ recognition: { engine } }); anything else is refused by the schema', () => {
    const args = reviewApiSchema.updateSettings
    expect(args.safeParse([{ recognition: { engine: 'local' } }]).success).toBe(true)
    expect(args.safeParse([{ recognition: { engine: 'argos' } }]).success).toBe(true)
    expect(args.safeParse([{ recognition: { engine: null } }]).success).toBe(true)
    expect(args.safeParse([{ recognition: { engine: 'tesseract' } }]).success).toBe(false)
  })

  it('is recorded in the settings history with the account', async () => {
    const { settings, dir } = await make()
    settings.update({ recognition: { engine: 'local' } })
    settings.update({ recognition: { concurrency: 2 } }) // not the engine: no entry
    const lines = (await readFile(join(dir, SETTINGS_AUDIT_FILE), 'utf8')).trim().split('\n')
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        setting: 'recognition.engine',
        before: null,
        after: 'local',
        account: 'ann',
      }),
    ])
  })
})

describe('the admin policy', () => {
  it('pins the engine: the view says so, whatever the key and the stored choice', async () => {
    const { settings, store } = await make({ ARGOS_API_URL: URL_, ARGOS_API_KEY: KEY }, pinned('local'))
    store.write({ recognition: { ...store.read().recognition, engine: 'argos' } })
    const view = settings.view()
    expect(view.engine).toEqual({ effective: 'local', pinned: true })
    expect(view.recognition.engine).toBe('local')
    expect(view.policy.pinned).toContain('recognition.engine')
    expect(settings.engine()).toBe('local')
  })

  it('refuses a change of a pinned engine, as a whole patch, and saves nothing', async () => {
    const { settings, store } = await make({}, pinned('argos'))
    expect(() => settings.update({ recognition: { engine: 'local', concurrency: 2 } })).toThrow(PolicyRefused)
    expect(() => settings.update({ recognition: { engine: 'local' } })).toThrow(
      /The recognition engine is set by your organisation's policy \(\/etc\/recto\/policy\.json\)/,
    )
    expect(store.read().recognition).toMatchObject({ engine: null, concurrency: 4 })
    expect(settings.engine()).toBe('argos')
  })

  it('takes a patch that repeats what the dialog shows (the pinned value) with the rest of it', async () => {
    const { settings, store } = await make({}, pinned('argos'))
    const { recognition } = settings.view()
    settings.update({ recognition: { ...recognition, concurrency: 2 } })
    expect(store.read().recognition).toMatchObject({ engine: null, concurrency: 2 })
  })

  it('accepts "argos" and "local" in the policy file and nothing else', () => {
    expect(PolicyFileSchema.safeParse({ version: 1, engine: 'local' }).success).toBe(true)
    const bad = parsePolicyText('/p.json', JSON.stringify({ version: 1, engine: 'cloud' }))
    expect(bad.problem).toContain('"engine": must be "argos" or "local"')
  })

  it('leaves the engine to the reviewer when the policy file cannot be used', async () => {
    const { settings } = await make({}, safestPolicy('/p.json', 'it is empty'))
    expect(settings.view().engine).toEqual({ effective: 'local', pinned: false })
    settings.update({ recognition: { engine: 'argos' } })
    expect(settings.engine()).toBe('argos')
  })
})
