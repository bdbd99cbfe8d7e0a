import { describe, expect, it } from 'vitest'
import type { Field, Quad } from '../../../shared/model'
import { readingOrder } from '../../../renderer/src/fields/order'

function box(x: number, y: number, w = 100, h = 40): Quad {
  return [
    { x, y },
    { x: x + w, y },
    { x: x + w, y: y + h },
    { x, y: y + h },
  ]
}

function field(key: string, quad: Quad | null): Field {
  return {
    key,
    side: 'front',
    value: key,
    ocrValue: key,
    score: 90,
    accepted: null,
    quad,
    quadSource: quad ? 'original' : 'none',
    verified: false,
  }
}

const keys = (fs: Field[]): string[] => fs.map((f) => f.key)

describe('readingOrder', () => {
  it('sorts top to bottom', () => {
    const fs = [field('c', box(0, 300)), field('a', box(0, 100)), field('b', box(0, 200))]
    expect(keys(readingOrder(fs))).toEqual(['a', 'b', 'c'])
  })

  it('reads a slightly uneven line left to right', () => {
    // "gender" sits 3 px higher than "birth" on the same printed line, but to its right.
    const fs = [field('gender', box(900, 615)), field('birth', box(500, 618)), field('name', box(500, 400))]
    expect(keys(readingOrder(fs))).toEqual(['name', 'birth', 'gender'])
  })

  it('separates lines that are a box height apart', () => {
    const fs = [field('right-top', box(800, 100)), field('left-low', box(100, 150))]
    expect(keys(readingOrder(fs))).toEqual(['right-top', 'left-low'])
  })

  it('puts fields without a quad last, in their original order', () => {
    const fs = [field('x', null), field('b', box(0, 50)), field('y', null), field('a', box(0, 10))]
    expect(keys(readingOrder(fs))).toEqual(['a', 'b', 'x', 'y'])
  })

  it('does not modify its input', () => {
    const fs = [field('b', box(0, 50)), field('a', box(0, 10))]
    readingOrder(fs)
    expect(keys(fs)).toEqual(['b', 'a'])
  })
})

describe('readingOrder on a scan turned by 90°', () => {
  // Text runs bottom to top: each quad's first edge points up (first = bottom-left in the image).
  function turned(x: number, y: number, len = 100, h = 40): Quad {
    return [
      { x, y },
      { x, y: y - len },
      { x: x + h, y: y - len },
      { x: x + h, y },
    ]
  }
  it('reads along the text, not along the image axes', () => {
    // In the document frame "title" is the top line (leftmost column in the image), then "name", then
    // on the next line "birth" (lower in the image = earlier along the text) before "sex".
    const fs = [
      field('sex', turned(300, 300)),
      field('name', turned(200, 500)),
      field('birth', turned(300, 600)),
      field('title', turned(100, 900, 600)),
    ]
    expect(keys(readingOrder(fs))).toEqual(['title', 'name', 'birth', 'sex'])
  })
})
