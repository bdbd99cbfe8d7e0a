// Recognition from the renderer's side: Recognize (the selected case), Recognize all, Retry, Cancel, and the batch
// progress the toolbar shows. Every call goes through the main process's batch queue, which resolves when the
// cases it was given are finished; meanwhile the reviewer may queue more.
import type { RecognizeOutcome, RecognizeParams } from '../../../shared/ipc'
import type { BatchProgress, Case } from '../../../shared/model'
import { api, errorText } from '../api'
import { isCancelled, summariseOutcomes } from '../queue/batchFormat'
import { waitForImport } from './actions'
import { dismissError, dismissNotice, showError, showNotice, store } from './appState'
import { loadCase, refreshCases } from './cases'

/** How long the final "40 / 40 · 2 failed" stays in the toolbar after a batch ends. */
export const BATCH_LINGER_MS = 5000
/** A second press within this time of the same request is a double-click, not a wish to queue again. */
const DOUBLE_CLICK_MS = 1000

/** Pending calls per case id (a case can be in more than one call only if the main process dedupes it). */
const pendingById = new Map<string, number>()
let pendingCalls = 0

function begin(ids: readonly string[]): void {
  pendingCalls += 1
  for (const id of ids) pendingById.set(id, (pendingById.get(id) ?? 0) + 1)
  store.set({ recognizing: true, recognizingIds: [...pendingById.keys()] })
}

function end(ids: readonly string[]): void {
  pendingCalls -= 1
  for (const id of ids) {
    const n = (pendingById.get(id) ?? 1) - 1
    if (n > 0) pendingById.set(id, n)
    else pendingById.delete(id)
  }
  store.set({ recognizing: pendingCalls > 0, recognizingIds: [...pendingById.keys()] })
}

function afterRecognition(): void {
  const id = store.get().selectedCaseId
  if (id) void loadCase(id)
  void refreshCases()
}

/** The toolbar's country and type, when both are chosen. */
function toolbarParams(): RecognizeParams | null {
  const { country, idType } = store.get()
  return country && idType ? { issuingCountry: country, idType } : null
}

/** One case, the reviewer's explicit request: its result (or error) is reported as it comes. */
async function recognizeOne(id: string, name: string, params: RecognizeParams): Promise<void> {
  begin([id])
  dismissError()
  showNotice(`Recognizing ${name}…`)
  try {
    const outcomes = await api().recognize([id], params)
    const ok = outcomes.filter((o) => o.ok)
    const cancelled = outcomes.filter(isCancelled)
    const failed = outcomes.filter((o) => !o.ok && !cancelled.includes(o))
    if (ok.length) showNotice(ok.map((o) => o.message).join(' · '))
    else if (cancelled.length) showNotice(`Recognition of ${name} cancelled`)
    else dismissNotice()
    if (failed.length) showError(failed.map((o) => o.message).join(' · '))
    if (!outcomes.length) showError('The recognition returned no result')
  } catch (err) {
    dismissNotice()
    showError(`Recognition failed: ${errorText(err)}`)
  } finally {
    end([id])
    afterRecognition()
  }
}

let waitingForImport = false
const lastPress = new Map<string, number>()

/** True when the same request was made a moment ago (a double-click): the second press is dropped. */
function isRepeat(key: string): boolean {
  const now = Date.now()
  const last = lastPress.get(key)
  lastPress.set(key, now)
  return last !== undefined && now - last < DOUBLE_CLICK_MS
}

/** "Recognize": the selected case, with the toolbar's country and type. */
export async function recognizeSelected(): Promise<void> {
  if (waitingForImport) return
  waitingForImport = true
  try {
    await waitForImport() // Recognize pressed during an import acts on the case being imported
  } finally {
    waitingForImport = false
  }
  const s = store.get()
  const target = s.cases.find((c) => c.id === s.selectedCaseId)
  if (!target) {
    showError('Import or select a case before pressing Recognize')
    return
  }
  const missing = [s.country ? null : 'the issuing country', s.idType ? null : 'the ID type'].filter(Boolean)
  const params = toolbarParams()
  if (missing.length || !params) {
    showError(`Choose ${missing.join(' and ')} before pressing Recognize`)
    return
  }
  if (pendingById.has(target.id)) {
    if (!isRepeat(`one:${target.id}`)) showNotice(`${target.name} is already queued for recognition`)
    return
  }
  lastPress.set(`one:${target.id}`, Date.now())
  await recognizeOne(target.id, target.name, params)
}

