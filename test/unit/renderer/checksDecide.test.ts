import { describe, expect, it } from 'vitest'
import type { Case, Decision } from '../../../shared/model'
import { COMMANDS, command } from '../../../renderer/src/commands'
import { decidedNotice } from '../../../renderer/src/decisions/decide'
import { wholeNumberIn } from '../../../renderer/src/settings/recognitionForm'

type Decided = Pick<Case, 'name' | 'decision' | 'fields' | 'issuingCountry' | 'idType'>
const decided = (d: Partial<Decision> | null, p: Partial<Decided> = {}): Decided =>
  ({
    name: 'd05.jpg',
    fields: [],
    issuingCountry: null,
    idType: null,
    ...p,
    decision: d && {
      kind: 'approved',
      reason: null,
      note: '',
      reviewer: 'Ann',
      at: '2030-01-01T10:00:00.000Z',
      checksOverride: null,
      ...d,
    },
  }) as Decided

describe('what the reviewer is told after a decision', () => {
  it('reports an override approval with the number of failed checks', () => {
    const c = decided({ checksOverride: { checks: ['date.invalid.birth'], reason: 'seen the original' } })
    expect(decidedNotice('approved', c as Case, null)).toBe('Approved with 1 failed check: d05.jpg')
  })
  it('reports a four-eyes override as a request for second review, not as an approval', () => {
    const c = decided({
      kind: 'second_review',
      checksOverride: { checks: ['a', 'b'], reason: 'x' },
    })
    expect(decidedNotice('approved', c as Case, null)).toBe(
      'Second review requested: d05.jpg — another reviewer must confirm the approval with 2 failed checks',
    )
  })
  it('reports plain decisions as before', () => {
    expect(decidedNotice('approved', decided({}) as Case, null)).toBe('Approved: d05.jpg')
    expect(decidedNotice('rejected', decided({ kind: 'rejected' }) as Case, 'Document expired')).toBe(
      'Rejected: d05.jpg (Document expired)',
    )
    expect(decidedNotice('second_review', decided(null) as Case, null)).toBe(
      'Sent for second review: d05.jpg',
    )
  })
  it('names a case by its title once the fields give one', () => {
    const field = (key: string, value: string) => ({ key, value }) as Case['fields'][number]
    const titled = decided(
      {},
      { fields: [field('name', 'HERNÁNDEZ SOFÍA'), field('given_name', 'SOFÍA')], issuingCountry: 'MEX' },
    )
    expect(decidedNotice('approved', titled as Case, null)).toBe('Approved: HERNÁNDEZ Sofía · MEX')
  })
})

describe('the check commands', () => {
  it('registers Shift+Enter (apply fix) and Shift+A (approve with failed checks) for the shortcut sheet', () => {
    expect(command('applyFix').shortcut).toBe('Shift+Enter')
    expect(command('approveOverride').shortcut).toBe('Shift+A')
    expect(command('approveOverride').group).toBe('Decide')
    // One command per shortcut, except Ctrl+Enter: approve-and-next on a recognised case, Recognize otherwise
    // (their key tests exclude each other: see "which command a key press runs").
    const shortcuts = COMMANDS.filter((c) => c.id !== 'approveAndNext')
      .map((c) => c.shortcut)
      .filter(Boolean)
    expect(new Set(shortcuts).size).toBe(shortcuts.length)
    expect(command('approveAndNext').shortcut).toBe(command('recognize').shortcut)
  })
})

describe('review settings as typed', () => {
  it('takes whole numbers within the bounds only', () => {
    expect(wholeNumberIn('18', 0, 150)).toBe(18)
    expect(wholeNumberIn(' 0 ', 0, 150)).toBe(0)
    expect(wholeNumberIn('150', 0, 150)).toBe(150)
    expect(wholeNumberIn('151', 0, 150)).toBeNull()
    expect(wholeNumberIn('101', 0, 100)).toBeNull()
    expect(wholeNumberIn('-1', 0, 150)).toBeNull()
    expect(wholeNumberIn('17.5', 0, 150)).toBeNull()
    expect(wholeNumberIn('', 0, 150)).toBeNull()
  })
})

describe('which command a key press runs', () => {
  // Just enough of the DOM for commandFor (node environment): the element classes it tests targets against.
  class El {
    isContentEditable = false
    dataset: Record<string, string> = {}
  }
  class Input extends El {
    type = 'text'
  }
  const g = globalThis as Record<string, unknown>
  for (const [name, cls] of Object.entries({
    HTMLElement: El,
    HTMLInputElement: Input,
    HTMLButtonElement: class extends El {},
    HTMLAnchorElement: class extends El {},
    HTMLSelectElement: class extends El {},
    HTMLTextAreaElement: class extends El {},
  }))
    g[name] ??= cls

  const fieldInput = (): unknown => {
    const el = new (g.HTMLInputElement as typeof Input)()
    el.dataset.field = 'number'
    return el
  }
  const key = (k: string, p: Omit<Partial<KeyboardEvent>, 'target'> & { target?: unknown } = {}) =>
    ({
      key: k,
      shiftKey: false,
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      isComposing: false,
      keyCode: 0,
      target: new (g.HTMLElement as typeof El)(),
      ...p,
    }) as unknown as KeyboardEvent

  it('Shift+Enter in a field input applies the fix; Enter alone confirms', async () => {
    const { commandFor } = await import('../../../renderer/src/commands')
    const { store } = await import('../../../renderer/src/state/appState')
    store.set({ selectedFieldKey: 'number' })
    expect(commandFor(key('Enter', { shiftKey: true, target: fieldInput() }))?.id).toBe('applyFix')
    expect(commandFor(key('Enter', { target: fieldInput() }))?.id).toBe('confirm')
    expect(commandFor(key('Enter', { shiftKey: true }))?.id).toBe('applyFix')
    expect(commandFor(key('Enter', { shiftKey: true, ctrlKey: true }))?.id).toBe('recognizeAll')
    store.set({ selectedFieldKey: null })
    expect(commandFor(key('Enter', { shiftKey: true }))).toBeNull()
  })
  it('Ctrl+Enter approves and moves on for a recognised open case, even in a field; else it recognises', async () => {
    const { commandFor } = await import('../../../renderer/src/commands')
    const { store } = await import('../../../renderer/src/state/appState')
    const open = (status: Case['status']) =>
      store.set({ selectedCaseId: 'c1', current: { id: 'c1', status } as Case })
    open('recognised')
    expect(commandFor(key('Enter', { ctrlKey: true }))?.id).toBe('approveAndNext')
    expect(commandFor(key('Enter', { ctrlKey: true, target: fieldInput() }))?.id).toBe('approveAndNext')
    for (const status of ['new', 'queued', 'failed'] as const) {
      open(status)
      expect(commandFor(key('Enter', { ctrlKey: true }))?.id).toBe('recognize')
    }
    store.set({ selectedCaseId: null, current: null })
    expect(commandFor(key('Enter', { ctrlKey: true }))?.id).toBe('recognize')
  })
  it('Shift+A opens Approve with failed checks, a approves, neither while typing', async () => {
    const { commandFor } = await import('../../../renderer/src/commands')
    expect(commandFor(key('A', { shiftKey: true }))?.id).toBe('approveOverride')
    expect(commandFor(key('a'))?.id).toBe('approve')
    expect(commandFor(key('A', { shiftKey: true, target: fieldInput() }))).toBeNull()
  })
})
