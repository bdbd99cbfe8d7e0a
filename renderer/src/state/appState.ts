// The renderer's one state: what is listed, what is selected, what the reviewer is told.
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from '../../../shared/model'
import type { BatchProgress, Case, CaseSummary, IdType, Side } from '../../../shared/model'
import type { ImportDraft } from '../queue/importPlan'
import type { ImportEntry, ImportProgress } from '../queue/importRunner'
import { createStore, useStore } from './store'

export type Message = { text: string; seq: number }

export type AppState = {
  cases: CaseSummary[]
  casesLoaded: boolean
  selectedCaseId: string | null
  /** The selected case, once loaded (null while loading or when none is selected). */
  current: Case | null
  selectedFieldKey: string | null
  side: Side
  /** Toolbar choices for Recognize: alpha-3 code or '' / an ID type or ''. */
  country: string
  idType: IdType | ''
  importing: boolean
  /** A Recognize / Recognize all / Retry call from this window is waiting for its cases to finish. */
  recognizing: boolean
  /** Cases this window asked to recognise and is still waiting for (Retry shows busy, a second click is ignored). */
  recognizingIds: readonly string[]
  /** The batch progress the toolbar shows: null when hidden (no batch, or the last one ended a while ago). */
  batch: BatchProgress | null
  /** The reviewer pressed Cancel during the batch shown (its final count then says so). */
  batchCancelled: boolean
  exporting: boolean
  settingsOpen: boolean
  /** The keyboard shortcut sheet (?) is open. */
  shortcutsOpen: boolean
  error: Message | null
  notice: Message | null
  /** The review settings and reviewer name from the main process (colours, N, the decision buttons' hints). */
  review: ReviewSettings
  reviewerName: string
  /** The Reject dialog (reason + note) is open. */
  rejectOpen: boolean
  /** The "Approve with failed checks" dialog (the failing checks + a written reason) is open. */
  overrideOpen: boolean
  /** The audit timeline of the open case is shown. */
  timelineOpen: boolean
  /** The Import dialog (many files or a folder) is open with this plan; null when closed. */
  importDraft: ImportDraft<ImportEntry> | null
  /** The Import dialog's run, while its documents are being imported. */
  importProgress: ImportProgress | null
}

export const initialState: AppState = {
  cases: [],
  casesLoaded: false,
  selectedCaseId: null,
  current: null,
  selectedFieldKey: null,
  side: 'front',
  country: '',
  idType: '',
  importing: false,
  recognizing: false,
  recognizingIds: [],
  batch: null,
  batchCancelled: false,
  exporting: false,
  settingsOpen: false,
  shortcutsOpen: false,
  error: null,
  notice: null,
  review: DEFAULT_REVIEW_SETTINGS,
  reviewerName: '',
  rejectOpen: false,
  overrideOpen: false,
  timelineOpen: false,
  importDraft: null,
  importProgress: null,
}

export const store = createStore<AppState>(initialState)

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(store, selector)
}

let seq = 0

/** Errors stay until dismissed or replaced. */
export function showError(text: string): void {
  store.set({ error: { text, seq: ++seq } })
}

export function showNotice(text: string): void {
  store.set({ notice: { text, seq: ++seq } })
}

export function dismissError(): void {
  store.set({ error: null })
}

export function dismissNotice(): void {
  store.set({ notice: null })
}
