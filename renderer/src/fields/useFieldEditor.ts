// Local editing state for one field value. Saves at once: ~300 ms after the last keystroke and immediately on
// blur/Enter, never in the middle of an IME composition. The typed text is kept while saving and after a
// failed save (the error is shown; the next blur/Enter retries).
// Undo: everything typed between the first keystroke and the end of the focus session (blur, Enter, or an
// undo/redo flushing it) is one undo step, recorded with the value only (other changes are their own steps).
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react'
import type { Field } from '../../../shared/model'
import { currentField, record, registerFlusher, settled } from '../editing/edits'
import { adoptStored, saveTyped } from './valueSave'

export const SAVE_DEBOUNCE_MS = 300

/** A value is one line: a line break pasted or dropped in becomes a space (Enter itself never types one). */
export function oneLine(value: string): string {
  return value.replace(/\r\n?|\n/g, ' ')
}

type ValueElement = HTMLInputElement | HTMLTextAreaElement

export type SaveStatus = 'idle' | 'editing' | 'saving' | 'saved' | 'error'

export function useFieldEditor(caseId: string, field: Field) {
  const [local, setLocal] = useState(field.value)
  const [status, setStatus] = useState<SaveStatus>('idle')
  // Adopt a value changed elsewhere (re-recognition, another window) unless the reviewer has unsaved edits.
  const [stored, setStored] = useState(field.value)
  if (field.value !== stored) {
    setStored(field.value)
    const shown = adoptStored(local, stored, field.value)
    if (shown !== local) setLocal(shown)
  }

  const sent = useRef<string | null>(field.value)
  const inFlight = useRef(0)
  const composing = useRef(false)
  const timer = useRef<number | null>(null)
  const pending = useRef<string | null>(null)
  const chain = useRef<Promise<void>>(Promise.resolve())

  useEffect(() => {
    if (inFlight.current === 0 && pending.current === null) sent.current = field.value
  }, [field.value])

  const commit = useCallback(
    (value: string) => {
      if (timer.current !== null) window.clearTimeout(timer.current)
      timer.current = null
      pending.current = null
      if (value === sent.current) {
        setStatus((s) => (s === 'editing' ? 'idle' : s))
        return
      }
      sent.current = value
      inFlight.current += 1
      setStatus('saving')
      chain.current = chain.current.then(async () => {
        try {
          // Refused, the typed text stays in the input (local is never reset here) and the reason is shown.
          if (await saveTyped(caseId, field.key, value)) {
            if (sent.current === value) setStatus('saved')
          } else {
            sent.current = null // let the next blur/Enter retry
            setStatus('error')
          }
        } finally {
          inFlight.current -= 1
        }
      })
    },
    [caseId, field.key],
  )

  const schedule = useCallback(
    (value: string) => {
      if (timer.current !== null) window.clearTimeout(timer.current)
      pending.current = value
      setStatus('editing')
      timer.current = window.setTimeout(() => commit(value), SAVE_DEBOUNCE_MS)
    },
    [commit],
  )

  // The typing session: the field as it was before the first keystroke (undefined = no session).
  const sessionBefore = useRef<Field | null | undefined>(undefined)
  const localRef = useRef(local)
  useEffect(() => {
    localRef.current = local
  }, [local])
  const endSession = useCallback(async () => {
    const before = sessionBefore.current
    if (before === undefined || composing.current) return
    sessionBefore.current = undefined
    commit(localRef.current)
    await chain.current
    await settled()
    const after = currentField(caseId, field.key)
    if (before && after && before.value !== after.value) {
      record({ caseId, key: field.key, before: { ...after, value: before.value }, after })
    }
  }, [caseId, field.key, commit])
  useEffect(() => registerFlusher(endSession), [endSession])

  // Leaving the case (or the field disappearing) must not lose a keystroke still waiting for its debounce.
  useEffect(
    () => () => {
      if (timer.current !== null && pending.current !== null) {
        window.clearTimeout(timer.current)
        void saveTyped(caseId, field.key, pending.current)
      }
    },
    [caseId, field.key],
  )

  return {
    value: local,
    status,
    onChange(e: ChangeEvent<ValueElement>) {
      const value = oneLine(e.target.value)
      setLocal(value)
      if (sessionBefore.current === undefined) sessionBefore.current = currentField(caseId, field.key)
      const native = e.nativeEvent as InputEvent
      if (composing.current || native.isComposing) return
      schedule(value)
    },
    onCompositionStart() {
      composing.current = true
      if (timer.current !== null) window.clearTimeout(timer.current)
      timer.current = null
    },
    onCompositionEnd(e: { currentTarget: ValueElement }) {
      composing.current = false
      schedule(oneLine(e.currentTarget.value))
    },
    onBlur(e: { currentTarget: ValueElement }) {
      if (composing.current) return
      if (sessionBefore.current !== undefined) void endSession()
      else commit(oneLine(e.currentTarget.value))
    },
  }
}
