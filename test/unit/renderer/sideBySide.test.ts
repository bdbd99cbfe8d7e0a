import { describe, expect, it } from 'vitest'
import {
  SIDE_BY_SIDE_MIN_WIDTH,
  pairArrangement,
  showsSideBySide,
  turnedSize,
} from '../../../renderer/src/canvas/sideBySide'

describe('showsSideBySide', () => {
  it('needs the setting, a back and a window from 1440 px', () => {
    expect(SIDE_BY_SIDE_MIN_WIDTH).toBe(1440)
    expect(showsSideBySide(1440, true, true)).toBe(true)
    expect(showsSideBySide(1439, true, true)).toBe(false)
    expect(showsSideBySide(1920, false, true)).toBe(false)
    expect(showsSideBySide(1920, true, false)).toBe(false)
  })
})

describe('pairArrangement', () => {
  const card = { width: 1800, height: 1350 }
  const page = { width: 1500, height: 2000 }
  it('stacks landscape cards in a tall pane, where each shows larger', () => {
    expect(pairArrangement({ width: 830, height: 760 }, card, card)).toBe('column')
  })
  it('puts portrait pages side by side', () => {
    expect(pairArrangement({ width: 830, height: 760 }, page, page)).toBe('row')
  })
  it('puts landscape cards side by side in a wide, low pane', () => {
    expect(pairArrangement({ width: 1500, height: 600 }, card, card)).toBe('row')
  })
  it('judges by the smaller of the two sides, and is a row while the area is unknown', () => {
    expect(pairArrangement({ width: 830, height: 760 }, card, page)).toBe('row')
    expect(pairArrangement({ width: 0, height: 0 }, card, card)).toBe('row')
  })
  it('turnedSize swaps width and height for a quarter turn', () => {
    expect(turnedSize(card, 90)).toEqual({ width: 1350, height: 1800 })
    expect(turnedSize(card, 180)).toEqual(card)
  })
})
