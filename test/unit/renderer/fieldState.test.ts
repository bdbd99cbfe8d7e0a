import { describe, expect, it } from 'vitest'
import { fieldState, scoreTone } from '../../../renderer/src/fields/fieldState'

const base = { score: 90, accepted: null, value: 'A', ocrValue: 'A', verified: false }

describe('fieldState', () => {
  it('is plain for a confident, untouched field', () => {
    expect(fieldState(base, 60)).toBe('plain')
    expect(fieldState({ ...base, score: null }, 60)).toBe('plain')
    expect(fieldState({ ...base, score: 60 }, 60)).toBe('plain')
  })
  it('needs attention below 60 and is critical below 30 or when rejected', () => {
    expect(fieldState({ ...base, score: 59 }, 60)).toBe('attention')
    expect(fieldState({ ...base, score: 29 }, 60)).toBe('critical')
    expect(fieldState({ ...base, accepted: false }, 60)).toBe('critical')
  })
  it("lets the reviewer's work win over the engine's doubt", () => {
    expect(fieldState({ ...base, score: 10, value: 'B' }, 60)).toBe('corrected')
    expect(fieldState({ ...base, score: 10, accepted: false, verified: true }, 60)).toBe('verified')
    expect(fieldState({ ...base, value: 'B', verified: true }, 60)).toBe('verified')
  })
})

describe('scoreTone', () => {
  it('bands scores', () => {
    expect(scoreTone(null)).toBe('none')
    expect(scoreTone(4)).toBe('low')
    expect(scoreTone(55)).toBe('mid')
    expect(scoreTone(95)).toBe('high')
  })
  it('follows the attention setting', () => {
    expect(scoreTone(70, 80)).toBe('mid')
    expect(scoreTone(70, 50)).toBe('high')
    expect(scoreTone(20, 10)).toBe('high')
  })
})

describe('fieldState with another attention setting', () => {
  const base = { score: 70, accepted: null, value: 'A', ocrValue: 'A', verified: false }
  it('is amber below the setting and plain above it', () => {
    expect(fieldState(base, 80)).toBe('attention')
    expect(fieldState(base, 70)).toBe('plain')
  })
  it('never calls a score critical when the setting is below the critical band', () => {
    expect(fieldState({ ...base, score: 15 }, 10)).toBe('plain')
    expect(fieldState({ ...base, score: 5 }, 10)).toBe('critical')
  })
})
