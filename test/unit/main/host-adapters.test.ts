import { DEFAULT_EXPORT_SETTINGS } from '../../../shared/export-options'
import { DEFAULT_WORKSPACE } from '../../../electron/services/settings/stored-settings'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createDialogs,
  createNativeDialogs,
  createScriptedDialogs,
  createKeystoreCodec,
  createSecretCodec,
  createSettingsStore,
  readServiceEnv,
} from '../../../electron/main/host-adapters'
import { devEnvironment } from '../../../electron/main/dev-switches'
import { SCRIPTED_REVEAL_LOG } from '../../../electron/services/ports'
import {
  DEFAULT_ARGOS_BASE_URL,
  DEFAULT_RECOGNITION_SETTINGS,
  DEFAULT_REVIEW_SETTINGS,
} from '../../../shared/model'
import { dialog as fakeDialog, FakeBrowserWindow, resetElectronFake, safeStorage } from './electron-fake'

/** An environment as an unpackaged app sees it. */
const dev = (env: Record<string, string | undefined>) => devEnvironment(env, false).env
/** An environment as a packaged app sees it. */
const shipped = (env: Record<string, string | undefined>) => devEnvironment(env, true).env

// The shared fake has no shell: Show in folder's shell.showItemInFolder is added here.
const shell = vi.hoisted(() => ({ showItemInFolder: (() => undefined) as (path: string) => void }))
vi.mock('electron', async () => ({ ...(await import('./electron-fake')).electronModule, shell }))

// The shared fake only has the save dialog: the folder dialog and the message box are added here, on the same
// object the mocked module exports.
const dialog = Object.assign(fakeDialog, {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: false, filePaths: ['/scans/batch-7'] })),
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
})

const stores = vi.hoisted(() => ({
  options: [] as Record<string, unknown>[],
  data: new Map<string, unknown>(),
}))
vi.mock('electron-store', () => ({
  default: class FakeStore {
    constructor(options: { defaults: Record<string, unknown> }) {
      stores.options.push(options)
      for (const [k, v] of Object.entries(options.defaults)) if (!stores.data.has(k)) stores.data.set(k, v)
    }
    get(key: string) {
      return stores.data.get(key)
    }
    set(key: string, value: unknown) {
      stores.data.set(key, value)
    }
  },
}))

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})
beforeEach(() => {
  resetElectronFake()
  stores.options.length = 0
  stores.data.clear()
})

const saveOptions = (defaultName: string) => ({
  title: 'Export CSV',
  defaultName,
  filters: [{ name: 'CSV', extensions: ['csv'] }],
})

describe('scripted dialogs (RECTO_SCRIPTED_DIALOGS)', () => {
  it('answers <dir>/<defaultName> inside the folder, creating it, without a native dialog', async () => {
    const base = await mkdtemp(join(tmpdir(), 'recto-dialogs-'))
    dirs.push(base)
    const dir = join(base, 'exports')
    const dialogs = createDialogs(dev({ RECTO_SCRIPTED_DIALOGS: dir }), () => null)
    const chosen = await dialogs.chooseSavePath(saveOptions('recto-2026-11-26.csv'))
    expect(chosen).toBe(join(resolve(dir), 'recto-2026-11-26.csv'))
    expect((await stat(dir)).isDirectory()).toBe(true)
    expect(dialog.showSaveDialog).not.toHaveBeenCalled()
  })

  it('keeps the answer inside the folder whatever the default name says', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recto-dialogs-'))
    dirs.push(dir)
    for (const name of ['../../evil.csv', '/etc/passwd', 'a/b/c.csv', '']) {
      const chosen = (await createScriptedDialogs(dir).chooseSavePath(saveOptions(name))) as string
      expect(dirname(chosen), name).toBe(resolve(dir))
    }
  })
})

describe('Show in folder', () => {
  it('shows the file in the OS file manager (shell.showItemInFolder), with or without a window', async () => {
    const shown: string[] = []
    shell.showItemInFolder = (path) => void shown.push(path)
    await createNativeDialogs(() => null).revealInFolder!('/home/ann/Documents/recto-export.csv')
    await createNativeDialogs(() => new FakeBrowserWindow({}) as never).revealInFolder!('/tmp/b.csv')
    expect(shown).toEqual(['/home/ann/Documents/recto-export.csv', '/tmp/b.csv'])
  })

  it('is recorded, not shown, by scripted dialogs (one path per line in the scripted folder)', async () => {
    const shown: string[] = []
    shell.showItemInFolder = (path) => void shown.push(path)
    const dir = await mkdtemp(join(tmpdir(), 'recto-dialogs-'))
    dirs.push(dir)
    const dialogs = createDialogs(dev({ RECTO_SCRIPTED_DIALOGS: dir }), () => null)
    await dialogs.revealInFolder!(join(dir, 'a.csv'))
    await dialogs.revealInFolder!(join(dir, 'b.json'))
    const log = await readFile(join(dir, SCRIPTED_REVEAL_LOG), 'utf8')
    expect(log.split('\n').filter(Boolean)).toEqual([join(dir, 'a.csv'), join(dir, 'b.json')])
    expect(shown).toEqual([])
  })
})

