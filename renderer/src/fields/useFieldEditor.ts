// Local editing state for one field value. Saves at once: ~300 ms after the last keystroke and immediately on
// blur/Enter, never in the middle of an IME composition. The typed text is kept while saving and after a
// failed save (the error is shown; the next blur/Enter retries).
import { useCallback, useEffect, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react'
import type { Field } from '../../../shared/model'
import { errorText } from '../api'
import { saveFieldValue } from '../state/actions'
import { showError } from '../state/appState'
import { humaniseKey } from './labels'

export const SAVE_DEBOUNCE_MS = 300

export type SaveStatus = 'idle' | 'editing' | 'saving' | 'saved' | 'error'

export function useFieldEditor(caseId: string, field: Field) {
  const [local, setLocal] = useState(field.value)
  const [status, setStatus] = useState<SaveStatus>('idle')
  // Adopt a value changed elsewhere (re-recognition, another window) unless the reviewer has unsaved edits.
  const [stored, setStored] = useState(field.value)
  if (field.value !== stored) {
    setStored(field.value)
    if (local === stored) setLocal(field.value)
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
          await saveFieldValue(caseId, field.key, value)
          if (sent.current === value) setStatus('saved')
        } catch (err) {
          sent.current = null // let the next blur/Enter retry
          setStatus('error')
          showError(`Could not save ${humaniseKey(field.key)}: ${errorText(err)}`)
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

  // Leaving the case (or the field disappearing) must not lose a keystroke still waiting for its debounce.
  useEffect(
    () => () => {
      if (timer.current !== null && pending.current !== null) {
        window.clearTimeout(timer.current)
        const value = pending.current
        saveFieldValue(caseId, field.key, value).catch((err: unknown) =>
          showError(`Could not save ${humaniseKey(field.key)}: ${errorText(err)}`),
        )
      }
    },
    [caseId, field.key],
  )

  return {
    value: local,
    status,
    onChange(e: ChangeEvent<HTMLInputElement>) {
      const value = e.target.value
      setLocal(value)
      const native = e.nativeEvent as InputEvent
      if (composing.current || native.isComposing) return
      schedule(value)
    },
    onCompositionStart() {
      composing.current = true
      if (timer.current !== null) window.clearTimeout(timer.current)
      timer.current = null
    },
    onCompositionEnd(e: { currentTarget: HTMLInputElement }) {
      composing.current = false
      schedule(e.currentTarget.value)
    },
    onBlur(e: { currentTarget: HTMLInputElement }) {
      if (!composing.current) commit(e.currentTarget.value)
    },
    onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
      if (e.key !== 'Enter' || e.nativeEvent.isComposing || e.keyCode === 229 || composing.current) return
      if (e.ctrlKey || e.metaKey) return // Ctrl+Enter is Recognize
      e.preventDefault()
      commit(e.currentTarget.value)
    },
  }
}
