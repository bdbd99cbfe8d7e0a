// The local engine's MRZ reader (issue 15): finds the MRZ lines in OCR'd text, parses them with the `mrz` package
// (formats, field ranges and check digits are its work), repairs look-alike characters with care, and turns the
// result into the values and spans the engine reports. Pure: no OCR, no images.
//
// Repairs (every one is reported; `read` keeps the unrepaired lines):
// - Field type. A letter in a digits-only position (dates, check digits) is impossible: it becomes its digit
//   look-alike when it has exactly one (O/D/Q→0, I/L→1, Z→2, G→6, B→8); a letter with two (S: 5 or 8) becomes
//   the one that keeps its check passing, or the one the check-digit repair finds. A digit in the names field becomes its
//   commonest letter reading (0→O, 1→I, 2→Z, 5→S, 6→G, 8→B): names hold no digits and no check digit covers them.
// - Check digits. Only a check that FAILS is repaired, by a single look-alike change in its range that makes it pass,
//   and only when exactly one such change exists (two or more: ambiguous, nothing changes). A change the 7-3-1
//   weighting cannot see ((v1 − v2) · w ≡ 0 mod 10: L/1, G/6, S/8) is never made on a check digit's say-so.
//   Not either when more than one character is suspect: a run of one look-alike glyph ("OOOOO" for "00000"), or a
//   check digit that was itself read as a letter — a single change then passes by chance.
// - Cross-read. The caller may pass the number and dates as printed on the card (read separately): a failing field
//   takes the printed value that differs from it only by look-alikes and passes its check digit (crossRead).
// - State codes must be known codes (one look-alike change repairs "IPN" to JPN), and the names field's filler
//   nothing but '<'; otherwise the read is not valid.
// - No repair may make a check that passed fail. The composite check is repaired last, and only when every other
//   check passes (otherwise its failure is already explained).
// mrz's own `autocorrect` option is not used: it rewrites look-alikes unconditionally (even in a read whose check
// digit passes), lacks D/Q/L and does not say what a check digit decided.
import { parse, states, type Details, type FieldName, type ParseResult } from 'mrz'
import type { IdType } from '../../../shared/primitives'
import type { MrzRepair } from './types'

export const MRZ_WHITELIST = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<'

export type MrzFieldKey =
  'name' | 'given_name' | 'number' | 'birth' | 'expire_date' | 'gender' | 'nationality'
/** Where a value sits: index into `lines` (0-based), character range [start, end). */
export type MrzSpan = { line: number; start: number; end: number }
export type MrzFormat = 'TD1' | 'TD2' | 'TD3'
export type MrzRead = {
  format: MrzFormat
  /** After repair. */
  lines: string[]
  /** As read (normalised to the format's length), before any repair. */
  read: string[]
  /** 1-based line and position. */
  repairs: MrzRepair[]
  /** Every check digit (incl. composite) passes on `lines`, the state codes are known, the names' filler clean. */
  valid: boolean
  fields: Partial<Record<MrzFieldKey, { value: string; span: MrzSpan }>>
  /** Issuing state, '<' removed ('D<<' → 'D'). */
  issuingCountry: string
  idType: IdType
  /** 'passport' | 'id_card' | 'visa' | 'residence_permit' */
  documentType: string
}

export type ReadMrzOptions = {
  /** Today, for the century of 2-digit years (tests pin it). */
  now?: Date
  /**
   * The same values as printed elsewhere on the card and read separately (any number per key, as read: "CA00000AA",
   * "1988-07-07", "07.07.1988"). Used only to repair a field whose check digit fails (see crossRead).
   */
  printed?: PrintedCandidates
}

/** Printed reads of the fields an MRZ check digit covers, and of the names (surname: `name`), which none covers. */
export type PrintedCandidates = Partial<
  Record<'number' | 'birth' | 'expire_date' | 'name' | 'given_name', readonly string[]>
>

const FORMATS: Record<MrzFormat, { lines: number; length: number; codes: RegExp }> = {
  TD1: { lines: 3, length: 30, codes: /^(?:[IACV]|RP)/ },
  TD2: { lines: 2, length: 36, codes: /^(?:[IACV]|RP)/ },
  TD3: { lines: 2, length: 44, codes: /^[PV]/ },
}

/** The names field (line, [start, end)) of each format: type repairs there run before parsing, because a digit in
 * the names of a 36-character MRZ makes mrz take it for a French ID card. */
const NAMES: Record<MrzFormat, MrzSpan> = {
  TD1: { line: 2, start: 0, end: 30 },
  TD2: { line: 0, start: 5, end: 36 },
  TD3: { line: 0, start: 5, end: 44 },
}

