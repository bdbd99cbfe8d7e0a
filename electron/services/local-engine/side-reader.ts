// Reads one side of a document for the local engine (issue 15): decode with sharp, a first pass on a downscaled
// copy, the scan's 90° turn found from how well each turn reads, the skew from the first pass's baselines, then the
// MRZ band cropped from the straightened full-resolution image and re-read with the MRZ alphabet only. Everything
// read is converted into the upright frame (geometry.ts) before it leaves this module. The recogniser is a port so
// the engine owns the tesseract worker's lifecycle; this module never logs what it reads (personal data).
import sharp from 'sharp'
import {
  type BBox,
  type Point,
  type Quad,
  type SideFrame,
  type Turn,
  bboxQuad,
  estimateSkew,
  profileSkew,
  mapQuad,
  straightSize,
  straightToUpright,
  tiltedRect,
  undoTurn,
  uprightSize,
  uprightToStraight,
} from './geometry'
import { type MrzRead, mrzLinesFromText, readMrz } from './mrz-read'
import { mrzCharScores, mrzLineScore } from './mrz-score'

export type OcrSymbol = { text: string; confidence: number; bbox: BBox }
export type OcrWord = { text: string; confidence: number; bbox: BBox; symbols: OcrSymbol[] }
export type OcrLine = { text: string; confidence: number; bbox: BBox; baseline: BBox; words: OcrWord[] }

/**
 * 'page': sparse text, any character. 'mrz': a block of lines, MRZ alphabet only. 'mrzDigits': one character,
 * a digit or '<' (dates, check digits).
 */
export type ReadMode = 'page' | 'mrz' | 'mrzDigits'

export interface Recognizer {
  read(png: Buffer, mode: ReadMode): Promise<OcrLine[]>
}

/** A word of the first pass, in the upright frame: its quad follows the skew of the text. */
export type PageWord = { text: string; confidence: number; quad: Quad; line: number }

export type MrzLineRead = {
  text: string
  /** 0–100 from its characters' scores (mrz-score.ts), not the recogniser's line confidence. */
  confidence: number
  quad: Quad
  /** Per character of `text`, when the re-read's symbols match it one for one; `confidence` as mrz-score.ts
   * scores the character. */
  chars: { quad: Quad; confidence: number }[] | null
}

export type SideRead = {
  frame: SideFrame
  words: PageWord[]
  mrz: { read: MrzRead; lines: MrzLineRead[] } | null
  timings: Record<string, number>
}

/** Long side of the first pass: printed card text then has an x-height of about 20 px, which tesseract reads best. */
export const FIRST_PASS_LONG_SIDE = 1000
/** Characters in confident words below which a first pass is taken for a turned (or empty) scan. */
const UPRIGHT_QUALITY = 25
/** Line height the MRZ crop is scaled to first (measured best on the fixtures: 25–30 px; 36 read filler as L). */
const MRZ_LINE_PX = 30

export class ImageDecodeError extends Error {
  override name = 'ImageDecodeError'
}

type Grey = { data: Buffer; width: number; height: number }

function greyInput(g: Grey) {
  return sharp(g.data, { raw: { width: g.width, height: g.height, channels: 1 } })
}

async function decode(bytes: Uint8Array, side: string): Promise<Grey> {
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error' })
      .autoOrient()
      .grayscale()
      .raw()
      .toBuffer({ resolveWithObject: true })
    return { data, width: info.width, height: info.height }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ImageDecodeError(
      `The local engine cannot read the ${side} image: it is not a supported image (${reason}).`,
    )
  }
}

async function turned(g: Grey, turn: Turn): Promise<Grey> {
  const undo = undoTurn(turn)
  if (undo === 0) return g
  // sharp's rotation answers in sRGB: back to one channel, which is what Grey holds.
  const { data, info } = await greyInput(g)
    .rotate(undo)
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true })
  if (info.channels !== 1) throw new Error(`Expected one channel after turning, got ${info.channels}`)
  return { data, width: info.width, height: info.height }
}

/** How much confident text a pass found: letters and digits in words of three or more at confidence ≥ 70. */
export function readQuality(lines: OcrLine[]): number {
  let n = 0
  for (const line of lines)
    for (const w of line.words) {
      const alnum = w.text.replace(/[^A-Za-z0-9]/g, '').length
      if (w.confidence >= 70 && alnum >= 3) n += alnum
    }
  return n
}

