// Reading the MRZ with the `mrz` library (ICAO 9303 TD1, TD2, TD3). The library has no visa formats: an MRV-A
// (2×44, code V) is read by the TD3 parser and an MRV-B (2×36) by the TD2 parser with the document code adapted
// for the parser only; visas have no composite check digit and no personal-number check digit (their optional
// data runs to the end of line 2), so the parser's verdicts on those positions are ignored. A TD3-sized document
// with another code (I, A, C) is read the same way. The library's own verdicts on codes are not used where ICAO
// allows more than it knows: unknown state codes (UTO, the specimen state), sex X. The library also reads the
// French national ID card of 1988–2021 (2×36, "IDFRA…"), which has its own layout; it is kept as such.
import { parse, type Details } from 'mrz'
import { mrzCandidates, type MrzLines } from './mrz-source'
import { mrzWords } from './transliterate'
import type { CheckInput } from './types'

export type MrzFormat = 'TD1' | 'TD2' | 'TD3' | 'MRV-A' | 'MRV-B' | 'FRA-ID'

export const FORMAT_LABEL: Record<MrzFormat, string> = {
  TD1: 'TD1 (ID card), 3 lines of 30',
  TD2: 'TD2 (ID card), 2 lines of 36',
  TD3: 'TD3 (passport), 2 lines of 44',
  'MRV-A': 'MRV-A (visa), 2 lines of 44',
  'MRV-B': 'MRV-B (visa), 2 lines of 36',
  'FRA-ID': 'French national ID card (1988–2021), 2 lines of 36',
}

export type MrzDigitId = 'number' | 'birth' | 'expiry' | 'optional' | 'composite'

export type MrzDigit = {
  id: MrzDigitId
  /** The check digit as read, and as computed from the characters it protects. */
  read: string
  computed: string
  valid: boolean
  /** The lines (0-based) it and its characters are on. */
  lines: number[]
  /** The characters it protects, for the message. */
  covers: string
}

/** One element of the MRZ as written (fillers kept; '' when the format has none) and its line (0-based). */
export type MrzText = { raw: string; line: number }

/** The name as the MRZ holds it, words separated by single spaces. */
export type MrzName = MrzText & {
  surname: string
  given: string
  /** The name field is full, so the issuer may have cut the name short (9303 Part 4, 4.6). */
  truncated: boolean
}

export type ParsedMrz = MrzLines & {
  format: MrzFormat
  /** The document code as written, fillers removed ('P', 'IR', 'V'). */
  documentCode: string
  issuingState: MrzText
  /** The document number as the library assembles it (long numbers continue in the optional data); null = unreadable. */
  number: MrzText & { value: string | null }
  birth: MrzText
  expiry: MrzText
  sex: MrzText
  nationality: MrzText
  /** raw: the whole name field as written ("ERIKSSON<<ANNA<MARIA<<<…"). */
  name: MrzName
  digits: MrzDigit[]
}

export type MrzReading =
  | { kind: 'none' }
  | { kind: 'invalid'; source: MrzLines; problem: string }
  | { kind: 'parsed'; mrz: ParsedMrz }

const CODES = 'PVIAC'

/** ICAO 9303 check digit: weights 7, 3, 1; digits as themselves, A–Z as 10–35, the filler as 0. */
export function checkDigit(s: string): string {
  let sum = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : 0
    sum += v * [7, 3, 1][i % 3]!
  }
  return String(sum % 10)
}

/** What is wrong with the lines' shape, or the format they have. */
function shape(lines: string[]): { format: MrzFormat } | { problem: string } {
  if (lines.length < 2 || lines.length > 3) {
    return {
      problem: `The MRZ has ${lines.length} line${lines.length === 1 ? '' : 's'}; an MRZ has 2 lines (TD2, TD3, visas) or 3 (TD1).`,
    }
  }
  const visa = lines[0]!.startsWith('V')
  let format: MrzFormat
  let length: number
  if (lines.length === 3) [format, length] = ['TD1', 30]
  else {
    const longest = Math.max(...lines.map((l) => l.length))
    if (longest <= 31) {
      return { problem: `Only 2 lines of ${longest} characters: a ${FORMAT_LABEL.TD1} has 3 lines of 30.` }
    }
    length = Math.abs(longest - 36) < Math.abs(longest - 44) ? 36 : 44
    format = length === 36 ? (visa ? 'MRV-B' : 'TD2') : visa ? 'MRV-A' : 'TD3'
  }
  for (const [i, line] of lines.entries()) {
    if (line.length !== length) {
      return { problem: `Line ${i + 1} has ${line.length} characters; a ${FORMAT_LABEL[format]}.` }
    }
    const bad = /[^A-Z0-9<]/.exec(line)
    if (bad) {
      return {
        problem: `Line ${i + 1} has “${bad[0]}” at position ${bad.index + 1}; an MRZ holds only A–Z, 0–9 and <.`,
      }
    }
  }
  if (!CODES.includes(lines[0]![0]!)) {
    return {
      problem: `The document code “${lines[0]!.slice(0, 2)}” on line 1 is not one ICAO 9303 defines (P, V, I, A or C).`,
    }
  }
  return { format }
}