/**
 * Digit ↔ capital look-alikes in OCR-B as the recogniser confuses them on an MRZ band: round shapes (0 O D Q), a
 * vertical stroke (1 I L), and 2/Z, 5/S, 6/G, 8/B, 8/S. The first letter is the commonest reading of the digit.
 * L/1, G/6 and S/8 stay in the table because they are real confusions: the field type can settle them, a check digit
 * never can (their values differ by a multiple of 10).
 */
export const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '0': 'ODQ',
  '1': 'IL',
  '2': 'Z',
  '5': 'S',
  '6': 'G',
  '8': 'BS',
}

/**
 * Look-alikes in a state code (issuing state, nationality), which is letters: the digit table plus the capitals the
 * recogniser confuses with one another — a stroke with or without a hook or foot (I J L: "IPN" for JPN), round
 * shapes (O D Q), C/G. Kept to these: a repair needs exactly one known code within the fewest changes, and each
 * extra pairing adds codes that tie ("IPN" is one change from IRN too if P/R were paired), so the real repairs
 * would become ambiguous.
 */
const STATE_GROUPS = ['IJL', 'ODQ', 'CG']

export function stateLookAlikesOf(c: string): string[] {
  const out = new Set<string>(lookAlikesOf(c))
  for (const g of STATE_GROUPS) if (g.includes(c)) for (const x of g) if (x !== c) out.add(x)
  return [...out]
}

/** ICAO 9303's specimen state (Utopia): not a real code, but every specimen MRZ carries it. */
const SPECIMEN_STATES = new Set(['UTO'])

/** A state code `mrz` knows ('D<<' is Germany's 'D'), or the specimens' UTO. */
function knownState(code: string): boolean {
  const k = code.replace(/<+$/, '')
  return /^[A-Z]+$/.test(k) && (k in states || SPECIMEN_STATES.has(k))
}

