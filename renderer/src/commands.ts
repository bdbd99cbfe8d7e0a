// Every editor command, registered once: id, label, shortcut, key test and action. Toolbar buttons, keyboard
// shortcuts, the shortcut sheet (?) and tests all go through this registry.
import { adjacentVisibleCaseId, focusCaseSearch } from './queue/queueView'
import { applyFixForField } from './checks/checkActions'
import { failingFieldKeys } from './checks/checkView'
import { approveAndNext, decide, openOverride, openReject } from './decisions/decide'
import { canvasController } from './canvas/controller'
import { PROVIDER_FIELD_DELETE_MESSAGE, isReviewerField } from '../../shared/field-origin'
import { openDeleteCase } from './deletion/deleteActions'
import { deleteField, flushTyping, moveToSide, redo, setVerified, undo } from './editing/edits'
import { moveQuadToSide } from './editing/sideMove'
import { needsLook } from './fields/fieldState'
import { focusFieldInput } from './fields/focus'
import { saveRefused } from './fields/valueSave'
import { fieldLabel } from './fields/labels'
import { nextKey, panelOrder } from './fields/order'
import { exportCsv, openExport } from './export/exportActions'
import type { Case, Field } from '../../shared/model'
import { openSettings, selectCase, selectField, setSide } from './state/actions'
import { dismissError, showNotice, store } from './state/appState'
import { testConnection } from './messages/connection'
import { revealLastExport } from './export/exportActions'
import { recognizeAll, recognizeSelected } from './recognition/recognitionActions'
import { openNextCase } from './workspace/nextCase'

export type CommandId =
  | 'nextField'
  | 'prevField'
  | 'nextAttention'
  | 'confirm'
  | 'openField'
  | 'applyFix'
  | 'deselect'
  | 'undo'
  | 'redo'
  | 'front'
  | 'back'
  | 'fit'
  | 'actualSize'
  | 'zoomIn'
  | 'zoomOut'
  | 'rotateLeft'
  | 'rotateRight'
  | 'toggleLabels'
  | 'nudge'
  | 'drawBox'
  | 'deleteField'
  | 'moveSide'
  | 'nextCase'
  | 'prevCase'
  | 'takeNextCase'
  | 'recognize'
  | 'recognizeAll'
  | 'exportCsv'
  | 'exportJson'
  | 'settings'
  | 'shortcuts'
  | 'searchCases'
  | 'approve'
  | 'approveAndNext'
  | 'approveOverride'
  | 'reject'
  | 'secondReview'
  | 'timeline'
  | 'testConnection'
  | 'showExportFolder'
  | 'deleteCase'

export type CommandGroup = 'Fields' | 'Edit' | 'View' | 'Cases' | 'Decide'

export type Command = {
  id: CommandId
  label: string
  group: CommandGroup
  /** Shown in tooltips and the shortcut sheet, e.g. "Ctrl+E". */
  shortcut: string | null
  keyTest(e: KeyboardEvent): boolean
  /** Also fires while the focus is in a text input (Ctrl combos always do). */
  whileTyping?: (e: KeyboardEvent) => boolean
  perform(e?: KeyboardEvent): void
}

const ctrl = (e: KeyboardEvent): boolean => e.ctrlKey || e.metaKey
const plain = (e: KeyboardEvent): boolean => !e.ctrlKey && !e.metaKey && !e.altKey
const letter = (e: KeyboardEvent, k: string): boolean => plain(e) && !e.shiftKey && e.key.toLowerCase() === k

/** The focus is in a field's value input (the textarea, or an input, with data-field). */
export function inFieldInput(e: Pick<KeyboardEvent, 'target'>): boolean {
  return (
    (e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLInputElement) &&
    e.target.dataset.field !== undefined
  )
}

function openCase() {
  const s = store.get()
  return s.current && s.current.id === s.selectedCaseId ? s.current : null
}

function blurFieldInput(): void {
  const el = document.activeElement
  if (el instanceof HTMLElement && el.dataset.field !== undefined) el.blur()
}

/** Selects a field and opens it for typing: the caret in its input (its box pans into view). */
function goToField(key: string | null): void {
  if (key === null) return
  selectField(key)
  focusFieldInput(key)
}

