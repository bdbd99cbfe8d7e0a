import { describe, expect, it } from 'vitest'
import { baseKey, fieldLabel } from '../../../renderer/src/fields/labels'

describe('fieldLabel', () => {
  it.each([
    ['expire_date', 'Date of expiry'],
    ['back_expire_date', 'Date of expiry'],
    ['birth', 'Date of birth'],
    ['issue_date', 'Date of issue'],
    ['back_issue_date', 'Date of issue'],
    ['gender', 'Sex'],
    ['nationality', 'Nationality'],
    ['authority', 'Authority'],
    ['mrz_line2', 'MRZ line 2'],
    ['given_name', 'Given name'],
    ['back_address', 'Address'],
    ['name', 'Name'],
    ['back_mrz_line1', 'MRZ line 1'],
    ['name_chn', 'Name (Chinese)'],
    ['birthDate', 'Date of birth'],
    ['Gender', 'Sex'],
    ['ocr_fullName', 'OCR full name'],
    ['number', 'Document number'],
    ['id_number', 'ID number'],
    ['license_class', 'License class'],
  ])('%s → %s', (key, label) => {
    expect(fieldLabel(key)).toBe(label)
  })

  it('keeps odd keys readable', () => {
    expect(fieldLabel('back_')).toBe('Back')
    expect(fieldLabel('___')).toBe('___')
    expect(fieldLabel('no')).toBe('No')
  })
})

describe('baseKey', () => {
  it('strips only the back_ prefix', () => {
    expect(baseKey('back_address')).toBe('address')
    expect(baseKey('address')).toBe('address')
    expect(baseKey('backside')).toBe('backside')
  })
})
