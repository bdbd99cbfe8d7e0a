// The per-case audit log: one entry per event, chained by SHA-256 so that editing, removing or reordering an
// entry breaks the chain (hashing and storage are in electron/services/audit/audit-log.ts). Pure: zod only, because the
// renderer shows the timeline too.
//
// Every entry is { seq, at, reviewer, account?, type, details, prevHash, hash, mac? }. `details` is a JSON object whose shape
// depends on `type`; the conventions (typed as AuditDetails below, and read leniently by describeAuditEntry so an
// old or odd entry still gets a sentence) are:
//
//   imported            { frontFile, backFile, contentHash, params? }  the names the reviewer dropped (backFile
//                       null when there is no back), Case.contentHash ({ front, back } SHA-256 hex, or null) and
//                       the country and type the case starts with, each with where it came from ('file_name' or
//                       'last_choice', null when unset)
//   params_changed      { before, after, source }              the case's issuing country and ID type
//                       ({ issuingCountry, idType }, each null when unset) before and after; source 'reviewer'
//                       (list, panel, toolbar, Recognize as…) or 'mrz' (filled from the MRZ after recognition)
//   sent                { attempt, provider, issuingCountry, idType, resendOf? }  attempt counts from 1; provider as
//                       in Case.provider; the country and type sent (absent in logs written before they were
//                       kept); resendOf: the attempt id of an interrupted request this one sends again.
//                       NEVER image bytes, API keys or request headers.
//   recognition_interrupted { attemptId, sentAt, resent }     a request left (its send marker) and no result was
//                       saved (Recto stopped, or no answer after the body may have arrived): ARGOS may have billed
//                       it. resent 'automatic' when the setting queued it again at start, null when not resent.
//   recognised          { transactionId, fieldCount, provider?, mrz? }  the provider's transaction id (or null);
//                       from the local engine also provider 'local' and, with an MRZ, mrz { valid, repairs }:
//                       whether every check digit passed and each character repaired ({ line, position, from, to },
//                       1-based). A "sent" event with provider 'local' is a reading on this computer (nothing sent).
//   recognition_failed  { attempt, title, httpStatus, errorCode }  from Case.error (no provider body)
//   field_edited        { key, kind, before, after }           kind 'value' | 'quad' | 'verified' | 'other';
//                       before/after are the whole Field objects (preferred) or, for kind 'value', the values
//   field_added         { key, after }                          after: the new Field
//   field_deleted       { key, before }                         before: the deleted Field
//   field_moved         { key, from, to, before, after }        a move to the other side ('front' | 'back')
//   decided             { kind, reason, note }                  as Decision (reason null unless rejected)
//   checks_overridden   { checks, reason, outcome }             "Approve with failed checks": the failing check
//                       ids, the reviewer's written reason, and 'approved' or (four-eyes, first reviewer)
//                       'second_review_requested'; recorded just before its "decided" event
//   exported            { format, file }                        format 'csv' | 'json' | 'audit_csv'; file is
//                       the base name only (no folder: paths can carry the user's name)
//   case_created        {}                                      team workspace: the server's record of a new case
//   claim_released      { heldBy }                              team workspace: a senior released a claim
//
// `reviewer` is the reviewer's name as set in the settings at the time (a label: anyone can type any name),
// `account` the operating-system account that made the change (absent in entries written before it was kept),
// `at` an ISO 8601 timestamp. `mac` is HMAC-SHA256(audit key, hash), the key being kept in the OS keystore
// (electron/services/audit/audit-key.ts): as each hash covers the previous one, a consistent rewrite of a log needs that
// key. Absent in entries written before MACs, and in entries written while the key could not be read.
import { z } from 'zod'
import type { DecisionKind, Field, RejectReason, Side } from './model'

