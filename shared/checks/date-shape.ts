// A date written the way a printed value writes it: "2029-03-3l" → "2029-03-31", "31 MAR 2029" → "31 MAR 2029".
// The look-alike fix for a date compares the printed value with the second source's date in the printed value's
// own shape, character by character, so the fix keeps the printed separators, order and widths.
import { monthOfName } from '../dates'

const SEPARATOR = /^[\s\-./,]+$/

type Part = 'Y' | 'M' | 'D'

/** The date (YYYY-MM-DD) in each day/month/year order the printed shape allows; [] when none fits. */
export function dateInShapeOf(printed: string, iso: string): string[] {
  const [y, m, d] = iso.split('-') as [string, string, string]
  const values: Record<Part, string> = { Y: y, M: m, D: d }
  const pieces = printed.match(/[^\s\-./,]+|[\s\-./,]+/g) ?? []
  const chunks = pieces.filter((p) => !SEPARATOR.test(p))
  const out = new Set<string>()

  /** One chunk as `part`: the same width (a look-alike fix never adds or drops a character). */
  const render = (chunk: string, part: Part): string | null => {
    const month = /^[A-Za-z]{3,9}$/.test(chunk) ? monthOfName(chunk) : undefined
    if (month !== undefined) return part === 'M' && month === Number(m) ? chunk : null
    if (part === 'Y' ? chunk.length !== 4 && chunk.length !== 2 : chunk.length > 2) return null
    const v = part === 'Y' && chunk.length === 2 ? y.slice(2) : String(Number(values[part]))
    if (v.length > chunk.length) return null
    return v.padStart(chunk.length, '0')
  }
  const tryOrder = (order: Part[], parts: string[], join: (rendered: string[]) => string) => {
    const rendered = parts.map((c, i) => render(c, order[i]!))
    if (rendered.every((r): r is string => r !== null)) out.add(join(rendered))
  }

  if (chunks.length === 3) {
    const join = (rendered: string[]) => {
      let k = 0
      return pieces.map((p) => (SEPARATOR.test(p) ? p : rendered[k++]!)).join('')
    }
    if (chunks[0]!.length === 4) tryOrder(['Y', 'M', 'D'], chunks, join)
    tryOrder(['D', 'M', 'Y'], chunks, join)
    tryOrder(['M', 'D', 'Y'], chunks, join)
  } else if (chunks.length === 1) {
    const c = chunks[0]!
    const glued = /^(.{1,2}?)([A-Za-z]{3,9})(.{4}|.{2})$/.exec(c)
    if (glued && monthOfName(glued[2]!) !== undefined) {
      tryOrder(['D', 'M', 'Y'], [glued[1]!, glued[2]!, glued[3]!], (r) => printed.replace(c, r.join('')))
    } else if (c.length === 8) {
      for (const v of [`${y}${m}${d}`, `${d}${m}${y}`, `${m}${d}${y}`]) out.add(printed.replace(c, v))
    } else if (c.length === 6) out.add(printed.replace(c, `${y.slice(2)}${m}${d}`))
  }
  return [...out]
}
