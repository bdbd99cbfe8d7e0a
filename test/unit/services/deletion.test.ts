// Deleting cases (issue 13): "Delete case…" and "Delete all data" ask first, leave a tombstone (case id, audit head,
// account, time, reason) in a hash-chained deletion log that survives, and leave no file of the case behind;
// retention deletes at its boundary (exactly N days after the decision or last export), quarantined folders too.
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CaseStore } from '../../../electron/services/store/case-store'
import { createDeletion } from '../../../electron/services/store/deletion'
import { DELETION_LOG_FILE, DeletionLog } from '../../../electron/services/audit/deletion-log'
import { DAY_MS, casesDue, isDue } from '../../../electron/services/store/retention'
import { serviceHarness } from '../../support/service-harness'

const D01 = 'd01-utopia-passport-front.jpg'

async function withCases(n: number) {
  const h = await serviceHarness({})
  await h.service.updateSettings({ reviewerName: 'Ann Reviewer' })
  const ids: string[] = []
  for (let i = 0; i < n; i++) ids.push((await h.service.importScans([await h.file(D01)])).case!.id)
  return { h, ids }
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true }).catch(() => [])).map(String)
}

describe('Delete case…', () => {
  it('asks, then deletes every file of the case and records a tombstone first', async () => {
    const { h, ids } = await withCases(2)
    const [gone, kept] = ids as [string, string]
    const head = (await h.service.getCase(gone)).auditHead
    const result = await h.service.deleteCase(gone, 'Duplicate submission')
    expect(result).toEqual({ status: 'deleted', count: 1 })
    expect(h.confirmations.at(-1)).toMatchObject({ title: 'Delete this case?', confirmLabel: 'Delete case' })
    expect((await h.service.listCases()).map((c) => c.id)).toEqual([kept])
    expect((await filesUnder(join(h.userDataDir, 'cases'))).some((f) => f.includes(gone))).toBe(false)
    await expect(h.service.getCase(gone)).rejects.toThrow()

    const { entries, verdict } = new DeletionLog(h.userDataDir).read()
    expect(verdict).toEqual({ ok: true, count: 1 })
    expect(entries[0]).toMatchObject({
      caseId: gone,
      auditHead: head,
      account: 'reviewer-a',
      reviewer: 'Ann Reviewer',
      kind: 'reviewer',
      reason: 'Duplicate submission',
    })
    // The tombstone holds no value of the case (its name, number or file name).
    const raw = await readFile(join(h.userDataDir, DELETION_LOG_FILE), 'utf8')
    expect(raw).not.toMatch(/TAMIHANA|LA1234567|utopia/i)
    expect(h.events.some((e) => e.event === 'casesChanged')).toBe(true)
  })

  it('deletes nothing when the reviewer says no, or gives no reason', async () => {
    const { h, ids } = await withCases(1)
    h.answerConfirm(false)
    expect(await h.service.deleteCase(ids[0]!, 'Other')).toEqual({ status: 'canceled' })
    await expect(h.service.deleteCase(ids[0]!, '   ')).rejects.toThrow(/reason/)
    expect((await h.service.listCases()).map((c) => c.id)).toEqual(ids)
    expect(new DeletionLog(h.userDataDir).read().entries).toEqual([])
  })
})

describe('Delete all data', () => {
  it('deletes every case and quarantined folder; settings and the deletion log stay', async () => {
    const { h, ids } = await withCases(3)
    const quarantine = join(h.userDataDir, 'quarantine', 'abcdef12-0000-2026')
    await mkdir(quarantine, { recursive: true })
    await writeFile(join(quarantine, 'case.json'), '{ damaged')
    expect(await h.service.deleteAllData()).toEqual({ status: 'deleted', count: 3 })
    expect(await h.service.listCases()).toEqual([])
    expect(await filesUnder(join(h.userDataDir, 'quarantine'))).toEqual([])
    const caseFiles = (await filesUnder(join(h.userDataDir, 'cases'))).filter((f) => f !== 'index.json')
    expect(caseFiles).toEqual([])
    expect((await h.service.getSettings()).reviewerName).toBe('Ann Reviewer')
    const log = new DeletionLog(h.userDataDir).read()
    expect(log.entries.map((e) => [e.caseId, e.kind])).toEqual(
      expect.arrayContaining(ids.map((id) => [id, 'all_data'])),
    )
    expect(log.verdict).toEqual({ ok: true, count: 3 })
  })
})

