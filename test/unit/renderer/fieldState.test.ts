import { describe, expect, it } from 'vitest'
import { quadLabelText } from '../../../renderer/src/canvas/FieldQuads'
import {
  STATE_COLOURS,
  STATE_LABELS,
  drawnAndEmpty,
  fieldState,
  needsLook,
  scoreTone,
} from '../../../renderer/src/fields/fieldState'

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

describe('fieldState and N with a failing check', () => {
  const base = { score: 95, accepted: true, value: 'CA0O000AA', ocrValue: 'CA0O000AA', verified: false }
  it('marks a confident field a failing check concerns as "check"', () => {
    expect(fieldState(base, 60, true)).toBe('check')
    expect(fieldState(base, 60, false)).toBe('plain')
    expect(fieldState(base, 60)).toBe('plain')
    expect(STATE_LABELS.check).toBe('Check failed')
    expect(STATE_COLOURS.check).not.toBe(STATE_COLOURS.critical)
  })
  it('wins over the engine’s doubt and over a correction that still fails', () => {
    expect(fieldState({ ...base, score: 10 }, 60, true)).toBe('check')
    expect(fieldState({ ...base, value: 'CA0O000AB' }, 60, true)).toBe('check')
  })
  it('gives way once the reviewer verified the field', () => {
    expect(fieldState({ ...base, verified: true }, 60, true)).toBe('verified')
  })
  it('makes N stop at an unverified field with a failing check, corrected or not', () => {
    expect(needsLook(base, 60, true)).toBe(true)
    expect(needsLook({ ...base, value: 'X' }, 60, true)).toBe(true)
    expect(needsLook({ ...base, verified: true }, 60, true)).toBe(false)
    expect(needsLook(base, 60, false)).toBe(false)
    expect(needsLook({ ...base, score: 20 }, 60, false)).toBe(true)
  })
})

describe('canvas label', () => {
  const f = {
    key: 'number',
    side: 'front' as const,
    value: 'A',
    ocrValue: 'A',
    score: 95.4,
    accepted: true,
    quad: null,
    quadSource: 'original' as const,
    verified: false,
  }
  it('says "check" on a box whose field fails a check, until verified', () => {
    // The canvas names a field as the panel does (fieldLabel).
    expect(quadLabelText(f)).toBe('Document number 95')
    expect(quadLabelText(f, true)).toBe('Document number 95 · check')
    expect(quadLabelText({ ...f, verified: true }, true)).toBe('Document number 95')
    expect(quadLabelText({ ...f, key: 'back_address', score: null }, true)).toBe('Address · check')
  })
})

describe('a field the reviewer drew', () => {
  const drawn = {
    score: null,
    accepted: null,
    value: '',
    ocrValue: '',
    verified: false,
    quadSource: 'drawn' as const,
  }
  it('needs a look while it is empty and not verified', () => {
    expect(drawnAndEmpty(drawn)).toBe(true)
    expect(needsLook(drawn, 60, false)).toBe(true)
    expect(fieldState(drawn, 60)).toBe('attention')
    // Whitespace is no value.
    expect(needsLook({ ...drawn, value: '  ', ocrValue: '  ' }, 60, false)).toBe(true)
  })
  it('no longer once verified or given a value', () => {
    expect(needsLook({ ...drawn, verified: true }, 60, false)).toBe(false)
    expect(fieldState({ ...drawn, verified: true }, 60)).toBe('verified')
    expect(needsLook({ ...drawn, value: 'X1' }, 60, false)).toBe(false)
    expect(fieldState({ ...drawn, value: 'X1' }, 60)).toBe('corrected')
  })
  it('leaves an empty field the engine placed alone', () => {
    expect(needsLook({ ...drawn, quadSource: 'original' }, 60, false)).toBe(false)
    expect(needsLook({ ...drawn, quadSource: undefined }, 60, false)).toBe(false)
    expect(fieldState({ ...drawn, quadSource: 'original' }, 60)).toBe('plain')
  })
})
