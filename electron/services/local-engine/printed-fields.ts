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
  ['dl', 'number'],
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

/**
 * A printed label word as OCR reads it: one slip allowed from five letters, two from seven ("Sumame"). A short
 * label standing alone on its line may also come back with I for l ("IN" for LN).
 */
function wordMatches(read: string, label: string, alone = false): boolean {
  if (read === label) return true
  if (alone && label.length < 5) return read.replace(/i/g, 'l') === label.replace(/i/g, 'l')
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

/** A printed date whose digits make a real day in one of the usual orders; a month name passes on its digits. */
export function isDate(value: string): boolean {
  const d = value.replace(/\D/g, '')
  if (/[A-Za-z]{3}/.test(value)) return d.length >= 4
  const day = (m: string, dd: string) => +m >= 1 && +m <= 12 && +dd >= 1 && +dd <= 31
  const year = (y: string) => +y >= 1900 && +y <= 2100
  if (d.length === 8)
    return (
      (year(d.slice(0, 4)) && day(d.slice(4, 6), d.slice(6, 8))) ||
      (year(d.slice(4, 8)) && (day(d.slice(2, 4), d.slice(0, 2)) || day(d.slice(0, 2), d.slice(2, 4))))
    )
  if (d.length === 6) return day(d.slice(2, 4), d.slice(4, 6)) || day(d.slice(2, 4), d.slice(0, 2))
  return false
}

const VALUE_CHECKS: Record<string, (value: string) => boolean> = {
  birth: isDate,
  expire_date: isDate,
  issue_date: isDate,
  gender: (v) => /^[A-Za-z]{1,6}$/.test(v),
  number: (v) => /\d/.test(v) && v.replace(/[^A-Za-z0-9]/g, '').length >= 4,
}

/** Below this mean confidence the recogniser itself calls the read a guess (a correct value can read as low as 20). */
const MIN_CONFIDENCE = 10

/**
 * A read that is no text: mostly punctuation, or one or two characters read with little confidence (a stamp, a
 * photo's edge, a barcode stripe read as "J").
 */
export function isJunk(word: { text: string; confidence: number }): boolean {
  const text = word.text.trim()
  const alnumCount = text.replace(/[^\p{L}\p{N}]/gu, '').length
  if (alnumCount === 0 || alnumCount * 2 < text.length) return true
  return alnumCount <= 2 && word.confidence < 50
}

const height = (r: Box) => r.y1 - r.y0
const overlapY = (a: Box, b: Box) => Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0)

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
          i + p.words.length <= list.length &&
          p.words.every((word, j) => wordMatches(list[i + j]!.n, word, list.length === 1)),
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
    const h = height(label.r)
    // The label's column: from its left edge to the next label in the same row (sparse reading gives each label
    // its own line, so the row is found by position, not by line). A value never crosses into another column.
    const sameRow = (l: Label) => overlapY(l.r, label.r) > 0.3 * Math.min(height(l.r), h)
    const next = labels
      .filter((l) => l !== label && sameRow(l) && l.r.x0 > label.r.x1)
      .reduce((min, l) => Math.min(min, l.r.x0), Number.POSITIVE_INFINITY)
    // Words that could be text here: not a label, not taller than a value line can be (a barcode block, or a
    // value that swallowed the label above it), and inside the column.
    const inColumn = (w: Placed) => {
      const cx = (w.r.x0 + w.r.x1) / 2
      return !labelWords.has(w) && cx < next - 0.3 * h && w.r.x0 >= label.r.x0 - 1.5 * h
    }
    const candidates = placed.filter((w) => inColumn(w) && height(w.r) <= 3.2 * h)
    // A value starts where its label starts (or right after it, on its line, when the label ends with ':').
    const colon = /:\s*$/.test(label.words[label.words.length - 1]!.text)
    const startsHere = (w: Placed) =>
      colon && overlapY(w.r, label.r) > 0.5 * Math.min(height(w.r), h)
        ? w.r.x0 >= label.r.x1 - 0.2 * h && w.r.x0 - label.r.x1 <= 3 * h
        : w.r.x0 <= label.r.x0 + 6 * h &&
          w.r.y0 >= label.r.y0 + 0.5 * h &&
          w.r.y0 - label.r.y1 <= 2.2 * Math.max(h, height(w.r))
    // A junk read is no value, but where nothing else is, it still shows where the value is printed ('=' for F):
    // kept as implausible, to place an MRZ value only.
    const all = candidates.filter(startsHere)
    const text = all.filter((w) => !isJunk(w))
    const starts = text.length > 0 ? text : all
    if (starts.length === 0) continue
    const junkOnly = text.length === 0
    // The nearest row: a value on the label's own line first, then the highest one below it.
    const first = starts.reduce((best, w) =>
      w.r.y0 < best.r.y0 - 0.3 * height(best.r) ||
      (Math.abs(w.r.y0 - best.r.y0) <= 0.3 * height(best.r) && w.r.x0 < best.r.x0)
        ? w
        : best,
    )
    // Another label between this one and the row owns that row.
    const blocked = labels.some(
      (l) =>
        l !== label &&
        l.r.y0 >= label.r.y1 - 0.2 * h &&
        l.r.y1 <= first.r.y0 + 0.2 * h &&
        l.r.x0 < first.r.x1 &&
        l.r.x1 > first.r.x0,
    )
    if (blocked) continue
    // The row, by position (one printed line may come back as several OCR lines), left to right from the first
    // word; a wide gap ends the value (the next column's text is not part of it).
    // A word of the row blurred into a taller box ("ST," read "Sil" 1.6 times the row's height) is still in it when
    // it is centred on the row; the label-relative limit above is for where a value starts.
    const centredOn = (w: Placed, r: Box) =>
      height(w.r) <= 2 * height(r) && Math.abs((w.r.y0 + w.r.y1) / 2 - (r.y0 + r.y1) / 2) <= 0.3 * height(r)
    const row = placed
      .filter((w) => inColumn(w) && (candidates.includes(w) || centredOn(w, first.r)))
      .filter((w) => overlapY(w.r, first.r) > 0.5 * Math.min(height(w.r), height(first.r)))
      .filter((w) => w.r.x0 >= first.r.x0 && (junkOnly || !isJunk(w)))
      .sort((a, b) => a.r.x0 - b.r.x0)
    const valueWords: Placed[] = []
    for (const w of row) {
      const prev = valueWords[valueWords.length - 1]
      if (prev && w.r.x0 - prev.r.x1 > 2 * height(prev.r)) break
      valueWords.push(w)
    }
    const value = valueWords
      .map((w) => w.text)
      .join(' ')
      .trim()
    if (value === '') continue
    const confidence = valueWords.reduce((sum, w) => sum + w.confidence, 0) / valueWords.length
    const check = VALUE_CHECKS[label.key]
    const r = boxOf(valueWords.flatMap((w) => bboxQuad(w.r)))
    fields.push({
      key: label.key,
      value,
      confidence,
      quad: mapQuad(bboxQuad(r), (p) => straightToUpright(frame, p)),
      plausible: !junkOnly && confidence >= MIN_CONFIDENCE && (!check || check(value)),
    })
  }
  return fields
}
