// A field edit the main process refuses (issue 16, point 6: the team database unreachable, someone else's claim):
// the reason is shown, the typed text stays in the input (nothing reverts it), and Enter does not verify or leave
// the field; a case someone else holds is not even sent. fields/valueSave.ts and workspace/claims.ts against a
// fake window.api.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Case } from '../../../shared/model'
import type { WorkspaceView } from '../../../shared/workspace'
import { setVerified } from '../../../renderer/src/editing/edits'
import { adoptStored, saveRefused, saveTyped } from '../../../renderer/src/fields/valueSave'
import { initialState, store } from '../../../renderer/src/state/appState'
import { readOnlyMessage } from '../../../renderer/src/workspace/claims'
import { workspaceStore } from '../../../renderer/src/workspace/workspaceStore'
import { LOCAL_VIEW } from '../../../renderer/src/workspace/workspaceText'

const doc = {
  id: 'case-0001',
  updatedAt: '2026-11-01T10:00:00.000Z',
  fields: [{ key: 'surname', side: 'front', value: 'ROSSI', ocrValue: 'ROSSI', verified: false, quad: null }],
  back: null,
} as unknown as Case

const fakeApi = {
  setFieldValue: vi.fn(async (): Promise<Case> => doc),
  setVerified: vi.fn(async (): Promise<Case> => doc),
  getCase: vi.fn(async (): Promise<Case> => doc),
}
const team: WorkspaceView = {
  ...LOCAL_VIEW,
  kind: 'team',
  state: 'connected',
  connection: 'postgres://alice@db/recto',
  login: 'alice',
  roles: ['recto_reviewer'],
  live: true,
}

const initialWorkspace = workspaceStore.get()
beforeEach(() => {
  vi.clearAllMocks()
  store.set({ ...initialState, selectedCaseId: doc.id, current: doc })
  workspaceStore.set(initialWorkspace)
  ;(globalThis as unknown as { window: unknown }).window = { api: fakeApi }
})
afterEach(() => {
  delete (globalThis as unknown as { window?: unknown }).window
})

describe('a refused save', () => {
  it('shows the reason, stores nothing and marks the field refused until a save goes through', async () => {
    fakeApi.setFieldValue.mockRejectedValueOnce(
      new Error('The team workspace is unreachable: the change was not saved.'),
    )
    expect(await saveTyped(doc.id, 'surname', 'ROSSINI')).toBe(false)
    expect(store.get().message).toMatchObject({
      kind: 'error',
      text: 'Could not save Surname: The team workspace is unreachable: the change was not saved. What you typed is kept; press Enter to try again.',
    })
    expect(store.get().current?.fields[0]?.value).toBe('ROSSI')
    expect(saveRefused(doc.id, 'surname')).toBe(true)
    // Retried once the workspace is back: stored, and no longer marked.
    expect(await saveTyped(doc.id, 'surname', 'ROSSINI')).toBe(true)
    expect(saveRefused(doc.id, 'surname')).toBe(false)
  })

  it('leaves the typed text in the input whatever arrives afterwards, until it is saved', () => {
    // The stored value read again (a refresh after the refusal): the text typed stays.
    expect(adoptStored('ROSSINI', 'ROSSI', 'ROSSI')).toBe('ROSSINI')
    // Changed elsewhere meanwhile: still the reviewer's unsaved text.
    expect(adoptStored('ROSSINI', 'ROSSI', 'ROSSO')).toBe('ROSSINI')
    // Nothing unsaved: the input follows the stored value.
    expect(adoptStored('ROSSI', 'ROSSI', 'ROSSO')).toBe('ROSSO')
  })
})

describe("someone else's claim", () => {
  beforeEach(() => {
    workspaceStore.set({
      view: team,
      claim: { caseId: doc.id, claimedBy: 'bob', mine: false, expiresAt: null },
    })
  })

  it('makes the case read-only here, with whose it is', () => {
    expect(readOnlyMessage(doc.id)).toBe('In review by bob: you can look at it, not change it.')
    expect(readOnlyMessage('case-other')).toBeNull()
    workspaceStore.set({ view: LOCAL_VIEW })
    expect(readOnlyMessage(doc.id)).toBeNull()
  })

  it('keeps a typed value or a tick from being sent, and says why', async () => {
    expect(await saveTyped(doc.id, 'surname', 'ROSSINI')).toBe(false)
    expect(fakeApi.setFieldValue).not.toHaveBeenCalled()
    expect(store.get().message?.text).toContain('In review by bob: you can look at it, not change it.')
    expect(await setVerified(doc.id, 'surname', true)).toBeNull()
    expect(fakeApi.setVerified).not.toHaveBeenCalled()
    expect(store.get().message).toMatchObject({
      kind: 'error',
      text: 'In review by bob: you can look at it, not change it.',
    })
  })

  it("sends edits again once the claim is the reviewer's", async () => {
    workspaceStore.set({ claim: { caseId: doc.id, claimedBy: 'alice', mine: true, expiresAt: null } })
    expect(await saveTyped(doc.id, 'surname', 'ROSSINI')).toBe(true)
    expect(fakeApi.setFieldValue).toHaveBeenCalledWith(doc.id, 'surname', 'ROSSINI', null)
  })
})
