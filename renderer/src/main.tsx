import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { installStageHook } from './canvas/stageHook'
import { ErrorBoundary } from './ErrorBoundary'
import { showError } from './state/appState'
import { errorText } from './api'
import './styles.css'

// Anything that escapes a handler still reaches the reviewer instead of vanishing into the console.
window.addEventListener('unhandledrejection', (e) => showError(`Unexpected error: ${errorText(e.reason)}`))
window.addEventListener('error', (e) => {
  // Chromium reports this benign layout notice as an error event; it is not the reviewer's concern.
  if (/ResizeObserver loop/.test(e.message)) return
  showError(`Unexpected error: ${errorText(e.error ?? e.message)}`)
})

installStageHook()

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <App />
      </ErrorBoundary>
    </StrictMode>,
  )
}
