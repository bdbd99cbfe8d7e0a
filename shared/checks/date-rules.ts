// Date checks: date.invalid.<fieldKey> (a date field that is no real day), doc.expired, doc.issue-after-expiry,
// doc.birth-after-issue, doc.birth-in-future and holder.age. Each rule uses the printed date when it reads as
// exactly one day, else the second source's (MRZ, then barcode), and says which it used; boundaries are inclusive
// for the document: a document expiring today is not expired, a holder born on this day 18 years ago is 18.
import { ageOn, dateReadings } from '../dates'
import { makeCheck, shown } from './check'
import { compareDate } from './compare'
import { ROLE_LABEL, isDateField, roleOf, type PrintedField, type Role } from './keys'
import type { RefElement, Reference } from './references'
import type { Check, CheckInput, CheckOptions } from './types'

type DateRole = 'birth' | 'expiry' | 'issue'

/** The second source's date for a role: the MRZ's when it has one, else the barcode's. */
function referenceDate(
  role: Role,
  refs: Reference[],
): { el: RefElement; kind: Reference['kind']; title: string } | null {
  for (const ref of refs) {
    const el = ref.elements[role]
    if (el && typeof el !== 'string') return { el, kind: ref.kind, title: ref.title }
  }
  return null
}

export function invalidDateChecks(input: Pick<CheckInput, 'fields'>, refs: Reference[]): Check[] {
  const out: Check[] = []
  for (const f of input.fields) {
    const value = f.value.trim()
    if (value === '' || !isDateField(f.key)) continue
    const id = `date.invalid.${f.key}`
    const role = roleOf(f.key)
    const label = role ? ROLE_LABEL[role] : f.key.replace(/_/g, ' ')
    const printed = shown('printed', `Printed ${label}`, value, f.key)
    const readings = dateReadings(value)
    if (readings.length) {
      const as =
        readings.length === 1 ? readings[0] : `${readings.slice(0, -1).join(', ')} or ${readings.at(-1)}`
      out.push(makeCheck(id, 'pass', { fields: [f.key], values: [printed], message: `A real date: ${as}.` }))
      continue
    }
    const ref = role ? referenceDate(role, refs) : null
    const outcome = ref ? compareDate(value, ref.el.value) : null
    const fix = outcome?.status === 'fail' && outcome.fix && ref?.el.doubt === null ? outcome.fix : null
    out.push(
      makeCheck(id, 'fail', {
        fields: [f.key, ...(ref?.el.fieldKeys ?? [])],
        values: ref
          ? [printed, shown(ref.kind, ref.el.label, ref.el.shown, ref.el.fieldKeys[0] ?? null)]
          : [printed],
        expected: ref ? `${ref.el.value} (from ${ref.title})` : null,
        fix: fix ? { key: f.key, value: fix.value } : null,
        message:
          `The printed ${label} “${value}” is not a real date: look closer` +
          (fix
            ? `; ${ref!.title} says ${ref!.el.value}, which differs only in look-alike characters.`
            : ref
              ? ` (${ref.title} says ${ref.el.value}).`
              : '.'),
      }),
    )
  }
  return out
}

type Known = { iso: string; from: string; fieldKeys: (string | null)[] }

/** The date a rule uses for a role, or why there is none. */
function knownDate(role: DateRole, printed: PrintedField[], refs: Reference[]): Known | string {
  const label = ROLE_LABEL[role]
  const field = printed[0]
  const ref = referenceDate(role, refs)
  const fromRef = (why: string): Known | string =>
    ref ? { iso: ref.el.value, from: `${ref.title}${why}`, fieldKeys: ref.el.fieldKeys } : ''
  if (!field) return fromRef('') || `No ${label} is known.`
  const readings = dateReadings(field.value)
  if (readings.length === 1) return { iso: readings[0]!, from: `printed ${label}`, fieldKeys: [field.key] }
  if (readings.length > 1) {
    if (ref && readings.includes(ref.el.value)) {
      return {
        iso: ref.el.value,
        from: `printed ${label}, read as ${ref.title} has it`,
        fieldKeys: [field.key, ...ref.el.fieldKeys],
      }
    }
    return (
      fromRef(`; the printed one can be read as ${readings.join(' or ')}`) ||
      `The printed ${label} can be read as ${readings.join(' or ')}.`
    )
  }
  return fromRef(`; the printed one is not a real date`) || `The printed ${label} is not a real date.`
}

