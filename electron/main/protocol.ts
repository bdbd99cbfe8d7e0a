// The `app://recto` protocol: serves the built renderer (and nothing else) with a strict CSP, instead of file://,
// so the page has a real origin that IPC sender checks and navigation rules can compare against.
import { readFile, realpath } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve } from 'node:path'
import { protocol } from 'electron'
import { createCaseImageRoute, type CaseImageSource } from '../services/images/case-image-route'
import { CONTENT_SECURITY_POLICY } from './csp'
import { APP_HOST, APP_SCHEME } from './origins'

// In its own module so plain Node (the Chromium E2E host) can serve the page under the same policy.
export { CONTENT_SECURITY_POLICY } from './csp'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
}

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream'
}

/** True when `candidate` is `root` itself or lies inside it. */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * Maps an `app://recto/...` URL to a file under `rendererDir`, or null for another scheme or host, a malformed
 * escape, a NUL byte, or a path that would leave the renderer folder (`..`, encoded `%2e%2e%2f`, backslashes).
 */
export function resolveRendererPath(rendererDir: string, requestUrl: string): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0')) return null
  const root = resolve(rendererDir)
  const relativePath = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '')
  const full = resolve(root, relativePath)
  if (full === root || !isInside(root, full)) return null
  return full
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
}

function refuse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' } })
}

/** The request handler, separate from Electron so tests can call it with plain Requests. */
export function createAppProtocolHandler(
  rendererDir: string,
  images?: CaseImageSource,
): (request: Request) => Promise<Response> {
  const imageRoute = images ? createCaseImageRoute(images) : null
  return async (request) => {
    if (imageRoute && URL.canParse(request.url) && new URL(request.url).host === APP_HOST) {
      const response = await imageRoute(request)
      if (response) return response
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed')
    const filePath = resolveRendererPath(rendererDir, request.url)
    if (filePath === null) return refuse(404, 'Not found')
    try {
      // Symlinks must not lead out of the renderer folder either.
      const [realRoot, realFile] = await Promise.all([realpath(rendererDir), realpath(filePath)])
      if (!isInside(realRoot, realFile)) return refuse(404, 'Not found')
      const body = await readFile(realFile)
      const headers = { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(realFile) }
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers })
    } catch {
      return refuse(404, 'Not found')
    }
  }
}

/** Must run before the app is ready: a standard, secure scheme gets an origin, fetch and a secure context. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/** After ready: serve the renderer folder, and the case images (shared/image-url.ts), on app://recto. */
export function serveAppProtocol(rendererDir: string, images: CaseImageSource): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, images))
}
