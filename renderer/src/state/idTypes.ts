import { ID_TYPES, type IdType } from '../../../shared/model'

export const ID_TYPE_LABELS: Record<IdType, string> = {
  government_id: 'Government ID',
  passport: 'Passport',
  drivers_license: "Driver's license",
  residence_permit: 'Residence permit',
  vehicle_registration_certificate: 'Vehicle registration certificate',
  visa: 'Visa',
  aadhaar: 'Aadhaar',
  pancard: 'PAN card',
}

export const ID_TYPE_OPTIONS: readonly { value: IdType; label: string }[] = ID_TYPES.map((value) => ({
  value,
  label: ID_TYPE_LABELS[value],
}))

export function isIdType(v: string): v is IdType {
  return (ID_TYPES as readonly string[]).includes(v)
}
