// The MRZ scores (electron/services/local-engine/mrz-score.ts): a line's score comes from its characters'
// confidences in the re-read, a check digit that passes as read vouches for the characters it covers, one that
// passes only thanks to a repair does not, and a repaired character is capped.
import { describe, expect, it } from 'vitest'
import { readMrz, type MrzRead } from '../../../../electron/services/local-engine/mrz-read'
import {
  REPAIRED,
  VOUCHED,
  mrzCharScores,
  mrzLineScore,
} from '../../../../electron/services/local-engine/mrz-score'

// ICAO 9303's TD1 specimen (fictional).
const SPECIMEN = [
  'I<UTOD231458907<<<<<<<<<<<<<<<',
  '7408122F1204159UTO<<<<<<<<<<<6',
  'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
]
const NOW = new Date('2025-01-01T00:00:00Z')

function must(lines: string[]): MrzRead {
  const r = readMrz(lines, { now: NOW })
  if (!r) throw new Error('not an MRZ')
  return r
}

const flat = (read: MrzRead, c: number) => read.lines.map((l) => [...l].map(() => c))

describe('mrzCharScores', () => {
  it('vouches for the characters a passing check digit covers, and only those', () => {
    const read = must(SPECIMEN)
    expect(read.valid).toBe(true)
    const s = mrzCharScores(read, flat(read, 60))
    // Document number D23145890 (line 1, 5–13) and its check digit (14).
    for (let col = 5; col <= 14; col++) expect(s[0]![col]).toBe(VOUCHED)
    // Birth date, its check, expiry, its check and the composite on line 2.
    for (const col of [0, 5, 6, 8, 13, 14, 29]) expect(s[1]![col]).toBe(VOUCHED)
    // Document code, issuing state, sex, nationality and the names: no check digit covers them.
    for (const col of [0, 2, 3, 4]) expect(s[0]![col]).toBe(60)
    for (const col of [7, 15, 16, 17]) expect(s[1]![col]).toBe(60)
    expect(s[2]!.every((c) => c === 60)).toBe(true)
    expect(mrzLineScore(s[2]!)).toBe(60)
    expect(mrzLineScore(s[1]!)).toBeGreaterThan(80)
  })

  it('keeps a confidence above VOUCHED as it is', () => {
    const read = must(SPECIMEN)
    const s = mrzCharScores(read, flat(read, 99))
    expect(s.flat().every((c) => c === 99)).toBe(true)
  })

  it('does not vouch for a check digit that fails', () => {
    const lines = [...SPECIMEN]
    // Birth date 740812 → 740813 with its check left at 2: fails, and no single look-alike change repairs it.
    lines[1] = '7408132F1204159UTO<<<<<<<<<<<6'
    const read = must(lines)
    expect(read.valid).toBe(false)
    const s = mrzCharScores(read, flat(read, 60))
    for (let col = 0; col <= 6; col++) expect(s[1]![col]).toBe(60)
    // The expiry's own check still passes as read.
    for (let col = 8; col <= 14; col++) expect(s[1]![col]).toBe(VOUCHED)
  })

  it('caps a repaired character and does not vouch for a check that passes only thanks to it', () => {
    const lines = [...SPECIMEN]
    // The number's last 0 read as O: repaired to 0.
    lines[0] = 'I<UTOD2314589O7<<<<<<<<<<<<<<<'
    const read = must(lines)
    expect(read.valid).toBe(true)
    expect(read.repairs).toEqual([{ line: 1, position: 14, from: 'O', to: '0' }])
    const s = mrzCharScores(read, flat(read, 90))
    expect(s[0]![13]).toBe(REPAIRED)
    // The rest of the number (its own check and the composite both saw the repair) keeps its read confidence.
    for (const col of [5, 6, 7, 9, 12, 14]) expect(s[0]![col]).toBe(90)
    // Birth date and expiry pass their own checks as read.
    expect(s[1]![0]).toBe(VOUCHED)
  })

  it('gives characters without a confidence their line mean, and 0 on a line with none', () => {
    const read = must(SPECIMEN)
    const conf: (number | null)[][] = [[...read.lines[0]!].map((_, i) => (i < 2 ? 40 : null)), [80], []]
    const s = mrzCharScores(read, conf)
    expect(s[0]![3]).toBe(40)
    expect(s[1]![16]).toBe(80)
    expect(s[2]!.every((c) => c === 0)).toBe(true)
  })
})
