// "Copy local cases to the team workspace…" against the real server: local cases (the real case store and audit
// logs, MACs included) go to the team's database with their images, copies, decisions and audit logs, each verified
// before and after; a second or interrupted run resumes without copying twice; a case whose local log was tampered
// with is refused; nothing is removed from this computer unless the reviewer confirms; a decision the server's
// four-eyes rule refuses leaves nothing of its case in the team workspace.
import { createHash, randomUUID } from 'node:crypto'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { auditDraft, type AuditDraft } from '../../../../shared/audit'
import type { Case, Field } from '../../../../shared/model'
import { AuditKey } from '../../../../electron/services/audit/audit-key'
import { AUDIT_FILE } from '../../../../electron/services/audit/audit-log'
import { CaseAudits, fieldEditDraft } from '../../../../electron/services/cases/case-audit'
import { TeamAudits } from '../../../../electron/services/cases/team-audit'
import { THUMB_FILE } from '../../../../electron/services/images/thumbnails'
import { CaseStore } from '../../../../electron/services/store/case-store'
import { createDeletion } from '../../../../electron/services/store/deletion'
import { migrate } from '../../../../electron/services/store/pg/migrate'
import { TeamCaseStore } from '../../../../electron/services/store/pg/team-store'
import { brokenAuditLinks } from '../../../../electron/services/store/pg/writes'
import { copyLocalToTeam } from '../../../../electron/services/use-cases/copy-to-team'
import { fakeSecrets } from '../../../support/fake-secrets'
import { fixturePath } from '../../../support/paths'
import { newCase } from '../../../support/store-cases'
import { createTestDb, setUpOnce, type Login, type TestDb } from './pg-test-db'

let db: TestDb
let cara: Login
let team: TeamCaseStore
setUpOnce(async () => {
  db = await createTestDb('copy')
  await migrate(db.owner)
  cara = await db.login('cara', 'recto_reviewer')
  team = new TeamCaseStore(cara.pool, { leaseSeconds: 900 })
})
afterAll(async () => {
  await db?.drop()
})

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const logs: string[] = []
const logger = {
  info: (m: string) => logs.push(m),
  warn: (m: string) => logs.push(m),
  error: (m: string) => logs.push(m),
}

