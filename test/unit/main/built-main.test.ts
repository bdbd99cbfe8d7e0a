// The SHIPPED main process and preload, as built (electron-vite build), run outside Electron: the only way the
// built main bundle runs on a machine without an Electron binary. The main bundle runs in a child Node process
// where 'electron' resolves to a stand-in that records what is asked of it (test/support/electron-standin/); the
// preload runs in a VM context that offers nothing but require('electron'). A bundle that fails at import, a
// channel left unbound, a window without its secure preferences, an app:// route that stops serving the page or a
// case image or lets a path out, a renderer that can fetch images over IPC, or a quit that skips disposing the
// service all fail here.
//
// RECTO_SMOKE_OUT=<folder>: test that build (main/, preload/, renderer/) instead of building one, to show the
// tests fail on a deliberately broken copy: copy node_modules/.cache/recto-built-main to /tmp/x, link
// /tmp/node_modules -> the repository's node_modules (the bundle imports its dependencies at run time), patch
// /tmp/x/main/index.js (a throw at the top, a channel skipped in bindIpc, serveAppProtocol without the images),
// and run `RECTO_SMOKE_OUT=/tmp/x npx vitest run test/unit/main/built-main.test.ts`.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeChannel, REVIEW_API_METHODS } from '../../../shared/ipc'
import { fixturePath, REPO_ROOT } from '../../support/paths'

const GIVEN = process.env.RECTO_SMOKE_OUT
const BUILD = GIVEN ? resolve(GIVEN) : join(REPO_ROOT, 'node_modules/.cache/recto-built-main')
const STANDIN = join(REPO_ROOT, 'test/support/electron-standin')
const SCAN = fixturePath('d01-utopia-passport-front.jpg')

type Answer = { status: number; type: string | null; csp: string | null; body: string | null }
type ImageAnswer = Answer & {
  decoded: { width?: number; height?: number; format?: string; error?: string } | null
}

type Report = {
  /** Set when the child stopped early: what it was doing. What it learnt until then is still here. */
  fatal?: string
  channels: string[]
  window: { url: string; webPreferences: Record<string, unknown> }
  privileged: { scheme: string; privileges: Record<string, boolean> }[]
  sandboxEnabled: boolean
  permissionHandlers: number
  index: Answer
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
  imported: {
    errors: unknown[]
    front: { width: number; height: number; mime: string }
    back: unknown
  }
  images: Record<'full' | 'screen' | 'thumb', ImageAnswer>
  refused: Record<string, { status: number; type: string | null; body: string | null }>
  newWindow: { action: string } | null
  quit: { quitCalls: number; exitCode: number | null }
}

let run: { status: number | null; signal: string | null; stdout: string; stderr: string }
let partial: Partial<Report> | null = null
let profile: string

/** How the child ended, with its stderr (the bundle's own stack when it threw at import), for failure messages. */
function describeRun(): string {
  const how = run.signal ? `was killed (${run.signal})` : `exited with code ${run.status}`
  const stopped = partial?.fatal ? `\nIt stopped because ${partial.fatal}.` : ''
  const stderr = run.stderr.trim().split('\n').slice(-25).join('\n')
  return `The built main process (${join(BUILD, 'main/index.js')}) ${how}.${stopped}\n--- its stderr ---\n${stderr || '(empty)'}`
}

/** The child's full report; a failure that names why when the child did not get through its run. */
function report(): Report {
  if (!partial || partial.fatal || run.status !== 0) throw new Error(describeRun())
  return partial as Report
}

beforeAll(async () => {
  if (GIVEN) {
    if (!existsSync(join(BUILD, 'main/index.js'))) {
      throw new Error(`RECTO_SMOKE_OUT=${GIVEN}: no main/index.js there (expected an electron-vite build)`)
    }
  } else {
    await rm(BUILD, { recursive: true, force: true })
    // Into BUILD, inside the repository, so the bundle resolves node_modules as the app does.
    execFileSync(join(REPO_ROOT, 'node_modules/.bin/electron-vite'), ['build', '--outDir', BUILD], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    })
  }
  profile = await mkdtemp(join(tmpdir(), 'recto-built-main-'))
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      join(STANDIN, 'register.mjs'),
      join(STANDIN, 'main-smoke-child.mjs'),
      join(BUILD, 'main/index.js'),
      SCAN,
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, STANDIN_USER_DATA: profile, STANDIN_PACKAGED: '1' },
      timeout: 90_000,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  )
  run = { status: child.status, signal: child.signal, stdout: child.stdout ?? '', stderr: child.stderr ?? '' }
  const last = run.stdout.trim().split('\n').at(-1)
  try {
    partial = last ? (JSON.parse(last) as Partial<Report>) : null
  } catch {
    partial = null
  }
}, 180_000)

afterAll(async () => {
  if (profile) await rm(profile, { recursive: true, force: true })
})

