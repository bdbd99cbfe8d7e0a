// The fixture documents' planted OCR errors are found, and the same documents with their true values raise no
// failure. Inputs are built as the app builds a case: each `result.data.raw` value with its key and side, the
// `ocr` map, and the country and type the document was recognised as.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runChecks } from '../../../../shared/checks'
import type { BarcodeRead, CheckInput } from '../../../../shared/checks/types'
import type { IdType } from '../../../../shared/primitives'
import { fixturePath } from '../../../support/paths'
import { loadTruth, truthFields } from '../../../support/truth'
import { byId, failing } from './input'

const OPTIONS = { today: '2026-01-15', minimumAge: 18 }

type Response = {
  result: {
    review_front: boolean
    review_back: boolean
    data: { raw: Record<string, { value: string }>; ocr: Record<string, string> }
  }
}

function fromResponse(id: string, barcode: BarcodeRead | null = null): CheckInput {
  const response = JSON.parse(readFileSync(fixturePath(`${id}.response.json`), 'utf8')) as Response
  const truth = loadTruth(id)
  const { raw, ocr } = response.result.data
  return {
    fields: Object.entries(raw)
      .filter(([key]) => key !== 'rotate') // the page rotation, not a field of the document
      .map(([key, v]) => ({ key, side: key.startsWith('back_') ? 'back' : 'front', value: v.value })),
    ocr,
    issuingCountry: truth.issuingCountry,
    idType: truth.idType as IdType,
    recognition: {
      reviewFront: response.result.review_front,
      reviewBack: response.result.review_back,
      sent: { issuingCountry: truth.issuingCountry, idType: truth.idType as IdType },
      verification: null,
    },
    barcode,
  }
}

/** The same case with every field's true value in place of what the OCR read. */
function withTruth(id: string, barcode: BarcodeRead | null = null): CheckInput {
  const c = fromResponse(id, barcode)
  const truth = new Map(truthFields(loadTruth(id)).map((f) => [f.responseKey, f.truth]))
  return { ...c, fields: c.fields.map((f) => ({ ...f, value: truth.get(f.key) ?? f.value })) }
}

/** What the d03 licence's PDF417 says (its truth): expiry 2026-07-06. */
const D03_BARCODE: BarcodeRead = {
  side: 'back',
  status: 'read',
  message: 'PDF417 barcode read (AAMVA version 10).',
  raw: null,
  data: {
    number: 'T76543210980706',
    surname: 'TREMBLAY',
    givenNames: 'LUC',
    birth: '1980-07-06',
    expiry: '2026-07-06',
    issue: '2021-01-01',
    sex: 'M',
    address: '10 KING ST W, TORONTO ON M5H 1A1',
    country: 'CAN',
    jurisdiction: 'ON',
    version: 10,
  },
}

describe('planted OCR errors', () => {
  it('d01: name TAMIHANA AR0HA → fix TAMIHANA AROHA', () => {
    const checks = runChecks(fromResponse('d01-utopia-passport'), OPTIONS)
    const c = byId(checks, 'mrz.match.name')
    expect(c.status).toBe('fail')
    expect(c.fix).toEqual({ key: 'name', value: 'TAMIHANA AROHA' })
    expect(c.fields).toEqual(['name', 'mrz_line1'])
    expect(failing(checks)).toEqual(['mrz.match.name'])
  })

  it('d02: number CA0O000AA → fix CA00000AA (the MRZ is on the back of the card)', () => {
    const checks = runChecks(fromResponse('d02-ita-id'), OPTIONS)
    const c = byId(checks, 'mrz.match.number')
    expect(c.status).toBe('fail')
    expect(c.fix).toEqual({ key: 'number', value: 'CA00000AA' })
    expect(c.fields).toEqual(['number', 'back_mrz_line1'])
    expect(failing(checks)).toEqual(['mrz.match.number'])
  })

  it('d03: expiry 2026/07/08 against the barcode (2026-07-06): fail, no fix', () => {
    const checks = runChecks(fromResponse('d03-can-dl', D03_BARCODE), OPTIONS)
    const c = byId(checks, 'barcode.match.expire_date')
    expect(c.status).toBe('fail')
    expect(c.fix).toBeNull()
    expect(c.values.map((v) => v.value)).toEqual(['2026/07/08', '2026-07-06'])
    expect(failing(checks)).toEqual(['barcode.match.expire_date'])
    expect(byId(checks, 'mrz.format').status).toBe('skip')
  })

  it('d04: expiry 2029-03-3l is no date and differs from the MRZ by a look-alike → fix 2029-03-31', () => {
    const checks = runChecks(fromResponse('d04-jpn-residence'), OPTIONS)
    for (const id of ['date.invalid.expire_date', 'mrz.match.expire_date']) {
      const c = byId(checks, id)
      expect(c.status, id).toBe('fail')
      expect(c.fix, id).toEqual({ key: 'expire_date', value: '2029-03-31' })
    }
    expect(failing(checks)).toEqual(['mrz.match.expire_date', 'date.invalid.expire_date'])
    // name_chn (Chinese characters) has no second source: nothing checks it.
    expect(checks.some((c) => c.fields.includes('name_chn'))).toBe(false)
  })

  it('d05: birth 1984-06-38 is no date and differs from the MRZ (840630): both values, no fix (8/0)', () => {
    const checks = runChecks(fromResponse('d05-mex-passport-turned'), OPTIONS)
    const match = byId(checks, 'mrz.match.birth')
    expect(match.status).toBe('fail')
    expect(match.fix).toBeNull()
    expect(match.values.map((v) => v.source)).toEqual(['printed', 'mrz'])
    expect(match.message).toContain('1984-06-38')
    expect(match.message).toContain('1984-06-30')
    const invalid = byId(checks, 'date.invalid.birth')
    expect(invalid.status).toBe('fail')
    expect(invalid.fix).toBeNull()
    expect(invalid.expected).toBe('1984-06-30 (from the MRZ)')
    expect(failing(checks)).toEqual(['mrz.match.birth', 'date.invalid.birth'])
  })
})

describe('a correct document raises no failure', () => {
  it.each([
    ['d01-utopia-passport', null],
    ['d02-ita-id', null],
    ['d03-can-dl', D03_BARCODE],
    ['d04-jpn-residence', null],
    ['d05-mex-passport-turned', null],
  ] as const)('%s with its true values', (id, barcode) => {
    const checks = runChecks(withTruth(id, barcode), OPTIONS)
    expect(failing(checks)).toEqual([])
    // Every comparison it could make agrees (no skip hides a disagreement).
    const matches = checks.filter((c) => c.id.includes('.match.'))
    expect(matches.length).toBeGreaterThan(3)
    for (const c of matches) expect(c.status, c.id).toBe('pass')
  })

  it('d03 expires on 2026-07-06: the day after, doc.expired fails', () => {
    const run = (today: string) =>
      byId(runChecks(withTruth('d03-can-dl', D03_BARCODE), { ...OPTIONS, today }), 'doc.expired')
    expect(run('2026-07-06').status).toBe('pass')
    expect(run('2026-07-07').status).toBe('fail')
  })
})
