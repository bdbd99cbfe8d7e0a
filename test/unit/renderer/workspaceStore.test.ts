// The workspace store (renderer/src/workspace/workspaceStore.ts) against a fake window.api: it subscribes to
// 'workspaceChanged' before reading, counts a host without getWorkspace as this computer, lets an event win over
// an older read, and Settings → Workspace's Connect keeps what was typed when the main process refuses it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { WorkspaceView } from '../../../shared/workspace'
import {
  connectRequest,
  connectWorkspace,
  copyLocalCasesToTeam,
  editConnectForm,
  followWorkspace,
  resetConnectForm,
  workspaceStore,
} from '../../../renderer/src/workspace/workspaceStore'
import { LOCAL_VIEW } from '../../../renderer/src/workspace/workspaceText'

const team = (over: Partial<WorkspaceView> = {}): WorkspaceView => ({
  kind: 'team',
  state: 'connected',
  connection: 'postgres://alice@db.example:5432/recto',
  hasPassword: true,
  login: 'alice',
  roles: ['recto_reviewer'],
  live: true,
  message: null,
  retryInSeconds: null,
  leaseSeconds: 900,
  ...over,
})

type Handler = (payload: unknown) => void
let handlers: Map<string, Handler>
const order: string[] = []
const fakeApi = {
  on: vi.fn((name: string, h: Handler) => {
    order.push(`on:${name}`)
    handlers.set(name, h)
    return () => handlers.delete(name)
  }),
  getWorkspace: vi.fn(async (): Promise<WorkspaceView> => {
    order.push('getWorkspace')
    return LOCAL_VIEW
  }),
  connectWorkspace: vi.fn(async (): Promise<WorkspaceView> => team()),
  copyLocalToTeam: vi.fn(),
}

const initial = workspaceStore.get()
beforeEach(() => {
  workspaceStore.set(initial)
  handlers = new Map()
  order.length = 0
  vi.clearAllMocks()
  ;(globalThis as unknown as { window: unknown }).window = { api: fakeApi }
})
afterEach(() => {
  delete (globalThis as unknown as { window?: unknown }).window
})

describe('following the workspace', () => {
  it('subscribes to workspaceChanged before reading the view, and takes the view read', async () => {
    fakeApi.getWorkspace.mockImplementationOnce(async () => {
      order.push('getWorkspace')
      return team()
    })
    const off = followWorkspace()
    expect(order.indexOf('on:workspaceChanged')).toBeLessThan(order.indexOf('getWorkspace'))
    await vi.waitFor(() => expect(workspaceStore.get().view?.login).toBe('alice'))
    off()
    expect(handlers.has('workspaceChanged')).toBe(false)
  })

  it('counts a host without getWorkspace (a rejected read) as this computer', async () => {
    fakeApi.getWorkspace.mockRejectedValueOnce(new Error("No handler registered for 'getWorkspace'"))
    followWorkspace()
    await vi.waitFor(() => expect(workspaceStore.get().view).toEqual(LOCAL_VIEW))
  })

  it('lets an event that came during a read win over that read', async () => {
    let answer: (v: WorkspaceView) => void = () => undefined
    fakeApi.getWorkspace.mockImplementationOnce(() => new Promise((r) => (answer = r)))
    followWorkspace()
    handlers.get('workspaceChanged')!(team({ state: 'reconnecting', retryInSeconds: 8 }))
    answer(team())
    await new Promise((r) => setTimeout(r, 0))
    expect(workspaceStore.get().view?.state).toBe('reconnecting')
  })

  it('forgets the claim when the workspace changes to another one', () => {
    workspaceStore.set({
      view: team(),
      claim: { caseId: 'c1', claimedBy: 'bob', mine: false, expiresAt: null },
    })
    handlers = new Map()
    followWorkspace()
    handlers.get('workspaceChanged')!(LOCAL_VIEW)
    expect(workspaceStore.get().claim).toBeNull()
  })
})

describe('Settings → Workspace: Connect', () => {
  it('sends a typed password, or null to keep the saved one', () => {
    const form = {
      kind: 'team' as const,
      connection: ' postgres://alice@db/recto ',
      password: '',
      connecting: false,
      error: null,
    }
    expect(connectRequest(form)).toEqual({
      kind: 'team',
      connection: 'postgres://alice@db/recto',
      password: null,
    })
    expect(connectRequest({ ...form, password: 's3cret' })).toMatchObject({ password: 's3cret' })
    expect(connectRequest({ ...form, kind: 'local' })).toEqual({ kind: 'local' })
  })

  it('connects, shows the new view and drops the typed password', async () => {
    workspaceStore.set({ view: LOCAL_VIEW })
    resetConnectForm()
    editConnectForm({ kind: 'team', connection: 'postgres://alice@db.example:5432/recto', password: 'typed' })
    let finish: (v: WorkspaceView) => void = () => undefined
    fakeApi.connectWorkspace.mockImplementationOnce(() => new Promise((r) => (finish = r)))
    const done = connectWorkspace()
    expect(workspaceStore.get().form.connecting).toBe(true)
    expect(fakeApi.connectWorkspace).toHaveBeenCalledWith({
      kind: 'team',
      connection: 'postgres://alice@db.example:5432/recto',
      password: 'typed',
    })
    finish(team())
    expect(await done).toBe(true)
    const s = workspaceStore.get()
    expect(s.view?.login).toBe('alice')
    expect(s.form).toMatchObject({ connecting: false, error: null, password: '', kind: 'team' })
  })

  it('keeps everything typed and says why when the connection is refused', async () => {
    workspaceStore.set({ view: LOCAL_VIEW })
    resetConnectForm()
    editConnectForm({ kind: 'team', connection: 'postgres://alice@db.example/recto', password: 'wrong' })
    fakeApi.connectWorkspace.mockRejectedValueOnce(
      new Error('The server refused the login alice: password authentication failed.'),
    )
    expect(await connectWorkspace()).toBe(false)
    const s = workspaceStore.get()
    expect(s.form).toEqual({
      kind: 'team',
      connection: 'postgres://alice@db.example/recto',
      password: 'wrong',
      connecting: false,
      error: 'The server refused the login alice: password authentication failed.',
    })
    expect(s.view).toEqual(LOCAL_VIEW) // the previous workspace stays in use
  })

  it('asks for the connection URL before sending anything', async () => {
    resetConnectForm()
    editConnectForm({ kind: 'team', connection: '  ' })
    expect(await connectWorkspace()).toBe(false)
    expect(fakeApi.connectWorkspace).not.toHaveBeenCalled()
    expect(workspaceStore.get().form.error).toMatch(/^Type the connection URL first/)
  })
})

describe('Copy local cases to the team workspace', () => {
  it('follows copyProgress, then keeps the report', async () => {
    followWorkspace()
    let finish: (r: unknown) => void = () => undefined
    fakeApi.copyLocalToTeam.mockImplementationOnce(() => new Promise((r) => (finish = r)))
    const run = copyLocalCasesToTeam()
    expect(workspaceStore.get().copy.running).toBe(true)
    handlers.get('copyProgress')!({ done: 2, total: 5 })
    expect(workspaceStore.get().copy).toMatchObject({ done: 2, total: 5 })
    finish({
      copied: 4,
      alreadyThere: 0,
      failed: [{ caseId: 'c9', message: 'broken audit chain' }],
      removedLocally: 0,
    })
    await run
    expect(workspaceStore.get().copy).toMatchObject({ running: false, report: { copied: 4 } })
  })
})