function scaleBox(b: BBox, f: number): BBox {
  return { x0: b.x0 * f, y0: b.y0 * f, x1: b.x1 * f, y1: b.y1 * f }
}

function scaleLines(lines: OcrLine[], f: number): OcrLine[] {
  return lines.map((l) => ({
    ...l,
    bbox: scaleBox(l.bbox, f),
    baseline: scaleBox(l.baseline, f),
    words: l.words.map((w) => ({
      ...w,
      bbox: scaleBox(w.bbox, f),
      symbols: w.symbols.map((s) => ({ ...s, bbox: scaleBox(s.bbox, f) })),
    })),
  }))
}

type Pass = { lines: OcrLine[]; small: Grey; scale: number }

async function firstPass(recognizer: Recognizer, up: Grey): Promise<Pass> {
  const s = Math.min(2, FIRST_PASS_LONG_SIDE / Math.max(up.width, up.height))
  const { data, info } = await greyInput(up)
    .resize(Math.max(1, Math.round(up.width * s)), Math.max(1, Math.round(up.height * s)))
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true })
  if (info.channels !== 1) throw new Error(`Expected one channel after scaling, got ${info.channels}`)
  const small = { data, width: info.width, height: info.height }
  const png = await greyInput(small).png({ compressionLevel: 1 }).toBuffer()
  const lines = await recognizer.read(png, 'page')
  // Back into the upright frame's full-resolution pixels (the copy was scaled by s in both directions).
  return { lines: scaleLines(lines, 1 / s), small, scale: s }
}

const MRZ_ALPHABET = /^[A-Z0-9<]$/
/**
 * The first pass often reads the MRZ filler '<' as c, e, s, K or «: a run of them marks an MRZ line too. On a
 * skewed photo it also breaks MRZ lines into pieces: a run of four fillers is enough for a piece.
 */
function mrzLike(text: string): boolean {
  const t = text.replace(/\s+/g, '')
  if (/<{4,}/.test(t)) return true
  if (t.length < 20) return false
  const fillers = (t.match(/</g) ?? []).length
  const upper = [...t].filter((c) => MRZ_ALPHABET.test(c)).length
  return upper / t.length >= 0.6 && (fillers >= 2 || /[<cesaK«(]{5,}/.test(t))
}

export type MrzCandidates = {
  lines: OcrLine[]
  rows: number
  /** Distance between the rows' centres across the text (0 with one row). */
  pitch: number
  /** The text's own line height (not its box's: a tilted piece's box is taller by its width × sin(skew)). */
  lineHeight: number
}

/** How far a point is across the text's lines: its y once the skew is undone (rows of text share it). */
function across(x: number, y: number, skewDeg: number): number {
  const t = (skewDeg * Math.PI) / 180
  return x * Math.sin(t) + y * Math.cos(t)
}

/** A tilted piece's own height from its axis-aligned box (as tiltedRect solves it), never below a third of it. */
function ownHeight(b: BBox, skewDeg: number): number {
  const t = (skewDeg * Math.PI) / 180
  const c = Math.abs(Math.cos(t))
  const s = Math.abs(Math.sin(t))
  const bh = b.y1 - b.y0
  return Math.min(bh, Math.max(bh / 3, (bh * c - (b.x1 - b.x0) * s) / (c * c - s * s)))
}

/**
 * The bottom-most rows of MRZ-like lines (up to three, one above the other), in the upright frame. Rows are
 * grouped across the text's direction (the skew undone): on a photo turned 5°, the right end of the MRZ's first
 * line sits as high as a line above it and its left end as low as the next, so grouping the upright boxes made
 * three "rows" of two lines and the band stopped short of the third (gen-td1-204).
 */
export function mrzCandidates(lines: OcrLine[], skewDeg = 0): MrzCandidates {
  const like = lines
    .filter((l) => mrzLike(l.text))
    .map((l) => ({
      l,
      centre: across((l.bbox.x0 + l.bbox.x1) / 2, (l.bbox.y0 + l.bbox.y1) / 2, skewDeg),
      h: ownHeight(l.bbox, skewDeg),
    }))
    .sort((a, b) => a.centre - b.centre)
  if (like.length === 0) return { lines: [], rows: 0, pitch: 0, lineHeight: 0 }
  const heights = like.map((p) => p.h).sort((a, b) => a - b)
  const lh = heights[Math.floor(heights.length / 2)]!
  // Pieces of one MRZ line side by side make one row: their centres across the text within half a line.
  const rows: { centre: number; lines: OcrLine[] }[] = []
  for (const p of like) {
    const row = rows[rows.length - 1]
    if (row && p.centre - row.centre <= 0.5 * lh) {
      row.lines.push(p.l)
      row.centre += (p.centre - row.centre) / row.lines.length
    } else rows.push({ centre: p.centre, lines: [p.l] })
  }
  const group = [rows[rows.length - 1]!]
  for (let i = rows.length - 2; i >= 0 && group.length < 3; i--) {
    // MRZ lines are 1.5–2.2 glyph heights apart (d04's are 2.2; a piece of filler alone is shorter than its
    // capitals): rows further apart than 3.5 are another block of text.
    if (group[0]!.centre - rows[i]!.centre > 3.5 * lh) break
    group.unshift(rows[i]!)
  }
  const pitch =
    group.length > 1 ? (group[group.length - 1]!.centre - group[0]!.centre) / (group.length - 1) : 0
  return { lines: group.flatMap((r) => r.lines), rows: group.length, pitch, lineHeight: lh }
}

type Band = { left: number; top: number; width: number; height: number; lineHeight: number }

function clampBand(
  r: { w: number; h: number },
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  lh: number,
): Band {
  const left = Math.max(0, Math.floor(x0))
  const top = Math.max(0, Math.floor(y0))
  const right = Math.min(Math.floor(r.w), Math.ceil(x1))
  const bottom = Math.min(Math.floor(r.h), Math.ceil(y1))
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top), lineHeight: lh }
}

