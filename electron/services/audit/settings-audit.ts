// The settings audit log: <userDataDir>/settings-audit.jsonl, one JSON entry per line, append-only, each entry
// chained to the previous one by SHA-256 over its canonical JSON (the per-case log's canonicalJson, so both logs
// hash the same way). It records who changed a security-relevant setting (four-eyes, the attention threshold, the
// endpoint, the API key set or cleared, the reviewer name; retention when it exists), shown in Settings → History.
//
// The chain, its limits and the file's durability are chained-log.ts's. Synchronous, so the settings service stays
// synchronous: each append is fsynced before the setting is saved, so no change is saved without its entry.
//
// Never in the log: the API key (an 'apiKey' entry says only 'set', 'cleared', …), a URL's query or fragment.
import { join } from 'node:path'
import { z } from 'zod'
import type { SettingsHistoryEntry, SettingsHistoryView } from '../../../shared/policy'
import { CHAIN_GENESIS_HASH, ChainedLog, type Chained } from './chained-log'

export const SETTINGS_AUDIT_FILE = 'settings-audit.jsonl'
/** The prevHash of the first entry (as in the case log). */
export const SETTINGS_GENESIS_HASH = CHAIN_GENESIS_HASH

const SettingsPayloadSchema = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  account: z.string(),
  reviewer: z.string(),
  setting: z.string().min(1).max(100),
  before: z.unknown(),
  after: z.unknown(),
})
type SettingsPayload = Omit<SettingsHistoryEntry, 'seq'>
export type SettingsAuditEntry = Chained<SettingsPayload>
/** What a caller appends: the log fills in seq, prevHash and hash. */
export type SettingsAuditDraft = SettingsPayload

export function settingsAuditPath(userDataDir: string): string {
  return join(userDataDir, SETTINGS_AUDIT_FILE)
}

export class SettingsAuditLog {
  private readonly log: ChainedLog<SettingsPayload>

  constructor(readonly path: string) {
    this.log = new ChainedLog(path, SettingsPayloadSchema, {
      what: 'the settings log',
      entryName: 'settings audit entry',
    })
  }

  /** Appends these entries (one write, fsynced) and returns them (see ChainedLog.append). */
  append(drafts: readonly SettingsAuditDraft[]): SettingsAuditEntry[] {
    return this.log.append(drafts)
  }

  /** The readable entries (oldest first), the chain's verdict, and what could not be read. */
  read(): SettingsHistoryView {
    const { entries, verdict, problem } = this.log.read()
    return {
      entries: entries.map(({ seq, at, account, reviewer, setting, before, after }) => ({
        seq,
        at,
        account,
        reviewer,
        setting,
        before,
        after,
      })),
      verdict,
      problem,
    }
  }
}

/** A base URL as the log keeps it: scheme, host, port and path only (a query or fragment may carry secrets). */
export function loggedEndpoint(url: string): string {
  if (!URL.canParse(url)) return url.replace(/[?#].*$/, '')
  const u = new URL(url)
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`
}
