// "Delete case…" and "Delete all data": the renderer collects the reason; the main process asks for confirmation
// (a message box), writes the tombstone and deletes (electron/services/store/deletion.ts).
import { api, errorText } from '../api'
import { refreshCases, selectCase } from '../state/actions'
import { showError, showNotice, store } from '../state/appState'

export function openDeleteCase(): void {
  const c = store.get().current
  if (!c) return showNotice('Open a case first')
  store.set({ deleteCaseOpen: true })
}

export function closeDeleteCase(): void {
  store.set({ deleteCaseOpen: false })
}

/** Deletes the open case for `reason`; true when it was deleted (false: cancelled in the message box). */
export async function deleteOpenCase(reason: string): Promise<boolean> {
  const c = store.get().current
  if (!c) return false
  const result = await api().deleteCase(c.id, reason)
  if (result.status === 'canceled') return false
  store.set({ deleteCaseOpen: false })
  selectCase(null)
  await refreshCases()
  showNotice(`Case deleted: ${c.name} (a record of the deletion is kept)`)
  return true
}

export async function deleteAllData(): Promise<void> {
  try {
    const result = await api().deleteAllData()
    if (result.status === 'canceled') return
    selectCase(null)
    await refreshCases()
    showNotice(`All data deleted: ${result.count} case${result.count === 1 ? '' : 's'}`)
  } catch (err) {
    showError(`Could not delete all data: ${errorText(err)}`)
  }
}
