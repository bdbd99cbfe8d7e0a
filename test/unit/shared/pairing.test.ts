import { describe, expect, it } from 'vitest'
import {
  pairScans,
  pairWith,
  repairPairs,
  swapSides,
  unpair,
  type ScanDocument,
} from '../../../shared/pairing'

type F = { name: string; size?: number }
const files = (...names: string[]): F[] => names.map((name) => ({ name }))
/** Documents as [front, back] name pairs, for compact expectations. */
const names = (docs: readonly ScanDocument<F>[]) => docs.map((d) => [d.front.name, d.back?.name ?? null])
const pair = (...n: string[]) => {
  const r = pairScans(files(...n))
  return { docs: names(r.documents), notes: r.notes }
}

describe('pairScans: what pairs', () => {
  it('one file without a side is one single-sided document, without notes', () => {
    expect(pair('passport.jpg')).toEqual({ docs: [['passport.jpg', null]], notes: [] })
  })

  it('pairs front/back case-insensitively, across extensions and their case', () => {
    expect(pair('ID_front.JPG', 'id_back.jpg')).toEqual({
      docs: [['ID_front.JPG', 'id_back.jpg']],
      notes: [],
    })
    expect(pair('Card Front.png', 'card back.jpeg').docs).toEqual([['Card Front.png', 'card back.jpeg']])
  })

  it('pairs recto/verso', () => {
    expect(pair('card-recto.png', 'card-verso.png').docs).toEqual([['card-recto.png', 'card-verso.png']])
  })

  it('pairs f/b as separated tokens', () => {
    expect(pair('x_f.jpg', 'x_b.jpg').docs).toEqual([['x_f.jpg', 'x_b.jpg']])
    expect(pair('id-F.png', 'id-B.png').docs).toEqual([['id-F.png', 'id-B.png']])
    expect(pair('id.f.png', 'id.b.png').docs).toEqual([['id.f.png', 'id.b.png']])
  })

  it('pairs _1/_2, -1/-2 and " 1"/" 2" (1 = front, 2 = back)', () => {
    expect(pair('scan_1.jpg', 'scan_2.jpg').docs).toEqual([['scan_1.jpg', 'scan_2.jpg']])
    expect(pair('scan-2.jpg', 'scan-1.jpg').docs).toEqual([['scan-1.jpg', 'scan-2.jpg']])
    expect(pair('scan 1.jpg', 'scan 2.jpg').docs).toEqual([['scan 1.jpg', 'scan 2.jpg']])
  })

  it('puts the front first whatever the input order', () => {
    expect(pair('id_back.jpg', 'id_front.jpg')).toEqual({
      docs: [['id_front.jpg', 'id_back.jpg']],
      notes: [],
    })
  })

  it('pairs words attached directly and a stem that is only the word', () => {
    expect(pair('idFront.jpg', 'idBack.jpg').docs).toEqual([['idFront.jpg', 'idBack.jpg']])
    expect(pair('alice/front.jpg', 'alice/Back.png').docs).toEqual([['alice/front.jpg', 'alice/Back.png']])
  })

  it('trims extra separators around the shared name', () => {
    expect(pair('id card__front.jpg', 'id card - back.jpg').docs).toEqual([
      ['id card__front.jpg', 'id card - back.jpg'],
    ])
  })

  it('does not take a letter or digit inside a word for a side', () => {
    expect(pair('bob.jpg', 'bobf.jpg')).toEqual({
      docs: [
        ['bob.jpg', null],
        ['bobf.jpg', null],
      ],
      notes: [],
    })
    expect(pair('scanb.jpg', 'scanf.jpg').docs).toEqual([
      ['scanb.jpg', null],
      ['scanf.jpg', null],
    ])
    expect(pair('scan1.jpg', 'scan2.jpg').docs).toEqual([
      ['scan1.jpg', null],
      ['scan2.jpg', null],
    ])
    expect(pair('page_10.jpg', 'page_20.jpg').docs).toEqual([
      ['page_10.jpg', null],
      ['page_20.jpg', null],
    ])
  })

  it('pairs a file without a side token with its back (back, verso or b): the plain file is the front', () => {
    expect(pair('passport.jpg', 'passport_back.jpg')).toEqual({
      docs: [['passport.jpg', 'passport_back.jpg']],
      notes: [],
    })
    expect(pair('id-verso.png', 'id.png')).toEqual({ docs: [['id.png', 'id-verso.png']], notes: [] })
    expect(pair('Card B.JPG', 'card.jpeg').docs).toEqual([['card.jpeg', 'Card B.JPG']])
    expect(pair('x/scan.jpg', 'x/scan - back.jpg').docs).toEqual([['x/scan.jpg', 'x/scan - back.jpg']])
  })

  it('does not take a plain file for the front of a digit, an attached word, a front or another folder', () => {
    expect(pair('scan.jpg', 'scan_2.jpg')).toEqual({
      docs: [
        ['scan.jpg', null],
        ['scan_2.jpg', null],
      ],
      notes: ['scan_2.jpg has no front: imported as its own document'],
    })
    expect(pair('feed.jpg', 'feedback.jpg').docs).toEqual([
      ['feed.jpg', null],
      ['feedback.jpg', null],
    ])
    expect(pair('id.jpg', 'id_front.jpg').docs).toEqual([
      ['id.jpg', null],
      ['id_front.jpg', null],
    ])
    expect(pair('a/id.jpg', 'b/id_back.jpg').docs).toEqual([
      ['a/id.jpg', null],
      ['b/id_back.jpg', null],
    ])
  })

  it('prefers a real front to a plain file, and leaves the plain file on its own', () => {
    expect(pair('id.jpg', 'id_back.jpg', 'id_front.jpg')).toEqual({
      docs: [
        ['id.jpg', null],
        ['id_front.jpg', 'id_back.jpg'],
      ],
      notes: [],
    })
  })

  it('does not guess between two plain files that could each be the front', () => {
    const r = pair('id.jpg', 'id.png', 'id_back.jpg')
    expect(r.docs).toEqual([
      ['id.jpg', null],
      ['id.png', null],
      ['id_back.jpg', null],
    ])
    expect(r.notes).toEqual([
      'id_back.jpg was not paired: id.jpg and id.png could each be its front, so each was imported as its own document',
    ])
  })

  it('does not pair a plain file with two backs', () => {
    const r = pair('x.jpg', 'x_b.jpg', 'x_back.jpg')
    expect(r.docs).toEqual([
      ['x.jpg', null],
      ['x_b.jpg', null],
      ['x_back.jpg', null],
    ])
    expect(r.notes).toHaveLength(1)
    expect(r.notes[0]).toContain('no front and 2 backs share the name "x"')
  })

  it('does not pair different names, nor two fronts or two backs', () => {
    expect(pair('alice_front.jpg', 'bob_back.jpg').docs).toEqual([
      ['alice_front.jpg', null],
      ['bob_back.jpg', null],
    ])
    expect(pair('id_front.jpg', 'id_recto.jpg').docs).toEqual([
      ['id_front.jpg', null],
      ['id_recto.jpg', null],
    ])
  })
})

