import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { expectedFields, fieldBaseKey, keyForSide, missingFieldKeys } from '../../../shared/expected-fields'
import { FIELD_KEY_PATTERN, ID_TYPES, type IdType } from '../../../shared/model'
import { fixturePath } from '../../support/paths'

const FIXTURES = [
  'd01-utopia-passport',
  'd02-ita-id',
  'd03-can-dl',
  'd04-jpn-residence',
  'd05-mex-passport-turned',
]

function fixture(id: string): { idType: IdType; country: string; keys: string[] } {
  const truth = JSON.parse(readFileSync(fixturePath(`${id}.truth.json`), 'utf8')) as {
    idType: IdType
    issuingCountry: string
  }
  const response = JSON.parse(readFileSync(fixturePath(`${id}.response.json`), 'utf8')) as {
    result: { data: { raw: Record<string, unknown> } }
  }
  const keys = Object.keys(response.result.data.raw).filter((k) => k !== 'rotate')
  return { idType: truth.idType, country: truth.issuingCountry, keys }
}

describe('expectedFields', () => {
  it.each(FIXTURES)('%s: every field the provider returns is expected, on the side it came from', (id) => {
    const { idType, country, keys } = fixture(id)
    const expected = expectedFields(idType, country)
    for (const key of keys) {
      const side = key.startsWith('back_') ? 'back' : 'front'
      expect(expected, `${id} ${key}`).toContainEqual({ key: fieldBaseKey(key), side })
    }
  })
  it('has a list for every ID type, of valid keys, each once', () => {
    for (const t of ID_TYPES) {
      const list = expectedFields(t, null)
      expect(list.length, t).toBeGreaterThan(3)
      for (const f of list) expect(f.key).toMatch(FIELD_KEY_PATTERN)
      expect(new Set(list.map((f) => f.key)).size).toBe(list.length)
    }
  })
  it('adds country specifics and has a fallback without a type', () => {
    expect(expectedFields('residence_permit', 'JPN').map((f) => f.key)).toContain('name_chn')
    expect(expectedFields('residence_permit', 'FRA').map((f) => f.key)).not.toContain('name_chn')
    expect(expectedFields(null, 'JPN').map((f) => f.key)).toEqual(expect.arrayContaining(['name', 'number']))
  })
  it('passport: the TD3 page on one side', () => {
    expect(expectedFields('passport', 'NZL').map((f) => f.key)).toEqual([
      'name',
      'given_name',
      'number',
      'birth',
      'gender',
      'nationality',
      'issue_date',
      'expire_date',
      'authority',
      'mrz_line1',
      'mrz_line2',
    ])
  })
})

describe('missingFieldKeys', () => {
  it('d05 lacks nothing a passport carries once its fields are all there', () => {
    const { idType, country, keys } = fixture('d05-mex-passport-turned')
    const fields = keys.map((key) => ({ key }))
    expect(missingFieldKeys({ idType, issuingCountry: country, fields }, 'front')).toEqual([])
    const without = fields.filter((f) => f.key !== 'authority' && f.key !== 'mrz_line2')
    expect(missingFieldKeys({ idType, issuingCountry: country, fields: without }, 'front')).toEqual([
      'authority',
      'mrz_line2',
    ])
  })
  it('keys a back-side box back_…, lists that side’s fields first, and counts a field present on either side', () => {
    const doc = {
      idType: 'government_id' as const,
      issuingCountry: 'ITA',
      fields: [{ key: 'name' }, { key: 'back_address' }, { key: 'issue_date' }],
    }
    const onBack = missingFieldKeys(doc, 'back')
    expect(onBack[0]).toBe('back_authority')
    expect(onBack).not.toContain('back_address')
    expect(onBack).not.toContain('back_issue_date')
    expect(onBack).toContain('back_given_name')
    const onFront = missingFieldKeys(doc, 'front')
    expect(onFront[0]).toBe('given_name')
    expect(onFront).not.toContain('address')
    expect(onFront.indexOf('authority')).toBeGreaterThan(onFront.indexOf('expire_date'))
  })
  it('keyForSide and fieldBaseKey round-trip', () => {
    expect(keyForSide('address', 'back')).toBe('back_address')
    expect(keyForSide('back_address', 'front')).toBe('address')
    expect(keyForSide('back_address', 'back')).toBe('back_address')
    expect(fieldBaseKey('back_')).toBe('back_')
  })
})
