// The review model shared by the main process and the renderer. Pure: zod only.
import { z } from 'zod'

export const SCHEMA_VERSION = 1

export const ID_TYPES = [
  'government_id',
  'passport',
  'drivers_license',
  'residence_permit',
  'vehicle_registration_certificate',
  'visa',
  'aadhaar',
  'pancard',
] as const
export const IdTypeSchema = z.enum(ID_TYPES)
export type IdType = z.infer<typeof IdTypeSchema>

/** ISO 3166-1 alpha-3 shape; the provider's own list is not published, so any 3 capitals are accepted. */
export const CountryCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 code such as USA')

export const SideSchema = z.enum(['front', 'back'])
export type Side = z.infer<typeof SideSchema>

export const PointSchema = z.object({ x: z.number().finite(), y: z.number().finite() })
export type Point = z.infer<typeof PointSchema>
/** Four points in the API's order (first, second, third, fourth), in pixels of the stored upright image. */
export const QuadSchema = z.tuple([PointSchema, PointSchema, PointSchema, PointSchema])
export type Quad = z.infer<typeof QuadSchema>

export const QuadSourceSchema = z.enum(['original', 'mapped', 'drawn', 'none'])
export type QuadSource = z.infer<typeof QuadSourceSchema>

export const FieldSchema = z.object({
  key: z.string().min(1),
  side: SideSchema,
  value: z.string(),
  ocrValue: z.string(),
  score: z.number().nullable(),
  accepted: z.boolean().nullable(),
  quad: QuadSchema.nullable(),
  quadSource: QuadSourceSchema,
  verified: z.boolean(),
})
export type Field = z.infer<typeof FieldSchema>

export const ImageRefSchema = z.object({
  /** File name inside the case folder. */
  file: z.string().regex(/^[a-z]+\.(jpg|png)$/),
  /** The name the reviewer dropped. */
  originalName: z.string(),
  mime: z.enum(['image/jpeg', 'image/png']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
})
export type ImageRef = z.infer<typeof ImageRefSchema>

export const CaseStatusSchema = z.enum(['new', 'recognising', 'recognised', 'failed'])
export type CaseStatus = z.infer<typeof CaseStatusSchema>

export const CaseErrorSchema = z.object({
  title: z.string(),
  message: z.string(),
  action: z.string(),
  httpStatus: z.number().nullable(),
  errorCode: z.string().nullable(),
})
export type CaseError = z.infer<typeof CaseErrorSchema>

export const CaseSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z.string().regex(/^[a-z0-9-]{8,64}$/),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  front: ImageRefSchema,
  back: ImageRefSchema.nullable(),
  issuingCountry: CountryCodeSchema.nullable(),
  idType: IdTypeSchema.nullable(),
  status: CaseStatusSchema,
  provider: z.enum(['argos']).nullable(),
  transactionId: z.string().nullable(),
  documentType: z.string().nullable(),
  error: CaseErrorSchema.nullable(),
  fields: z.array(FieldSchema),
  /** `result.data.ocr` as returned, kept for reference (strings only). */
  ocr: z.record(z.string(), z.string()),
})
export type Case = z.infer<typeof CaseSchema>

export type CaseSummary = Pick<
  Case,
  'id' | 'name' | 'status' | 'createdAt' | 'updatedAt' | 'issuingCountry' | 'idType'
> & {
  fieldCount: number
  lowestScore: number | null
  hasBack: boolean
}

export function summarise(c: Case): CaseSummary {
  const scores = c.fields.map((f) => f.score).filter((s): s is number => s !== null)
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    issuingCountry: c.issuingCountry,
    idType: c.idType,
    fieldCount: c.fields.length,
    lowestScore: scores.length ? Math.min(...scores) : null,
    hasBack: c.back !== null,
  }
}

/** What the renderer may know about settings: never the key itself. */
export type SettingsView = {
  argosBaseUrl: string
  reviewerName: string
  apiKeySet: boolean
  /** Where the key lives: encrypted on disk, in memory for this session only, or the environment. */
  apiKeyStorage: 'encrypted' | 'session' | 'environment' | 'none'
  /** True when the OS keychain (Electron safeStorage) can encrypt the key. */
  encryptionAvailable: boolean
  overriddenByEnvironment: { argosBaseUrl: boolean; apiKey: boolean }
}

export const DEFAULT_ARGOS_BASE_URL = 'https://idverify-api.argosidentity.com/modules'
