// The admin policy file: what a valid file pins, and that every way a file can be bad is reported by name and
// falls back to the safest values (electron/services/settings/policy.ts).
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  loadPolicy,
  MAX_POLICY_BYTES,
  NO_POLICY,
  parsePolicyText,
  pinnedSettings,
  policyView,
} from '../../../electron/services/settings/policy'

const FILE = '/etc/recto/policy.json'

async function policyFile(content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'recto-policy-'))
  const path = join(dir, 'policy.json')
  await writeFile(path, content)
  return path
}

function logger() {
  const lines: string[] = []
  return {
    lines,
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    error: (m: string) => lines.push(`error ${m}`),
  }
}

/** The fallback a bad file gets: checked in one place so every bad-file test asserts all of it. */
function expectSafest(policy: ReturnType<typeof parsePolicyText>, source: string) {
  expect(policy.source).toBe(source)
  expect(policy.problem).toContain(`The policy file ${source} could not be used`)
  expect(policy.endpoint).toEqual({ kind: 'frozen' })
  expect(policy.apiKeyFrozen).toBe(true)
  expect(policy.review).toEqual({ fourEyes: true })
  expect(policy.export).toEqual({ decidedOnly: true, maskDocumentNumbers: true, excludeMrz: true })
  expect(pinnedSettings(policy)).toEqual([
    'argosBaseUrl',
    'apiKey',
    'review.fourEyes',
    'export.decidedOnly',
    'export.csv.maskDocumentNumbers',
    'export.csv.excludeMrz',
  ])
}

describe('the policy file', () => {
  it('a valid file pins what it sets, and nothing else', () => {
    const policy = parsePolicyText(
      FILE,
      JSON.stringify({
        version: 1,
        argosBaseUrl: 'https://argos.example.org/modules/',
        requireFourEyes: true,
        attentionScore: 80,
        retentionDays: 30,
        export: { maskDocumentNumbers: true, includeOcr: false },
      }),
    )
    expect(policy.problem).toBeNull()
    expect(policy.endpoint).toEqual({ kind: 'pinned', url: 'https://argos.example.org/modules' })
    expect(policy.apiKeyFrozen).toBe(false)
    expect(policy.review).toEqual({ fourEyes: true, attentionScore: 80 })
    expect(policy.retentionDays).toBe(30)
    expect(policy.export).toEqual({ maskDocumentNumbers: true, includeOcr: false })
    expect(policyView(policy)).toEqual({
      source: FILE,
      problem: null,
      pinned: [
        'argosBaseUrl',
        'review.fourEyes',
        'review.attentionScore',
        'retentionDays',
        'export.csv.maskDocumentNumbers',
        'export.csv.includeOcr',
      ],
    })
  })

  it('a file with only the version pins nothing', () => {
    const policy = parsePolicyText(FILE, '\uFEFF{ "version": 1 }\n')
    expect(policy.problem).toBeNull()
    expect(pinnedSettings(policy)).toEqual([])
  })

  it('an unknown member is an error that names it, at the top and inside "export"', () => {
    const policy = parsePolicyText(
      FILE,
      JSON.stringify({ version: 1, fourEyes: true, export: { maskNumbers: true } }),
    )
    expectSafest(policy, FILE)
    expect(policy.problem).toContain('unknown setting "fourEyes"')
    expect(policy.problem).toContain('unknown setting "export.maskNumbers"')
  })

  it('an endpoint the endpoint rule refuses is an error that says why', () => {
    const policy = parsePolicyText(FILE, JSON.stringify({ version: 1, argosBaseUrl: 'http://203.0.113.5/x' }))
    expectSafest(policy, FILE)
    expect(policy.problem).toMatch(/"argosBaseUrl": .*https/)
  })

  it('values out of range, a wrong version and requireFourEyes false are errors naming the member', () => {
    const policy = parsePolicyText(
      FILE,
      JSON.stringify({ version: 2, attentionScore: 101, retentionDays: 0, requireFourEyes: false }),
    )
    expectSafest(policy, FILE)
    for (const member of ['"version"', '"attentionScore"', '"retentionDays"', '"requireFourEyes"'])
      expect(policy.problem).toContain(member)
    expect(policy.problem).toContain('can only be true')
  })

  it('invalid JSON is reported with where it stopped, never with the text', () => {
    const policy = parsePolicyText(FILE, '{ "version": 1, "secretish": }')
    expectSafest(policy, FILE)
    expect(policy.problem).toContain('is not valid JSON')
    expect(policy.problem).not.toContain('secretish')
  })

  it('an empty file and a JSON value that is not an object are errors', () => {
    expect(parsePolicyText(FILE, '  \n').problem).toContain('it is empty')
    const array = parsePolicyText(FILE, '[1]')
    expectSafest(array, FILE)
    expect(array.problem).toContain('must be a JSON object')
  })
})

describe('loading the policy file', () => {
  it('no file configured, or a missing file, is no policy and says nothing', async () => {
    const log = logger()
    expect(loadPolicy(null, log)).toBe(NO_POLICY)
    const dir = await mkdtemp(join(tmpdir(), 'recto-policy-'))
    expect(loadPolicy(join(dir, 'policy.json'), log)).toBe(NO_POLICY)
    expect(loadPolicy(join(dir, 'missing-folder', 'policy.json'), log)).toBe(NO_POLICY)
    // A file where the folder should be (ENOTDIR) is no folder, so no policy either.
    const file = await policyFile('{}')
    expect(loadPolicy(join(file, 'policy.json'), log)).toBe(NO_POLICY)
    expect(log.lines).toEqual([])
  })

  it('reads a valid file and logs how many settings it pins (not its content)', async () => {
    const path = await policyFile(JSON.stringify({ version: 1, requireFourEyes: true }))
    const log = logger()
    const policy = loadPolicy(path, log)
    expect(policy.review).toEqual({ fourEyes: true })
    expect(log.lines).toEqual([`info policy: ${path} pins 1 setting(s)`])
  })

  it('a bad file is logged as a warning naming the file, and the safest values apply', async () => {
    const path = await policyFile('{ not json')
    const log = logger()
    expectSafest(loadPolicy(path, log), path)
    expect(log.lines).toHaveLength(1)
    expect(log.lines[0]).toMatch(/^warn policy: The policy file .* could not be used: it is not valid JSON/)
  })

  it('a folder, an oversized file and (where permissions apply) an unreadable file are bad files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recto-policy-'))
    const folder = join(dir, 'policy.json')
    await mkdir(folder)
    expectSafest(loadPolicy(folder), folder)
    expect(loadPolicy(folder).problem).toContain('folder')

    const big = await policyFile(`{"version":1}${' '.repeat(MAX_POLICY_BYTES)}`)
    expectSafest(loadPolicy(big), big)
    expect(loadPolicy(big).problem).toContain('larger than 64 KB')

    const locked = await policyFile('{"version":1}')
    await chmod(locked, 0o000)
    const asRoot = process.getuid?.() === 0
    if (process.platform !== 'win32' && !asRoot) {
      expectSafest(loadPolicy(locked), locked)
      expect(loadPolicy(locked).problem).toContain('permission denied')
    }
  })
})
