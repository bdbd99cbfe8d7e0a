// Next case (workspace/nextCase.ts, the command takeNextCase on Shift+N): in a team workspace the case the main
// process claims opens, listed first when the list does not have it yet; none left says so; on this computer the
// next case of the To do view after the open one opens. Claims follow the open case (workspace/claims.ts).
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CaseSummary } from '../../../shared/model'
import type { ClaimView, WorkspaceView } from '../../../shared/workspace'
import { initialState, store } from '../../../renderer/src/state/appState'
import {
  followClaims,
  TOUCH_EVERY_MS,
  touchDue,
  touchOpenClaim,
} from '../../../renderer/src/workspace/claims'
import { NO_TEAM_CASE, openNextCase } from '../../../renderer/src/workspace/nextCase'
import { workspaceStore } from '../../../renderer/src/workspace/workspaceStore'
import { LOCAL_VIEW } from '../../../renderer/src/workspace/workspaceText'

// Just enough of the DOM for commandFor (node environment), as in keyboardLoop.test.ts.
class El {
  isContentEditable = false
  dataset: Record<string, string> = {}
}
const g = globalThis as Record<string, unknown>
beforeAll(() => {
  for (const name of [
    'HTMLElement',
    'HTMLInputElement',
    'HTMLButtonElement',
    'HTMLAnchorElement',
    'HTMLSelectElement',
    'HTMLTextAreaElement',
  ])
    g[name] ??= class extends El {}
})

const summary = (id: string, createdAt: string, queueStatus = 'recognised') =>
  ({
    id,
    name: `${id}.jpg`,
    title: null,
    status: 'recognised',
    queueStatus,
    createdAt,
    decidedBy: null,
  }) as unknown as CaseSummary

const team: WorkspaceView = {
  ...LOCAL_VIEW,
  kind: 'team',
  state: 'connected',
  connection: 'postgres://alice@db/recto',
  login: 'alice',
  roles: ['recto_reviewer'],
  live: true,
}

let listed: CaseSummary[] = []
type Handler = (payload: unknown) => void
const handlers = new Map<string, Handler>()
const fakeApi = {
  nextCase: vi.fn(async (): Promise<CaseSummary | null> => null),
  listCases: vi.fn(async () => listed),
  getCase: vi.fn(() => new Promise<never>(() => undefined)),
  claimCase: vi.fn(async (caseId: string): Promise<ClaimView> => ({
    caseId,
    claimedBy: 'alice',
    mine: true,
    expiresAt: null,
  })),
  touchClaim: vi.fn(async (caseId: string): Promise<ClaimView> => ({
    caseId,
    claimedBy: 'alice',
    mine: true,
    expiresAt: null,
  })),
  on: vi.fn((name: string, h: Handler) => {
    handlers.set(name, h)
    return () => handlers.delete(name)
  }),
}
const initialWorkspace = workspaceStore.get()
beforeEach(() => {
  vi.clearAllMocks()
  listed = []
  store.set(initialState)
  workspaceStore.set(initialWorkspace)
  ;(globalThis as unknown as { window: unknown }).window = {
    api: fakeApi,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }
})
afterEach(() => {
  delete (globalThis as unknown as { window?: unknown }).window
})

describe('the Next case command', () => {
  it('is Shift+N, listed with the other commands (N stays the next field needing attention)', async () => {
    const { commandFor, command } = await import('../../../renderer/src/commands')
    const key = (shiftKey: boolean) =>
      ({
        key: shiftKey ? 'N' : 'n',
        shiftKey,
        ctrlKey: false,
        metaKey: false,
        altKey: false,
        isComposing: false,
        keyCode: 0,
        target: new El(),
      }) as unknown as KeyboardEvent
    expect(commandFor(key(true))?.id).toBe('takeNextCase')
    expect(commandFor(key(false))?.id).toBe('nextAttention')
    expect(command('takeNextCase').shortcut).toBe('Shift+N')
  })
})

describe('Next case in a team workspace', () => {
  it('opens the case the main process claimed, listing it first when the list does not have it', async () => {
    workspaceStore.set({ view: team })
    const fresh = summary('case-new', '2026-11-02T09:00:00.000Z')
    fakeApi.nextCase.mockResolvedValueOnce(fresh)
    listed = [fresh]
    await openNextCase()
    expect(fakeApi.listCases).toHaveBeenCalledTimes(1)
    expect(store.get().cases.map((c) => c.id)).toEqual(['case-new'])
    expect(store.get().selectedCaseId).toBe('case-new')
  })

  it('says so when no case is waiting', async () => {
    workspaceStore.set({ view: team })
    await openNextCase()
    expect(store.get().message).toMatchObject({ kind: 'notice', text: NO_TEAM_CASE })
    expect(NO_TEAM_CASE).toBe("No case is waiting in the team's queue.")
    expect(store.get().selectedCaseId).toBeNull()
  })
})

describe('Next case on this computer', () => {
  it('opens the next case to do after the open one, oldest first, without asking the main process', async () => {
    workspaceStore.set({ view: LOCAL_VIEW })
    const cases = [
      summary('a', '2026-11-01T09:00:00.000Z'),
      summary('b', '2026-11-01T10:00:00.000Z', 'new'),
      summary('c', '2026-11-01T11:00:00.000Z'),
    ]
    store.set({ cases, casesLoaded: true, selectedCaseId: 'a' })
    await openNextCase()
    expect(fakeApi.nextCase).not.toHaveBeenCalled()
    expect(store.get().selectedCaseId).toBe('c')
  })
})

describe('claims on the open case', () => {
  it('claims each case as it opens in a team workspace, and again on a change to it while not ours', async () => {
    workspaceStore.set({ view: team })
    const off = followClaims()
    fakeApi.claimCase.mockResolvedValueOnce({ caseId: 'c1', claimedBy: 'bob', mine: false, expiresAt: null })
    store.set({ selectedCaseId: 'c1' })
    await vi.waitFor(() =>
      expect(workspaceStore.get().claim).toMatchObject({ claimedBy: 'bob', mine: false }),
    )
    // Bob released it: the change event reads the claim again, and it is ours now.
    handlers.get('caseChanged')!({ caseId: 'c1' })
    await vi.waitFor(() =>
      expect(workspaceStore.get().claim).toMatchObject({ claimedBy: 'alice', mine: true }),
    )
    expect(fakeApi.claimCase).toHaveBeenCalledTimes(2)
    off()
  })

  it('claims nothing on this computer', async () => {
    workspaceStore.set({ view: LOCAL_VIEW })
    const off = followClaims()
    store.set({ selectedCaseId: 'c1' })
    await new Promise((r) => setTimeout(r, 0))
    expect(fakeApi.claimCase).not.toHaveBeenCalled()
    off()
  })

  it('renews a claim held at most once per 30 s of activity', async () => {
    expect(TOUCH_EVERY_MS).toBe(30_000)
    expect(touchDue(null, 0)).toBe(true)
    expect(touchDue(1_000, 30_999)).toBe(false)
    expect(touchDue(1_000, 31_000)).toBe(true)
    workspaceStore.set({
      view: team,
      claim: { caseId: 'c2', claimedBy: 'alice', mine: true, expiresAt: null },
    })
    store.set({ selectedCaseId: 'c2' })
    await touchOpenClaim(100_000)
    await touchOpenClaim(110_000)
    expect(fakeApi.touchClaim).toHaveBeenCalledTimes(1)
    await touchOpenClaim(130_000)
    expect(fakeApi.touchClaim).toHaveBeenCalledTimes(2)
  })
})
