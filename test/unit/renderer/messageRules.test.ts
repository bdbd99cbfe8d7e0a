// The one message area's rules (state/messageRules.ts) and its store behaviour (state/appState.ts): one toast,
// replaced by the next, cleared on a case change unless it is about the case now open.
import { beforeEach, describe, expect, it } from 'vitest'
import {
  ACTION_MS,
  connectionHint,
  connectionTitle,
  ERROR_MS,
  keepOnCaseChange,
  NOTICE_MS,
  toastDuration,
} from '../../../renderer/src/state/messageRules'
import {
  dismissError,
  dismissNotice,
  initialState,
  showError,
  showNotice,
  store,
} from '../../../renderer/src/state/appState'

const nextTask = () => new Promise((done) => setTimeout(done, 0))

beforeEach(async () => {
  store.set(initialState)
  await nextTask()
})

describe('one toast', () => {
  it('a new message replaces the one shown, whatever its kind', () => {
    showNotice('first')
    showNotice('second')
    expect(store.get().message).toMatchObject({ kind: 'notice', text: 'second' })
    showError('broken')
    expect(store.get().message).toMatchObject({ kind: 'error', text: 'broken' })
    showNotice('after')
    expect(store.get().message).toMatchObject({ kind: 'notice', text: 'after' })
  })

  it('dismissError only clears an error, dismissNotice only a notice', () => {
    showNotice('n')
    expect(dismissError()).toBe(false)
    expect(store.get().message?.text).toBe('n')
    expect(dismissNotice()).toBe(true)
    expect(store.get().message).toBeNull()
    showError('e')
    expect(dismissNotice()).toBe(false)
    expect(dismissError()).toBe(true)
    expect(store.get().message).toBeNull()
  })
})

describe('a case change', () => {
  it('clears a toast about the case left (Approved: h04 never shows over h03)', async () => {
    store.set({ selectedCaseId: 'case-h04' })
    showNotice('Approved: h04')
    await nextTask()
    store.set({ selectedCaseId: 'case-h03' })
    expect(store.get().message).toBeNull()
  })

  it('keeps a toast naming the case now open, and clears one naming another even in the same task', () => {
    store.set({ selectedCaseId: 'case-a' })
    showNotice('Imported b', { caseId: 'case-b' })
    store.set({ selectedCaseId: 'case-b' })
    expect(store.get().message?.text).toBe('Imported b')
    showNotice('Approved: b', { caseId: 'case-b' })
    store.set({ selectedCaseId: 'case-c' })
    expect(store.get().message).toBeNull()
  })

  it('keeps the toast of the action that opened the case (same task), not an older one', async () => {
    store.set({ selectedCaseId: 'case-a' })
    showNotice('Imported b')
    store.set({ selectedCaseId: 'case-b' })
    expect(store.get().message?.text).toBe('Imported b')
    await nextTask()
    store.set({ selectedCaseId: 'case-c' })
    expect(store.get().message).toBeNull()
  })

  it('keeps a toast shown while no case was open', async () => {
    showNotice('Settings saved')
    await nextTask()
    store.set({ selectedCaseId: 'case-a' })
    expect(store.get().message?.text).toBe('Settings saved')
  })
})

describe('keepOnCaseChange', () => {
  it('follows the named case when there is one, else freshness or no case', () => {
    const m = { seq: 5, caseId: 'x', explicitCase: true }
    expect(keepOnCaseChange(m, 'x', null)).toBe(true)
    expect(keepOnCaseChange(m, 'y', 5)).toBe(false)
    const implicit = { seq: 5, caseId: 'x', explicitCase: false }
    expect(keepOnCaseChange(implicit, 'y', 5)).toBe(true)
    expect(keepOnCaseChange(implicit, 'y', 6)).toBe(false)
    expect(keepOnCaseChange({ ...implicit, caseId: null }, 'y', null)).toBe(true)
  })
})

describe('toastDuration', () => {
  it('gives notices ~4 s, a notice with a button longer, errors longer still', () => {
    expect(toastDuration({ kind: 'notice', text: 'Saved' })).toBe(NOTICE_MS)
    expect(NOTICE_MS).toBe(4000)
    expect(toastDuration({ kind: 'notice', text: 'Exported', action: {} })).toBe(ACTION_MS)
    expect(toastDuration({ kind: 'error', text: 'Refused' })).toBe(ERROR_MS)
    expect(ERROR_MS).toBeGreaterThan(ACTION_MS)
  })

  it('adds reading time for long messages, up to a limit', () => {
    const long = toastDuration({ kind: 'notice', text: 'x'.repeat(180) })
    expect(long).toBe(NOTICE_MS + 100 * 50)
    expect(toastDuration({ kind: 'error', text: 'x'.repeat(10_000) })).toBe(30_000)
  })
})

describe('connection banner wording', () => {
  it('has a headline and a next step for every problem', () => {
    for (const p of ['no_key', 'auth', 'unreachable', 'failed'] as const) {
      expect(connectionTitle(p).length).toBeGreaterThan(10)
      expect(connectionHint(p)).toMatch(/Settings/)
    }
    expect(connectionTitle('no_key')).toContain('No ARGOS API key')
    expect(connectionTitle('auth')).toContain('refused')
    expect(connectionTitle('unreachable')).toContain('cannot be reached')
  })
})
