// Decisions and the audit trail through the real ReviewService (ARGOS emulator): the review rules enforced in
// the main process, and every change of a case leaving one chained audit event, anchored in the case JSON.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Case, Quad } from '../../../shared/model'
import { startArgosEmulator, type ArgosEmulator } from '../../support/argos-emulator'
import { serviceHarness } from '../../support/service-harness'

let emulator: ArgosEmulator
beforeAll(async () => {
  emulator = await startArgosEmulator()
})
afterAll(async () => {
  await emulator.close()
})

async function recognised(reviewerName = 'Ann') {
  const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey })
  await h.service.updateSettings({ reviewerName })
  const id = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
  const [o] = await h.service.recognize([id], { issuingCountry: 'NZL', idType: 'passport' })
  expect(o!.ok).toBe(true)
  return { h, id, c: await h.service.getCase(id) }
}

/** Marks every field verified, so the rubber-stamp guard has nothing left to object to. */
async function verifyAll(h: Awaited<ReturnType<typeof recognised>>['h'], c: Case) {
  for (const f of c.fields) if (!f.verified) await h.service.setVerified(c.id, f.key, true)
}

describe('decisions', () => {
  it('records Approve with the reviewer from settings, once nothing needs attention', async () => {
    const { h, id, c } = await recognised()
    await h.service.updateSettings({ review: { attentionScore: 100 } })
    // With the threshold at 100 every scored field needs attention: Approve is refused and nothing is saved.
    await expect(h.service.decide(id, { kind: 'approved', reason: null, note: '' })).rejects.toThrow(
      /Approve refused: \d+ fields? needs? attention/,
    )
    expect((await h.service.getCase(id)).decision).toBeNull()
    await verifyAll(h, c)
    // The planted misreading of the name fails its MRZ check: the suggested fix clears the way.
    await h.service.setFieldValue(id, 'name', 'TAMIHANA AROHA', null)
    const approved = await h.service.decide(id, { kind: 'approved', reason: null, note: ' ok ' })
    expect(approved.decision).toMatchObject({ kind: 'approved', reason: null, note: 'ok', reviewer: 'Ann' })
    expect(Date.parse(approved.decision!.at)).toBeGreaterThan(0)
    expect((await h.service.listCases()).find((s) => s.id === id)).toMatchObject({
      queueStatus: 'approved',
      decidedBy: 'Ann',
    })
  })

  it('keeps a reject reason and refuses a rejection without one', async () => {
    const { h, id } = await recognised()
    await expect(h.service.decide(id, { kind: 'rejected', reason: null, note: '' })).rejects.toThrow(/reason/)
    const r = await h.service.decide(id, { kind: 'rejected', reason: 'Document expired', note: 'exp. 2020' })
    expect(r.decision).toMatchObject({ kind: 'rejected', reason: 'Document expired', note: 'exp. 2020' })
  })

  it('applies four-eyes: the corrector may not approve, another reviewer may', async () => {
    const { h, id, c } = await recognised('Ann')
    await h.service.updateSettings({ review: { fourEyes: true } })
    const name = c.fields.find((f) => f.key === 'name')!
    await h.service.setFieldValue(id, 'name', 'TAMIHANA AROHA', name.value)
    await verifyAll(h, await h.service.getCase(id))
    await expect(h.service.decide(id, { kind: 'approved', reason: null, note: '' })).rejects.toThrow(
      /Four-eyes rule/,
    )
    await h.service.decide(id, { kind: 'second_review', reason: null, note: 'please check the name' })
    // Another display name on the same OS account is the same reviewer.
    await h.service.updateSettings({ reviewerName: 'Bob' })
    await expect(h.service.decide(id, { kind: 'approved', reason: null, note: '' })).rejects.toThrow(
      /Four-eyes rule/,
    )
    // Another account is another reviewer, whatever the name.
    h.setAccount('reviewer-b')
    await h.service.updateSettings({ reviewerName: 'Ann' })
    const ok = await h.service.decide(id, { kind: 'approved', reason: null, note: '' })
    expect(ok.decision).toMatchObject({ kind: 'approved', reviewer: 'Ann', account: 'reviewer-b' })
    // The history and the decision say which account did what.
    expect(ok.history.at(-1)).toMatchObject({ reviewer: 'Ann', account: 'reviewer-a' })
  })

  it('needs a reviewer name', async () => {
    const { h, id } = await recognised('')
    await expect(h.service.decide(id, { kind: 'rejected', reason: 'Other', note: 'x' })).rejects.toThrow(
      /reviewer name/,
    )
  })
})

