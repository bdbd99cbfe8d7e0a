// Field edits through the real ReviewService on recognised fields (ARGOS emulator): every intent (setFieldValue,
// setFieldQuad, moveField, setVerified, addField, deleteField), undo as the renderer replays it, refusals, what the
// renderer cannot write (the provider's reading), and the history that typing and drags leave.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STALE_FIELD_MESSAGE } from '../../../electron/services/cases/field-edits'
import { PROVIDER_FIELD_DELETE_MESSAGE } from '../../../shared/field-origin'
import type { Case, Field, Quad } from '../../../shared/model'
import { startArgosEmulator, type ArgosEmulator } from '../../support/argos-emulator'
import { serviceHarness } from '../../support/service-harness'

let emulator: ArgosEmulator
beforeAll(async () => {
  emulator = await startArgosEmulator()
})
afterAll(async () => {
  await emulator.close()
})

const BOX: Quad = [
  { x: 100, y: 200 },
  { x: 400, y: 200 },
  { x: 400, y: 240 },
  { x: 100, y: 240 },
]

async function recognised(reviewerName = 'Ana Reviewer', twoSided = false) {
  const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey })
  await h.service.updateSettings({ reviewerName })
  const files = twoSided
    ? [await h.file('d02-ita-id-front.jpg'), await h.file('d02-ita-id-back.jpg')]
    : [await h.file('d01-utopia-passport-front.jpg')]
  const id = (await h.service.importScans(files)).case!.id
  const [o] = await h.service.recognize(
    [id],
    twoSided
      ? { issuingCountry: 'ITA', idType: 'government_id' }
      : { issuingCountry: 'NZL', idType: 'passport' },
  )
  expect(o!.ok).toBe(true)
  const c = await h.service.getCase(id)
  const get = (x: Case, key: string) => x.fields.find((f) => f.key === key) ?? null
  const onDisk = async (): Promise<Case> =>
    JSON.parse(await readFile(join(h.userDataDir, 'cases', id, 'case.json'), 'utf8'))
  return { h, id, c, get, onDisk }
}

