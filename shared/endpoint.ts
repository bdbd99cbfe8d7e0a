// The ARGOS endpoint rule, in one place: used by the IPC schema (Settings patches), the Settings service (the stored
// URL and the ARGOS_API_URL override) and the renderer (the status area's host).
// The API key and every scan go to this URL, so it must be https:; plain http: only to this computer (the emulator).

/** True for a loopback host: 127.0.0.0/8, ::1 or localhost (a URL's hostname, IPv6 in brackets or not). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  if (host === 'localhost' || host === '::1') return true
  const parts = host.split('.')
  if (parts.length !== 4 || parts[0] !== '127') return false
  return parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
}

/** Why this URL may not be the ARGOS endpoint, or null when it may. The message never repeats the URL. */
export function endpointProblem(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    return 'The ARGOS base URL is not a valid URL: use https://…'
  }
  if (parsed.username || parsed.password) return 'The ARGOS base URL may not contain a user name or password.'
  if (parsed.protocol === 'https:') return null
  if (parsed.protocol === 'http:') {
    return isLoopbackHost(parsed.hostname)
      ? null
      : 'The ARGOS base URL must use https: (plain http: is allowed only to this computer, e.g. the emulator).'
  }
  return 'The ARGOS base URL must use https:.'
}

/** The origin (scheme, host, port) a key is bound to, or null for an unparseable URL. */
export function endpointOrigin(url: string): string | null {
  try {
    const origin = new URL(url.trim()).origin
    return origin === 'null' ? null : origin
  } catch {
    return null
  }
}

/** The host (with a non-default port) shown in the status area, e.g. `idverify-api.argosidentity.com`. */
export function endpointHost(url: string): string {
  try {
    return new URL(url.trim()).host
  } catch {
    return ''
  }
}
