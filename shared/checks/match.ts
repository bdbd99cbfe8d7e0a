// mrz.match.<fieldKey> and barcode.match.<fieldKey>: each printed field against the same element of the MRZ or the
// barcode. The issuing state is not compared here (country.match compares it with the chosen country). A printed
// field whose element the source lacks is a skip that says so; a look-alike-only difference offers the source's
// reading as the fix only when the source's element can be trusted (see references.ts).
import { makeCheck, shown } from './check'
import {
  compareAddress,
  compareCountry,
  compareDate,
  compareName,
  compareNumber,
  compareSex,
  type Outcome,
} from './compare'
import { ROLE_LABEL, type PrintedField, type Role } from './keys'
import type { RefElement, Reference } from './references'
import { renderings } from './transliterate'
import type { Check } from './types'

function compare(role: Role, printed: string, el: RefElement): Outcome {
  switch (role) {
    case 'number':
      return compareNumber(printed, el.value)
    case 'birth':
    case 'expiry':
    case 'issue':
      return compareDate(printed, el.value)
    case 'name':
    case 'surname':
    case 'given':
      return compareName(role, printed, el.name!)
    case 'gender':
      return compareSex(printed, el.value)
    case 'nationality':
      return compareCountry(printed, el.value)
    case 'address':
      return compareAddress(printed, el.value)
  }
}

/** What the field should say according to the source, in the field's terms (the name in the field's order). */
function expectedText(role: Role, el: RefElement): string {
  if (el.name && (role === 'name' || role === 'surname' || role === 'given')) {
    return renderings(role, el.name)[0] || el.shown
  }
  return el.shown
}

function matchCheck(role: Role, field: PrintedField, el: RefElement | string, ref: Reference): Check {
  const id = `${ref.kind}.match.${field.key}`
  const label = ROLE_LABEL[role]
  const printed = field.value.trim()
  if (typeof el === 'string') {
    return makeCheck(id, 'skip', {
      fields: [field.key],
      values: [shown('printed', `Printed ${label}`, printed, field.key)],
      message: el,
    })
  }
  const fields = [field.key, ...el.fieldKeys]
  const values = [
    shown('printed', `Printed ${label}`, printed, field.key),
    shown(ref.kind, el.label, el.shown, el.fieldKeys[0] ?? null),
  ]
  const outcome = compare(role, printed, el)
  const source = ref.title
  if (outcome.status === 'pass') {
    const truncated = el.name?.truncated
      ? ` (${source} may hold the name cut short: its name field is full)`
      : ''
    const verb = label.endsWith('names') ? 'agree' : 'agrees'
    return makeCheck(id, 'pass', {
      fields,
      values,
      message: `The printed ${label} ${verb} with ${source}${truncated}.`,
    })
  }
  const expected = `${expectedText(role, el)} (from ${source})`
  if (outcome.status === 'skip') {
    return makeCheck(id, 'skip', {
      fields,
      values,
      expected,
      message: `The printed ${label} “${printed}” ${outcome.why}; compare it yourself with what ${source} says, ${el.shown}.`,
    })
  }
  const { fix } = outcome
  if (fix && el.doubt === null) {
    return makeCheck(id, 'fail', {
      fields,
      values,
      expected,
      fix: { key: field.key, value: fix.value },
      message:
        `The printed ${label} “${printed}” differs from what ${source} says, ${el.shown}, only in look-alike ` +
        `characters (${fix.changes.join(', ')}): look closer; ${source}'s reading is suggested.`,
    })
  }
  if (fix) {
    return makeCheck(id, 'fail', {
      fields,
      values,
      expected,
      message:
        `The printed ${label} “${printed}” differs from what ${source} says, ${el.shown}, only in look-alike ` +
        `characters, but ${el.doubt}, so ${source}'s reading is itself doubtful: look closer at both.`,
    })
  }
  return makeCheck(id, 'fail', {
    fields,
    values,
    expected,
    message: `The printed ${label} “${printed}” does not agree with ${source}, which says ${el.shown}: look closer at both.`,
  })
}

/** One check per printed field of each role the source carries, in the source's role order. */
export function matchChecks(byRole: Map<Role, PrintedField[]>, ref: Reference): Check[] {
  const out: Check[] = []
  for (const role of ref.roles) {
    const el = ref.elements[role]
    if (el === undefined) continue
    for (const field of byRole.get(role) ?? []) out.push(matchCheck(role, field, el, ref))
  }
  return out
}