describe('scripted folder and confirmation answers', () => {
  const confirmOptions = {
    title: 'Export',
    message: 'Export 3 undecided cases?',
    detail: 'd',
    confirmLabel: 'Export',
  }

  it('answers RECTO_SCRIPTED_FOLDER to a folder dialog, and cancels without it', async () => {
    const dialogs = createDialogs(
      dev({ RECTO_SCRIPTED_DIALOGS: '/tmp/x', RECTO_SCRIPTED_FOLDER: '/data/scans' }),
      () => null,
    )
    expect(await dialogs.chooseFolder({ title: 'Import a folder of scans' })).toBe(resolve('/data/scans'))
    const none = createDialogs(dev({ RECTO_SCRIPTED_DIALOGS: '/tmp/x' }), () => null)
    expect(await none.chooseFolder({ title: 'Import a folder of scans' })).toBeNull()
    const blank = createDialogs(
      dev({ RECTO_SCRIPTED_DIALOGS: '/tmp/x', RECTO_SCRIPTED_FOLDER: '' }),
      () => null,
    )
    expect(await blank.chooseFolder({ title: 'Import a folder of scans' })).toBeNull()
    expect(dialog.showOpenDialog).not.toHaveBeenCalled()
  })

  it('confirms unless RECTO_SCRIPTED_CONFIRM is "no"', async () => {
    const answer = (value: string | undefined) =>
      createDialogs(
        dev({ RECTO_SCRIPTED_DIALOGS: '/tmp/x', RECTO_SCRIPTED_CONFIRM: value }),
        () => null,
      ).confirm(confirmOptions)
    expect(await answer(undefined)).toBe(true)
    expect(await answer('yes')).toBe(true)
    expect(await answer('no')).toBe(false)
    expect(dialog.showMessageBox).not.toHaveBeenCalled()
  })
})

describe('native dialogs', () => {
  it('opens the save dialog on the window with the default name in Documents', async () => {
    const win = new FakeBrowserWindow({})
    const dialogs = createDialogs(dev({}), () => win as never)
    expect(await dialogs.chooseSavePath(saveOptions('out.csv'))).toBe('/chosen/out.csv')
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      win,
      expect.objectContaining({
        title: 'Export CSV',
        defaultPath: join('/home/reviewer/Documents', 'out.csv'),
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      }),
    )
  })

  it('returns null when cancelled, and works without a window', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' })
    expect(await createNativeDialogs(() => null).chooseSavePath(saveOptions('out.csv'))).toBeNull()
    expect(dialog.showSaveDialog.mock.calls[0]).toHaveLength(1)
  })

  it('chooses a folder with the open dialog on the window', async () => {
    const win = new FakeBrowserWindow({})
    const dialogs = createDialogs(dev({}), () => win as never)
    expect(await dialogs.chooseFolder({ title: 'Import a folder of scans' })).toBe('/scans/batch-7')
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(win, {
      title: 'Import a folder of scans',
      properties: ['openDirectory'],
    })
  })

  it('returns null for a cancelled folder dialog, and opens it without a window when there is none', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] })
    expect(await createNativeDialogs(() => null).chooseFolder({ title: 'T' })).toBeNull()
    expect(dialog.showOpenDialog.mock.calls[0]).toEqual([{ title: 'T', properties: ['openDirectory'] }])
    const closed = new FakeBrowserWindow({})
    closed.destroyed = true
    await createNativeDialogs(() => closed as never).chooseFolder({ title: 'T' })
    expect(dialog.showOpenDialog.mock.calls[1]).toHaveLength(1)
  })

  it('asks a question with the confirming button first and Cancel as default and cancel answer', async () => {
    const win = new FakeBrowserWindow({})
    const dialogs = createNativeDialogs(() => win as never)
    const options = {
      title: 'Export',
      message: 'Export 3 undecided cases?',
      detail: 'They have no decision.',
    }
    expect(await dialogs.confirm({ ...options, confirmLabel: 'Export anyway' })).toBe(true)
    expect(dialog.showMessageBox).toHaveBeenCalledWith(win, {
      type: 'question',
      buttons: ['Export anyway', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      ...options,
    })
    dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false })
    expect(await dialogs.confirm({ ...options, confirmLabel: 'Export anyway' })).toBe(false)
    dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false })
    expect(await createNativeDialogs(() => null).confirm({ ...options, confirmLabel: 'Go' })).toBe(true)
    expect(dialog.showMessageBox.mock.calls[2]).toHaveLength(1)
  })
})

