// How sure the local engine is of each MRZ character and line (issue 15), pure. The recogniser's own confidence for
// an MRZ line is useless as a score: tesseract's line confidence on a whitelisted block read sits near 0–40 for a
// line it read exactly (the filler drags it down), so a reviewer saw a perfect, validated "MRZ line 1" in red. The
// score is built from the characters instead: each one's confidence in the re-read that produced it (the MRZ-alphabet
// block read, or the digits-only cell read that replaced it), raised to VOUCHED when a check digit that passes as
// read covers it (a wrong character there would have to be cancelled mod 10 by another one: a check passing by
// chance is one in ten, and the recogniser's confidence already has to be high for both), lowered to REPAIRED for a
// character a repair changed (the recogniser was sure of something else; only the check digit chose this one).
import { parse } from 'mrz'
import type { MrzRead } from './mrz-read'

/** A character covered by a check digit that passes without any repair in its range. */
export const VOUCHED = 95
/** The most a character changed by a look-alike repair can score. */
export const REPAIRED = 50

type Range = { line: number; start: number; end: number }

/** Each check digit of the lines (incl. the composite) with the ranges it covers, its own digit first. */
function checks(lines: string[]): { valid: boolean; ranges: Range[] }[] {
  try {
    return parse(lines)
      .details.filter((d) => d.field !== null && /CheckDigit$/.test(d.field))
      .map((d) => ({ valid: d.valid, ranges: d.ranges }))
  } catch {
    return []
  }
}

/**
 * Per character of `read.lines`, 0–100. `confidence[line][position]` is the recogniser's confidence for that
 * character in the read that produced it; null (or a short row) where nothing is known, which takes the mean of the
 * known ones on that line (0 when none is).
 */
export function mrzCharScores(
  read: MrzRead,
  confidence: readonly (readonly (number | null)[])[],
): number[][] {
  const repaired = new Set(read.repairs.map((r) => `${r.line - 1}:${r.position - 1}`))
  const scores = read.lines.map((line, i) => {
    const row = confidence[i] ?? []
    const known = row.filter((c): c is number => typeof c === 'number' && Number.isFinite(c))
    const fallback = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 0
    return [...line].map((_, j) => {
      const c = row[j]
      const value = typeof c === 'number' && Number.isFinite(c) ? c : fallback
      return Math.max(0, Math.min(100, value))
    })
  })
  for (const check of checks(read.lines)) {
    if (!check.valid) continue
    const cells = check.ranges.flatMap((r) =>
      Array.from({ length: r.end - r.start }, (_, k) => ({ line: r.line, col: r.start + k })),
    )
    // A check that passes only because a repair changed a character in its range says less: no vouching.
    if (cells.some((c) => repaired.has(`${c.line}:${c.col}`))) continue
    for (const c of cells) {
      const row = scores[c.line]
      if (row && c.col < row.length) row[c.col] = Math.max(row[c.col]!, VOUCHED)
    }
  }
  for (const key of repaired) {
    const [line, col] = key.split(':').map(Number) as [number, number]
    const row = scores[line]
    if (row && col < row.length) row[col] = Math.min(row[col]!, REPAIRED)
  }
  return scores
}

/** A line's score: the mean of its characters' (0 for an empty line). */
export function mrzLineScore(chars: readonly number[]): number {
  return chars.length === 0 ? 0 : chars.reduce((a, b) => a + b, 0) / chars.length
}
