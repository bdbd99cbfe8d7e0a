// Recognition from the renderer's side: Recognize (the selected case), Recognize all (after its confirmation),
// Retry, Cancel, and the batch progress the toolbar shows. Each case is sent with its own country and type. Every
// call goes through the main process's batch queue, which resolves when the cases it was given are finished;
// meanwhile the reviewer may queue more. A problem every case would hit (no key, key refused, unreachable) goes to
// the one connection banner instead of an error per case. With the local engine a case needs no country or type
// first: the main process takes them from the MRZ (issue 15).
import type { RecognizeOutcome, RecognizeParams } from '../../../shared/ipc'
import type { BatchProgress, Case } from '../../../shared/model'
import { api, errorText } from '../api'
import { clearConnectionProblem, reportConnectionProblem } from '../messages/connection'
import { isCancelled, summariseOutcomes } from '../queue/batchFormat'
import { setCaseParams, waitForParams } from './caseParams'
import { closeRecognizeAll, recognizeAllDialog } from './dialogStore'
import { problemOf, recognizePlan } from './paramsLogic'
import { isIdType } from '../state/idTypes'
import { waitForImport } from '../queue/importActions'
import { dismissError, dismissNotice, showError, showNotice, store } from '../state/appState'
import { loadCase, refreshCases } from '../state/cases'
import { teamLogin } from '../workspace/workspaceStore'

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

/** The case's own country and type as the list has them now (the selects change them), when both are set. */
function ownParams(id: string, fallback?: Pick<Case, 'issuingCountry' | 'idType'>): RecognizeParams | null {
  const c = store.get().cases.find((x) => x.id === id) ?? fallback
  return c?.issuingCountry && c.idType ? { issuingCountry: c.issuingCountry, idType: c.idType } : null
}

/** The engine Recognize will use is this computer's: a case may go without a country and type. */
function readsLocally(): boolean {
  return store.get().engine?.effective === 'local'
}

/** "Choose the issuing country and the ID type of x.jpg (…)" for what is missing. */
function missingParamsText(id: string, name: string, where: string): string {
  const c = store.get().cases.find((x) => x.id === id)
  const missing = [c?.issuingCountry ? null : 'the issuing country', c?.idType ? null : 'the ID type'].filter(
    Boolean,
  )
  return `Choose ${missing.join(' and ') || 'the issuing country and ID type'} of ${name} (${where}), then press ${
    where.includes('error') ? 'Retry' : 'Recognize'
  }`
}

/**
 * Outcomes with a persistent problem go to the connection banner (once); any success clears it. Returns the
 * outcomes still to report one by one.
 */
function routeProblems(outcomes: readonly RecognizeOutcome[]): RecognizeOutcome[] {
  const found = problemOf(outcomes)
  if (found) reportConnectionProblem(found.problem, found.message)
  else if (outcomes.some((o) => o.ok)) clearConnectionProblem()
  return outcomes.filter((o) => !o.problem)
}

/**
 * One case, the reviewer's explicit request: its result (or error) is reported as it comes. `params` null: the local
 * engine reads the case and its MRZ fills in the country and type.
 */