export const AUDIT_EVENT_TYPES = [
  'imported',
  'sent',
  'params_changed',
  'recognised',
  'recognition_failed',
  'recognition_interrupted',
  'field_edited',
  'field_added',
  'field_deleted',
  'field_moved',
  'decided',
  'checks_overridden',
  'exported',
  'case_created',
  'claim_released',
] as const
export const AuditEventTypeSchema = z.enum(AUDIT_EVENT_TYPES)
export type AuditEventType = z.infer<typeof AuditEventTypeSchema>

/** The prevHash of the first entry of every log. */
export const GENESIS_HASH = '0'.repeat(64)

export const AuditHashSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest (64 lowercase hex digits)')

export const AuditEntrySchema = z.object({
  /** 0-based, consecutive. */
  seq: z.number().int().nonnegative(),
  at: z.iso.datetime({ offset: true }),
  reviewer: z.string(),
  /** The OS account (os.userInfo().username); absent in entries written before it was recorded. */
  account: z.string().optional(),
  type: AuditEventTypeSchema,
  details: z.record(z.string(), z.unknown()),
  /** The previous entry's hash; GENESIS_HASH for the first entry. */
  prevHash: AuditHashSchema,
  /** SHA-256 over the canonical JSON of every other member (see hashEntry in electron/services/audit/audit-log.ts). */
  hash: AuditHashSchema,
  /** HMAC-SHA256 (hex) of `hash` under the audit key; absent in entries written without the key. */
  mac: AuditHashSchema.optional(),
})
export type AuditEntry = z.infer<typeof AuditEntrySchema>
/** What a caller appends: the log fills in seq, prevHash, hash and mac (CaseAudits fills in account). */
export type AuditDraft = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash' | 'mac'>

/**
 * Where the audit MAC key is kept: sealed by the OS keystore (safeStorage), or in a plain file (mode 0600) where
 * the OS offers no encryption (Linux without a secret service, the E2E host) — then anyone who can read the
 * user's files can read the key, and the MACs prove no more than the hash chain.
 */
export type AuditKeyProtection = 'os-keystore' | 'file'

/**
 * How a log's MACs stand, next to the hash chain's verdict:
 * - 'verified': every signed entry's MAC is right (`unsigned` entries, all before the first signed one, were
 *   written before MACs existed or while the key was unreadable: they are only as safe as the hash chain);
 * - 'unsigned': no entry has a MAC, so a consistent rewrite of this log cannot be detected;
 * - 'unavailable': the key cannot be read on this system (a profile copied from another machine, a reset
 *   keystore), so the MACs were not checked;
 * - 'failed': a MAC is wrong or missing (the verdict says where).
 */
export type AuditMacReport = {
  state: 'verified' | 'unsigned' | 'unavailable' | 'failed'
  signed: number
  unsigned: number
  /** Where the key is kept; null when it cannot be read. */
  keyProtectedBy: AuditKeyProtection | null
}

/** The MAC part of the timeline's integrity line ("MACs verified", …). */
export function describeMacReport(m: AuditMacReport): string {
  const unsigned =
    m.unsigned > 0
      ? ` (${m.unsigned} older ${m.unsigned === 1 ? 'entry is' : 'entries are'} unsigned: only the hash chain covers ${m.unsigned === 1 ? 'it' : 'them'})`
      : ''
  const where =
    m.keyProtectedBy === 'file' ? '; the MAC key is kept in a file, not protected by an OS keystore' : ''
  switch (m.state) {
    case 'verified':
      return `MACs verified${unsigned}${where}`
    case 'unsigned':
      return `no entry has a MAC: a consistent rewrite of this log would not be detected${where}`
    case 'unavailable':
      return `MACs not checked: the MAC key is not available on this system`
    case 'failed':
      return `MAC check failed${where}`
  }
}

/**
 * The log's end as recorded outside the log (in the case JSON): the chain alone cannot tell that its last entries
 * were cut off, an anchor can. `hash` is the last entry's hash, GENESIS_HASH when `count` is 0.
 */
