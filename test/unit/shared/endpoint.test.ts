import { describe, expect, it } from 'vitest'
import { endpointHost, endpointOrigin, endpointProblem, isLoopbackHost } from '../../../shared/endpoint'
import { reviewApiSchema } from '../../../shared/ipc'

describe('endpointProblem (the ARGOS endpoint rule)', () => {
  it('accepts https: anywhere', () => {
    expect(endpointProblem('https://idverify-api.argosidentity.com/modules')).toBeNull()
    expect(endpointProblem('https://203.0.113.5:8443/modules')).toBeNull()
  })

  it('accepts plain http: to a loopback host only (the emulator)', () => {
    for (const url of [
      'http://127.0.0.1:4010/modules',
      'http://127.5.6.7/modules',
      'http://localhost:4010/modules',
      'http://[::1]:4010/modules',
    ])
      expect(endpointProblem(url), url).toBeNull()
  })

  it('refuses plain http: to any other host, with a message naming https', () => {
    for (const url of [
      'http://203.0.113.5/modules',
      'http://idverify-api.argosidentity.com/modules',
      'http://127.0.0.1.evil.test/modules',
      'http://localhost.evil.test/',
      'http://128.0.0.1/',
      'http://[::2]/',
      'http://0.0.0.0/',
    ]) {
      const problem = endpointProblem(url)
      expect(problem, url).toContain('https')
      expect(problem).not.toContain(new URL(url).hostname)
    }
  })

  it('refuses other schemes, credentials in the URL and non-URLs', () => {
    expect(endpointProblem('ftp://example.test/')).toContain('https')
    expect(endpointProblem('file:///etc/passwd')).toContain('https')
    expect(endpointProblem('not a url')).toContain('https')
    expect(endpointProblem('https://user:secret@example.test/')).toMatch(/user name or password/)
    expect(endpointProblem('https://user:secret@example.test/')).not.toContain('secret')
  })

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true)
    expect(isLoopbackHost('[::1]')).toBe(true)
    expect(isLoopbackHost('LOCALHOST')).toBe(true)
    expect(isLoopbackHost('127.0.0.256')).toBe(false)
    expect(isLoopbackHost('10.0.0.1')).toBe(false)
  })

  it('gives the origin a key is bound to, and the host the status area shows', () => {
    expect(endpointOrigin('https://idverify-api.argosidentity.com/modules')).toBe(
      'https://idverify-api.argosidentity.com',
    )
    expect(endpointOrigin('http://127.0.0.1:4010/modules')).toBe('http://127.0.0.1:4010')
    expect(endpointOrigin('nope')).toBeNull()
    expect(endpointHost('https://idverify-api.argosidentity.com/modules?x=1')).toBe(
      'idverify-api.argosidentity.com',
    )
    expect(endpointHost('http://127.0.0.1:4010/modules')).toBe('127.0.0.1:4010')
    expect(endpointHost('nope')).toBe('')
  })

  it('is the rule of the IPC schema: updateSettings refuses a plain-http remote base URL', () => {
    const schema = reviewApiSchema.updateSettings
    const refused = schema.safeParse([{ argosBaseUrl: 'http://203.0.113.5/modules' }])
    expect(refused.success).toBe(false)
    expect(refused.error?.issues[0]?.message).toContain('https')
    expect(schema.safeParse([{ argosBaseUrl: 'http://127.0.0.1:4010/modules' }]).success).toBe(true)
    expect(schema.safeParse([{ argosBaseUrl: 'https://example.test/modules' }]).success).toBe(true)
  })
})
