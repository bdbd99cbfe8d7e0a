// Document checks through the real ReviewService (ARGOS emulator): run on recognition and on every edit, stored
// with the case and counted in its summary, re-run when stale, a suggested fix applied as an ordinary recorded edit,
// Approve refused while a check fails, "Approve with failed checks" (with four-eyes: asked by one reviewer and
// confirmed by another) recorded as its own audit event, and the CSV/JSON exports carrying the checks.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import type { Check } from '../../../shared/checks/types'
import type { Case } from '../../../shared/model'
import { startArgosEmulator, type ArgosEmulator } from '../../support/argos-emulator'
import { fixturePath } from '../../support/paths'
import { d03BackWithBarcode } from '../../support/pdf417'
import { serviceHarness } from '../../support/service-harness'

let emulator: ArgosEmulator
beforeAll(async () => {
  emulator = await startArgosEmulator()
})
afterAll(async () => {
  await emulator.close()
})

type Harness = Awaited<ReturnType<typeof serviceHarness>>

/** The Italian ID (front + back): its printed number was read CA0O000AA, the MRZ says CA00000AA. */
async function italianId(reviewerName = 'Ann'): Promise<{ h: Harness; id: string; c: Case }> {
  const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey })
  await h.service.updateSettings({ reviewerName })
  const imported = await h.service.importScans([
    await h.file('d02-ita-id-front.jpg'),
    await h.file('d02-ita-id-back.jpg'),
  ])
  const id = imported.case!.id
  const [o] = await h.service.recognize([id], { issuingCountry: 'ITA', idType: 'government_id' })
  expect(o!.ok).toBe(true)
  return { h, id, c: await h.service.getCase(id) }
}

const byId = (c: Case, id: string): Check | undefined => c.checks?.checks.find((x) => x.id === id)
const failing = (c: Case) => (c.checks?.checks ?? []).filter((x) => x.status === 'fail').map((x) => x.id)

/** Every field marked verified, so only the checks stand between the case and Approve. */
async function verifyAll(h: Harness, c: Case): Promise<Case> {
  let now = c
  for (const f of c.fields) if (!f.verified) now = await h.service.setVerified(c.id, f.key, true)
  return now
}

async function auditTypes(h: Harness, id: string): Promise<string[]> {
  return (await h.service.getAudit(id)).entries.map((e) => e.type)
}

describe('checks on recognition and edit', () => {
  it('runs on recognition, is stored with the case and counted in its summary', async () => {
    const { h, id, c } = await italianId()
    expect(c.checks).not.toBeNull()
    expect(c.recognition?.sent).toEqual({ issuingCountry: 'ITA', idType: 'government_id' })
    const number = byId(c, 'mrz.match.number')
    expect(number).toMatchObject({ status: 'fail', fix: { key: 'number', value: 'CA00000AA' } })
    expect(number!.fields[0]).toBe('number')
    expect(byId(c, 'mrz.format')?.status).toBe('pass')
    expect(byId(c, 'country.match')?.status).toBe('pass')
    // Stored, not only computed for display: the file on disk has the same run.
    const onDisk = JSON.parse(await readFile(join(h.userDataDir, 'cases', id, 'case.json'), 'utf8')) as Case
    expect(onDisk.checks?.checks.map((x) => x.id)).toEqual(c.checks!.checks.map((x) => x.id))
    const summary = (await h.service.listCases()).find((s) => s.id === id)!
    expect(summary.checksFailed).toBe(failing(c).length)
    expect(summary.checksFailed).toBeGreaterThan(0)
  })

  it('applies a suggested fix as an ordinary recorded edit, after which the check passes', async () => {
    const { h, id, c } = await italianId()
    const fix = byId(c, 'mrz.match.number')!.fix!
    const field = c.fields.find((f) => f.key === fix.key)!
    const fixed = await h.service.setFieldValue(id, fix.key, fix.value, null)
    expect(byId(fixed, 'mrz.match.number')?.status).toBe('pass')
    expect(fixed.history.at(-1)).toMatchObject({ key: 'number', kind: 'value' })
    expect(fixed.history.at(-1)?.before?.value).toBe(field.value)
    const types = await auditTypes(h, id)
    expect(types.at(-1)).toBe('field_edited')
    // Undo is the same kind of edit back: the check fails again.
    const undone = await h.service.setFieldValue(id, 'number', field.value, fix.value)
    expect(byId(undone, 'mrz.match.number')?.status).toBe('fail')
  })

  it('re-runs a stored run that is stale (another minimum age) before showing it', async () => {
    const { h, id, c } = await italianId()
    expect(c.checks!.options.minimumAge).toBe(18)
    await h.service.updateSettings({ review: { minimumAge: 60 } })
    const shown = await h.service.getCase(id)
    expect(shown.checks!.options.minimumAge).toBe(60)
    // The holder (born 1988) is under 60: a warning, never a failure.
    expect(byId(shown, 'holder.age')?.status).toBe('warn')
    expect(byId(c, 'holder.age')?.status).toBe('pass')
  })
})