function stepField(step: 1 | -1): void {
  const doc = openCase()
  if (!doc) return
  goToField(nextKey(panelOrder(doc), store.get().selectedFieldKey, undefined, step))
}

/** The Enter in flight (saving and verifying): N, Enter and F2 pressed meanwhile act once it is done. */
let confirming: Promise<void> | null = null
function afterConfirm(run: () => void): void {
  if (confirming) void confirming.then(run)
  else run()
}

/** What N stops at in the open case (fieldState.needsLook), as a test on a field. */
function needsLookNow(doc: Case): (f: Field) => boolean {
  const failing = failingFieldKeys(doc.checks)
  const score = store.get().review.attentionScore
  return (f) => needsLook(f, score, failing.has(f.key))
}

/**
 * N: opens the next field with a doubtful reading, a failing check or no value in a drawn box, not yet dealt
 * with. The selected field itself when it needs a look (after Enter selected it), else the next one in panel order.
 */
function nextAttention(): void {
  const doc = openCase()
  if (!doc) return
  const pick = needsLookNow(doc)
  const selected = doc.fields.find((f) => f.key === store.get().selectedFieldKey)
  const key =
    selected && pick(selected) ? selected.key : nextKey(panelOrder(doc), selected?.key ?? null, pick)
  if (key === null) showNotice('No field needs attention in this case')
  else goToField(key)
}

/** Enter or F2 with a field selected and no input focused: opens that field for typing. */
function openSelectedField(): void {
  const key = store.get().selectedFieldKey
  if (key === null || !openCase()?.fields.some((f) => f.key === key)) showNotice('Select a field first')
  else focusFieldInput(key)
}

/** The key of the field input an event came from, or null. */
function inputKey(e?: KeyboardEvent): string | null {
  return e && inFieldInput(e) ? ((e.target as HTMLElement).dataset.field ?? null) : null
}

/** Shift+Enter: the field whose input has the focus, else the selected field. */
function fixTarget(e?: KeyboardEvent): string | null {
  return inputKey(e) ?? store.get().selectedFieldKey
}

/**
 * The decision bar's Approve button (else its first enabled button) takes the focus: the reviewer is done with
 * the fields. DecisionBar marks Approve with data-decision="approve"; the button's name is the fallback.
 */
function focusDecisionBar(): void {
  const bar = document.querySelector<HTMLElement>('section[aria-label="Decision"]')
  const buttons = [...(bar?.querySelectorAll<HTMLButtonElement>('button') ?? [])].filter((b) => !b.disabled)
  const approve =
    document.querySelector<HTMLButtonElement>('[data-decision="approve"]:not(:disabled)') ??
    buttons.find((b) => b.textContent?.trim() === 'Approve') ??
    buttons[0]
  approve?.focus()
}

/**
 * Enter in a field: saves what was typed, marks the field verified and leaves text editing (the input is blurred at
 * once, so no key pressed while saving reaches it). Then the next field needing a look is selected — its box shown,
 * its row scrolled into view — but not opened: N, Enter or F2 opens it. With none left, the decision bar takes
 * the focus.
 */
async function confirmAndNext(e?: KeyboardEvent): Promise<void> {
  const doc = openCase()
  const key = inputKey(e) ?? store.get().selectedFieldKey
  if (!doc || key === null) return
  // Flushing starts the save of what was typed synchronously; the blur after it then has nothing left to save.
  const flushed = flushTyping()
  blurFieldInput()
  await flushed
  // A refused save (the team database unreachable, someone else's claim): the typed text is still in the input,
  // unsaved and the reason shown. The field is neither verified nor left: the caret goes back to try again.
  if (saveRefused(doc.id, key)) {
    if (openCase()?.id === doc.id) focusFieldInput(key)
    return
  }
  const field = openCase()?.fields.find((f) => f.key === key)
  if (field && !field.verified) await setVerified(doc.id, key, true)
  const now = openCase()
  if (!now || now.id !== doc.id || store.get().selectedFieldKey !== key) return
  const next = nextKey(panelOrder(now), key, needsLookNow(now))
  if (next === null) {
    showNotice(`${fieldLabel(key)} verified — no field left needs attention`)
    focusDecisionBar()
  } else {
    selectField(next)
  }
}

