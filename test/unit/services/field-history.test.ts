// Field edits through the real ReviewService on recognised fields (ARGOS emulator): editField for every kind of
// change, undo, refusals, and the history that typing (updateFieldValue) and drags (updateFieldQuad) leave.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STALE_FIELD_MESSAGE } from '../../../electron/services/field-edits'
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

async function recognised(reviewerName = 'Ana Reviewer') {
  const h = await serviceHarness({ ARGOS_API_URL: emulator.url, ARGOS_API_KEY: emulator.apiKey })
  await h.service.updateSettings({ reviewerName })
  const id = (await h.service.importScans([await h.file('d01-utopia-passport-front.jpg')])).case!.id
  const [o] = await h.service.recognize([id], { issuingCountry: 'NZL', idType: 'passport' })
  expect(o!.ok).toBe(true)
  const c = await h.service.getCase(id)
  const get = (x: Case, key: string) => x.fields.find((f) => f.key === key) ?? null
  const onDisk = async (): Promise<Case> =>
    JSON.parse(await readFile(join(h.userDataDir, 'cases', id, 'case.json'), 'utf8'))
  return { h, id, c, get, onDisk }
}

describe('editField', () => {
  it('applies value, quad, side and verified edits, saves at once and records each one', async () => {
    const { h, id, c, get, onDisk } = await recognised()
    const name = get(c, 'name')!
    const t0 = Date.now()
    const steps: [Field['key'], (f: Field) => Field, string][] = [
      ['name', (f) => ({ ...f, value: 'TAMIHANA AROHA' }), 'value'],
      ['name', (f) => ({ ...f, quad: BOX, quadSource: 'drawn' }), 'quad'],
      ['name', (f) => ({ ...f, side: 'back' }), 'side'],
      ['name', (f) => ({ ...f, verified: true }), 'verified'],
    ]
    let current = name
    for (const [key, change, kind] of steps) {
      h.events.length = 0
      const next = change(current)
      const updated = await h.service.editField(id, key, current, next)
      expect(get(updated, key)).toEqual(next)
      expect(updated.history.at(-1)).toMatchObject({
        reviewer: 'Ana Reviewer',
        key,
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

  it('adds a drawn field at the end and deletes a field; undo restores exactly and is recorded', async () => {
    const { h, id, c, get } = await recognised()
    const added: Field = {
      key: 'place_of_birth',
      side: 'front',
      value: 'WELLINGTON',
      ocrValue: '',
      score: null,
      accepted: null,
      quad: BOX,
      quadSource: 'drawn',
      verified: true,
    }
    const a = await h.service.editField(id, 'place_of_birth', null, added)
    expect(a.fields.at(-1)).toEqual(added)
    expect(a.history.at(-1)).toMatchObject({ kind: 'add', before: null, after: added })

    const number = get(c, 'number')!
    const d = await h.service.editField(id, 'number', number, null)
    expect(get(d, 'number')).toBeNull()
    expect(d.history.at(-1)).toMatchObject({ kind: 'delete', before: number, after: null })

    // Undo both, newest first, exactly as the renderer replays them: editField(key, after, before).
    await h.service.editField(id, 'number', null, number)
    const u = await h.service.editField(id, 'place_of_birth', added, null)
    expect(get(u, 'number')).toEqual(number)
    expect(get(u, 'place_of_birth')).toBeNull()
    expect(u.history.map((e) => e.kind)).toEqual(['add', 'delete', 'add', 'delete'])

    // A value undo restores the field byte for byte.
    const name = get(u, 'name')!
    const edited = { ...name, value: 'X', verified: true }
    await h.service.editField(id, 'name', name, edited)
    const back = await h.service.editField(id, 'name', edited, name)
    expect(back.fields).toEqual(u.fields)
    expect(back.history.slice(-2).map((e) => [e.before, e.after])).toEqual([
      [name, edited],
      [edited, name],
    ])
  })

  it('refuses stale, duplicate, badly named and degenerate edits and changes nothing', async () => {
    const { h, id, c, get } = await recognised('')
    const name = get(c, 'name')!
    await h.service.updateFieldValue(id, 'name', 'CHANGED ELSEWHERE')
    const saved = await h.service.getCase(id)
    h.events.length = 0

    await expect(h.service.editField(id, 'name', name, { ...name, value: 'MINE' })).rejects.toThrow(
      STALE_FIELD_MESSAGE,
    )
    await expect(h.service.editField(id, 'name', null, name)).rejects.toThrow(
      'A field named "name" already exists',
    )
    await expect(h.service.editField(id, 'first name', null, { ...name, key: 'first name' })).rejects.toThrow(
      /"first name" is not a valid field name/,
    )
    await expect(
      h.service.editField(id, 'number', get(saved, 'number'), { ...get(saved, 'number')!, key: 'nr' }),
    ).rejects.toThrow(/cannot be renamed/)
    const flat: Quad = [BOX[0], BOX[1], BOX[1], BOX[0]]
    const cur = get(saved, 'name')!
    await expect(h.service.editField(id, 'name', cur, { ...cur, quad: flat })).rejects.toThrow(/no area/)
    await expect(h.service.updateFieldQuad(id, 'name', flat)).rejects.toThrow(/no area/)
    await expect(h.service.updateFieldValue(id, 'nonexistent', 'x')).rejects.toThrow(/has no field/)

    expect(await h.service.getCase(id)).toEqual(saved)
    expect(h.events.filter((e) => e.event === 'caseChanged')).toEqual([])
    // The one edit that went through was recorded, with the empty reviewer name replaced.
    expect(saved.history).toHaveLength(1)
    expect(saved.history[0]!.reviewer).toBe('unnamed reviewer')
  })
})

describe('updateFieldValue and updateFieldQuad', () => {
  it('merges quick typing into one entry, keeps separate fields separate, and records drags as drawn', async () => {
    const { h, id, c, get } = await recognised()
    const name = get(c, 'name')!
    for (const value of ['T', 'TA', 'TAM', 'TAMI']) await h.service.updateFieldValue(id, 'name', value)
    await h.service.updateFieldValue(id, 'number', 'L898902C3')
    const typed = await h.service.getCase(id)
    expect(typed.history).toHaveLength(2)
    expect(typed.history[0]).toMatchObject({ key: 'name', kind: 'value', before: name })
    expect(typed.history[0]!.after).toEqual({ ...name, value: 'TAMI' })
    expect(typed.history[1]).toMatchObject({ key: 'number', kind: 'value' })

    const dragged = await h.service.updateFieldQuad(id, 'name', BOX)
    expect(get(dragged, 'name')).toMatchObject({ quad: BOX, quadSource: 'drawn', value: 'TAMI' })
    expect(dragged.history.at(-1)).toMatchObject({ key: 'name', kind: 'quad', reviewer: 'Ana Reviewer' })
    // Typing after another kind of edit starts a new entry.
    const more = await h.service.updateFieldValue(id, 'name', 'TAMIH')
    expect(more.history.map((e) => e.kind)).toEqual(['value', 'value', 'quad', 'value'])
  })

  it('keeps the history when the case is recognised again', async () => {
    const { h, id } = await recognised()
    await h.service.updateFieldValue(id, 'name', 'TAMIHANA AROHA')
    await h.service.recognize([id], { issuingCountry: 'NZL', idType: 'passport' })
    const c = await h.service.getCase(id)
    expect(c.history).toHaveLength(1)
    expect(c.fields.find((f) => f.key === 'name')!.value).toBe('TAMIHANA AROHA')
  })
})