/** "Retry" on a failed case: its own country and type, or the toolbar's when it has none. */
export async function retryCase(c: Case): Promise<void> {
  if (pendingById.has(c.id)) return
  const params: RecognizeParams | null =
    c.issuingCountry && c.idType ? { issuingCountry: c.issuingCountry, idType: c.idType } : toolbarParams()
  if (!params) {
    showError('Choose the issuing country and ID type in the toolbar, then press Retry')
    return
  }
  await recognizeOne(c.id, c.name, params)
}

/** "Recognize as …" (a check's or a 1011/1012 error's offer): the case again with this country and type. */
export async function recognizeCaseAs(c: Case, params: RecognizeParams): Promise<void> {
  if (pendingById.has(c.id)) {
    showNotice(`${c.name} is already queued for recognition`)
    return
  }
  await recognizeOne(c.id, c.name, { issuingCountry: params.issuingCountry, idType: params.idType })
}

let allCalls = 0

/**
 * "Recognize all": every pending case (new or failed). Cases without a country or type take the toolbar's when
 * both are chosen; otherwise they are skipped and counted in the summary.
 */
export async function recognizeAll(): Promise<void> {
  const s = store.get()
  const pending = s.cases.filter(
    (c) => (c.status === 'new' || c.status === 'failed') && !pendingById.has(c.id),
  )
  if (allCalls > 0) {
    if (isRepeat('all')) return
    if (pending.length === 0) {
      showNotice('Every pending case is already queued')
      return
    }
  }
  lastPress.set('all', Date.now())
  const ids = pending.map((c) => c.id)
  allCalls += 1
  begin(ids)
  dismissError()
  showNotice(
    pending.length
      ? `Recognizing ${pending.length} case${pending.length === 1 ? '' : 's'}…`
      : 'Looking for cases to recognize…',
  )
  try {
    const outcomes: RecognizeOutcome[] = await api().recognizeAll(toolbarParams())
    const summary = summariseOutcomes(outcomes)
    if (summary.level === 'alert') {
      dismissNotice()
      showError(summary.text)
    } else {
      showNotice(summary.text)
    }
  } catch (err) {
    dismissNotice()
    showError(`Recognition failed: ${errorText(err)}`)
  } finally {
    allCalls -= 1
    end(ids)
    afterRecognition()
  }
}

/** "Cancel recognition": queued cases go back to new, requests in flight are aborted. */
export async function cancelRecognition(): Promise<void> {
  store.set({ batchCancelled: true })
  try {
    applyBatchProgress(await api().cancelBatch())
  } catch (err) {
    showError(`Could not cancel: ${errorText(err)}`)
  }
}

let hideTimer: ReturnType<typeof setTimeout> | null = null
let sawEvent = false

/** Shows a progress report; a finished batch stays on screen for BATCH_LINGER_MS, then the bar hides. */
export function applyBatchProgress(p: BatchProgress): void {
  if (hideTimer) clearTimeout(hideTimer)
  hideTimer = null
  if (p.running) {
    const previous = store.get().batch
    // A new batch (nothing shown, or the last one's final count) forgets the last one's Cancel.
    store.set(previous?.running ? { batch: p } : { batch: p, batchCancelled: false })
    return
  }
  if (!store.get().batch) return // a batch that ended before this window saw it running: nothing to show
  store.set({ batch: p })
  hideTimer = setTimeout(() => {
    hideTimer = null
    store.set({ batch: null })
  }, BATCH_LINGER_MS)
}

/** Follows the batch: the event stream, plus one read for a batch that was already running at start. */
export function followBatchProgress(): () => void {
  sawEvent = false
  const off = api().on('batchProgress', (p) => {
    sawEvent = true
    applyBatchProgress(p)
  })
  api()
    .getBatchProgress()
    .then((p) => {
      if (!sawEvent) applyBatchProgress(p)
    })
    .catch(() => undefined) // progress is a nicety; the outcomes still arrive
  return () => {
    off()
    if (hideTimer) clearTimeout(hideTimer)
    hideTimer = null
  }
}
