// The app-wide actions: selecting a case, a field or a side, the settings, saving a typed value. The features' own
// actions are in their folders (queue/importActions.ts, recognition/recognitionActions.ts, export/exportActions.ts),
// above this one. Every call is caught and reported: the UI never sees a rejected promise.
import { prefetchPreview } from './previewPrefetch'
import type { Case, SettingsView, Side } from '../../../shared/model'
import { api, errorText } from '../api'
import { isIdType } from './idTypes'
import { showError, store } from './appState'
import { applyCase, loadCase, refreshCases } from './cases'

export { applyCase, loadCase, refreshCases }

export function selectCase(id: string | null): void {
  const s = store.get()
  if (s.selectedCaseId === id) return
  store.set({ selectedCaseId: id, current: null, selectedFieldKey: null, side: 'front' })
  if (id !== null) {
    prefetchPreview(id, 'front')
    void loadCase(id)
  }
}

/** Keeps what the review screen needs of the settings (attention threshold, four-eyes, reviewer name). */
export function applySettingsView(v: SettingsView): void {
  store.set({
    review: v.review,
    reviewerName: v.reviewerName,
    reviewerAccount: v.account,
    argosBaseUrl: v.argosBaseUrl,
    engine: v.engine,
  })
}

export async function loadSettings(): Promise<void> {
  try {
    applySettingsView(await api().getSettings())
  } catch (err) {
    showError(`Could not load settings: ${errorText(err)}`)
  }
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

/** Saves one typed value (typing: no guard, merged into one history entry); rejects with a readable error. */
export async function saveFieldValue(caseId: string, key: string, value: string): Promise<Case> {
  const c = await api().setFieldValue(caseId, key, value, null)
  applyCase(c)
  return c
}

export function openSettings(): void {
  store.set({ settingsOpen: true })
}

export function closeSettings(): void {
  store.set({ settingsOpen: false })
}
