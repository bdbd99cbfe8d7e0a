// The renderer's one state: what is listed, what is selected, what the reviewer is told.
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from '../../../shared/model'
import type { BatchProgress, Case, CaseSummary, IdType, SettingsView, Side } from '../../../shared/model'
import type { ImportDraft, ImportEntry, ImportProgress } from './importTypes'
import { keepOnCaseChange, type ConnectionProblemKind } from './messageRules'
import { createStore, useStore } from './store'

/** A button on a toast (e.g. "Show in folder"). */
export type ToastAction = { label: string; run: () => void }

/** The one toast: a notice or an error, about the case selected when it was shown (or the one named). */
export type Message = {
  kind: 'error' | 'notice'
  text: string
  seq: number
  /** The case it is about: named by the caller, else the case selected when it was shown. */
  caseId: string | null
  /** The caller named the case (then only that case keeps it on a case change). */
  explicitCase: boolean
  action?: ToastAction | undefined
}

/** What a persistent connection problem is (recognition outcomes, a failed connection test). */
export type ConnectionProblem = ConnectionProblemKind

/** The connection banner above the workspace: one for the whole app, never one per case. */
export type ConnectionBanner = {
  problem: ConnectionProblem
  /** What the main process said (reviewer-facing; never the key). */
  message: string
  /** The ARGOS endpoint in use, once known. */
  endpoint: string | null
  /** A connection test is running. */
  testing: boolean
}

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
  /** The one toast of the status strip (a new one replaces it; cleared on a case change). */
  message: Message | null
  /** The connection banner, or null. */
  connection: ConnectionBanner | null
  /** The review settings and reviewer name from the main process (colours, N, the decision buttons' hints). */
  review: ReviewSettings
  reviewerName: string
  /** The OS account at the keyboard (what decisions, the audit and four-eyes go by); '' until loaded. */
  reviewerAccount: string
  /** The ARGOS base URL in use (the status area shows its host); null until loaded. */
  argosBaseUrl: string | null
  /** The recognition engine Recognize will use (ARGOS or this computer) and whether the policy pins it; null until
   * loaded. */
  engine: SettingsView['engine'] | null
  /** The Reject dialog (reason + note) is open. */
  rejectOpen: boolean
  /** The "Delete case…" dialog (reason + note) is open. */
  deleteCaseOpen: boolean
  /** The "Approve with failed checks" dialog (the failing checks + a written reason) is open. */
  overrideOpen: boolean
  /** The audit timeline of the open case is shown. */
  timelineOpen: boolean
  /** The Import dialog (many files or a folder) is open with this plan; null when closed. */
  importDraft: ImportDraft<ImportEntry> | null
  /** The Import dialog's run, while its documents are being imported. */
  importProgress: ImportProgress | null
  /** Canvas (view only): field labels shown on the canvas (L toggles). */
  labelsShown: boolean
  /** Canvas: the reviewer's own view rotation per side of the open case; it wins over the automatic upright turn. */
  viewTurn: { caseId: string; front: number | null; back: number | null } | null
  /** Canvas: the case in which a box for a missed field is being drawn (D), or null. */
  drawCaseId: string | null
  /** Canvas: the active stage's zoom and painted bitmap, for the canvas toolbar. */
  stageStatus: { zoomPercent: number; imageSource: 'screen' | 'preview' | 'full' | null } | null
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
  message: null,
  connection: null,
  review: DEFAULT_REVIEW_SETTINGS,
  reviewerName: '',
  reviewerAccount: '',
  argosBaseUrl: null,
  engine: null,
  rejectOpen: false,
  deleteCaseOpen: false,
  overrideOpen: false,
  timelineOpen: false,
  importDraft: null,
  importProgress: null,
  labelsShown: true,
  viewTurn: null,
  drawCaseId: null,
  stageStatus: null,
}

export const store = createStore<AppState>(initialState)

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(store, selector)
}

let seq = 0
/** The toast shown during the current task: the action that shows it may also open its case (an import). */
let freshSeq: number | null = null

export type MessageOptions = {
  /** The case the message is about (default: the selected case); only that case keeps it on a case change. */
  caseId?: string | null
  action?: ToastAction
}

function show(kind: Message['kind'], text: string, opts: MessageOptions = {}): void {
  const explicitCase = opts.caseId !== undefined
  const message: Message = {
    kind,
    text,
    seq: ++seq,
    caseId: explicitCase ? (opts.caseId ?? null) : store.get().selectedCaseId,
    explicitCase,
    action: opts.action,
  }
  freshSeq = message.seq
  setTimeout(() => {
    if (freshSeq === message.seq) freshSeq = null
  }, 0)
  store.set({ message })
}

/** Shows an error (role alert), replacing whatever toast was shown; it stays longer than a notice. */
export function showError(text: string, opts?: MessageOptions): void {
  show('error', text, opts)
}

/** Shows a notice (role status), replacing whatever toast was shown. */
export function showNotice(text: string, opts?: MessageOptions): void {
  show('notice', text, opts)
}

/** Clears the toast if it is an error; true when it was. */
export function dismissError(): boolean {
  if (store.get().message?.kind !== 'error') return false
  store.set({ message: null })
  return true
}

/** Clears the toast if it is a notice; true when it was. */
export function dismissNotice(): boolean {
  if (store.get().message?.kind !== 'notice') return false
  store.set({ message: null })
  return true
}

/** Clears the toast, whatever it is; true when there was one. */
export function dismissMessage(): boolean {
  if (!store.get().message) return false
  store.set({ message: null })
  return true
}

// The toast is cleared when the selected case changes (see keepOnCaseChange).
let lastCaseId = store.get().selectedCaseId
store.subscribe(() => {
  const { selectedCaseId, message } = store.get()
  if (selectedCaseId === lastCaseId) return
  lastCaseId = selectedCaseId
  if (message && !keepOnCaseChange(message, selectedCaseId, freshSeq)) store.set({ message: null })
})
