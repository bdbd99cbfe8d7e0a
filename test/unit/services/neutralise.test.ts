// The formula guard shared by the CSV export and the audit CSV (issue 12, item 7).
import { describe, expect, it } from 'vitest'
import { NEUTRALISER, needsNeutralising, neutralise } from '../../../electron/services/export/neutralise'

const FORMULAS: [string, string][] = [
  ['ASCII =', '=1+1'],
  ['full-width =', '\uFF1D1+1'],
  ['full-width +', '\uFF0B1+1'],
  ['full-width -', '\uFF0D1+1'],
  ['full-width @', '\uFF20SUM(A1)'],
  ['zero-width space, then =', '\u200B=1+1'],
  ['zero-width joiner, then =', '\u200D=1+1'],
  ['word joiner, then =', '\u2060=1+1'],
  ['invisible plus, then =', '\u2064=1+1'],
  ['Mongolian vowel separator, then =', '\u180E=1+1'],
  ['BOM, then full-width =', '\uFEFF\uFF1D1+1'],
  ['several invisible characters, then @', '\u200B\u00A0\u3000@SUM(A1)'],
  ['+ alone', '+'],
  ['- alone', '-'],
  ['@ alone', '@'],
  ['tab prefix', '\t=1+1'],
  ['CR prefix', '\r=1+1'],
  ['tab alone', '\t'],
  ['CR alone', '\r'],
]

const PLAIN = ['1+1', 'a=b', 'ROSSI', '홍길동', 'user@example.com', '\u200Babc', '\uFF21BC', '', ' ']

describe('neutralise', () => {
  it.each(FORMULAS)('neutralises a formula with %s', (_name, value) => {
    expect(needsNeutralising(value)).toBe(true)
    expect(neutralise(value)).toBe(`${NEUTRALISER}${value}`)
  })

  it.each(PLAIN)('leaves %j as it is', (value) => {
    expect(needsNeutralising(value)).toBe(false)
    expect(neutralise(value)).toBe(value)
  })
})