export const AuditHeadSchema = z.object({ count: z.number().int().nonnegative(), hash: AuditHashSchema })
export type AuditHead = z.infer<typeof AuditHeadSchema>

export type FieldEditAuditKind = 'value' | 'quad' | 'verified' | 'other'
export type ExportFormat = 'csv' | 'json' | 'audit_csv'
/** A case's issuing country (alpha-3) and ID type as the audit trail records them; null when unset. */
export type ParamPair = { issuingCountry: string | null; idType: string | null }
/** Where a new case's country or type came from. */
export type ParamOrigin = 'file_name' | 'last_choice'

/** The details conventions per event type (see the top of this file). */
export type AuditDetails = {
  imported: {
    frontFile: string
    backFile: string | null
    contentHash: { front: string; back: string | null } | null
    params?: {
      issuingCountry: string | null
      idType: string | null
      source: { issuingCountry: ParamOrigin | null; idType: ParamOrigin | null }
    }
  }
  sent: {
    attempt: number
    provider: string
    issuingCountry?: string | null
    idType?: string | null
    resendOf?: string
  }
  recognition_interrupted: { attemptId: string | null; sentAt: string | null; resent: 'automatic' | null }
  params_changed: { before: ParamPair; after: ParamPair; source: 'reviewer' | 'mrz' }
  recognised: {
    transactionId: string | null
    fieldCount: number
    provider?: string
    mrz?: { valid: boolean; repairs: { line: number; position: number; from: string; to: string }[] }
  }
  recognition_failed: { attempt: number; title: string; httpStatus: number | null; errorCode: string | null }
  field_edited: {
    key: string
    kind: FieldEditAuditKind
    before: Field | string | null
    after: Field | string | null
  }
  field_added: { key: string; after: Field }
  field_deleted: { key: string; before: Field }
  field_moved: { key: string; from: Side; to: Side; before: Field; after: Field }
  decided: { kind: DecisionKind; reason: RejectReason | null; note: string }
  checks_overridden: {
    checks: string[]
    reason: string
    outcome: 'approved' | 'second_review_requested'
  }
  exported: { format: ExportFormat; file: string }
  /** Team workspace: the server's own record of a new case (who is the entry's account). */
  case_created: Record<string, never>
  /** Team workspace: a senior released another reviewer's claim. */
  claim_released: { heldBy: string }
}

/** A draft whose details follow the convention for its type (checked by the compiler, not at run time). */
export function auditDraft<T extends AuditEventType>(
  type: T,
  details: AuditDetails[T],
  reviewer: string,
  at: string,
): AuditDraft {
  return { at, reviewer, type, details: details as Record<string, unknown> }
}

/** "Ann Reviewer (ann)": the display name with the OS account where they differ (or the account is known). */
export function actorLabel(e: Pick<AuditEntry, 'reviewer' | 'account'>): string {
  const name = e.reviewer.trim()
  const account = e.account?.trim()
  if (!account) return name || '(no name)'
  if (!name || name === account) return account
  return `${name} (${account})`
}

/** Default label of a field key in a sentence: `date_of_birth` → "Date of birth". */
export function plainFieldLabel(key: string): string {
  const words = key.replace(/_+/g, ' ').trim()
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : key
}

const MAX_QUOTED = 60

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

/** A value quoted for a sentence: on one line, long ones shortened. */
function quote(v: string): string {
  const flat = v.replace(/[\r\n\t]+/g, ' ')
  const short = [...flat].length > MAX_QUOTED ? `${[...flat].slice(0, MAX_QUOTED - 1).join('')}…` : flat
  return `"${short}"`
}

/** The value of a before/after member, which is a Field object or (for value edits) the value itself. */
function fieldValueOf(v: unknown): string | null {
  return str(v) ?? str(obj(v)?.['value'])
}

function sideWord(v: unknown): string | null {
  return v === 'front' || v === 'back' ? v : null
}

