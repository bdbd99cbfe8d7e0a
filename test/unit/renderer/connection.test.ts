// The connection banner's actions (messages/connection.ts) against a fake window.api: one banner, Test connection
// clears it on success and shows the answer on failure.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ConnectionTest } from '../../../shared/ipc'
import {
  clearConnectionProblem,
  reportConnectionProblem,
  routeConnectionOutcomes,
  testConnection,
} from '../../../renderer/src/messages/connection'
import { initialState, store } from '../../../renderer/src/state/appState'

const fakeApi = {
  testConnection: vi.fn(async (): Promise<ConnectionTest> => ({
    ok: true,
    message: 'key accepted',
    endpoint: 'E',
  })),
  getSettings: vi.fn(async () => ({ argosBaseUrl: 'http://127.0.0.1:4010/modules' })),
}

beforeEach(() => {
  store.set(initialState)
  ;(globalThis as unknown as { window: unknown }).window = { api: fakeApi }
  fakeApi.testConnection.mockClear()
  fakeApi.getSettings.mockClear()
})
afterEach(() => {
  delete (globalThis as unknown as { window?: unknown }).window
})

describe('the connection banner', () => {
  it('is one banner whatever the number of reports, with the endpoint filled in', async () => {
    reportConnectionProblem('no_key', 'No API key is set.')
    reportConnectionProblem('no_key', 'No API key is set.')
    await vi.waitFor(() => expect(store.get().connection?.endpoint).toBe('http://127.0.0.1:4010/modules'))
    expect(store.get().connection).toMatchObject({ problem: 'no_key', message: 'No API key is set.' })
    expect(store.get().message).toBeNull() // not a toast
    clearConnectionProblem()
    expect(store.get().connection).toBeNull()
  })

  it('clears when the test succeeds, and says so', async () => {
    reportConnectionProblem('auth', 'The key was refused (403).', 'https://argos.example/modules')
    const result = await testConnection()
    expect(result?.ok).toBe(true)
    expect(store.get().connection).toBeNull()
    expect(store.get().message).toMatchObject({ kind: 'notice', text: 'Connected to E: key accepted' })
  })

  it("shows the test's answer when it fails, even without a banner before (Settings' button)", async () => {
    fakeApi.testConnection.mockResolvedValueOnce({
      ok: false,
      message: 'Timed out after 10 s',
      endpoint: 'X',
    })
    await testConnection()
    expect(store.get().connection).toMatchObject({
      problem: 'failed',
      message: 'Timed out after 10 s',
      endpoint: 'X',
      testing: false,
    })
    expect(store.get().message).toBeNull()
  })

  it("takes the problem's kind from the test's answer when it names one", async () => {
    reportConnectionProblem('no_key', 'No API key is set.', 'E')
    fakeApi.testConnection.mockResolvedValueOnce({
      ok: false,
      message: 'The key was refused (403).',
      endpoint: 'E',
      problem: 'auth',
    } as ConnectionTest)
    await testConnection()
    expect(store.get().connection).toMatchObject({ problem: 'auth', message: 'The key was refused (403).' })
  })

  it('reports a call that could not be made, and runs one test at a time', async () => {
    let answer: (v: ConnectionTest) => void = () => undefined
    fakeApi.testConnection.mockImplementationOnce(() => new Promise((done) => (answer = done)))
    reportConnectionProblem('unreachable', 'Connection refused', 'E')
    const first = testConnection()
    const second = testConnection()
    expect(store.get().connection?.testing).toBe(true)
    answer({ ok: false, message: 'still refused', endpoint: 'E' })
    expect(await second).toEqual(await first)
    expect(fakeApi.testConnection).toHaveBeenCalledTimes(1)
    fakeApi.testConnection.mockRejectedValueOnce(new Error('testConnection is not implemented yet'))
    expect(await testConnection()).toBeNull()
    expect(store.get().connection?.message).toBe(
      'Could not test the connection: testConnection is not implemented yet',
    )
  })
})

describe('routeConnectionOutcomes', () => {
  const failed = (caseId: string, problem?: 'no_key' | 'auth' | 'unreachable') => ({
    caseId,
    ok: false,
    message: problem ? 'No ARGOS API key is set.' : '1011: wrong country',
    ...(problem ? { problem } : {}),
  })

  it('sends a problem met by many cases to one banner, and leaves the other outcomes to report', () => {
    const { rest, problem } = routeConnectionOutcomes([
      failed('a', 'no_key'),
      failed('b', 'no_key'),
      failed('c'),
      failed('d', 'no_key'),
    ])
    expect(problem).toBe(true)
    expect(rest.map((o) => o.caseId)).toEqual(['c'])
    expect(store.get().connection).toMatchObject({ problem: 'no_key', message: 'No ARGOS API key is set.' })
  })

  it('clears the banner when a case went through, and leaves it when nothing did', () => {
    reportConnectionProblem('unreachable', 'Connection refused', 'E')
    expect(routeConnectionOutcomes([failed('c')]).problem).toBe(false)
    expect(store.get().connection).not.toBeNull()
    routeConnectionOutcomes([{ caseId: 'a', ok: true, message: '12 fields recognised' }])
    expect(store.get().connection).toBeNull()
  })
})
