// Groups many imported scans into documents (a front and optionally a back) by their file names, and the helpers
// the re-pair UI uses to correct the result by hand. Pure: used by the renderer and the main process.
//
// A name says its side with a token at the end of its stem (the base name without directory and extension),
// matched case-insensitively:
//   - front/back, recto/verso, f/b, 1/2 after a separator (`_`, `-`, space or `.`): `id_front`, `card-verso`,
//     `x_f`, `scan 2` (1 = front, 2 = back);
//   - front/back, recto/verso also attached directly (`idFront`), or as the whole stem (`front.jpg` in a folder
//     of its own). An attached word only counts when it finds its partner: `feedback.jpg` alone stays a plain
//     document, without a note about a missing front.
// Two files pair when the rest of their stems match (lower-cased, separators trimmed), they sit in the same
// directory, and one is a front and the other a back. A file without a side token is the front of a lone back
// with a back word after a separator (back, verso, b) and the same stem: `passport.jpg` + `passport_back.jpg`,
// `id.png` + `id-verso.png` (not `scan.jpg` + `scan_2.jpg`: a digit is too weak a hint without its `_1`).
// Everything else is imported one document per file, with a note when a back has no front or when a name
// matches more than one partner.

export type ScanDocument<T> = { front: T; back: T | null }
export type PairingResult<T> = { documents: ScanDocument<T>[]; notes: string[] }

type Side = 'front' | 'back'

const SIDE_OF: Record<string, Side> = {
  front: 'front',
  back: 'back',
  recto: 'front',
  verso: 'back',
  f: 'front',
  b: 'back',
  '1': 'front',
  '2': 'back',
}

const SEPARATORS = /^[_\-. ]+|[_\-. ]+$/g
/** `<rest><separators><token>`: the rest is as short as possible, so `a_b_front` → `a_b` + `front`. */
const SEPARATED_TOKEN = /^(.*?)[_\-. ]+(front|back|recto|verso|f|b|1|2)$/i
/** The whole stem is the word (`front.jpg`), or the word is attached to the rest (`idFront`). */
const WORD_TOKEN = /^(.*?)(front|back|recto|verso)$/i

type SideToken = {
  side: Side
  /** The token as written, lower-cased (`back`, `b`, `2`, …). */
  word: string
  /** The stem without the token and its separators, as written (for notes). */
  rest: string
  /** True when the word was attached directly (`idfront`): only trusted when it finds a partner. */
  attached: boolean
}

/** The directory part of a name (`/` and `\` both accepted, normalised to `/`) and the base name. */
function splitName(name: string): { dir: string; base: string } {
  const normal = name.replace(/[\\/]+/g, '/')
  const cut = normal.lastIndexOf('/')
  return cut < 0 ? { dir: '', base: normal } : { dir: normal.slice(0, cut), base: normal.slice(cut + 1) }
}

function stemOf(base: string): string {
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(0, dot) : base
}

function sideToken(rawStem: string): SideToken | null {
  const stem = rawStem.replace(SEPARATORS, '')
  const separated = SEPARATED_TOKEN.exec(stem)
  if (separated) {
    const word = separated[2]!.toLowerCase()
    return { side: SIDE_OF[word]!, word, rest: separated[1]!, attached: false }
  }
  const attachedWord = WORD_TOKEN.exec(stem)
  if (attachedWord) {
    const rest = attachedWord[1]!
    const word = attachedWord[2]!.toLowerCase()
    // The whole stem ("front") is as clear as a separated token.
    return { side: SIDE_OF[word]!, word, rest, attached: rest.length > 0 }
  }
  return null
}

type Member<T> = { file: T; index: number; side: Side; attached: boolean; word: string }
/** The back words that let a file without a side token be the front (`passport.jpg` + `passport_back.jpg`). */
const PLAIN_FRONT_BACK_WORDS = new Set(['back', 'verso', 'b'])
/** A document or a note, with the input position it is ordered by. */
type Placed<T> = { at: number; doc?: ScanDocument<T>; note?: string }

const single = <T>(m: Member<T>): Placed<T> => ({ at: m.index, doc: { front: m.file, back: null } })

function count(n: number, word: string): string {
  return n === 0 ? `no ${word}` : n === 1 ? `1 ${word}` : `${n} ${word}s`
}

/** What a group of files whose names differ only in their side token becomes. */
function resolveGroup<T extends { name: string }>(members: Member<T>[], rest: string): Placed<T>[] {
  if (members.length === 0) return []
  const fronts = members.filter((m) => m.side === 'front')
  const backs = members.filter((m) => m.side === 'back')
  if (fronts.length === 1 && backs.length === 1) {
    const [front, back] = [fronts[0]!, backs[0]!]
    return [{ at: Math.min(front.index, back.index), doc: { front: front.file, back: back.file } }]
  }
  // Attached words are weak evidence ("feedback"): without a clean pair they are plain files, and the separated
  // tokens are judged on their own.
  const attached = members.filter((m) => m.attached)
  if (attached.length > 0) {
    return [
      ...attached.map(single),
      ...resolveGroup(
        members.filter((m) => !m.attached),
        rest,
      ),
    ]
  }
  const singles = members.map(single)
  const first = Math.min(...members.map((m) => m.index))
  if (fronts.length > 1 || backs.length > 1) {
    const names = members.map((m) => m.file.name).join(', ')
    const shared = rest ? `share the name "${rest}"` : 'are in the same folder'
    const note =
      `${names} were not paired: ${count(fronts.length, 'front')} and ${count(backs.length, 'back')} ` +
      `${shared}, so each was imported as its own document`
    return [...singles, { at: first, note }]
  }
  if (backs.length === 1 && fronts.length === 0) {
    return [
      ...singles,
      { at: first, note: `${backs[0]!.file.name} has no front: imported as its own document` },
    ]
  }
  return singles
}

