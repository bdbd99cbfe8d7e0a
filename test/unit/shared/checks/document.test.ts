import { describe, expect, it } from 'vitest'
import { runChecks } from '../../../../shared/checks'
import type { BarcodeData, BarcodeRead, CheckInput } from '../../../../shared/checks/types'
import type { IdType } from '../../../../shared/primitives'
import { OPTIONS, SPECIMEN, byId, failing, input, put, td3, withComposite } from './input'

type Recognition = NonNullable<CheckInput['recognition']>
const recognition = (r: Partial<Recognition> = {}): Recognition => ({
  reviewFront: true,
  reviewBack: null,
  sent: null,
  verification: null,
  ...r,
})

const DATA: BarcodeData = {
  number: 'D1234-56789-01234',
  surname: 'SMITH',
  givenNames: 'JOHN PAUL',
  birth: '1980-07-06',
  expiry: '2030-07-06',
  issue: '2022-01-01',
  sex: 'M',
  address: '123 MAIN ST, SACRAMENTO CA 958141234',
  country: 'USA',
  jurisdiction: 'CA',
  version: 10,
}
const read = (data: BarcodeData | null, status: BarcodeRead['status'] = 'read'): BarcodeRead => ({
  side: 'back',
  status,
  message:
    status === 'read' ? 'PDF417 barcode read (AAMVA version 10).' : 'No PDF417 barcode could be decoded.',
  raw: data ? '@\n…' : null,
  data,
})

describe('country.match and type.match', () => {
  const run = (
    mrz: readonly string[],
    issuingCountry: string | null,
    idType: IdType | null,
    r?: Recognition,
  ) => runChecks(input({ number: 'X' }, { mrz, issuingCountry, idType, recognition: r ?? null }), OPTIONS)

  it('pass when the chosen country and type agree with the MRZ', () => {
    const checks = run(SPECIMEN.TD3, 'UTO', 'passport')
    expect(byId(checks, 'country.match').status).toBe('pass')
    expect(byId(checks, 'type.match').status).toBe('pass')
  })

  it('fail with the MRZ country and type to recognise again with', () => {
    const checks = run(SPECIMEN.TD3, 'NZL', 'government_id')
    const country = byId(checks, 'country.match')
    expect(country.status).toBe('fail')
    expect(country.recognizeAs).toEqual({ issuingCountry: 'UTO', idType: 'passport' })
    expect(country.values.map((v) => [v.source, v.value])).toEqual([
      ['chosen', 'NZL'],
      ['mrz', 'UTO'],
    ])
    expect(country.message).toContain('NZL')
    expect(country.message).toContain('UTO')
    const type = byId(checks, 'type.match')
    expect(type.status).toBe('fail')
    expect(type.recognizeAs).toEqual({ issuingCountry: 'UTO', idType: 'passport' })
  })

  it('compares what the recognition was sent with before the case choice', () => {
    const sent = recognition({ sent: { issuingCountry: 'NZL', idType: 'passport' } })
    expect(byId(run(SPECIMEN.TD3, 'UTO', 'passport', sent), 'country.match').status).toBe('fail')
  })

  it("reads ICAO's D as DEU", () => {
    expect(byId(run(td3({ state: 'D<<' }), 'DEU', 'passport'), 'country.match').status).toBe('pass')
  })

  it.each<[readonly string[], IdType, string, IdType | null]>([
    [SPECIMEN.TD1, 'government_id', 'pass', null],
    [SPECIMEN.TD1, 'residence_permit', 'pass', null],
    [SPECIMEN.TD1, 'drivers_license', 'pass', null],
    [SPECIMEN.TD1, 'passport', 'fail', 'government_id'],
    [SPECIMEN.TD2, 'visa', 'fail', 'government_id'],
    [
      withComposite([put(SPECIMEN.TD1[0], 1, 'R'), SPECIMEN.TD1[1], SPECIMEN.TD1[2]]),
      'passport',
      'fail',
      'residence_permit',
    ],
    [SPECIMEN['MRV-A'], 'visa', 'pass', null],
    [SPECIMEN['MRV-B'], 'passport', 'fail', 'visa'],
    [SPECIMEN.TD3, 'visa', 'fail', 'passport'],
  ])('type.match %#: chosen %s', (mrz, chosen, expected, suggested) => {
    const c = byId(run(mrz, 'UTO', chosen), 'type.match')
    expect(c.status).toBe(expected)
    expect(c.recognizeAs?.idType ?? null).toBe(suggested)
  })

  it('skip without an MRZ or without a choice', () => {
    expect(byId(run([], 'UTO', 'passport'), 'country.match').status).toBe('skip')
    expect(byId(run(SPECIMEN.TD3, null, null), 'country.match').status).toBe('skip')
    expect(byId(run(SPECIMEN.TD3, null, null), 'type.match').status).toBe('skip')
  })
})

