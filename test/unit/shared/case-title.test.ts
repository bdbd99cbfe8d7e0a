import { describe, expect, it } from 'vitest'
import { caseTitle, expiryOf, holderName } from '../../../shared/case-title'
import type { Field, IdType } from '../../../shared/model'

const field = (key: string, value: string): Field => ({
  key,
  side: 'front',
  value,
  ocrValue: value,
  score: 90,
  accepted: true,
  quad: null,
  quadSource: 'none',
  verified: false,
})

const doc = (
  values: Record<string, string>,
  issuingCountry: string | null = 'NZL',
  idType: IdType | null = 'passport',
) => ({
  fields: Object.entries(values).map(([k, v]) => field(k, v)),
  issuingCountry,
  idType,
})

describe('holderName', () => {
  it('splits a full name that ends with the given name: SURNAME Given', () => {
    expect(holderName(doc({ name: 'TAMIHANA AROHA', given_name: 'AROHA' }))).toBe('TAMIHANA Aroha')
  })

  it('splits a full name written given name first', () => {
    expect(holderName(doc({ name: 'GIULIA ROSSI', given_name: 'GIULIA' }))).toBe('ROSSI Giulia')
  })

  it('keeps several given names, each in title case', () => {
    expect(holderName(doc({ name: 'NGUYEN THI LAN', given_name: 'THI LAN' }))).toBe('NGUYEN Thi Lan')
  })

  it('keeps the hyphen of a given name, capitalising after it', () => {
    expect(holderName(doc({ surname: 'MÜLLER', given_name: 'ANNA-LENA' }))).toBe('MÜLLER Anna-Lena')
    expect(holderName(doc({ name: "O'NEIL JEAN-LUC", given_name: 'JEAN-LUC' }))).toBe("O'NEIL Jean-Luc")
  })

  it('prefers separate surname and given-name fields', () => {
    expect(holderName(doc({ name: 'X Y', surname: 'Hernández', given_name: 'sofía' }))).toBe(
      'HERNÁNDEZ Sofía',
    )
  })

  it('splits "SURNAME, Given" without a given-name field', () => {
    expect(holderName(doc({ name: 'TREMBLAY, LUC' }))).toBe('TREMBLAY Luc')
  })

  it('shows a full name the given name does not fit as read (an OCR error stays visible)', () => {
    expect(holderName(doc({ name: 'TAMIHANA AR0HA', given_name: 'AROHA' }))).toBe('TAMIHANA AR0HA')
  })

  it('collapses runs of white space', () => {
    expect(holderName(doc({ name: '  ROSSI   GIULIA ', given_name: 'GIULIA' }))).toBe('ROSSI Giulia')
  })

  it('falls back to a lone surname or given name, and to null with neither', () => {
    expect(holderName(doc({ surname: 'rossi' }))).toBe('ROSSI')
    expect(holderName(doc({ given_name: 'giulia' }))).toBe('Giulia')
    expect(holderName(doc({ name: '   ', number: 'X1' }))).toBeNull()
  })
})

describe('expiryOf', () => {
  it('normalises an unambiguous date to ISO 8601', () => {
    expect(expiryOf(doc({ expire_date: '2026/07/08' }))).toBe('2026-07-08')
    expect(expiryOf(doc({ expire_date: '10 NOV 2028' }))).toBe('2028-11-10')
    expect(expiryOf(doc({ date_of_expiry: '31.01.2030' }))).toBe('2030-01-31')
  })

  it('keeps a date that could mean two days, or none, as written', () => {
    expect(expiryOf(doc({ expire_date: '03/04/2030' }))).toBe('03/04/2030')
    expect(expiryOf(doc({ expire_date: '2029-03-3l' }))).toBe('2029-03-3l')
  })

  it('is null without an expiry field', () => {
    expect(expiryOf(doc({ name: 'A B' }))).toBeNull()
  })
})

describe('caseTitle', () => {
  it('names holder, country, type, number and expiry', () => {
    expect(
      caseTitle(
        doc({ name: 'TAMIHANA AROHA', given_name: 'AROHA', number: 'LA1234567', expire_date: '2030-05-05' }),
      ),
    ).toBe('TAMIHANA Aroha · NZL passport LA1234567 · exp. 2030-05-05')
  })

  it('uses the document type in words', () => {
    expect(
      caseTitle(
        doc({ name: 'ROSSI GIULIA', given_name: 'GIULIA', number: 'CA00000AA' }, 'ITA', 'government_id'),
      ),
    ).toBe('ROSSI Giulia · ITA ID card CA00000AA')
    expect(caseTitle(doc({ name: 'TREMBLAY LUC' }, 'CAN', 'drivers_license'))).toBe(
      "TREMBLAY LUC · CAN driver's license",
    )
  })

  it('leaves out what is missing, without stray separators', () => {
    expect(caseTitle(doc({ number: 'G12345678' }, null, null))).toBe('G12345678')
    expect(caseTitle(doc({ name: 'ROSSI GIULIA' }, null, null))).toBe('ROSSI GIULIA')
    expect(caseTitle(doc({ number: 'G12345678', expire_date: '2028-11-10' }, 'MEX', null))).toBe(
      'MEX G12345678 · exp. 2028-11-10',
    )
  })

  it('takes the document number from any of its keys', () => {
    expect(caseTitle(doc({ passport_number: 'P1' }))).toBe('NZL passport P1')
  })

  it('is null until the fields name the holder or the document (a new or failed case)', () => {
    expect(caseTitle(doc({}))).toBeNull()
    expect(caseTitle(doc({ expire_date: '2030-05-05', nationality: 'NZL' }))).toBeNull()
  })

  it('follows a correction', () => {
    const before = doc({ name: 'TAMIHANA AR0HA', given_name: 'AROHA', number: 'LA1234567' })
    const after = doc({ name: 'TAMIHANA AROHA', given_name: 'AROHA', number: 'LA1234567' })
    expect(caseTitle(before)).toBe('TAMIHANA AR0HA · NZL passport LA1234567')
    expect(caseTitle(after)).toBe('TAMIHANA Aroha · NZL passport LA1234567')
  })
})
