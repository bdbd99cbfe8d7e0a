// The Chromium host: the built renderer in Debian's Chromium, with a real ReviewService (temp user-data folder,
// the app's scripted dialogs) bound into window.api over a same-origin POST route, with the preload's own proxy code.
import { randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildSync } from 'esbuild'
import type { Browser, Page } from '@playwright/test'
import { FileSettingsStore } from '../../../electron/services/settings/file-settings-store'
import type { Logger, ServiceEnv } from '../../../electron/services/ports'
import { createReviewService, type ReviewService } from '../../../electron/services/review-service'
import { NO_KEYSTORE, type KeystoreCodec, type Vault } from '../../../electron/services/store/vault/vault'
import { VaultGate } from '../../../electron/services/store/vault/vault-gate'
import { testKeystore } from '../../support/test-vault'
import { dispatch } from '../../../shared/ipc-dispatch'
import type { ReviewEventName } from '../../../shared/ipc'
import { REPO_ROOT } from '../../support/paths'
import { toRendererError, UNTRUSTED_SENDER_MESSAGE } from '../../../electron/main/ipc'
import { createCaseImageRoute } from '../../../electron/services/images/case-image-route'
import { createScriptedDialogs } from '../../../electron/main/scripted-dialogs'
import { IPC_PATH, IPC_TOKEN_HEADER } from './page-bridge-protocol'
import { serveRenderer } from './static-server'
import { decodeWire, encodeWire } from './wire'

const pageScripts = new Map<string, string>()

/** A TypeScript module bundled into one script a page can evaluate, once per process. */
export function bundleForPage(entry: string): string {
  let script = pageScripts.get(entry)
  if (script === undefined) {
    script = buildSync({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
    }).outputFiles[0]!.text
    pageScripts.set(entry, script)
  }
  return script
}

/** The page side of the bridge (shared/ipc-proxy included). */
function pageBridge(): string {
  return bundleForPage(join(REPO_ROOT, 'test/e2e/host/page-bridge.ts'))
}

/** The IPC calls that carry image bytes: the page must get its images from the image route instead. */
export const IMAGE_IPC_METHODS: readonly string[] = ['getImage', 'getPreview']

export type ChromiumApp = {
  page: Page
  service: ReviewService
  /** The image IPC calls (IMAGE_IPC_METHODS) the page made, in order: none when the image route works. */
  imageIpcCalls: string[]
  close(): Promise<void>
}

export async function launchChromiumApp(
  browser: Browser,
  opts: {
    userDataDir: string
    exportDir: string
    env: ServiceEnv
    logger: Logger
    /** What the folder dialog answers (none: cancelled). */
    importFolder?: string | undefined
    /** What confirmations answer (default yes). */
    confirm?: boolean | undefined
    /** A file whose first line is the OS account at the keyboard (as RECTO_ACCOUNT_FILE in the app). */
    accountFile?: string | undefined
    /** The admin policy file (as RECTO_POLICY_FILE in the app); none by default. */
    policyFile?: string | undefined
    /**
     * The store is encrypted, as in the app: a VaultGate on `keystore` (by default a fake OS keystore that is
     * always there, so the vault is created and unlocked silently; null: none, so the reviewer sets a passphrase at
     * the gate). `vault`: a vault unlocked beforehand (benchmarks), or null for a plaintext store (baselines only).
     */
    keystore?: KeystoreCodec | null | undefined
    vault?: Vault | null | undefined
  },
): Promise<ChromiumApp> {
  mkdirSync(opts.exportDir, { recursive: true })
  // RECTO_E2E_RENDERER_DIR: a built renderer elsewhere (parallel work on one checkout); default out/renderer.
  const server = await serveRenderer(process.env.RECTO_E2E_RENDERER_DIR ?? join(REPO_ROOT, 'out/renderer'))
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  const origin = new URL(server.url).origin

  const emit = (event: ReviewEventName, payload: unknown) => {
    page
      .evaluate(
        ([e, p]) =>
          (window as unknown as { __rectoDeliver?: (e: string, p: unknown) => void }).__rectoDeliver?.(e, p),
        [event, encodeWire(payload)] as const,
      )
      .catch(() => undefined) // the page may be navigating or closed
  }
  const gate =
    opts.vault === undefined
      ? new VaultGate({
          dir: opts.userDataDir,
          codec: opts.keystore === undefined ? testKeystore : (opts.keystore ?? NO_KEYSTORE),
          logger: opts.logger,
        })
      : null
  const service = createReviewService({
    userDataDir: opts.userDataDir,
    settings: new FileSettingsStore(join(opts.userDataDir, 'settings.json')),
    // No OS keychain in this host: the key is kept for the session only, as on a machine without one.
    secrets: {
      isEncryptionAvailable: async () => false,
      encrypt: async () => Buffer.alloc(0),
      decrypt: async () => '',
    },
    // The app's own scripted dialogs, answering as the Electron host's do (RECTO_SCRIPTED_FOLDER / _CONFIRM).
    dialogs: createScriptedDialogs(opts.exportDir, {
      folder: opts.importFolder ?? null,
      confirm: opts.confirm ?? true,
    }),
    env: opts.env,
    emit,
    logger: opts.logger,
    account: () =>
      opts.accountFile ? readFileSync(opts.accountFile, 'utf8').split('\n')[0]!.trim() : 'reviewer-a',
    policyFile: opts.policyFile ?? null,
    vault: gate ?? opts.vault ?? null,
    // As the unpackaged app: the project's sample documents; the local engine is the service's default, the real one.
    samplesDir: join(REPO_ROOT, 'resources', 'samples'),
  })
  // As the app does: the service is made first (it subscribes to the gate), then the gate opens.
  void gate?.start()

  // IPC as a same-origin POST (as fast as Electron's IPC, unlike a debugging-protocol binding), with the app's
  // sender check in spirit: only our origin, carrying the token handed to our page, may call the service.
  const token = randomUUID()
  const imageIpcCalls: string[] = []
  server.route(async (request) => {
    if (new URL(request.url).pathname !== IPC_PATH) return null
    if (
      request.method !== 'POST' ||
      request.headers.get('origin') !== origin ||
      request.headers.get(IPC_TOKEN_HEADER) !== token
    ) {
      return new Response(UNTRUSTED_SENDER_MESSAGE, { status: 403 })
    }
    const { method, args } = (await request.json()) as { method: unknown; args: unknown }
    if (typeof method === 'string' && IMAGE_IPC_METHODS.includes(method)) imageIpcCalls.push(method)
    try {
      const result = await dispatch(service, method, decodeWire(args))
      return Response.json({ ok: true, result: encodeWire(result, server.offer) })
    } catch (err) {
      return Response.json({ ok: false, message: toRendererError(err, [opts.env.ARGOS_API_KEY]).message })
    }
  })
  server.route(createCaseImageRoute(service))
  await page.addInitScript({
    content: `globalThis.__rectoIpcToken = ${JSON.stringify(token)};\n${pageBridge()}`,
  })
  await page.goto(server.url)
  return {
    page,
    service,
    imageIpcCalls,
    async close() {
      await context.close()
      await service.dispose()
      await server.close()
    },
  }
}
