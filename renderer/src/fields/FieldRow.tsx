import { useEffect, useId, useRef } from 'react'
import type { Check } from '../../../shared/checks/types'
import type { Field, ImageRef } from '../../../shared/model'
import { applyFix } from '../checks/checkActions'
import { usableFix } from '../checks/checkView'
import { setVerified } from '../editing/edits'
import { selectField } from '../state/actions'
import { useApp } from '../state/appState'
import { STATE_LABELS, fieldState, scoreTone } from './fieldState'
import { fieldLabel } from './labels'
import { useFieldEditor } from './useFieldEditor'
import { FieldCrop } from './FieldCrop'
import { ValueInput } from './ValueInput'
import { useReadOnly } from '../workspace/ClaimNote'
import './fields.css'

type Props = {
  caseId: string
  field: Field
  selected: boolean
  showSide: boolean
  /** The failing and warning checks that concern this field, failures first (checkView.checksForField). */
  checks?: readonly Check[]
  /** The image of the field's side, for the zoomed crop of the selected field (null: no such image). */
  image?: ImageRef | null
}

const NO_CHECKS: readonly Check[] = []

/** Under the input: each check's message; the first suggestion as a one-click fix (Shift+Enter in the input). */
function FieldChecks({
  id,
  caseId,
  field,
  checks,
  readOnly,
}: {
  id: string
  caseId: string
  field: Field
  checks: readonly Check[]
  readOnly: boolean
}) {
  const withFix = checks.find((c) => usableFix(c, [field]) !== null) ?? null
  return (
    <ul className="field-checks" id={id}>
      {checks.map((c) => {
        const fix = c === withFix ? usableFix(c, [field]) : null
        return (
          <li key={c.id} className={`field-check status-${c.status}`} data-field-check={c.id}>
            <span className="check-icon" aria-hidden="true">
              {c.status === 'fail' ? '✕' : '!'}
            </span>
            <span className="field-check-text" title={c.id}>
              {c.message}
            </span>
            {fix && (
              <span className="field-check-action">
                <button
                  type="button"
                  tabIndex={-1}
                  className="field-check-fix"
                  disabled={readOnly}
                  title={`Use ${fix.value}, as ${c.id} suggests (Shift+Enter)`}
                  onClick={() => void applyFix(caseId, fix, c.id)}
                >
                  Use {fix.value}
                </button>
                <kbd className="field-check-key" aria-hidden="true">
                  Shift+Enter
                </kbd>
              </span>
            )}
          </li>
        )
      })}
    </ul>
  )
}

const STATUS_TEXT = { idle: '', editing: '', saving: 'Saving…', saved: 'Saved', error: 'Not saved' } as const

export function FieldRow({ caseId, field, selected, showSide, checks = NO_CHECKS, image = null }: Props) {
  const id = useId()
  const rowRef = useRef<HTMLLIElement | null>(null)
  // However it was selected (N, Enter, a click on its box), the selected row is scrolled into the panel's view;
  // except when the focus is already in it (a click on its check box or input): the row is in view, and scrolling
  // while the button is down (the row grows by its crop) would move the control away from under the pointer.
  useEffect(() => {
    const row = rowRef.current
    if (selected && row && !row.contains(document.activeElement)) row.scrollIntoView({ block: 'nearest' })
  }, [selected])
  const checksId = `${id}-checks`
  const editor = useFieldEditor(caseId, field)
  // Someone else's claim in a team workspace: shown, not changed (the note above the fields says whose).
  const readOnly = useReadOnly(caseId)
  const attentionScore = useApp((s) => s.review.attentionScore)
  const state = fieldState(
    field,
    attentionScore,
    checks.some((c) => c.status === 'fail'),
  )
  const label = fieldLabel(field.key)
  const corrected = field.value !== field.ocrValue
  const mapped = field.quad !== null && field.quadSource === 'mapped'
  const drawn = field.quadSource === 'drawn'
  return (
    <li
      ref={rowRef}
      className={`field-row state-${state}${selected ? ' selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
      // Focus in the value input selects the field; the Verified box does not: ticking a field is not opening it,
      // and moving the selection (its crop) while the button is down would shift the rows under the pointer.
      onFocus={(e) => {
        if (e.target instanceof HTMLTextAreaElement) selectField(field.key)
      }}
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
        <label className="verify-toggle" title="Verified (Enter in the field confirms it)">
          <input
            type="checkbox"
            tabIndex={-1}
            checked={field.verified}
            disabled={readOnly}
            aria-label={`Verified ${label}`}
            onChange={(e) => void setVerified(caseId, field.key, e.currentTarget.checked)}
          />
          <span aria-hidden="true">✓</span>
        </label>
      </div>
      {selected && field.quad && image && (
        <FieldCrop caseId={caseId} side={field.side} image={image} quad={field.quad} label={label} />
      )}
      <ValueInput
        id={id}
        fieldKey={field.key}
        value={editor.value}
        readOnly={readOnly}
        placeholder={field.quadSource === 'drawn' ? 'Type the value' : undefined}
        aria-invalid={editor.status === 'error' ? true : undefined}
        aria-describedby={checks.length ? checksId : undefined}
        onChange={editor.onChange}
        onCompositionStart={editor.onCompositionStart}
        onCompositionEnd={editor.onCompositionEnd}
        onBlur={editor.onBlur}
      />
      {checks.length > 0 && (
        <FieldChecks id={checksId} caseId={caseId} field={field} checks={checks} readOnly={readOnly} />
      )}
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
