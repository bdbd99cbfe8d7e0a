// The app's actions, described once and used by toolbar buttons and keyboard shortcuts alike.
// (A full command registry with a shortcut sheet comes later; Tab/Shift+Tab move between fields natively.)
import { canvasController } from './canvas/controller'
import { exportCsv, openSettings, selectField } from './state/actions'
import { store } from './state/appState'
import { recognizeAll, recognizeSelected } from './state/recognition'

export type CommandId =
  | 'fit'
  | 'actualSize'
  | 'zoomIn'
  | 'zoomOut'
  | 'recognize'
  | 'recognizeAll'
  | 'exportCsv'
  | 'deselect'
  | 'settings'

export type Command = {
  id: CommandId
  label: string
  /** Shown in tooltips, e.g. "Ctrl+E". */
  shortcut: string | null
  keyTest(e: KeyboardEvent): boolean
  perform(): void
}

const ctrl = (e: KeyboardEvent): boolean => e.ctrlKey || e.metaKey
const plain = (e: KeyboardEvent): boolean => !e.ctrlKey && !e.metaKey && !e.altKey

function blurFieldInput(): void {
  const el = document.activeElement
  if (el instanceof HTMLElement && el.dataset.field !== undefined) el.blur()
}

export const COMMANDS: readonly Command[] = [
  {
    id: 'fit',
    label: 'Fit to view',
    shortcut: '0',
    keyTest: (e) => plain(e) && e.key === '0',
    perform: () => canvasController()?.fit(),
  },
  {
    id: 'actualSize',
    label: 'Actual size (100 %)',
    shortcut: '1',
    keyTest: (e) => plain(e) && e.key === '1',
    perform: () => canvasController()?.actualSize(),
  },
  {
    id: 'zoomIn',
    label: 'Zoom in',
    shortcut: '+',
    keyTest: (e) => plain(e) && (e.key === '+' || e.key === '='),
    perform: () => canvasController()?.zoomIn(),
  },
  {
    id: 'zoomOut',
    label: 'Zoom out',
    shortcut: '−',
    keyTest: (e) => plain(e) && (e.key === '-' || e.key === '_'),
    perform: () => canvasController()?.zoomOut(),
  },
  {
    id: 'recognize',
    label: 'Recognize',
    shortcut: 'Ctrl+Enter',
    keyTest: (e) => ctrl(e) && !e.altKey && !e.shiftKey && e.key === 'Enter',
    perform: () => void recognizeSelected(),
  },
  {
    id: 'recognizeAll',
    label: 'Recognize all',
    shortcut: 'Ctrl+Shift+Enter',
    keyTest: (e) => ctrl(e) && !e.altKey && e.shiftKey && e.key === 'Enter',
    perform: () => void recognizeAll(),
  },
  {
    id: 'exportCsv',
    label: 'Export CSV',
    shortcut: 'Ctrl+E',
    keyTest: (e) => ctrl(e) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'e',
    perform: () => void exportCsv(),
  },
  {
    id: 'deselect',
    label: 'Deselect field',
    shortcut: 'Esc',
    keyTest: (e) => e.key === 'Escape',
    perform: () => {
      blurFieldInput()
      selectField(null)
    },
  },
  {
    id: 'settings',
    label: 'Settings',
    shortcut: 'Ctrl+,',
    keyTest: (e) => ctrl(e) && e.key === ',',
    perform: openSettings,
  },
]

export function command(id: CommandId): Command {
  const c = COMMANDS.find((x) => x.id === id)
  if (!c) throw new Error(`Unknown command ${id}`)
  return c
}

export function runCommand(id: CommandId): void {
  command(id).perform()
}

/** "Zoom in (+)" — for title attributes. */
export function commandTitle(id: CommandId): string {
  const c = command(id)
  return c.shortcut ? `${c.label} (${c.shortcut})` : c.label
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'file', 'submit', 'reset', 'range', 'color'].includes(target.type)
  }
  return false
}

/**
 * The window keydown handler. Plain-key shortcuts never fire while typing in a text field (Ctrl combos and
 * Escape do); nothing fires while a modal dialog is open (it handles its own keys).
 */
export function handleShortcut(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.isComposing || store.get().settingsOpen) return
  const typing = isTyping(e.target)
  for (const c of COMMANDS) {
    if (!c.keyTest(e)) continue
    if (typing && !ctrl(e) && e.key !== 'Escape') return
    e.preventDefault()
    c.perform()
    return
  }
}
