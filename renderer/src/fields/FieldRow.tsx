import { useId } from 'react'
import type { Field } from '../../../shared/model'
import { selectField } from '../state/actions'
import { STATE_LABELS, fieldState, scoreTone } from './fieldState'
import { humaniseKey } from './labels'
import { useFieldEditor } from './useFieldEditor'

type Props = { caseId: string; field: Field; selected: boolean; showSide: boolean }

const STATUS_TEXT = { idle: '', editing: '', saving: 'Saving…', saved: 'Saved', error: 'Not saved' } as const

export function FieldRow({ caseId, field, selected, showSide }: Props) {
  const id = useId()
  const editor = useFieldEditor(caseId, field)
  const state = fieldState(field)
  const label = humaniseKey(field.key)
  const corrected = field.value !== field.ocrValue
  return (
    <li
      className={`field-row state-${state}${selected ? ' selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
    >
      <div className="field-head">
        <label htmlFor={id} className="field-label" title={field.key}>
          {label}
          {showSide && field.side === 'back' && <span className="visually-hidden"> (back)</span>}
        </label>
        {STATE_LABELS[state] && <span className={`state-tag state-${state}`}>{STATE_LABELS[state]}</span>}
        <span className={`save-state ${editor.status}`} aria-hidden={editor.status === 'idle'}>
          {STATUS_TEXT[editor.status]}
        </span>
        <span
          className={`score-chip tone-${scoreTone(field.score)}`}
          title={field.accepted === false ? 'Rejected by the recognition engine' : 'Recognition score'}
        >
          {field.score === null ? '—' : Math.round(field.score)}
        </span>
      </div>
      <input
        id={id}
        data-field={field.key}
        className="field-input"
        type="text"
        spellCheck={false}
        autoComplete="off"
        value={editor.value}
        aria-invalid={editor.status === 'error' ? true : undefined}
        onFocus={() => selectField(field.key)}
        onChange={editor.onChange}
        onCompositionStart={editor.onCompositionStart}
        onCompositionEnd={editor.onCompositionEnd}
        onBlur={editor.onBlur}
        onKeyDown={editor.onKeyDown}
      />
      {(corrected || field.quad === null) && (
        <div className="field-notes">
          {corrected && (
            <span className="ocr-note" title="What the recognition engine read">
              OCR: {field.ocrValue === '' ? '(empty)' : field.ocrValue}
            </span>
          )}
          {field.quad === null && <span className="no-quad">no position</span>}
        </div>
      )}
    </li>
  )
}
