// Turns an ARGOS answer (synchronous response or callback) into a Recognition. Shape A (API-NOTES, primary)
// is passed through whole; shape B ("defensive") is converted into a shape-A-like raw map without coordinates,
// so fieldsFromRaw() handles both. Anything else is null: the caller reports it with the body kept.
import { z } from 'zod'
import type { ProviderVerification } from '../../../shared/checks/types'
import { ShapeAResponse } from './argos-schema'
import { ocrStrings } from './fields'

export type Recognition = {
  transactionId: string
  shape: 'A' | 'B'
  /** Shape A: `result.data.raw` exactly as received (unknown keys kept). Shape B: converted, no coordinates. */
  raw: Record<string, unknown>
  ocr: Record<string, string>
  documentType: string | null
  /** `raw.rotate.value` (a string, most likely degrees; undocumented). */
  rotate: string | null
  reviewFront: boolean | null
  reviewBack: boolean | null
  /** `result.verificationStatus` when the answer has one (shape B documents it; shape A may carry it too). */
  verification: ProviderVerification | null
}

const Verification = z
  .object({
    isValid: z.boolean().nullish(),
    confidence: z.number().finite().nullish(),
    verificationScore: z.number().finite().nullish(),
  })
  .passthrough()

/** The provider's verdict, read leniently: any of its three members, or null when none is usable. */
function verificationOf(result: Record<string, unknown>): ProviderVerification | null {
  const v = Verification.safeParse(result['verificationStatus'])
  if (!v.success) return null
  const out = {
    isValid: v.data.isValid ?? null,
    confidence: v.data.confidence ?? null,
    verificationScore: v.data.verificationScore ?? null,
  }
  return out.isValid === null && out.confidence === null && out.verificationScore === null ? null : out
}

const Text = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .nullish()
const Confidence = z.number().finite().min(0).max(1).nullish()

const ShapeBResponse = z
  .object({
    transactionId: z.string().min(1),
    result: z
      .object({
        documentInfo: z
          .object({
            documentType: Text,
            documentNumber: Text,
            issueDate: Text,
            expiryDate: Text,
            issuingAuthority: Text,
          })
          .passthrough()
          .optional(),
        personalInfo: z
          .object({
            fullName: Text,
            firstName: Text,
            middleName: Text,
            lastName: Text,
            dateOfBirth: Text,
            gender: Text,
            nationality: Text,
            address: z
              .union([
                z
                  .object({ street: Text, city: Text, state: Text, zipCode: Text, country: Text })
                  .passthrough(),
                z.string(),
              ])
              .nullish(),
          })
          .passthrough()
          .optional(),
        verificationStatus: z.object({ confidence: Confidence }).passthrough().nullish(),
        ocrData: z.object({ confidence: Confidence }).passthrough().nullish(),
      })
      .passthrough()
      .refine((r) => r.documentInfo !== undefined || r.personalInfo !== undefined),
  })
  .passthrough()
type ShapeBResponse = z.infer<typeof ShapeBResponse>

function fromShapeA(response: ShapeAResponse): Recognition {
  const { result } = response
  const rotate = result.data.raw.rotate
  const rotateValue =
    typeof rotate === 'object' && rotate !== null ? (rotate as Record<string, unknown>).value : undefined
  return {
    transactionId: response.transactionId,
    shape: 'A',
    raw: result.data.raw,
    ocr: ocrStrings(result.data.ocr),
    documentType: result.document_type ?? null,
    rotate: typeof rotateValue === 'string' || typeof rotateValue === 'number' ? String(rotateValue) : null,
    reviewFront: result.review_front ?? null,
    reviewBack: result.review_back ?? null,
    verification: verificationOf(result),
  }
}

function fromShapeB(response: ShapeBResponse): Recognition {
  const doc = response.result.documentInfo ?? {}
  const person = response.result.personalInfo ?? {}
  const confidence = response.result.verificationStatus?.confidence ?? response.result.ocrData?.confidence
  const score = typeof confidence === 'number' ? Math.round(confidence * 100) : undefined
  const address =
    typeof person.address === 'string'
      ? person.address
      : [
          person.address?.street,
          person.address?.city,
          person.address?.state,
          person.address?.zipCode,
          person.address?.country,
        ]
          .filter((part): part is string => !!part)
          .join(', ')
  const fullName =
    person.fullName ||
    [person.firstName, person.middleName, person.lastName].filter((part): part is string => !!part).join(' ')

  // Keys as shape A names them (the fixtures: name, given_name, number, birth, ...), so labels and CSV agree.
  const values: [string, string | null | undefined][] = [
    ['name', fullName],
    ['given_name', person.firstName],
    ['middle_name', person.middleName],
    ['surname', person.lastName],
    ['number', doc.documentNumber],
    ['birth', person.dateOfBirth],
    ['gender', person.gender],
    ['nationality', person.nationality],
    ['issue_date', doc.issueDate],
    ['expire_date', doc.expiryDate],
    ['authority', doc.issuingAuthority],
    ['address', address],
  ]
  const raw: Record<string, unknown> = {}
  for (const [key, value] of values) {
    if (value) raw[key] = score === undefined ? { value } : { value, score }
  }
  // The same values under shape A's `ocr_*` names, for what reads `ocr` (MRZ panel, export).
  const ocrValues: [string, string | null | undefined][] = [
    ['ocr_fullName', fullName],
    ['ocr_firstName', person.firstName],
    ['ocr_middleName', person.middleName],
    ['ocr_lastName', person.lastName],
    ['ocr_gender', person.gender],
    ['ocr_nationality', person.nationality],
    ['ocr_birthDate', person.dateOfBirth],
    ['ocr_number', doc.documentNumber],
    ['ocr_issueDate', doc.issueDate],
    ['ocr_expireDate', doc.expiryDate],
  ]
  const ocr: Record<string, string> = {}
  for (const [key, value] of ocrValues) if (value) ocr[key] = value
  return {
    transactionId: response.transactionId,
    shape: 'B',
    raw,
    ocr,
    documentType: doc.documentType || null,
    rotate: null,
    reviewFront: null,
    reviewBack: null,
    verification: verificationOf(response.result),
  }
}

/** `{transactionId, result}` (a response or a callback body) as a Recognition, or null when neither shape. */
export function parseRecognition(json: unknown): Recognition | null {
  const a = ShapeAResponse.safeParse(json)
  if (a.success) return fromShapeA(a.data)
  const b = ShapeBResponse.safeParse(json)
  if (b.success) return fromShapeB(b.data)
  return null
}
