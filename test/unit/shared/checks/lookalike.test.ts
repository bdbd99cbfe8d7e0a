import { describe, expect, it } from 'vitest'
import { dateInShapeOf } from '../../../../shared/checks/date-shape'
import { isLookAlike, isNumberFormatting, lookAlikeFix } from '../../../../shared/checks/lookalike'
import { mrzSpellings, nameAgrees } from '../../../../shared/checks/transliterate'

describe('look-alike pairs', () => {
  it.each(['O0', 'I1', 'l1', 'Il', 'S5', 'B8', 'Z2', 'G6', '38', 'o0', 's5'])(
    '%s is a pair, both ways',
    (pair) => {
      expect(isLookAlike(pair[0]!, pair[1]!)).toBe(true)
      expect(isLookAlike(pair[1]!, pair[0]!)).toBe(true)
    },
  )

  // Equal mod 10 in the check digit, but not confused by the eye (or not in the list): never repaired.
  it.each(['L1', 'U0', 'O4', 'B1', 'S8', '80', 'G0', 'A4', 'L7'])('%s is not a pair', (pair) => {
    expect(isLookAlike(pair[0]!, pair[1]!)).toBe(false)
  })
})

describe('lookAlikeFix', () => {
  it('replaces only look-alikes and keeps the printed formatting and case', () => {
    expect(lookAlikeFix('CA0O000AA', 'CA00000AA')).toEqual({ value: 'CA00000AA', changes: ['O → 0'] })
    expect(lookAlikeFix('ca 0o0-00aa', 'CA00000AA', isNumberFormatting)?.value).toBe('ca 000-00aa')
    expect(lookAlikeFix('Ar0ha', 'AROHA')?.value).toBe('Aroha')
    expect(lookAlikeFix('HERNÁNDEZ S0FÍA', 'HERNANDEZ SOFIA')?.value).toBe('HERNÁNDEZ SOFÍA')
  })

  it('gives nothing for equal values, other differences or another length', () => {
    expect(lookAlikeFix('CA00000AA', 'CA00000AA')).toBeNull()
    expect(lookAlikeFix('CA0X000AA', 'CA00000AA')).toBeNull()
    expect(lookAlikeFix('CA0O000A', 'CA00000AA')).toBeNull()
    expect(lookAlikeFix('', '')).toBeNull()
  })
})

describe('dateInShapeOf', () => {
  it.each([
    ['2029-03-3l', '2029-03-31', ['2029-03-31']],
    ['3l.03.2029', '2029-03-31', ['31.03.2029', '03.31.2029']],
    ['03/3l/2029', '2029-03-31', ['31/03/2029', '03/31/2029']],
    ['31 MAR 2029', '2029-03-31', ['31 MAR 2029']],
    ['31 APR 2029', '2029-03-31', []],
    ['2029033l', '2029-03-31', ['20290331', '31032029', '03312029']],
    ['29033l', '2029-03-31', ['290331']],
    ['31MAR2029', '2029-03-31', ['31MAR2029']],
    ['1-3-2029', '2029-03-01', ['1-3-2029', '3-1-2029']],
  ])('%j shaped like %s → %j', (printed, iso, out) => {
    expect(dateInShapeOf(printed, iso)).toEqual(out)
  })
})

describe('ICAO transliteration', () => {
  it.each([
    ['Müller', ['MUELLER', 'MULLER']],
    ['Groß', ['GROSS']],
    ['Ñúñez', ['NUNEZ', 'NUNXXEZ', 'NXXUNEZ', 'NXXUNXXEZ']],
    ["D'Artagnan", ['DARTAGNAN', 'D ARTAGNAN']],
    ['Smith-Jones', ['SMITH JONES']],
    ['Łukasz', ['LUKASZ']],
    ['王小明', null],
  ])('%j → %j', (printed, spellings) => {
    const got = mrzSpellings(printed)
    if (spellings === null) expect(got).toBeNull()
    else expect(got?.sort()).toEqual([...spellings].sort())
  })

  it('names: the whole name either way round, the surname alone, truncation only at the end', () => {
    const ref = { surname: 'ROSSI', given: 'GIULIA MARIA', truncated: false }
    expect(nameAgrees('name', 'ROSSI GIULIA MARIA', ref)).toBe(true)
    expect(nameAgrees('name', 'GIULIA MARIA ROSSI', ref)).toBe(true)
    expect(nameAgrees('name', 'ROSSI', ref)).toBe(true)
    expect(nameAgrees('name', 'ROSSI GIULIA', ref)).toBe(false)
    const cut = { surname: 'ROSSI', given: 'GIULIA MAR', truncated: true }
    expect(nameAgrees('name', 'ROSSI GIULIA MARIA', cut)).toBe(true)
    expect(nameAgrees('name', 'GIULIA MARIA ROSSI', cut)).toBe(true)
    expect(nameAgrees('given', 'GIULIA MARIA', cut)).toBe(true)
    expect(nameAgrees('surname', 'ROSSINI', cut)).toBe(false)
  })
})
