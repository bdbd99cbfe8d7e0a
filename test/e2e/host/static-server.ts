// Serves the built renderer (out/renderer) on 127.0.0.1 with the app's CSP (electron/main/csp.ts, not a copy), for the Chromium host, plus the
// host's own same-origin routes (web Request → Response handlers: the IPC bridge, the case image route).
import { randomUUID } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/csp'

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

/** Answers a request it owns, or null to let the next route (and finally the static files) have it. */
export type Route = (request: Request) => Promise<Response | null>

export type RendererServer = {
  url: string
  /** Holds bytes for one GET at the returned same-origin path (the host's side channel for large results). */
  offer(bytes: Uint8Array): string
  /** Adds a route, tried before the static files. */
  route(route: Route): void
  close(): Promise<void>
}

const BYTES_PATH = '/__bytes/'

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = []
  if (req.method !== 'GET' && req.method !== 'HEAD') for await (const c of req) chunks.push(c as Buffer)
  const headers = new Headers()
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: chunks.length ? Buffer.concat(chunks) : undefined,
  })
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.end(Buffer.from(await response.arrayBuffer()))
}

export async function serveRenderer(root: string): Promise<RendererServer> {
  const offered = new Map<string, Uint8Array>()
  const routes: Route[] = []
  let origin = ''
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`No built renderer at ${root}: run "npm run build" first`)
  }
  const serveStatic = (path: string, res: ServerResponse): void => {
    const file = normalize(join(root, path === '/' ? 'index.html' : path))
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'cache-control': 'no-store',
    })
    createReadStream(file).pipe(res)
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
    void (async () => {
      try {
        if (routes.length) {
          const request = await toRequest(req, origin)
          for (const route of routes) {
            const response = await route(request)
            if (response) return await send(res, response)
          }
        }
        serveStatic(path, res)
      } catch {
        if (!res.headersSent) res.writeHead(500).end('host error')
      }
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/index.html`,
    offer(bytes) {
      const path = `${BYTES_PATH}${randomUUID()}`
      offered.set(path, bytes)
      return path
    },
    route(route) {
      routes.push(route)
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