describe('audit trail', () => {
  it('has one chained event per change: import, send, recognition, edits, decision, export', async () => {
    const { h, id, c } = await recognised()
    const name = c.fields.find((f) => f.key === 'name')!
    await h.service.setFieldValue(id, 'name', 'NEW NAME', name.value)
    const box: Quad = [
      { x: 10, y: 10 },
      { x: 90, y: 10 },
      { x: 90, y: 40 },
      { x: 10, y: 40 },
    ]
    await h.service.addField(id, 'remarks', { side: 'front', value: 'torn', quad: box, verified: false })
    await h.service.decide(id, { kind: 'rejected', reason: 'Other', note: 'torn corner' })
    await h.service.exportAuditCsv([id])

    const view = await h.service.getAudit(id)
    expect(view.verdict).toEqual({ ok: true, count: view.entries.length })
    expect(view.problem).toBeNull()
    expect(view.entries.map((e) => e.type)).toEqual([
      'imported',
      // The file name said "passport" only; Recognize as NZL · passport set the country first.
      'params_changed',
      'sent',
      'recognised',
      'field_edited',
      'field_added',
      'decided',
      'exported',
    ])
    expect(view.entries.every((e) => e.reviewer === 'Ann')).toBe(true)
    expect(view.entries[0]!.details).toMatchObject({
      params: {
        issuingCountry: null,
        idType: 'passport',
        source: { issuingCountry: null, idType: 'file_name' },
      },
    })
    expect(view.entries[1]!.details).toEqual({
      before: { issuingCountry: null, idType: 'passport' },
      after: { issuingCountry: 'NZL', idType: 'passport' },
      source: 'reviewer',
    })
    expect(view.entries[2]!.details).toMatchObject({
      attempt: 1,
      provider: 'argos',
      issuingCountry: 'NZL',
      idType: 'passport',
    })
    expect(view.entries[3]!.details).toMatchObject({ transactionId: expect.any(String) })
    expect(view.entries[4]!.details).toMatchObject({ key: 'name', kind: 'value' })
    expect(view.entries[6]!.details).toEqual({ kind: 'rejected', reason: 'Other', note: 'torn corner' })
    // Nothing secret or bulky in the log: no key, no image bytes.
    const raw = await readFile(join(h.userDataDir, 'cases', id, 'audit.jsonl'), 'utf8')
    expect(raw).not.toContain(emulator.apiKey)
    expect(raw.length).toBeLessThan(64 * 1024)
    const saved = await h.service.getCase(id)
    expect(saved.auditHead).toEqual({ count: 8, hash: view.entries[7]!.hash })
  })

  it('reports an edited event and a removed last event', async () => {
    const { h, id } = await recognised()
    await h.service.decide(id, { kind: 'second_review', reason: null, note: '' })
    const path = join(h.userDataDir, 'cases', id, 'audit.jsonl')
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n')

    await writeFile(path, lines.slice(0, -1).join('\n') + '\n')
    const cut = await h.service.getAudit(id)
    expect(cut.verdict.ok).toBe(false)

    // Line 2 is the "sent" event (after "imported" and the country being set).
    const tampered = lines.map((l, i) => (i === 2 ? l.replace('"argos"', '"other"') : l))
    expect(tampered[2]).not.toBe(lines[2])
    await writeFile(path, tampered.join('\n') + '\n')
    const edited = await h.service.getAudit(id)
    expect(edited.verdict).toMatchObject({ ok: false, index: 2 })
  })

  it('says when the log is ahead of the case (a crash between the two writes)', async () => {
    const { h, id } = await recognised()
    const view = await h.service.getAudit(id)
    // Simulate the crash: the event was appended, the case JSON kept the old anchor.
    const c = await h.service.getCase(id)
    await h.service.decide(id, { kind: 'second_review', reason: null, note: '' })
    await writeFile(join(h.userDataDir, 'cases', id, 'case.json'), JSON.stringify(c))
    const after = await h.service.getAudit(id)
    expect(after.verdict).toEqual({ ok: true, count: view.entries.length + 1 })
    expect(after.problem).toMatch(/1 event\(s\) the case was not saved with/)
  })
})