describe('field intents', () => {
  it('changes value, box, side and verified, saves at once and records each one', async () => {
    const { h, id, c, get, onDisk } = await recognised('Ana Reviewer', true)
    const name = get(c, 'name')!
    const t0 = Date.now()
    const steps: [(f: Field) => Promise<Case>, (f: Field) => Field, string][] = [
      [
        (f) => h.service.setFieldValue(id, 'name', 'TAMIHANA AROHA', f.value),
        (f) => ({ ...f, value: 'TAMIHANA AROHA' }),
        'value',
      ],
      [
        (f) => h.service.setFieldQuad(id, 'name', BOX, f.quad),
        (f) => ({ ...f, quad: BOX, quadSource: 'drawn' }),
        'quad',
      ],
      [
        (f) =>
          h.service.moveField(id, 'name', { side: 'back', quad: f.quad }, { side: f.side, quad: f.quad }),
        (f) => ({ ...f, side: 'back' }),
        'side',
      ],
      [() => h.service.setVerified(id, 'name', true), (f) => ({ ...f, verified: true }), 'verified'],
    ]
    let current = name
    for (const [send, change, kind] of steps) {
      h.events.length = 0
      const next = change(current)
      const updated = await send(current)
      expect(get(updated, 'name')).toEqual(next)
      expect(updated.history.at(-1)).toMatchObject({
        reviewer: 'Ana Reviewer',
        key: 'name',
        kind,
        before: current,
        after: next,
      })
      expect(h.events).toContainEqual({ event: 'caseChanged', payload: { caseId: id } })
      expect(await onDisk()).toEqual(updated)
      current = next
    }
    const { history, fields } = await h.service.getCase(id)
    expect(history).toHaveLength(4)
    expect(fields.map((f) => f.key)).toEqual(c.fields.map((f) => f.key)) // replaced in place
    for (const e of history) {
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(t0 - 5)
      expect(Date.parse(e.at)).toBeLessThanOrEqual(Date.now())
    }
  })

  it("a box moved back where recognition put it is the provider's again; the reading itself never changes", async () => {
    const { h, id, c, get } = await recognised()
    const name = get(c, 'name')!
    expect(name.quadSource).not.toBe('drawn')
    const moved = await h.service.setFieldQuad(id, 'name', BOX, name.quad)
    expect(get(moved, 'name')).toMatchObject({ quad: BOX, quadSource: 'drawn' })
    const back = await h.service.setFieldQuad(id, 'name', name.quad, BOX)
    expect(get(back, 'name')).toEqual(name)
    // Every intent leaves ocrValue, score and accepted as the provider gave them.
    await h.service.setFieldValue(id, 'name', 'ANYTHING', null)
    await h.service.setVerified(id, 'name', true)
    const after = get(await h.service.getCase(id), 'name')!
    expect({ ocrValue: after.ocrValue, score: after.score, accepted: after.accepted }).toEqual({
      ocrValue: name.ocrValue,
      score: name.score,
      accepted: name.accepted,
    })
  })

  it('adds a drawn field (its reading empty whatever is sent), deletes only drawn fields; undo restores exactly', async () => {
    const { h, id, c, get } = await recognised()
    const drawn = { side: 'front' as const, value: 'WELLINGTON', quad: BOX, verified: true }
    const a = await h.service.addField(id, 'place_of_birth', drawn)
    const added: Field = {
      key: 'place_of_birth',
      ...drawn,
      ocrValue: '',
      score: null,
      accepted: null,
      quadSource: 'drawn',
    }
    expect(a.fields.at(-1)).toEqual(added)
    expect(a.history.at(-1)).toMatchObject({ kind: 'add', before: null, after: added })
    // Extra members (a provider's reading) are not part of the intent: refused at the IPC boundary's schema, and
    // ignored here even if a caller slipped them in.
    const forged = { ...drawn, ocrValue: 'FORGED', score: 99, accepted: true } as typeof drawn
    const f = await h.service.addField(id, 'remarks', forged)
    expect(get(f, 'remarks')).toMatchObject({ ocrValue: '', score: null, accepted: null })

    // A recognised field is the provider's: not deletable.
    const number = get(c, 'number')!
    const state = (x: Field) => ({ side: x.side, value: x.value, quad: x.quad, verified: x.verified })
    await expect(h.service.deleteField(id, 'number', state(number))).rejects.toThrow(
      PROVIDER_FIELD_DELETE_MESSAGE,
    )

    const d = await h.service.deleteField(id, 'place_of_birth', drawn)
    expect(get(d, 'place_of_birth')).toBeNull()
    expect(d.history.at(-1)).toMatchObject({ kind: 'delete', before: added, after: null })
    // Undo, as the renderer replays it: the same field added back.
    const u = await h.service.addField(id, 'place_of_birth', drawn)
    expect(get(u, 'place_of_birth')).toEqual(added)
    // ... and deleted again (redo); then it is a drawn field still, so deletable.
    const r = await h.service.deleteField(id, 'place_of_birth', drawn)
    expect(r.history.map((e) => e.kind)).toEqual(['add', 'add', 'delete', 'add', 'delete'])

    // A value undo restores the field byte for byte.
    const name = get(r, 'name')!
    await h.service.setFieldValue(id, 'name', 'X', name.value)
    const back = await h.service.setFieldValue(id, 'name', name.value, 'X')
    expect(back.fields).toEqual(r.fields)
  })

  it('refuses stale, duplicate, badly named and degenerate edits and changes nothing', async () => {
    const { h, id, c, get } = await recognised('')
    const name = get(c, 'name')!
    await h.service.setFieldValue(id, 'name', 'CHANGED ELSEWHERE', null)
    const saved = await h.service.getCase(id)
    h.events.length = 0

    await expect(h.service.setFieldValue(id, 'name', 'MINE', name.value)).rejects.toThrow(STALE_FIELD_MESSAGE)
    await expect(h.service.setFieldQuad(id, 'name', BOX, BOX)).rejects.toThrow(STALE_FIELD_MESSAGE)
    await expect(
      h.service.moveField(id, 'name', { side: 'back', quad: null }, { side: 'back', quad: name.quad }),
    ).rejects.toThrow(STALE_FIELD_MESSAGE)
    const st = { side: 'front' as const, value: '', quad: BOX, verified: false }
    await expect(h.service.addField(id, 'name', st)).rejects.toThrow('A field named "name" already exists')
    await expect(h.service.addField(id, 'first name', st)).rejects.toThrow(
      /"first name" is not a valid field name/,
    )
    // d01 has no back: nothing can go there.
    await expect(h.service.addField(id, 'extra', { ...st, side: 'back' })).rejects.toThrow(/no back image/)
    const flat: Quad = [BOX[0], BOX[1], BOX[1], BOX[0]]
    const cur = get(saved, 'name')!
    await expect(h.service.setFieldQuad(id, 'name', flat, cur.quad)).rejects.toThrow(/no area/)
    await expect(h.service.setFieldValue(id, 'nonexistent', 'x', null)).rejects.toThrow(/has no field/)

    expect(await h.service.getCase(id)).toEqual(saved)
    expect(h.events.filter((e) => e.event === 'caseChanged')).toEqual([])
    // The one edit that went through was recorded, with the empty reviewer name replaced.
    expect(saved.history).toHaveLength(1)
    expect(saved.history[0]!.reviewer).toBe('unnamed reviewer')
  })
})