describe('pairScans: directories', () => {
  it('pairs only within one directory', () => {
    const r = pair('a/id_front.jpg', 'b/id_back.jpg')
    expect(r.docs).toEqual([
      ['a/id_front.jpg', null],
      ['b/id_back.jpg', null],
    ])
    expect(r.notes).toEqual(['b/id_back.jpg has no front: imported as its own document'])
  })

  it('pairs within each of two directories holding the same names', () => {
    expect(pair('a/id_front.jpg', 'b/id_front.jpg', 'b/id_back.jpg', 'a/id_back.jpg').docs).toEqual([
      ['a/id_front.jpg', 'a/id_back.jpg'],
      ['b/id_front.jpg', 'b/id_back.jpg'],
    ])
  })

  it('accepts / and \\ as the same separator, in nested paths', () => {
    expect(pair('x/y\\id_front.jpg', 'x\\y/id_back.jpg').docs).toEqual([
      ['x/y\\id_front.jpg', 'x\\y/id_back.jpg'],
    ])
    expect(pair('x/y/id_front.jpg', 'x/id_back.jpg').docs).toEqual([
      ['x/y/id_front.jpg', null],
      ['x/id_back.jpg', null],
    ])
  })

  it('does not read a side token in a directory name', () => {
    expect(pair('front/scan.jpg', 'back/scan.jpg').docs).toEqual([
      ['front/scan.jpg', null],
      ['back/scan.jpg', null],
    ])
  })
})

describe('pairScans: ambiguity and notes', () => {
  it('two fronts for one name: every file its own document, and a note naming them', () => {
    const r = pair('id_front.jpg', 'ID-front.png', 'id_back.jpg')
    expect(r.docs).toEqual([
      ['id_front.jpg', null],
      ['ID-front.png', null],
      ['id_back.jpg', null],
    ])
    expect(r.notes).toHaveLength(1)
    expect(r.notes[0]).toContain('id_front.jpg, ID-front.png, id_back.jpg were not paired')
    expect(r.notes[0]).toContain('2 fronts and 1 back share the name "id"')
  })

  it('two backs for one name: singles and a note', () => {
    const r = pair('x_b.jpg', 'x_back.jpg')
    expect(r.docs).toEqual([
      ['x_b.jpg', null],
      ['x_back.jpg', null],
    ])
    expect(r.notes).toEqual([
      'x_b.jpg, x_back.jpg were not paired: no front and 2 backs share the name "x", ' +
        'so each was imported as its own document',
    ])
  })

  it('a back without a front is its own document, with a note', () => {
    const r = pair('x_back.jpg')
    expect(r).toEqual({
      docs: [['x_back.jpg', null]],
      notes: ['x_back.jpg has no front: imported as its own document'],
    })
  })

  it('a front without a back is a single-sided document, without a note', () => {
    expect(pair('x_front.jpg')).toEqual({ docs: [['x_front.jpg', null]], notes: [] })
  })

  it('an attached word without a partner is a plain file, not a back without a front', () => {
    expect(pair('feedback.jpg')).toEqual({ docs: [['feedback.jpg', null]], notes: [] })
  })

  it('an attached word does not spoil a clean separated pair', () => {
    const r = pair('idfront.jpg', 'id_front.jpg', 'id_back.jpg')
    expect(r.docs).toEqual([
      ['idfront.jpg', null],
      ['id_front.jpg', 'id_back.jpg'],
    ])
    expect(r.notes).toEqual([])
  })

  it('notes come in the order of their files', () => {
    const r = pair('b_back.jpg', 'c.jpg', 'a_back.jpg')
    expect(r.notes.map((n) => n.split(' ')[0])).toEqual(['b_back.jpg', 'a_back.jpg'])
  })
})

