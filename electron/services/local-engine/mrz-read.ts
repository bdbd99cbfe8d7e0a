// The local engine's MRZ reader (issue 15): finds the MRZ lines in OCR'd text, parses them with the `mrz` package
// (formats, field ranges and check digits are its work), repairs look-alike characters with care, and turns the
// result into the values and spans the engine reports. Pure: no OCR, no images.
//
// Repairs (every one is reported; `read` keeps the unrepaired lines):
// - Field type. A letter in a digits-only position (dates, check digits) is impossible: it becomes its digit
//   look-alike when it has exactly one (O/D/Q→0, I/L→1, Z→2, G→6, B→8); a letter with two (S: 5 or 8) becomes
//   the one that keeps its check passing, or the one the check-digit repair finds. A digit in the names field becomes its
//   commonest letter reading (0→O, 1→I, 2→Z, 5→S, 6→G, 8→B): names hold no digits and no check digit covers them.
//   A digit in a state code becomes a letter look-alike only when exactly one such change gives a known ICAO code.
// - Check digits. Only a check that FAILS is repaired, by a single look-alike change in its range that makes it pass,
//   and only when exactly one such change exists (two or more: ambiguous, nothing changes). A change the 7-3-1
//   weighting cannot see ((v1 − v2) · w ≡ 0 mod 10: L/1, G/6, S/8) is never made on a check digit's say-so.
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
  /** Every check digit (incl. composite) passes on `lines`. */
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
}

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
const TRAILING_LOOKALIKES = /[<«KCEScesnk]*$/

/**
 * One OCR'd line, cleaned: characters outside the MRZ alphabet dropped (stray `|`, `~`, spaces), filler runs made
 * of '<', the rest upper-cased. '<' comes out of a plain read as `c`, `e`, `s`, `n`, `k`, `«` and, in the trailing
 * filler, as capital K, C, E or S. The trailing filler starts at the first '<' (or '«') followed by another
 * filler-like character, so a name that ends in S or E ("JONES<<<", "JOHN<S<<<") keeps its letters. Inside the
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
  readonly repairs: MrzRepair[] = []
  private result: ParseResult
  private readonly kinds = new Map<string, Kind>()

  constructor(
    lines: string[],
    private readonly format: MrzFormat,
    private readonly visa: boolean,
    result: ParseResult,
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

  private with(p: Pos, c: string): string[] {
    const out = [...this.lines]
    const l = out[p.line]!
    out[p.line] = l.slice(0, p.col) + c + l.slice(p.col + 1)
    return out
  }

  private checks(result: ParseResult): Map<string, boolean> {
    return new Map(checkDetails(result, this.visa).map((d) => [d.field!, d.valid]))
  }

  /** The parse of the lines with `p` changed to `c`, or null when that breaks a check that passes now. */
  private trial(p: Pos, c: string): ParseResult | null {
    const result = tryParse(this.with(p, c), this.format)
    if (!result) return null
    const before = this.checks(this.result)
    const after = this.checks(result)
    for (const [field, passed] of before) if (passed && !after.get(field)) return null
    return result
  }

  private apply(p: Pos, c: string, result: ParseResult): void {
    this.repairs.push({ line: p.line + 1, position: p.col + 1, from: this.at(p), to: c })
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

  /** A digit in a state code: a letter look-alike when exactly one gives a known code. */
  stateCodes(): void {
    for (const field of ['issuingState', 'nationality'] as FieldName[]) {
      const d = this.result.details.find((x) => x.field === field)
      if (!d) continue
      const r = d.ranges[0]!
      const code = this.lines[r.line]!.slice(r.start, r.end)
      if (!/[0-9]/.test(code) || states[code.replace(/<+$/, '')]) continue
      let variants = ['']
      for (const c of code)
        variants = variants.flatMap((v) => (isDigit(c) ? lookAlikesOf(c) : [c]).map((x) => v + x))
      const known = variants.filter((v) => states[v.replace(/<+$/, '')])
      if (known.length !== 1) continue
      for (let i = 0; i < code.length; i++) {
        if (code[i] === known[0]![i]) continue
        const p = { line: r.line, col: r.start + i }
        const result = this.trial(p, known[0]![i]!)
        if (result) this.apply(p, known[0]![i]!, result)
      }
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
    if (passing.length === 1) this.apply(passing[0]!.p, passing[0]!.c, passing[0]!.result)
  }

  run(): void {
    this.digitPositions()
    this.stateCodes()
    for (const field of CHECKS) this.checkDigit(field)
    const others = checkDetails(this.result, this.visa).filter((d) => d.field !== COMPOSITE)
    if (others.every((d) => d.valid)) this.checkDigit(COMPOSITE)
  }
}

/** Digits in the names field become their commonest letter (names hold no digits). */
function repairNames(lines: string[], format: MrzFormat, repairs: MrzRepair[]): string[] {
  const { line, start, end } = NAMES[format]
  const l = lines[line]!
  let out = l.slice(0, start)
  for (let col = start; col < end; col++) {
    const c = l[col]!
    const to = isDigit(c) ? LOOK_ALIKES[c]?.[0] : undefined
    if (to) repairs.push({ line: line + 1, position: col + 1, from: c, to })
    out += to ?? c
  }
  const fixed = [...lines]
  fixed[line] = out + l.slice(end)
  return fixed
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

  const repairs: MrzRepair[] = []
  const named = repairNames(read, format, repairs)
  const first = tryParse(named, format)
  if (!first) return null
  const visa = isVisa(read[0]!)
  const repairer = new Repairer(named, format, visa, first)
  repairer.run()
  repairs.push(...repairer.repairs)
  repairs.sort((a, b) => a.line - b.line || a.position - b.position)

  const result = repairer.parsed
  const fixed = repairer.lines
  const code = fixed[0]!.slice(0, 2).replace(/<+$/, '')
  const stateDetail = result.details.find((d) => d.field === 'issuingState')!
  const sr = stateDetail.ranges[0]!
  return {
    format,
    lines: fixed,
    read,
    repairs,
    valid: checkDetails(result, visa).every((d) => d.valid),
    fields: fieldsOf(result, fixed, options.now ?? new Date()),
    issuingCountry: fixed[sr.line]!.slice(sr.start, sr.end).replace(/</g, ''),
    ...kindOfDocument(code),
  }
}
