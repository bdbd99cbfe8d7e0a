// The AAMVA text parser on texts written by test/support/aamva.ts (and by hand where a text must be unusual): the
// fields, the two date orders, the element layout of real barcodes (wrong offsets, CR LF, version 1 names) and the
// two ways of not being licence data. aamva-parser, an independent implementation, checks the generator.
import { parse as referenceParse } from 'aamva-parser'
import { describe, expect, it } from 'vitest'
import { BarcodeDataSchema } from '../../../shared/checks/types'
import { aamvaDate, parseAamva } from '../../../electron/services/barcode/aamva'
import { aamvaElements, aamvaText, D03_LICENCE, US_LICENCE, type AamvaLicence } from '../../support/aamva'
import { loadTruth } from '../../support/truth'

function parsed(text: string) {
  const r = parseAamva(text)
  if (!r.ok) throw new Error(`not parsed: ${r.message}`)
  return BarcodeDataSchema.parse(r.data)
}

type Person = Record<string, string>

describe('parseAamva', () => {
  it('reads the d03 Ontario licence as its truth says (Canadian CCYYMMDD dates)', () => {
    const truth = loadTruth('d03-can-dl') as unknown as { person: Person }
    const p = truth.person
    expect(aamvaText(D03_LICENCE)).toContain('DBB19800706\n')
    expect(parsed(aamvaText(D03_LICENCE))).toEqual({
      number: p.number,
      surname: p.surname,
      givenNames: p.given,
      birth: p.birth,
      expiry: p.expiry,
      issue: p.issue,
      sex: p.sex,
      address: p.address,
      country: 'CAN',
      jurisdiction: 'ON',
      version: 10,
    })
  })

  it('reads a US licence with MMDDCCYY dates, a middle name and a ZIP+4', () => {
    const text = aamvaText(US_LICENCE)
    expect(text).toContain('DBB12311990\n')
    expect(parsed(text)).toEqual({
      number: 'D1234567',
      surname: 'SAMPLE',
      givenNames: 'JANE ANN MARIE',
      birth: '1990-12-31',
      expiry: '2029-12-31',
      issue: '2024-02-15',
      sex: 'F',
      address: '2570 24TH STREET, SACRAMENTO CA 95818-1234',
      country: 'USA',
      jurisdiction: 'CA',
      version: 10,
    })
  })

  it('writes texts that an independent parser reads the same way (US dates, names, number, address)', () => {
    const ref = referenceParse(aamvaText(US_LICENCE))
    expect([ref.lastName, ref.firstName, ref.middleName, ref.driversLicenseId]).toEqual([
      'SAMPLE',
      'JANE',
      'ANN MARIE',
      'D1234567',
    ])
    expect([ref.city, ref.state, ref.streetAddress, ref.countryCode]).toEqual([
      'SACRAMENTO',
      'CA',
      '2570 24TH STREET',
      'USA',
    ])
    const d = ref.dateOfBirth!
    expect([d.getFullYear(), d.getMonth() + 1, d.getDate()]).toEqual([1990, 12, 31])
  })

  it('drops an unknown ZIP+4 (0000) and keeps a five-digit ZIP', () => {
    expect(parsed(aamvaText({ ...US_LICENCE, postal: '95818' })).address).toBe(
      '2570 24TH STREET, SACRAMENTO CA 95818',
    )
  })

  it('reads elements by their place, not by searching: a surname holding DAI, a street holding DAK', () => {
    // A search for "DAI" would find it inside DAIGLE and read the city as "GLE".
    const l: AamvaLicence = {
      ...D03_LICENCE,
      jurisdiction: 'QC',
      surname: 'DAIGLE',
      street: '5 DAKOTA DAG RD',
    }
    const d = parsed(aamvaText(l))
    expect(d.surname).toBe('DAIGLE')
    expect(d.address).toBe('5 DAKOTA DAG RD, TORONTO QC M5H 1A1')
  })

  it('maps DBC 1/2/9 to M/F/X and anything else to null', () => {
    for (const [sex, code] of [
      ['M', '1'],
      ['F', '2'],
      ['X', '9'],
    ] as const) {
      expect(parsed(aamvaText({ ...D03_LICENCE, sex })).sex).toBe(sex)
      expect(aamvaText({ ...D03_LICENCE, sex })).toContain(`DBC${code}\n`)
    }
    const elements = aamvaElements(D03_LICENCE).map(([id, v]): [string, string] => [
      id,
      id === 'DBC' ? '0' : v,
    ])
    expect(parsed(aamvaText(D03_LICENCE, elements)).sex).toBeNull()
  })

  it('reads a date written in the other country’s order, and refuses dates that do not exist', () => {
    expect(aamvaDate('07061980', true)).toBe('1980-07-06')
    expect(aamvaDate('19800706', false)).toBe('1980-07-06')
    expect(aamvaDate('20230229', true)).toBeNull()
    expect(aamvaDate('20241301', true)).toBeNull()
    expect(aamvaDate('2024011', true)).toBeNull()
    expect(aamvaDate('20240229', true)).toBe('2024-02-29')
    const elements = aamvaElements(D03_LICENCE).map(([id, v]): [string, string] => [
      id,
      id === 'DBA' ? '20261306' : v,
    ])
    const d = parsed(aamvaText(D03_LICENCE, elements))
    expect([d.expiry, d.birth]).toEqual([null, '1980-07-06'])
  })

  it('finds the subfile when the directory offsets are wrong, and reads CR LF separators', () => {
    const text = aamvaText(US_LICENCE).replace(/DL00310\d{3}/, 'DL00990999')
    expect(parsed(text).number).toBe('D1234567')
    const crlf = aamvaText(D03_LICENCE).replace(/\n(?=[A-Z]{3})/g, '\r\n')
    expect(parsed(crlf).address).toBe('10 KING ST W, TORONTO ON M5H 1A1')
  })

  it('reads an ID card subfile and a version 1 text with the whole name in DAA', () => {
    expect(parsed(aamvaText({ ...US_LICENCE, subfile: 'ID' })).surname).toBe('SAMPLE')
    const v1 =
      '@\n\x1e\rANSI 6360000101DL00210070DLDAAPUBLIC,JOHN,QUINCY\nDAQ123456789\nDBB19700102\nDAJVA\nDBC1\r'
    expect(parsed(v1)).toMatchObject({
      surname: 'PUBLIC',
      givenNames: 'JOHN QUINCY',
      number: '123456789',
      birth: '1970-01-02',
      country: 'USA',
      version: 1,
    })
  })

  it('says when a text is not AAMVA, and when an AAMVA text holds no licence', () => {
    const plain = parseAamva('HELLO WORLD')
    expect(plain).toMatchObject({ ok: false, notAamva: true })
    expect(!plain.ok && plain.message).toMatch(/not hold AAMVA/)

    const noSubfile = parseAamva('@\n\x1e\rANSI 636012100001ZO00310010ZOZOAX\r')
    expect(noSubfile).toMatchObject({ ok: false, notAamva: false })
    expect(!noSubfile.ok && noSubfile.message).toMatch(/no driving-licence or ID subfile/)

    const empty = parseAamva(aamvaText(D03_LICENCE, [['DAY', 'BRO']]))
    expect(empty).toMatchObject({ ok: false, notAamva: false })
    expect(!empty.ok && empty.message).toMatch(/could not be read/)
  })
})
