// Where a case's MRZ lines come from. The API returns them as fields `mrz_line1..3` (with `back_` on the back of a
// card), as one value `mrz` / `full_mrz` (lines separated by newlines), in its `ocr` map, or a document template
// names them otherwise (any field whose value looks like MRZ lines). Fields win over `ocr`: fields carry the
// reviewer's corrections. Within the first source that has lines, the first candidate that parses is used (the
// `ocr` map may hold two of a TD1's three lines in mrz_line1..2 and all three in full_mrz).
import type { CheckInput } from './types'

export type MrzLines = {
  lines: string[]
  /** The case's field holding each line (null for the `ocr` map), for the check's `fields`. */
  keys: (string | null)[]
}

const MRZ_LENGTHS = [30, 36, 44]

/** Spaces removed (OCR splits lines into groups), upper case. */
const normaliseLine = (s: string): string => s.replace(/\s+/g, '').toUpperCase()

/** A block's lines; a block written without line breaks is cut at the MRZ line length (88 = 2×44, 72, 90). */
function blockLines(value: string): string[] {
  const lines = value
    .split(/\r?\n|\r/)
    .map(normaliseLine)
    .filter((l) => l !== '')
  if (lines.length === 1) {
    const one = lines[0]!
    for (const [len, count] of [
      [44, 2],
      [36, 2],
      [30, 3],
    ] as const) {
      if (one.length === len * count)
        return Array.from({ length: count }, (_, i) => one.slice(i * len, (i + 1) * len))
    }
  }
  return lines
}

const looksLikeMrzLine = (l: string): boolean =>
  MRZ_LENGTHS.includes(l.length) && l.includes('<') && /^[A-Z0-9<]+$/.test(l)

/** The candidates, by source in order of preference (fields, then the ocr map, then look-alike fields). */
export function mrzCandidates(input: Pick<CheckInput, 'fields' | 'ocr'>): MrzLines[][] {
  const byKey = new Map<string, { key: string; value: string }>()
  for (const f of input.fields) {
    if (f.value.trim() !== '' && !byKey.has(f.key.toLowerCase())) byKey.set(f.key.toLowerCase(), f)
  }
  const used = new Set<string>()
  const fromFields: MrzLines[] = []
  for (const prefix of ['', 'back_']) {
    const lines: string[] = []
    const keys: (string | null)[] = []
    for (const n of [1, 2, 3]) {
      const f = byKey.get(`${prefix}mrz_line${n}`)
      if (!f) continue
      used.add(f.key)
      lines.push(normaliseLine(f.value))
      keys.push(f.key)
    }
    if (lines.length) fromFields.push({ lines, keys })
  }
  for (const prefix of ['', 'back_']) {
    for (const name of ['mrz', 'full_mrz']) {
      const f = byKey.get(`${prefix}${name}`)
      if (!f) continue
      used.add(f.key)
      const lines = blockLines(f.value)
      if (lines.length) fromFields.push({ lines, keys: lines.map(() => f.key) })
    }
  }

  const fromOcr: MrzLines[] = []
  const ocrLines = [1, 2, 3]
    .map((n) => normaliseLine(input.ocr[`mrz_line${n}`] ?? ''))
    .filter((l) => l !== '')
  if (ocrLines.length) fromOcr.push({ lines: ocrLines, keys: ocrLines.map(() => null) })
  for (const name of ['full_mrz', 'mrz']) {
    const lines = blockLines(input.ocr[name] ?? '')
    if (lines.length) fromOcr.push({ lines, keys: lines.map(() => null) })
  }

  // Other fields that hold MRZ lines: a multi-line value is a block; single lines of the same length that follow
  // one another in the case's order are one MRZ (at most three lines).
  const lookAlike: MrzLines[] = []
  let run: MrzLines | null = null
  for (const f of input.fields) {
    if (used.has(f.key) || f.value.trim() === '') continue
    const lines = blockLines(f.value)
    if (lines.length === 0 || !lines.every(looksLikeMrzLine)) {
      run = null
      continue
    }
    if (lines.length > 1) {
      lookAlike.push({ lines, keys: lines.map(() => f.key) })
      run = null
    } else if (run && run.lines[0]!.length === lines[0]!.length && run.lines.length < 3) {
      run.lines.push(lines[0]!)
      run.keys.push(f.key)
    } else {
      run = { lines: [lines[0]!], keys: [f.key] }
      lookAlike.push(run)
    }
  }
  return [fromFields, fromOcr, lookAlike.filter((c) => c.lines.length > 1)]
}
