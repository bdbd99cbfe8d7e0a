import { describe, expect, it } from 'vitest'
import type { RecognizeOutcome } from '../../../shared/ipc'
import type { BatchProgress } from '../../../shared/model'
import {
  formatEta,
  isCancelled,
  pausedText,
  progressPercent,
  progressText,
  summariseOutcomes,
} from '../../../renderer/src/queue/batchFormat'

const progress = (p: Partial<BatchProgress> = {}): BatchProgress => ({
  running: true,
  total: 40,
  done: 12,
  failed: 1,
  remaining: 28,
  inFlight: 4,
  etaMs: 120_000,
  pausedUntil: null,
  ...p,
})

describe('formatEta', () => {
  it('has no estimate before one document finished', () => {
    expect(formatEta(null)).toBeNull()
    expect(formatEta(Number.NaN)).toBeNull()
    expect(formatEta(-5)).toBeNull()
  })
  it('counts seconds under a minute, coarsely', () => {
    expect(formatEta(0)).toBe('~1 s')
    expect(formatEta(2_100)).toBe('~3 s')
    expect(formatEta(9_999)).toBe('~10 s')
    expect(formatEta(12_000)).toBe('~10 s')
    expect(formatEta(43_000)).toBe('~45 s')
    expect(formatEta(56_000)).toBe('<1 min')
  })
  it('counts minutes, then hours', () => {
    expect(formatEta(60_000)).toBe('~1 min')
    expect(formatEta(120_000)).toBe('~2 min')
    expect(formatEta(150_000)).toBe('~3 min')
    expect(formatEta(59 * 60_000)).toBe('~59 min')
    expect(formatEta(60 * 60_000)).toBe('~1 h')
    expect(formatEta(95 * 60_000)).toBe('~1 h 35 min')
  })
})

describe('progressText', () => {
  it('shows done of total, failures and the time left while running', () => {
    expect(progressText(progress())).toBe('12 / 40 · 1 failed · ~2 min left')
  })
  it('leaves out what it does not know', () => {
    expect(progressText(progress({ failed: 0, etaMs: null, done: 0 }))).toBe('0 / 40')
  })
  it('keeps only the counts once the batch is over', () => {
    expect(progressText(progress({ running: false, done: 40, failed: 2, remaining: 0, etaMs: null }))).toBe(
      '40 / 40 · 2 failed',
    )
  })
  it('drops the estimate while paused (the pause says when it resumes)', () => {
    expect(progressText(progress({ pausedUntil: new Date().toISOString() }))).toBe('12 / 40 · 1 failed')
  })
})

describe('pausedText', () => {
  it('names the local time the pause ends', () => {
    const until = new Date(2030, 0, 2, 9, 5, 7)
    expect(pausedText(until.toISOString())).toBe('Paused by ARGOS until 09:05:07 (rate limit)')
  })
  it('is null when not paused and survives a bad date', () => {
    expect(pausedText(null)).toBeNull()
    expect(pausedText('soon')).toBe('Paused by ARGOS (rate limit)')
  })
})

describe('progressPercent', () => {
  it('is the finished share', () => {
    expect(progressPercent(progress({ done: 10, total: 40 }))).toBe(25)
    expect(progressPercent(progress({ done: 0, total: 0, running: true }))).toBe(0)
    expect(progressPercent(progress({ done: 0, total: 0, running: false }))).toBe(100)
  })
})

const ok = (n: number): RecognizeOutcome[] =>
  Array.from({ length: n }, (_, i) => ({
    caseId: `ok-${i}`,
    ok: true,
    message: `s${i}.jpg: 9 fields recognised (9 with a box)`,
  }))
const fail = (n: number, message = 'Document not recognised: check the country'): RecognizeOutcome[] =>
  Array.from({ length: n }, (_, i) => ({ caseId: `f-${i}`, ok: false, message: `f${i}.jpg: ${message}` }))
const skipped = (n: number): RecognizeOutcome[] =>
  Array.from({ length: n }, (_, i) => ({
    caseId: `s-${i}`,
    ok: false,
    message: `k${i}.jpg: choose the issuing country and ID type first.`,
  }))

describe('summariseOutcomes', () => {
  it('reports a partial success as a status', () => {
    expect(summariseOutcomes([...ok(38), ...fail(2)])).toEqual({
      level: 'status',
      text: 'Recognized 38 of 40; 2 failed — select a failed case to see why',
    })
  })
  it('reports a full success plainly', () => {
    expect(summariseOutcomes(ok(3))).toEqual({ level: 'status', text: 'Recognized 3 of 3' })
  })
  it('counts cases skipped for want of a country or type', () => {
    const s = summariseOutcomes([...ok(5), ...fail(1), ...skipped(2)])
    expect(s.level).toBe('status')
    expect(s.text).toBe(
      'Recognized 5 of 8; 1 failed; 2 skipped (no issuing country or ID type) — select the failed case to see why; ' +
        'choose a country and ID type in the toolbar, then Recognize all again',
    )
  })
  it('raises an alert when everything failed, with the shared reason', () => {
    const s = summariseOutcomes(fail(4, 'ARGOS refused the API key'))
    expect(s.level).toBe('alert')
    expect(s.text).toBe(
      'Recognized 0 of 4; 4 failed — select a failed case to see why. ARGOS refused the API key',
    )
  })
  it('raises an alert when every case was skipped', () => {
    expect(summariseOutcomes(skipped(2)).level).toBe('alert')
  })
  it('does not alarm after a cancel', () => {
    const cancelled: RecognizeOutcome[] = [
      { caseId: 'a', ok: false, message: 'Cancelled by the reviewer' },
      { caseId: 'b', ok: false, message: 'x.jpg: cancelled' },
    ]
    expect(cancelled.every(isCancelled)).toBe(true)
    expect(summariseOutcomes([...cancelled, ...fail(1)])).toEqual({
      level: 'status',
      text: 'Recognized 0 of 3; 1 failed; 2 not sent (cancelled) — select the failed case to see why',
    })
  })
  it('says when there was nothing to do', () => {
    expect(summariseOutcomes([]).level).toBe('status')
  })
})