/** The MRZ band in the straightened frame: the candidate lines with a margin, as wide as the page's text. */
function mrzBand(frame: SideFrame, found: MrzCandidates, all: OcrLine[]): Band {
  const candidates = found.lines
  const r = straightSize(frame)
  // The text's own tilted rectangles: a tilted piece's box straightened would reach a line above and below.
  const pts = (ls: OcrLine[]) =>
    ls.flatMap((l) => tiltedRect(l.bbox, frame.skewDeg).map((p) => uprightToStraight(frame, p)))
  const band = pts(candidates)
  const page = pts(all.filter((l) => l.confidence >= 50)).concat(band)
  const lh = found.lineHeight
  const xs = page.map((p) => p.x)
  const ys = band.map((p) => p.y)
  // Lines the first pass did not see as MRZ (pieces without fillers) may sit above or below those it did: a
  // band of fewer than three rows grows by the missing rows (an MRZ has two or three), a row being the pitch
  // of the rows found, or 2.2 line heights (the widest MRZ spacing met, d04's; a filler-only piece's height
  // understates the line's). Two rows found may also be a TD1's first two: readMrzZone then grows the band
  // when its read finds no MRZ (growing it here would change every passport's crop, and its reads).
  const row = found.pitch > 0 ? found.pitch : 2.2 * lh
  const up = 0.6 * lh + (found.rows >= 3 ? 0 : found.rows === 2 ? row : 2 * row)
  const down = 0.6 * lh + (found.rows >= 2 ? 0 : row)
  // A garbled or broken first pass often stops before a line's trailing filler: widen well past the page's text.
  return clampBand(
    r,
    Math.min(...xs) - 1.5 * lh,
    Math.min(...ys) - up,
    Math.max(...xs) + 4 * lh,
    Math.max(...ys) + down,
    lh,
  )
}

/** Without a candidate, the MRZ (always at the bottom of the document) is looked for in the bottom 45 %. */
function fallbackBand(frame: SideFrame, all: OcrLine[]): Band {
  const r = straightSize(frame)
  const heights = all.map((l) => l.bbox.y1 - l.bbox.y0).sort((a, b) => a - b)
  const lh = heights.length > 0 ? heights[Math.floor(heights.length / 2)]! : r.h / 30
  return clampBand(r, 0, r.h * 0.55, r.w, r.h, lh)
}

/** Splits the MRZ re-read's line into per-character boxes when the symbols match the cleaned line one for one. */
function charBoxes(line: OcrLine, text: string): { box: BBox; confidence: number }[] | null {
  const symbols = line.words.flatMap((w) => w.symbols).filter((s) => s.text.trim() !== '')
  if (symbols.length !== text.length) return null
  return symbols.map((s) => ({
    box: { x0: s.bbox.x0, y0: line.bbox.y0, x1: s.bbox.x1, y1: line.bbox.y1 },
    confidence: s.confidence,
  }))
}

function sameChars(a: string, b: string): number {
  let n = 0
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] === b[i]) n++
  return n
}

