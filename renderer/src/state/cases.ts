// Keeping the case list and the open case in step with the main process: full listings, single-case updates
// after change events (coalesced), and the error titles of failed cases (summaries do not carry them).
import type { Case } from '../../../shared/model'
import { api, errorText } from '../api'
import { mergeSummaries, patchSummaries } from './caseListMerge'
import { showError, store } from './appState'
import type { CaseChanges } from './eventCoalescer'

/** Runs `fn` now, or once more after the run in flight when called during one (collapses bursts of calls). */
function singleFlight(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null
  let again = false
  return async (): Promise<void> => {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          await fn()
        } while (again)
      } finally {
        running = null
      }
    })()
    return running
  }
}

/** Reads the whole list. */
export const refreshCases = singleFlight(async () => {
  try {
    const listed = await api().listCases()
    store.set((s) => {
      const cases = mergeSummaries(s.cases, listed)
      const stillThere = s.selectedCaseId === null || cases.some((c) => c.id === s.selectedCaseId)
      return stillThere
        ? { cases, casesLoaded: true }
        : {
            cases,
            casesLoaded: true,
            selectedCaseId: null,
            current: null,
            selectedFieldKey: null,
          }
    })
  } catch (err) {
    store.set({ casesLoaded: true })
    showError(`Could not list cases: ${errorText(err)}`)
  }
})

let firstListing: Promise<void> | null = null
/**
 * The window's first listing, once: started as soon as the store is open (by the vault gate, so the request
 * overlaps the workspace's first render) and joined by the workspace when it mounts.
 */
export function listCasesOnce(): Promise<void> {
  firstListing ??= refreshCases()
  return firstListing
}

/** Puts a loaded case into the state unless it is stale (another case selected, or an older version). */
export function applyCase(c: Case): void {
  store.set((s) => {
    if (s.selectedCaseId !== c.id) return {}
    if (s.current && s.current.id === c.id && c.updatedAt < s.current.updatedAt) return {}
    const newlyShown = s.current?.id !== c.id
    const keyStillThere = s.selectedFieldKey !== null && c.fields.some((f) => f.key === s.selectedFieldKey)
    return {
      current: c,
      selectedFieldKey: keyStillThere ? s.selectedFieldKey : null,
      side: c.back === null ? 'front' : s.side,
      // Pre-fill the Recognize choices from the case, but only when it is first shown: a reviewer who has
      // just picked another country to retry must not see the choice reset by a background refresh.
      ...(newlyShown && c.issuingCountry ? { country: c.issuingCountry } : {}),
      ...(newlyShown && c.idType ? { idType: c.idType } : {}),
    }
  })
}

export async function loadCase(id: string): Promise<void> {
  try {
    const c = await api().getCase(id)
    applyCase(c)
  } catch (err) {
    if (store.get().selectedCaseId === id) showError(`Could not open the case: ${errorText(err)}`)
  }
}

/** Up to this many changed cases are fetched one by one; more, and one listing is cheaper. */
const FEW = 12

/** Applies one coalesced set of change events (see eventCoalescer.ts). */
export async function syncChanges({ all, ids }: CaseChanges): Promise<void> {
  const selected = (): string | null => store.get().selectedCaseId
  const full = async (): Promise<void> => {
    await refreshCases()
    const sel = selected()
    if (sel && (all || ids.includes(sel))) await loadCase(sel)
  }
  if (all || ids.length > FEW || !store.get().casesLoaded) return full()

  // The rows come from the main process: in a team workspace they carry who holds each case, which no case says.
  const [fetched, summaries] = await Promise.all([
    Promise.all(
      ids.map((id) =>
        api()
          .getCase(id)
          .catch(() => null),
      ),
    ),
    api()
      .getSummaries([...ids])
      .catch(() => null),
  ])
  const cases = fetched.filter((c): c is Case => c !== null)
  const patched =
    cases.length === ids.length && summaries?.length === ids.length
      ? patchSummaries(store.get().cases, summaries)
      : null
  if (!patched) return full() // a case we do not list yet, or one that could not be read
  store.set({ cases: patched })
  for (const c of cases) {
    applyCase(c)
  }
}
