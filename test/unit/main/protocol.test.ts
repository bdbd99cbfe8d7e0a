import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  CONTENT_SECURITY_POLICY,
  contentTypeFor,
  createAppProtocolHandler,
  registerAppScheme,
  resolveRendererPath,
  serveAppProtocol,
} from '../../../electron/main/protocol'
import { protocol, resetElectronFake } from './electron-fake'

vi.mock('electron', async () => (await import('./electron-fake')).electronModule)

let base: string
let rendererDir: string
const INDEX = '<!doctype html><title>Recto</title>'

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'recto-protocol-'))
  rendererDir = join(base, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(rendererDir, 'index.html'), INDEX)
  await writeFile(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)')
  await writeFile(join(rendererDir, 'assets', 'index-abc.css'), 'body{}')
  await writeFile(join(base, 'secret.txt'), 'outside')
  await symlink(join(base, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'))
})
afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})
beforeEach(() => resetElectronFake())

const get = (url: string, method = 'GET') =>
  createAppProtocolHandler(rendererDir)(new Request(url, { method }))

describe('resolveRendererPath', () => {
  it('maps app://recto paths into the renderer folder, / to index.html', () => {
    expect(resolveRendererPath('/r', 'app://recto/index.html')).toBe(join('/r', 'index.html'))
    expect(resolveRendererPath('/r', 'app://recto/')).toBe(join('/r', 'index.html'))
    expect(resolveRendererPath('/r', 'app://recto/assets/a.js?v=1#x')).toBe(join('/r', 'assets', 'a.js'))
  })

  it('refuses traversal, other hosts and schemes, NUL bytes and bad escapes', () => {
    for (const url of [
      'app://recto/..%2f..%2fetc%2fpasswd',
      'app://recto/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://recto/a%00b',
      'app://recto/%E0%A4%A',
      'app://other/index.html',
      'app://recto:8080/index.html',
      'https://recto/index.html',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect(resolveRendererPath('/r', url), url).toBeNull()
    }
  })

  it('keeps dot segments that the URL parser resolves inside the folder', () => {
    // The URL parser already folds "/../../etc/passwd" to "/etc/passwd", which stays under the renderer folder.
    expect(resolveRendererPath('/r', 'app://recto/../../etc/passwd')).toBe(join('/r', 'etc', 'passwd'))
  })
})

describe('case images on app://recto', () => {
  const images = {
    readCaseImage: vi.fn(async (caseId: string, side: string, variant: string) => {
      if (caseId !== 'abcdef12-3456') throw new Error('no such case')
      return { bytes: new TextEncoder().encode(`${side}:${variant}`), mime: 'image/jpeg' }
    }),
  }
  // Made when called: the renderer folder exists only once beforeAll ran.
  const handler = (request: Request) => createAppProtocolHandler(rendererDir, images)(request)

  it('answers /case-image/<id>/<side>/<variant> from the image source, never from the renderer folder', async () => {
    const res = await handler(new Request('app://recto/case-image/abcdef12-3456/back/screen'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await res.text()).toBe('back:screen')
    expect(images.readCaseImage).toHaveBeenLastCalledWith('abcdef12-3456', 'back', 'screen')
  })

  it('is a 404 for an unknown case, and not served on another host or for malformed paths', async () => {
    expect((await handler(new Request('app://recto/case-image/00000000-0000/front/full'))).status).toBe(404)
    images.readCaseImage.mockClear()
    for (const url of [
      'app://evil/case-image/abcdef12-3456/front/full',
      'app://recto/case-image/abcdef12-3456/front/full/extra',
      'app://recto/case-image/..%2f..%2fetc/front/full',
      'app://recto/case-image/abcdef12-3456/top/full',
    ]) {
      expect((await handler(new Request(url))).status, url).toBe(404)
    }
    expect(images.readCaseImage).not.toHaveBeenCalled()
  })
})

describe('app protocol handler', () => {
  it('serves index.html with the CSP, HTML type and nosniff', async () => {
    const res = await get('app://recto/index.html')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(INDEX)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('serves assets with their MIME types', async () => {
    expect((await get('app://recto/assets/index-abc.js')).headers.get('content-type')).toMatch(
      /^text\/javascript/,
    )
    expect((await get('app://recto/assets/index-abc.css')).headers.get('content-type')).toMatch(/^text\/css/)
    expect(contentTypeFor('x.woff2')).toBe('font/woff2')
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream')
  })

  it('answers 404 for traversal, other hosts, missing files, folders and symlinks leading out', async () => {
    for (const url of [
      'app://recto/../../etc/passwd',
      'app://recto/%2e%2e/%2e%2e/etc/passwd',
      'app://recto/..%2f..%2fsecret.txt',
      'app://recto/..%2fsecret.txt',
      'app://evil/index.html',
      'app://recto/missing.js',
      'app://recto/assets',
      'app://recto/assets/link.txt',
    ]) {
      const res = await get(url)
      expect(res.status, url).toBe(404)
      expect(await res.text(), url).not.toContain('outside')
    }
  })

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://recto/index.html', 'POST')).status).toBe(405)
    const head = await get('app://recto/index.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('CSP allows only own scripts and no framing, objects, forms or base changes', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/)
    for (const d of [
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(CONTENT_SECURITY_POLICY).toContain(d)
    }
  })
})

describe('scheme registration', () => {
  it('registers app:// as standard, secure and fetchable, and serves it', () => {
    registerAppScheme()
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
    serveAppProtocol(rendererDir, {
      readCaseImage: async () => ({ bytes: new Uint8Array(1), mime: 'image/png' }),
    })
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function))
  })
})
