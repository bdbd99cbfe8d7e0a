import { lazy, Suspense, useEffect } from 'react'
import { api, errorText, hasApi } from './api'
import { handleShortcut } from './commands'
import { FieldPanel } from './fields/FieldPanel'
import { ConnectionBanner } from './messages/ConnectionBanner'
import { MessageArea } from './messages/MessageArea'
import { CaseList } from './queue/CaseList'
import { DropOverlay } from './queue/DropOverlay'
import { OverrideDialog } from './decisions/OverrideDialog'
import { RejectDialog } from './decisions/RejectDialog'
import { DeleteCaseDialog } from './deletion/DeleteCaseDialog'
import { SettingsDialog } from './settings/SettingsDialog'
import { ShortcutSheet } from './ShortcutSheet'
import { listCasesOnce, syncChanges } from './state/cases'
import { loadSettings } from './state/actions'
import { showError, showNotice, useApp } from './state/appState'
import { createEventCoalescer } from './state/eventCoalescer'
import { followBatchProgress } from './recognition/recognitionActions'
import { Toolbar } from './toolbar/Toolbar'
import { RecognizeAllDialog } from './recognition/RecognizeAllDialog'
import { RecoveryBanner } from './vault/RecoveryBanner'
import { VaultDialogs } from './vault/VaultDialogs'
import { VaultGate } from './vault/VaultGate'
import { followClaims } from './workspace/claims'
import { WorkspaceBanner } from './workspace/WorkspaceBanner'
import { followWorkspace } from './workspace/workspaceStore'

// The canvas (Konva) loads after the first paint: the case list is what a start must show quickly.
const CanvasPane = lazy(() => import('./canvas/CanvasPane').then((m) => ({ default: m.CanvasPane })))

/** Keeps the list, the open case and the batch progress in step with the main process. */
function useMainProcessEvents(): void {
  useEffect(() => {
    if (!hasApi()) {
      showError('Recto is not connected to its desktop shell (window.api is missing). Restart the app.')
      return
    }
    void listCasesOnce()
    void loadSettings()
    // A batch sends a few events per case; they are folded into at most one refresh every 250 ms.
    const changes = createEventCoalescer(syncChanges, 250)
    const offs: (() => void)[] = [() => changes.dispose()]
    try {
      offs.push(
        api().on('caseChanged', ({ caseId }) => changes.caseChanged(caseId)),
        api().on('casesChanged', () => changes.casesChanged()),
        api().on('notice', ({ level, message }) =>
          level === 'error' ? showError(message) : showNotice(message),
        ),
        followBatchProgress(),
        followWorkspace(),
        followClaims(),
      )
    } catch (err) {
      showError(`Could not subscribe to updates: ${errorText(err)}`)
    }
    return () => offs.forEach((off) => off())
  }, [])
}

/**
 * The vault gate first (issue 13): the cases are encrypted and nothing can read them until the vault is open, so
 * the workspace, and with it the first refreshCases/loadSettings, mounts only then.
 */
export function App() {
  return (
    <VaultGate>
      <Workspace />
    </VaultGate>
  )
}

function Workspace() {
  const settingsOpen = useApp((s) => s.settingsOpen)
  const rejectOpen = useApp((s) => s.rejectOpen)
  const deleteCaseOpen = useApp((s) => s.deleteCaseOpen)
  const overrideOpen = useApp((s) => s.overrideOpen)
  const shortcutsOpen = useApp((s) => s.shortcutsOpen)
  useMainProcessEvents()
  useEffect(() => {
    window.addEventListener('keydown', handleShortcut)
    return () => window.removeEventListener('keydown', handleShortcut)
  }, [])
  return (
    <div className="app">
      <Toolbar />
      {/* One grid row for both banners (.app's rows are fixed). */}
      <div className="app-banners">
        <WorkspaceBanner />
        <ConnectionBanner />
        <RecoveryBanner />
      </div>
      <main className="workspace">
        <CaseList />
        <Suspense fallback={<section className="pane canvas-pane" aria-label="Document" />}>
          <CanvasPane />
        </Suspense>
        <FieldPanel />
      </main>
      <MessageArea />
      <DropOverlay />
      {settingsOpen && <SettingsDialog />}
      {shortcutsOpen && <ShortcutSheet />}
      {rejectOpen && <RejectDialog />}
      {deleteCaseOpen && <DeleteCaseDialog />}
      {overrideOpen && <OverrideDialog />}
      <RecognizeAllDialog />
      {/* After Settings, so a vault dialog opened from it lies on top. */}
      <VaultDialogs />
    </div>
  )
}
