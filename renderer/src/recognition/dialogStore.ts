// Whether the "Recognize all" confirmation is open (its own small store: the app state belongs to everyone).
import { createStore, useStore } from '../state/store'

export type RecognizeAllDialogState = { open: boolean }

export const recognizeAllDialog = createStore<RecognizeAllDialogState>({ open: false })

export function useRecognizeAllDialog<T>(selector: (s: RecognizeAllDialogState) => T): T {
  return useStore(recognizeAllDialog, selector)
}

export function closeRecognizeAll(): void {
  recognizeAllDialog.set({ open: false })
}
