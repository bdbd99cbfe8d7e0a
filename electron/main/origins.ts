// Where the renderer may come from. In the built app it is served by our own `app://recto` protocol; under
// `electron-vite dev` it comes from the Vite dev server. Navigation and IPC are trusted only from these origins.

export const APP_SCHEME = 'app'
export const APP_HOST = 'recto'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * `scheme://host[:port]` of a URL, or null. Node's URL gives "null" as the origin of non-special schemes such
 * as `app:`, so the origin is built from protocol and host instead.
 */
export function originOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (!parsed.host) return null
  return `${parsed.protocol}//${parsed.host}`
}

export function isTrustedUrl(url: string, trustedOrigins: readonly string[]): boolean {
  const origin = originOf(url)
  return origin !== null && trustedOrigins.includes(origin)
}

export type RendererLocation = {
  /** What the main window loads. */
  url: string
  /** Origins whose pages may navigate within the window and call IPC. */
  trustedOrigins: string[]
  /** True when the Vite dev server is used (electron-vite dev). */
  dev: boolean
}

/**
 * The dev server URL (set by `electron-vite dev` in ELECTRON_RENDERER_URL) is honoured only in an unpackaged
 * app and only for http(s) on a loopback host, so an environment variable cannot point a shipped app elsewhere.
 */
export function resolveRendererLocation(
  devServerUrl: string | undefined,
  isPackaged: boolean,
): RendererLocation {
  if (devServerUrl && !isPackaged && isLoopbackHttp(devServerUrl)) {
    return { url: devServerUrl, trustedOrigins: [originOf(devServerUrl) as string], dev: true }
  }
  return { url: APP_ENTRY_URL, trustedOrigins: [APP_ORIGIN], dev: false }
}

function isLoopbackHttp(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url)
    return (
      (protocol === 'http:' || protocol === 'https:') &&
      (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]')
    )
  } catch {
    return false
  }
}
