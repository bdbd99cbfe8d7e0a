// applyFieldEdit on its own (pure): what it records, what it refuses, how typing is merged.
import { describe, expect, it } from 'vitest'
import {
  applyFieldEdit,
  editKind,
  FieldEditRefused,
  sameJson,
  STALE_FIELD_MESSAGE,
  UNNAMED_REVIEWER,
  VALUE_MERGE_WINDOW_MS,
} from '../../../electron/services/cases/field-edits'
import { CaseSchema, SCHEMA_VERSION, type Case, type Field, type Quad } from '../../../shared/model'

const QUAD: Quad = [
  { x: 10, y: 10 },
  { x: 110, y: 10 },
  { x: 110, y: 40 },
  { x: 10, y: 40 },
]

const field = (key: string, over: Partial<Field> = {}): Field => ({
  key,
  side: 'front',
  value: `${key} value`,
  ocrValue: `${key} value`,
  score: 80,
  accepted: true,
  quad: QUAD,
  quadSource: 'original',
  verified: false,
  ...over,
})

const aCase = (fields: Field[]): Case =>
  CaseSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    id: 'case-0001',
    name: 'front.jpg',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    front: {
      file: 'front.jpg',
      originalName: 'f.jpg',
      mime: 'image/jpeg',
      width: 800,
      height: 600,
      bytes: 1,
    },
    back: null,
    issuingCountry: null,
    idType: null,
    status: 'recognised',
    provider: 'argos',
    transactionId: null,
    documentType: null,
    error: null,
    fields,
    ocr: {},
  })

const T0 = '2026-03-01T10:00:00.000Z'
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString()