describe('the built main process', () => {
  it('loads and runs its smoke run to the end (a bundle that throws at import fails here, with its stack)', () => {
    expect(run.status === 0 && !partial?.fatal && partial !== null, describeRun()).toBe(true)
  })

  it('binds every contract channel, and no other', () => {
    // Read even from a run that stopped early: an unbound channel is named here, whatever it broke later.
    expect(partial?.channels, describeRun()).toBeDefined()
    const expected = REVIEW_API_METHODS.map(invokeChannel).sort()
    const bound = partial!.channels!
    const missing = expected.filter((c) => !bound.includes(c))
    const extra = bound.filter((c) => !expected.includes(c))
    expect({ missing, extra }, `channels not bound: ${missing.join(', ') || 'none'}`).toEqual({
      missing: [],
      extra: [],
    })
  })

  it('opens one window on app://recto with the secure preferences', () => {
    const r = report()
    expect(r.window.url).toBe('app://recto/index.html')
    expect(r.window.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      devTools: false,
    })
    expect(r.window.webPreferences.preload).toBe(join(BUILD, 'preload/index.cjs'))
    expect(r.sandboxEnabled).toBe(true)
    expect(r.permissionHandlers).toBeGreaterThanOrEqual(2)
    expect(r.newWindow).toEqual({ action: 'deny' })
    expect(r.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ])
  })

  it('serves the page with the CSP on app://recto', () => {
    const r = report()
    expect(r.index.status).toBe(200)
    expect(r.index.type).toMatch(/text\/html/)
    expect(r.index.csp).toContain("default-src 'self'")
    expect(r.index.csp).toContain("script-src 'self'")
    expect(r.index.body).toMatch(/<!doctype html>/i)
  })

  it('serves an imported case image through app://recto, decoding to the stored size', () => {
    const r = report()
    expect(r.imported.errors).toEqual([])
    const { width, height } = r.imported.front
    expect(width).toBeGreaterThan(0)
    const full = r.images.full
    expect(
      full.status,
      `app://recto/case-image/…/front/full answered ${full.status} (${full.body ?? ''}): is the image route served?`,
    ).toBe(200)
    expect(full.type).toMatch(/^image\//)
    expect(full.decoded).toMatchObject({ width, height })
    // The screen copy and thumbnail come from the same route, scaled down but decodable.
    for (const variant of ['screen', 'thumb'] as const) {
      const answer = r.images[variant]
      expect(answer.status, `${variant}: ${answer.body ?? ''}`).toBe(200)
      expect(answer.type).toMatch(/^image\//)
      expect(answer.decoded?.width).toBeGreaterThan(0)
      expect(answer.decoded!.width!).toBeLessThanOrEqual(width)
      expect(answer.decoded!.height! / answer.decoded!.width!).toBeCloseTo(height / width, 1)
    }
  })

  it('refuses traversal out of the renderer folder and case ids that are not cases', async () => {
    const r = report()
    // Something to find at the main bundle's path, so a 404 there means refused, not absent.
    expect(existsSync(join(BUILD, 'main/index.js'))).toBe(true)
    expect(Object.keys(r.refused).length).toBeGreaterThanOrEqual(10)
    for (const [what, answer] of Object.entries(r.refused)) {
      expect(answer.status, `${what}: ${answer.status} ${answer.body ?? ''}`).toBe(404)
      expect(answer.type, what).toMatch(/^text\/plain/)
    }
  })

  it('answers a trusted IPC call through the real binding and refuses an untrusted sender and bad arguments', () => {
    const r = report()
    expect(r.settings).toMatchObject({ ok: true })
    expect(r.settings.keys).toContain('apiKeySet')
    expect(r.settings.keys).not.toContain('apiKey')
    expect(r.cases).toEqual({ ok: true, value: [] })
    expect(r.untrusted).toEqual({ ok: false, message: 'Rejected IPC from an untrusted sender' })
    expect(r.invalid.ok).toBe(false)
    expect(r.invalid.message).toMatch(/^Invalid arguments/)
  })

  it('keeps the store shut until the vault is set up, since the stand-in has no keystore (basic_text)', async () => {
    const r = report()
    expect(r.vault.before).toMatchObject({ ok: true, value: { state: 'setup', keystore: 'basic_text' } })
    expect(r.vault.casesWhileLocked).toBe('waiting')
    expect(r.vault.recoveryKey).toBe(true)
    expect(r.vault.after.value).toMatchObject({
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
    expect(report().quit).toEqual({ quitCalls: 2, exitCode: null })
  })
})

describe('the built renderer', () => {
  it('never asks for image bytes over IPC: getImage/getPreview exist for the dev server only', async () => {
    // previewPrefetch.ts keeps its IPC fallback under import.meta.env.DEV, which the production build drops; a
    // fallback left in would hide a broken image route behind IPC.
    const assets = join(BUILD, 'renderer/assets')
    const scripts = (await readdir(assets)).filter((f) => f.endsWith('.js'))
    expect(scripts.length).toBeGreaterThan(0)
    const calls: string[] = []
    for (const file of scripts) {
      const code = await readFile(join(assets, file), 'utf8')
      for (const m of code.matchAll(/.{0,40}\.(getImage|getPreview)\(.{0,20}/g))
        calls.push(`${file}: ${m[0]}`)
    }
    expect(calls, 'image IPC calls in the built renderer').toEqual([])
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