const DIGIT_OF: Partial<Record<string, MrzDigitId>> = {
  documentNumberCheckDigit: 'number',
  birthDateCheckDigit: 'birth',
  expirationDateCheckDigit: 'expiry',
  personalNumberCheckDigit: 'optional',
  compositeCheckDigit: 'composite',
}

function digitOf(id: MrzDigitId, d: Details): MrzDigit {
  const [own, ...covered] = d.ranges as (Details['ranges'][number] & { raw: string })[]
  let covers = covered.map((r) => r.raw).join('')
  let read = own!.raw
  if (id === 'number' && read === '<' && covered.length === 2) {
    // A document number longer than 9: it continues in the optional data, whose last character before the first
    // filler is the check digit (9303 Part 5, 4.2.4). The library reports that digit as the value.
    const optional = covered[1]!.raw
    const end = optional.indexOf('<') - 1
    read = d.value ?? optional.charAt(end)
    covers = `${covered[0]!.raw}<${optional.slice(0, Math.max(end, 0))}`
  }
  const lines = [...new Set(d.ranges.map((r) => r.line))]
  const emptyPersonal = id === 'optional' && covers.replace(/</g, '') === ''
  // An empty personal number may carry 0 or the filler as its check digit (9303 Part 4, 4.2.2.1).
  const computed = d.valid ? read : emptyPersonal && read === '<' ? '<' : checkDigit(covers)
  return { id, read, computed, valid: d.valid, lines, covers }
}

function parseLines(source: MrzLines, format: MrzFormat): ParsedMrz | string {
  const lines = source.lines
  const code = lines[0]!.slice(0, 2)
  // The parser for the format is chosen by line length; give it the code it accepts.
  const parserCode =
    format === 'TD3' || format === 'MRV-A' ? 'P' : CODES.slice(2).includes(code[0]!) ? code[0] : 'I'
  const forParser = [parserCode + lines[0]!.slice(1), ...lines.slice(1)]
  let result: ReturnType<typeof parse>
  try {
    result = parse(forParser)
  } catch (err) {
    return `The MRZ could not be read: ${err instanceof Error ? err.message : String(err)}.`
  }
  const visa = format === 'MRV-A' || format === 'MRV-B'
  const byField = new Map<string, Details>()
  const digits: MrzDigit[] = []
  for (const d of result.details) {
    if (!d.field) continue
    byField.set(d.field, d)
    const id = DIGIT_OF[d.field]
    if (!id || (visa && (id === 'optional' || id === 'composite'))) continue
    digits.push(digitOf(id, d))
  }
  const text = (field: string): MrzText => {
    const d = byField.get(field)
    const r = d?.ranges[0] as { raw?: string; line: number } | undefined
    return { raw: r?.raw ?? '', line: r?.line ?? 0 }
  }
  const numberDetail = byField.get('documentNumber')
  const french = result.format === 'FRENCH_NATIONAL_ID'
  return {
    ...source,
    format: french ? 'FRA-ID' : format,
    documentCode: code.replace(/</g, ''),
    issuingState: text('issuingState'),
    // The French card's number as printed is the library's composite of issue date, office and number.
    number: {
      ...text('documentNumber'),
      value: french ? result.documentNumber : numberDetail?.valid ? numberDetail.value : null,
    },
    birth: text('birthDate'),
    expiry: text('expirationDate'),
    sex: text('sex'),
    nationality: text('nationality'),
    name: french ? frenchName(text('lastName'), text('firstName')) : nameOf(text('lastName')),
    digits,
  }
}

/** TD1, TD2, TD3 and visas: one field, surname first, "<<" before the given names. */
function nameOf(field: MrzText): MrzName {
  const cut = field.raw.indexOf('<<')
  return {
    ...field,
    surname: mrzWords(cut < 0 ? field.raw : field.raw.slice(0, cut)),
    given: cut < 0 ? '' : mrzWords(field.raw.slice(cut + 2)),
    truncated: field.raw !== '' && !field.raw.endsWith('<'),
  }
}

/** The French card: the surname on line 1, the given names (separated by "<<") on line 2. */
function frenchName(surname: MrzText, given: MrzText): MrzName {
  return {
    raw: `${surname.raw.replace(/<+$/, '')}<<${given.raw}`,
    line: surname.line,
    surname: mrzWords(surname.raw),
    given: mrzWords(given.raw),
    truncated: given.raw !== '' && !given.raw.endsWith('<'),
  }
}

/** The case's MRZ: none, present but unreadable (and why), or parsed. */
export function readMrz(input: Pick<CheckInput, 'fields' | 'ocr'>): MrzReading {
  for (const tier of mrzCandidates(input)) {
    if (tier.length === 0) continue
    let firstProblem: { source: MrzLines; problem: string } | null = null
    for (const source of tier) {
      const s = shape(source.lines)
      const parsed = 'format' in s ? parseLines(source, s.format) : s.problem
      if (typeof parsed !== 'string') return { kind: 'parsed', mrz: parsed }
      firstProblem ??= { source, problem: parsed }
    }
    return { kind: 'invalid', ...firstProblem! }
  }
  return { kind: 'none' }
}
