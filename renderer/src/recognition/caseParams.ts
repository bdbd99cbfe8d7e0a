// Changing cases' country and type (list row, field panel, toolbar, error panel, the Recognize all dialog): shown at
// once, saved by the main process (setCaseParams: validated, audited), put back on refusal.
import type { CaseParams } from '../../../shared/ipc'
import type { CaseSummary, IdType } from '../../../shared/model'
import { api, errorText } from '../api'
import { setCountry, setIdType } from '../state/actions'
import { showError, store } from '../state/appState'
import { loadCase, refreshCases } from '../state/cases'
import { patchSummaries } from '../state/caseListMerge'
import { isIdType } from '../state/idTypes'
import { isBusy } from './paramsLogic'

const inFlight = new Set<Promise<void>>()

/** Resolves once every change of country or type made so far is saved (Recognize waits for it). */
export async function waitForParams(): Promise<void> {
  while (inFlight.size) await Promise.allSettled([...inFlight])
}

function patchLocal(ids: readonly string[], params: CaseParams): void {
  store.set((s) => ({
    cases: s.cases.map((c) =>
      ids.includes(c.id)
        ? {
            ...c,
            ...('issuingCountry' in params ? { issuingCountry: params.issuingCountry ?? null } : {}),
            ...('idType' in params ? { idType: (params.idType ?? null) as IdType | null } : {}),
          }
        : c,
    ),
  }))
}

function applySaved(saved: readonly CaseSummary[]): void {
  if (!saved.length) return
  const patched = patchSummaries(store.get().cases, saved)
  if (patched) store.set({ cases: patched })
  else void refreshCases()
  const selected = store.get().selectedCaseId
  if (selected && saved.some((c) => c.id === selected)) void loadCase(selected)
}

/**
 * Sets the country and/or type of these cases. Cases being recognised are left as they are (and the reviewer is
 * told). Resolves true when the change was saved.
 */
export function setCaseParams(ids: readonly string[], params: CaseParams): Promise<boolean> {
  const cases = store.get().cases.filter((c) => ids.includes(c.id))
  const busy = cases.filter(isBusy)
  const free = cases.filter((c) => !isBusy(c)).map((c) => c.id)
  if (busy.length) {
    showError(
      busy.length === 1
        ? `${busy[0]!.name} is being recognised: its country and type change after it finishes`
        : `${busy.length} cases are being recognised and were left unchanged`,
    )
  }
  if (!free.length) return Promise.resolve(false)
  // The reviewer's last choice: what "Recognize all" offers for cases without one.
  if (params.issuingCountry) setCountry(params.issuingCountry)
  if (params.idType) setIdType(params.idType)
  patchLocal(free, params)
  let ok = false
  const run = (async () => {
    try {
      applySaved(await api().setCaseParams(free, params))
      ok = true
    } catch (err) {
      showError(`Could not change the country or type: ${errorText(err)}`)
      void refreshCases()
    }
  })()
  inFlight.add(run)
  return run.then(() => {
    inFlight.delete(run)
    return ok
  })
}

/** A select's value as a change: '' clears, anything else sets. */
export function countryChange(value: string): CaseParams {
  return { issuingCountry: value === '' ? null : value }
}

export function typeChange(value: string): CaseParams {
  return { idType: isIdType(value) ? value : null }
}
