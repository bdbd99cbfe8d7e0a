// The smallest shared vocabulary (ID types, sides, country codes): imported by the model and by the check shapes
// (shared/checks/types.ts), which the model in turn stores. Pure: zod only.
import { z } from 'zod'

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
