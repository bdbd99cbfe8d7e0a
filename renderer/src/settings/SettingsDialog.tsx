import { deleteAllData } from '../deletion/deleteActions'
import { useEffect, useId, useState, type FormEvent } from 'react'
import { testConnection } from '../messages/connection'
import type { SettingsPatch } from '../../../shared/ipc'
import type { SettingsView } from '../../../shared/model'
import { api, errorText } from '../api'
import { applySettingsView, closeSettings } from '../state/actions'
import { dismissError, showError, showNotice } from '../state/appState'
import { Modal } from '../ui/Modal'
import { baseUrlProblem, keyClearedNote } from './endpointNote'
import { KeyStorageNote } from './KeyStorageNote'
import { PolicyLock } from './PolicyLock'
import { isPinned, policyAlert, policyInfo } from './policyNotes'
import { SettingsHistory } from './SettingsHistory'
import { VaultSection } from './VaultSection'
import { WorkspaceSection } from '../workspace/WorkspaceSection'
import { RecognitionSection } from './RecognitionSection'
import { enginePatch, type EngineName } from './engineChoice'
import {
  explainSettingsError,
  recognitionPatch,
  toForm,
  wholeNumberIn,
  type RecognitionForm,
} from './recognitionForm'

type Form = {
  argosBaseUrl: string
  reviewerName: string
  attentionScore: string
  fourEyes: boolean
  minimumAge: string
  advanceAfterDecision: boolean
  sideBySide: boolean
  /** Retention on, and after how many days (kept as typed while off). */
  retentionOn: boolean
  retentionDays: string
}