describe('argos.verification', () => {
  const check = (r: Recognition | null, fields: Record<string, string> = { number: 'X' }) =>
    byId(runChecks(input(fields, { recognition: r }), OPTIONS), 'argos.verification')

  it('skips before recognition', () => {
    expect(check(null).status).toBe('skip')
  })

  it('fails when the provider says the document is not valid, showing what it said', () => {
    const c = check(recognition({ verification: { isValid: false, confidence: 0.42, verificationScore: 3 } }))
    expect(c.status).toBe('fail')
    expect(c.message).toContain('42%')
    expect(c.values.filter((v) => v.source === 'provider').map((v) => v.value)).toEqual(
      expect.arrayContaining(['not valid', '42%', '3']),
    )
  })

  it('warns when the provider returned nothing for a side it was sent', () => {
    const warnBack = (fields: Record<string, string>, back: object | null) =>
      byId(
        runChecks({ ...input(fields, { recognition: recognition({ reviewBack: false }) }), back }, OPTIONS),
        'argos.verification',
      ).status
    // A back was sent and came back flagged false with no field: nothing was read there.
    expect(warnBack({ number: 'X' }, { file: 'back.jpg' })).toBe('warn')
    // Flagged false but with back fields: it has a result (the fixtures answer so), nothing to warn of.
    expect(warnBack({ number: 'X', back_address: 'Y' }, { file: 'back.jpg' })).not.toBe('warn')
    // No back sent: review_back = false says nothing.
    expect(warnBack({ number: 'X' }, null)).not.toBe('warn')
    expect(check(recognition({ reviewFront: false }), { back_address: 'Y' }).status).toBe('warn')
    expect(check(recognition({ reviewFront: false })).status).not.toBe('warn')
  })

  it('passes when the provider accepted the document or reviewed every side', () => {
    expect(
      check(recognition({ verification: { isValid: true, confidence: 0.9, verificationScore: null } }))
        .status,
    ).toBe('pass')
    expect(check(recognition({ reviewBack: true }), { number: 'X', back_address: 'Y' }).status).toBe('pass')
  })

  it('skips when the provider said nothing either way', () => {
    expect(check(recognition({ reviewFront: null })).status).toBe('skip')
  })
})

