// The MRZ candidate rows of the local engine's side reader (electron/services/local-engine/side-reader.ts): the
// first pass's pieces of MRZ lines on a skewed photo are grouped into rows across the text's direction, so a TD1
// turned 5.5° (gen-td1-204, whose band stopped short of its names line) still gives three rows of its pieces.
import { describe, expect, it } from 'vitest'
import type { BBox } from '../../../../electron/services/local-engine/geometry'
import { type OcrLine, mrzCandidates } from '../../../../electron/services/local-engine/side-reader'

const LINE_H = 30
const PITCH = 50

/**
 * The axis-aligned box of a piece of text [x0, x1) on the MRZ line `row` (0-based, centre at y = 400 + row·PITCH
 * at x = 0) of a photo turned `deg` counter-clockwise (the line rises to the right).
 */
function piece(text: string, row: number, x0: number, x1: number, deg: number): OcrLine {
  const t = (deg * Math.PI) / 180
  const cy = (x: number) => 400 + row * PITCH - x * Math.tan(t)
  const half = LINE_H / 2 / Math.cos(t)
  const ys = [cy(x0) - half, cy(x0) + half, cy(x1) - half, cy(x1) + half]
  const bbox: BBox = { x0, y0: Math.min(...ys), x1, y1: Math.max(...ys) }
  return { text, confidence: 50, bbox, baseline: bbox, words: [] }
}

/** Three MRZ lines, each read in three pieces of a filler run, with a line of plain text above. */
function pieces(deg: number): OcrLine[] {
  const lines: OcrLine[] = [piece('ADDRESS 7 LANTERN ST', -3, 100, 700, deg)]
  for (let row = 0; row < 3; row++)
    for (const [x0, x1] of [
      [100, 350],
      [350, 600],
      [600, 850],
    ] as const)
      lines.push(piece(`AB<<<<C${row}${x0}`, row, x0, x1, deg))
  return lines
}

describe('mrzCandidates', () => {
  for (const deg of [5.5, -5.5, 0])
    it(`groups the pieces of three MRZ lines into three rows on a photo turned ${deg}°`, () => {
      const found = mrzCandidates(pieces(deg), deg)
      expect(found.rows).toBe(3)
      expect(found.lines).toHaveLength(9)
      expect(found.pitch).toBeCloseTo(PITCH * Math.cos((deg * Math.PI) / 180), 0)
      // The text's own line height, not its tilted boxes' (about 54 px at 5.5° for a 250 px piece).
      expect(found.lineHeight).toBeGreaterThan(LINE_H - 3)
      expect(found.lineHeight).toBeLessThan(LINE_H + 3)
    })

  it('finds nothing without MRZ-like text', () => {
    expect(mrzCandidates([piece('ADDRESS 7 LANTERN ST', 0, 100, 700, 3)], 3)).toEqual({
      lines: [],
      rows: 0,
      pitch: 0,
      lineHeight: 0,
    })
  })
})