export function SettingsDialog() {
  const ids = {
    url: useId(),
    key: useId(),
    name: useId(),
    score: useId(),
    scoreHelp: useId(),
    eyes: useId(),
    age: useId(),
    ageHelp: useId(),
    advance: useId(),
    advanceHelp: useId(),
    sides: useId(),
    urlLock: useId(),
    keyLock: useId(),
    scoreLock: useId(),
    eyesLock: useId(),
    retention: useId(),
    retentionDays: useId(),
    retentionHelp: useId(),
    retentionLock: useId(),
    deleteAllHelp: useId(),
  }
  const [view, setView] = useState<SettingsView | null>(null)
  const [form, setForm] = useState<Form>({
    argosBaseUrl: '',
    reviewerName: '',
    attentionScore: '',
    fourEyes: false,
    minimumAge: '',
    advanceAfterDecision: true,
    sideBySide: true,
    retentionOn: false,
    retentionDays: '90',
  })
  const [rec, setRec] = useState<RecognitionForm | null>(null)
  /** The engine in the select: the effective one until the reviewer picks the other. */
  const [engine, setEngine] = useState<EngineName | null>(null)
  const [testing, setTesting] = useState(false)
  const [connection, setConnection] = useState('')
  const [invalid, setInvalid] = useState<Parameters<typeof RecognitionSection>[0]['invalid']>(null)
  const [key, setKey] = useState('')
  const [busy, setBusy] = useState(false)
  /** Bumped after each saved change, so Settings → History reads the entry the save wrote. */
  const [historyRefresh, setHistoryRefresh] = useState(0)

  useEffect(() => {
    let cancelled = false
    api()
      .getSettings()
      .then((v) => {
        if (cancelled) return
        setView(v)
        setForm({
          argosBaseUrl: v.argosBaseUrl,
          reviewerName: v.reviewerName,
          attentionScore: String(v.review.attentionScore),
          fourEyes: v.review.fourEyes,
          minimumAge: String(v.review.minimumAge),
          advanceAfterDecision: v.review.advanceAfterDecision,
          sideBySide: v.review.sideBySide,
          retentionOn: v.review.retentionDays !== null,
          retentionDays: String(v.review.retentionDays ?? 90),
        })
        setRec(toForm(v.recognition))
        setEngine(v.engine.effective)
      })
      .catch((err: unknown) => showError(`Could not load settings: ${errorText(err)}`))
    return () => {
      cancelled = true
    }
  }, [])

  /** Runs one settings call; the new view, or null when it was refused (the alert says why). */
  const run = async (
    what: string,
    call: () => Promise<SettingsView>,
    done: string | ((v: SettingsView) => string),
  ): Promise<SettingsView | null> => {
    setBusy(true)
    try {
      const v = await call()
      // A saved or cleared key can change the automatic engine: the select follows unless the reviewer changed it.
      const before = view?.engine.effective
      setEngine((e) => (e === null || e === before ? v.engine.effective : e))
      setView(v)
      setHistoryRefresh((n) => n + 1)
      applySettingsView(v)
      dismissError()
      showNotice(typeof done === 'string' ? done : done(v))
      return v
    } catch (err) {
      showError(`${what}: ${explainSettingsError(errorText(err))}`)
      return null
    } finally {
      setBusy(false)
    }
  }

  const onSave = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (!view) return
    const patch: SettingsPatch = {}
    if (
      !view.overriddenByEnvironment.argosBaseUrl &&
      !isPinned(view.policy, 'argosBaseUrl') &&
      form.argosBaseUrl.trim() !== view.argosBaseUrl
    ) {
      // https:, or http: to this computer only (the main process checks it again); nothing is sent otherwise.
      const problem = baseUrlProblem(form.argosBaseUrl)
      if (problem) {
        showError(`Settings not saved: ${problem}`)
        return
      }
      patch.argosBaseUrl = form.argosBaseUrl.trim()
    }
    if (form.reviewerName.trim() !== view.reviewerName) patch.reviewerName = form.reviewerName.trim()
    const score = wholeNumberIn(form.attentionScore, 0, 100)
    if (score === null) {
      showError('Settings not saved: the attention score must be a whole number from 0 to 100')
      return
    }
    const age = wholeNumberIn(form.minimumAge, 0, 150)
    if (age === null) {
      showError('Settings not saved: the minimum age must be a whole number of years from 0 to 150')
      return
    }
    const days = form.retentionOn ? wholeNumberIn(form.retentionDays, 1, 3650) : null
    if (form.retentionOn && days === null) {
      showError('Settings not saved: retention must be a whole number of days from 1 to 3650')
      return
    }
    const review: NonNullable<SettingsPatch['review']> = {}
    if (days !== view.review.retentionDays) review.retentionDays = days
    if (score !== view.review.attentionScore) review.attentionScore = score
    if (form.fourEyes !== view.review.fourEyes) review.fourEyes = form.fourEyes
    if (age !== view.review.minimumAge) review.minimumAge = age
    if (form.advanceAfterDecision !== view.review.advanceAfterDecision)
      review.advanceAfterDecision = form.advanceAfterDecision
    if (form.sideBySide !== view.review.sideBySide) review.sideBySide = form.sideBySide
    if (Object.keys(review).length) patch.review = review
    if (rec) {
      // Only the recognition values that changed; a bad one is named and nothing is sent.
      const checked = recognitionPatch(rec, view.recognition)
      if (!checked.ok) {
        setInvalid(checked.key)
        showError(`Settings not saved: ${checked.message}`)
        return
      }
      if (Object.keys(checked.patch).length) patch.recognition = checked.patch
    }
    const engineChange = enginePatch(engine, view.engine)
    if (engineChange) patch.recognition = { ...patch.recognition, engine: engineChange }
    setInvalid(null)
    if (Object.keys(patch).length === 0) {
      showNotice('Settings unchanged')
      return
    }
    // On refusal the typed values stay as they are, so the reviewer can correct the one named in the alert.
    const before = view
    const saved = await run(
      'Settings not saved',
      () => api().updateSettings(patch),
      (after) => {
        const cleared = keyClearedNote(before, after)
        return cleared ? `Settings saved. ${cleared}` : 'Settings saved'
      },
    )
    if (saved) {
      setRec(toForm(saved.recognition))
      setEngine(saved.engine.effective)
    }
  }

  const onSaveKey = async (): Promise<void> => {
    const typed = key.trim()
    if (!typed) {
      showError('Type or paste the API key first')
      return
    }
    if (await run('API key not saved', () => api().setApiKey(typed), 'API key saved')) setKey('')
  }

  async function onTestConnection() {
    setTesting(true)
    setConnection('')
    try {
      const r = await testConnection()
      setConnection(
        r ? `${r.ok ? 'Connected' : 'Not connected'}: ${r.message}` : 'Could not test the connection',
      )
    } finally {
      setTesting(false)
    }
  }

  const urlLocked = view?.overriddenByEnvironment.argosBaseUrl ?? false
  const keyLocked = view?.overriddenByEnvironment.apiKey ?? false
  // Pinned by the admin policy: shown locked here, and refused by the main process whatever is sent.
  const policy = view?.policy
  const urlPinned = isPinned(policy, 'argosBaseUrl')
  const keyPinned = isPinned(policy, 'apiKey')
  const scorePinned = isPinned(policy, 'review.attentionScore')
  const retentionPinned = isPinned(policy, 'retentionDays')
  const eyesPinned = isPinned(policy, 'review.fourEyes')
  const alert = policyAlert(policy)
  const info = policyInfo(policy)
  const disabled = !view || busy

  return (
    <Modal label="Settings" onClose={closeSettings} className="settings">
      <form noValidate onSubmit={(e) => void onSave(e)}>
        <div className="modal-head">
          <h2>Settings</h2>
          <span className="muted small">Esc to close</span>
        </div>
        <div className="modal-body">
          {alert && (
            <div className="policy-alert" role="alert">
              {alert}
            </div>
          )}
          {info && <p className="policy-info">{info}</p>}
          <section className="settings-section">
            <h3>ARGOS ID recognition</h3>
            <div className="form-row">
              <label htmlFor={ids.url}>ARGOS base URL</label>
              <input
                id={ids.url}
                type="url"
                className="text-input"
                value={form.argosBaseUrl}
                disabled={disabled || urlLocked || urlPinned}
                spellCheck={false}
                aria-describedby={urlPinned ? ids.urlLock : undefined}
                onChange={(e) => setForm({ ...form, argosBaseUrl: e.target.value })}
              />
              {urlPinned ? (
                <PolicyLock id={ids.urlLock} policy={policy} setting="argosBaseUrl" />
              ) : (
                urlLocked && (
                  <p className="form-note">Set by ARGOS_API_URL in the environment; edit it there.</p>
                )
              )}
            </div>
            <div className="form-row">
              <label htmlFor={ids.key}>API key</label>
              {keyLocked ? (
                // The environment's key is in use: there is nothing to type, save or clear here.
                <p className="form-note" id={ids.key}>
                  Set by ARGOS_API_KEY in the environment; change it there.
                </p>
              ) : (
                <div className="inline-controls">
                  <input
                    id={ids.key}
                    type="password"
                    className="text-input"
                    autoComplete="off"
                    spellCheck={false}
                    value={key}
                    placeholder={view?.apiKeySet ? '•••••• (set)' : 'Paste the workspace API key'}
                    disabled={disabled || keyLocked || keyPinned}
                    aria-describedby={keyPinned ? ids.keyLock : undefined}
                    onChange={(e) => setKey(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') {
                        e.preventDefault()
                        void onSaveKey()
                      }
                    }}
                  />
                  <button
                    type="button"
                    className="btn"
                    disabled={disabled || keyLocked || keyPinned || key.trim() === ''}
                    onClick={() => void onSaveKey()}
                  >
                    Save key
                  </button>
                  <button
                    type="button"
                    className="btn danger-ghost"
                    disabled={disabled || keyLocked || keyPinned || !view?.apiKeySet}
                    onClick={() =>
                      void run('API key not cleared', () => api().clearApiKey(), 'API key cleared')
                    }
                  >
                    Clear key
                  </button>
                </div>
              )}
              {!keyLocked && <PolicyLock id={ids.keyLock} policy={policy} setting="apiKey" />}
              <div className="inline-controls">
                <button
                  type="button"
                  className="btn small"
                  disabled={!view || testing}
                  onClick={() => void onTestConnection()}
                >
                  {testing ? 'Testing…' : 'Test connection'}
                </button>
                {/* Polite, but not a status role: the message area owns role=status. */}
                <span className="form-note" aria-live="polite">
                  {connection}
                </span>
              </div>
              {view && !keyLocked && <KeyStorageNote view={view} />}
            </div>
          </section>
          {rec && (
            <RecognitionSection
              form={rec}
              onChange={(next) => {
                setRec(next)
                setInvalid(null)
              }}
              disabled={disabled}
              invalid={invalid}
              engine={
                view && engine ? { engine, view: view.engine, policy, onChange: setEngine, disabled } : null
              }
            />
          )}
          <section className="settings-section">
            <h3>Reviewer</h3>
            <div className="form-row">
              <label htmlFor={ids.name}>Reviewer name</label>
              <input
                id={ids.name}
                type="text"
                className="text-input"
                value={form.reviewerName}
                disabled={disabled}
                placeholder="Recorded in the audit log with every change"
                onChange={(e) => setForm({ ...form, reviewerName: e.target.value })}
              />
            </div>
            <div className="form-row">
              <label htmlFor={ids.score}>Attention below score</label>
              <input
                id={ids.score}
                type="number"
                className="text-input number-input"
                inputMode="numeric"
                min={0}
                max={100}
                step={1}
                value={form.attentionScore}
                disabled={disabled || scorePinned}
                aria-describedby={scorePinned ? `${ids.scoreHelp} ${ids.scoreLock}` : ids.scoreHelp}
                onChange={(e) => setForm({ ...form, attentionScore: e.target.value })}
              />
              <p className="form-note" id={ids.scoreHelp}>
                Fields read with a lower score are marked amber or red, N jumps to them, and Approve waits
                until each is corrected or verified.
              </p>
              <PolicyLock id={ids.scoreLock} policy={policy} setting="review.attentionScore" />
            </div>
            <div className="form-row">
              <label htmlFor={ids.age}>Minimum age</label>
              <input
                id={ids.age}
                type="number"
                className="text-input number-input"
                inputMode="numeric"
                min={0}
                max={150}
                step={1}
                value={form.minimumAge}
                disabled={disabled}
                aria-describedby={ids.ageHelp}
                onChange={(e) => setForm({ ...form, minimumAge: e.target.value })}
              />
              <p className="form-note" id={ids.ageHelp}>
                The holder.age check warns when the holder is younger than this (years).
              </p>
            </div>
            <div className="form-row check-row">
              <input
                id={ids.eyes}
                type="checkbox"
                checked={form.fourEyes}
                disabled={disabled || eyesPinned}
                aria-describedby={eyesPinned ? ids.eyesLock : undefined}
                onChange={(e) => setForm({ ...form, fourEyes: e.target.checked })}
              />
              <label htmlFor={ids.eyes}>Four-eyes: whoever corrected a case cannot also approve it</label>
              <PolicyLock id={ids.eyesLock} policy={policy} setting="review.fourEyes" />
            </div>
          </section>
          <section className="settings-section">
            <h3>Review screen</h3>
            <div className="form-row check-row">
              <input
                id={ids.advance}
                type="checkbox"
                checked={form.advanceAfterDecision}
                disabled={disabled}
                aria-describedby={ids.advanceHelp}
                onChange={(e) => setForm({ ...form, advanceAfterDecision: e.target.checked })}
              />
              <label htmlFor={ids.advance}>Open the next case after a decision</label>
              <p className="form-note" id={ids.advanceHelp}>
                The next case of the To do view (oldest first) opens after Approve, Reject or Second review.
                Ctrl+Enter approves and moves on either way.
              </p>
            </div>
            <div className="form-row check-row">
              <input
                id={ids.sides}
                type="checkbox"
                checked={form.sideBySide}
                disabled={disabled}
                onChange={(e) => setForm({ ...form, sideBySide: e.target.checked })}
              />
              <label htmlFor={ids.sides}>Show front and back side by side (from 1440 px wide)</label>
            </div>
          </section>
          <WorkspaceSection />
          <section className="settings-section">
            <h3>Data on this computer</h3>
            <VaultSection disabled={busy} />
            <div className="form-row check-row">
              <input
                id={ids.retention}
                type="checkbox"
                checked={form.retentionOn}
                disabled={disabled || retentionPinned}
                aria-describedby={
                  retentionPinned ? `${ids.retentionHelp} ${ids.retentionLock}` : ids.retentionHelp
                }
                onChange={(e) => setForm({ ...form, retentionOn: e.target.checked })}
              />
              <label htmlFor={ids.retention}>Delete cases automatically after their decision or export</label>
            </div>
            <div className="form-row">
              <label htmlFor={ids.retentionDays}>Retention (days)</label>
              <input
                id={ids.retentionDays}
                type="number"
                className="text-input number-input"
                inputMode="numeric"
                min={1}
                max={3650}
                step={1}
                value={form.retentionDays}
                disabled={disabled || retentionPinned || !form.retentionOn}
                onChange={(e) => setForm({ ...form, retentionDays: e.target.value })}
              />
            </div>
            <p className="form-note" id={ids.retentionHelp}>
              A case is deleted this many days after its decision or its last export (whichever is later); an
              undecided, unexported case is kept. Each deletion leaves a record (when, why, the audit head).
            </p>
            <PolicyLock id={ids.retentionLock} policy={policy} setting="retentionDays" />
            <div className="form-row delete-all-row">
              <button
                type="button"
                className="btn danger-ghost"
                disabled={disabled}
                aria-describedby={ids.deleteAllHelp}
                onClick={() => void deleteAllData()}
              >
                Delete all data…
              </button>
              <p className="form-note" id={ids.deleteAllHelp}>
                Deletes every case and scan from this computer after you confirm. Settings and the records of
                what was deleted stay.
              </p>
            </div>
          </section>
          <SettingsHistory refresh={historyRefresh} account={view?.account || null} />
        </div>
        <div className="modal-foot">
          <button type="button" className="btn" onClick={closeSettings}>
            Close
          </button>
          <button type="submit" className="btn primary" disabled={disabled}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  )
}
