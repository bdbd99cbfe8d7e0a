// The second sources the printed fields are compared with, element by element: the MRZ and the barcode. Each
// element says what it is, how to show it, which of the case's fields it was read from, and whether it can be
// trusted to suggest a fix (an MRZ element whose check digit fails cannot; the barcode has no check digit, so its
// reading is what it suggests). A missing element is a sentence saying why (the match check is then a skip).
import { mrzDateIso, type MrzDateKind } from './century'
import { mrzCountry } from './country'
import { ROLE_LABEL, type Role } from './keys'
import type { MrzDigitId, MrzText, ParsedMrz } from './mrz'
import { mrzSpellings, type NameParts } from './transliterate'
import type { BarcodeData } from './types'

export type RefElement = {
  /** Comparable form: normalised number, YYYY-MM-DD, M/F/X, three-letter code, address text. */
  value: string
  /** As shown to the reviewer ("1984-06-30 (written 840630)"). */
  shown: string
  label: string
  fieldKeys: (string | null)[]
  /** Null when the element may suggest a fix; otherwise why its reading is itself doubtful. */
  doubt: string | null
  /** Names only: surname and given names. */
  name?: NameParts
}

export type Reference = {
  kind: 'mrz' | 'barcode'
  /** "the MRZ", "the barcode". */
  title: string
  /** The roles compared, in the order of the checks. */
  roles: Role[]
  elements: Partial<Record<Role, RefElement | string>>
}

const MRZ_ROLES: Role[] = ['number', 'birth', 'expiry', 'name', 'surname', 'given', 'gender', 'nationality']
const BARCODE_ROLES: Role[] = ['number', 'name', 'surname', 'given', 'birth', 'expiry', 'gender', 'address']

export function mrzReference(mrz: ParsedMrz, today: string): Reference {
  const at = (t: MrzText, what: string) => ({
    label: `MRZ line ${t.line + 1}, ${what}`,
    fieldKeys: [mrz.keys[t.line] ?? null],
  })
  const digitDoubt = (id: MrzDigitId): string | null => {
    const d = mrz.digits.find((x) => x.id === id)
    return d && !d.valid ? `its check digit in the MRZ fails (read ${d.read}, computed ${d.computed})` : null
  }
  const date = (t: MrzText, kind: MrzDateKind, role: Role, digit: MrzDigitId): RefElement | string => {
    const label = ROLE_LABEL[role]
    if (t.raw === '') return `This MRZ format has no ${label}.`
    const iso = mrzDateIso(t.raw, kind, today)
    if (iso)
      return { value: iso, shown: `${iso} (written ${t.raw})`, ...at(t, label), doubt: digitDoubt(digit) }
    if (t.raw.includes('<')) return `The MRZ gives only part of the ${label} (${t.raw}).`
    return `The MRZ's ${label} (${t.raw || 'empty'}) is not a real date.`
  }
  const elements: Reference['elements'] = {}

  const number = mrz.number.value
  elements.number = number
    ? { value: number, shown: number, ...at(mrz.number, 'document number'), doubt: digitDoubt('number') }
    : 'The MRZ has no readable document number.'
  elements.birth = date(mrz.birth, 'birth', 'birth', 'birth')
  elements.expiry = date(mrz.expiry, 'expiry', 'expiry', 'expiry')

  const { raw, surname, given, truncated } = mrz.name
  const name: RefElement | string = surname
    ? {
        value: `${surname} ${given}`.trim(),
        shown: raw.replace(/<+$/, ''),
        ...at(mrz.name, 'name'),
        // No check digit covers the name; an MRZ name is letters and fillers only, anything else is a misreading.
        doubt: /^[A-Z<]+$/.test(raw) ? null : 'the MRZ name has characters other than letters',
        name: { surname, given, truncated },
      }
    : 'The MRZ has no readable name.'
  elements.name = elements.surname = elements.given = name

  const sex = mrz.sex.raw
  elements.gender = /^[MFX<]$/.test(sex)
    ? {
        value: sex === '<' ? 'X' : sex,
        shown: sex === '<' ? '< (unspecified)' : sex,
        ...at(mrz.sex, 'sex'),
        doubt: null,
      }
    : `The MRZ's sex character (${sex || 'empty'}) is not M, F, X or <.`

  if (mrz.nationality.raw === '') {
    elements.nationality = 'This MRZ format has no nationality.'
    return { kind: 'mrz', title: 'the MRZ', roles: MRZ_ROLES, elements }
  }
  const nationality = mrzCountry(mrz.nationality.raw)
  const nationalityRaw = mrz.nationality.raw.replace(/</g, '')
  elements.nationality = nationality
    ? {
        value: nationality,
        shown: nationality === nationalityRaw ? nationality : `${nationalityRaw} (${nationality})`,
        ...at(mrz.nationality, 'nationality'),
        doubt: null,
      }
    : `The MRZ's nationality (${mrz.nationality.raw || 'empty'}) is not a state code.`
  return { kind: 'mrz', title: 'the MRZ', roles: MRZ_ROLES, elements }
}

/** An MRZ that could not be read: every element is missing, so each printed field's match check is a skip. */
export function unreadableMrzReference(): Reference {
  const why = 'The MRZ could not be read (see mrz.format), so it cannot be compared.'
  return {
    kind: 'mrz',
    title: 'the MRZ',
    roles: MRZ_ROLES,
    elements: Object.fromEntries(MRZ_ROLES.map((r) => [r, why])),
  }
}

export function barcodeReference(data: BarcodeData): Reference {
  const el = (value: string, what: string, shownAs = value): RefElement => ({
    value,
    shown: shownAs,
    label: `Barcode, ${what}`,
    fieldKeys: [],
    doubt: null,
  })
  const missing = (role: Role) => `The barcode carries no ${ROLE_LABEL[role]}.`
  const upper = (s: string) => mrzSpellings(s)?.[0] ?? s.trim().toUpperCase()
  const iso = (s: string | null) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : null)
  const elements: Reference['elements'] = {}
  elements.number = data.number ? el(data.number, 'licence number') : missing('number')
  const surname = data.surname ? upper(data.surname) : ''
  const given = data.givenNames ? upper(data.givenNames) : ''
  elements.name =
    elements.surname =
    elements.given =
      surname
        ? {
            ...el(`${surname} ${given}`.trim(), 'name', given ? `${surname}, ${given}` : surname),
            name: { surname, given, truncated: false },
          }
        : missing('name')
  const birth = iso(data.birth)
  elements.birth = birth ? el(birth, 'date of birth') : missing('birth')
  const expiry = iso(data.expiry)
  elements.expiry = expiry ? el(expiry, 'expiry date') : missing('expiry')
  // Not among the compared fields; the date rules use it when the printed issue date cannot be read.
  const issue = iso(data.issue)
  if (issue) elements.issue = el(issue, 'issue date')
  elements.gender = data.sex ? el(data.sex, 'sex') : missing('gender')
  elements.address = data.address ? el(data.address, 'address') : missing('address')
  return { kind: 'barcode', title: 'the barcode', roles: BARCODE_ROLES, elements }
}