describe('typing and drags', () => {
  it('merges quick typing into one entry, keeps separate fields separate, and records drags as drawn', async () => {
    const { h, id, c, get } = await recognised()
    const name = get(c, 'name')!
    for (const value of ['T', 'TA', 'TAM', 'TAMI']) await h.service.setFieldValue(id, 'name', value, null)
    await h.service.setFieldValue(id, 'number', 'L898902C3', null)
    const typed = await h.service.getCase(id)
    expect(typed.history).toHaveLength(2)
    expect(typed.history[0]).toMatchObject({ key: 'name', kind: 'value', before: name })
    expect(typed.history[0]!.after).toEqual({ ...name, value: 'TAMI' })
    expect(typed.history[1]).toMatchObject({ key: 'number', kind: 'value' })

    const dragged = await h.service.setFieldQuad(id, 'name', BOX, name.quad)
    expect(get(dragged, 'name')).toMatchObject({ quad: BOX, quadSource: 'drawn', value: 'TAMI' })
    expect(dragged.history.at(-1)).toMatchObject({ key: 'name', kind: 'quad', reviewer: 'Ana Reviewer' })
    // Typing after another kind of edit starts a new entry; a guarded value (undo) is never merged.
    const more = await h.service.setFieldValue(id, 'name', 'TAMIH', null)
    expect(more.history.map((e) => e.kind)).toEqual(['value', 'value', 'quad', 'value'])
    const undo = await h.service.setFieldValue(id, 'name', 'TAMI', 'TAMIH')
    expect(undo.history.map((e) => e.kind)).toEqual(['value', 'value', 'quad', 'value', 'value'])
  })

  it('keeps the history when the case is recognised again', async () => {
    const { h, id } = await recognised()
    await h.service.setFieldValue(id, 'name', 'TAMIHANA AROHA', null)
    await h.service.recognize([id], { issuingCountry: 'NZL', idType: 'passport' })
    const c = await h.service.getCase(id)
    expect(c.history).toHaveLength(1)
    expect(c.fields.find((f) => f.key === 'name')!.value).toBe('TAMIHANA AROHA')
  })

  it("a field drawn before a new recognition that the provider now reads is the provider's", async () => {
    const { h, id, get } = await recognised()
    const st = { side: 'front' as const, value: 'X', quad: BOX, verified: false }
    await h.service.addField(id, 'remarks', st)
    expect((await h.service.deleteField(id, 'remarks', st)).fields.some((f) => f.key === 'remarks')).toBe(
      false,
    )
    await h.service.addField(id, 'remarks', st)
    await h.service.recognize([id], { issuingCountry: 'NZL', idType: 'passport' })
    const c = await h.service.getCase(id)
    // Recognition replaced the fields: the drawn one is gone, and a provider key cannot be deleted.
    expect(get(c, 'remarks')).toBeNull()
    const number = get(c, 'number')!
    await expect(
      h.service.deleteField(id, 'number', {
        side: number.side,
        value: number.value,
        quad: number.quad,
        verified: number.verified,
      }),
    ).rejects.toThrow(PROVIDER_FIELD_DELETE_MESSAGE)
  })
})
