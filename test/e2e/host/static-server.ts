// Serves the built renderer (out/renderer) on 127.0.0.1 with the app's CSP, for the Chromium host.
import { randomUUID } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
}

export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export type RendererServer = {
  url: string
  /** Holds bytes for one GET at the returned same-origin path (the host's side channel for large results). */
  offer(bytes: Uint8Array): string
  close(): Promise<void>
}

const BYTES_PATH = '/__bytes/'

export async function serveRenderer(root: string): Promise<RendererServer> {
  const offered = new Map<string, Uint8Array>()
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`No built renderer at ${root}: run "npm run build" first`)
  }
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    if (path.startsWith(BYTES_PATH)) {
      const bytes = offered.get(path)
      offered.delete(path)
      if (!bytes) return void res.writeHead(404).end('not found')
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' })
      return void res.end(bytes)
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path))
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': RENDERER_CSP,
      'cache-control': 'no-store',
    })
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/index.html`,
    offer(bytes) {
      const path = `${BYTES_PATH}${randomUUID()}`
      offered.set(path, bytes)
      return path
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
