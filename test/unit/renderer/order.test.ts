import { describe, expect, it } from 'vitest'
import type { Field, Quad, Side } from '../../../shared/model'
import {
  canonicalOrder,
  columnKey,
  nextKey,
  panelGroups,
  panelOrder,
} from '../../../renderer/src/fields/order'

function box(x: number, y: number, w = 100, h = 40): Quad {
  return [
    { x, y },
    { x: x + w, y },
    { x: x + w, y: y + h },
    { x, y: y + h },
  ]
}

function field(key: string, side: Side = 'front', y = 0): Field {
  return {
    key,
    side,
    value: key,
    ocrValue: key,
    score: 90,
    accepted: null,
    quad: box(0, y),
    quadSource: 'original',
    verified: false,
  }
}

const keys = (fs: readonly Field[]): string[] => fs.map((f) => f.key)
const IMG = { file: 'front.jpg', width: 100, height: 100 } as never

describe('columnKey', () => {
  it('prefixes back fields once, and leaves front keys alone', () => {
    expect(columnKey(field('address', 'back'))).toBe('back_address')
    expect(columnKey(field('back_address', 'back'))).toBe('back_address')
    expect(columnKey(field('address'))).toBe('address')
    expect(columnKey(field('back_address'))).toBe('back_address')
  })
})

describe('canonicalOrder', () => {
  it('follows the export columns, wherever the boxes sit on the scan', () => {
    // Boxes placed bottom to top: the position on the scan must not matter.
    const fs = [
      field('name_chn', 'front', 0),
      field('expire_date', 'front', 100),
      field('birth', 'front', 200),
      field('number', 'front', 300),
      field('name', 'front', 400),
    ]
    expect(keys(canonicalOrder(fs))).toEqual(['name', 'number', 'birth', 'expire_date', 'name_chn'])
  })

  it('gives the same order for the same keys arriving in any order', () => {
    const a = [field('gender'), field('zeta'), field('alpha'), field('name')]
    const b = [field('alpha'), field('name'), field('gender'), field('zeta')]
    expect(keys(canonicalOrder(a))).toEqual(keys(canonicalOrder(b)))
    expect(keys(canonicalOrder(a))).toEqual(['name', 'gender', 'alpha', 'zeta'])
  })

  it('does not modify its input', () => {
    const fs = [field('number'), field('name')]
    canonicalOrder(fs)
    expect(keys(fs)).toEqual(['number', 'name'])
  })
})

describe('panelGroups and panelOrder', () => {
  const doc = {
    back: IMG,
    fields: [
      field('back_mrz_line2', 'back'),
      field('number'),
      field('back_address', 'back'),
      field('authority', 'back'),
      field('name'),
      field('back_mrz_line1', 'back'),
    ],
  }
  it('groups by side, front first, each side in column order', () => {
    const groups = panelGroups(doc)
    expect(groups.map((g) => g.side)).toEqual(['front', 'back'])
    expect(keys(groups[0]!.fields)).toEqual(['name', 'number'])
    // A back field without the prefix (moved there) sorts as its back_ column: back_address, back_authority, …
    expect(keys(groups[1]!.fields)).toEqual(['back_address', 'authority', 'back_mrz_line1', 'back_mrz_line2'])
    expect(keys(panelOrder(doc))).toEqual([...keys(groups[0]!.fields), ...keys(groups[1]!.fields)])
  })

  it('shows back fields of a case without a back image, and an empty back side of one with it', () => {
    expect(panelGroups({ back: null, fields: [field('x', 'back'), field('y')] }).map((g) => g.side)).toEqual([
      'front',
      'back',
    ])
    expect(panelGroups({ back: IMG, fields: [field('y')] })[1]!.fields).toEqual([])
    expect(panelGroups({ back: null, fields: [field('y')] }).map((g) => g.side)).toEqual(['front'])
  })
})

describe('nextKey', () => {
  const order = [field('a'), field('b'), field('c'), field('d')]
  it('steps forward and back, wrapping round', () => {
    expect(nextKey(order, null)).toBe('a')
    expect(nextKey(order, 'b')).toBe('c')
    expect(nextKey(order, 'd')).toBe('a')
    expect(nextKey(order, 'a', undefined, -1)).toBe('d')
  })
  it('stops at the end without wrap, and skips what pick refuses', () => {
    expect(nextKey(order, 'd', undefined, 1, false)).toBeNull()
    expect(nextKey(order, 'a', (f) => f.key === 'c')).toBe('c')
    expect(nextKey(order, 'c', (f) => f.key === 'c')).toBeNull()
  })
})