describe('the deletion log', () => {
  it('reports an edited tombstone', async () => {
    const { h, ids } = await withCases(2)
    for (const id of ids) await h.service.deleteCase(id, 'Other')
    const path = join(h.userDataDir, DELETION_LOG_FILE)
    const lines = (await readFile(path, 'utf8')).trim().split('\n')
    const first = JSON.parse(lines[0]!) as Record<string, unknown>
    lines[0] = JSON.stringify({ ...first, reason: 'Retention' })
    await writeFile(path, `${lines.join('\n')}\n`)
    const { verdict } = new DeletionLog(h.userDataDir).read()
    expect(verdict).toMatchObject({ ok: false, index: 0 })
  })
})

describe('retention', () => {
  it('is due exactly N days after, not a millisecond before; never without a decision or export', () => {
    const since = '2026-01-01T00:00:00.000Z'
    const at = Date.parse(since) + 30 * DAY_MS
    expect(isDue(since, 30, new Date(at))).toBe(true)
    expect(isDue(since, 30, new Date(at - 1))).toBe(false)
    expect(isDue(null, 30, new Date(at))).toBe(false)
    expect(isDue(since, null, new Date(at + DAY_MS * 1000))).toBe(false)
  })

  it('purges the decided cases at the boundary and leaves the others, with tombstones', async () => {
    const { h, ids } = await withCases(3)
    const [decided, exported, open] = ids as [string, string, string]
    await h.service.decide(decided, { kind: 'rejected', reason: 'Document expired', note: '' })
    await h.service.exportJson({ caseIds: [exported], decidedOnly: false })
    const decidedAt = Date.parse((await h.service.getCase(decided)).decision!.at)
    const exportedAt = Date.parse((await h.service.getCase(exported)).exportedAt!)
    const store = new CaseStore(h.userDataDir)
    await store.init()
    let now = new Date(decidedAt + 7 * DAY_MS - 1)
    const deletion = createDeletion({
      store,
      userDataDir: h.userDataDir,
      dialogs: {
        chooseSavePath: async () => null,
        chooseFolder: async () => null,
        confirm: async () => false,
      },
      emit: () => undefined,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      who: () => ({ account: 'reviewer-a', name: 'Ann Reviewer' }),
      retentionDays: () => 7,
      now: () => now,
    })
    expect(await deletion.purgeExpired()).toBe(0)
    now = new Date(decidedAt + 7 * DAY_MS)
    expect(await deletion.purgeExpired()).toBe(1)
    now = new Date(Math.max(decidedAt, exportedAt) + 7 * DAY_MS)
    expect(await deletion.purgeExpired()).toBe(1)
    const { summaries } = await store.listSummaries()
    expect(summaries.map((s) => s.id)).toEqual([open])
    expect(casesDue(summaries, 7, new Date(now.getTime() + 1000 * DAY_MS))).toEqual([])
    const log = deletion.log.read().entries
    expect(log.map((e) => [e.caseId, e.kind])).toEqual([
      [decided, 'retention'],
      [exported, 'retention'],
    ])
    expect(log[0]!.reason).toBe('Retention: 7 days after its decision or last export')
    await store.close()
  })

  it('a deletion interrupted after the rename leaves only a hidden folder, removed at the next start', async () => {
    const { h, ids } = await withCases(1)
    const doomed = join(h.userDataDir, 'cases', `.importing-deleted-${ids[0]}`)
    await mkdir(doomed)
    await writeFile(join(doomed, 'case.json'), '{}')
    const store = new CaseStore(h.userDataDir)
    await store.init()
    expect((await readdir(join(h.userDataDir, 'cases'))).some((f) => f.startsWith('.importing-'))).toBe(false)
    await store.close()
  })
})

describe('retention settings', () => {
  it('are recorded in the settings history, and a policy pins them', async () => {
    const { h } = await withCases(0)
    await h.service.updateSettings({ review: { retentionDays: 30 } })
    const { entries } = await h.service.getSettingsHistory()
    expect(entries.at(-1)).toMatchObject({
      setting: 'review.retentionDays',
      before: null,
      after: 30,
      account: 'reviewer-a',
    })
  })

  it('a policy’s retention is the one in force and cannot be changed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recto-policy-'))
    const policyFile = join(dir, 'policy.json')
    await writeFile(policyFile, JSON.stringify({ version: 1, retentionDays: 14 }))
    const h = await serviceHarness({}, { policyFile })
    expect((await h.service.getSettings()).review.retentionDays).toBe(14)
    await expect(h.service.updateSettings({ review: { retentionDays: null } })).rejects.toThrow(/policy/)
    await h.service.updateSettings({ review: { retentionDays: 14 } })
    expect((await h.service.getSettings()).policy.pinned).toContain('retentionDays')
  })
})