type MrzAttempt = { read: MrzRead; lines: MrzLineRead[] }

async function readMrzBand(
  recognizer: Recognizer,
  up: Grey,
  frame: SideFrame,
  band: Band,
  linePx: number,
): Promise<MrzAttempt | null> {
  const k = Math.min(3, linePx / Math.max(1, band.lineHeight))
  let pipe = greyInput(up)
  if (Math.abs(frame.skewDeg) >= 0.2) pipe = pipe.rotate(frame.skewDeg, { background: '#ffffff' })
  pipe = pipe
    .extract(band)
    .resize(Math.max(1, Math.round(band.width * k)), Math.max(1, Math.round(band.height * k)))
  const png = await pipe.png({ compressionLevel: 1 }).toBuffer()
  const read = await recognizer.read(png, 'mrz')
  const picked = mrzLinesFromText(read.map((l) => l.text))
  if (!picked) return null
  let mrz = readMrz(picked)
  if (!mrz) return null
  // The recogniser's confidence in each character of the accepted lines, from the read that produced it.
  const confidence = mrz.read.map((text) => {
    const best = bestLine(read, text)
    const chars = best ? charBoxes(best, text) : null
    if (chars) return chars.map((c): number | null => c.confidence)
    // Symbols that do not match the line one for one (a filler added or dropped): their mean for every character.
    const symbols = best ? best.words.flatMap((w) => w.symbols).filter((c) => c.text.trim() !== '') : []
    const mean = symbols.length ? symbols.reduce((a, c) => a + c.confidence, 0) / symbols.length : null
    return [...text].map(() => mean)
  })
  if (!mrz.valid) {
    const reread = await rereadFields(recognizer, png, read, mrz)
    if (reread) {
      mrz = reread.mrz
      for (const [line, cells] of reread.confidence)
        for (const [col, c] of cells) if (confidence[line]) confidence[line]![col] = c
    }
  }
  const scores = mrzCharScores(mrz, confidence)
  // Crop pixels → straightened frame → upright frame.
  const back = (p: Point): Point =>
    straightToUpright(frame, { x: p.x / k + band.left, y: p.y / k + band.top })
  const lines: MrzLineRead[] = mrz.lines.map((text, i) => {
    const score = mrzLineScore(scores[i] ?? [])
    const best = bestLine(read, text)
    if (!best) return { text, confidence: score, quad: bboxQuad({ x0: 0, y0: 0, x1: 0, y1: 0 }), chars: null }
    const chars = charBoxes(best, text)
    return {
      text,
      confidence: score,
      quad: mapQuad(bboxQuad(best.bbox), back),
      chars: chars
        ? chars.map((c, j) => ({ quad: mapQuad(bboxQuad(c.box), back), confidence: scores[i]?.[j] ?? 0 }))
        : null,
    }
  })
  return { read: mrz, lines }
}

type Run = { line: number; start: number; end: number }

/** Where each format has digits only: dates and check digits (0-based, [start, end)). */
const FIELD_RUNS: Record<MrzRead['format'], { digits: Run[] }> = {
  TD1: {
    digits: [
      { line: 0, start: 14, end: 15 },
      { line: 1, start: 0, end: 7 },
      { line: 1, start: 8, end: 15 },
      { line: 1, start: 29, end: 30 },
    ],
  },
  TD2: {
    digits: [
      { line: 1, start: 9, end: 10 },
      { line: 1, start: 13, end: 20 },
      { line: 1, start: 21, end: 28 },
      { line: 1, start: 35, end: 36 },
    ],
  },
  TD3: {
    digits: [
      { line: 1, start: 9, end: 10 },
      { line: 1, start: 13, end: 20 },
      { line: 1, start: 21, end: 28 },
      { line: 1, start: 42, end: 44 },
    ],
  },
}

/**
 * A read that fails its check digits gets its dates and check digits re-read one character at a time with digits
 * only (the model reads a 4 beside '<' as L or G when any letter is allowed). Kept only when every check digit then
 * passes. The document number is not re-read so: letters are allowed there, and a read free to change nine
 * characters would pass its check digit by chance one time in ten (tried: "CA00000AA" came back a valid "IA0IO00AA").
 */
