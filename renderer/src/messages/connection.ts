// The connection banner's actions: report or clear a persistent problem (no key, key refused, endpoint
// unreachable) and test the connection. One banner for the whole app, whatever number of cases ran into it.
import type { ConnectionTest, RecognizeOutcome } from '../../../shared/ipc'
import { api, errorText } from '../api'
import { dismissNotice, showNotice, store, type ConnectionProblem } from '../state/appState'

/** Fills in the endpoint in use (Settings' base URL, or the environment's override) when not known yet. */
async function fillEndpoint(): Promise<void> {
  if (!store.get().connection || store.get().connection?.endpoint) return
  try {
    const { argosBaseUrl } = await api().getSettings()
    const now = store.get().connection
    if (now && !now.endpoint) store.set({ connection: { ...now, endpoint: argosBaseUrl } })
  } catch {
    // The banner still says what is wrong; the endpoint is a detail.
  }
}

/**
 * Shows the banner (or updates it) for a persistent problem: recognition outcomes call this instead of showing one
 * error per case. `message` is the reviewer-facing text the main process gave.
 */
export function reportConnectionProblem(
  problem: ConnectionProblem,
  message: string,
  endpoint?: string,
): void {
  const before = store.get().connection
  store.set({
    connection: {
      problem,
      message,
      endpoint: endpoint ?? before?.endpoint ?? null,
      testing: before?.testing ?? false,
    },
  })
  void fillEndpoint()
}

/** Removes the banner (a recognition went through, or the connection test passed). */
export function clearConnectionProblem(): void {
  store.set({ connection: null })
}

/**
 * Routes recognition outcomes (renderer/src/recognition/recognitionActions.ts): a setup problem (no key, key refused, endpoint
 * unreachable) goes to the one banner, however many cases met it; a recognised case clears the banner. Returns the
 * outcomes still to report case by case (those without a problem), and whether a problem was reported.
 */
export function routeConnectionOutcomes(outcomes: readonly RecognizeOutcome[]): {
  rest: RecognizeOutcome[]
  problem: boolean
} {
  const hit = outcomes.find((o) => o.problem)
  if (hit?.problem) reportConnectionProblem(hit.problem, hit.message)
  else if (outcomes.some((o) => o.ok)) clearConnectionProblem()
  return { rest: outcomes.filter((o) => !o.problem), problem: hit !== undefined }
}

const PROBLEMS: readonly unknown[] = ['no_key', 'auth', 'unreachable']
const isProblem = (p: unknown): p is 'no_key' | 'auth' | 'unreachable' => PROBLEMS.includes(p)

let testing: Promise<ConnectionTest | null> | null = null

/**
 * Test connection (the banner's button, the command, Settings): one request to the endpoint in use. Success clears
 * the banner and says so; a failure shows (or updates) the banner with the answer. Resolves with the result, or
 * null when the test could not be run at all.
 */
export function testConnection(): Promise<ConnectionTest | null> {
  testing ??= run().finally(() => {
    testing = null
  })
  return testing
}

async function run(): Promise<ConnectionTest | null> {
  const setTesting = (on: boolean) => {
    const c = store.get().connection
    if (c) store.set({ connection: { ...c, testing: on } })
  }
  setTesting(true)
  const quiet = store.get().connection !== null // the banner shows the test running
  if (!quiet) showNotice('Testing the connection to ARGOS…')
  const failed = (message: string, endpoint?: string, problem?: unknown) => {
    if (!quiet) dismissNotice()
    // The test's own answer says what is wrong now, whatever the banner said before: its kind when the answer
    // names one (no key, key refused, unreachable), else "the connection test failed".
    reportConnectionProblem(isProblem(problem) ? problem : 'failed', message, endpoint)
  }
  try {
    const result = await api().testConnection()
    if (result.ok) {
      clearConnectionProblem()
      showNotice(`Connected to ${result.endpoint}: ${result.message}`)
    } else {
      failed(result.message, result.endpoint, (result as { problem?: unknown }).problem)
    }
    return result
  } catch (err) {
    failed(`Could not test the connection: ${errorText(err)}`)
    return null
  } finally {
    setTesting(false)
  }
}
