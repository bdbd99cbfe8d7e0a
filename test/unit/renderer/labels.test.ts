import { describe, expect, it } from 'vitest'
import { baseKey, fieldLabel } from '../../../renderer/src/fields/labels'

describe('fieldLabel', () => {
  it.each([
    ['expire_date', 'Expire date'],
    ['back_address', 'Address'],
    ['name', 'Name'],
    ['given_name', 'Given name'],
    ['back_mrz_line1', 'MRZ line 1'],
    ['id_number', 'ID number'],
    ['name_chn', 'Name (Chinese)'],
    ['birthDate', 'Birth date'],
    ['ocr_fullName', 'OCR full name'],
    ['number', 'Number'],
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