function confirm(e?: KeyboardEvent): void {
  const run = confirmAndNext(e).finally(() => {
    if (confirming === run) confirming = null
  })
  confirming = run
}

/** J/K: the next or previous case in the list as shown (filtered and sorted). */
function stepCase(step: 1 | -1): void {
  const next = adjacentVisibleCaseId(step)
  if (next && next !== store.get().selectedCaseId) {
    blurFieldInput()
    void flushTyping().then(() => selectCase(next))
  }
}

function withSelected(run: (caseId: string, key: string) => void): void {
  const doc = openCase()
  const key = store.get().selectedFieldKey
  if (doc && key !== null) run(doc.id, key)
  else showNotice('Select a field first')
}

function moveSelectedToOtherSide(): void {
  withSelected((caseId, key) => {
    const doc = openCase()
    const field = doc?.fields.find((f) => f.key === key)
    if (!doc || !field) return
    const side = field.side === 'front' ? 'back' : 'front'
    const target = side === 'back' ? doc.back : doc.front
    if (!target) {
      showNotice('This case has no back image')
      return
    }
    void moveToSide(caseId, key, side, moveQuadToSide(field.quad, target)).then((f) => {
      if (f) {
        setSide(side)
        selectField(key)
        showNotice(`${fieldLabel(key)} moved to the ${side}`)
      }
    })
  })
}

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
}

