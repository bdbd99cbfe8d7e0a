// Which of the case's fields holds what. The API names fields by document (number / passport_number, birth /
// date_of_birth…), and a `back_` prefix puts the same key on the back side; the checks look fields up by role and
// name each check after the key actually found (mrz.match.back_birth), so the reviewer lands on that field.
import { isDateKey } from '../dates'
import { DOCUMENT_NUMBER_KEYS } from '../model'
import type { CheckInput } from './types'

export type Role =
  | 'number'
  | 'birth'
  | 'expiry'
  | 'issue'
  | 'name'
  | 'surname'
  | 'given'
  | 'gender'
  | 'nationality'
  | 'address'

const ROLE_KEYS: Record<Role, readonly string[]> = {
  number: DOCUMENT_NUMBER_KEYS,
  birth: ['birth', 'birth_date', 'date_of_birth', 'dob'],
  expiry: ['expire_date', 'expiry_date', 'expiration_date', 'date_of_expiry'],
  issue: ['issue_date', 'date_of_issue'],
  // `name` may hold the whole name ("ROSSI GIULIA") or the surname only; the name comparison accepts both.
  name: ['name', 'full_name'],
  surname: ['surname', 'last_name', 'family_name'],
  given: ['given_name', 'given_names', 'first_name'],
  gender: ['gender', 'sex'],
  nationality: ['nationality'],
  address: ['address'],
}

const ROLE_OF = new Map<string, Role>(
  (Object.entries(ROLE_KEYS) as [Role, readonly string[]][]).flatMap(([role, keys]) =>
    keys.map((k) => [k, role] as const),
  ),
)

/** For the reviewer: what a field of this role holds. */
export const ROLE_LABEL: Record<Role, string> = {
  number: 'document number',
  birth: 'date of birth',
  expiry: 'expiry date',
  issue: 'issue date',
  name: 'name',
  surname: 'surname',
  given: 'given names',
  gender: 'sex',
  nationality: 'nationality',
  address: 'address',
}

/** The key without its side prefix, lower-case (`back_Birth` → `birth`). */
export function bareKey(key: string): string {
  const k = key.toLowerCase()
  return k.startsWith('back_') ? k.slice(5) : k
}

export function roleOf(key: string): Role | null {
  return ROLE_OF.get(bareKey(key)) ?? null
}

/** Fields whose values are dates (birth, *_date and the date aliases that do not end in _date). */
export function isDateField(key: string): boolean {
  const role = roleOf(key)
  return isDateKey(key) || role === 'birth' || role === 'expiry' || role === 'issue'
}

export type PrintedField = { key: string; side: 'front' | 'back'; value: string }

/** The fields with a value, by role, in the case's order. */
export function fieldsByRole(input: Pick<CheckInput, 'fields'>): Map<Role, PrintedField[]> {
  const out = new Map<Role, PrintedField[]>()
  for (const f of input.fields) {
    if (f.value.trim() === '') continue
    const role = roleOf(f.key)
    if (!role) continue
    const list = out.get(role)
    if (list) list.push(f)
    else out.set(role, [f])
  }
  return out
}
