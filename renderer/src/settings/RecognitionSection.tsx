import { useId } from 'react'
import type { PolicyView } from '../../../shared/policy'
import {
  ENGINE_HELP,
  ENGINE_OPTION_LABEL,
  ENGINE_SELECT_LABEL,
  isEngineName,
  type EngineName,
  type EngineView,
} from './engineChoice'
import { PolicyLock } from './PolicyLock'
import {
  CALLBACK_MODE_LABEL,
  NUMBER_FIELDS,
  PUBLIC_URL_HELP,
  PUBLIC_URL_LABEL,
  RESEND_HELP,
  RESEND_LABEL,
  numberProblem,
  type NumberKey,
  type RecognitionForm,
} from './recognitionForm'

type Props = {
  form: RecognitionForm
  onChange(form: RecognitionForm): void
  disabled: boolean
  /** The field the last save refused, marked invalid until edited. */
  invalid: NumberKey | 'publicCallbackUrl' | null
}

type EngineProps = {
  /** The engine chosen in the select (the effective one until the reviewer changes it). */
  engine: EngineName
  /** What the main process says runs now, and whether the policy pins it. */
  view: EngineView
  policy: PolicyView | null | undefined
  onChange(engine: EngineName): void
  disabled: boolean
}

/** Settings → Recognition → Recognition engine: ARGOS or this computer; locked with the usual note when pinned. */
function EngineRow({ engine, view, policy, onChange, disabled }: EngineProps) {
  const id = useId()
  const helpId = useId()
  const lockId = useId()
  return (
    <div className="form-row engine-row">
      <label htmlFor={id}>{ENGINE_SELECT_LABEL}</label>
      <select
        id={id}
        className="select engine-select"
        value={engine}
        disabled={disabled || view.pinned}
        aria-describedby={view.pinned ? `${helpId} ${lockId}` : helpId}
        onChange={(e) => {
          if (isEngineName(e.target.value)) onChange(e.target.value)
        }}
      >
        <option value="argos">{ENGINE_OPTION_LABEL.argos}</option>
        <option value="local">{ENGINE_OPTION_LABEL.local}</option>
      </select>
      <p id={helpId} className="form-note">
        {ENGINE_HELP}
      </p>
      <PolicyLock id={lockId} policy={policy} pinned={view.pinned} />
    </div>
  )
}

function NumberRow({ k, form, onChange, disabled, invalid }: Props & { k: NumberKey }) {
  const id = useId()
  const helpId = useId()
  const spec = NUMBER_FIELDS[k]
  // Out-of-range text is marked as the reviewer types; saving says why in the alert.
  const bad = invalid === k || (form[k].trim() !== '' && numberProblem(k, form[k]) !== null)
  return (
    <div className="form-row">
      <label htmlFor={id}>{spec.label}</label>
      <input
        id={id}
        type="number"
        className="text-input number-input"
        inputMode={spec.integer ? 'numeric' : 'decimal'}
        min={spec.min}
        max={spec.max}
        step={spec.step}
        value={form[k]}
        disabled={disabled}
        aria-invalid={bad || undefined}
        aria-describedby={spec.help ? helpId : undefined}
        onChange={(e) => onChange({ ...form, [k]: e.target.value })}
      />
      {spec.help && (
        <p id={helpId} className="form-note">
          {spec.help}
        </p>
      )}
    </div>
  )
}

/**
 * The engine (ARGOS or this computer), upload and import limits, timeouts, retries, parallelism, resending interrupted requests (off by default: it may
 * bill twice), and the asynchronous (callback) mode.
 */
export function RecognitionSection(props: Props & { engine: EngineProps | null }) {
  const { form, onChange, disabled, invalid, engine } = props
  const ids = {
    mode: useId(),
    url: useId(),
    urlHelp: useId(),
    modeHelp: useId(),
    resend: useId(),
    resendHelp: useId(),
  }
  return (
    <section className="settings-section" aria-labelledby={`${ids.mode}-h`}>
      <h3 id={`${ids.mode}-h`}>Recognition</h3>
      {engine && <EngineRow {...engine} />}
      <div className="form-grid">
        <NumberRow {...props} k="uploadLimitMb" />
        <NumberRow {...props} k="inputLimitMb" />
        <NumberRow {...props} k="requestTimeoutSec" />
        <NumberRow {...props} k="maxRetries" />
        <NumberRow {...props} k="concurrency" />
      </div>
      <div className="form-row check-row">
        <input
          id={ids.resend}
          type="checkbox"
          checked={form.resendInterrupted}
          disabled={disabled}
          aria-describedby={ids.resendHelp}
          onChange={(e) => onChange({ ...form, resendInterrupted: e.target.checked })}
        />
        <label htmlFor={ids.resend}>{RESEND_LABEL}</label>
        <p id={ids.resendHelp} className="form-note">
          <strong>Warning:</strong> {RESEND_HELP}
        </p>
      </div>
      <div className="form-row check-row">
        <input
          id={ids.mode}
          type="checkbox"
          checked={form.callbackMode}
          disabled={disabled}
          aria-describedby={ids.modeHelp}
          onChange={(e) => onChange({ ...form, callbackMode: e.target.checked })}
        />
        <label htmlFor={ids.mode}>{CALLBACK_MODE_LABEL}</label>
        <p id={ids.modeHelp} className="form-note">
          ARGOS answers at once with a ticket and posts the result to Recto later
        </p>
      </div>
      {form.callbackMode && (
        <div className="callback-fields">
          <div className="form-grid">
            <NumberRow {...props} k="callbackPort" />
            <NumberRow {...props} k="callbackTimeoutSec" />
          </div>
          <div className="form-row">
            <label htmlFor={ids.url}>{PUBLIC_URL_LABEL}</label>
            <input
              id={ids.url}
              type="url"
              className="text-input"
              spellCheck={false}
              placeholder="https://…"
              value={form.publicCallbackUrl}
              disabled={disabled}
              aria-invalid={invalid === 'publicCallbackUrl' || undefined}
              aria-describedby={ids.urlHelp}
              onChange={(e) => onChange({ ...form, publicCallbackUrl: e.target.value })}
            />
            <p id={ids.urlHelp} className="form-note">
              {PUBLIC_URL_HELP}
            </p>
          </div>
        </div>
      )}
    </section>
  )
}
