import { useId } from 'react'
import type { Field } from '../../../shared/model'
import { setVerified } from '../editing/edits'
import { selectField } from '../state/actions'
import { useApp } from '../state/appState'
import { STATE_LABELS, fieldState, scoreTone } from './fieldState'
import { humaniseKey } from './labels'
import { useFieldEditor } from './useFieldEditor'

type Props = { caseId: string; field: Field; selected: boolean; showSide: boolean }

const STATUS_TEXT = { idle: '', editing: '', saving: 'Saving…', saved: 'Saved', error: 'Not saved' } as const

export function FieldRow({ caseId, field, selected, showSide }: Props) {
  const id = useId()
  const editor = useFieldEditor(caseId, field)
  const attentionScore = useApp((s) => s.review.attentionScore)
  const state = fieldState(field, attentionScore)
  const label = humaniseKey(field.key)
  const corrected = field.value !== field.ocrValue
  const mapped = field.quad !== null && field.quadSource === 'mapped'
  const drawn = field.quadSource === 'drawn'
  return (
    <li
      className={`field-row state-${state}${selected ? ' selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
      onFocus={() => selectField(field.key)}
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
          className={`score-chip tone-${scoreTone(field.score, attentionScore)}`}
          title={field.accepted === false ? 'Rejected by the recognition engine' : 'Recognition score'}
        >
          {field.score === null ? '—' : Math.round(field.score)}
        </span>
        <label className="verify-toggle" title="Verified (Enter confirms and moves on)">
          <input
            type="checkbox"
            tabIndex={-1}
            checked={field.verified}
            aria-label={`Verified ${label}`}
            onChange={(e) => void setVerified(caseId, field.key, e.currentTarget.checked)}
          />
          <span aria-hidden="true">✓</span>
        </label>
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
        onChange={editor.onChange}
        onCompositionStart={editor.onCompositionStart}
        onCompositionEnd={editor.onCompositionEnd}
        onBlur={editor.onBlur}
      />
      {(corrected || field.quad === null || mapped || drawn) && (
        <div className="field-notes">
          {corrected && (
            <span className="ocr-note" title="What the recognition engine read">
              OCR: {field.ocrValue === '' ? '(empty)' : field.ocrValue}
            </span>
          )}
          {field.quad === null && (
            <span className="no-quad" title="The recognition gave no position for this field">
              no position
            </span>
          )}
          {mapped && (
            <span
              className="quad-hint mapped"
              title="Placed from the processed image by a fitted mapping: check that the box sits on the text"
            >
              mapped
            </span>
          )}
          {drawn && field.quad !== null && (
            <span className="quad-hint drawn" title="Box drawn or moved by a reviewer">
              drawn
            </span>
          )}
        </div>
      )}
    </li>
  )
}
