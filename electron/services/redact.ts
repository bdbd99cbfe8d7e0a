// The one redaction point for text that leaves the main process towards the renderer (error messages of the IPC
// binding; also usable for any message a service hands on). Two layers:
// 1. Known secrets, passed in by the caller at the moment of use (the API key in use, a callback token): every
//    occurrence, also URL-encoded and JSON-escaped, becomes REDACTED. Nothing here stores them.
// 2. Shapes that carry credentials whatever their value: URL user info (`https://user:pass@host`), query or form
//    parameters with key-like names (`?api_key=…`, `&token=…`), Authorization / x-api-key header values and
//    `Bearer …` / `Basic …` credentials, and JSON members with key-like names (`"apiKey":"…"`).
// Pure and synchronous: no logging, no state.

export const REDACTED = '[redacted]'

/** A value that must not reach the renderer; shorter than this (or empty) is ignored (it would shred the text). */
export const MIN_SECRET_LENGTH = 4

export type Secret = string | null | undefined

/** Parameter and member names whose value is a credential (compared case-insensitively, `-`/`_` optional). */
const KEY_LIKE_NAMES =
  'api[-_]?key|apikey|x[-_]?api[-_]?key|key|access[-_]?token|refresh[-_]?token|id[-_]?token|auth[-_]?token|' +
  'callback[-_]?token|token|secret|client[-_]?secret|password|passwd|pwd|pass|auth|authorization|signature|sig|' +
  'hmac|session|sessionid|credential|credentials'

/** `?name=value` / `&name=value` / `;name=value`: the value up to the next separator, quote or whitespace. */
const QUERY_PARAM = new RegExp(`([?&;](?:${KEY_LIKE_NAMES})=)[^&;#\\s"'<>]*`, 'gi')

/** `scheme://user:pass@` or `scheme://token@`: the user info of a URL. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi

/** A header line or pair: `Authorization: Bearer abc`, `x-api-key=abc`, `Proxy-Authorization: Basic abc`. */
const HEADER_VALUE =
  /\b((?:proxy-)?authorization|x-api-key|api-key|x-auth-token|x-callback-token|cookie|set-cookie)(\s*[:=]\s*)("?)[^\r\n",;}]+/gi

/** A bare `Bearer abc` / `Basic abc` credential anywhere in the text. */
const SCHEME_CREDENTIAL = /\b(Bearer|Basic|Digest|Token)\s+[A-Za-z0-9\-._~+/=]{4,}/g

/**
 * JSON member names whose string value is a credential: KEY_LIKE_NAMES without the generic ones (`key`, `session`,
 * `sig`, `pass`, `auth`) that name other things in Recto's own JSON (a field's `key`).
 */
const JSON_SECRET_NAMES =
  'api[-_]?key|apikey|x[-_]?api[-_]?key|access[-_]?token|refresh[-_]?token|id[-_]?token|auth[-_]?token|' +
  'callback[-_]?token|token|secret|client[-_]?secret|password|passwd|authorization|credentials?'

/** `"apiKey": "abc"` (JSON members with credential names; the value as a JSON string). */
const JSON_MEMBER = new RegExp(`("(?:${JSON_SECRET_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi')

/** The forms a secret takes in text: as is, URL-encoded (query strings), JSON-escaped (echoed bodies). */
function formsOf(secret: string): string[] {
  const forms = new Set<string>([secret])
  try {
    forms.add(encodeURIComponent(secret))
  } catch {
    // a lone surrogate cannot be encoded; the raw form is still removed
  }
  forms.add(JSON.stringify(secret).slice(1, -1))
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH)
}

/** `text` with every form of every secret replaced by REDACTED (longest first, so no fragment is left). */
export function redactSecrets(text: string, secrets: readonly Secret[]): string {
  const forms = new Set<string>()
  for (const secret of secrets) {
    if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) {
      for (const form of formsOf(secret)) forms.add(form)
    }
  }
  let out = text
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join(REDACTED)
  return out
}

/** `text` with credentials removed by their shape (URL user info, key-like parameters, headers, JSON members). */
export function redactCredentialShapes(text: string): string {
  return text
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(QUERY_PARAM, `$1${REDACTED}`)
    .replace(HEADER_VALUE, `$1$2$3${REDACTED}`)
    .replace(SCHEME_CREDENTIAL, `$1 ${REDACTED}`)
    .replace(JSON_MEMBER, `$1"${REDACTED}"`)
}

/**
 * The message as the renderer may see it: the known secrets (the current API key, callback tokens; passed in,
 * never remembered) and anything shaped like a credential replaced by REDACTED.
 */
export function redactForRenderer(message: string, secrets: readonly Secret[] = []): string {
  return redactCredentialShapes(redactSecrets(message, secrets))
}
