// Printed fields for the local engine (issue 15), pure: the words of a side's first pass become fields keyed by the
// label printed above (or before) them, where the label is one we know (Surname → name, Date of birth → birth…).
// Positions are compared in the straightened frame so "below" and "in the same column" hold on a skewed scan.
import {
  type Point,
  type Quad,
  type SideFrame,
  bboxQuad,
  mapQuad,
  straightToUpright,
  uprightToStraight,
} from './geometry'
import type { PageWord } from './side-reader'

export type PrintedField = {
  key: string
  value: string
  confidence: number
  quad: Quad
  /** False when the value does not look like its label's (a date without digits): kept only to place an MRZ value. */
  plausible: boolean
}

/** Label phrases (lower case, letters only) → the ARGOS key of the value printed with them. */
const LABELS: [string, string][] = [
  ['surname', 'name'],
  ['surnames', 'name'],
  ['last name', 'name'],
  ['family name', 'name'],
  ['apellidos', 'name'],
  ['cognome', 'name'],
  ['given names', 'given_name'],
  ['given name', 'given_name'],
  ['first name', 'given_name'],
  ['first names', 'given_name'],
  ['forenames', 'given_name'],
  ['nombres', 'given_name'],
  ['date of birth', 'birth'],
  ['birth date', 'birth'],
  ['dob', 'birth'],
  ['exp', 'expire_date'],
  ['iss', 'issue_date'],
  ['ln', 'name'],
  ['fn', 'given_name'],
  ['date of expiry', 'expire_date'],
  ['date of expiration', 'expire_date'],
  ['expiry date', 'expire_date'],
  ['expiry', 'expire_date'],
  ['expires', 'expire_date'],
  ['valid until', 'expire_date'],
  ['date of issue', 'issue_date'],
  ['issue date', 'issue_date'],
  ['issued', 'issue_date'],
  ['address', 'address'],
  ['authority', 'authority'],
  ['issuing authority', 'authority'],
  ['issued by', 'authority'],
  ['nationality', 'nationality'],
  ['sex', 'gender'],
  ['gender', 'gender'],
  ['passport no', 'number'],
  ['passport number', 'number'],
  ['document no', 'number'],
  ['document number', 'number'],
  ['card no', 'number'],
  ['card number', 'number'],
  ['licence no', 'number'],
  ['license no', 'number'],
  ['licence number', 'number'],
  ['license number', 'number'],
  ['dl no', 'number'],
  ['id no', 'number'],
  ['class', 'license_class'],
  ['restrictions', 'restrictions'],
]

const PHRASES = LABELS.map(([phrase, key]) => ({ words: phrase.split(' '), key })).sort(
  (a, b) => b.words.length - a.words.length,
)

function norm(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase()
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const keep = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = keep
    }
  }
  return row[b.length]!
}

/** A printed label word as OCR reads it: one slip allowed from five letters, two from seven ("Sumame"). */
function wordMatches(read: string, label: string): boolean {
  if (read === label) return true
  if (label.length >= 5) return editDistance(read, label) <= (label.length >= 7 ? 2 : 1)
  return false
}

type Box = { x0: number; y0: number; x1: number; y1: number }
type Placed = PageWord & { r: Box; n: string }
type Label = { key: string; line: number; r: Box; words: Placed[] }

function boxOf(points: Point[]): Box {
  const xs = points.map((p) => p.x)
  const ys = points.map((p) => p.y)
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) }
}

const VALUE_CHECKS: Record<string, (value: string) => boolean> = {
  birth: (v) => (v.match(/\d/g) ?? []).length >= 4,
  expire_date: (v) => (v.match(/\d/g) ?? []).length >= 4,
  issue_date: (v) => (v.match(/\d/g) ?? []).length >= 4,
  gender: (v) => v.replace(/[^A-Za-z]/g, '').length >= 1 && v.length <= 6,
  number: (v) => /\d/.test(v) && v.length >= 4,
}

