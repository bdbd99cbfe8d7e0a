// The new-field picker's logic (DrawPrompt), pure: which expected keys match what was typed, and what choosing an
// entry adds. The reviewer picks a missing expected field by its label, or types the API key of another one.
import { FIELD_KEY_PATTERN } from '../../../shared/model'
import { fieldLabel } from '../fields/labels'

export type PickOption = { kind: 'field'; key: string; label: string } | { kind: 'other'; text: string }

/** Why a key cannot be used, or null. Same rule as the API's keys: a letter, then letters, digits, _. */
export function keyProblem(key: string, existing: readonly string[]): string | null {
  if (key === '') return 'Type a field key, e.g. expire_date'
  if (!FIELD_KEY_PATTERN.test(key)) return 'Letters, digits and _ only, starting with a letter'
  if (existing.includes(key)) return `This case already has a field ${key}`
  return null
}

const norm = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim()

/**
 * The entries for what was typed: the expected keys whose label or key contains it (those starting with it first),
 * then "Other key" (the typed text taken as a key).
 */
export function pickOptions(keys: readonly string[], typed: string): PickOption[] {
  const q = norm(typed)
  const scored = keys.flatMap((key) => {
    const label = fieldLabel(key)
    const hay = [norm(label), norm(key)]
    if (q === '') return [{ key, label, rank: 0 }]
    if (hay.some((h) => h.startsWith(q))) return [{ key, label, rank: 0 }]
    if (hay.some((h) => h.includes(q))) return [{ key, label, rank: 1 }]
    return []
  })
  scored.sort((a, b) => a.rank - b.rank)
  return [
    ...scored.map(({ key, label }): PickOption => ({ kind: 'field', key, label })),
    { kind: 'other', text: typed.trim() },
  ]
}

/** The key an entry adds, or the reason it cannot. */
export function chosenKey(
  option: PickOption | undefined,
  existing: readonly string[],
): { key: string } | { problem: string } {
  if (!option) return { problem: 'Choose a field' }
  if (option.kind === 'field') return { key: option.key }
  const problem = keyProblem(option.text, existing)
  return problem ? { problem } : { key: option.text }
}
