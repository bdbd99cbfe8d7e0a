// Document checks: what Recto can tell about a document beyond what the OCR read (MRZ check digits, the MRZ and the
// barcode against the printed fields, date rules, the provider's own verdict). The shapes here are stored with the
// case and shown by the renderer; the check functions themselves are pure (shared/checks/*.ts). zod only.
import { z } from 'zod'
import { IdTypeSchema, SideSchema } from '../primitives'

/** pass · fail (look closer) · warn (worth a look, never blocks) · skip (could not be performed, and why). */
export const CHECK_STATUSES = ['pass', 'fail', 'warn', 'skip'] as const
export const CheckStatusSchema = z.enum(CHECK_STATUSES)
export type CheckStatus = z.infer<typeof CheckStatusSchema>

/** Where a value shown beside the others comes from. */
export const CHECK_SOURCES = ['printed', 'mrz', 'barcode', 'chosen', 'provider', 'rule'] as const
export const CheckSourceSchema = z.enum(CHECK_SOURCES)
export type CheckSource = z.infer<typeof CheckSourceSchema>

export const CheckValueSchema = z.object({
  source: CheckSourceSchema,
  /** What the value is, for the reviewer ("MRZ line 2, document number", "Printed number"). */
  label: z.string(),
  value: z.string(),
  /** The field it was read from, when it is one of the case's fields. */
  fieldKey: z.string().nullable(),
})
export type CheckValue = z.infer<typeof CheckValueSchema>

/** A suggested correction: set the value of field `key` to `value` (applied as an ordinary recorded edit). */
export const CheckFixSchema = z.object({ key: z.string(), value: z.string() })
export type CheckFix = z.infer<typeof CheckFixSchema>

/** Country and type to recognise the case with again (country.match / type.match; the MRZ's reading). */
export const RecognizeAsSchema = z.object({
  issuingCountry: z.string().regex(/^[A-Z]{3}$/),
  idType: IdTypeSchema,
})
export type RecognizeAs = z.infer<typeof RecognizeAsSchema>

export const CheckSchema = z.object({
  /** Stable id: `mrz.digit.number`, `mrz.match.birth`, `doc.expired`, `barcode.match.address`, … */
  id: z.string().min(1).max(200),
  status: CheckStatusSchema,
  /** The case's field keys the check concerns; the first is the one to select (the printed field when there is one). */
  fields: z.array(z.string()),
  /** The values compared, side by side by source. */
  values: z.array(CheckValueSchema),
  /** One sentence for the reviewer: what was found, worded as "look closer", never as an accusation. */
  message: z.string(),
  /** What the check expected, when that can be said ("1984-06-30 (from the MRZ)"); null otherwise. */
  expected: z.string().nullable(),
  /** The correction, when the right value is known. */
  fix: CheckFixSchema.nullable(),
  /** country.match / type.match: recognise again as the MRZ says. */
  recognizeAs: RecognizeAsSchema.nullable().default(null),
})
export type Check = z.infer<typeof CheckSchema>

/** The options a run used; the run is stale when they change (another day, another minimum age). */
export const CheckOptionsSchema = z.object({
  /** The day the date rules use (YYYY-MM-DD, the reviewer's local calendar day). */
  today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** holder.age warns under this age (years). */
  minimumAge: z.number().int().min(0).max(150),
})
export type CheckOptions = z.infer<typeof CheckOptionsSchema>

/** The checks of a case as last run and stored with it. */
export const CheckRunSchema = z.object({
  options: CheckOptionsSchema,
  /** ISO 8601 time of the run. */
  at: z.string(),
  checks: z.array(CheckSchema),
})
export type CheckRun = z.infer<typeof CheckRunSchema>

/** What an AAMVA PDF417 barcode (US and Canadian driving licences and ID cards) says, as parsed. */
export const BarcodeDataSchema = z.object({
  /** Customer ID / licence number (DAQ). */
  number: z.string().nullable(),
  /** Family name (DCS). */
  surname: z.string().nullable(),
  /** Given names (DAC first, DAD middle), space-separated. */
  givenNames: z.string().nullable(),
  /** Dates as ISO 8601 YYYY-MM-DD (AAMVA writes MMDDCCYY in the US, CCYYMMDD in Canada). */
  birth: z.string().nullable(),
  expiry: z.string().nullable(),
  issue: z.string().nullable(),
  /** M, F or X (DBC 1/2/9). */
  sex: z.enum(['M', 'F', 'X']).nullable(),
  /** Street, city, jurisdiction code and postal code, as one line ("10 KING ST W, TORONTO ON M5H 1A1"). */
  address: z.string().nullable(),
  /** Country of issue from the barcode: USA or CAN. */
  country: z.string().nullable(),
  /** The jurisdiction (state or province code, e.g. ON). */
  jurisdiction: z.string().nullable(),
  /** AAMVA version number from the header. */
  version: z.number().int().nullable(),
})
export type BarcodeData = z.infer<typeof BarcodeDataSchema>

/** The outcome of looking for a PDF417 barcode on one side of a case. */
export const BarcodeReadSchema = z.object({
  side: SideSchema,
  /** read: decoded and parsed · unreadable: no barcode could be decoded or parsed (a skip, never a failure). */
  status: z.enum(['read', 'unreadable']),
  /** For the reviewer: what was read, or why nothing was. */
  message: z.string(),
  /** The decoded text exactly as in the barcode (AAMVA), kept for support and export; null when unreadable. */
  raw: z.string().nullable(),
  data: BarcodeDataSchema.nullable(),
})
export type BarcodeRead = z.infer<typeof BarcodeReadSchema>

/** The provider's verification verdict (shape B `verificationStatus`), when a response carries it. */
export const ProviderVerificationSchema = z.object({
  isValid: z.boolean().nullable(),
  /** 0–1 as the provider gives it. */
  confidence: z.number().nullable(),
  verificationScore: z.number().nullable(),
})
export type ProviderVerification = z.infer<typeof ProviderVerificationSchema>

/** The failing checks of a run (what blocks Approve). */
export function failingChecks(run: Pick<CheckRun, 'checks'> | null | undefined): Check[] {
  return run ? run.checks.filter((c) => c.status === 'fail') : []
}

/** What the checks read from a case (a Case satisfies it). */
export type CheckInput = {
  fields: ReadonlyArray<{ key: string; side: 'front' | 'back'; value: string }>
  /** `result.data.ocr` as returned (mrz_line1..3, full_mrz, ocr_* values). */
  ocr: Readonly<Record<string, string>>
  /** The country and type chosen by the reviewer for the case. */
  issuingCountry: string | null
  idType: z.infer<typeof IdTypeSchema> | null
  recognition: {
    reviewFront: boolean | null
    reviewBack: boolean | null
    /** What the recognition was sent with (compared by country.match / type.match in preference to the above). */
    sent: { issuingCountry: string; idType: z.infer<typeof IdTypeSchema> } | null
    verification: ProviderVerification | null
  } | null
  barcode: BarcodeRead | null
  /** The back image, when one was imported (a Case has it; only whether it is there matters). */
  back?: object | null
}

/**
 * The country and ID type the MRZ says the document is ("recognise again as the MRZ says"): carried by mrz.format
 * and, when they fail, by country.match and type.match (the same values); a failing check's first, else any's.
 */
export function mrzRecognizeAs(checks: readonly Check[]): RecognizeAs | null {
  return (
    checks.find((c) => c.status === 'fail' && c.recognizeAs)?.recognizeAs ??
    checks.find((c) => c.recognizeAs)?.recognizeAs ??
    null
  )
}