describe('settings store (electron-store)', () => {
  it('defaults to the ARGOS production URL, no reviewer, no key', () => {
    const store = createSettingsStore()
    expect(store.read()).toEqual({
      argosBaseUrl: DEFAULT_ARGOS_BASE_URL,
      reviewerName: '',
      encryptedApiKey: null,
      apiKeyOrigin: null,
      recognition: DEFAULT_RECOGNITION_SETTINGS,
      review: DEFAULT_REVIEW_SETTINGS,
      export: DEFAULT_EXPORT_SETTINGS,
      workspace: DEFAULT_WORKSPACE,
    })
    expect(stores.options[0]).toMatchObject({ name: 'settings', clearInvalidConfig: true })
  })

  it('writes only the known settings, leaving absent ones alone', () => {
    const store = createSettingsStore()
    store.write({ reviewerName: 'Ann', encryptedApiKey: 'Y2lwaGVy' })
    store.write({ argosBaseUrl: 'http://127.0.0.1:4010/', extra: 'x' } as never)
    expect(store.read()).toEqual({
      argosBaseUrl: 'http://127.0.0.1:4010/',
      reviewerName: 'Ann',
      encryptedApiKey: 'Y2lwaGVy',
      apiKeyOrigin: null,
      recognition: DEFAULT_RECOGNITION_SETTINGS,
      review: DEFAULT_REVIEW_SETTINGS,
      export: DEFAULT_EXPORT_SETTINGS,
      workspace: DEFAULT_WORKSPACE,
    })
    expect(stores.data.has('extra')).toBe(false)
    store.write({ encryptedApiKey: null })
    expect(store.read().encryptedApiKey).toBeNull()
  })

  it('falls back to defaults for values of the wrong type in the file', () => {
    stores.data.set('argosBaseUrl', 42)
    stores.data.set('encryptedApiKey', { x: 1 })
    expect(createSettingsStore().read()).toMatchObject({
      argosBaseUrl: DEFAULT_ARGOS_BASE_URL,
      encryptedApiKey: null,
    })
  })
})

// The shared fake has only the synchronous safeStorage API: the asynchronous one (what Recto calls since Electron
// 45) is added here, on the same object, sealing the same way so that what encryptString sealed opens with it too.
const safeStorageAsync = Object.assign(safeStorage, {
  isAsyncEncryptionAvailable: vi.fn(async () => true),
  encryptStringAsync: vi.fn(async (plain: string) => Buffer.from(`enc:${plain}`)),
  decryptStringAsync: vi.fn(async (cipher: Buffer) => ({
    result: cipher.toString().replace(/^enc:/, ''),
    shouldReEncrypt: false,
  })),
})

describe('secret codec (safeStorage)', () => {
  it('round-trips through the asynchronous API and never calls the deprecated synchronous one', async () => {
    const codec = createSecretCodec('linux')
    expect(await codec.isEncryptionAvailable()).toBe(true)
    const sealed = await codec.encrypt('k-1')
    expect(await codec.decrypt(sealed)).toBe('k-1')
    expect(safeStorageAsync.encryptStringAsync).toHaveBeenCalledWith('k-1')
    expect(safeStorageAsync.decryptStringAsync).toHaveBeenCalledWith(sealed)
    expect(safeStorage.isEncryptionAvailable).not.toHaveBeenCalled()
    expect(safeStorage.encryptString).not.toHaveBeenCalled()
    expect(safeStorage.decryptString).not.toHaveBeenCalled()
  })

  it('hands stored bytes to decryptStringAsync as they are, so what encryptString sealed still opens', async () => {
    const before = safeStorage.encryptString('k-old')
    expect(await createSecretCodec('win32').decrypt(before)).toBe('k-old')
  })

  it("reports Linux's basic_text fallback as unavailable, and passes through unavailability", async () => {
    safeStorage.getSelectedStorageBackend.mockReturnValueOnce('basic_text')
    expect(await createSecretCodec('linux').isEncryptionAvailable()).toBe(false)
    safeStorageAsync.isAsyncEncryptionAvailable.mockResolvedValueOnce(false)
    expect(await createSecretCodec('darwin').isEncryptionAvailable()).toBe(false)
    safeStorageAsync.isAsyncEncryptionAvailable.mockRejectedValueOnce(new Error('temporarily unavailable'))
    expect(await createSecretCodec('win32').isEncryptionAvailable()).toBe(false)
  })

  it('asks for the backend only after the asynchronous encryptor has started', async () => {
    const order: string[] = []
    safeStorageAsync.isAsyncEncryptionAvailable.mockImplementationOnce(async () => {
      order.push('async-available')
      return true
    })
    safeStorage.getSelectedStorageBackend.mockImplementationOnce(() => {
      order.push('backend')
      return 'gnome_libsecret'
    })
    expect(await createSecretCodec('linux').isEncryptionAvailable()).toBe(true)
    expect(order).toEqual(['async-available', 'backend'])
  })

  it('rejects what the keystore cannot open', async () => {
    safeStorageAsync.decryptStringAsync.mockRejectedValueOnce(new Error('Error while decrypting'))
    await expect(createSecretCodec('darwin').decrypt(Buffer.from('x'))).rejects.toThrow(/decrypting/)
  })
})

