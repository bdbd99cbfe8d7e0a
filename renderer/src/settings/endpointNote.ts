// What the Settings dialog says about the endpoint: a URL the rule refuses, and a key cleared by a new origin.
import { endpointOrigin, endpointProblem } from '../../../shared/endpoint'
import type { SettingsView } from '../../../shared/model'

/** Why the typed base URL cannot be saved (the message says https), or null. */
export function baseUrlProblem(typed: string): string | null {
  return endpointProblem(typed)
}

/**
 * After a save: the sentence telling the reviewer the key was cleared because the endpoint moved to another
 * origin, or null. Only for a key saved in Settings (the environment's key is not bound).
 */
export function keyClearedNote(before: SettingsView, after: SettingsView): string | null {
  if (!before.apiKeySet || before.apiKeyStorage === 'environment' || after.apiKeySet) return null
  const was = endpointOrigin(before.argosBaseUrl)
  const now = endpointOrigin(after.argosBaseUrl)
  if (!was || !now || was === now) return null
  return `The API key was cleared: it was saved for ${was}, the endpoint is now ${now}. Enter the key for the new endpoint.`
}