function providerName(v: unknown): string {
  const p = str(v)
  return p ? (p.toLowerCase() === 'argos' ? 'ARGOS' : p) : 'the provider'
}

/** "FRA · passport", "— · passport": a country and type pair as recorded (codes, as sent to the provider). */
function pairText(v: unknown): string {
  const o = obj(v)
  const part = (x: unknown) => str(x) ?? '—'
  return `${part(o?.['issuingCountry'])} · ${part(o?.['idType'])}`
}

/** The local engine's MRZ in words: "MRZ repaired: line 2 character 14 O → 0" or its check digits failing. */
function mrzNotes(v: unknown): string[] {
  const mrz = obj(v)
  if (!mrz) return []
  const repairs = (Array.isArray(mrz['repairs']) ? mrz['repairs'] : [])
    .map(obj)
    .filter((r): r is Record<string, unknown> => r !== null)
    .map((r) => {
      const line = num(r['line'])
      const pos = num(r['position'])
      const from = str(r['from'])
      const to = str(r['to'])
      const where = line !== null && pos !== null ? `line ${line} character ${pos}` : 'a character'
      return from !== null && to !== null ? `${where} ${quote(from)} → ${quote(to)}` : where
    })
  return [
    ...(repairs.length ? [`MRZ repaired: ${repairs.join('; ')}`] : []),
    ...(mrz['valid'] === false ? ['MRZ check digits do not all pass'] : []),
  ]
}

function withNote(head: string, note: unknown): string {
  const n = str(note)?.trim()
  return n ? `${head} — ${n}` : head
}

function describeFieldEdit(d: Record<string, unknown>, name: string): string {
  const before = d['before']
  const after = d['after']
  switch (d['kind']) {
    case 'value': {
      const b = fieldValueOf(before)
      const a = fieldValueOf(after)
      return b !== null && a !== null
        ? `Field ${name} changed: ${quote(b)} → ${quote(a)}`
        : `Field ${name} changed`
    }
    case 'quad': {
      const bo = obj(before)
      const ao = obj(after)
      if (bo && ao && bo['quad'] === null && ao['quad'] !== null) return `Box of ${name} drawn`
      if (bo && ao && bo['quad'] !== null && ao['quad'] === null) return `Box of ${name} removed`
      return `Box of ${name} moved`
    }
    case 'verified': {
      const v = typeof after === 'boolean' ? after : obj(after)?.['verified']
      if (v === true) return `Field ${name} marked verified`
      if (v === false) return `Field ${name} marked not verified`
      return `Field ${name} verification changed`
    }
    default:
      return `Field ${name} changed`
  }
}

/**
 * A short sentence for the timeline ("Field Name changed: "JON" → "JOHN"", "Approved"). `label` names a field key
 * (the renderer passes its own labels); details that do not follow the conventions give a plainer sentence.
 */
