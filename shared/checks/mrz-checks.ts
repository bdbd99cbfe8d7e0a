// mrz.format and mrz.digit.*: is there an MRZ, can it be read, and does each check digit agree with the characters
// it protects. A failing check digit never suggests a repair: the 7-3-1 weighting gives the same digit for
// characters whose values are equal mod 10 (L/1, G/6, S/8, B/1, O/4, U/0…), so the digit cannot say which character
// is wrong, only that one is.
import { makeCheck, shown } from './check'
import { mrzCountry } from './country'
import { FORMAT_LABEL, type MrzDigit, type MrzDigitId, type MrzReading, type ParsedMrz } from './mrz'
import type { Check, RecognizeAs } from './types'
import type { IdType } from '../primitives'

/** The ID type a document code stands for: P passport, V visa; I, A, C an ID card (IR, AR, CR: residence permit). */
export function idTypeOfCode(code: string): IdType | null {
  const first = code[0]
  if (first === 'P') return 'passport'
  if (first === 'V') return 'visa'
  if (first === 'I' || first === 'A' || first === 'C')
    return code[1] === 'R' ? 'residence_permit' : 'government_id'
  return null
}

/** The MRZ's own country and type ("recognise again as the MRZ says"); null when it does not say both. */
export function recognizeAsOf(mrz: ParsedMrz): RecognizeAs | null {
  const issuingCountry = mrzCountry(mrz.issuingState.raw)
  const idType = idTypeOfCode(mrz.documentCode)
  return issuingCountry && idType ? { issuingCountry, idType } : null
}

export function formatCheck(reading: MrzReading): Check {
  if (reading.kind === 'none') {
    return makeCheck('mrz.format', 'skip', { message: 'No machine-readable zone on this document.' })
  }
  const source = reading.kind === 'parsed' ? reading.mrz : reading.source
  const values = source.lines.map((line, i) =>
    shown('mrz', `MRZ line ${i + 1}`, line, source.keys[i] ?? null),
  )
  if (reading.kind === 'invalid') {
    return makeCheck('mrz.format', 'fail', {
      fields: source.keys,
      values,
      message: `${reading.problem} Look closer at the MRZ lines as read.`,
    })
  }
  const { format } = reading.mrz
  return makeCheck('mrz.format', 'pass', {
    fields: source.keys,
    values,
    message: `${FORMAT_LABEL[format]}.`,
    recognizeAs: recognizeAsOf(reading.mrz),
  })
}

const DIGIT_WHAT: Record<MrzDigitId, string> = {
  number: 'document number',
  birth: 'date of birth',
  expiry: 'expiry date',
  optional: 'personal number',
  composite: 'composite (number, dates and optional data)',
}

function digitCheck(mrz: ParsedMrz, d: MrzDigit): Check {
  const what = DIGIT_WHAT[d.id]
  const line = d.lines[0]! + 1
  const fields = d.lines.map((l) => mrz.keys[l] ?? null)
  const values = [
    shown('mrz', `MRZ line ${line}, ${what}`, d.covers, fields[0] ?? null),
    shown('mrz', 'Check digit read', d.read, fields[0] ?? null),
    shown('rule', 'Check digit computed', d.computed),
  ]
  const id = `mrz.digit.${d.id}`
  if (d.valid) {
    const message =
      d.id === 'optional' && d.covers.replace(/</g, '') === ''
        ? `No personal number; its check digit is ${d.read}, as it should be.`
        : `The ${what} check digit (${d.read}) agrees with the characters it protects.`
    return makeCheck(id, 'pass', { fields, values, message, expected: d.computed })
  }
  return makeCheck(id, 'fail', {
    fields,
    values,
    expected: d.computed,
    message:
      `The ${what} check digit on MRZ line ${line} reads ${d.read}, but the characters it protects give ` +
      `${d.computed}: look closer at the MRZ. A check digit cannot tell which character is wrong (O and 4, L and ` +
      `1 weigh the same), so no correction is suggested.`,
  })
}

/** One check per check digit the format has, in the order number, birth, expiry, optional, composite. */
export function digitChecks(reading: MrzReading): Check[] {
  if (reading.kind !== 'parsed') return []
  const order: MrzDigitId[] = ['number', 'birth', 'expiry', 'optional', 'composite']
  return order.flatMap((id) => {
    const d = reading.mrz.digits.find((x) => x.id === id)
    return d ? [digitCheck(reading.mrz, d)] : []
  })
}
