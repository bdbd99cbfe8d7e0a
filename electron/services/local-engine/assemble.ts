// Turns the local engine's side reads into the ARGOS-shaped answer (issue 15), pure: MRZ values become name,
// given_name, number, birth, expire_date, gender and nationality (+ mrz_line1..3), placed on the printed value when
// the card shows it, else on their span of the MRZ line; labelled printed lines become the other fields. MRZ values
// win over printed ones for the same key unless the MRZ fails its check digits. Back-side keys get `back_`, except
// the person's fields read from a back-side MRZ, which ARGOS also reports without it. Every quad ends in the stored
// image's pixels.
import type { LocalRawField, LocalRecognition, LocalSideReport } from './types'
import { type Quad, type SideFrame, mapQuad, toApiBox, uprightToStored } from './geometry'
import { type MrzFieldKey, type MrzSpan, crossRead } from './mrz-read'
import { isJunk, printedFields, type PrintedField } from './printed-fields'
import type { MrzLineRead, PageWord, SideRead } from './side-reader'

type Side = 'front' | 'back'
type Placed = { quad: Quad; side: Side }

const MRZ_KEYS: MrzFieldKey[] = [
  'name',
  'given_name',
  'number',
  'birth',
  'expire_date',
  'gender',
  'nationality',
]
const DATE_KEYS = new Set<string>(['birth', 'expire_date'])

function alnum(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase()
}

/** Whether printed digits show the MRZ's YYMMDD in one of the usual orders (YYYY-MM-DD, DD.MM.YYYY, MM/DD/YYYY). */
export function dateMatches(printed: string, yymmdd: string): boolean {
  const d = printed.replace(/\D/g, '')
  const [yy, mm, dd] = [yymmdd.slice(0, 2), yymmdd.slice(2, 4), yymmdd.slice(4, 6)]
  if (d.length === 8)
    return (
      (d.slice(2, 4) === yy && d.slice(4, 6) === mm && d.slice(6, 8) === dd) ||
      (d.slice(0, 2) === dd && d.slice(2, 4) === mm && d.slice(6, 8) === yy) ||
      (d.slice(0, 2) === mm && d.slice(2, 4) === dd && d.slice(6, 8) === yy)
    )
  if (d.length === 6) return d === yymmdd || d === dd + mm + yy
  return false
}

function spanText(lines: string[], span: MrzSpan): string {
  return (lines[span.line] ?? '').slice(span.start, span.end)
}

/** Words on one line, left to right, as one quad (the first word's left edge to the last word's right edge). */
function joinQuads(quads: Quad[]): Quad {
  const first = quads[0]!
  const last = quads[quads.length - 1]!
  return [first[0], last[1], last[2], first[3]]
}

function lerp(a: { x: number; y: number }, b: { x: number; y: number }, t: number) {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t }
}

/** A span's quad on its MRZ line: from its characters' boxes, or proportionally along the line (OCR-B is fixed pitch). */
function spanQuad(line: MrzLineRead, span: MrzSpan): Quad {
  if (line.chars && span.end <= line.chars.length && span.start < span.end)
    return joinQuads([line.chars[span.start]!.quad, line.chars[span.end - 1]!.quad])
  const n = Math.max(1, line.text.length)
  const [tl, tr, br, bl] = line.quad
  const t0 = span.start / n
  const t1 = span.end / n
  return [lerp(tl, tr, t0), lerp(tl, tr, t1), lerp(bl, br, t1), lerp(bl, br, t0)]
}

/**
 * The printed words showing this MRZ value: a whole line of the first pass (junk reads aside), best confidence
 * first. A value is printed on its own; the same letters inside a longer line are a title or another field's text.
 */
function findPrinted(
  words: PageWord[],
  matches: (text: string) => boolean,
): { quad: Quad; confidence: number } | null {
  const byLine = new Map<number, PageWord[]>()
  for (const w of words) {
    // The first pass's own (garbled) read of the MRZ is not the printed value.
    if (w.text.includes('<') || w.text.length > 24 || isJunk(w)) continue
    byLine.set(w.line, [...(byLine.get(w.line) ?? []), w])
  }
  let best: { quad: Quad; confidence: number } | null = null
  for (const list of byLine.values()) {
    list.sort((a, b) => a.quad[0].x - b.quad[0].x)
    if (list.length > 4 || !matches(list.map((w) => w.text).join(' '))) continue
    const confidence = list.reduce((s, w) => s + w.confidence, 0) / list.length
    if (!best || confidence > best.confidence) best = { quad: joinQuads(list.map((w) => w.quad)), confidence }
  }
  return best
}

/** The recogniser's confidence in a span: its characters' mean (a line's own is dragged down by its filler). */
function spanConfidence(line: MrzLineRead, span: MrzSpan): number {
  const chars = line.chars?.slice(span.start, span.end) ?? []
  if (chars.length === 0 || chars.length !== span.end - span.start) return line.confidence
  return chars.reduce((sum, c) => sum + c.confidence, 0) / chars.length
}

function score(confidence: number): number {
  return Math.max(0, Math.min(100, Math.round(confidence)))
}

function sideReport(read: SideRead): LocalSideReport {
  return { turned: read.frame.turn, skewDeg: Math.round(read.frame.skewDeg * 100) / 100 }
}

