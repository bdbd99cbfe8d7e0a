import { describe, expect, it } from 'vitest'
import { ID_TYPES } from '../../../shared/model'
import { COUNTRY_OPTIONS, countryLabel } from '../../../renderer/src/toolbar/countries'
import { ID_TYPE_OPTIONS, isIdType } from '../../../renderer/src/state/idTypes'
import { planImport } from '../../../renderer/src/queue/importPlan'
import { MAX_IMPORT_BYTES } from '../../../shared/ipc'

describe('country options', () => {
  it('lists alpha-3 codes with English names, sorted by name', () => {
    expect(COUNTRY_OPTIONS.length).toBeGreaterThan(240)
    expect(COUNTRY_OPTIONS.every((c) => /^[A-Z]{3}$/.test(c.code))).toBe(true)
    const names = COUNTRY_OPTIONS.map((c) => c.name)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')))
    expect(new Set(COUNTRY_OPTIONS.map((c) => c.code)).size).toBe(COUNTRY_OPTIONS.length)
  })
  it('uses ISO-style names', () => {
    expect(countryLabel('KOR')).toBe('Korea, Republic of (KOR)')
    expect(countryLabel('ITA')).toBe('Italy (ITA)')
    expect(countryLabel('UTO')).toBe('UTO')
    expect(countryLabel(null)).toBe('')
  })
})

describe('ID type options', () => {
  it('humanises all eight types', () => {
    expect(ID_TYPE_OPTIONS.map((o) => o.value)).toEqual([...ID_TYPES])
    expect(ID_TYPE_OPTIONS.find((o) => o.value === 'drivers_license')?.label).toBe("Driver's license")
    expect(isIdType('passport')).toBe(true)
    expect(isIdType('')).toBe(false)
  })
})

describe('planImport', () => {
  it('accepts a front, or a front and a back', () => {
    expect(planImport([{ name: 'a.jpg', size: 10 }])).toEqual({ ok: true })
    expect(
      planImport([
        { name: 'a.jpg', size: 10 },
        { name: 'b.jpg', size: 10 },
      ]),
    ).toEqual({ ok: true })
  })
  it('refuses more than one document at once, saying how many', () => {
    const plan = planImport([1, 2, 3].map((i) => ({ name: `${i}.jpg`, size: 1 })))
    expect(plan).toEqual({
      ok: false,
      message: 'Drop one document at a time: the front image, then optionally the back (got 3 files)',
    })
  })
  it('refuses nothing and oversized files, naming the file', () => {
    expect(planImport([]).ok).toBe(false)
    const big = planImport([{ name: 'huge.png', size: MAX_IMPORT_BYTES + 1 }])
    expect(big.ok).toBe(false)
    expect(!big.ok && big.message).toContain('huge.png')
  })
})