async function recognizeOne(id: string, name: string, params: RecognizeParams | null): Promise<void> {
  begin([id])
  dismissError()
  showNotice(readsLocally() ? `Reading ${name} on this computer…` : `Recognizing ${name}…`)
  try {
    const outcomes = routeProblems(await api().recognize([id], params))
    const ok = outcomes.filter((o) => o.ok)
    const cancelled = outcomes.filter(isCancelled)
    const failed = outcomes.filter((o) => !o.ok && !cancelled.includes(o))
    if (ok.length) showNotice(ok.map((o) => o.message).join(' · '))
    else if (cancelled.length) showNotice(`Recognition of ${name} cancelled`)
    else dismissNotice()
    if (failed.length) showError(failed.map((o) => o.message).join(' · '))
    if (!outcomes.length && !store.get().connection) showError('The recognition returned no result')
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

/** "Recognize": the selected case, with its own country and type. */
export async function recognizeSelected(): Promise<void> {
  if (waitingForImport) return
  waitingForImport = true
  try {
    await waitForImport() // Recognize pressed during an import acts on the case being imported
    await waitForParams() // and with the country or type just chosen
  } finally {
    waitingForImport = false
  }
  const s = store.get()
  const target = s.cases.find((c) => c.id === s.selectedCaseId)
  if (!target) {
    showError('Import or select a case before pressing Recognize')
    return
  }
  const params = ownParams(target.id)
  if (!params && !readsLocally()) {
    showError(missingParamsText(target.id, target.name, 'the Issuing country and ID type selects'))
    return
  }
  if (pendingById.has(target.id)) {
    if (!isRepeat(`one:${target.id}`)) showNotice(`${target.name} is already queued for recognition`)
    return
  }
  lastPress.set(`one:${target.id}`, Date.now())
  await recognizeOne(target.id, target.name, params)
}

/** "Retry" on a failed case: its current country and type (which the error panel's selects change). */
export async function retryCase(c: Case): Promise<void> {
  if (pendingById.has(c.id)) return
  await waitForParams()
  const params = ownParams(c.id, c)
  if (!params && !readsLocally()) {
    showError(missingParamsText(c.id, c.name, 'the selects in the error panel'))
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
 * "Recognize all": first the confirmation (recognition/RecognizeAllDialog.tsx) listing what will be sent per
 * country and type and what will be skipped; nothing is sent before the reviewer confirms.
 */
export async function recognizeAll(): Promise<void> {
  if (recognizeAllDialog.get().open) return
  if (allCalls > 0 && isRepeat('all')) return
  await waitForParams()
  const plan = recognizePlan(store.get().cases, new Set(pendingById.keys()), readsLocally(), teamLogin())
  if (allCalls > 0 && plan.pending.length === 0) {
    showNotice('Every pending case is already queued')
    return
  }
  recognizeAllDialog.set({ open: true })
}

/**
 * The confirmation's "Recognize N cases": applies the reviewer's pair to the skipped cases (each only what it
 * lacks), then sends every pending case with its own values.
 */
export async function confirmRecognizeAll(
  fill: { issuingCountry: string; idType: string } | null,
): Promise<void> {
  closeRecognizeAll()
  if (fill) {
    const { skipped } = recognizePlan(
      store.get().cases,
      new Set(pendingById.keys()),
      readsLocally(),
      teamLogin(),
    )
    const noCountry = fill.issuingCountry ? skipped.filter((c) => !c.issuingCountry).map((c) => c.id) : []
    const idType = isIdType(fill.idType) ? fill.idType : null
    const noType = idType ? skipped.filter((c) => !c.idType).map((c) => c.id) : []
    const saved = await Promise.all([
      noCountry.length ? setCaseParams(noCountry, { issuingCountry: fill.issuingCountry }) : true,
      noType.length ? setCaseParams(noType, { idType }) : true,
    ])
    if (saved.includes(false)) return // the error says why; nothing is sent
  }
  await runRecognizeAll()
}

async function runRecognizeAll(): Promise<void> {
  const s = store.get()
  const pending = s.cases.filter(
    (c) => (c.status === 'new' || c.status === 'failed') && !pendingById.has(c.id),
  )
  lastPress.set('all', Date.now())
  const ids = pending.map((c) => c.id)
  allCalls += 1
  begin(ids)
  dismissError()
  const where = readsLocally() ? ' on this computer' : ''
  showNotice(
    pending.length
      ? `Recognizing ${pending.length} case${pending.length === 1 ? '' : 's'}${where}…`
      : 'Looking for cases to recognize…',
  )
  try {
    // Null: no case is filled with a default; those without a country or type are skipped and reported.
    const all: RecognizeOutcome[] = await api().recognizeAll(null)
    const outcomes = routeProblems(all)
    const summary = summariseOutcomes(outcomes)
    if (outcomes.length < all.length) {
      // The banner tells the problem; the status says what was done before the batch stopped.
      const notSent = all.length - outcomes.length
      const stopped = `Recognition stopped: ${notSent} case${notSent === 1 ? '' : 's'} not sent (see the banner)`
      showNotice(outcomes.length ? `${stopped} · ${summary.text.replace(/\.$/, '')}` : stopped)
    } else if (summary.level === 'alert') {
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