export function assemble(front: SideRead, back: SideRead | null): LocalRecognition {
  const reads: { side: Side; read: SideRead }[] = [{ side: 'front', read: front }]
  if (back) reads.push({ side: 'back', read: back })
  const frames: Record<Side, SideFrame> = { front: front.frame, back: (back ?? front).frame }
  const raw: Record<string, LocalRawField> = {}
  const put = (key: string, value: string, confidence: number, placed: Placed | null) => {
    const field: LocalRawField = { value, score: score(confidence), side: placed?.side ?? 'front' }
    if (placed) {
      const frame = frames[placed.side]
      field.original_coordinates = toApiBox(
        mapQuad(placed.quad, (p) => uprightToStored(frame, p)),
        frame,
      )
    }
    raw[key] = field
  }

  const printed: Record<Side, PrintedField[]> = { front: [], back: [] }
  for (const { side, read } of reads) {
    printed[side] = printedFields(read.words, read.frame)
    for (const f of printed[side]) {
      if (!f.plausible) continue
      const key = side === 'back' ? `back_${f.key}` : f.key
      const existing = raw[key]
      if (existing && existing.score >= f.confidence) continue
      put(key, f.value, f.confidence, { quad: f.quad, side })
    }
  }

  // The MRZ that passes its check digits wins; otherwise the first one read.
  const withMrz = reads.filter((r) => r.read.mrz)
  const chosen = withMrz.find((r) => r.read.mrz!.read.valid) ?? withMrz[0]
  let mrzSummary: LocalRecognition['mrz'] = null
  let documentType: string | null = null
  const ocr: Record<string, string> = {}
  if (chosen) {
    const { side } = chosen
    // The card prints the number and dates too, read separately: a second read that repairs an MRZ field whose check
    // digit fails when it differs only by look-alikes (mrz-read's crossRead).
    const printedValues = (key: string) =>
      reads.flatMap((r) => printed[r.side].filter((p) => p.key === key).map((p) => p.value))
    const mrz = crossRead(chosen.read.mrz!.read, {
      number: printedValues('number'),
      birth: printedValues('birth'),
      expire_date: printedValues('expire_date'),
      name: printedValues('name'),
      given_name: printedValues('given_name'),
    })
    const lines = chosen.read.mrz!.lines.map((line, i) => ({ ...line, text: mrz.lines[i] ?? line.text }))
    const prefix = side === 'back' ? 'back_' : ''
    lines.forEach((line, i) =>
      put(`${prefix}mrz_line${i + 1}`, line.text, line.confidence, { quad: line.quad, side }),
    )
    ocr.mrz = mrz.read.join('\n')
    documentType = mrz.documentType
    mrzSummary = {
      issuingCountry: mrz.issuingCountry,
      idType: mrz.idType,
      valid: mrz.valid,
      repairs: mrz.repairs,
    }

    // No check digit covers the names: a name with a repaired character (a digit read in it, or a look-alike
    // settled by the name printed on the card) is scored at most 50, so the reviewer looks at it.
    const repaired = (span: MrzSpan | undefined) =>
      span !== undefined &&
      mrz.repairs.some(
        (r) => r.line - 1 === span.line && r.position - 1 >= span.start && r.position - 1 < span.end,
      )
    const givenRepaired = repaired(mrz.fields.given_name?.span)
    const nameRepaired = givenRepaired || repaired(mrz.fields.name?.span)

    // Where the printed value may be: the front first (where ARGOS places the person's fields), then the MRZ's side.
    const searchOrder: Side[] = reads.map((r) => r.side)
    for (const key of MRZ_KEYS) {
      const f = mrz.fields[key]
      if (!f) continue
      const line = lines[f.span.line]
      // A read that fails its check digits is worth half its confidence.
      const confidence = (line ? spanConfidence(line, f.span) : 0) * (mrz.valid ? 1 : 0.5)
      const existing = raw[key]
      if (!mrz.valid && existing) continue
      const text = spanText(mrz.lines, f.span)
      // The surname part of a name span (the MRZ separates surname and given names with <<).
      const wanted = DATE_KEYS.has(key) ? text : alnum(text.split('<<')[0]!.replace(/</g, ' '))
      const matches = (printedText: string) =>
        DATE_KEYS.has(key)
          ? dateMatches(printedText, wanted)
          : wanted.length > 0 && alnum(printedText) === wanted
      // Where the card prints it: its labelled value, else the same text anywhere, else where its label says
      // it is printed even if misread there ('=' for F), else its span in the MRZ line.
      let placed: Placed | null = null
      for (const side of searchOrder) {
        const labelled = printed[side].find((p) => p.key === key && matches(p.value))
        if (labelled) {
          placed = { quad: labelled.quad, side }
          break
        }
      }
      // A lone letter (sex) is everywhere on a card, and a country code is in its title ("IDENTITY CARD · MEXICO"
      // reads "MEX)"): only their label or the MRZ place them.
      for (const side of searchOrder) {
        if (placed || wanted.length < 4 || key === 'nationality' || key === 'gender') break
        const found = findPrinted(reads.find((r) => r.side === side)!.read.words, matches)
        if (found) placed = { quad: found.quad, side }
      }
      for (const side of searchOrder) {
        if (placed) break
        const labelled = printed[side].find((p) => p.key === key)
        if (labelled) placed = { quad: labelled.quad, side }
      }
      if (!placed && line) placed = { quad: spanQuad(line, f.span), side }
      // ARGOS's name is the full name, surname first (as mrz-read gives it).
      const capped = (key === 'name' && nameRepaired) || (key === 'given_name' && givenRepaired)
      put(key, f.value, capped ? Math.min(confidence, 50) : confidence, placed)
    }
  }

  // ARGOS's name is the full name, surname first; without an MRZ the printed surname and given names make it.
  const name = raw.name
  const givenName = raw.given_name
  if (!chosen?.read.mrz?.read.fields.name && name && givenName && !name.value.endsWith(givenName.value))
    name.value = `${name.value} ${givenName.value}`

  return {
    raw,
    ocr,
    documentType,
    mrz: mrzSummary,
    sides: { front: sideReport(front), back: back ? sideReport(back) : null },
  }
}
