// What the Settings and Export dialogs say about the admin policy and the settings history: the lock notes, the
// alert for a policy file that could not be used, and the history's rows and verdict in words. Pure (no React), so
// the wording is unit-tested; the main process enforces every pin, these only explain them.
import {
  POLICY_BROKEN_LOCK_NOTE,
  POLICY_LOCK_NOTE,
  isPinned,
  type PinnedSetting,
  type PolicyView,
} from '../../../shared/policy'
import type { SettingsHistoryView } from '../../../shared/policy'
import type { SettingsView } from '../../../shared/model'

export { POLICY_BROKEN_LOCK_NOTE, POLICY_LOCK_NOTE, isPinned }

/** The alert at the top of Settings: the policy's problem, or null when the policy (if any) was read fine. */
export function policyAlert(policy: PolicyView | null | undefined): string | null {
  return policy?.problem ?? null
}

/** The quieter note at the top of Settings when a valid policy pins something, or null. */
export function policyInfo(policy: PolicyView | null | undefined): string | null {
  if (!policy || policy.problem || policy.pinned.length === 0 || !policy.source) return null
  return `Some settings are set by your organisation's policy (${policy.source}) and cannot be changed here.`
}

/**
 * The lock note for one control, or null when the policy leaves it to the reviewer. A control locked by the
 * fallback for a bad policy file says so: nobody chose that value, and the alert above says what to fix.
 */
export function lockNote(policy: PolicyView | null | undefined, setting: PinnedSetting): string | null {
  if (!isPinned(policy, setting)) return null
  return policy?.problem ? POLICY_BROKEN_LOCK_NOTE : POLICY_LOCK_NOTE
}

/**
 * Why the JSON export is not available, or null: it is full fidelity, so a policy that masks document numbers or
 * leaves out the MRZ (a bad policy file does both) rules it out. The main process refuses it too.
 */
export function jsonExportBlocked(view: Pick<SettingsView, 'policy' | 'export'> | null): string | null {
  if (!view) return null
  const masks = isPinned(view.policy, 'export.csv.maskDocumentNumbers') && view.export.csv.maskDocumentNumbers
  const noMrz = isPinned(view.policy, 'export.csv.excludeMrz') && view.export.csv.excludeMrz
  if (!masks && !noMrz) return null
  const what = masks ? 'masks document numbers' : 'leaves out MRZ lines'
  return `Your organisation's policy ${what} in exports, which the JSON export cannot do: export CSV instead.`
}

// ---------- history ----------

const SETTING_LABEL: Record<string, string> = {
  'review.fourEyes': 'Four-eyes',
  'review.attentionScore': 'Attention below score',
  argosBaseUrl: 'ARGOS base URL',
  apiKey: 'API key',
  reviewerName: 'Reviewer name',
  retentionDays: 'Retention (days)',
  'review.retentionDays': 'Retention (days)',
  'recognition.engine': 'Recognition engine',
}

const ENGINE_VALUE: Record<string, string> = { argos: 'ARGOS', local: 'On this computer' }

const KEY_STATE: Record<string, string> = {
  set: 'set',
  none: 'not set',
  cleared: 'cleared',
  cleared_for_new_origin: 'cleared (the endpoint moved to another origin)',
}

export function settingLabel(setting: string): string {
  return SETTING_LABEL[setting] ?? setting
}

/** One before or after value in words (the log keeps values as JSON). */
export function valueText(setting: string, value: unknown): string {
  if (setting === 'apiKey' && typeof value === 'string') return KEY_STATE[value] ?? value
  if (setting === 'review.retentionDays') return typeof value === 'number' ? `${value} days` : 'off (kept)'
  // null is the automatic choice: local while no API key is set, ARGOS otherwise.
  if (setting === 'recognition.engine')
    return typeof value === 'string' ? (ENGINE_VALUE[value] ?? value) : 'automatic'
  if (value === null || value === undefined) return '—'
  if (typeof value === 'boolean') return value ? 'on' : 'off'
  if (typeof value === 'string') return value === '' ? '(empty)' : value
  if (typeof value === 'number') return String(value)
  return JSON.stringify(value)
}

export type HistoryRow = {
  key: number
  when: string
  at: string
  account: string
  what: string
  change: string
}

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

function defaultWhen(at: string): string {
  const d = new Date(at)
  return Number.isNaN(d.getTime()) ? at : WHEN.format(d)
}

/** The rows Settings → History lists, newest first (the log is oldest first). */
export function historyRows(
  view: SettingsHistoryView,
  when: (at: string) => string = defaultWhen,
): HistoryRow[] {
  return [...view.entries].reverse().map((e) => ({
    key: e.seq,
    at: e.at,
    when: when(e.at),
    // The account is what four-eyes and the audit go by; the display name is only a label beside it.
    account:
      e.reviewer && e.reviewer !== e.account
        ? `${e.account || '(unknown)'} (${e.reviewer})`
        : e.account || '(unknown)',
    what: settingLabel(e.setting),
    change: `${valueText(e.setting, e.before)} → ${valueText(e.setting, e.after)}`,
  }))
}

/** The chain's verdict in words: whether the history can be trusted, and what could not be read. */
export function historyVerdict(view: SettingsHistoryView): { ok: boolean; text: string } {
  const problem = view.problem ? ` ${view.problem.replace(/\.?$/, '.')}` : ''
  if (!view.verdict.ok) {
    return {
      ok: false,
      text: `The settings history was altered after it was written: ${view.verdict.reason.replace(/\.?$/, '.')}${problem}`,
    }
  }
  const n = view.verdict.count
  if (n === 0 && !problem) return { ok: true, text: 'No settings changes recorded yet.' }
  const count = `${n} ${n === 1 ? 'change' : 'changes'}`
  return { ok: problem === '', text: `${count}, hash chain intact.${problem}` }
}
