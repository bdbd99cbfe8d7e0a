// Per-case country and type, the renderer's pure side: which cases the toolbar's selects change, what they show
// for several cases, and what "Recognize all" will send (groups by country and type, and the cases it skips).
import type { RecognizeOutcome } from '../../../shared/ipc'
import type { CaseSummary, IdType } from '../../../shared/model'

export type ParamsOf = Pick<CaseSummary, 'id' | 'issuingCountry' | 'idType' | 'status' | 'claimedBy'>

/** The select's value when the cases it stands for differ. */
export const MIXED = '__mixed__'

/** A case being recognised keeps the values it is sent with (the main process refuses a change). */
export function isBusy(c: Pick<CaseSummary, 'status'>): boolean {
  return c.status === 'queued' || c.status === 'sending'
}

/** The toolbar's cases: the checked ones when any is checked (as export and the list say), else the selected one. */
export function paramsTargets(
  cases: readonly ParamsOf[],
  selectedId: string | null,
  checked: ReadonlySet<string>,
): ParamsOf[] {
  if (checked.size > 0) return cases.filter((c) => checked.has(c.id))
  const selected = cases.find((c) => c.id === selectedId)
  return selected ? [selected] : []
}

/** What a select shows for these cases: their common value, '' when unset (or no case), MIXED when they differ. */
export function commonValue(cases: readonly ParamsOf[], key: 'issuingCountry' | 'idType'): string {
  if (!cases.length) return ''
  const first = cases[0]![key] ?? ''
  return cases.every((c) => (c[key] ?? '') === first) ? first : MIXED
}

export type SendGroup = { issuingCountry: string; idType: IdType; count: number }
export type RecognizePlan = {
  /** What will be sent, one group per country and type, largest first. */
  groups: SendGroup[]
  /** Pending cases without a country or a type: skipped unless the reviewer sets them (ARGOS only). */
  skipped: ParamsOf[]
  /** Pending cases without a country or a type that the local engine reads anyway, taking them from the MRZ. */
  fromMrz: ParamsOf[]
  /** Everything pending (new or failed, not already queued by this window). */
  pending: ParamsOf[]
}

/**
 * What "Recognize all" will do with these cases (the main process takes the same new and failed cases). `local`:
 * the engine is this computer's, which needs no country or type (the MRZ gives them), so nothing is skipped.
 * `teamLogin`: in a team workspace, only the cases this login holds (the others' are theirs to recognise).
 */
export function recognizePlan(
  cases: readonly ParamsOf[],
  alreadyQueued: ReadonlySet<string>,
  local = false,
  teamLogin: string | null = null,
): RecognizePlan {
  const pending = cases.filter(
    (c) =>
      (c.status === 'new' || c.status === 'failed') &&
      !alreadyQueued.has(c.id) &&
      (teamLogin === null || c.claimedBy === teamLogin),
  )
  const byKey = new Map<string, SendGroup>()
  const skipped: ParamsOf[] = []
  const fromMrz: ParamsOf[] = []
  for (const c of pending) {
    if (!c.issuingCountry || !c.idType) {
      if (local) fromMrz.push(c)
      else skipped.push(c)
      continue
    }
    const key = `${c.issuingCountry} ${c.idType}`
    const g = byKey.get(key) ?? { issuingCountry: c.issuingCountry, idType: c.idType, count: 0 }
    g.count += 1
    byKey.set(key, g)
  }
  const groups = [...byKey.values()].sort(
    (a, b) =>
      b.count - a.count ||
      a.issuingCountry.localeCompare(b.issuingCountry) ||
      a.idType.localeCompare(b.idType),
  )
  return { groups, skipped, fromMrz, pending }
}

/** The skipped cases once a country and/or type is applied to them: those still incomplete stay skipped. */
export function withFill(
  skipped: readonly ParamsOf[],
  fill: { issuingCountry: string; idType: string },
): { filled: ParamsOf[]; stillSkipped: ParamsOf[] } {
  const filled: ParamsOf[] = []
  const stillSkipped: ParamsOf[] = []
  for (const c of skipped) {
    const next = {
      ...c,
      issuingCountry: c.issuingCountry ?? (fill.issuingCountry || null),
      idType: c.idType ?? ((fill.idType || null) as IdType | null),
    }
    if (next.issuingCountry && next.idType) filled.push(next)
    else stillSkipped.push(c)
  }
  return { filled, stillSkipped }
}

/** "12 × FRA passport" with the labels given. */
export function groupLine(
  g: SendGroup,
  countryName: (code: string) => string,
  typeLabel: (t: IdType) => string,
): string {
  return `${g.count} × ${countryName(g.issuingCountry)} ${typeLabel(g.idType)}`
}

/** The first persistent problem in the outcomes (no key, key refused, unreachable) and its message, if any. */
export function problemOf(
  outcomes: readonly RecognizeOutcome[],
): { problem: NonNullable<RecognizeOutcome['problem']>; message: string } | null {
  // The outcome that hit it says why; the ones taken off the queue only say "Not sent: …".
  const hit =
    outcomes.find((o) => o.problem && !/^Not sent/.test(o.message)) ?? outcomes.find((o) => o.problem)
  return hit?.problem ? { problem: hit.problem, message: hit.message } : null
}
