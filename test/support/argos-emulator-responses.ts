// Bodies the emulator answers: request validation, shape-A results rescaled to the received images,
// the error form, and the deliberately odd bodies used by fault injection (shape B, malformed).
import { mapPoint } from './argos-emulator-registry'
import type { FixtureDocument, Point, SideMatch } from './argos-emulator-registry'

export const API_TYPE = 'id_recognition'

/** Messages of the API-NOTES error table. */
export const ERROR_MESSAGES: Readonly<Record<string, string>> = {
  '1001': 'Workspace is unavailable',
  '1003': 'Fail to process data',
  '1005': 'idImage is required',
  '1006': 'issuingCountry is required',
  '1009': 'Fail to analyze document',
  '1010': 'callbackUrl is required',
  '1011': 'Fail to recognize idCard',
  '1012': 'Fail to recognize back of an idCard',
  '1013': 'Invalid image format',
  '1014': 'idType is required',
  '1015': 'invalid inputs : missing fields',
}

export const ID_TYPES: readonly string[] = [
  'government_id',
  'passport',
  'drivers_license',
  'residence_permit',
  'vehicle_registration_certificate',
  'visa',
  'aadhaar',
  'pancard',
]

export interface ErrorBody {
  statusCode: 400
  apiType: string
  transactionId: string
  errorCode: string
  message: string
}

/** `{message}` text of an injected HTTP fault. */
export function httpMessage(status: number): string {
  const messages: Record<number, string> = {
    413: 'Request Entity Too Large',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  }
  return messages[status] ?? `HTTP ${status}`
}

export function errorBody(transactionId: string, errorCode: string, message?: string): ErrorBody {
  const text = message ?? ERROR_MESSAGES[errorCode] ?? 'Fail to process data'
  return { statusCode: 400, apiType: API_TYPE, transactionId, errorCode, message: text }
}

export interface ValidRequest {
  front: Buffer
  back: Buffer | null
  issuingCountry: string
  idType: string
  callbackUrl: string | null
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === ''
}

/**
 * Strict raw base64 of a JPEG or PNG, or null. Strict = canonical: padded, no whitespace, no `data:` prefix
 * (the contract forbids it), no base64url. Checked by re-encoding, which is ~7× faster than a regex on MBs.
 */
export function decodeImage(value: unknown): Buffer | null {
  if (typeof value !== 'string' || value === '') return null
  const bytes = Buffer.from(value, 'base64')
  if (bytes.toString('base64') !== value) return null
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
  const png = bytes.subarray(0, 8).equals(PNG_SIGNATURE)
  return jpeg || png ? bytes : null
}

/** Decoded size of a base64 string, without decoding it (for the request log). */
export function base64Bytes(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0
  return Math.floor((value.length * 3) / 4) - padding
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * Validates a request body in the provider's order: presence (1005, 1006, 1014), then values (1015:
 * idType outside the enum, issuingCountry not three capitals, callbackUrl not an http(s) URL), then images (1013).
 */
export function validateRequest(
  body: unknown,
): { ok: true; request: ValidRequest } | { ok: false; code: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, code: '1015' }
  const b = body as Record<string, unknown>
  if (isMissing(b.idImage)) return { ok: false, code: '1005' }
  if (isMissing(b.issuingCountry)) return { ok: false, code: '1006' }
  if (isMissing(b.idType)) return { ok: false, code: '1014' }
  if (typeof b.issuingCountry !== 'string' || !/^[A-Z]{3}$/.test(b.issuingCountry))
    return { ok: false, code: '1015' }
  if (typeof b.idType !== 'string' || !ID_TYPES.includes(b.idType)) return { ok: false, code: '1015' }
  const callbackUrl = isMissing(b.callbackUrl) ? null : b.callbackUrl
  if (callbackUrl !== null && !isHttpUrl(callbackUrl)) return { ok: false, code: '1015' }
  const front = decodeImage(b.idImage)
  const back = isMissing(b.idBackImage) ? null : decodeImage(b.idBackImage)
  if (!front || (!isMissing(b.idBackImage) && !back)) return { ok: false, code: '1013' }
  return {
    ok: true,
    request: { front, back, issuingCountry: b.issuingCountry, idType: b.idType, callbackUrl },
  }
}

const CORNERS = ['first', 'second', 'third', 'fourth'] as const

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function mapQuad(quad: Record<string, unknown>, match: SideMatch): void {
  for (const corner of CORNERS) {
    const p = quad[corner]
    if (isRecord(p) && typeof p.x === 'number' && typeof p.y === 'number') {
      quad[corner] = mapPoint(p as unknown as Point, match)
    }
  }
}

