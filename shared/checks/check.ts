// One place that builds a Check, so every check has every property (the stored shape has no optional ones).
import type { Check, CheckFix, CheckStatus, CheckValue, RecognizeAs } from './types'

export type CheckParts = {
  /** Field keys, the printed field first; nulls (values not from a field) and repeats are dropped. */
  fields?: (string | null)[]
  values?: CheckValue[]
  message: string
  expected?: string | null
  fix?: CheckFix | null
  recognizeAs?: RecognizeAs | null
}

export function makeCheck(id: string, status: CheckStatus, parts: CheckParts): Check {
  const fields = [...new Set((parts.fields ?? []).filter((k): k is string => k !== null))]
  return {
    id,
    status,
    fields,
    values: parts.values ?? [],
    message: parts.message,
    expected: parts.expected ?? null,
    fix: parts.fix ?? null,
    recognizeAs: parts.recognizeAs ?? null,
  }
}

/** A value shown beside the others. */
export function shown(
  source: CheckValue['source'],
  label: string,
  value: string,
  fieldKey: string | null = null,
): CheckValue {
  return { source, label, value, fieldKey }
}