/** The store and audit logs on one (temporary) computer, as the app opens them; the OS account is "cara". */
async function localComputer() {
  const userDataDir = await mkdtemp(join(tmpdir(), 'recto-copy-'))
  const store = new CaseStore(userDataDir)
  await store.init()
  const audits = new CaseAudits(join(userDataDir, 'cases'), {
    account: () => 'cara',
    macKey: new AuditKey(userDataDir, fakeSecrets(true), logger),
  })
  const front = await readFile(fixturePath('d02-ita-id-front.jpg'))
  const back = await readFile(fixturePath('d02-ita-id-back.jpg'))
  const at = () => new Date().toISOString()

  /** A case imported, its events recorded in its log as the app records them (the anchor saved with the case). */
  async function add(
    shape: (c: Case) => Case,
    events: (c: Case) => AuditDraft[],
    files: { file: string; bytes: Uint8Array }[] = [],
  ): Promise<Case> {
    const id = randomUUID()
    const c = shape(newCase(id, `case ${id.slice(0, 4)}`))
    await store.create(c, [
      { file: 'front.jpg', bytes: front },
      ...(c.back ? [{ file: 'back.jpg', bytes: back }] : []),
      ...files,
    ])
    const imported = auditDraft(
      'imported',
      { frontFile: 'front.jpg', backFile: c.back ? 'back.jpg' : null, contentHash: null },
      'Cara',
      c.createdAt,
    )
    const anchored = await audits.record(c, [imported, ...events(c)])
    await store.save(anchored)
    return anchored
  }

  const field = (key: string, value: string): Field => ({
    key,
    side: 'front',
    value,
    ocrValue: value,
    score: 0.9,
    accepted: null,
    quad: null,
    quadSource: 'none',
    verified: false,
  })
  const recognised = (c: Case): Case => ({
    ...c,
    status: 'recognised',
    provider: 'argos',
    transactionId: 'tx-1',
    fields: [field('surname', 'ROSSI'), field('document_number', 'CA00000AA')],
  })
  const recognisedEvents = (c: Case): AuditDraft[] => [
    auditDraft('sent', { attempt: 1, provider: 'argos' }, 'Cara', at()),
    auditDraft('recognised', { transactionId: 'tx-1', fieldCount: c.fields.length }, 'Cara', at()),
  ]

  /** Decided: approved without a correction (by the copier: four-eyes does not stand in the way). */
  const decided = () =>
    add(
      (c) => ({
        ...recognised(c),
        decision: {
          kind: 'approved',
          reason: null,
          note: 'fine',
          reviewer: 'Cara',
          account: 'cara',
          at: at(),
          checksOverride: null,
        },
      }),
      (c) => [
        ...recognisedEvents(c),
        auditDraft('decided', { kind: 'approved', reason: null, note: 'fine' }, 'Cara', at()),
      ],
    )
  /** With a correction in its history and log, undecided; a preview and a kept thumbnail in its folder. */
  const edited = () => {
    const before = field('surname', 'ROSSI')
    const after = { ...before, value: 'ROSSINI' }
    return add(
      (c) => ({
        ...recognised(c),
        fields: [after, field('document_number', 'CA00000AA')],
        front: { ...c.front, preview: { file: 'front-preview.jpg', width: 10, height: 10 } },
        history: [
          { at: at(), reviewer: 'Cara', account: 'cara', key: 'surname', kind: 'value', before, after },
        ],
      }),
      (c) => [...recognisedEvents(c), fieldEditDraft('surname', before, after, 'Cara', at())],
      [
        { file: 'front-preview.jpg', bytes: Buffer.from('preview bytes') },
        { file: THUMB_FILE, bytes: Buffer.from('thumbnail bytes') },
      ],
    )
  }
  /** New, with a back side. */
  const twoSided = () =>
    add(
      (c) => ({ ...c, back: { ...c.front, file: 'back.jpg', originalName: 'back.jpg' } }),
      () => [],
    )
  /** Corrected and approved by the same account (four-eyes off on this computer, say). */
  const selfApproved = () => {
    const before = field('surname', 'ROSSI')
    const after = { ...before, value: 'ROSA' }
    return add(
      (c) => ({
        ...recognised(c),
        fields: [after],
        history: [
          { at: at(), reviewer: 'Cara', account: 'cara', key: 'surname', kind: 'value', before, after },
        ],
        decision: {
          kind: 'approved',
          reason: null,
          note: '',
          reviewer: 'Cara',
          account: 'cara',
          at: at(),
          checksOverride: null,
        },
      }),
      (c) => [
        ...recognisedEvents(c),
        fieldEditDraft('surname', before, after, 'Cara', at()),
        auditDraft('decided', { kind: 'approved', reason: null, note: '' }, 'Cara', at()),
      ],
    )
  }

  const deletion = createDeletion({
    store,
    userDataDir,
    dialogs: { chooseSavePath: async () => null, chooseFolder: async () => null, confirm: async () => false },
    emit: () => undefined,
    logger,
    who: () => ({ account: 'cara', name: 'Cara' }),
    retentionDays: () => null,
  })

  /** One run of the copy, the reviewer answering `remove` when asked about removal. */
  async function copy(
    opts: { remove?: boolean; signal?: AbortSignal; onProgress?: (d: number, t: number) => void } = {},
  ) {
    const progress: [number, number][] = []
    const asked: number[] = []
    const report = await copyLocalToTeam({
      local: store,
      localAudits: audits,
      team,
      onProgress: (d, t) => {
        progress.push([d, t])
        opts.onProgress?.(d, t)
      },
      confirmRemoval: async (n) => {
        asked.push(n)
        return opts.remove ?? false
      },
      removeLocal: (id) => deletion.removeCopied(id),
      logger,
      ...(opts.signal ? { signal: opts.signal } : {}),
    })
    return { report, progress, asked }
  }

  const ids = async () => (await store.listSummaries()).summaries.map((s) => s.id).sort()
  return { userDataDir, store, audits, deletion, decided, edited, twoSided, selfApproved, copy, ids }
}

async function teamIds(ids: string[]): Promise<string[]> {
  const r = await db.owner.query<{ id: string }>(
    'SELECT id FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id',
    [ids],
  )
  return r.rows.map((x) => x.id)
}

const auditRows = async (id: string) =>
  (await db.owner.query('SELECT count(*)::int AS n FROM audit WHERE case_id = $1', [id])).rows[0].n as number

