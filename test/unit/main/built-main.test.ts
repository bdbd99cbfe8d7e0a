// The SHIPPED main process and preload, as built (electron-vite build), run outside Electron: the only way the
// built main bundle runs on a machine without an Electron binary. The main bundle runs in a child Node process
// where 'electron' resolves to a stand-in that records what is asked of it (test/support/electron-standin/); the
// preload runs in a VM context that offers nothing but require('electron'). A bundle that fails at import, a
// channel left unbound, a window without its secure preferences, an app:// route that stops serving the page or
// lets a path out, or a quit that skips disposing the service all fail here.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeChannel, REVIEW_API_METHODS } from '../../../shared/ipc'
import { REPO_ROOT } from '../../support/paths'

const BUILD = join(REPO_ROOT, 'node_modules/.cache/recto-built-main')
const STANDIN = join(REPO_ROOT, 'test/support/electron-standin')

type Report = {
  channels: string[]
  window: { url: string; webPreferences: Record<string, unknown> }
  privileged: { scheme: string; privileges: Record<string, boolean> }[]
  sandboxEnabled: boolean
  permissionHandlers: number
  index: { status: number; type: string | null; csp: string | null; body: string | null }
  traversal: { status: number }
  missingImage: { status: number }
  vault: {
    before: { ok: boolean; value?: unknown }
    casesWhileLocked: string
    recoveryKey: unknown
    after: { ok: boolean; value?: { state: string; protection?: unknown } }
  }
  settings: { ok: boolean; keys?: string[] }
  cases: { ok: boolean; value?: unknown }
  untrusted: { ok: boolean; message?: string }
  invalid: { ok: boolean; message?: string }
  newWindow: { action: string } | null
  quit: { quitCalls: number; exitCode: number | null }
}

let report: Report
let profile: string

beforeAll(async () => {
  await rm(BUILD, { recursive: true, force: true })
  // Into BUILD, inside the repository, so the bundle resolves node_modules as the app does.
  execFileSync(join(REPO_ROOT, 'node_modules/.bin/electron-vite'), ['build', '--outDir', BUILD], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  })
  profile = await mkdtemp(join(tmpdir(), 'recto-built-main-'))
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      join(STANDIN, 'register.mjs'),
      join(STANDIN, 'main-smoke-child.mjs'),
      join(BUILD, 'main/index.js'),
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, STANDIN_USER_DATA: profile, STANDIN_PACKAGED: '1' },
      timeout: 60_000,
    },
  ).toString('utf8')
  report = JSON.parse(out.trim().split('\n').at(-1)!) as Report
}, 120_000)

afterAll(async () => {
  if (profile) await rm(profile, { recursive: true, force: true })
})

describe('the built main process', () => {
  it('binds every contract channel, and no other', () => {
    expect(report.channels).toEqual(REVIEW_API_METHODS.map(invokeChannel).sort())
  })

  it('opens one window on app://recto with the secure preferences', () => {
    expect(report.window.url).toBe('app://recto/index.html')
    expect(report.window.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      devTools: false,
    })
    expect(report.window.webPreferences.preload).toBe(join(BUILD, 'preload/index.cjs'))
    expect(report.sandboxEnabled).toBe(true)
    expect(report.permissionHandlers).toBeGreaterThanOrEqual(2)
    expect(report.newWindow).toEqual({ action: 'deny' })
    expect(report.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ])
  })

  it('serves the page with the CSP on app://recto, and nothing outside the renderer folder', () => {
    expect(report.index.status).toBe(200)
    expect(report.index.type).toMatch(/text\/html/)
    expect(report.index.csp).toContain("default-src 'self'")
    expect(report.index.csp).toContain("script-src 'self'")
    expect(report.index.body).toMatch(/<!doctype html>/i)
    expect(report.traversal.status).toBe(404)
    expect(report.missingImage.status).toBe(404)
  })

  it('answers a trusted IPC call through the real binding and refuses an untrusted sender and bad arguments', () => {
    expect(report.settings).toMatchObject({ ok: true })
    expect(report.settings.keys).toContain('apiKeySet')
    expect(report.settings.keys).not.toContain('apiKey')
    expect(report.cases).toEqual({ ok: true, value: [] })
    expect(report.untrusted).toEqual({ ok: false, message: 'Rejected IPC from an untrusted sender' })
    expect(report.invalid.ok).toBe(false)
    expect(report.invalid.message).toMatch(/^Invalid arguments/)
  })

  it('keeps the store shut until the vault is set up, since the stand-in has no keystore (basic_text)', async () => {
    expect(report.vault.before).toEqual({ ok: true, value: { state: 'setup', keystore: 'basic_text' } })
    expect(report.vault.casesWhileLocked).toBe('waiting')
    expect(report.vault.recoveryKey).toBe(true)
    expect(report.vault.after.value).toMatchObject({
      state: 'open',
      protection: { keystore: null, passphrase: true, unlockedWith: 'passphrase', recoveryKeyShown: true },
    })
    const vault = JSON.parse(await readFile(join(profile, 'vault.json'), 'utf8')) as Record<string, unknown>
    expect(vault).toMatchObject({
      version: 1,
      keystore: null,
      created: { backend: 'basic_text', keystore: false },
    })
  })

  it('imports at run time only electron, Node built-ins and declared dependencies (the rest is bundled)', async () => {
    const code = await readFile(join(BUILD, 'main/index.js'), 'utf8')
    const deps = Object.keys(
      (JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: object })
        .dependencies,
    )
    const specifiers = [
      ...code.matchAll(/(?:^|\n)import[^'"]*?from ["']([^"']+)["']|\bimport\(["']([^"']+)["']\)/g),
    ]
      .map((m) => m[1] ?? m[2]!)
      .filter((x) => !x.startsWith('.') && !x.startsWith('node:'))
    expect(specifiers.length).toBeGreaterThan(0)
    for (const spec of specifiers) {
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!
      expect(pkg === 'electron' || deps.includes(pkg), `${spec} is imported by the built main process`).toBe(
        true,
      )
    }
  })

  it('disposes the service before quitting (the first quit is held, the second goes through)', () => {
    expect(report.quit).toEqual({ quitCalls: 2, exitCode: null })
  })
})

describe('the built preload', () => {
  it('exposes exactly window.api with the contract methods, given nothing but require("electron")', async () => {
    const code = await readFile(join(BUILD, 'preload/index.cjs'), 'utf8')
    const exposed = new Map<string, Record<string, unknown>>()
    const invoked: string[] = []
    const electron = {
      contextBridge: {
        exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.set(name, api),
      },
      ipcRenderer: {
        invoke: (channel: string) => {
          invoked.push(channel)
          return Promise.resolve(null)
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    }
    const required: string[] = []
    runInNewContext(code, {
      require: (name: string) => {
        required.push(name)
        if (name !== 'electron') throw new Error(`the sandboxed preload cannot require ${name}`)
        return electron
      },
      module: { exports: {} },
      exports: {},
    })
    expect(required).toEqual(['electron'])
    expect([...exposed.keys()]).toEqual(['api'])
    const api = exposed.get('api')!
    expect(Object.keys(api).sort()).toEqual([...REVIEW_API_METHODS, 'on'].sort())
    await (api.getSettings as () => Promise<unknown>)()
    expect(invoked).toEqual([invokeChannel('getSettings')])
  })
})
