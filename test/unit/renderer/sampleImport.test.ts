// Try sample documents from the renderer's side (queue/importActions.ts importSampleDocuments) against a fake window.api:
// the first sample opens and the notice counts them; a refused sample, or samples that cannot be found, say so
// in an error naming the problem; nothing is left "importing".
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ImportResult } from '../../../shared/ipc'
import type { CaseSummary } from '../../../shared/model'
import { importSampleDocuments } from '../../../renderer/src/queue/importActions'
import { initialState, store } from '../../../renderer/src/state/appState'

const summary = (id: string, name: string) => ({ id, name, status: 'new' }) as unknown as CaseSummary

let answer: () => Promise<ImportResult>
let listed: CaseSummary[] = []
const fakeApi = {
  importSamples: vi.fn(() => answer()),
  listCases: vi.fn(async () => listed),
  // The opened case's loading is not this test's subject: it never answers.
  getCase: vi.fn(() => new Promise<never>(() => undefined)),
}

beforeEach(() => {
  store.set(initialState)
  listed = []
  ;(globalThis as unknown as { window: unknown }).window = { api: fakeApi }
})
afterEach(() => {
  delete (globalThis as unknown as { window?: unknown }).window
})

describe('importSampleDocuments', () => {
  it('selects the first sample and counts them all in the notice', async () => {
    const made = [
      summary('case-aaaa-1', 'sample-passport.jpg'),
      summary('case-bbbb-2', 'sample-id-front.jpg'),
    ]
    listed = made
    answer = async () => ({ case: made[0]!, cases: made, errors: [], duplicates: [] })
    await importSampleDocuments()
    expect(store.get().selectedCaseId).toBe('case-aaaa-1')
    expect(store.get().message).toMatchObject({ kind: 'notice' })
    expect(store.get().message?.text).toMatch(
      /^Imported 2 sample documents \(synthetic specimens, no real person\)/,
    )
    expect(store.get().importing).toBe(false)
  })

  it('names each refused sample in an error, after importing the others', async () => {
    const made = [summary('case-aaaa-1', 'sample-passport.jpg')]
    listed = made
    answer = async () => ({
      case: made[0]!,
      cases: made,
      errors: [{ file: 'sample-id-back.jpg', message: 'not an image' }],
      duplicates: [],
    })
    await importSampleDocuments()
    expect(store.get().message).toMatchObject({
      kind: 'error',
      text: 'Imported 1 sample document; some were refused — sample-id-back.jpg: not an image',
    })
  })

  it('says why when the samples cannot be imported at all', async () => {
    answer = async () => {
      throw new Error('The sample documents are missing: no manifest.json in the samples folder')
    }
    await importSampleDocuments()
    expect(store.get().message).toMatchObject({
      kind: 'error',
      text: 'Could not import the sample documents: The sample documents are missing: no manifest.json in the samples folder',
    })
    expect(store.get().selectedCaseId).toBeNull()
    expect(store.get().importing).toBe(false)
  })
})