describe('Approve and failed checks', () => {
  it('refuses a plain Approve while a check fails, naming it, and saves nothing', async () => {
    const { h, id, c } = await italianId()
    await verifyAll(h, c)
    await expect(h.service.decide(id, { kind: 'approved', reason: null, note: '' })).rejects.toThrow(
      /Approve refused: \d+ checks? fails? \(.*mrz\.match\.number/,
    )
    expect((await h.service.getCase(id)).decision).toBeNull()
  })

  it('approves once the fix is applied', async () => {
    const { h, id, c } = await italianId()
    const fix = byId(c, 'mrz.match.number')!.fix!
    const fixed = await h.service.setFieldValue(id, fix.key, fix.value, null)
    expect(failing(fixed)).toEqual([])
    await verifyAll(h, fixed)
    const approved = await h.service.decide(id, { kind: 'approved', reason: null, note: '' })
    expect(approved.decision).toMatchObject({ kind: 'approved', checksOverride: null })
    expect(await auditTypes(h, id)).not.toContain('checks_overridden')
  })

  it('approves with failed checks given a reason, as a separate audit event before the decision', async () => {
    const { h, id, c } = await italianId()
    await verifyAll(h, c)
    await expect(
      h.service.decide(id, { kind: 'approved', reason: null, note: '', checksOverride: '   ' }),
    ).rejects.toThrow(/Write why/)
    const approved = await h.service.decide(id, {
      kind: 'approved',
      reason: null,
      note: '',
      checksOverride: 'Number read from the chip',
    })
    expect(approved.decision).toMatchObject({
      kind: 'approved',
      checksOverride: { checks: failing(approved), reason: 'Number read from the chip' },
    })
    expect(approved.decision!.checksOverride!.checks).toContain('mrz.match.number')
    const { entries } = await h.service.getAudit(id)
    const [override, decided] = entries.slice(-2)
    expect(override).toMatchObject({
      type: 'checks_overridden',
      reviewer: 'Ann',
      details: { reason: 'Number read from the chip', outcome: 'approved' },
    })
    expect(decided).toMatchObject({ type: 'decided', details: { kind: 'approved' } })
  })

  it('with four-eyes, the first reviewer only asks; another reviewer confirms', async () => {
    const { h, id, c } = await italianId('Ann')
    await h.service.updateSettings({ review: { fourEyes: true } })
    await verifyAll(h, c)
    const asked = await h.service.decide(id, {
      kind: 'approved',
      reason: null,
      note: '',
      checksOverride: 'Seen the original',
    })
    expect(asked.decision).toMatchObject({ kind: 'second_review', reviewer: 'Ann' })
    expect(asked.decision!.checksOverride?.reason).toBe('Seen the original')
    expect((await h.service.getAudit(id)).entries.at(-2)?.details).toMatchObject({
      outcome: 'second_review_requested',
    })
    await expect(
      h.service.decide(id, { kind: 'approved', reason: null, note: '', checksOverride: 'Again' }),
    ).rejects.toThrow(/another reviewer must confirm/)
    // Retyping the display name does not make another reviewer: the OS account does.
    await h.service.updateSettings({ reviewerName: 'Bob' })
    await expect(
      h.service.decide(id, { kind: 'approved', reason: null, note: '', checksOverride: 'Again' }),
    ).rejects.toThrow(/another reviewer must confirm/)
    h.setAccount('reviewer-b')
    await expect(h.service.decide(id, { kind: 'approved', reason: null, note: '' })).rejects.toThrow(
      /Approve refused/,
    )
    const confirmed = await h.service.decide(id, {
      kind: 'approved',
      reason: null,
      note: '',
      checksOverride: 'Confirmed with Ann',
    })
    expect(confirmed.decision).toMatchObject({ kind: 'approved', reviewer: 'Bob', account: 'reviewer-b' })
    const overrides = (await h.service.getAudit(id)).entries.filter((e) => e.type === 'checks_overridden')
    expect(overrides.map((e) => [e.reviewer, e.details['outcome']])).toEqual([
      ['Ann', 'second_review_requested'],
      ['Bob', 'approved'],
    ])
  })
})

describe('exports carry the checks', () => {
  it('CSV: checks_failed after the fixed columns; JSON: the checks per case', async () => {
    const { h, id, c } = await italianId()
    const csv = await h.service.exportCsv(
      { caseIds: [id], decidedOnly: false },
      {
        delimiter: ',',
        bom: false,
        includeOcr: false,
        normaliseDates: false,
        maskDocumentNumbers: false,
        excludeMrz: false,
      },
    )
    expect(csv.status).toBe('saved')
    const [header, row] = parse(await readFile(join(h.exportDir, 'export.csv'), 'utf8')) as string[][]
    const at = header!.indexOf('checks_failed')
    expect(header![at - 1]).toBe('decided_at')
    expect(row![at]!.split(' ')).toEqual(failing(c))
    h.setSavePath(join(h.exportDir, 'export.json'))
    await h.service.exportJson({ caseIds: [id], decidedOnly: false })
    const doc = JSON.parse(await readFile(join(h.exportDir, 'export.json'), 'utf8'))
    const checks = doc.cases[0].checks as { id: string; status: string }[]
    expect(checks.find((x) => x.id === 'mrz.match.number')).toMatchObject({ status: 'fail' })
    expect(Object.keys(checks[0]!)).toEqual(['id', 'status', 'fields', 'message', 'expected'])
  })
})

describe('the barcode of a Canadian licence', () => {
  it('is read at recognition and finds the printed expiry date that disagrees with it', async () => {
    // An emulator that knows d03 with the barcode on its back (the fixture's back has none).
    const back = await d03BackWithBarcode({ angle: -3 })
    const dir = await mkdtemp(join(tmpdir(), 'recto-d03-barcode-'))
    for (const name of ['d03-can-dl-front.png', 'd03-can-dl.response.json', 'd03-can-dl.truth.json'])
      await copyFile(fixturePath(name), join(dir, name))
    await writeFile(join(dir, 'd03-can-dl-back.png'), back)
    const withBarcode = await startArgosEmulator({ fixturesDir: dir })
    onTestFinished(async () => {
      await withBarcode.close()
      await rm(dir, { recursive: true, force: true })
    })
    const h = await serviceHarness({ ARGOS_API_URL: withBarcode.url, ARGOS_API_KEY: withBarcode.apiKey })
    const imported = await h.service.importScans([
      await h.file('d03-can-dl-front.png'),
      { name: 'd03-can-dl-back.png', bytes: new Uint8Array(back) },
    ])
    const id = imported.case!.id
    const [o] = await h.service.recognize([id], { issuingCountry: 'CAN', idType: 'drivers_license' })
    expect(o!.ok).toBe(true)
    const c = await h.service.getCase(id)
    expect(c.barcode).toMatchObject({ side: 'back', status: 'read', data: { expiry: '2026-07-06' } })
    expect(c.barcode!.raw).toMatch(/^@/)
    expect(byId(c, 'barcode.read')?.status).toBe('pass')
    // The planted misreading (2026/07/08 for 2026/07/06) is not a look-alike: both values, no fix.
    expect(byId(c, 'barcode.match.expire_date')).toMatchObject({ status: 'fail', fix: null })
    expect(byId(c, 'barcode.match.number')?.status).toBe('pass')
    // Nothing of the barcode's content reaches the log.
    expect(h.logs.join('\n')).not.toMatch(/TREMBLAY|T7654/)
  })

  it('is not looked for outside the AAMVA countries, and a back without one is a skip, not a failure', async () => {
    const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey })
    const plain = await h.service.importScans([
      await h.file('d03-can-dl-front.png'),
      await h.file('d03-can-dl-back.png'),
    ])
    const id = plain.case!.id
    await h.service.recognize([id], { issuingCountry: 'CAN', idType: 'drivers_license' })
    const c = await h.service.getCase(id)
    expect(c.barcode).toMatchObject({ status: 'unreadable', raw: null })
    expect(byId(c, 'barcode.read')?.status).toBe('skip')
    expect(failing(c).filter((x) => x.startsWith('barcode.'))).toEqual([])
    const italian = await italianId()
    expect(italian.c.barcode).toBeNull()
  })
})
