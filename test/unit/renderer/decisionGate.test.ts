import { describe, expect, it } from 'vitest'
import { decisionBlocked } from '../../../renderer/src/decisions/gate'
import { windowTitle } from '../../../renderer/src/queue/windowTitle'

describe('decisionBlocked', () => {
  it('lets a recognised case take a decision', () => {
    expect(decisionBlocked('recognised')).toBeNull()
  })
  it('says why every other state cannot', () => {
    expect(decisionBlocked('new')).toMatch(/^Not recognized yet/)
    expect(decisionBlocked('queued')).toMatch(/^Queued/)
    expect(decisionBlocked('sending')).toMatch(/^Being recognized/)
    expect(decisionBlocked('failed')).toMatch(/^Recognition failed: retry/)
  })
})

describe('windowTitle', () => {
  it('puts the case first and the app second', () => {
    expect(windowTitle('TAMIHANA Aroha · NZL passport LA1234567')).toBe(
      'TAMIHANA Aroha · NZL passport LA1234567 — Recto',
    )
  })
  it('is the app name alone with no case open', () => {
    expect(windowTitle(null)).toBe('Recto')
    expect(windowTitle('')).toBe('Recto')
  })
})