export function printedFields(words: PageWord[], frame: SideFrame): PrintedField[] {
  const placed: Placed[] = words.map((w) => ({
    ...w,
    r: boxOf(mapQuad(w.quad, (p) => uprightToStraight(frame, p))),
    n: norm(w.text),
  }))
  const byLine = new Map<number, Placed[]>()
  for (const w of placed) byLine.set(w.line, [...(byLine.get(w.line) ?? []), w])
  for (const list of byLine.values()) list.sort((a, b) => a.r.x0 - b.r.x0)

  const labels: Label[] = []
  const labelWords = new Set<Placed>()
  for (const [line, list] of byLine) {
    let i = 0
    while (i < list.length) {
      const phrase = PHRASES.find(
        (p) =>
          i + p.words.length <= list.length && p.words.every((word, j) => wordMatches(list[i + j]!.n, word)),
      )
      if (!phrase) {
        i++
        continue
      }
      const ws = list.slice(i, i + phrase.words.length)
      ws.forEach((w) => labelWords.add(w))
      labels.push({ key: phrase.key, line, r: boxOf(ws.flatMap((w) => bboxQuad(w.r))), words: ws })
      i += phrase.words.length
    }
  }

  const fields: PrintedField[] = []
  for (const label of labels) {
    const h = label.r.y1 - label.r.y0
    // The value's column: from the label's left edge to the next label in the same row (sparse reading gives
    // each label its own line, so the row is found by position, not by line).
    const sameRow = (l: Label) => l.r.y0 < label.r.y1 && l.r.y1 > label.r.y0
    const next = labels
      .filter((l) => l !== label && sameRow(l) && l.r.x0 > label.r.x1)
      .reduce((min, l) => Math.min(min, l.r.x0), Number.POSITIVE_INFINITY)
    const inColumn = (w: Placed) => {
      const cx = (w.r.x0 + w.r.x1) / 2
      return cx >= label.r.x0 - 1.5 * h && cx < next - 0.3 * h && w.r.x0 >= label.r.x0 - 3 * h
    }
    const below = [...byLine.entries()]
      .map(([line, list]) => ({ line, list: list.filter((w) => !labelWords.has(w) && inColumn(w)) }))
      .filter(({ list }) => list.length > 0)
      .map(({ line, list }) => ({ line, list, top: Math.min(...list.map((w) => w.r.y0)) }))
      .filter(({ top, list }) => {
        const vh = Math.max(...list.map((w) => w.r.y1 - w.r.y0))
        return top >= label.r.y0 + 0.5 * h && top - label.r.y1 <= 2.2 * Math.max(h, vh)
      })
      // The nearest row first; within a row, the words that start nearest the label's left edge.
      .sort((a, b) => {
        const rowA = Math.round((a.top - label.r.y1) / h)
        const rowB = Math.round((b.top - label.r.y1) / h)
        return rowA - rowB || Math.abs(a.list[0]!.r.x0 - label.r.x0) - Math.abs(b.list[0]!.r.x0 - label.r.x0)
      })
    const first = below[0]
    if (!first) continue
    // Stop at a wide gap: the next column's value is not part of this one.
    const valueWords: Placed[] = [first.list[0]!]
    for (const w of first.list.slice(1)) {
      const prev = valueWords[valueWords.length - 1]!
      if (w.r.x0 - prev.r.x1 > 2 * (prev.r.y1 - prev.r.y0)) break
      valueWords.push(w)
    }
    const value = valueWords
      .map((w) => w.text)
      .join(' ')
      .trim()
    const check = VALUE_CHECKS[label.key]
    if (value === '') continue
    const r = boxOf(valueWords.flatMap((w) => bboxQuad(w.r)))
    fields.push({
      key: label.key,
      value,
      confidence: valueWords.reduce((sum, w) => sum + w.confidence, 0) / valueWords.length,
      quad: mapQuad(bboxQuad(r), (p) => straightToUpright(frame, p)),
      plausible: /[A-Za-z0-9]/.test(value) && (!check || check(value)),
    })
  }
  return fields
}
