// The keyboard loop's key tests (commands.ts): Enter confirms only inside a field's input (input or textarea);
// Enter elsewhere, or F2, opens the selected field; letters never fire while typing.
import { beforeAll, describe, expect, it } from 'vitest'

// Just enough of the DOM for commandFor (node environment): the element classes it tests targets against.
class El {
  isContentEditable = false
  dataset: Record<string, string> = {}
}
class Input extends El {
  type = 'text'
}
class TextArea extends El {}
class Button extends El {}
const g = globalThis as Record<string, unknown>
beforeAll(() => {
  for (const [name, cls] of Object.entries({
    HTMLElement: El,
    HTMLInputElement: Input,
    HTMLButtonElement: Button,
    HTMLAnchorElement: class extends El {},
    HTMLSelectElement: class extends El {},
    HTMLTextAreaElement: TextArea,
  }))
    g[name] ??= cls
})

const make = (name: string, field?: string): unknown => {
  const el = new (g[name] as typeof El)()
  if (field) el.dataset.field = field
  return el
}
const key = (k: string, target: unknown, p: Partial<KeyboardEvent> = {}) =>
  ({
    key: k,
    shiftKey: false,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    isComposing: false,
    keyCode: 0,
    target,
    ...p,
  }) as unknown as KeyboardEvent

describe('the keyboard loop', () => {
  it('counts a textarea or an input with data-field as a field input, nothing else', async () => {
    const { inFieldInput } = await import('../../../renderer/src/commands')
    expect(inFieldInput({ target: make('HTMLTextAreaElement', 'name') as EventTarget })).toBe(true)
    expect(inFieldInput({ target: make('HTMLInputElement', 'name') as EventTarget })).toBe(true)
    expect(inFieldInput({ target: make('HTMLTextAreaElement') as EventTarget })).toBe(false)
    expect(inFieldInput({ target: make('HTMLElement', 'name') as EventTarget })).toBe(false)
  })

  it('Enter in a field confirms it; Enter or F2 on a selected field opens it; a button keeps its Enter', async () => {
    const { commandFor } = await import('../../../renderer/src/commands')
    const { store } = await import('../../../renderer/src/state/appState')
    store.set({ selectedFieldKey: 'name' })
    expect(commandFor(key('Enter', make('HTMLTextAreaElement', 'name')))?.id).toBe('confirm')
    expect(commandFor(key('Enter', make('HTMLElement')))?.id).toBe('openField')
    expect(commandFor(key('F2', make('HTMLElement')))?.id).toBe('openField')
    expect(commandFor(key('Enter', make('HTMLButtonElement')))).toBeNull()
    // A text box that is not a field (search, a dialog's input) keeps its own Enter.
    expect(commandFor(key('Enter', make('HTMLInputElement')))).toBeNull()
    // Nothing selected: Enter does nothing; F2 still answers (it says to select a field first).
    store.set({ selectedFieldKey: null })
    expect(commandFor(key('Enter', make('HTMLElement')))).toBeNull()
    expect(commandFor(key('F2', make('HTMLElement')))?.id).toBe('openField')
  })

  it('never runs a letter while typing in a field, and runs N outside one', async () => {
    const { commandFor } = await import('../../../renderer/src/commands')
    expect(commandFor(key('n', make('HTMLTextAreaElement', 'name')))).toBeNull()
    expect(commandFor(key('x', make('HTMLElement')))).toBeNull()
    expect(commandFor(key('n', make('HTMLElement')))?.id).toBe('nextAttention')
    expect(commandFor(key('n', make('HTMLButtonElement')))?.id).toBe('nextAttention')
    // F2 inside a field it is already open in: nothing.
    expect(commandFor(key('F2', make('HTMLTextAreaElement', 'name')))).toBeNull()
    // Not during an IME composition.
    expect(commandFor(key('Enter', make('HTMLTextAreaElement', 'name'), { isComposing: true }))).toBeNull()
  })
})