describe('copy local cases to the team workspace', () => {
  it('copies every case with its images, copies, decision and audit log, verified; a second run copies nothing', async () => {
    const pc = await localComputer()
    const decided = await pc.decided()
    const edited = await pc.edited()
    const twoSided = await pc.twoSided()

    const first = await pc.copy()
    expect(first.report).toEqual({ copied: 3, alreadyThere: 0, failed: [], removedLocally: 0 })
    expect(first.progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ])
    // Asked, answered no: everything stays on this computer.
    expect(first.asked).toEqual([3])
    expect(await pc.ids()).toEqual([decided.id, edited.id, twoSided.id].sort())

    const audits = new TeamAudits(team, () => 'cara')
    for (const local of [decided, edited, twoSided]) {
      const copy = await team.load(local.id)
      expect(copy.fields).toEqual(local.fields)
      expect(copy.history).toEqual(local.history)
      expect(copy.back?.file ?? null).toEqual(local.back?.file ?? null)
      // The images, byte for byte (the server checks its hash against the bytes too).
      const imgs = await db.owner.query<{ side: string; sha256: string }>(
        'SELECT side, sha256 FROM images WHERE case_id = $1 ORDER BY side',
        [local.id],
      )
      const expected = [
        ...(local.back ? [{ side: 'back', sha256: sha256(await pc.store.readImage(local, 'back')) }] : []),
        { side: 'front', sha256: sha256(await pc.store.readImage(local, 'front')) },
      ]
      expect(imgs.rows).toEqual(expected)
      // Nobody holds it: the copier's claim is released.
      expect(await team.claimOf(local.id)).toEqual({ claimedBy: null, expiresAt: null })
      // The team's chain verifies, and the copied events are the local entries, re-hashing to the same head.
      expect(await brokenAuditLinks(db.owner, local.id)).toEqual([])
      const localView = await pc.audits.view(local)
      expect(localView.verdict.ok).toBe(true)
      const copied = await db.owner.query<{ type: string; copied: Record<string, unknown> }>(
        `SELECT type, details -> 'copied' AS copied FROM audit WHERE case_id = $1 AND details ? 'copied' ORDER BY seq`,
        [local.id],
      )
      expect(copied.rows.map((r) => r.type)).toEqual(localView.entries.map((e) => e.type))
      expect(copied.rows.map((r) => r.copied)).toEqual(localView.entries.map(({ mac: _mac, ...e }) => e))
      expect(copied.rows.at(-1)?.copied['hash']).toBe(local.auditHead?.hash)
      const teamView = await audits.view(copy)
      expect(teamView.verdict.ok).toBe(true)
      expect(teamView.problem).toBeNull()
    }
    // The decided case keeps its decision (recorded by the server as the copier's), the others have none.
    const decisions = await db.owner.query(
      'SELECT case_id, kind, note, decided_by FROM decisions WHERE case_id = ANY($1::uuid[])',
      [[decided.id, edited.id, twoSided.id]],
    )
    expect(decisions.rows).toEqual([
      { case_id: decided.id, kind: 'approved', note: 'fine', decided_by: cara.name },
    ])
    expect((await team.load(decided.id)).decision?.kind).toBe('approved')
    // The correction is the server's record too: the copier cannot approve what may be their own correction.
    const edits = await db.owner.query(
      'SELECT field_key, kind, edited_by FROM field_edits WHERE case_id = $1',
      [edited.id],
    )
    expect(edits.rows).toEqual([{ field_key: 'surname', kind: 'value', edited_by: cara.name }])
    // The preview and the kept thumbnail went with the case.
    expect(await team.readPreview(await team.load(edited.id), 'front')).toEqual(Buffer.from('preview bytes'))
    const kept = await db.owner.query('SELECT name FROM image_copies WHERE case_id = $1 ORDER BY name', [
      edited.id,
    ])
    expect(kept.rows.map((r) => r.name)).toEqual(['front-preview.jpg', THUMB_FILE].sort())

    // A second run verifies and copies nothing new.
    const rows = await Promise.all([decided, edited, twoSided].map((c) => auditRows(c.id)))
    const second = await pc.copy()
    expect(second.report).toEqual({ copied: 0, alreadyThere: 3, failed: [], removedLocally: 0 })
    expect(await Promise.all([decided, edited, twoSided].map((c) => auditRows(c.id)))).toEqual(rows)
    // The logs name no case (ids shortened), nor any value of one.
    expect(logs.join('\n')).not.toContain(decided.id)
    expect(logs.join('\n')).not.toContain('ROSSI')
  })

  it('resumes an interrupted run without copying a case twice', async () => {
    const pc = await localComputer()
    const cases = [await pc.decided(), await pc.edited(), await pc.twoSided()]
    const ids = cases.map((c) => c.id)
    const stop = new AbortController()
    await expect(
      pc.copy({ signal: stop.signal, onProgress: (done) => done === 1 && stop.abort() }),
    ).rejects.toThrow()
    expect(await teamIds(ids)).toHaveLength(1)

    const resumed = await pc.copy()
    expect(resumed.report).toEqual({ copied: 2, alreadyThere: 1, failed: [], removedLocally: 0 })
    expect(await teamIds(ids)).toEqual([...ids].sort())
    for (const id of ids) expect(await brokenAuditLinks(db.owner, id)).toEqual([])
  })

  it('refuses a case whose local audit log was tampered with, and copies the others', async () => {
    const pc = await localComputer()
    const good = await pc.twoSided()
    const bad = await pc.decided()
    // Someone edits the decision's note in the log file (the entry's hash no longer matches).
    const path = join(pc.userDataDir, 'cases', bad.id, AUDIT_FILE)
    const text = await readFile(path, 'utf8')
    expect(text).toContain('"note":"fine"')
    await writeFile(path, text.replace('"note":"fine"', '"note":"fine, really"'))

    const { report, asked } = await pc.copy({ remove: true })
    expect(report.copied).toBe(1)
    expect(report.failed).toEqual([{ caseId: bad.id, message: expect.stringContaining('does not verify') }])
    expect(report.failed[0]?.message).toContain('was not copied')
    expect(await teamIds([good.id, bad.id])).toEqual([good.id])
    // Only the verified copy is offered for removal; the refused case stays here.
    expect(asked).toEqual([1])
    expect(await pc.ids()).toEqual([bad.id])
  })

  it('removes the local copies only when the reviewer confirms, each with a tombstone', async () => {
    const pc = await localComputer()
    const cases = [await pc.decided(), await pc.twoSided()]
    const kept = await pc.copy({ remove: false })
    expect(kept.report.removedLocally).toBe(0)
    expect(await pc.ids()).toHaveLength(2)
    expect(pc.deletion.log.read().entries).toEqual([])

    const removed = await pc.copy({ remove: true })
    expect(removed.report).toEqual({ copied: 0, alreadyThere: 2, failed: [], removedLocally: 2 })
    expect(removed.asked).toEqual([2])
    expect(await pc.ids()).toEqual([])
    const tombstones = pc.deletion.log.read().entries
    expect(tombstones.map((t) => [t.caseId, t.kind, t.reason, t.auditHead?.hash]).sort()).toEqual(
      cases.map((c) => [c.id, 'moved_to_team', 'Copied to the team workspace', c.auditHead?.hash]).sort(),
    )
    // The team still has them.
    expect(await teamIds(cases.map((c) => c.id))).toEqual(cases.map((c) => c.id).sort())
  })

  it('reports a case changed here after it was copied, and keeps it on this computer', async () => {
    const pc = await localComputer()
    const c = await pc.twoSided()
    expect((await pc.copy()).report.copied).toBe(1)
    // Exported here after the copy: the local log is one event ahead of the team's copy.
    const later = await pc.audits.record(c, [
      auditDraft('exported', { format: 'csv', file: 'export.csv' }, 'Cara', new Date().toISOString()),
    ])
    await pc.store.save(later)

    const { report, asked } = await pc.copy({ remove: true })
    expect(report).toEqual({
      copied: 0,
      alreadyThere: 0,
      failed: [{ caseId: c.id, message: expect.stringContaining('changed here after it was copied') }],
      removedLocally: 0,
    })
    expect(asked).toEqual([])
    expect(await pc.ids()).toEqual([c.id])
  })

  it('reports a decision the server refuses (four-eyes) and writes nothing of that case', async () => {
    const pc = await localComputer()
    const refused = await pc.selfApproved()
    const { report, asked } = await pc.copy({ remove: true })
    expect(report.copied).toBe(0)
    expect(report.failed).toEqual([
      { caseId: refused.id, message: expect.stringContaining('Four-eyes rule') },
    ])
    expect(await teamIds([refused.id])).toEqual([])
    expect(await auditRows(refused.id)).toBe(0)
    // Nothing verified, so nothing is offered for removal.
    expect(asked).toEqual([])
    expect(await pc.ids()).toEqual([refused.id])
  })
})