async function rereadFields(
  recognizer: Recognizer,
  png: Buffer,
  read: OcrLine[],
  mrz: MrzRead,
): Promise<{ mrz: MrzRead; confidence: Map<number, Map<number, number>> } | null> {
  const meta = await sharp(png).metadata()
  const ocrLines = mrz.read.map((text) => bestLine(read, text))
  const cellRange = (run: Run) => {
    const line = ocrLines[run.line]
    if (!line) return null
    const n = mrz.read[run.line]!.length
    const boxes = charBoxes(line, mrz.read[run.line]!)
    const pitch = (line.bbox.x1 - line.bbox.x0) / n
    const x0 = boxes ? boxes[run.start]!.box.x0 : line.bbox.x0 + run.start * pitch
    const x1 = boxes ? boxes[run.end - 1]!.box.x1 : line.bbox.x0 + run.end * pitch
    return { x0, x1, y0: line.bbox.y0, y1: line.bbox.y1 }
  }
  // One character at a time: read as a line, runs of the same character collapse ("00000" comes back "0000").
  // The confidence of each character a cell read gave (line → position → confidence).
  const confidence = new Map<number, Map<number, number>>()
  const rereadRun = async (run: Run, mode: ReadMode): Promise<string | null> => {
    const r = cellRange(run)
    if (!r || !meta.width || !meta.height) return null
    const pitch = (r.x1 - r.x0) / (run.end - run.start)
    const pad = (r.y1 - r.y0) * 0.35
    let text = ''
    for (let i = 0; i < run.end - run.start; i++) {
      const left = Math.max(0, Math.floor(r.x0 + i * pitch - pitch * 0.08))
      const right = Math.min(meta.width, Math.ceil(r.x0 + (i + 1) * pitch + pitch * 0.08))
      const top = Math.max(0, Math.floor(r.y0 - pad))
      const bottom = Math.min(meta.height, Math.ceil(r.y1 + pad))
      if (right - left < 2 || bottom - top < 2) return null
      const cell = await sharp(png)
        .extract({ left, top, width: right - left, height: bottom - top })
        .extend({ top: 8, bottom: 8, left: 12, right: 12, background: '#ffffff' })
        .png()
        .toBuffer()
      const cellLines = await recognizer.read(cell, mode)
      const read = cellLines.map((l) => l.text.replace(/\s+/g, '')).join('')
      // A cell the recogniser cannot make one character of keeps the block read's.
      if (read.length === 1) {
        text += read
        const symbol = cellLines.flatMap((l) => l.words.flatMap((w) => w.symbols)).find((c) => c.text.trim())
        const c = symbol?.confidence ?? cellLines[0]?.confidence
        if (typeof c === 'number') {
          const cells = confidence.get(run.line) ?? new Map<number, number>()
          cells.set(run.start + i, c)
          confidence.set(run.line, cells)
        }
      } else text += mrz.read[run.line]![run.start + i]!
    }
    return text
  }
  const lines = [...mrz.read]
  const put = (run: Run, text: string) => {
    const l = lines[run.line]!
    lines[run.line] = l.slice(0, run.start) + text + l.slice(run.end)
  }
  const runs = FIELD_RUNS[mrz.format]
  for (const run of runs.digits) {
    const text = await rereadRun(run, 'mrzDigits')
    if (text) put(run, text)
  }
  const reread = readMrz(lines)
  return reread?.valid ? { mrz: reread, confidence } : null
}

/** The OCR line that reads most like an MRZ line (same characters at the same places). */
function bestLine(read: OcrLine[], text: string): OcrLine | null {
  let best: OcrLine | null = null
  let bestScore = -1
  for (const l of read) {
    const score = sameChars(l.text.replace(/\s+/g, ''), text)
    if (score > bestScore) {
      best = l
      bestScore = score
    }
  }
  return best
}

/** Which line holds the names, from where (no check digit covers them, so a misread filler passes). */
const NAMES_AT: Record<MrzRead['format'], { line: number; from: number }> = {
  TD1: { line: 2, from: 0 },
  TD2: { line: 0, from: 5 },
  TD3: { line: 0, from: 5 },
}

/** Letters after a run of three fillers in the names: not a name (parts are split by one or two '<'), a misread. */
export function fillerMisread(read: MrzRead): boolean {
  const at = NAMES_AT[read.format]
  return /<{3,}[A-Z0-9]/.test((read.lines[at.line] ?? '').slice(at.from))
}

function growBand(frame: SideFrame, band: Band, by: number): Band {
  return clampBand(
    straightSize(frame),
    band.left,
    band.top - by,
    band.left + band.width,
    band.top + band.height + by,
    band.lineHeight,
  )
}

