// Next case (the toolbar button, Shift+N): in a team workspace the main process claims the next case in the
// team's order (oldest open case nobody holds) and it opens here; on this computer it opens the next case of the
// To do view after the open one (the order a decision advances in, listView.nextTodoId).
import { api, errorText } from '../api'
import { flushTyping } from '../editing/edits'
import { nextTodoId } from '../queue/listView'
import { refreshCases, selectCase } from '../state/actions'
import { showError, showNotice, store } from '../state/appState'
import { currentView } from './workspaceStore'

export const NO_TEAM_CASE = "No case is waiting in the team's queue."
export const NO_LOCAL_CASE = 'No case is left to do.'

let running = false

export async function openNextCase(): Promise<void> {
  // One at a time: a second press while the first is claiming would claim a second case.
  if (running) return
  running = true
  try {
    // What was typed in the open case is saved before it is left.
    await flushTyping()
    const view = currentView()
    if (view.kind === 'team') {
      if (view.state !== 'connected') {
        showError('The team workspace is not connected: the next case can be taken once it is back.')
        return
      }
      const next = await api().nextCase()
      if (!next) {
        showNotice(NO_TEAM_CASE)
        return
      }
      // The case may be newer than the list (imported by someone a moment ago): list first, then open it.
      if (!store.get().cases.some((c) => c.id === next.id)) await refreshCases()
      selectCase(next.id)
      return
    }
    const s = store.get()
    const id = nextTodoId(s.cases, s.selectedCaseId, s.reviewerName)
    if (id === null) showNotice(NO_LOCAL_CASE)
    else selectCase(id)
  } catch (err) {
    showError(`Could not take the next case: ${errorText(err)}`)
  } finally {
    running = false
  }
}
