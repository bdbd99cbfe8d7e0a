// The Chromium host: the built renderer in Debian's Chromium, with a real ReviewService (temp user-data folder,
// scripted dialogs) bound into window.api through exposeBinding, exactly as the preload would expose it.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { buildSync } from 'esbuild'
import type { Browser, Page } from '@playwright/test'
import { FileSettingsStore } from '../../../electron/services/file-settings-store'
import type { Logger, ServiceEnv } from '../../../electron/services/ports'
import { createReviewService, type ReviewService } from '../../../electron/services/review-service'
import { dispatch } from '../../../shared/ipc-dispatch'
import type { ReviewEventName } from '../../../shared/ipc'
import { REPO_ROOT } from '../../support/paths'
import { serveRenderer } from './static-server'
import { decodeWire, encodeWire } from './wire'

let bridgeScript: string | null = null

/** The page side of the bridge, bundled once per worker from TypeScript (shared/ipc-proxy included). */
function pageBridge(): string {
  bridgeScript ??= buildSync({
    entryPoints: [join(REPO_ROOT, 'test/e2e/host/page-bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
  }).outputFiles[0]!.text
  return bridgeScript
}

/** Scripted dialogs: "Save as" answers with a path inside exportDir, as a reviewer accepting the default would. */
export function scriptedDialogs(exportDir: string) {
  return {
    async chooseSavePath(options: { defaultName: string }) {
      return join(exportDir, options.defaultName)
    },
  }
}

export type ChromiumApp = { page: Page; service: ReviewService; close(): Promise<void> }

export async function launchChromiumApp(
  browser: Browser,
  opts: { userDataDir: string; exportDir: string; env: ServiceEnv; logger: Logger },
): Promise<ChromiumApp> {
  mkdirSync(opts.exportDir, { recursive: true })
  const server = await serveRenderer(join(REPO_ROOT, 'out/renderer'))
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
  const service = createReviewService({
    userDataDir: opts.userDataDir,
    settings: new FileSettingsStore(join(opts.userDataDir, 'settings.json')),
    // No OS keychain in this host: the key is kept for the session only, as on a machine without one.
    secrets: { isEncryptionAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' },
    dialogs: scriptedDialogs(opts.exportDir),
    env: opts.env,
    emit,
    logger: opts.logger,
  })

  // The same sender check as the app: only the main frame of our own origin may call the service.
  await page.exposeBinding('__rectoInvoke', async (source, method: unknown, args: unknown) => {
    if (source.frame !== page.mainFrame() || new URL(source.frame.url()).origin !== origin) {
      throw new Error('Rejected IPC from an untrusted sender')
    }
    const result = await dispatch(service, method, decodeWire(JSON.parse(String(args))))
    return result === undefined ? undefined : JSON.stringify(encodeWire(result, server.offer))
  })
  await page.addInitScript({ content: pageBridge() })
  await page.goto(server.url)
  return {
    page,
    service,
    async close() {
      await context.close()
      await service.dispose()
      await server.close()
    },
  }
}