describe('applyFieldEdit', () => {
  const base = aCase([field('name'), field('number'), field('birth')])

  it('replaces a field in place and records who, when, before and after', () => {
    const before = base.fields[1]!
    const after = { ...before, value: 'L898902C3' }
    const c = applyFieldEdit(base, 'number', before, after, 'Ana', T0)
    expect(c.fields.map((f) => f.key)).toEqual(['name', 'number', 'birth'])
    expect(c.fields[1]).toEqual(after)
    expect(c.history).toEqual([{ at: T0, reviewer: 'Ana', key: 'number', kind: 'value', before, after }])
    expect(base.history).toEqual([]) // the input is not touched
    expect(CaseSchema.parse(c)).toEqual(c)
  })

  it.each([
    ['value', { value: 'X' }],
    ['quad', { quad: QUAD.map((p) => ({ x: p.x + 5, y: p.y })) as Quad, quadSource: 'drawn' as const }],
    ['quad', { quadSource: 'drawn' as const }],
    ['quad', { quad: null, quadSource: 'none' as const }],
    ['side', { side: 'back' as const }],
    ['verified', { verified: true }],
    ['other', { value: 'X', verified: true }],
    ['other', { score: 12 }],
  ] as const)('derives kind %s from %j', (kind, change) => {
    const before = base.fields[0]!
    const c = applyFieldEdit(base, 'name', before, { ...before, ...change }, 'Ana', T0)
    expect(c.history.at(-1)!.kind).toBe(kind)
    expect(editKind(before, { ...before, ...change })).toBe(kind)
  })

  it('adds at the end and deletes, each recorded with the absent side as null', () => {
    const added = field('place_of_birth', { quadSource: 'drawn', score: null, accepted: null })
    const c1 = applyFieldEdit(base, 'place_of_birth', null, added, 'Ana', T0)
    expect(c1.fields.map((f) => f.key)).toEqual(['name', 'number', 'birth', 'place_of_birth'])
    expect(c1.history.at(-1)).toMatchObject({ kind: 'add', before: null, after: added })
    const c2 = applyFieldEdit(c1, 'number', c1.fields[1]!, null, 'Ana', at(1000))
    expect(c2.fields.map((f) => f.key)).toEqual(['name', 'birth', 'place_of_birth'])
    expect(c2.history.at(-1)).toMatchObject({ kind: 'delete', before: base.fields[1], after: null })
    expect(c2.history).toHaveLength(2)
  })

  it('undo (after → before) restores the case exactly and is recorded too', () => {
    const before = base.fields[2]!
    const after = { ...before, value: '1990-01-01', verified: true }
    const edited = applyFieldEdit(base, 'birth', before, after, 'Ana', T0)
    const undone = applyFieldEdit(edited, 'birth', after, before, 'Ana', at(500))
    expect(undone.fields).toEqual(base.fields)
    expect(undone.history.map((h) => [h.kind, h.before, h.after])).toEqual([
      ['other', before, after],
      ['other', after, before],
    ])
    // Undoing a delete puts the field back (at the end: the order is not part of the undo).
    const deleted = applyFieldEdit(base, 'name', base.fields[0]!, null, 'Ana', T0)
    const back = applyFieldEdit(deleted, 'name', null, base.fields[0]!, 'Ana', at(1))
    expect(back.fields.find((f) => f.key === 'name')).toEqual(base.fields[0])
  })

  it('refuses a stale expected field, with the reviewer-facing message', () => {
    const stale = { ...base.fields[0]!, value: 'something older' }
    expect(() => applyFieldEdit(base, 'name', stale, { ...stale, value: 'Y' }, 'Ana', T0)).toThrow(
      STALE_FIELD_MESSAGE,
    )
    // A field deleted meanwhile is stale too.
    expect(() => applyFieldEdit(base, 'gone', field('gone'), field('gone', { value: 'Y' }), 'A', T0)).toThrow(
      FieldEditRefused,
    )
  })

  it('compares expected by value, not by key order or identity', () => {
    const f = base.fields[0]!
    const reordered = Object.fromEntries(Object.entries(structuredClone(f)).reverse()) as Field
    expect(sameJson(reordered, base.fields[0])).toBe(true)
    expect(() => applyFieldEdit(base, 'name', reordered, { ...reordered, value: 'Z' }, 'A', T0)).not.toThrow()
  })

  it('refuses to add a key that exists, a rename, a bad key and a degenerate quad', () => {
    expect(() => applyFieldEdit(base, 'name', null, field('name'), 'A', T0)).toThrow(
      'A field named "name" already exists',
    )
    expect(() => applyFieldEdit(base, 'name', base.fields[0]!, field('surname'), 'A', T0)).toThrow(
      /cannot be renamed/,
    )
    for (const bad of ['1st', 'first name', 'naïve', '_x', 'a-b', 'x'.repeat(101)]) {
      expect(() => applyFieldEdit(base, bad, null, field(bad), 'A', T0)).toThrow(/not a valid field name/)
    }
    const line: Quad = [
      { x: 0, y: 0 },
      { x: 10, y: 10 },
      { x: 20, y: 20 },
      { x: 30, y: 30 },
    ]
    const point: Quad = [QUAD[0], QUAD[0], QUAD[0], QUAD[0]]
    const infinite: Quad = [{ x: Infinity, y: 0 }, QUAD[1], QUAD[2], QUAD[3]]
    const nan: Quad = [{ x: NaN, y: 0 }, QUAD[1], QUAD[2], QUAD[3]]
    for (const quad of [line, point]) {
      expect(() =>
        applyFieldEdit(base, 'name', base.fields[0]!, { ...base.fields[0]!, quad }, 'A', T0),
      ).toThrow(/no area/)
    }
    for (const quad of [infinite, nan]) {
      expect(() => applyFieldEdit(base, 'new_box', null, field('new_box', { quad }), 'A', T0)).toThrow(
        /outside the image coordinates/,
      )
    }
    expect(() => applyFieldEdit(base, 'x', null, null, 'A', T0)).toThrow(/Nothing to change/)
  })

  it('accepts edits of provider keys that a new field could not use', () => {
    const odd = aCase([field('name'), { ...field('x'), key: '2nd-line' }])
    const f = odd.fields[1]!
    const c = applyFieldEdit(odd, '2nd-line', f, { ...f, value: 'Q' }, 'A', T0)
    expect(c.fields[1]!.value).toBe('Q')
  })

  it('records an empty reviewer name as "unnamed reviewer" and ignores an edit that changes nothing', () => {
    const f = base.fields[0]!
    expect(applyFieldEdit(base, 'name', f, { ...f, value: 'Q' }, '  ', T0).history[0]!.reviewer).toBe(
      UNNAMED_REVIEWER,
    )
    expect(applyFieldEdit(base, 'name', f, { ...f }, 'A', T0)).toBe(base)
  })

  describe('merging value edits (typing)', () => {
    const merge = { mergeValueWithinMs: VALUE_MERGE_WINDOW_MS }
    const type = (c: Case, value: string, ms: number, who = 'Ana', key = 'name') => {
      const f = c.fields.find((x) => x.key === key)!
      return applyFieldEdit(c, key, f, { ...f, value }, who, at(ms), merge)
    }

    it('merges a burst into one entry: first before, latest after, latest time', () => {
      let c = type(base, 'T', 0)
      c = type(c, 'TA', 800)
      c = type(c, 'TAM', 2700) // 1.9 s after the previous keystroke: the window slides
      expect(c.history).toHaveLength(1)
      expect(c.history[0]).toMatchObject({ at: at(2700), kind: 'value', before: base.fields[0] })
      expect(c.history[0]!.after!.value).toBe('TAM')
    })

    it('starts a new entry after a pause, for another field or reviewer, or after another kind of edit', () => {
      let c = type(base, 'A', 0)
      c = type(c, 'AB', 2001)
      expect(c.history).toHaveLength(2)
      c = type(c, 'N1', 2100, 'Ana', 'number')
      expect(c.history).toHaveLength(3)
      c = type(c, 'N12', 2200, 'Ben', 'number')
      expect(c.history).toHaveLength(4)
      const f = c.fields.find((x) => x.key === 'number')!
      c = applyFieldEdit(c, 'number', f, { ...f, verified: true }, 'Ben', at(2300), merge)
      c = type(c, 'N123', 2400, 'Ben', 'number')
      expect(c.history.map((h) => h.kind)).toEqual(['value', 'value', 'value', 'value', 'verified', 'value'])
    })

    it('drops the entry when the burst ends where it started, and never merges without the option', () => {
      let c = type(base, 'x', 0)
      c = type(c, base.fields[0]!.value, 500)
      expect(c.history).toEqual([])
      expect(c.fields).toEqual(base.fields)
      const f = base.fields[0]!
      let d = applyFieldEdit(base, 'name', f, { ...f, value: 'a' }, 'Ana', at(0))
      d = applyFieldEdit(d, 'name', d.fields[0]!, { ...f, value: 'ab' }, 'Ana', at(10))
      expect(d.history).toHaveLength(2)
    })
  })
})