describe('vault keystore codec (safeStorage)', () => {
  it('seals the binary vault key as base64 through the asynchronous API and opens it again', async () => {
    const codec = createKeystoreCodec('linux')
    const key = Buffer.from([0, 255, 1, 254, 128, 10, 13])
    const sealed = await codec.encrypt(key)
    expect(safeStorageAsync.encryptStringAsync).toHaveBeenLastCalledWith(key.toString('base64'))
    expect(sealed.includes(key)).toBe(false)
    expect(await codec.decrypt(sealed)).toEqual(key)
    expect(safeStorage.encryptString).not.toHaveBeenCalled()
  })

  it("names the backend: Linux's selected one, asked after the encryptor started; fixed names elsewhere", async () => {
    const order: string[] = []
    safeStorageAsync.isAsyncEncryptionAvailable.mockImplementationOnce(async () => {
      order.push('async-available')
      return true
    })
    safeStorage.getSelectedStorageBackend.mockImplementationOnce(() => {
      order.push('backend')
      return 'basic_text'
    })
    expect(await createKeystoreCodec('linux').backend()).toBe('basic_text')
    expect(order).toEqual(['async-available', 'backend'])
    expect(await createKeystoreCodec('win32').backend()).toBe('dpapi')
    expect(await createKeystoreCodec('darwin').backend()).toBe('keychain')
    safeStorage.getSelectedStorageBackend.mockImplementationOnce(() => {
      throw new Error('not ready')
    })
    expect(await createKeystoreCodec('linux').backend()).toBe('unknown')
  })

  it('reports an unavailable or failing keystore as unavailable, never throwing', async () => {
    safeStorageAsync.isAsyncEncryptionAvailable.mockRejectedValueOnce(new Error('dbus gone'))
    expect(await createKeystoreCodec('linux').isAvailable()).toBe(false)
    safeStorageAsync.isAsyncEncryptionAvailable.mockResolvedValueOnce(false)
    expect(await createKeystoreCodec('win32').isAvailable()).toBe(false)
  })
})

describe('readServiceEnv', () => {
  it('takes only the two ARGOS overrides, ignoring blanks', () => {
    expect(
      readServiceEnv(dev({ ARGOS_API_URL: ' http://127.0.0.1:4010 ', ARGOS_API_KEY: 'k', HOME: '/h' })),
    ).toEqual({
      ARGOS_API_URL: 'http://127.0.0.1:4010',
      ARGOS_API_KEY: 'k',
    })
    expect(readServiceEnv(dev({ ARGOS_API_KEY: '  ' }))).toEqual({
      ARGOS_API_URL: undefined,
      ARGOS_API_KEY: undefined,
    })
  })
})

describe('in a packaged build', () => {
  it('shows native dialogs even with the scripted-dialog switches set', async () => {
    const win = new FakeBrowserWindow({})
    const env = {
      RECTO_SCRIPTED_DIALOGS: '/tmp/x',
      RECTO_SCRIPTED_FOLDER: '/data/scans',
      RECTO_SCRIPTED_CONFIRM: 'yes',
    }
    const dialogs = createDialogs(shipped(env), () => win as never)
    expect(await dialogs.chooseSavePath(saveOptions('out.csv'))).toBe('/chosen/out.csv')
    expect(dialog.showSaveDialog).toHaveBeenCalledTimes(1)
    expect(await dialogs.chooseFolder({ title: 'Import a folder of scans' })).toBe('/scans/batch-7')
    expect(dialog.showOpenDialog).toHaveBeenCalledTimes(1)
  })

  it('gives the service no ARGOS overrides', () => {
    expect(readServiceEnv(shipped({ ARGOS_API_URL: 'http://203.0.113.5', ARGOS_API_KEY: 'k' }))).toEqual({
      ARGOS_API_URL: undefined,
      ARGOS_API_KEY: undefined,
    })
  })
})
