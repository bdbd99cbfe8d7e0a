import { describe, expect, it } from 'vitest'
import { fieldState, scoreTone } from '../../../renderer/src/fields/fieldState'

const base = { score: 90, accepted: null, value: 'A', ocrValue: 'A', verified: false }

describe('fieldState', () => {
  it('is plain for a confident, untouched field', () => {
    expect(fieldState(base)).toBe('plain')
    expect(fieldState({ ...base, score: null })).toBe('plain')
    expect(fieldState({ ...base, score: 60 })).toBe('plain')
  })
  it('needs attention below 60 and is critical below 30 or when rejected', () => {
    expect(fieldState({ ...base, score: 59 })).toBe('attention')
    expect(fieldState({ ...base, score: 29 })).toBe('critical')
    expect(fieldState({ ...base, accepted: false })).toBe('critical')
  })
  it("lets the reviewer's work win over the engine's doubt", () => {
    expect(fieldState({ ...base, score: 10, value: 'B' })).toBe('corrected')
    expect(fieldState({ ...base, score: 10, accepted: false, verified: true })).toBe('verified')
    expect(fieldState({ ...base, value: 'B', verified: true })).toBe('verified')
  })
})

describe('scoreTone', () => {
  it('bands scores', () => {
    expect(scoreTone(null)).toBe('none')
    expect(scoreTone(4)).toBe('low')
    expect(scoreTone(55)).toBe('mid')
    expect(scoreTone(95)).toBe('high')
  })
})