/**
 * The fixture's shape-A response for this request: fresh transactionId, `original_coordinates` mapped to the
 * received images (corner order kept as given), `back_*` fields dropped when no back image was sent.
 * `coordinates` (processed-card space), `rotate`, `ocr` and the review flags are left as the fixture has them.
 */
export function shapeAResponse(
  doc: FixtureDocument,
  transactionId: string,
  front: SideMatch,
  back: SideMatch | null,
): Record<string, unknown> {
  const response = structuredClone(doc.response)
  response.transactionId = transactionId
  const result = isRecord(response.result) ? response.result : null
  const data = result && isRecord(result.data) ? result.data : null
  const raw = data && isRecord(data.raw) ? data.raw : {}
  for (const [key, field] of Object.entries(raw)) {
    if (key === 'rotate' || !isRecord(field)) continue
    const isBack = key.startsWith('back_') || field.side === 'back'
    const match = isBack ? back : front
    if (!match) {
      delete raw[key]
      continue
    }
    if (isRecord(field.original_coordinates)) mapQuad(field.original_coordinates, match)
  }
  return response
}

/** The same answer with these fields missed by the provider (gone from `data.ocr` and `data.raw`). */
export function withoutFields(
  shapeA: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  const response = structuredClone(shapeA)
  const result = isRecord(response.result) ? response.result : null
  const data = result && isRecord(result.data) ? result.data : null
  for (const part of [data?.ocr, data?.raw]) {
    if (isRecord(part)) for (const key of keys) delete part[key]
  }
  return response
}

function text(record: Record<string, unknown> | null, key: string): string {
  const value = record?.[key]
  return typeof value === 'string' ? value : ''
}

/** Shape B (API-NOTES, "defensive"): the same document told through documentInfo/personalInfo, no coordinates. */
export function shapeBResponse(
  shapeA: Record<string, unknown>,
  issuingCountry: string,
): Record<string, unknown> {
  const result = isRecord(shapeA.result) ? shapeA.result : {}
  const data = isRecord(result.data) ? result.data : {}
  const ocr = isRecord(data.ocr) ? data.ocr : null
  const raw = isRecord(data.raw) ? data.raw : {}
  const rawValue = (key: string): string => {
    const field = raw[key] ?? raw[`back_${key}`]
    return isRecord(field) ? text(field, 'value') : ''
  }
  const values = Object.entries(raw).flatMap(([k, f]) =>
    k !== 'rotate' && isRecord(f) ? [text(f, 'value')] : [],
  )
  return {
    apiType: API_TYPE,
    transactionId: shapeA.transactionId,
    result: {
      documentInfo: {
        documentType: text(result, 'document_type'),
        issuingCountry,
        documentNumber: text(ocr, 'ocr_number') || text(ocr, 'ocr_identityNumber'),
        issueDate: text(ocr, 'ocr_issueDate'),
        expiryDate: text(ocr, 'ocr_expireDate'),
        issuingAuthority: rawValue('authority'),
      },
      personalInfo: {
        fullName: text(ocr, 'ocr_fullName'),
        firstName: text(ocr, 'ocr_firstName'),
        middleName: text(ocr, 'ocr_middleName'),
        lastName: text(ocr, 'ocr_lastName'),
        dateOfBirth: text(ocr, 'ocr_birthDate'),
        gender: text(ocr, 'ocr_gender'),
        nationality: text(ocr, 'ocr_nationality'),
        address: { street: rawValue('address'), city: '', state: '', zipCode: '', country: issuingCountry },
      },
      verificationStatus: {
        isValid: true,
        confidence: 0.87,
        verificationScore: 87,
        securityFeatures: { mrz: text(ocr, 'full_mrz') !== '', hologram: true },
      },
      ocrData: { extractedText: values.join('\n'), confidence: 0.87, processingTime: 1234 },
    },
  }
}

/** Bodies for the `malformed` fault: truncated JSON, or valid JSON that is neither shape A nor shape B. */
export function malformedBody(variant: 'not-json' | 'wrong-shape', transactionId: string): string {
  if (variant === 'not-json')
    return `{"apiType":"${API_TYPE}","transactionId":"${transactionId}","result":{"data":{"raw`
  return JSON.stringify({ apiType: API_TYPE, transactionId, result: { status: 'ok', items: [] } })
}