export function describeAuditEntry(e: AuditEntry, label: (key: string) => string = plainFieldLabel): string {
  const d = e.details
  const key = str(d['key'])
  const name = key !== null ? label(key) : '(unnamed)'
  switch (e.type) {
    case 'imported': {
      const front = str(d['frontFile'])
      const back = str(d['backFile'])
      const head = front && back ? `Imported ${front} and ${back}` : front ? `Imported ${front}` : 'Imported'
      const params = obj(d['params'])
      const set = params && (str(params['issuingCountry']) || str(params['idType']))
      return set ? `${head} as ${pairText(params)}` : head
    }
    case 'sent': {
      const attempt = num(d['attempt'])
      const local = d['provider'] === 'local'
      // The local engine needs no country or type: said only when the case had them.
      const known = str(d['issuingCountry']) || str(d['idType'])
      const sentAs = (local ? known : 'issuingCountry' in d || 'idType' in d) ? ` as ${pairText(d)}` : ''
      const extra = [
        ...(attempt !== null ? [`attempt ${attempt}`] : []),
        ...(str(d['resendOf']) ? ['resending an interrupted request'] : []),
      ]
      const head = local ? 'Read on this computer' : `Sent to ${providerName(d['provider'])}`
      return `${head}${sentAs}${extra.length ? ` (${extra.join(', ')})` : ''}`
    }
    case 'recognition_interrupted': {
      const sentAt = str(d['sentAt'])
      const head = `Recognition interrupted after the request was sent${sentAt ? ` at ${sentAt}` : ''}: ARGOS may have billed it`
      return d['resent'] === 'automatic' ? `${head}; resent automatically (setting)` : head
    }
    case 'params_changed': {
      const by = d['source'] === 'mrz' ? ' (from the MRZ)' : ''
      return `Country and type: ${pairText(d['before'])} → ${pairText(d['after'])}${by}`
    }
    case 'recognised': {
      const tx = str(d['transactionId'])
      const count = num(d['fieldCount'])
      const parts = [
        ...(tx ? [`transaction ${tx}`] : []),
        ...(count !== null ? [`${count} field${count === 1 ? '' : 's'}`] : []),
        ...mrzNotes(d['mrz']),
      ]
      const head = d['provider'] === 'local' ? 'Recognised on this computer' : 'Recognised'
      return parts.length ? `${head} (${parts.join(', ')})` : head
    }
    case 'recognition_failed': {
      const title = str(d['title'])
      const status = num(d['httpStatus'])
      const attempt = num(d['attempt'])
      const extra = [
        ...(attempt !== null ? [`attempt ${attempt}`] : []),
        ...(status !== null ? [`HTTP ${status}`] : []),
      ]
      return `Recognition failed${title ? `: ${title}` : ''}${extra.length ? ` (${extra.join(', ')})` : ''}`
    }
    case 'field_edited':
      return describeFieldEdit(d, name)
    case 'field_added': {
      const side = sideWord(obj(d['after'])?.['side'])
      return `Field ${name} added${side ? ` (${side})` : ''}`
    }
    case 'field_deleted': {
      const side = sideWord(obj(d['before'])?.['side'])
      return `Field ${name} deleted${side ? ` (${side})` : ''}`
    }
    case 'field_moved': {
      const to = sideWord(d['to']) ?? sideWord(obj(d['after'])?.['side'])
      return to ? `Field ${name} moved to the ${to}` : `Field ${name} moved to the other side`
    }
    case 'decided': {
      switch (d['kind']) {
        case 'approved':
          return withNote('Approved', d['note'])
        case 'rejected': {
          const reason = str(d['reason'])
          return withNote(reason ? `Rejected: ${reason}` : 'Rejected', d['note'])
        }
        case 'second_review':
          return withNote('Sent for second review', d['note'])
        default:
          return 'Decided'
      }
    }
    case 'checks_overridden': {
      const ids = Array.isArray(d['checks']) ? d['checks'].filter((x) => typeof x === 'string') : []
      const list = ids.length ? ` (${ids.join(', ')})` : ''
      const head =
        d['outcome'] === 'second_review_requested'
          ? `Asked to approve with failed checks${list}; a second reviewer must confirm`
          : `Approved with failed checks${list}`
      return withNote(head, d['reason'])
    }
    case 'case_created':
      return 'Case created in the team workspace'
    case 'claim_released': {
      const held = str(d['heldBy'])
      return held ? `Released ${held}'s claim` : 'Claim released'
    }
    case 'exported': {
      const file = str(d['file'])
      const suffix = file ? ` (file ${file})` : ''
      switch (d['format']) {
        case 'csv':
          return `Exported to CSV${suffix}`
        case 'json':
          return `Exported to JSON${suffix}`
        case 'audit_csv':
          return `Audit log exported to CSV${suffix}`
        default:
          return `Exported${suffix}`
      }
    }
  }
}
