// The settings audit log (electron/services/audit/settings-audit.ts): appends chain, the file is owner-only, and reading
// reports tampering (edited, removed, reordered, invalid lines) and ignores only an incomplete last line, saying so.
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  SETTINGS_AUDIT_FILE,
  SETTINGS_GENESIS_HASH,
  SettingsAuditLog,
  loggedEndpoint,
  settingsAuditPath,
  type SettingsAuditDraft,
} from '../../../electron/services/audit/settings-audit'

const draft = (setting: string, before: unknown, after: unknown, minute = 0): SettingsAuditDraft => ({
  at: `2026-12-03T10:${String(minute).padStart(2, '0')}:00.000Z`,
  account: 'ann',
  reviewer: 'Ann',
  setting,
  before,
  after,
})

async function logWith(...drafts: SettingsAuditDraft[]) {
  const dir = await mkdtemp(join(tmpdir(), 'recto-settings-audit-'))
  const log = new SettingsAuditLog(settingsAuditPath(dir))
  for (const d of drafts) log.append([d])
  return { log, path: join(dir, SETTINGS_AUDIT_FILE) }
}

const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter(Boolean)

describe('the settings audit log', () => {
  it('an empty or missing log is an intact empty chain', async () => {
    const { log } = await logWith()
    expect(log.read()).toEqual({ entries: [], verdict: { ok: true, count: 0 }, problem: null })
  })

  it('appends chained entries, owner-only, and reads them back verified', async () => {
    const { log, path } = await logWith(
      draft('review.fourEyes', false, true, 1),
      draft('review.attentionScore', 60, 75, 2),
    )
    log.append([
      draft('apiKey', 'none', 'set', 3),
      draft('argosBaseUrl', 'https://a.example', 'https://b.example', 3),
    ])
    const raw = (await lines(path)).map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(raw.map((e) => e.seq)).toEqual([0, 1, 2, 3])
    expect(raw[0]!.prevHash).toBe(SETTINGS_GENESIS_HASH)
    for (let i = 1; i < raw.length; i++) expect(raw[i]!.prevHash).toBe(raw[i - 1]!.hash)
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600)

    const view = log.read()
    expect(view.verdict).toEqual({ ok: true, count: 4 })
    expect(view.problem).toBeNull()
    expect(view.entries[0]).toEqual({
      seq: 0,
      at: '2026-12-03T10:01:00.000Z',
      account: 'ann',
      reviewer: 'Ann',
      setting: 'review.fourEyes',
      before: false,
      after: true,
    })
    expect(view.entries.map((e) => e.setting)).toEqual([
      'review.fourEyes',
      'review.attentionScore',
      'apiKey',
      'argosBaseUrl',
    ])
  })

  it('an edited entry breaks the chain at that entry', async () => {
    const { log, path } = await logWith(
      draft('review.fourEyes', false, true),
      draft('review.fourEyes', true, false),
    )
    const [first, second] = await lines(path)
    await writeFile(path, `${first}\n${second!.replace('"after":false', '"after":true')}\n`)
    expect(log.read().verdict).toEqual({
      ok: false,
      index: 1,
      reason: expect.stringContaining('does not match its hash') as string,
    })
  })

  it('a removed or reordered entry breaks the chain', async () => {
    const { log, path } = await logWith(
      draft('reviewerName', '', 'Ann', 1),
      draft('reviewerName', 'Ann', 'Bo', 2),
      draft('reviewerName', 'Bo', 'Cy', 3),
    )
    const [a, b, c] = await lines(path)
    await writeFile(path, `${a}\n${c}\n`)
    expect(log.read().verdict).toMatchObject({
      ok: false,
      index: 1,
      reason: expect.stringContaining('removed'),
    })
    await writeFile(path, `${b}\n${a}\n${c}\n`)
    expect(log.read().verdict).toMatchObject({ ok: false, index: 0 })
  })

  it('an invalid line in the middle is reported, not skipped silently', async () => {
    const { log, path } = await logWith(draft('reviewerName', '', 'Ann'), draft('reviewerName', 'Ann', 'Bo'))
    const [a, b] = await lines(path)
    await writeFile(path, `${a}\nnot json\n${b}\n`)
    const view = log.read()
    expect(view.verdict).toMatchObject({ ok: false, index: 1 })
    expect(view.problem).toContain('Line 2')
    expect(view.entries).toHaveLength(2)
  })

  it('a torn last line is ignored and said; the next append cuts it off and the chain holds', async () => {
    const { log, path } = await logWith(draft('review.fourEyes', false, true))
    const whole = await readFile(path, 'utf8')
    await writeFile(path, `${whole}{"seq":1,"at":"2026-12-03T10:0`)
    const torn = log.read()
    expect(torn.verdict).toEqual({ ok: true, count: 1 })
    expect(torn.entries).toHaveLength(1)
    expect(torn.problem).toContain('The last line (line 2) is incomplete')

    log.append([draft('review.fourEyes', true, false, 5)])
    const after = log.read()
    expect(after).toMatchObject({ verdict: { ok: true, count: 2 }, problem: null })
    expect(await lines(path)).toHaveLength(2)
  })

  it('a last entry written without its newline still counts, and the next append adds the newline', async () => {
    const { log, path } = await logWith(draft('review.fourEyes', false, true))
    await writeFile(path, (await readFile(path, 'utf8')).trimEnd())
    expect(log.read()).toMatchObject({ verdict: { ok: true, count: 1 }, problem: null })
    log.append([draft('review.fourEyes', true, false)])
    expect(log.read().verdict).toEqual({ ok: true, count: 2 })
  })

  it('refuses a malformed entry before writing anything', async () => {
    const { log, path } = await logWith(draft('review.fourEyes', false, true))
    expect(() => log.append([{ ...draft('review.fourEyes', true, false), at: 'yesterday' }])).toThrow()
    expect(await lines(path)).toHaveLength(1)
  })

  it('keeps endpoints without query or fragment', () => {
    expect(loggedEndpoint('https://a.example:8443/modules/?apikey=x#y')).toBe(
      'https://a.example:8443/modules',
    )
  })
})
