import { describe, expect, it } from 'vitest'
import * as exportDates from '../../../electron/services/export/dates'
import { ageOn, dateReadings, isoDate, parseUnambiguousDate, shiftYears } from '../../../shared/dates'

describe('dateReadings', () => {
  it.each<[string, string[]]>([
    // One reading.
    ['1990-01-31', ['1990-01-31']],
    ['1990/1/5', ['1990-01-05']],
    ['19900131', ['1990-01-31']],
    ['31.01.1990', ['1990-01-31']],
    ['01/31/1990', ['1990-01-31']],
    ['05/05/1990', ['1990-05-05']],
    ['31 JAN 1990', ['1990-01-31']],
    ['Jan 31, 1990', ['1990-01-31']],
    ['1990年1月31日', ['1990-01-31']],
    ['1990-01-31T10:00:00Z', ['1990-01-31']],
    // Eight digits in the other orders.
    ['31011990', ['1990-01-31']],
    ['01311990', ['1990-01-31']],
    // Two readings: day and month both 12 or under, or a two-digit year.
    ['01/02/1990', ['1990-02-01', '1990-01-02']],
    ['900131', ['1990-01-31', '2090-01-31']],
    ['31.01.90', ['1990-01-31', '2090-01-31']],
    ['31 JAN 90', ['1990-01-31', '2090-01-31']],
    // Leap days.
    ['29.02.2024', ['2024-02-29']],
    ['000229', ['2000-02-29']],
    // None: not a real day, or not a date at all.
    ['1984-06-38', []],
    ['2029-03-3l', []],
    ['29.02.2023', []],
    ['1990-13-01', []],
    ['13/13/1990', []],
    ['0984-06-30', []],
    ['1990-01/31', []],
    ['31 Foo 1990', []],
    ['', []],
    ['unknown', []],
  ])('%j → %j', (raw, readings) => {
    expect(dateReadings(raw)).toEqual(readings)
  })

  it('a reading exists for every date the export calls unambiguous, and it is the same day', () => {
    for (const raw of [
      '1990-01-31',
      '31.01.1990',
      '01/31/1990',
      '31JAN1990',
      '1990 JAN 31',
      '1990. 01. 31.',
    ]) {
      expect(dateReadings(raw)).toEqual([parseUnambiguousDate(raw)])
    }
  })
})

describe('helpers', () => {
  it('isoDate knows month lengths and leap years', () => {
    expect(isoDate(2024, 2, 29)).toBe('2024-02-29')
    expect(isoDate(2023, 2, 29)).toBeNull()
    expect(isoDate(1900, 2, 29)).toBeNull()
    expect(isoDate(2000, 2, 29)).toBe('2000-02-29')
    expect(isoDate(2020, 4, 31)).toBeNull()
  })

  it.each([
    ['2008-01-15', '2026-01-15', 18],
    ['2008-01-16', '2026-01-15', 17],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    ['2008-02-29', '2028-02-29', 20],
    ['1992-12-31', '2026-01-01', 33],
  ])('ageOn(%s, %s) = %i', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age)
  })

  it('shiftYears keeps month and day, and sorts as a date', () => {
    expect(shiftYears('2026-01-15', -50)).toBe('1976-01-15')
    expect(shiftYears('2024-02-29', 1)).toBe('2025-02-29')
    expect(shiftYears('2025-02-29', 0) > '2025-02-28').toBe(true)
  })

  it('the export keeps importing the same functions from its old path', () => {
    expect(exportDates.parseUnambiguousDate).toBe(parseUnambiguousDate)
  })
})
