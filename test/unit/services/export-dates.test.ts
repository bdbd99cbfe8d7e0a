import { describe, expect, it } from 'vitest'
import { isDateKey, normaliseDate, parseUnambiguousDate } from '../../../electron/services/export/dates'

describe('normaliseDate', () => {
  // [as written, ISO 8601 or null]: unambiguous forms become YYYY-MM-DD; null = kept exactly as written.
  it.each<[string, string | null]>([
    // Year first.
    ['1990-01-31', '1990-01-31'],
    ['1990/01/31', '1990-01-31'],
    ['1990.01.31', '1990-01-31'],
    ['1990 01 31', '1990-01-31'],
    ['1990-1-5', '1990-01-05'],
    ['1990. 01. 31.', '1990-01-31'],
    ['  1990-01-31  ', '1990-01-31'],
    // Eight digits, year first.
    ['19900131', '1990-01-31'],
    ['20300228', '2030-02-28'],
    // Day first with a day over 12, month first with a day over 12, both parts equal.
    ['31.01.1990', '1990-01-31'],
    ['31/01/1990', '1990-01-31'],
    ['31-01-1990', '1990-01-31'],
    ['01/31/1990', '1990-01-31'],
    ['1.13.1990', '1990-01-13'],
    ['13.1.1990', '1990-01-13'],
    ['05/05/1990', '1990-05-05'],
    // Month names.
    ['31 JAN 1990', '1990-01-31'],
    ['31 Jan 1990', '1990-01-31'],
    ['31-JAN-1990', '1990-01-31'],
    ['31JAN1990', '1990-01-31'],
    ['31.Jan.1990', '1990-01-31'],
    ['1 February 2000', '2000-02-01'],
    ['Jan 31, 1990', '1990-01-31'],
    ['January 31 1990', '1990-01-31'],
    ['SEPT 9, 2021', '2021-09-09'],
    ['1990 JAN 31', '1990-01-31'],
    ['1990-Dec-01', '1990-12-01'],
    // Korean, Chinese, Japanese markers.
    ['1990년 1월 31일', '1990-01-31'],
    ['1990年01月31日', '1990-01-31'],
    ['1990年1月31', '1990-01-31'],
    // Leap years.
    ['29.02.2000', '2000-02-29'],
    ['2024-02-29', '2024-02-29'],
    // Ambiguous: both parts 12 or under and different.
    ['01/02/1990', null],
    ['12.11.1990', null],
    ['3-4-2001', null],
    // Two-digit years are never guessed.
    ['31.01.90', null],
    ['31 JAN 90', null],
    ['900131', null],
    // Not a real day.
    ['1990-02-30', null],
    ['29.02.1900', null],
    ['1990-13-01', null],
    ['32.01.1990', null],
    ['13/13/1990', null],
    ['00.01.1990', null],
    // Eight digits that are not year-month-day, mixed separators, other words, empty.
    ['31011990', null],
    ['1990-01/31', null],
    ['1990,01,31', null],
    ['31 JAN/JANV 1990', null],
    ['31 Foo 1990', null],
    ['1990-01-31T10:00:00Z', null],
    ['about 1990', null],
    ['unknown', null],
    ['', null],
  ])('%j → %j', (raw, iso) => {
    expect(parseUnambiguousDate(raw)).toBe(iso)
    expect(normaliseDate(raw)).toBe(iso ?? raw)
  })
})

describe('isDateKey', () => {
  it.each([
    ['birth', true],
    ['issue_date', true],
    ['expire_date', true],
    ['registration_date', true],
    ['back_issue_date', true],
    ['back_birth', true],
    ['Birth', true],
    ['birth_place', false],
    ['name', false],
    ['number', false],
    ['date', false],
    ['update', false],
    ['mrz_date_line', false],
  ])('%s → %s', (key, expected) => {
    expect(isDateKey(key)).toBe(expected)
  })
})