describe('pairScans: order', () => {
  it('keeps documents in the order of their first file and returns the very same objects', () => {
    const input = files(
      'z.jpg',
      'm_back.jpg',
      'a.jpg',
      'k_f.jpg',
      'm_front.jpg',
      'k_b.jpg',
      'b_2.jpg',
      'b_1.jpg',
    )
    const r = pairScans(input)
    expect(names(r.documents)).toEqual([
      ['z.jpg', null],
      ['m_front.jpg', 'm_back.jpg'],
      ['a.jpg', null],
      ['k_f.jpg', 'k_b.jpg'],
      ['b_1.jpg', 'b_2.jpg'],
    ])
    expect(r.documents[1]!.front).toBe(input[4])
    expect(r.documents[1]!.back).toBe(input[1])
  })

  it('carries any other properties through, and handles an empty list', () => {
    const r = pairScans([
      { name: 'a_front.jpg', size: 1 },
      { name: 'a_back.jpg', size: 2 },
    ])
    expect(r.documents).toEqual([
      { front: { name: 'a_front.jpg', size: 1 }, back: { name: 'a_back.jpg', size: 2 } },
    ])
    expect(pairScans([])).toEqual({ documents: [], notes: [] })
  })
})

describe('re-pair helpers', () => {
  const a = { name: 'a.jpg' }
  const b = { name: 'b.jpg' }
  const c = { name: 'c.jpg' }
  const d = { name: 'd.jpg' }

  it('swapSides exchanges front and back, and leaves a single-sided document as it is', () => {
    const doc = { front: a, back: b }
    expect(swapSides(doc)).toEqual({ front: b, back: a })
    expect(doc).toEqual({ front: a, back: b })
    expect(swapSides({ front: a, back: null })).toEqual({ front: a, back: null })
  })

  it('unpair splits a document into its front then its back, in its place', () => {
    const docs = [
      { front: c, back: null },
      { front: a, back: b },
      { front: d, back: null },
    ]
    expect(unpair(docs, 1)).toEqual([
      { front: c, back: null },
      { front: a, back: null },
      { front: b, back: null },
      { front: d, back: null },
    ])
    expect(docs).toHaveLength(3)
    expect(unpair(docs, 0)).toEqual(docs)
    expect(() => unpair(docs, 3)).toThrow(RangeError)
  })

  it('pairWith makes one single the back of another and removes it from the list', () => {
    const docs = [
      { front: a, back: null },
      { front: c, back: null },
      { front: b, back: null },
    ]
    expect(pairWith(docs, 0, 2)).toEqual([
      { front: a, back: b },
      { front: c, back: null },
    ])
    expect(pairWith(docs, 2, 0)).toEqual([
      { front: c, back: null },
      { front: b, back: a },
    ])
    expect(docs).toHaveLength(3)
  })

  it('pairWith refuses when either document already has a back, or with itself', () => {
    const docs = [
      { front: a, back: b },
      { front: c, back: null },
      { front: d, back: null },
    ]
    expect(() => pairWith(docs, 0, 1)).toThrow('a.jpg already has a back (b.jpg)')
    expect(() => pairWith(docs, 1, 0)).toThrow('a.jpg already has a back (b.jpg)')
    expect(() => pairWith(docs, 1, 1)).toThrow('cannot be paired with itself')
    expect(() => pairWith(docs, 1, 5)).toThrow(RangeError)
    expect(pairWith(docs, 2, 1)).toEqual([
      { front: a, back: b },
      { front: d, back: c },
    ])
  })

  it('unpair then pairWith restores a pair; repairPairs groups the helpers', () => {
    const { documents } = pairScans(files('x_front.jpg', 'x_back.jpg'))
    const split = repairPairs.unpair(documents, 0)
    expect(names(split)).toEqual([
      ['x_front.jpg', null],
      ['x_back.jpg', null],
    ])
    expect(repairPairs.pairWith(split, 0, 1)).toEqual(documents)
    expect(repairPairs.swapSides(documents[0]!).front.name).toBe('x_back.jpg')
  })
})
