// Look-alike characters: the pairs OCR confuses on printed documents (O/0, I/1, l/1, I/l, S/5, B/8, Z/2, G/6, 3/8).
// When a printed value differs from a trusted second source (the MRZ, whose field check digit passed, or the
// barcode) in look-alike characters only, the second source's characters are what the document says, and the fix
// is the printed value with just those characters replaced: the printed value's own formatting (spaces, dashes,
// case, separators) is kept. Any other difference is not something to repair by rule.

const PAIRS = ['O0', 'I1', 'l1', 'Il', 'S5', 'B8', 'Z2', 'G6', '38']
const PAIR_SET = new Set(PAIRS.flatMap((p) => [p, `${p[1]}${p[0]}`]))

/** Upper case, except the small l, which is the look-alike (l/1, I/l) and must not become L. */
const canon = (c: string): string => (c === 'l' ? 'l' : c.toUpperCase())

export function isLookAlike(a: string, b: string): boolean {
  return PAIR_SET.has(canon(a) + canon(b))
}

/** Upper case without diacritics: é → E, ñ → N (one character in, one out, or the character itself). */
function base(c: string): string {
  const stripped = c.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
  return stripped.length === 1 ? stripped.toUpperCase() : c.toUpperCase()
}

const same = (printed: string, other: string): boolean =>
  printed === other || base(printed) === other.toUpperCase()

/** The replacement in the case of the printed letters around it ("Ar0ha" → "Aroha", not "ArOha"). */
function inCaseOf(replacement: string, printed: string, at: number): string {
  if (!/[A-Z]/.test(replacement)) return replacement
  for (const dir of [-1, 1]) {
    for (let i = at + dir; i >= 0 && i < printed.length; i += dir) {
      const c = printed[i]!
      if (c.toLowerCase() === c.toUpperCase()) continue
      return c === c.toLowerCase() ? replacement.toLowerCase() : replacement
    }
  }
  return replacement
}

export type LookAlikeFix = {
  /** The printed value with the look-alike characters replaced. */
  value: string
  /** What was replaced, for the message: "0 → O". */
  changes: string[]
}

/**
 * The printed value corrected towards `expected` when the two differ only in look-alike characters, else null.
 * `ignore` marks formatting characters compared on neither side (spaces and dashes in a number). Both sides must
 * have the same number of compared characters: a look-alike fix never inserts or removes one.
 */
export function lookAlikeFix(
  printed: string,
  expected: string,
  ignore: (c: string) => boolean = () => false,
): LookAlikeFix | null {
  const positions: number[] = []
  for (let i = 0; i < printed.length; i++) if (!ignore(printed[i]!)) positions.push(i)
  const target = [...expected].filter((c) => !ignore(c))
  if (positions.length !== target.length || target.length === 0) return null
  const out = [...printed]
  const changes: string[] = []
  for (let k = 0; k < positions.length; k++) {
    const at = positions[k]!
    const p = printed[at]!
    const e = target[k]!
    if (same(p, e)) continue
    if (!isLookAlike(p, e)) return null
    const replacement = inCaseOf(e, printed, at)
    out[at] = replacement
    changes.push(`${p} → ${replacement}`)
  }
  return changes.length ? { value: out.join(''), changes } : null
}

/** Formatting inside document numbers: spaces, dashes, dots, slashes and MRZ fillers. */
export const isNumberFormatting = (c: string): boolean => /[\s\-–.·/<]/.test(c)

/** Separators inside names and addresses: anything that is neither a letter nor a digit. */
export const isSeparator = (c: string): boolean => !/[\p{L}\p{N}]/u.test(c)
