import { useEffect } from 'react'
import { api, errorText, hasApi } from './api'
import { CanvasPane } from './canvas/CanvasPane'
import { handleShortcut } from './commands'
import { FieldPanel } from './fields/FieldPanel'
import { MessageArea } from './messages/MessageArea'
import { CaseList } from './queue/CaseList'
import { DropOverlay } from './queue/DropOverlay'
import { SettingsDialog } from './settings/SettingsDialog'
import { loadCase, refreshCases } from './state/actions'
import { showError, showNotice, store, useApp } from './state/appState'
import { Toolbar } from './toolbar/Toolbar'

/** Keeps the list and the open case in step with the main process. */
function useMainProcessEvents(): void {
  useEffect(() => {
    if (!hasApi()) {
      showError('Recto is not connected to its desktop shell (window.api is missing). Restart the app.')
      return
    }
    void refreshCases()
    const offs: (() => void)[] = []
    try {
      offs.push(
        api().on('caseChanged', ({ caseId }) => {
          void refreshCases()
          if (store.get().selectedCaseId === caseId) void loadCase(caseId)
        }),
        api().on('casesChanged', () => void refreshCases()),
        api().on('notice', ({ level, message }) =>
          level === 'error' ? showError(message) : showNotice(message),
        ),
      )
    } catch (err) {
      showError(`Could not subscribe to updates: ${errorText(err)}`)
    }
    return () => offs.forEach((off) => off())
  }, [])
}

export function App() {
  const settingsOpen = useApp((s) => s.settingsOpen)
  useMainProcessEvents()
  useEffect(() => {
    window.addEventListener('keydown', handleShortcut)
    return () => window.removeEventListener('keydown', handleShortcut)
  }, [])
  return (
    <div className="app">
      <Toolbar />
      <main className="workspace">
        <CaseList />
        <CanvasPane />
        <FieldPanel />
      </main>
      <MessageArea />
      <DropOverlay />
      {settingsOpen && <SettingsDialog />}
    </div>
  )
}