/** The printed value in the MRZ's form: the number padded with '<'; a date as YYMMDD in each order it may be in. */
function mrzForms(printed: string, key: 'number' | 'birth' | 'expire_date', length: number): string[] {
  if (key === 'number') {
    const v = printed
      .normalize('NFD')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
    return v && v.length <= length ? [v.padEnd(length, '<')] : []
  }
  const d = printed.replace(/\D/g, '')
  const forms =
    d.length === 8
      ? [d.slice(2, 8), d.slice(6, 8) + d.slice(2, 4) + d.slice(0, 2), d.slice(6, 8) + d.slice(0, 4)]
      : d.length === 6
        ? [d, d.slice(4, 6) + d.slice(2, 4) + d.slice(0, 2)]
        : []
  return forms.filter((f) => {
    const mm = Number(f.slice(2, 4))
    const dd = Number(f.slice(4, 6))
    return f.length === length && mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31
  })
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9'
const isLetter = (c: string): boolean => c >= 'A' && c <= 'Z'

/** The characters `c` may have been misread for (digits for a letter, letters for a digit). */
export function lookAlikesOf(c: string): string[] {
  if (isDigit(c)) return [...(LOOK_ALIKES[c] ?? '')]
  return Object.keys(LOOK_ALIKES).filter((d) => LOOK_ALIKES[d]!.includes(c))
}

/** A character's value in ICAO 9303 check digits: 0–9, A=10 … Z=35, '<'=0. */
export function mrzCharValue(c: string): number {
  if (c === '<') return 0
  if (isDigit(c)) return c.charCodeAt(0) - 48
  if (isLetter(c)) return c.charCodeAt(0) - 55
  throw new Error(`not an MRZ character: ${JSON.stringify(c)}`)
}

/** True when changing `a` to `b` at a position of weight `weight` leaves every check digit sum unchanged mod 10. */
export function invisibleChange(a: string, b: string, weight: number): boolean {
  return ((mrzCharValue(a) - mrzCharValue(b)) * weight) % 10 === 0
}

// ---- finding and cleaning the lines -------------------------------------------------------------------------

const isFiller = (c: string): boolean => c === '<' || c === '«'
/** What a plain read makes of '<' in lower case ("<<<ccccccceene", "S<S<essssssss"); any other lower-case letter is
 * a capital read small. */
const isFillerJunk = (c: string): boolean => isFiller(c) || 'cesnk'.includes(c)
/** Characters a '<' is read as in a names field's filler (see cleanMrzLine for the lower-case ones). */
const FILLER_LOOK_ALIKES = 'KCESL'
const TRAILING_LOOKALIKES = new RegExp(`[<«${FILLER_LOOK_ALIKES}cesnk]*$`)

/**
 * One OCR'd line, cleaned: characters outside the MRZ alphabet dropped (stray `|`, `~`, spaces), filler runs made
 * of '<', the rest upper-cased. '<' comes out of a plain read as `c`, `e`, `s`, `n`, `k`, `«` and, in the trailing
 * filler, as capital K, C, E, S or L ("…PERRIDAN<<<<<<LL<"). The trailing filler starts at the first '<' (or '«') followed by another
 * filler-like character, so a name that ends in S, E or L ("JONES<<<", "JOHN<S<<<") keeps its letters. Inside the
 * line, lower-case look-alikes count only between two fillers ("<<ccc<<02").
 */
export function cleanMrzLine(raw: string): string {
  let s = raw.replace(/[^A-Za-z0-9<«]/g, '')
  const tail = TRAILING_LOOKALIKES.exec(s)![0]
  let cut = s.length
  for (let i = 0; i + 1 < tail.length; i++) {
    if (isFiller(tail[i]!) && isFillerJunk(tail[i + 1]!)) {
      cut = s.length - tail.length + i
      break
    }
  }
  s =
    s.slice(0, cut).replace(/[<«][<«cesnk]*[<«]|«/g, (run) => '<'.repeat(run.length)) +
    '<'.repeat(s.length - cut)
  return s.toUpperCase()
}

/**
 * A cleaned line fitted to `length`: unchanged when it has it; one character off, a '<' added to or taken from the
 * filler at the end of the line (a run of two or more '<' followed by nothing or only digits: OCR miscounts long runs
 * of one glyph, and the closing check digits must stay in place); otherwise null.
 */
export function fitMrzLine(line: string, length: number): string | null {
  const diff = line.length - length
  if (diff === 0) return line
  if (Math.abs(diff) !== 1) return null
  const run = /<{2,}(?=[0-9]*$)/.exec(line)
  if (!run) return null
  const at = run.index + run[0].length
  return diff < 0 ? line.slice(0, at) + '<' + line.slice(at) : line.slice(0, at - 1) + line.slice(at)
}

function formatOf(lines: string[]): MrzFormat | null {
  for (const format of Object.keys(FORMATS) as MrzFormat[]) {
    const f = FORMATS[format]
    if (lines.length === f.lines && lines.every((l) => Math.abs(l.length - f.length) <= 1)) return format
  }
  return null
}

/** From OCR'd text lines (any junk around), the 2 or 3 MRZ lines cleaned and fitted to the format's length, or null.
 * Among several candidate groups of consecutive lines, the one with the most passing check digits wins (the first
 * on a tie). */
export function mrzLinesFromText(text: string[]): string[] | null {
  if (!Array.isArray(text)) return null
  const cleaned = text
    .filter((t): t is string => typeof t === 'string')
    .map(cleanMrzLine)
    .filter((l) => l.length > 0)
  let best: { lines: string[]; score: number } | null = null
  for (const format of Object.keys(FORMATS) as MrzFormat[]) {
    const f = FORMATS[format]
    for (let i = 0; i + f.lines <= cleaned.length; i++) {
      const fitted = cleaned.slice(i, i + f.lines).map((l) => fitMrzLine(l, f.length))
      if (fitted.some((l) => l === null)) continue
      const lines = fitted as string[]
      if (!plausible(format, lines)) continue
      const read = readMrz(lines)
      if (!read) continue
      const score = passingChecks(read.lines, read.format, isVisa(read.lines[0]!))
      if (!best || score > best.score) best = { lines, score }
    }
  }
  return best ? best.lines : null
}

function plausible(format: MrzFormat, lines: string[]): boolean {
  return FORMATS[format].codes.test(lines[0]!) && lines.some((l) => l.includes('<'))
}

// ---- parsing and repair -------------------------------------------------------------------------------------

type Kind = 'digit' | 'alnum' | 'other'

const CHECKS: FieldName[] = [
  'documentNumberCheckDigit',
  'birthDateCheckDigit',
  'expirationDateCheckDigit',
  'personalNumberCheckDigit',
]
const COMPOSITE: FieldName = 'compositeCheckDigit'
const DIGIT_FIELDS = new Set<FieldName>(['birthDate', 'expirationDate', 'issueDate', ...CHECKS, COMPOSITE])
const ALNUM_FIELDS = new Set<FieldName>([
  'documentNumber',
  'optional',
  'optional1',
  'optional2',
  'personalNumber',
])

const isVisa = (line0: string): boolean => line0.startsWith('V')

function tryParse(lines: string[], format: MrzFormat): ParseResult | null {
  try {
    const result = parse(lines)
    return result.format === format ? result : null
  } catch {
    return null
  }
}

/** The checks a document of this kind carries: a visa (MRV-A/B) has optional data where others have a personal
 * number check and a composite. */
function checkDetails(result: ParseResult, visa: boolean): Details[] {
  return result.details.filter(
    (d) =>
      d.field !== null &&
      (visa
        ? d.field !== 'personalNumberCheckDigit' && CHECKS.includes(d.field)
        : CHECKS.includes(d.field) || d.field === COMPOSITE),
  )
}

function passingChecks(lines: string[], format: MrzFormat, visa: boolean): number {
  const result = tryParse(lines, format)
  return result ? checkDetails(result, visa).filter((d) => d.valid).length : 0
}

/** The checks a printed value may repair, and the printed key that holds it. */
const CROSS_READS: { check: FieldName; key: 'number' | 'birth' | 'expire_date' }[] = [
  { check: 'documentNumberCheckDigit', key: 'number' },
  { check: 'birthDateCheckDigit', key: 'birth' },
  { check: 'expirationDateCheckDigit', key: 'expire_date' },
]

type Pos = { line: number; col: number }
const key = (p: Pos): string => `${p.line}:${p.col}`

/** Every position of a check (its digit first, weight 1, then its data in order, weights 7, 3, 1, …). The weights of
 * a long TD1 number are approximate, which cannot matter: 7, 3 and 1 are all prime to 10, so a change is invisible at
 * every weight or at none. */
function checkPositions(detail: Details): { pos: Pos; weight: number }[] {
  const out: { pos: Pos; weight: number }[] = []
  const [own, ...data] = detail.ranges
  for (let col = own!.start; col < own!.end; col++) out.push({ pos: { line: own!.line, col }, weight: 1 })
  let i = 0
  for (const r of data) {
    for (let col = r.start; col < r.end; col++, i++)
      out.push({ pos: { line: r.line, col }, weight: [7, 3, 1][i % 3]! })
  }
  return out
}

class Repairer {
  lines: string[]
  /** A state code neither known nor made known by one look-alike change. */
  unknownState = false
  private result: ParseResult
  private readonly kinds = new Map<string, Kind>()

  constructor(
    lines: string[],
    /** As read, before any repair: what a look-alike is judged against. */
    private readonly read: string[],
    private readonly format: MrzFormat,
    private readonly visa: boolean,
    result: ParseResult,
    private readonly printed: PrintedCandidates = {},
  ) {
    this.lines = [...lines]
    this.result = result
    for (const d of result.details) {
      if (d.field === null) continue
      const kind: Kind = DIGIT_FIELDS.has(d.field) ? 'digit' : ALNUM_FIELDS.has(d.field) ? 'alnum' : 'other'
      const r = d.ranges[0]!
      for (let col = r.start; col < r.end; col++) this.kinds.set(key({ line: r.line, col }), kind)
    }
    // A visa's personal-number check and composite slots hold optional data.
    if (visa) {
      for (const d of result.details) {
        if (d.field === 'personalNumberCheckDigit' || d.field === COMPOSITE) {
          const r = d.ranges[0]!
          for (let col = r.start; col < r.end; col++) this.kinds.set(key({ line: r.line, col }), 'alnum')
        }
      }
    }
  }

  get parsed(): ParseResult {
    return this.result
  }

  private at(p: Pos): string {
    return this.lines[p.line]![p.col]!
  }

  private with(p: Pos, c: string, lines: string[] = this.lines): string[] {
    return withText(lines, { line: p.line, start: p.col, end: p.col + 1 }, c)
  }

  private checks(result: ParseResult): Map<string, boolean> {
    return new Map(checkDetails(result, this.visa).map((d) => [d.field!, d.valid]))
  }

  /** The parse of the lines with `p` changed to `c`, or null when that breaks a check that passes now. */
  private trial(p: Pos, c: string): ParseResult | null {
    return this.trialLines(this.with(p, c))
  }

  /** The parse of `lines`, or null when they break a check that passes now. */
  private trialLines(lines: string[]): ParseResult | null {
    const result = tryParse(lines, this.format)
    if (!result) return null
    const before = this.checks(this.result)
    const after = this.checks(result)
    for (const [field, passed] of before) if (passed && !after.get(field)) return null
    return result
  }

  private apply(p: Pos, c: string, result: ParseResult): void {
    this.lines = this.with(p, c)
    this.result = result
  }

  private passes(result: ParseResult, field: FieldName): boolean {
    return result.details.some((d) => d.field === field && d.valid)
  }

  /** Letters in digits-only positions, which can only be misread digits. One digit look-alike: that digit. */
  digitPositions(): void {
    const letters: Pos[] = []
    for (const [k, kind] of this.kinds) {
      const [line, col] = k.split(':').map(Number) as [number, number]
      if (kind === 'digit' && isLetter(this.at({ line, col }))) letters.push({ line, col })
    }
    const options = (p: Pos) => lookAlikesOf(this.at(p)).filter(isDigit)
    for (const p of letters.filter((q) => options(q).length === 1)) {
      const result = this.trial(p, options(p)[0]!)
      if (result) this.apply(p, options(p)[0]!, result)
    }
    // Several (S: 5 or 8): the one that keeps the check passing when it passes with the letter (S and 8 weigh the
    // same); when it fails, the check-digit repair below makes the choice, if exactly one passes.
    for (const p of letters.filter((q) => options(q).length > 1)) {
      const kept = options(p)
        .map((c) => ({ c, result: this.trial(p, c) }))
        .filter((t): t is { c: string; result: ParseResult } => t.result !== null)
      if (kept.length === 1) this.apply(p, kept[0]!.c, kept[0]!.result)
    }
  }

  /**
   * A state code that is not a known one (issuing state, nationality): the known code that the fewest look-alike
   * changes reach (STATE_LOOK_ALIKES), when exactly one does ("IPN" → JPN); otherwise the read is kept and marked not
   * valid (no check digit covers these codes, so an unknown one is the only sign of a misread).
   */
  stateCodes(): void {
    for (const field of ['issuingState', 'nationality'] as FieldName[]) {
      const d = this.result.details.find((x) => x.field === field)
      if (!d) continue
      const r = d.ranges[0]!
      const code = this.lines[r.line]!.slice(r.start, r.end)
      if (knownState(code)) continue
      let variants = [{ text: '', changes: 0 }]
      for (const c of code)
        variants = variants.flatMap((v) => [
          { text: v.text + c, changes: v.changes },
          ...stateLookAlikesOf(c).map((x) => ({ text: v.text + x, changes: v.changes + 1 })),
        ])
      const known = variants.filter((v) => knownState(v.text))
      const fewest = Math.min(...known.map((v) => v.changes))
      const best = known.filter((v) => v.changes === fewest)
      const result = best.length === 1 ? this.trialLines(withText(this.lines, r, best[0]!.text)) : null
      if (result) {
        this.lines = withText(this.lines, r, best[0]!.text)
        this.result = result
      } else this.unknownState = true
    }
  }

  /**
   * Whether a check's further ranges hold data: a TD1 number continued in the optional data (mrz lists that range
   * even when it holds only filler), which cannot be lined up with a printed value character by character.
   */
  private continued(ranges: Details['ranges']): boolean {
    return ranges.some((r) => /[^<]/.test(this.lines[r.line]!.slice(r.start, r.end)))
  }

  /**
   * A failing check whose field the card also prints: the printed read wins when it differs from the MRZ read only by
   * look-alikes, position by position, and passes the check digit, and no other printed read does. A check digit
   * read as a letter is itself a misread (its digit was a guess): the printed value's own check digit is then taken,
   * but only when the composite check digit, which covers both, passes with it.
   */
  crossRead(check: FieldName, key: 'number' | 'birth' | 'expire_date'): void {
    const printed = this.printed[key]
    const detail = checkDetails(this.result, this.visa).find((d) => d.field === check)
    if (!printed?.length || !detail || detail.valid) return
    const [own, data, ...more] = detail.ranges
    if (!own || !data || this.continued(more) || own.end - own.start !== 1) return
    const current = this.lines[data.line]!.slice(data.start, data.end)
    const raw = this.read[data.line]!.slice(data.start, data.end)
    const alike = (c: string, i: number) =>
      c === current[i] ||
      c === raw[i] ||
      lookAlikesOf(raw[i]!).includes(c) ||
      lookAlikesOf(current[i]!).includes(c)
    const ownRange = { line: own.line, start: own.start, end: own.end }
    const found = new Map<string, { lines: string[]; result: ParseResult }>()
    for (const form of new Set(printed.flatMap((p) => mrzForms(p, key, data.end - data.start)))) {
      if (form === current || ![...form].every(alike)) continue
      const lines = withText(this.lines, data, form)
      const result = this.trialLines(lines)
      if (result && this.passes(result, check)) {
        found.set(form, { lines, result })
        continue
      }
      if (isDigit(this.read[own.line]![own.start]!) || this.visa) continue
      for (const digit of '0123456789') {
        const withDigit = withText(lines, ownRange, digit)
        const r = this.trialLines(withDigit)
        if (r && this.passes(r, check) && this.passes(r, COMPOSITE))
          found.set(form, { lines: withDigit, result: r })
      }
    }
    if (found.size !== 1) return
    const [only] = found.values()
    this.lines = only!.lines
    this.result = only!.result
  }

  /**
   * A failing document number whose printed value is in the line one place off: a character read twice (or a stray
   * mark read as one) before or in the number, and one of the number's characters dropped, or the other way round —
   * "IDJIPNEX12685W8" for IDJPNEX12685LW8: the characters between the two slips are shifted by one, so the state code
   * is unknown or the number fails its check digit (that read passes it, and the composite, by chance: one read in a
   * hundred would). Tried: every deletion of one character of the line with one insertion inside the
   * number, the inserted character taken from the printed value (never guessed). Taken only when the result's number
   * is the printed value (look-alikes apart), its check digit and the composite pass, its state codes are known, no
   * check that passed fails, and exactly one such line exists.
   */
  shiftedNumber(): void {
    const printed = this.printed.number
    const detail = checkDetails(this.result, this.visa).find((d) => d.field === 'documentNumberCheckDigit')
    if (!printed?.length || !detail || (detail.valid && !this.unknownState)) return
    const [own, data, ...more] = detail.ranges
    if (!own || !data || this.continued(more)) return
    const line = this.lines[data.line]!
    const states = this.result.details
      .filter((d) => d.field === 'issuingState' || d.field === 'nationality')
      .map((d) => d.ranges[0]!)
    const found = new Map<string, { lines: string[]; result: ParseResult }>()
    const tried = new Set<string>()
    for (const form of new Set(printed.flatMap((p) => mrzForms(p, 'number', data.end - data.start)))) {
      for (let del = 0; del < line.length; del++) {
        const rest = line.slice(0, del) + line.slice(del + 1)
        for (let at = data.start; at < data.end; at++) {
          const candidate = rest.slice(0, at) + form[at - data.start]! + rest.slice(at)
          if (candidate === line || tried.has(candidate + form)) continue
          tried.add(candidate + form)
          const number = candidate.slice(data.start, data.end)
          if (![...form].every((c, i) => c === number[i] || lookAlikesOf(number[i]!).includes(c))) continue
          const lines = withText(
            withText(this.lines, { line: data.line, start: 0, end: line.length }, candidate),
            data,
            form,
          )
          if (!states.every((r) => knownState(lines[r.line]!.slice(r.start, r.end)))) continue
          const result = this.trialLines(lines)
          if (!result || !this.passes(result, 'documentNumberCheckDigit')) continue
          if (!this.visa && !this.passes(result, COMPOSITE)) continue
          found.set(lines.join('\n'), { lines, result })
        }
      }
    }
    if (found.size !== 1) return
    const [only] = found.values()
    this.lines = only!.lines
    this.result = only!.result
    this.unknownState = false
  }

  /**
   * The names, which no check digit covers: a surname or given names printed on the card (read separately, in larger
   * type) that differ from the MRZ's only by look-alikes, position by position ("QVELINA" in the MRZ, OVELINA printed:
   * Q/O), replace the MRZ's; several printed reads that disagree change nothing. The reviewer is told: the engine
   * scores a repaired name at most 50.
   */
  names(): void {
    for (const [field, key] of [
      ['lastName', 'name'],
      ['firstName', 'given_name'],
    ] as const) {
      const d = this.result.details.find((x) => x.field === field)
      const printed = this.printed[key]
      if (!d || !printed?.length || d.end <= d.start) continue
      const current = this.lines[d.line]!.slice(d.start, d.end)
      const twins = new Set<string>()
      for (const p of printed) {
        const form = p
          .normalize('NFD')
          .toUpperCase()
          .replace(/[^A-Z0-9\s'-]/g, '')
          .trim()
          .replace(/[\s-]+/g, '<')
          .replace(/'/g, '')
        if (form === current || form.length !== current.length || /[0-9]/.test(form)) continue
        if ([...form].every((c, i) => c === current[i] || stateLookAlikesOf(current[i]!).includes(c)))
          twins.add(form)
      }
      if (twins.size !== 1) continue
      const [form] = twins
      const lines = withText(this.lines, { line: d.line, start: d.start, end: d.end }, form!)
      const result = this.trialLines(lines)
      if (!result) continue
      this.lines = lines
      this.result = result
    }
  }

  /** A failing check, repaired by the only single look-alike change that makes it pass. */
  checkDigit(field: FieldName): void {
    const detail = checkDetails(this.result, this.visa).find((d) => d.field === field)
    if (!detail || detail.valid) return
    const seen = new Set<string>()
    const passing: { p: Pos; c: string; result: ParseResult }[] = []
    for (const { pos, weight } of checkPositions(detail)) {
      if (seen.has(key(pos))) continue
      seen.add(key(pos))
      const kind = this.kinds.get(key(pos)) ?? 'other'
      if (kind === 'other') continue
      const from = this.at(pos)
      for (const to of lookAlikesOf(from)) {
        if (kind === 'digit' && !isDigit(to)) continue
        // Such a change cannot flip the check (nor could it be told from the read): not even worth a parse.
        if (invisibleChange(from, to, weight)) continue
        const result = this.trial(pos, to)
        if (result && this.passes(result, field)) passing.push({ p: pos, c: to, result })
      }
    }
    if (passing.length !== 1) return
    const { p, c, result } = passing[0]!
    if (this.inRun(p, detail) || this.guessedDigit(p, detail)) return
    this.apply(p, c, result)
  }

  /**
   * Whether the check's own digit was read as a letter (its digit is the field-type repair's guess: L is read for 4
   * as well as for 1) while the change is elsewhere: two suspect characters, and a change that passes against a
   * guessed digit passes by chance.
   */
  private guessedDigit(p: Pos, detail: Details): boolean {
    const own = detail.ranges[0]!
    const raw = this.read[own.line]![own.start]!
    return isLetter(raw) && !(p.line === own.line && p.col === own.start)
  }

  /**
   * Whether the character at `p` has a neighbour in its check's range that is the same look-alike glyph read the
   * same way ("OOOOO", "0D", "11"). Such a run is read as a whole (the fixture's "00000" came back "OOOOO", and
   * runs of one glyph are where characters merge), so a misread there is rarely alone: more than one character is
   * suspect, and a single change that passes the check digit then passes by chance (one change in ten would). A
   * lone look-alike ("AB1Z34567", "UAO5853AR") is the one suspect of its field and may be repaired.
   */
  private inRun(p: Pos, detail: Details): boolean {
    const c = this.at(p)
    const range = detail.ranges.find((r) => r.line === p.line && r.start <= p.col && p.col < r.end)!
    return [p.col - 1, p.col + 1].some((col) => {
      if (col < range.start || col >= range.end) return false
      const n = this.at({ line: p.line, col })
      return (
        (n === c || lookAlikesOf(n).some((x) => lookAlikesOf(c).includes(x))) && isDigit(n) === isDigit(c)
      )
    })
  }

  run(): void {
    this.digitPositions()
    this.stateCodes()
    // A second read of the value beats a guess: the printed values first, then single changes for what still fails.
    for (const { check, key } of CROSS_READS) this.crossRead(check, key)
    this.shiftedNumber()
    this.names()
    for (const field of CHECKS) this.checkDigit(field)
    const others = checkDetails(this.result, this.visa).filter((d) => d.field !== COMPOSITE)
    if (others.every((d) => d.valid)) this.checkDigit(COMPOSITE)
  }
}

/**
 * The names field, which no check digit covers: digits become their commonest letter (names hold no digits), and
 * the filler is made explicit. Name parts are joined by one '<' and surname and given names by two, so the first run
 * of three or more '<' after a name starts the filler, which holds nothing else: characters the recogniser makes of
 * a '<' there (FILLER_LOOK_ALIKES, e.g. "AROHA<<<<LLLLLLS") become '<'; any other letter after it means the field was
 * misread ("SMITH<<<JOHN" with a '<' too many) and the read is not valid.
 */
function repairNames(lines: string[], format: MrzFormat): { lines: string[]; clean: boolean } {
  const { line, start, end } = NAMES[format]
  const l = lines[line]!
  let field = ''
  for (let col = start; col < end; col++) {
    const c = l[col]!
    field += (isDigit(c) ? LOOK_ALIKES[c]?.[0] : undefined) ?? c
  }
  const filler = /[^<]<{3,}/.exec(field)
  let clean = true
  if (filler) {
    const from = filler.index + filler[0].length
    const tail = field.slice(from)
    if ([...tail].every((c) => c === '<' || FILLER_LOOK_ALIKES.includes(c)))
      field = field.slice(0, from) + '<'.repeat(tail.length)
    else clean = false
  }
  return { lines: withText(lines, { line, start, end }, field), clean }
}

/** `lines` with the characters of `span` replaced by `text` (of the same length). */
function withText(lines: string[], span: MrzSpan, text: string): string[] {
  const out = [...lines]
  const l = out[span.line]!
  out[span.line] = l.slice(0, span.start) + text + l.slice(span.end)
  return out
}

/** Every position where `lines` differ from `read`, as a repair. */
function diffRepairs(read: string[], lines: string[]): MrzRepair[] {
  const repairs: MrzRepair[] = []
  read.forEach((r, line) => {
    for (let col = 0; col < r.length; col++)
      if (r[col] !== lines[line]![col])
        repairs.push({ line: line + 1, position: col + 1, from: r[col]!, to: lines[line]![col]! })
  })
  return repairs
}

// ---- values ------------------------------------------------------------------------------------------------

function isoDate(raw: string, kind: 'birth' | 'expiry', now: Date): string {
  if (!/^[0-9]{6}$/.test(raw)) return raw
  const yy = Number(raw.slice(0, 2))
  const mm = Number(raw.slice(2, 4))
  const dd = Number(raw.slice(4, 6))
  const today = now.toISOString().slice(0, 10)
  const iso = (y: number) => `${y}-${raw.slice(2, 4)}-${raw.slice(4, 6)}`
  let year = 2000 + yy
  // A birth date in the future is last century's; an expiry more than 30 years ahead is one from the last century.
  if (kind === 'birth' && iso(year) > today) year -= 100
  if (kind === 'expiry' && year > now.getUTCFullYear() + 30) year -= 100
  const d = new Date(Date.UTC(year, mm - 1, dd))
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== mm - 1 || d.getUTCDate() !== dd) return raw
  return iso(year)
}

function kindOfDocument(code: string): { idType: IdType; documentType: string } {
  if (code.startsWith('P')) return { idType: 'passport', documentType: 'passport' }
  if (code.startsWith('V')) return { idType: 'visa', documentType: 'visa' }
  // Residence permits in the ID-card formats: 'IR' (e.g. Japan's residence card), 'AR', and 'RP'.
  if (/^(?:IR|AR|RP)/.test(code)) return { idType: 'residence_permit', documentType: 'residence_permit' }
  return { idType: 'government_id', documentType: 'id_card' }
}

function fieldsOf(result: ParseResult, lines: string[], now: Date): MrzRead['fields'] {
  const fields: MrzRead['fields'] = {}
  const detail = (f: FieldName) => result.details.find((d) => d.field === f)
  const raw = (d: Details) => lines[d.ranges[0]!.line]!.slice(d.ranges[0]!.start, d.ranges[0]!.end)
  const whole = (d: Details): MrzSpan => ({
    line: d.ranges[0]!.line,
    start: d.ranges[0]!.start,
    end: d.ranges[0]!.end,
  })
  const own = (d: Details): MrzSpan => ({ line: d.line, start: d.start, end: d.end })

  const number = detail('documentNumber')
  if (number) {
    const value = (number.value ?? raw(number)).replace(/[<\s]/g, '')
    if (value) fields.number = { value, span: own(number) }
  }

  const last = detail('lastName')
  const first = detail('firstName')
  const names = last ? raw(last) : ''
  const surname = last?.value?.trim() ?? ''
  // Without '<<' the field holds no given names (mrz would repeat the whole field as the first name).
  const given = names.includes('<<') ? (first?.value?.trim() ?? '') : ''
  if (surname || given) {
    fields.name = { value: [surname, given].filter(Boolean).join(' '), span: own(surname ? last! : first!) }
  }
  if (given) fields.given_name = { value: given, span: own(first!) }

  const birth = detail('birthDate')
  if (birth) fields.birth = { value: isoDate(raw(birth), 'birth', now), span: whole(birth) }
  const expiry = detail('expirationDate')
  if (expiry) fields.expire_date = { value: isoDate(raw(expiry), 'expiry', now), span: whole(expiry) }

  const sex = detail('sex')
  if (sex) {
    const c = raw(sex)
    fields.gender = { value: c === '<' ? 'X' : c, span: whole(sex) }
  }
  const nationality = detail('nationality')
  if (nationality) {
    const code = raw(nationality).replace(/<+$/, '')
    if (code)
      fields.nationality = {
        value: code,
        span: { ...whole(nationality), end: whole(nationality).start + code.length },
      }
  }
  return fields
}

/**
 * Parses, validates and (carefully) repairs; null when the lines are not an MRZ of a known format. Lines are taken as
 * read apart from white space (use mrzLinesFromText for raw OCR text); one character too long or short, they are
 * fitted at their filler.
 */
export function readMrz(lines: string[], options: ReadMrzOptions = {}): MrzRead | null {
  if (!Array.isArray(lines) || !lines.every((l) => typeof l === 'string')) return null
  const trimmed = lines.map((l) => l.replace(/\s+/g, ''))
  if (!trimmed.every((l) => /^[A-Z0-9<]+$/.test(l))) return null
  const format = formatOf(trimmed)
  if (!format) return null
  const fitted = trimmed.map((l) => fitMrzLine(l, FORMATS[format].length))
  if (fitted.some((l) => l === null)) return null
  const read = fitted as string[]
  if (!plausible(format, read)) return null

  const named = repairNames(read, format)
  const first = tryParse(named.lines, format)
  if (!first) return null
  const visa = isVisa(read[0]!)
  const repairer = new Repairer(named.lines, read, format, visa, first, options.printed)
  repairer.run()

  const result = repairer.parsed
  const fixed = repairer.lines
  const code = fixed[0]!.slice(0, 2).replace(/<+$/, '')
  const stateDetail = result.details.find((d) => d.field === 'issuingState')!
  const sr = stateDetail.ranges[0]!
  return {
    format,
    lines: fixed,
    read,
    repairs: diffRepairs(read, fixed),
    valid: checkDetails(result, visa).every((d) => d.valid) && named.clean && !repairer.unknownState,
    fields: fieldsOf(result, fixed, options.now ?? new Date()),
    issuingCountry: fixed[sr.line]!.slice(sr.start, sr.end).replace(/</g, ''),
    ...kindOfDocument(code),
  }
}

/**
 * A read whose check digits fail, repaired again with the values the card also prints (read separately, e.g. the
 * number on a TD1 card's front while its MRZ is on the back): see ReadMrzOptions.printed. Without candidates `mrz`
 * comes back as it is; `read` stays the MRZ as read, and every change is in `repairs`.
 */
export function crossRead(
  mrz: MrzRead,
  printed: PrintedCandidates,
  options: Omit<ReadMrzOptions, 'printed'> = {},
): MrzRead {
  // A valid read is read again too: a check that failed as read may have passed after a single change by chance,
  // and a printed value is a better second read than that guess (fields that pass as read are never touched).
  if (!Object.values(printed).some((v) => v && v.length > 0)) return mrz
  return readMrz(mrz.read, { ...options, printed }) ?? mrz
}