describe('barcode', () => {
  const PRINTED = {
    license_number: 'D1234 56789 01234',
    name: 'SMITH JOHN PAUL',
    first_name: 'John Paul',
    birth: '07/06/1980',
    expire_date: '2030-07-06',
    sex: 'M',
    address: '123 Main St., Sacramento, CA 95814',
  }

  it('an unreadable barcode is a skip, never a failure, and compares nothing', () => {
    const checks = runChecks(input(PRINTED, { barcode: read(null, 'unreadable') }), OPTIONS)
    const c = byId(checks, 'barcode.read')
    expect(c.status).toBe('skip')
    expect(c.message).toBe('No PDF417 barcode could be decoded.')
    expect(checks.filter((x) => x.id.startsWith('barcode.match.'))).toEqual([])
  })

  it('a read barcode is compared with every printed field it carries', () => {
    const checks = runChecks(input(PRINTED, { barcode: read(DATA) }), OPTIONS)
    expect(checks.filter((c) => c.id.startsWith('barcode.')).map((c) => [c.id, c.status])).toEqual([
      ['barcode.read', 'pass'],
      ['barcode.match.license_number', 'pass'],
      ['barcode.match.name', 'pass'],
      ['barcode.match.first_name', 'pass'],
      ['barcode.match.birth', 'pass'],
      ['barcode.match.expire_date', 'pass'],
      ['barcode.match.sex', 'pass'],
      ['barcode.match.address', 'pass'],
    ])
    expect(failing(checks)).toEqual([])
  })

  it('a look-alike-only mismatch suggests the barcode reading (it has no check digit to doubt)', () => {
    const checks = runChecks(input({ license_number: 'D1234-S6789-01234' }, { barcode: read(DATA) }), OPTIONS)
    const c = byId(checks, 'barcode.match.license_number')
    expect(c.status).toBe('fail')
    expect(c.fix).toEqual({ key: 'license_number', value: 'D1234-56789-01234' })
    expect(c.values.map((v) => v.source)).toEqual(['printed', 'barcode'])
  })

  it('other mismatches fail without a fix', () => {
    const checks = runChecks(
      input(
        { expire_date: '2030-07-08', address: '125 MAIN ST, SACRAMENTO CA 95814', sex: 'F' },
        { barcode: read(DATA) },
      ),
      OPTIONS,
    )
    for (const id of ['barcode.match.expire_date', 'barcode.match.address', 'barcode.match.sex']) {
      expect(byId(checks, id).status).toBe('fail')
      expect(byId(checks, id).fix).toBeNull()
    }
  })

  it('a printed field the barcode does not carry is a skip', () => {
    const checks = runChecks(
      input({ address: '1 MAIN ST' }, { barcode: read({ ...DATA, address: null }) }),
      OPTIONS,
    )
    expect(byId(checks, 'barcode.match.address').status).toBe('skip')
  })

  it('the barcode dates stand in for unreadable printed dates', () => {
    const checks = runChecks(
      input({ expire_date: '2030-07-0x' }, { barcode: read({ ...DATA, expiry: '2020-01-01' }) }),
      OPTIONS,
    )
    expect(byId(checks, 'doc.expired').status).toBe('fail')
    expect(byId(checks, 'date.invalid.expire_date').expected).toBe('2020-01-01 (from the barcode)')
  })
})

describe('runChecks', () => {
  it('returns nothing for a case with no fields, no OCR values and no barcode', () => {
    expect(runChecks(input({}), OPTIONS)).toEqual([])
    expect(runChecks(input({}, { ocr: { full_mrz: '' }, recognition: recognition() }), OPTIONS)).toEqual([])
  })

  it('is deterministic and in the stable order', () => {
    const make = () =>
      input(
        {
          number: 'L898902C3',
          birth: '1974-08-12',
          expire_date: '2030-04-15',
          back_issue_date: '2020-04-16',
          name: 'ERIKSSON ANNA MARIA',
        },
        {
          mrz: td3(),
          issuingCountry: 'UTO',
          idType: 'passport',
          recognition: recognition(),
          barcode: read(DATA),
        },
      )
    const checks = runChecks(make(), OPTIONS)
    expect(runChecks(make(), OPTIONS)).toEqual(checks)
    const groups = [
      /^mrz\.format$/,
      /^mrz\.digit\./,
      /^mrz\.match\./,
      /^barcode\./,
      /^date\.invalid\./,
      /^doc\./,
      /^holder\.age$/,
      /^country\.match$/,
      /^type\.match$/,
      /^argos\.verification$/,
    ]
    const rank = checks.map((c) => groups.findIndex((g) => g.test(c.id)))
    expect(rank).not.toContain(-1)
    expect(rank).toEqual([...rank].sort((a, b) => a - b))
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length)
  })

  it('never calls a finding fraud', () => {
    const checks = runChecks(
      input(
        { number: 'X', birth: '2030-01-01', expire_date: '2000-01-01' },
        { mrz: [SPECIMEN.TD3[0], SPECIMEN.TD3[1].replace('6', '5')] },
      ),
      OPTIONS,
    )
    for (const c of checks) expect(c.message).not.toMatch(/fraud|forg|fake/i)
  })
})