export const COMMANDS: readonly Command[] = [
  {
    id: 'nextField',
    label: 'Next field',
    group: 'Fields',
    shortcut: 'Tab',
    keyTest: (e) =>
      plain(e) && !e.shiftKey && e.key === 'Tab' && (inFieldInput(e) || e.target === document.body),
    whileTyping: inFieldInput,
    perform: () => stepField(1),
  },
  {
    id: 'prevField',
    label: 'Previous field',
    group: 'Fields',
    shortcut: 'Shift+Tab',
    keyTest: (e) =>
      plain(e) && e.shiftKey && e.key === 'Tab' && (inFieldInput(e) || e.target === document.body),
    whileTyping: inFieldInput,
    perform: () => stepField(-1),
  },
  {
    id: 'nextAttention',
    label: 'Next field needing attention',
    group: 'Fields',
    shortcut: 'N',
    keyTest: (e) => letter(e, 'n'),
    perform: () => afterConfirm(nextAttention),
  },
  {
    id: 'confirm',
    label: 'Confirm the field (verified), leave it and select the next needing attention',
    group: 'Fields',
    shortcut: 'Enter',
    keyTest: (e) => plain(e) && !e.shiftKey && e.key === 'Enter' && inFieldInput(e),
    whileTyping: inFieldInput,
    perform: confirm,
  },
  {
    id: 'openField',
    label: 'Edit the selected field (Enter also does)',
    group: 'Fields',
    shortcut: 'F2',
    keyTest: (e) =>
      (plain(e) && !e.shiftKey && e.key === 'F2') ||
      (plain(e) &&
        !e.shiftKey &&
        e.key === 'Enter' &&
        store.get().selectedFieldKey !== null &&
        // A focused button, link or other control keeps its own Enter.
        !(
          e.target instanceof HTMLButtonElement ||
          e.target instanceof HTMLAnchorElement ||
          e.target instanceof HTMLInputElement ||
          e.target instanceof HTMLTextAreaElement ||
          e.target instanceof HTMLSelectElement
        )),
    perform: () => afterConfirm(openSelectedField),
  },
  {
    id: 'applyFix',
    label: "Apply the failing check's suggested fix to the field",
    group: 'Fields',
    shortcut: 'Shift+Enter',
    keyTest: (e) =>
      plain(e) &&
      e.shiftKey &&
      e.key === 'Enter' &&
      (inFieldInput(e) ||
        (store.get().selectedFieldKey !== null &&
          !(
            e.target instanceof HTMLButtonElement ||
            e.target instanceof HTMLAnchorElement ||
            e.target instanceof HTMLInputElement ||
            e.target instanceof HTMLSelectElement
          ))),
    whileTyping: inFieldInput,
    perform: (e) => {
      const key = fixTarget(e)
      if (key === null) showNotice('Select a field first')
      else void applyFixForField(key)
    },
  },
  {
    id: 'deselect',
    label: 'Cancel drawing / dismiss the error / deselect field',
    group: 'Fields',
    shortcut: 'Esc',
    keyTest: (e) => e.key === 'Escape',
    whileTyping: () => true,
    perform: () => {
      if (canvasController()?.cancel()) return
      if (dismissError()) return
      blurFieldInput()
      selectField(null)
    },
  },
  {
    id: 'undo',
    label: 'Undo',
    group: 'Edit',
    shortcut: 'Ctrl+Z',
    keyTest: (e) => ctrl(e) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'z',
    perform: () => void undo(),
  },
  {
    id: 'redo',
    label: 'Redo',
    group: 'Edit',
    shortcut: 'Ctrl+Shift+Z',
    keyTest: (e) =>
      ctrl(e) &&
      !e.altKey &&
      ((e.shiftKey && e.key.toLowerCase() === 'z') || (!e.shiftKey && e.key.toLowerCase() === 'y')),
    perform: () => void redo(),
  },
  {
    id: 'nudge',
    label: 'Nudge box or selected vertex 1 px (Shift: 10 px; Alt+arrows in a field)',
    group: 'Edit',
    shortcut: 'Arrows',
    keyTest: (e) => !ctrl(e) && e.key in ARROWS && (!e.altKey || inFieldInput(e)),
    whileTyping: (e) => e.altKey && inFieldInput(e),
    perform: (e) => {
      const [dx, dy] = (e && ARROWS[e.key]) || [0, 0]
      const step = e?.shiftKey ? 10 : 1
      canvasController()?.nudge(dx * step, dy * step)
    },
  },
  {
    id: 'drawBox',
    label: 'Draw box',
    group: 'Edit',
    shortcut: 'D',
    keyTest: (e) => letter(e, 'd'),
    perform: () => canvasController()?.toggleDraw(),
  },
  {
    id: 'deleteField',
    label: 'Delete field',
    group: 'Edit',
    shortcut: 'Delete',
    keyTest: (e) => plain(e) && e.key === 'Delete',
    perform: () =>
      withSelected((caseId, key) => {
        const doc = openCase()
        if (doc && !isReviewerField(doc, key)) return showNotice(PROVIDER_FIELD_DELETE_MESSAGE)
        void deleteField(caseId, key).then(() => {
          if (store.get().selectedFieldKey === key) selectField(null)
          showNotice(`${fieldLabel(key)} deleted — Ctrl+Z brings it back`)
        })
      }),
  },
  {
    id: 'moveSide',
    label: 'Move to other side',
    group: 'Edit',
    shortcut: 'M',
    keyTest: (e) => letter(e, 'm'),
    perform: moveSelectedToOtherSide,
  },
  {
    id: 'front',
    label: 'Show front',
    group: 'View',
    shortcut: 'F',
    keyTest: (e) => letter(e, 'f'),
    perform: () => setSide('front'),
  },
  {
    id: 'back',
    label: 'Show back',
    group: 'View',
    shortcut: 'B',
    keyTest: (e) => letter(e, 'b'),
    perform: () => (openCase()?.back ? setSide('back') : showNotice('This case has no back image')),
  },
  {
    id: 'zoomIn',
    label: 'Zoom in',
    group: 'View',
    shortcut: '+',
    keyTest: (e) => plain(e) && (e.key === '+' || e.key === '='),
    perform: () => canvasController()?.zoomIn(),
  },
  {
    id: 'zoomOut',
    label: 'Zoom out',
    group: 'View',
    shortcut: '−',
    keyTest: (e) => plain(e) && (e.key === '-' || e.key === '_'),
    perform: () => canvasController()?.zoomOut(),
  },
  {
    id: 'fit',
    label: 'Fit to view',
    group: 'View',
    shortcut: '0',
    keyTest: (e) => plain(e) && e.key === '0',
    perform: () => canvasController()?.fit(),
  },
  {
    id: 'actualSize',
    label: 'Actual size (100 %)',
    group: 'View',
    shortcut: '1',
    keyTest: (e) => plain(e) && e.key === '1',
    perform: () => canvasController()?.actualSize(),
  },
  {
    id: 'rotateLeft',
    label: 'Rotate view left (90° anticlockwise)',
    group: 'View',
    shortcut: '[',
    keyTest: (e) => plain(e) && e.key === '[',
    perform: () => canvasController()?.rotate(-1),
  },
  {
    id: 'rotateRight',
    label: 'Rotate view right (90° clockwise)',
    group: 'View',
    shortcut: ']',
    // Shift+R: the earlier shortcut, kept for hands used to it.
    keyTest: (e) => plain(e) && (e.key === ']' || (e.shiftKey && e.key.toLowerCase() === 'r')),
    perform: () => canvasController()?.rotate(1),
  },
  {
    id: 'toggleLabels',
    label: 'Show or hide field labels on the scan',
    group: 'View',
    shortcut: 'L',
    keyTest: (e) => letter(e, 'l'),
    perform: () => store.set((s) => ({ labelsShown: !s.labelsShown })),
  },
  {
    id: 'approve',
    label: 'Approve',
    group: 'Decide',
    shortcut: 'A',
    keyTest: (e) => letter(e, 'a'),
    perform: () => void decide('approved'),
  },
  {
    // Ctrl+Enter is also Recognize: it approves only when the open case is recognised (there is something to
    // approve, and recognising it again would be a wasted request); on any other case Recognize keeps it. Runs
    // while typing in a field: what was typed is saved first.
    id: 'approveAndNext',
    label: 'Approve and open the next case to do (on a recognized case)',
    group: 'Decide',
    shortcut: 'Ctrl+Enter',
    keyTest: (e) =>
      ctrl(e) && !e.altKey && !e.shiftKey && e.key === 'Enter' && openCase()?.status === 'recognised',
    perform: () => void approveAndNext(),
  },
  {
    id: 'approveOverride',
    label: 'Approve with failed checks…',
    group: 'Decide',
    shortcut: 'Shift+A',
    keyTest: (e) => plain(e) && e.shiftKey && e.key.toLowerCase() === 'a',
    perform: openOverride,
  },
  {
    id: 'reject',
    label: 'Reject…',
    group: 'Decide',
    shortcut: 'R',
    keyTest: (e) => letter(e, 'r'),
    perform: openReject,
  },
  {
    id: 'secondReview',
    label: 'Needs second review',
    group: 'Decide',
    shortcut: 'S',
    keyTest: (e) => letter(e, 's'),
    perform: () => void decide('second_review'),
  },
  {
    id: 'timeline',
    label: 'Show the case timeline (audit log)',
    group: 'Decide',
    shortcut: 'T',
    keyTest: (e) => letter(e, 't'),
    perform: () => store.set((s) => ({ timelineOpen: !s.timelineOpen })),
  },
  {
    id: 'deleteCase',
    label: 'Delete case… (with a reason; a record is kept)',
    group: 'Cases',
    shortcut: 'Ctrl+Delete',
    keyTest: (e) => (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key === 'Delete',
    perform: openDeleteCase,
  },
  {
    id: 'searchCases',
    label: 'Search cases',
    group: 'Cases',
    shortcut: '/',
    keyTest: (e) => plain(e) && e.key === '/',
    perform: () => void focusCaseSearch(),
  },
  {
    id: 'nextCase',
    label: 'Next case in the list',
    group: 'Cases',
    shortcut: 'J',
    keyTest: (e) => letter(e, 'j'),
    perform: () => stepCase(1),
  },
  {
    id: 'prevCase',
    label: 'Previous case in the list',
    group: 'Cases',
    shortcut: 'K',
    keyTest: (e) => letter(e, 'k'),
    perform: () => stepCase(-1),
  },
  {
    // The toolbar's Next case (issue 16): a team workspace claims the next case of the team's queue; on this
    // computer the next case to do opens. Shift+N: N alone is the next field needing attention.
    id: 'takeNextCase',
    label: "Next case (claims the next in a team's queue; the next to do on this computer)",
    group: 'Cases',
    shortcut: 'Shift+N',
    keyTest: (e) => plain(e) && e.shiftKey && e.key.toLowerCase() === 'n',
    perform: () => {
      blurFieldInput()
      void openNextCase()
    },
  },
  {
    id: 'recognize',
    label: 'Recognize',
    group: 'Cases',
    shortcut: 'Ctrl+Enter',
    keyTest: (e) => ctrl(e) && !e.altKey && !e.shiftKey && e.key === 'Enter',
    perform: () => void recognizeSelected(),
  },
  {
    id: 'recognizeAll',
    label: 'Recognize all',
    group: 'Cases',
    shortcut: 'Ctrl+Shift+Enter',
    keyTest: (e) => ctrl(e) && !e.altKey && e.shiftKey && e.key === 'Enter',
    perform: () => void recognizeAll(),
  },
  {
    id: 'exportCsv',
    label: 'Export CSV',
    group: 'Cases',
    shortcut: 'Ctrl+E',
    keyTest: (e) => ctrl(e) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'e',
    perform: exportCsv,
  },
  {
    id: 'exportJson',
    label: 'Export JSON',
    group: 'Cases',
    shortcut: 'Ctrl+Shift+E',
    keyTest: (e) => ctrl(e) && !e.altKey && e.shiftKey && e.key.toLowerCase() === 'e',
    perform: () => void openExport('json'),
  },
  {
    id: 'settings',
    label: 'Settings',
    group: 'Cases',
    shortcut: 'Ctrl+,',
    keyTest: (e) => ctrl(e) && e.key === ',',
    perform: openSettings,
  },
  {
    id: 'shortcuts',
    label: 'Keyboard shortcuts',
    group: 'View',
    shortcut: '?',
    keyTest: (e) => !ctrl(e) && !e.altKey && e.key === '?',
    perform: () => store.set({ shortcutsOpen: true }),
  },
  {
    // The connection banner's and Settings' button (no key of its own).
    id: 'testConnection',
    label: 'Test the connection to ARGOS',
    group: 'Cases',
    shortcut: null,
    keyTest: () => false,
    perform: () => void testConnection(),
  },
  {
    // The "Show in folder" button of the notice after an export (no key of its own).
    id: 'showExportFolder',
    label: 'Show the last exported file in its folder',
    group: 'Cases',
    shortcut: null,
    keyTest: () => false,
    perform: () => void revealLastExport(),
  },
]

/** Pointer gestures, listed on the shortcut sheet beside the commands. */
export const GESTURES: readonly { label: string; how: string }[] = [
  { label: 'Zoom at the cursor', how: 'Wheel' },
  { label: 'Pan', how: 'Drag empty space, or Space+drag' },
  { label: 'Move a box', how: 'Drag the selected box' },
  { label: 'Move a corner (and select it for arrow keys)', how: 'Drag / click a handle' },
  { label: 'Select a field', how: 'Click its box' },
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

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'file', 'submit', 'reset', 'range', 'color'].includes(target.type)
  }
  return false
}

/** The command a key press runs, or null. Pure apart from reading the store (unit-tested). */
export function commandFor(e: KeyboardEvent): Command | null {
  // IME: nothing fires while a composition is in progress (keyCode 229 is the composing key on Chromium).
  if (e.isComposing || e.keyCode === 229) return null
  const typing = isTyping(e.target)
  for (const c of COMMANDS) {
    if (!c.keyTest(e)) continue
    if (typing && !ctrl(e) && !(c.whileTyping?.(e) ?? false)) return null
    return c
  }
  return null
}

/**
 * The window keydown handler. Plain-key shortcuts never fire while typing in a text field (Ctrl combos, Esc,
 * Tab, Enter in a field input do); nothing fires while a modal dialog is open (it handles its own keys).
 */
export function handleShortcut(e: KeyboardEvent): void {
  const s = store.get()
  if (e.defaultPrevented || s.settingsOpen || s.shortcutsOpen) return
  // Any open dialog (Reject, Import, Export…) owns the keyboard: A behind it must not approve the case.
  if (document.querySelector('[aria-modal="true"]')) return
  const c = commandFor(e)
  if (!c) return
  e.preventDefault()
  c.perform(e)
}
