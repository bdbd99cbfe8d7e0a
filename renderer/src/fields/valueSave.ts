// Saving a typed value, apart from the React hook that holds it (useFieldEditor), so the rules are tested without a
// window (issue 16, point 6): a save the main process refuses (the team database unreachable, someone else's claim,
// a rule) shows its message and leaves the typed text where it is, unsaved, until a later blur or Enter sends it
// again; nothing the main process or a refresh sends back replaces text the reviewer has not saved.
import { errorText } from '../api'
import { serialised } from '../editing/edits'
import { saveFieldValue } from '../state/actions'
import { showError } from '../state/appState'
import { readOnlyMessage } from '../workspace/claims'
import { fieldLabel } from './labels'

/** The fields whose last save was refused ("caseId:key"): Enter does not verify or leave them (commands.ts). */
const refused = new Set<string>()
const slot = (caseId: string, key: string) => `${caseId}:${key}`

export function saveRefused(caseId: string, key: string): boolean {
  return refused.has(slot(caseId, key))
}

/**
 * Sends one typed value (after the edits queued before it). True when stored; false when refused, with the reason
 * shown. A case someone else holds is not sent at all (the main process would refuse it too).
 */
export async function saveTyped(caseId: string, key: string, value: string): Promise<boolean> {
  const readOnly = readOnlyMessage(caseId)
  try {
    if (readOnly) throw new Error(readOnly)
    await serialised(() => saveFieldValue(caseId, key, value))
    refused.delete(slot(caseId, key))
    return true
  } catch (err) {
    refused.add(slot(caseId, key))
    // The reason as the main process gave it, then what the reviewer can do (no doubled full stop).
    const reason = errorText(err).replace(/\.+$/, '')
    showError(
      `Could not save ${fieldLabel(key)}: ${reason}. What you typed is kept; press Enter to try again.`,
    )
    return false
  }
}

/**
 * A new stored value arrived (a save, a refresh, another reviewer, a re-recognition): the text shown follows it
 * only when the reviewer had nothing unsaved (what is shown is the last stored value); otherwise it stays.
 */
export function adoptStored(shown: string, lastStored: string, incoming: string): string {
  return shown === lastStored ? incoming : shown
}
