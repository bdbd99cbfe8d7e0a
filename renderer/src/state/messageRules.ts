// The rules of the one message area, pure: which toast survives a case change, how long a toast stays, and what
// the connection banner says for each problem.

/** What keepOnCaseChange needs of a toast (see appState's Message). */
export type CaseScoped = { seq: number; caseId: string | null; explicitCase: boolean }

/**
 * A case change clears the toast unless it is about the case now open: named so by its caller, or shown by the
 * very action that opened the case (`fresh`: an import reports the case it then selects). A toast shown while no
 * case was selected (and naming none) is about no case, so it stays. "Approved: h04" never shows over h03.
 */
export function keepOnCaseChange(m: CaseScoped, caseId: string | null, fresh: number | null): boolean {
  if (m.explicitCase) return m.caseId === caseId
  return m.seq === fresh || m.caseId === null
}

/** A notice stays this long at least (a short one is read in well under that). */
export const NOTICE_MS = 4_000
/** An error stays longer (and until dismissed with × or Esc, or replaced). */
export const ERROR_MS = 15_000
/** A toast with a button (Show in folder) stays long enough to reach the button. */
export const ACTION_MS = 12_000
/** Reading time added per character past the first 80 (about 200 words a minute). */
const MS_PER_EXTRA_CHAR = 50
const MAX_MS = 30_000

/** How long a toast stays on screen before it goes by itself (the area pauses it while pointed at or focused). */
export function toastDuration(m: { kind: 'error' | 'notice'; text: string; action?: unknown }): number {
  const base = m.kind === 'error' ? ERROR_MS : m.action ? ACTION_MS : NOTICE_MS
  const extra = Math.max(0, m.text.length - 80) * MS_PER_EXTRA_CHAR
  return Math.min(MAX_MS, base + extra)
}

export type ConnectionProblemKind = 'no_key' | 'auth' | 'unreachable' | 'failed'

/** The banner's headline for each problem. */
export function connectionTitle(problem: ConnectionProblemKind): string {
  switch (problem) {
    case 'no_key':
      return 'No ARGOS API key is set: recognition is paused'
    case 'auth':
      return 'The ARGOS API key was refused: recognition is paused'
    case 'unreachable':
      return 'The ARGOS endpoint cannot be reached: recognition is paused'
    case 'failed':
      return 'The connection test failed'
  }
}

/** What to do about it, under the headline. */
export function connectionHint(problem: ConnectionProblemKind): string {
  switch (problem) {
    case 'no_key':
      return 'Enter the key in Settings (or set ARGOS_API_KEY), then test the connection.'
    case 'auth':
      return 'Check the key and the IP allow-list of your ARGOS account in Settings, then test the connection.'
    case 'unreachable':
      return 'Check the network and the base URL in Settings, then test the connection.'
    case 'failed':
      return 'Check the key and the base URL in Settings, then test again.'
  }
}
