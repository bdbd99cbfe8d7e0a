// Names as an examiner compares them with the MRZ (ICAO Doc 9303 Part 3, section 6): the MRZ holds A–Z and the
// filler only, so the printed name is transliterated first. Where 9303 allows two spellings (Ä as AE or A, Ñ as N
// or NXX) either is accepted; other diacritics are dropped; hyphens, commas and spaces become fillers, apostrophes
// are dropped or become a filler (issuers do both). A name the MRZ could not hold in full is truncated at the end of
// the name field, so when the field is full the MRZ may be a prefix of the printed name.

/** ICAO 9303 transliterations with more than "drop the accent" (upper case; ß is SS after toUpperCase). */
const ICAO: Record<string, readonly string[]> = {
  Ä: ['AE', 'A'],
  Ö: ['OE', 'O'],
  Ü: ['UE', 'U'],
  Å: ['AA', 'A'],
  Æ: ['AE'],
  Ø: ['OE'],
  Ñ: ['N', 'NXX'],
  Þ: ['TH'],
  Ð: ['D'],
  Đ: ['D'],
  Œ: ['OE'],
  Ĳ: ['IJ'],
  Ł: ['L'],
  Ħ: ['H'],
  İ: ['I'],
  ẞ: ['SS'],
}
const APOSTROPHES = new Set(["'", '’', 'ʼ', '‘', '`', '´'])
/** Past this many spellings only the first of each ambiguous character is tried (a name has few such letters). */
const MAX_VARIANTS = 64

/** The spellings of one printed character in the MRZ alphabet (' ' = filler); null when it has none (CJK…). */
function spellings(c: string): readonly string[] | null {
  if (/[A-Z0-9]/.test(c)) return [c]
  const icao = ICAO[c]
  if (icao) return icao
  if (APOSTROPHES.has(c)) return ['', ' ']
  if (/[\s\-‐‑–—,.<_/]/.test(c)) return [' ']
  const stripped = c.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
  if (/^[A-Z]+$/.test(stripped)) return [stripped]
  return null
}

const tidy = (s: string): string => s.replace(/\s+/g, ' ').trim()

/**
 * Every way the printed name can be written in the MRZ alphabet: upper case A–Z and digits, words separated by
 * single spaces. Null when a character has no Latin transliteration here (Cyrillic, Greek, CJK): the MRZ cannot be
 * compared with such a name by rule.
 */
export function mrzSpellings(printed: string): string[] | null {
  let variants = ['']
  for (const c of printed.toUpperCase()) {
    const options = spellings(c)
    if (!options) return null
    if (options.length === 1 || variants.length * options.length > MAX_VARIANTS) {
      const only = options[0]!
      variants = variants.map((v) => v + only)
    } else {
      variants = variants.flatMap((v) => options.map((o) => v + o))
    }
  }
  return [...new Set(variants.map(tidy))]
}

/** An MRZ name part (fillers as '<') as words separated by single spaces: "ANNA<MARIA<<<" → "ANNA MARIA". */
export function mrzWords(raw: string): string {
  return tidy(raw.replace(/</g, ' '))
}

/** True when some spelling of the printed name is `target`, or starts with it when the MRZ may be truncated. */
export function spellsAs(printed: string, target: string, truncated: boolean): boolean {
  const variants = mrzSpellings(printed)
  if (!variants || target === '') return false
  return variants.some((v) => v === target || (truncated && v.startsWith(target)))
}

/** A name as the MRZ or the barcode gives it: surname and given names, words separated by single spaces. */
export type NameParts = { surname: string; given: string; truncated: boolean }

export type NameRole = 'name' | 'surname' | 'given'

/** How the second source's name would read in a field of this role, best guess first (for messages and fixes). */
export function renderings(role: NameRole, ref: NameParts): string[] {
  if (role === 'surname') return [ref.surname]
  if (role === 'given') return [ref.given]
  if (!ref.given) return [ref.surname]
  return [`${ref.surname} ${ref.given}`, `${ref.given} ${ref.surname}`, ref.surname]
}

/**
 * Whether a printed name agrees with the reference. `name` accepts the whole name surname first or given names
 * first, or the surname alone; the given names keep their order. With a truncated reference only its last part
 * (given names, or the surname when there are none) may be cut short.
 */
export function nameAgrees(role: NameRole, printed: string, ref: NameParts): boolean {
  const { surname, given, truncated } = ref
  if (role === 'surname') return spellsAs(printed, surname, truncated && !given)
  if (role === 'given') {
    // A full field with no given names at all: the surname took the whole field and the given names were cut.
    if (!given) return truncated
    return spellsAs(printed, given, truncated)
  }
  if (spellsAs(printed, surname, truncated && !given)) return true
  if (!given) return false
  if (spellsAs(printed, `${surname} ${given}`, truncated)) return true
  // Given names first: the surname is whole at the end, the given names (first) may be the truncated part.
  if (!truncated) return spellsAs(printed, `${given} ${surname}`, false)
  const words = printed.trim().split(/\s+/)
  for (let k = 1; k < words.length; k++) {
    const first = words.slice(0, k).join(' ')
    const last = words.slice(k).join(' ')
    if (spellsAs(last, surname, false) && spellsAs(first, given, true)) return true
  }
  return false
}