/** Line heights the MRZ band is re-read at, in turn, until one read passes its check digits. */
const MRZ_ATTEMPTS = [1, 25 / 30, 40 / 30]

/**
 * Re-reads the MRZ band at a few scales until a read passes its check digits (tesseract's slips change with the
 * scale); otherwise keeps the first read. A side where neither the first pass nor the first re-read saw an MRZ
 * costs one re-read, not three.
 */
async function readMrzZone(
  recognizer: Recognizer,
  up: Grey,
  frame: SideFrame,
  band: Band,
  seen: boolean,
  signal: AbortSignal,
): Promise<MrzAttempt | null> {
  let kept: MrzAttempt | null = null
  let at = band
  for (const factor of MRZ_ATTEMPTS) {
    signal.throwIfAborted()
    const attempt = await readMrzBand(recognizer, up, frame, at, MRZ_LINE_PX * factor)
    // No MRZ in the band (a line cut off, or rows the first pass never saw): the next tries look a row further
    // up and down. Lines are picked out of the re-read by their format, so text around them does no harm.
    if (!attempt) at = growBand(frame, at, 2.2 * band.lineHeight)
    if (attempt?.read.valid && !fillerMisread(attempt.read)) return attempt
    // Valid beats invalid; a clean names field beats letters in the filler.
    if (attempt && (!kept || (attempt.read.valid && !kept.read.valid))) kept = attempt
    if (!kept && !seen) return null
  }
  return kept
}

function pageWords(lines: OcrLine[], skewDeg: number): PageWord[] {
  const words: PageWord[] = []
  lines.forEach((line, index) => {
    for (const w of line.words) {
      if (w.text.trim() === '') continue
      // The recogniser's box hugs the glyphs; a reviewer's box (and ARGOS's) spans the text's line height.
      const h = w.bbox.y1 - w.bbox.y0
      const padded = {
        x0: w.bbox.x0 - 0.08 * h,
        y0: w.bbox.y0 - 0.15 * h,
        x1: w.bbox.x1 + 0.08 * h,
        y1: w.bbox.y1 + 0.15 * h,
      }
      words.push({ text: w.text, confidence: w.confidence, quad: tiltedRect(padded, skewDeg), line: index })
    }
  })
  return words
}

export async function readSide(
  recognizer: Recognizer,
  bytes: Uint8Array,
  side: 'front' | 'back',
  signal: AbortSignal,
): Promise<SideRead> {
  const timings: Record<string, number> = {}
  let t = performance.now()
  const lap = (name: string) => {
    const now = performance.now()
    timings[name] = Math.round(now - t)
    t = now
  }
  const stored = await decode(bytes, side)
  lap('decode')
  signal.throwIfAborted()

  let turn: Turn = 0
  let up = stored
  let pass = await firstPass(recognizer, stored)
  lap('firstPass')
  let quality = readQuality(pass.lines)
  // Upright scans are the common case: the other turns are tried only when the first pass found little text.
  if (quality < UPRIGHT_QUALITY) {
    for (const candidate of [270, 90, 180] as const) {
      signal.throwIfAborted()
      const image = await turned(stored, candidate)
      const read = await firstPass(recognizer, image)
      const q = readQuality(read.lines)
      if (q > Math.max(quality * 1.5, quality + 5)) {
        turn = candidate
        up = image
        pass = read
        quality = q
        if (q >= UPRIGHT_QUALITY * 2) break
      }
    }
    lap('orientation')
  }
  signal.throwIfAborted()

  const lines = pass.lines
  const frameBase = { storedW: stored.width, storedH: stored.height, turn }
  const fromBaselines = estimateSkew(lines.map((l) => ({ baseline: l.baseline, confidence: l.confidence })))
  const skewDeg = profileSkew(pass.small, fromBaselines)
  lap('skew')
  const frame: SideFrame = { ...frameBase, skewDeg: Math.abs(skewDeg) < 0.2 ? 0 : skewDeg }
  const words = pageWords(lines, frame.skewDeg)

  const candidates = mrzCandidates(lines, frame.skewDeg)
  const band = candidates.rows > 0 ? mrzBand(frame, candidates, lines) : fallbackBand(frame, lines)
  const u = uprightSize(frame)
  let mrz: MrzAttempt | null = null
  if (u.w > 0 && u.h > 0) mrz = await readMrzZone(recognizer, up, frame, band, candidates.rows > 0, signal)
  lap('mrz')
  return { frame, words, mrz, timings }
}