const valueOf = (k: Known, label: string) =>
  shown('rule', `${label} used (${k.from})`, k.iso, k.fieldKeys[0] ?? null)

export function documentDateChecks(
  byRole: Map<Role, PrintedField[]>,
  refs: Reference[],
  options: CheckOptions,
): Check[] {
  const { today, minimumAge } = options
  const get = (role: DateRole) => knownDate(role, byRole.get(role) ?? [], refs)
  const birth = get('birth')
  const expiry = get('expiry')
  const issue = get('issue')
  const todayValue = shown('rule', 'Checked on', today)
  const out: Check[] = []

  if (typeof expiry === 'string') out.push(makeCheck('doc.expired', 'skip', { message: expiry }))
  else {
    const expired = expiry.iso < today
    out.push(
      makeCheck('doc.expired', expired ? 'fail' : 'pass', {
        fields: expiry.fieldKeys,
        values: [valueOf(expiry, 'Expiry date'), todayValue],
        expected: `an expiry on or after ${today}`,
        message: expired
          ? `The document expired on ${expiry.iso} (${expiry.from}), checked on ${today}: look closer.`
          : `Valid until ${expiry.iso} (${expiry.from}), checked on ${today}.`,
      }),
    )
  }

  const order = (
    id: string,
    early: Known | string,
    late: Known | string,
    earlyLabel: string,
    lateLabel: string,
  ) => {
    if (typeof early === 'string' || typeof late === 'string') {
      const why = [early, late].filter((x): x is string => typeof x === 'string').join(' ')
      return makeCheck(id, 'skip', { message: why })
    }
    const wrong = early.iso > late.iso
    return makeCheck(id, wrong ? 'fail' : 'pass', {
      fields: [...late.fieldKeys, ...early.fieldKeys],
      values: [valueOf(early, earlyLabel), valueOf(late, lateLabel)],
      expected: `${earlyLabel.toLowerCase()} on or before the ${lateLabel.toLowerCase()}`,
      message: wrong
        ? `The ${lateLabel.toLowerCase()} ${late.iso} is before the ${earlyLabel.toLowerCase()} ${early.iso}: look closer at both.`
        : `The ${earlyLabel.toLowerCase()} ${early.iso} is on or before the ${lateLabel.toLowerCase()} ${late.iso}.`,
    })
  }
  out.push(order('doc.issue-after-expiry', issue, expiry, 'Issue date', 'Expiry date'))
  out.push(order('doc.birth-after-issue', birth, issue, 'Date of birth', 'Issue date'))

  if (typeof birth === 'string') {
    out.push(makeCheck('doc.birth-in-future', 'skip', { message: birth }))
    out.push(makeCheck('holder.age', 'skip', { message: birth }))
    return out
  }
  const future = birth.iso > today
  out.push(
    makeCheck('doc.birth-in-future', future ? 'fail' : 'pass', {
      fields: birth.fieldKeys,
      values: [valueOf(birth, 'Date of birth'), todayValue],
      expected: `a date of birth on or before ${today}`,
      message: future
        ? `The date of birth ${birth.iso} (${birth.from}) is after today, ${today}: look closer.`
        : `The date of birth ${birth.iso} is not in the future (checked on ${today}).`,
    }),
  )
  const age = ageOn(birth.iso, today)
  const young = !future && age < minimumAge
  out.push(
    makeCheck('holder.age', young ? 'warn' : future ? 'skip' : 'pass', {
      fields: birth.fieldKeys,
      values: [valueOf(birth, 'Date of birth'), todayValue, shown('rule', 'Minimum age', String(minimumAge))],
      expected: `at least ${minimumAge} years old`,
      message: future
        ? 'No age: the date of birth is in the future.'
        : young
          ? `The holder is ${age} on ${today} (born ${birth.iso}), under the minimum age of ${minimumAge}: look closer.`
          : `The holder is ${age} on ${today}, at least the minimum age of ${minimumAge}.`,
    }),
  )
  return out
}
