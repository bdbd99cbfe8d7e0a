// zod schemas for what the ARGOS API answers (see API-NOTES: shape A is the documented one).
// Parsing is lenient where the provider is vague (unknown raw keys kept, optional extras) and strict where we
// depend on a value (boxes are four finite points).
import { z } from 'zod'

const ApiPoint = z.object({ x: z.number().finite(), y: z.number().finite() })
export const ApiBox = z.object({ first: ApiPoint, second: ApiPoint, third: ApiPoint, fourth: ApiPoint })
export type ApiBox = z.infer<typeof ApiBox>

export const RawField = z
  .object({
    value: z.union([z.string(), z.number()]).transform(String),
    score: z.number().finite().optional(),
    accepted: z.boolean().optional(),
    coordinates: ApiBox.optional(),
    original_coordinates: ApiBox.optional(),
    side: z.enum(['front', 'back']).optional(),
  })
  .passthrough()
export type RawField = z.infer<typeof RawField>

export const ShapeAResult = z
  .object({
    data: z.object({
      raw: z.record(z.string(), z.unknown()),
      ocr: z.record(z.string(), z.unknown()).optional(),
    }),
    review_front: z.boolean().optional(),
    review_back: z.boolean().optional(),
    document_type: z.string().optional(),
  })
  .passthrough()

export const ShapeAResponse = z
  .object({
    apiType: z.string().optional(),
    transactionId: z.string().min(1),
    result: ShapeAResult,
  })
  .passthrough()
export type ShapeAResponse = z.infer<typeof ShapeAResponse>

export const ArgosErrorBody = z
  .object({
    statusCode: z.number().optional(),
    errorCode: z.union([z.string(), z.number()]).transform(String).optional(),
    message: z.string().optional(),
    transactionId: z.string().optional(),
  })
  .passthrough()
export type ArgosErrorBody = z.infer<typeof ArgosErrorBody>
