// The admin policy: a read-only JSON file an administrator installs (see docs/SECURITY.md for its format). It pins
// settings the reviewer cannot change. Pure: zod only, because the renderer shows what is pinned.
// (Skeleton: the schema and the loader are built in electron/services/policy.ts.)

/** Settings a policy can pin, by their path in SettingsView. */
export type PinnedSetting = string

/** What the renderer learns about the policy in force. */
export type PolicyView = {
  /** The policy file read, or null when there is none. */
  source: string | null
  /** Why the file could not be used (then the safest values apply), or null. */
  problem: string | null
  /** The settings the policy pins (shown locked, refused by the main process). */
  pinned: PinnedSetting[]
}
