// The admin policy: a read-only JSON file an administrator installs (/etc/recto/policy.json,
// %ProgramData%\Recto\policy.json, /Library/Application Support/Recto/policy.json). It pins settings the reviewer
// cannot change; the main process refuses a change to a pinned setting and forces pinned export options on every
// export. Pure (zod only): the renderer shows which settings are pinned, and the file's schema lives here so the
// format has one definition. Reading the file and the fallback for a bad one are in electron/services/settings/policy.ts.
//
// The file (every member but `version` optional; any other member is an error, so a misspelt key is not ignored):
//   {
//     "version": 1,
//     "argosBaseUrl": "https://…",          the endpoint (the same rule as Settings: https:, http: to loopback only)
//     "requireFourEyes": true,              four-eyes on (true only: leave it out to let reviewers choose)
//     "attentionScore": 0..100,             the attention threshold
//     "retentionDays": 1..,                 kept for the retention feature (shown as pinned)
//     "engine": "argos" | "local",          the recognition engine (ARGOS, or on this computer: nothing is sent)
//     "export": { "maskDocumentNumbers": bool, "excludeMrz": bool, "includeOcr": bool, "decidedOnly": bool }
//   }
//
// The settings audit log's entries (Settings → History) are described here too, because the renderer lists them.
import { z } from 'zod'
import { endpointProblem } from './endpoint'

export const POLICY_VERSION = 1

const endpoint = z
  .string()
  .max(2000)
  .superRefine((u, ctx) => {
    const problem = endpointProblem(u)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

export const PolicyFileSchema = z.strictObject({
  version: z.literal(POLICY_VERSION, { error: `must be ${POLICY_VERSION}` }),
  argosBaseUrl: endpoint.optional(),
  requireFourEyes: z
    .literal(true, { error: 'can only be true (leave it out to let reviewers choose)' })
    .optional(),
  attentionScore: z.number().int().min(0).max(100).optional(),
  retentionDays: z.number().int().min(1).optional(),
  engine: z.enum(['argos', 'local'], { error: 'must be "argos" or "local"' }).optional(),
  export: z
    .strictObject({
      maskDocumentNumbers: z.boolean().optional(),
      excludeMrz: z.boolean().optional(),
      includeOcr: z.boolean().optional(),
      decidedOnly: z.boolean().optional(),
    })
    .optional(),
})
export type PolicyFile = z.infer<typeof PolicyFileSchema>

/**
 * Settings a policy can pin, by their path in SettingsView ('apiKey' and 'retentionDays' have no SettingsView
 * member: the key is pinned only by the fallback for a bad policy file, retention is the coming feature's).
 */
export const PINNABLE_SETTINGS = [
  'argosBaseUrl',
  'apiKey',
  'review.fourEyes',
  'review.attentionScore',
  'retentionDays',
  'recognition.engine',
  'export.decidedOnly',
  'export.csv.maskDocumentNumbers',
  'export.csv.excludeMrz',
  'export.csv.includeOcr',
] as const
export type PinnedSetting = (typeof PINNABLE_SETTINGS)[number]

/** How a pinned setting is named in messages (the main process's refusals, the renderer's notes). */
export const PINNED_SETTING_LABEL: Record<PinnedSetting, string> = {
  argosBaseUrl: 'The ARGOS base URL',
  apiKey: 'The API key',
  'review.fourEyes': 'Four-eyes',
  'review.attentionScore': 'The attention score',
  retentionDays: 'The retention period',
  'recognition.engine': 'The recognition engine',
  'export.decidedOnly': '"Decided cases only"',
  'export.csv.maskDocumentNumbers': 'Masking document numbers',
  'export.csv.excludeMrz': 'Leaving out MRZ lines',
  'export.csv.includeOcr': 'The per-field OCR columns',
}

/** The note next to a locked control. */
export const POLICY_LOCK_NOTE = "Set by your organisation's policy"
/** The note next to a control locked because the policy file could not be used (the safest values apply). */
export const POLICY_BROKEN_LOCK_NOTE = "Locked until your organisation's policy file is fixed"

/** What the renderer learns about the policy in force. */
export type PolicyView = {
  /** The policy file read, or null when there is none. */
  source: string | null
  /** Why the file could not be used (then the safest values apply), or null. */
  problem: string | null
  /** The settings the policy pins (shown locked, refused by the main process). */
  pinned: PinnedSetting[]
}

/** Whether the policy pins this setting (a view from before policies existed pins nothing). */
export function isPinned(policy: PolicyView | null | undefined, setting: PinnedSetting): boolean {
  return policy?.pinned.includes(setting) ?? false
}

/** One change of a security-relevant setting, as Settings → History lists it (newest last). */
export type SettingsHistoryEntry = {
  seq: number
  at: string
  /** The OS account that made the change. */
  account: string
  /** The display name from Settings at the time (a label only). */
  reviewer: string
  /** What changed, e.g. 'review.fourEyes', 'argosBaseUrl', 'apiKey' (see SETTINGS_AUDIT_SETTINGS). */
  setting: string
  before: unknown
  after: unknown
}

/** The settings the settings audit log records. */
export const SETTINGS_AUDIT_SETTINGS = [
  'review.fourEyes',
  'review.attentionScore',
  'argosBaseUrl',
  'apiKey',
  'reviewerName',
  'recognition.engine',
] as const

/**
 * The values an 'apiKey' entry holds (never the key): before 'set' or 'none', after 'set', 'cleared', or
 * 'cleared_for_new_origin' when saving a base URL with another origin cleared it.
 */
export const API_KEY_STATES = ['set', 'none', 'cleared', 'cleared_for_new_origin'] as const
export type ApiKeyState = (typeof API_KEY_STATES)[number]

export type SettingsHistoryView = {
  entries: SettingsHistoryEntry[]
  /** Whether the log's hash chain holds, or where it breaks. */
  verdict: { ok: true; count: number } | { ok: false; index: number; reason: string }
  /** What could not be read (an incomplete last line, invalid lines), said rather than hidden; null when none. */
  problem: string | null
}
