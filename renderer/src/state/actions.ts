// Everything the UI does that involves the main process. Every call is caught and reported: the UI never
// sees a rejected promise.
import type { ImportFile } from '../../../shared/ipc'
import type { Case, Quad, Side } from '../../../shared/model'
import { api, errorText } from '../api'
import { planImport } from '../queue/importPlan'
import { isIdType } from '../toolbar/idTypes'
import { dismissError, dismissNotice, showError, showNotice, store } from './appState'

/** Runs `fn` now, or once more after the run in flight when called during one (collapses bursts of events). */
function coalesce(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null
  let again = false
  const run = async (): Promise<void> => {
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
  return run
}

export const refreshCases = coalesce(async () => {
  try {
    const cases = await api().listCases()
    store.set((s) => {
      const stillThere = s.selectedCaseId === null || cases.some((c) => c.id === s.selectedCaseId)
      return stillThere
        ? { cases, casesLoaded: true }
        : { cases, casesLoaded: true, selectedCaseId: null, current: null, selectedFieldKey: null }
    })
  } catch (err) {
    store.set({ casesLoaded: true })
    showError(`Could not list cases: ${errorText(err)}`)
  }
})

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
    applyCase(await api().getCase(id))
  } catch (err) {
    if (store.get().selectedCaseId === id) showError(`Could not open the case: ${errorText(err)}`)
  }
}

export function selectCase(id: string | null): void {
  const s = store.get()
  if (s.selectedCaseId === id) return
  store.set({ selectedCaseId: id, current: null, selectedFieldKey: null, side: 'front' })
  if (id !== null) void loadCase(id)
}

export function selectField(key: string | null): void {
  store.set((s) => {
    if (key === null) return { selectedFieldKey: null }
    const field = s.current?.fields.find((f) => f.key === key)
    return field ? { selectedFieldKey: key, side: field.side } : {}
  })
}

export function setSide(side: Side): void {
  store.set((s) => {
    const selected = s.current?.fields.find((f) => f.key === s.selectedFieldKey)
    return { side, selectedFieldKey: selected && selected.side !== side ? null : s.selectedFieldKey }
  })
}

export function setCountry(country: string): void {
  store.set({ country })
}

export function setIdType(value: string): void {
  store.set({ idType: isIdType(value) ? value : '' })
}

async function readFile(file: File): Promise<ImportFile> {
  try {
    return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
  } catch (err) {
    throw new Error(`Could not read ${file.name || 'the file'}: ${errorText(err)}`, { cause: err })
  }
}

/** The import in flight, if any: Recognize pressed meanwhile waits for it (and then acts on the new case). */
let importInFlight: Promise<void> | null = null

/** First file is the front, the optional second the back. */
export async function importFiles(files: readonly File[]): Promise<void> {
  if (importInFlight) {
    showError('An import is already running: wait for it to finish')
    return
  }
  const run = runImport(files)
  importInFlight = run
  try {
    await run
  } finally {
    importInFlight = null
  }
}

async function runImport(files: readonly File[]): Promise<void> {
  const plan = planImport(files.map((f) => ({ name: f.name, size: f.size })))
  if (!plan.ok) {
    showError(plan.message)
    return
  }
  store.set({ importing: true })
  dismissError()
  showNotice(`Importing ${files.map((f) => f.name).join(' and ')}…`)
  try {
    const payload = await Promise.all(files.map(readFile))
    const result = await api().importScans(payload)
    const refused = new Set(result.errors.map((e) => e.file))
    const summary = result.case
    if (summary) {
      const accepted = payload.map((f) => f.name).filter((n) => !refused.has(n))
      showNotice(`Imported ${accepted.length ? accepted.join(' and ') : summary.name}`)
      store.set((s) => ({
        cases: s.cases.some((c) => c.id === summary.id) ? s.cases : [...s.cases, summary],
      }))
      selectCase(summary.id)
      void refreshCases()
    } else {
      dismissNotice()
    }
    if (result.errors.length) {
      const lines = result.errors.map((e) =>
        e.message.includes(e.file) ? e.message : `${e.file}: ${e.message}`,
      )
      showError(`${result.case ? 'Part of the import was refused' : 'Import refused'} — ${lines.join('; ')}`)
    }
  } catch (err) {
    dismissNotice()
    showError(`Import failed: ${errorText(err)}`)
  } finally {
    store.set({ importing: false })
  }
}

export async function recognizeSelected(): Promise<void> {
  if (store.get().recognizing) return
  if (importInFlight) {
    store.set({ recognizing: true })
    await importInFlight.catch(() => undefined)
    store.set({ recognizing: false })
  }
  const s = store.get()
  const target = s.cases.find((c) => c.id === s.selectedCaseId)
  if (!target) {
    showError('Import or select a case before pressing Recognize')
    return
  }
  const missing = [s.country ? null : 'the issuing country', s.idType ? null : 'the ID type'].filter(Boolean)
  if (missing.length || !s.idType) {
    showError(`Choose ${missing.join(' and ')} before pressing Recognize`)
    return
  }
  store.set({ recognizing: true })
  dismissError()
  showNotice(`Recognizing ${target.name}…`)
  try {
    const outcomes = await api().recognize([target.id], { issuingCountry: s.country, idType: s.idType })
    const failed = outcomes.filter((o) => !o.ok)
    const ok = outcomes.filter((o) => o.ok)
    if (ok.length) showNotice(ok.map((o) => o.message).join(' · '))
    else dismissNotice()
    if (failed.length) showError(failed.map((o) => o.message).join(' · '))
    else dismissError()
    if (!outcomes.length) showError('The recognition returned no result')
  } catch (err) {
    dismissNotice()
    showError(`Recognition failed: ${errorText(err)}`)
  } finally {
    store.set({ recognizing: false })
    const id = store.get().selectedCaseId
    if (id) void loadCase(id)
    void refreshCases()
  }
}

export async function exportCsv(): Promise<void> {
  const s = store.get()
  if (s.exporting) return
  if (!s.cases.length) {
    showError('Nothing to export: import and recognize a scan first')
    return
  }
  store.set({ exporting: true })
  dismissError()
  showNotice(`Exporting ${s.cases.length} case${s.cases.length === 1 ? '' : 's'}…`)
  try {
    const result = await api().exportCsv(s.cases.map((c) => c.id))
    if (result.status === 'saved') {
      // One CSV row per case (the automation contract's wording: "Exported N cases to <path>").
      showNotice(`Exported ${result.rows} case${result.rows === 1 ? '' : 's'} to ${result.path}`)
    } else {
      showNotice('Export canceled')
    }
  } catch (err) {
    dismissNotice()
    showError(`Export failed: ${errorText(err)}`)
  } finally {
    store.set({ exporting: false })
  }
}

/** Saves one value; resolves with the saved case, rejects with a reviewer-readable error. */
export async function saveFieldValue(caseId: string, key: string, value: string): Promise<Case> {
  const c = await api().updateFieldValue(caseId, key, value)
  applyCase(c)
  return c
}

export async function saveFieldQuad(caseId: string, key: string, quad: Quad): Promise<Case> {
  const c = await api().updateFieldQuad(caseId, key, quad)
  applyCase(c)
  return c
}

export function openSettings(): void {
  store.set({ settingsOpen: true })
}

export function closeSettings(): void {
  store.set({ settingsOpen: false })
}
