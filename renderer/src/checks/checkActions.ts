// What the Checks section, the field rows and Shift+Enter do: apply a check's suggestion as an ordinary recorded
// edit (the same path as every other field edit: the undo stack, the case's history and its audit trail see it),
// select a check's field, and recognise the case again as the MRZ says.
import type { CheckFix, RecognizeAs } from '../../../shared/checks/types'
import type { Case } from '../../../shared/model'
import { editCurrent, flushTyping } from '../editing/edits'
import { focusFieldInput } from '../fields/focus'
import { fieldLabel } from '../fields/labels'
import { selectField, setCountry, setIdType } from '../state/actions'
import { showNotice, store } from '../state/appState'
import { recognizeCaseAs } from '../recognition/recognitionActions'
import { ID_TYPE_LABELS } from '../state/idTypes'
import { countryName } from '../toolbar/countries'
import { fixForField, failingFieldKeys } from './checkView'

function openCase(): Case | null {
  const s = store.get()
  return s.current && s.current.id === s.selectedCaseId ? s.current : null
}

/**
 * Sets the field to the check's suggestion. Whatever is being typed is saved first (so the fix is its own undo
 * step after it); the edit goes through editCurrent like a verify or a box move. True when it was saved.
 */
export async function applyFix(caseId: string, fix: CheckFix, checkId: string): Promise<boolean> {
  await flushTyping()
  const saved = await editCurrent(caseId, fix.key, (f) => ({ ...f, value: fix.value }), 'apply the fix to')
  if (!saved) return false
  const still = failingFieldKeys(openCase()?.checks).has(fix.key)
  showNotice(
    `${fieldLabel(fix.key)} set to ${fix.value} (suggested by ${checkId})${still ? ' — another check still fails' : ''} · Ctrl+Z undoes it`,
  )
  return true
}

/** Shift+Enter in a field: the suggestion of the first failing check (then warning) with a fix for that field. */
export async function applyFixForField(key: string): Promise<void> {
  const doc = openCase()
  if (!doc) return
  // Typing first: the suggestion is judged against the value as saved.
  await flushTyping()
  const now = openCase()
  if (!now || now.id !== doc.id) return
  const found = fixForField(now.checks, key, now.fields)
  if (!found) {
    const fails = failingFieldKeys(now.checks).has(key)
    showNotice(
      fails
        ? `No suggested value for ${fieldLabel(key)}: look closer and correct it by hand`
        : `No check suggests a value for ${fieldLabel(key)}`,
    )
    return
  }
  await applyFix(now.id, found.fix, found.check.id)
}

/** Selecting a check: its first field is selected (the canvas turns to its side and pans to it) and focused. */
export function selectCheckField(keys: readonly string[]): void {
  const doc = openCase()
  const key = keys.find((k) => doc?.fields.some((f) => f.key === k))
  if (!key) {
    showNotice(
      keys.length
        ? `${fieldLabel(keys[0]!)} is not among this case's fields`
        : 'This check concerns no field',
    )
    return
  }
  selectField(key)
  focusFieldInput(key)
}

/** "Recognize as Italy · Government ID". */
export function recognizeAsLabel(r: RecognizeAs): string {
  return `Recognize as ${countryName(r.issuingCountry)} · ${ID_TYPE_LABELS[r.idType]}`
}

/** Recognises the case again with the MRZ's country and type (the toolbar shows them too). */
export async function recognizeAs(doc: Case, r: RecognizeAs): Promise<void> {
  setCountry(r.issuingCountry)
  setIdType(r.idType)
  await recognizeCaseAs(doc, r)
}
