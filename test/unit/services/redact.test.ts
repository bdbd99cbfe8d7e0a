// The one redaction point for messages that cross to the renderer (issue 12, item 8).
import { describe, expect, it } from 'vitest'
import {
  REDACTED,
  redactCredentialShapes,
  redactForRenderer,
  redactSecrets,
} from '../../../electron/services/redact'

const KEY = 'sk_live_S3NT1NEL+key/0000=='

describe('redactSecrets', () => {
  it('replaces each secret (a key, a callback token), also URL-encoded and JSON-escaped; ignores one too short', () => {
    expect(
      redactSecrets('a ab"c/d+e b ab\\"c/d+e c ab%22c%2Fd%2Be d tok_123 x', ['ab"c/d+e', 'tok_123', 'x']),
    ).toBe('a [redacted] b [redacted] c [redacted] d [redacted] x')
  })
  it('removes every occurrence of a secret, also URL-encoded and JSON-escaped', () => {
    const text = `a ${KEY} b ${encodeURIComponent(KEY)} c ${JSON.stringify('q"' + KEY).slice(1, -1)}`
    const out = redactSecrets(text, [KEY])
    expect(out).not.toContain(KEY)
    expect(out).not.toContain(encodeURIComponent(KEY))
    expect(out.split(REDACTED)).toHaveLength(4)
  })

  it('removes the longest secret first, so no fragment of it is left', () => {
    expect(redactSecrets('token abcdef123456', ['abcd', 'abcdef123456'])).toBe(`token ${REDACTED}`)
  })

  it('ignores empty, missing and too-short values (they would shred the message)', () => {
    expect(redactSecrets('a b c', ['', null, undefined, 'a'])).toBe('a b c')
  })
})

describe('redactCredentialShapes', () => {
  it.each([
    ['api_key', 'https://argos.example/v1/recognize?api_key=abc123&lang=en', 'lang=en'],
    ['apiKey', 'GET https://argos.example/x?apiKey=abc123', 'argos.example/x'],
    ['key', 'https://maps.example/?key=abc123#top', '#top'],
    ['token', 'http://127.0.0.1:5123/callback?token=abc123 refused', 'refused'],
    ['access_token', 'https://x.example/?a=1&access_token=abc123', 'a=1'],
    ['callback-token', 'https://x.example/?callback-token=abc123', 'x.example'],
  ])('scrubs a %s query parameter and keeps the rest', (_name, text, kept) => {
    const out = redactCredentialShapes(text)
    expect(out).not.toContain('abc123')
    expect(out).toContain(REDACTED)
    expect(out).toContain(kept)
  })

  it('scrubs URL credentials (user:pass@ and token@)', () => {
    const out = redactCredentialShapes(
      'fetch https://mina:hunter2@argos.example/v1 and ftp://tok3n@files.example/ failed',
    )
    expect(out).toBe(`fetch https://${REDACTED}@argos.example/v1 and ftp://${REDACTED}@files.example/ failed`)
  })

  it('scrubs Authorization, x-api-key and bare Bearer/Basic credentials', () => {
    const out = redactCredentialShapes(
      'sent Authorization: Bearer eyJhbGciOi.abc.def\r\nx-api-key: abc123\r\nthen Basic bWluYTpodW50ZXIy',
    )
    expect(out).not.toMatch(/eyJhbGciOi|abc123|bWluYTpodW50ZXIy/)
    expect(out).toContain(`Authorization: ${REDACTED}`)
    expect(out).toContain(`x-api-key: ${REDACTED}`)
    expect(out).toContain(`Basic ${REDACTED}`)
  })

  it('scrubs credential members of echoed JSON, not a field key', () => {
    const out = redactCredentialShapes('{"apiKey":"abc123","token":"t\\"ok","key":"name","value":"x"}')
    expect(out).toBe(`{"apiKey":"${REDACTED}","token":"${REDACTED}","key":"name","value":"x"}`)
  })

  it('leaves ordinary messages alone', () => {
    const text =
      'ARGOS refused the API key: Check the API key or IP allow-list in Settings. See https://argos.example/docs?page=2'
    expect(redactCredentialShapes(text)).toBe(text)
  })
})

describe('redactForRenderer', () => {
  it('removes the secrets and the credential shapes together', () => {
    const out = redactForRenderer(`key ${KEY} at https://u:p@h.example/?api_key=zzz9`, [KEY])
    expect(out).toBe(`key ${REDACTED} at https://${REDACTED}@h.example/?api_key=${REDACTED}`)
  })

  it('works without secrets', () => {
    expect(redactForRenderer('plain')).toBe('plain')
  })
})
