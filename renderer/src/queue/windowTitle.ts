// The window title follows the open case: "<title> — Recto" (the file name while the case has no title), and
// just "Recto" with none open. Electron's window takes document.title as its own.
import { useEffect } from 'react'
import { useApp } from '../state/appState'
import { caseLabel } from './listView'

export const APP_NAME = 'Recto'

/** The window title for the open case's label (title or file name), or for none. Pure. */
export function windowTitle(label: string | null): string {
  return label ? `${label} — ${APP_NAME}` : APP_NAME
}

/** Keeps document.title in step with the selected case's summary (it follows corrections as they are saved). */
export function useWindowTitle(): void {
  const label = useApp((s) => {
    const c = s.selectedCaseId === null ? undefined : s.cases.find((x) => x.id === s.selectedCaseId)
    return c ? caseLabel(c) : null
  })
  useEffect(() => {
    document.title = windowTitle(label)
  }, [label])
}
