// The admin policy in force: the policy file (shared/policy.ts has its format) read once when the services start,
// and what follows from it for the settings service (effective values, refusals) and the renderer (what is pinned).
//
// Read synchronously at start on purpose: the settings service needs the answer before the first view, and the file
// is a few hundred bytes on a local disk. It is not watched: an administrator's change applies at the next start.
//
// A file that is missing is no policy (the normal case). A file that exists but cannot be used (unreadable, too
// big, not JSON, or refused by the schema, including an unknown member) is reported (PolicyView.problem, one
// sentence naming the file and what is wrong, also logged) and the SAFEST values apply until it is fixed:
//   - four-eyes required;
//   - exports: document numbers masked, MRZ lines left out, decided cases only (so the full-fidelity JSON export,
//     which cannot mask, is refused: see Settings.exportProblem);
//   - the endpoint and the API key frozen at what is stored (neither can be changed nor cleared).
// Why: a broken file most likely meant to restrict something, and we cannot tell what. Freezing the endpoint and
// the key keeps scans going where they went before (an administrator may have pinned the endpoint), and the export
// and four-eyes values are the most protective ones the file could have set. The attention score and retention are
// left alone: no value of them is safer in every organisation. So is the recognition engine: `local` keeps scans on
// the computer but stops a team that relies on ARGOS, and the frozen endpoint and key already keep scans going
// where they went before.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import type { ExportSettings } from '../../../shared/export-options'
import type { ReviewSettings } from '../../../shared/model'
import {
  PolicyFileSchema,
  type PinnedSetting,
  type PolicyFile,
  type PolicyView,
} from '../../../shared/policy'
import type { Logger } from '../ports'

/** Bigger than any real policy by far; a bigger file is refused rather than read into memory. */
export const MAX_POLICY_BYTES = 64 * 1024

type ExportPins = Partial<Pick<ExportSettings, 'decidedOnly'> & Pick<ExportSettings['csv'], CsvPinKey>>
type CsvPinKey = 'maskDocumentNumbers' | 'excludeMrz' | 'includeOcr'
const CSV_PIN_KEYS: readonly CsvPinKey[] = ['maskDocumentNumbers', 'excludeMrz', 'includeOcr']

/** The policy as the settings service applies it. */
export type Policy = {
  source: string | null
  problem: string | null
  /** 'free': the reviewer chooses; 'pinned': the policy's URL; 'frozen': kept at the stored URL (bad file). */
  endpoint: { kind: 'free' } | { kind: 'pinned'; url: string } | { kind: 'frozen' }
  /** The key can be neither saved nor cleared (bad file only: a valid policy does not pin the key). */
  apiKeyFrozen: boolean
  review: Partial<Pick<ReviewSettings, 'fourEyes' | 'attentionScore'>>
  retentionDays: number | null
  /** The recognition engine the policy pins; null: the reviewer chooses. */
  engine: 'argos' | 'local' | null
  export: ExportPins
}

export const NO_POLICY: Policy = Object.freeze({
  source: null,
  problem: null,
  endpoint: { kind: 'free' },
  apiKeyFrozen: false,
  review: {},
  retentionDays: null,
  engine: null,
  export: {},
}) as Policy

const SAFEST_SUMMARY =
  'The safest settings apply until it is fixed: four-eyes required; exports of decided cases only, with ' +
  'document numbers masked and MRZ lines left out (no JSON export); the endpoint and the API key locked. ' +
  'Ask your administrator to correct the file.'

/** The fallback for a file that exists but cannot be used (see the header for why these values). */
export function safestPolicy(source: string, what: string): Policy {
  return {
    source,
    problem: `The policy file ${source} could not be used: ${what}. ${SAFEST_SUMMARY}`,
    endpoint: { kind: 'frozen' },
    apiKeyFrozen: true,
    review: { fourEyes: true },
    retentionDays: null,
    engine: null,
    export: { decidedOnly: true, maskDocumentNumbers: true, excludeMrz: true },
  }
}

/** The policy a valid file sets. */
export function policyFrom(source: string, file: PolicyFile): Policy {
  const review: Policy['review'] = {}
  if (file.requireFourEyes) review.fourEyes = true
  if (file.attentionScore !== undefined) review.attentionScore = file.attentionScore
  const exportPins: ExportPins = {}
  if (file.export?.decidedOnly !== undefined) exportPins.decidedOnly = file.export.decidedOnly
  for (const k of CSV_PIN_KEYS) {
    const v = file.export?.[k]
    if (v !== undefined) exportPins[k] = v
  }
  return {
    source,
    problem: null,
    endpoint: file.argosBaseUrl
      ? { kind: 'pinned', url: file.argosBaseUrl.trim().replace(/\/+$/, '') }
      : { kind: 'free' },
    apiKeyFrozen: false,
    review,
    retentionDays: file.retentionDays ?? null,
    engine: file.engine ?? null,
    export: exportPins,
  }
}

const MAX_LISTED_ISSUES = 5

type Issue = { code: string; path: readonly PropertyKey[]; message: string; keys?: readonly string[] }

