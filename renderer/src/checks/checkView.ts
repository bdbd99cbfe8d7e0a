// What the review screen makes of a case's document checks (shared/checks/types.ts): the order the Checks section
// lists them in, which fields a failing check marks, the suggestion Shift+Enter applies, the MRZ's country and type
// for "Recognize as". Pure, so it is unit-tested without a DOM.
import {
  failingChecks,
  mrzRecognizeAs,
  type Check,
  type CheckFix,
  type CheckRun,
  type CheckSource,
  type CheckValue,
  type RecognizeAs,
} from '../../../shared/checks/types'

type Run = Pick<CheckRun, 'checks'> | null | undefined

export type CheckGroups = {
  /** Failing checks, in the engine's order: they block Approve. */
  failed: Check[]
  /** Warnings: worth a look, never blocking. */
  warned: Check[]
  /** Passed and not performed: collapsed behind a count. */
  passed: Check[]
  skipped: Check[]
}

/** The section's order: failures first, then warnings, then passes and skips (each group in the engine's order). */
export function groupChecks(run: Run): CheckGroups {
  const groups: CheckGroups = { failed: [], warned: [], passed: [], skipped: [] }
  for (const c of run?.checks ?? []) {
    if (c.status === 'fail') groups.failed.push(c)
    else if (c.status === 'warn') groups.warned.push(c)
    else if (c.status === 'pass') groups.passed.push(c)
    else groups.skipped.push(c)
  }
  return groups
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

/** "5 passed · 2 not performed"; '' when there is neither. */
export function collapsedLabel(groups: Pick<CheckGroups, 'passed' | 'skipped'>): string {
  return [
    groups.passed.length ? `${groups.passed.length} passed` : null,
    groups.skipped.length ? `${groups.skipped.length} not performed` : null,
  ]
    .filter(Boolean)
    .join(' · ')
}

/** The section heading's summary: "1 failed · 2 warnings", "All 12 passed", "No checks apply". */
export function checksSummary(groups: CheckGroups): string {
  const total = groups.failed.length + groups.warned.length + groups.passed.length + groups.skipped.length
  if (total === 0) return 'No checks apply'
  const parts = [
    groups.failed.length ? `${groups.failed.length} failed` : null,
    groups.warned.length ? plural(groups.warned.length, 'warning', 'warnings') : null,
  ].filter(Boolean)
  if (parts.length) return parts.join(' · ')
  return groups.passed.length === total ? `All ${total} passed` : `${groups.passed.length} of ${total} passed`
}

/** The field keys a failing check concerns (their boxes and rows are marked "check failed"). */
export function failingFieldKeys(run: Run): ReadonlySet<string> {
  return new Set(failingChecks(run).flatMap((c) => c.fields))
}

/** The failing and warning checks that concern a field, failures first (shown under its input). */
export function checksForField(run: Run, key: string): Check[] {
  const mine = (run?.checks ?? []).filter(
    (c) => (c.status === 'fail' || c.status === 'warn') && c.fields.includes(key),
  )
  return [...mine.filter((c) => c.status === 'fail'), ...mine.filter((c) => c.status === 'warn')]
}

/**
 * The suggestion a check offers now: its fix, unless the field it would set is missing or already holds that value.
 * `fields` are the case's fields as shown.
 */
export function usableFix(
  check: Pick<Check, 'fix' | 'status'>,
  fields: ReadonlyArray<{ key: string; value: string }>,
): CheckFix | null {
  const fix = check.fix
  if (!fix || check.status === 'pass') return null
  const field = fields.find((f) => f.key === fix.key)
  return field && field.value !== fix.value ? fix : null
}

/**
 * What Shift+Enter applies in field `key`: the fix of the first failing check that sets this field (then of the
 * first warning), with the check it comes from; null when no check suggests a value for it.
 */
export function fixForField(
  run: Run,
  key: string,
  fields: ReadonlyArray<{ key: string; value: string }>,
): { check: Check; fix: CheckFix } | null {
  for (const status of ['fail', 'warn'] as const) {
    for (const c of run?.checks ?? []) {
      if (c.status !== status || c.fix?.key !== key) continue
      const fix = usableFix(c, fields)
      if (fix) return { check: c, fix }
    }
  }
  return null
}

/** The country and type the MRZ says the document is (shared/checks/types.ts mrzRecognizeAs); null when unknown. */
export function recognizeAsOf(run: Run): RecognizeAs | null {
  return mrzRecognizeAs(run?.checks ?? [])
}

/** ARGOS codes for a country or ID type the document does not match (see API-NOTES): the MRZ may know better. */
const WRONG_DOCUMENT_CODES: ReadonlySet<string> = new Set(['1011', '1012'])

/**
 * What a failed recognition offers next to Retry: the MRZ's country and type, on a 1011/1012 error, when the case's
 * checks carry them and they differ from what the case was sent as; else null.
 */
export function mrzOffer(
  doc: { checks: Run; issuingCountry: string | null; idType: string | null },
  errorCode: string | null,
): RecognizeAs | null {
  if (!errorCode || !WRONG_DOCUMENT_CODES.has(errorCode)) return null
  const r = recognizeAsOf(doc.checks)
  if (!r || (r.issuingCountry === doc.issuingCountry && r.idType === doc.idType)) return null
  return r
}

/** Short names of where a value comes from, as the Checks section heads its columns. */
export const SOURCE_LABELS: Record<CheckSource, string> = {
  printed: 'Printed',
  mrz: 'MRZ',
  barcode: 'Barcode',
  chosen: 'Chosen',
  provider: 'Provider',
  rule: 'Rule',
}

/**
 * A value's heading in the side-by-side view: where it comes from ("Printed", "MRZ"), or its own label when another
 * value of the check comes from the same source (two provider flags would both say "Provider").
 */
export function valueHeading(
  values: ReadonlyArray<Pick<CheckValue, 'source' | 'label'>>,
  index: number,
): string {
  const v = values[index]
  if (!v) return ''
  const shared = values.some((o, i) => i !== index && o.source === v.source)
  return shared && v.label ? v.label : SOURCE_LABELS[v.source]
}

export type Segment = { text: string; differs: boolean }

/**
 * `value` cut into runs of characters that agree or differ with `other` position by position, so "CA0O000AA"
 * against "CA00000AA" marks the O. Only values of the same length are compared (anything else is one plain run):
 * a look-alike mismatch keeps the length, and a shifted comparison would mark everything.
 */
export function diffSegments(value: string, other: string | null): Segment[] {
  const a = Array.from(value)
  const b = other === null ? null : Array.from(other)
  if (!b || a.length !== b.length || value === other) return value ? [{ text: value, differs: false }] : []
  const out: Segment[] = []
  a.forEach((ch, i) => {
    const differs = ch !== b[i]
    const last = out[out.length - 1]
    if (last && last.differs === differs) last.text += ch
    else out.push({ text: ch, differs })
  })
  return out
}

/** The value a check's value is compared with for highlighting: the first other value from another source. */
export function counterpart(check: Pick<Check, 'values'>, index: number): string | null {
  const own = check.values[index]
  if (!own) return null
  return check.values.find((v, i) => i !== index && v.source !== own.source)?.value ?? null
}