/**
 * Groups scans into documents by file name. Documents come in the order of their first file in `files`, the
 * front first; `notes` says, for the reviewer, which names could not be paired and why.
 */
export function pairScans<T extends { name: string }>(files: readonly T[]): PairingResult<T> {
  const placed: Placed<T>[] = []
  const groups = new Map<string, { rest: string; members: Member<T>[] }>()
  /** Files without a side token, by the same key as the groups (directory + stem): possible plain fronts. */
  const plain = new Map<string, { file: T; index: number }[]>()
  const keyOf = (dir: string, rest: string) => `${dir}\u0000${rest.replace(SEPARATORS, '').toLowerCase()}`
  files.forEach((file, index) => {
    const { dir, base } = splitName(file.name)
    const stem = stemOf(base)
    const token = sideToken(stem)
    if (!token) {
      const key = keyOf(dir, stem)
      plain.set(key, [...(plain.get(key) ?? []), { file, index }])
      return
    }
    const rest = token.rest.replace(SEPARATORS, '')
    const key = keyOf(dir, rest)
    const group = groups.get(key) ?? { rest, members: [] }
    group.members.push({ file, index, side: token.side, attached: token.attached, word: token.word })
    groups.set(key, group)
  })
  for (const [key, { rest, members }] of groups) {
    const lone = members.length === 1 ? members[0]! : null
    const fronts = plain.get(key)
    if (lone && fronts && lone.side === 'back' && !lone.attached && PLAIN_FRONT_BACK_WORDS.has(lone.word)) {
      if (fronts.length === 1) {
        const front = fronts[0]!
        plain.delete(key)
        placed.push({ at: Math.min(front.index, lone.index), doc: { front: front.file, back: lone.file } })
        continue
      }
      const names = fronts.map((f) => f.file.name)
      placed.push(single(lone), {
        at: Math.min(lone.index, ...fronts.map((f) => f.index)),
        note:
          `${lone.file.name} was not paired: ${names.slice(0, -1).join(', ')} and ${names.at(-1)!} could each ` +
          'be its front, so each was imported as its own document',
      })
      continue
    }
    placed.push(...resolveGroup(members, rest))
  }
  for (const list of plain.values()) {
    for (const { file, index } of list) placed.push({ at: index, doc: { front: file, back: null } })
  }
  placed.sort((a, b) => a.at - b.at)
  return {
    documents: placed.flatMap((p) => (p.doc ? [p.doc] : [])),
    notes: placed.flatMap((p) => (p.note ? [p.note] : [])),
  }
}

// ---- Re-pairing by hand. Each helper returns new values and leaves its arguments untouched. ----

function checkIndex(documents: readonly unknown[], index: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= documents.length) {
    throw new RangeError(`There is no document ${index} (${what}): the list has ${documents.length}`)
  }
}

/** The document with its front and back exchanged; a document without a back is returned as it is. */
export function swapSides<T>(doc: ScanDocument<T>): ScanDocument<T> {
  return doc.back === null ? { front: doc.front, back: null } : { front: doc.back, back: doc.front }
}

/**
 * Splits document `index` into two single-sided documents, its front in its place and its back right after it.
 * A document without a back is left as it is.
 */
export function unpair<T>(documents: readonly ScanDocument<T>[], index: number): ScanDocument<T>[] {
  checkIndex(documents, index, 'to unpair')
  const doc = documents[index]!
  const out = documents.slice()
  if (doc.back !== null) {
    out.splice(index, 1, { front: doc.front, back: null }, { front: doc.back, back: null })
  }
  return out
}

/**
 * Makes the front of document `backIndex` the back of document `frontIndex` and removes document `backIndex`.
 * Throws when either document already has a back (unpair it first) or both indices name the same document.
 */
export function pairWith<T extends { name: string }>(
  documents: readonly ScanDocument<T>[],
  frontIndex: number,
  backIndex: number,
): ScanDocument<T>[] {
  checkIndex(documents, frontIndex, 'for the front')
  checkIndex(documents, backIndex, 'for the back')
  if (frontIndex === backIndex) throw new Error('A document cannot be paired with itself')
  const target = documents[frontIndex]!
  const source = documents[backIndex]!
  for (const doc of [target, source]) {
    if (doc.back !== null) {
      throw new Error(
        `${doc.front.name} already has a back (${doc.back.name}): unpair it before pairing it with another scan`,
      )
    }
  }
  const out = documents.slice()
  out[frontIndex] = { front: target.front, back: source.front }
  out.splice(backIndex, 1)
  return out
}

/** The re-pair helpers, grouped for the UI. */
export const repairPairs = { swapSides, unpair, pairWith } as const