/** The schema's complaints as a reviewer (or administrator) reads them: which member, what is wrong. */
function describeIssues(issues: readonly Issue[]): string {
  const unknown: string[] = []
  const parts: string[] = []
  for (const issue of issues) {
    const at = issue.path.map(String).join('.')
    const message = issue.message.replace(/^Invalid input: /, '').replace(/\.$/, '')
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const k of issue.keys) unknown.push(`unknown setting "${at ? `${at}.${k}` : k}"`)
    } else if (at === '') {
      parts.push(issue.code === 'invalid_type' ? 'it must be a JSON object' : message)
    } else {
      parts.push(`"${at}": ${message.charAt(0).toLowerCase()}${message.slice(1)}`)
    }
  }
  // Unknown members first: a misspelt key is the likeliest mistake, and it must not be cut from the list.
  parts.unshift(...unknown)
  const listed = parts.slice(0, MAX_LISTED_ISSUES).join('; ')
  const more = parts.length > MAX_LISTED_ISSUES ? `; and ${parts.length - MAX_LISTED_ISSUES} more` : ''
  return listed + more
}

/** Where JSON.parse stopped, if its message says (V8's wording varies); never the text itself. */
function jsonErrorPlace(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : ''
  const lineCol = /line (\d+) column (\d+)/.exec(message)
  if (lineCol) return ` (line ${lineCol[1]}, column ${lineCol[2]})`
  const pos = /position (\d+)/.exec(message)
  if (pos) {
    const before = text.slice(0, Number(pos[1]))
    const line = before.split('\n').length
    const column = before.length - before.lastIndexOf('\n')
    return ` (line ${line}, column ${column})`
  }
  return ''
}

/** The policy the text of `source` sets, or the safest values with the reason. Pure. */
export function parsePolicyText(source: string, text: string): Policy {
  if (text.trim() === '') return safestPolicy(source, 'it is empty')
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    return safestPolicy(source, `it is not valid JSON${jsonErrorPlace(err, text)}`)
  }
  const parsed = PolicyFileSchema.safeParse(json)
  if (!parsed.success) return safestPolicy(source, describeIssues(parsed.error.issues as readonly Issue[]))
  return policyFrom(source, parsed.data)
}

const READ_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
}

/** Reads at most MAX_POLICY_BYTES + 1 bytes: the file's text, 'missing', or why it could not be read. */
function readSmall(file: string): { text: string } | 'missing' | { error: string } {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? ''
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing'
    return { error: `it could not be read (${READ_ERRORS[code] ?? (code || 'error')})` }
  }
  try {
    if (fstatSync(fd).isDirectory()) return { error: `it could not be read (${READ_ERRORS.EISDIR})` }
    const buf = Buffer.alloc(MAX_POLICY_BYTES + 1)
    let length = 0
    for (;;) {
      const n = readSync(fd, buf, length, buf.length - length, null)
      if (n === 0) break
      length += n
      if (length > MAX_POLICY_BYTES) return { error: `it is larger than ${MAX_POLICY_BYTES / 1024} KB` }
    }
    return { text: buf.subarray(0, length).toString('utf8') }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? ''
    return { error: `it could not be read (${READ_ERRORS[code] ?? (code || 'error')})` }
  } finally {
    closeSync(fd)
  }
}

/**
 * The policy in force: none without a file, the file's policy, or the safest values with the problem (logged as a
 * warning: the file's name and what is wrong, never its content).
 */
export function loadPolicy(file: string | null, logger?: Logger): Policy {
  if (!file) return NO_POLICY
  const read = readSmall(file)
  if (read === 'missing') return NO_POLICY
  const policy = 'error' in read ? safestPolicy(file, read.error) : parsePolicyText(file, read.text)
  if (policy.problem) logger?.warn(`policy: ${policy.problem}`)
  else logger?.info(`policy: ${file} pins ${pinnedSettings(policy).length} setting(s)`)
  return policy
}

/** The settings this policy pins, as the renderer locks them (paths of PINNABLE_SETTINGS). */
export function pinnedSettings(policy: Policy): PinnedSetting[] {
  const pinned: PinnedSetting[] = []
  if (policy.endpoint.kind !== 'free') pinned.push('argosBaseUrl')
  if (policy.apiKeyFrozen) pinned.push('apiKey')
  if (policy.review.fourEyes !== undefined) pinned.push('review.fourEyes')
  if (policy.review.attentionScore !== undefined) pinned.push('review.attentionScore')
  if (policy.retentionDays !== null) pinned.push('retentionDays')
  if (policy.engine !== null) pinned.push('recognition.engine')
  if (policy.export.decidedOnly !== undefined) pinned.push('export.decidedOnly')
  for (const k of CSV_PIN_KEYS) if (policy.export[k] !== undefined) pinned.push(`export.csv.${k}`)
  return pinned
}

export function policyView(policy: Policy): PolicyView {
  return { source: policy.source, problem: policy.problem, pinned: pinnedSettings(policy) }
}

/** The export settings with the policy's pins applied (policy wins). */
export function applyExportPins(policy: Policy, settings: ExportSettings): ExportSettings {
  const csv = { ...settings.csv }
  for (const k of CSV_PIN_KEYS) {
    const v = policy.export[k]
    if (v !== undefined) csv[k] = v
  }
  return { decidedOnly: policy.export.decidedOnly ?? settings.decidedOnly, csv }
}

export { CSV_PIN_KEYS }
