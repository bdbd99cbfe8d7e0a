import { describe, expect, it } from 'vitest'
import {
  EMPTY_STACK,
  describeEntry,
  pushEdit,
  sameField,
  takeRedo,
  takeUndo,
  type UndoEntry,
} from '../../../renderer/src/editing/undoStack'
import type { Field } from '../../../shared/model'

const field = (over: Partial<Field> = {}): Field => ({
  key: 'name',
  side: 'front',
  value: 'A',
  ocrValue: 'A',
  score: 90,
  accepted: true,
  quad: null,
  quadSource: 'none',
  verified: false,
  ...over,
})
const entry = (before: Field | null, after: Field | null): UndoEntry => ({
  caseId: 'case-0001',
  key: 'name',
  before,
  after,
})

describe('undo stack', () => {
  it('undoes the latest edit first and redoes it back', () => {
    const a = entry(field(), field({ value: 'B' }))
    const b = entry(field({ value: 'B' }), field({ value: 'B', verified: true }))
    let s = pushEdit(pushEdit(EMPTY_STACK, a), b)
    const u = takeUndo(s)!
    expect(u.entry).toBe(b)
    s = u.next
    expect(takeUndo(s)!.entry).toBe(a)
    const r = takeRedo(s)!
    expect(r.entry).toBe(b)
    expect(r.next.done).toEqual([a, b])
  })
  it('a new edit clears the redo side', () => {
    const a = entry(field(), field({ value: 'B' }))
    const s = takeUndo(pushEdit(EMPTY_STACK, a))!.next
    expect(s.undone).toHaveLength(1)
    expect(pushEdit(s, entry(field(), field({ value: 'C' }))).undone).toHaveLength(0)
  })
  it('ignores an edit that changed nothing and keeps at most the limit', () => {
    expect(pushEdit(EMPTY_STACK, entry(field(), field()))).toBe(EMPTY_STACK)
    let s = EMPTY_STACK
    for (let i = 0; i < 5; i++) s = pushEdit(s, entry(field(), field({ value: String(i) })), 3)
    expect(s.done.map((e) => e.after?.value)).toEqual(['2', '3', '4'])
  })
  it('nothing to take from an empty stack', () => {
    expect(takeUndo(EMPTY_STACK)).toBeNull()
    expect(takeRedo(EMPTY_STACK)).toBeNull()
  })
  it('compares fields by content and names what changed', () => {
    expect(sameField(field(), { ...field() })).toBe(true)
    expect(sameField(null, null)).toBe(true)
    expect(sameField(field(), null)).toBe(false)
    expect(describeEntry(entry(null, field()))).toBe('added box')
    expect(describeEntry(entry(field(), null))).toBe('deleted field')
    expect(describeEntry(entry(field(), field({ side: 'back' })))).toBe('side')
    expect(describeEntry(entry(field(), field({ verified: true })))).toBe('verified mark')
    expect(describeEntry(entry(field(), field({ value: 'x' })))).toBe('value')
  })
})
