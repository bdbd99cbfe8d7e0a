// country.match and type.match (what the reviewer chose, or the recognition was sent with, against what the MRZ
// says), and argos.verification (the provider's own verdict). A wrong country or type is the commonest cause of
// a poor recognition, so a failure carries the MRZ's country and type to recognise again with.
import { makeCheck, shown } from './check'
import { mrzCountry } from './country'
import type { MrzReading } from './mrz'
import { idTypeOfCode, recognizeAsOf } from './mrz-checks'
import type { Check, CheckInput } from './types'
import type { IdType } from '../primitives'

/** What the recognition was sent with, else what is chosen for the case now. */
function chosen(input: CheckInput): { country: string | null; idType: IdType | null } {
  const sent = input.recognition?.sent
  return { country: sent?.issuingCountry ?? input.issuingCountry, idType: sent?.idType ?? input.idType }
}

const ID_CARD_TYPES: readonly IdType[] = ['government_id', 'residence_permit', 'drivers_license']

export function countryAndTypeChecks(input: CheckInput, reading: MrzReading): Check[] {
  if (reading.kind !== 'parsed') {
    const why =
      reading.kind === 'none' ? 'No machine-readable zone to compare with.' : 'The MRZ could not be read.'
    return [
      makeCheck('country.match', 'skip', { message: why }),
      makeCheck('type.match', 'skip', { message: why }),
    ]
  }
  const { mrz } = reading
  const choice = chosen(input)
  const recognizeAs = recognizeAsOf(mrz)
  const line1 = mrz.keys[0] ?? null
  const out: Check[] = []

  const state = mrzCountry(mrz.issuingState.raw)
  const stateShown = mrz.issuingState.raw.replace(/</g, '') || 'empty'
  if (!choice.country || !state) {
    out.push(
      makeCheck('country.match', 'skip', {
        fields: [line1],
        message: !choice.country
          ? 'No issuing country has been chosen for this case.'
          : `The MRZ's issuing state (${stateShown}) is not a state code.`,
      }),
    )
  } else {
    const agree = state === choice.country
    out.push(
      makeCheck('country.match', agree ? 'pass' : 'fail', {
        fields: [line1],
        values: [
          shown('chosen', 'Issuing country chosen', choice.country),
          shown('mrz', 'MRZ line 1, issuing state', stateShown, line1),
        ],
        expected: `${state} (from the MRZ)`,
        recognizeAs: agree ? null : recognizeAs,
        message: agree
          ? `The chosen issuing country ${choice.country} agrees with the MRZ.`
          : `The case was recognised as issued by ${choice.country}, but the MRZ says ${state}: look closer, and ` +
            `recognise again as ${state} if the MRZ is right.`,
      }),
    )
  }

  const mrzType = idTypeOfCode(mrz.documentCode)
  if (!choice.idType || !mrzType) {
    out.push(
      makeCheck('type.match', 'skip', {
        fields: [line1],
        message: !choice.idType
          ? 'No ID type has been chosen for this case.'
          : `The MRZ's document code (${mrz.documentCode}) names no ID type.`,
      }),
    )
  } else {
    // I, A and C cover every TD1/TD2 card: an ID card, a residence permit, some driving licences.
    const agree =
      mrzType === 'passport' || mrzType === 'visa'
        ? choice.idType === mrzType
        : ID_CARD_TYPES.includes(choice.idType)
    out.push(
      makeCheck('type.match', agree ? 'pass' : 'fail', {
        fields: [line1],
        values: [
          shown('chosen', 'ID type chosen', choice.idType),
          shown('mrz', 'MRZ line 1, document code', mrz.documentCode, line1),
        ],
        expected: `${mrzType} (MRZ document code ${mrz.documentCode})`,
        recognizeAs: agree ? null : recognizeAs,
        message: agree
          ? `The chosen ID type ${choice.idType} fits the MRZ document code ${mrz.documentCode}.`
          : `The case was recognised as ${choice.idType}, but the MRZ document code ${mrz.documentCode} is a ` +
            `${mrzType}: look closer, and recognise again as ${mrzType} if the MRZ is right.`,
      }),
    )
  }
  return out
}

const yesNo = (b: boolean | null): string => (b === null ? 'not said' : b ? 'yes' : 'no')

export function verificationCheck(input: CheckInput): Check {
  const r = input.recognition
  if (!r) return makeCheck('argos.verification', 'skip', { message: 'Not recognised by the provider yet.' })
  const v = r.verification
  const frontFields = input.fields.some((f) => f.side === 'front')
  const backFields = input.fields.some((f) => f.side === 'back')
  const hasBack = backFields || (input.back !== undefined && input.back !== null)
  const values = [
    ...(v
      ? [
          shown(
            'provider',
            'Verification',
            v.isValid === null ? 'not said' : v.isValid ? 'valid' : 'not valid',
          ),
          shown(
            'provider',
            'Confidence',
            v.confidence === null ? 'not said' : `${Math.round(v.confidence * 100)}%`,
          ),
          shown(
            'provider',
            'Verification score',
            v.verificationScore === null ? 'not said' : String(v.verificationScore),
          ),
        ]
      : []),
    shown('provider', 'Front reviewed', yesNo(r.reviewFront)),
    ...(hasBack ? [shown('provider', 'Back reviewed', yesNo(r.reviewBack))] : []),
  ]
  const confidence = v?.confidence != null ? ` (confidence ${Math.round(v.confidence * 100)}%)` : ''
  if (v?.isValid === false) {
    return makeCheck('argos.verification', 'fail', {
      values,
      expected: 'a valid verdict',
      message: `The provider's verification did not accept this document${confidence}: look closer.`,
    })
  }
  // review_front / review_back say "a result exists for that side" (API-NOTES). A side that came back with fields
  // has a result whatever its flag says (the fixtures answer review_back: false beside back_ fields), so only a
  // side sent, flagged false and without a single field is missing.
  const missing = [
    r.reviewFront === false && !frontFields ? 'front' : null,
    hasBack && r.reviewBack === false && !backFields ? 'back' : null,
  ].filter((s) => s !== null)
  if (missing.length) {
    return makeCheck('argos.verification', 'warn', {
      values,
      expected: 'a result for every side sent',
      message: `The provider returned no result for the ${missing.join(' and ')}: look at ${missing.length > 1 ? 'those sides' : 'that side'} yourself.`,
    })
  }
  const flagsAllTrue = r.reviewFront === true && (!hasBack || r.reviewBack === true)
  if (v?.isValid === true || flagsAllTrue) {
    return makeCheck('argos.verification', 'pass', {
      values,
      message:
        v?.isValid === true
          ? `The provider's verification accepted this document${confidence}.`
          : 'The provider returned a result for every side.',
    })
  }
  return makeCheck('argos.verification', 'skip', {
    values,
    message: 'The provider gave no verdict on this document.',
  })
}
