// The Recognition section of the settings dialog as data: labels, bounds, the typed form and the patch it saves.
// The bounds mirror RecognitionSettingsSchema (a unit test keeps them in step); the main process validates again.
import type { RecognitionSettings } from '../../../shared/model'

export type NumberKey =
  | 'uploadLimitMb'
  | 'inputLimitMb'
  | 'requestTimeoutSec'
  | 'maxRetries'
  | 'concurrency'
  | 'callbackPort'
  | 'callbackTimeoutSec'

export type NumberSpec = {
  label: string
  min: number
  max: number
  /** Whole numbers only. */
  integer: boolean
  step: number
  help: string | null
}

export const NUMBER_FIELDS: Record<NumberKey, NumberSpec> = {
  uploadLimitMb: {
    label: 'Upload limit (MB)',
    min: 0.5,
    max: 50,
    integer: false,
    step: 0.5,
    help: 'Larger images are scaled down before sending',
  },
  inputLimitMb: {
    label: 'Import size limit (MB)',
    min: 1,
    max: 2000,
    integer: false,
    step: 1,
    help: 'Larger files are refused',
  },
  requestTimeoutSec: {
    label: 'Request timeout (s)',
    min: 5,
    max: 600,
    integer: true,
    step: 1,
    help: 'For each attempt',
  },
  maxRetries: {
    label: 'Retries',
    min: 0,
    max: 10,
    integer: true,
    step: 1,
    help: 'After a timeout or a busy server',
  },
  concurrency: {
    label: 'Parallel requests',
    min: 1,
    max: 16,
    integer: true,
    step: 1,
    help: 'Documents sent at once',
  },
  callbackPort: {
    label: 'Callback port',
    min: 0,
    max: 65535,
    integer: true,
    step: 1,
    help: '0 = any free port',
  },
  callbackTimeoutSec: {
    label: 'Callback timeout (s)',
    min: 10,
    max: 3600,
    integer: true,
    step: 1,
    help: 'Wait for the posted result',
  },
}

export const CALLBACK_MODE_LABEL = 'Callback mode (asynchronous)'
export const RESEND_LABEL = 'Resend interrupted requests automatically'
export const RESEND_HELP =
  'A request that left without its answer being saved (Recto closed or crashed, or the connection failed after sending) is sent again without asking. ARGOS may have processed the first one: it may bill the document twice.'
export const PUBLIC_URL_LABEL = 'Public callback URL'
export const PUBLIC_URL_HELP =
  'Optional: a relay or tunnel you run that forwards to this computer, keeping the /<token> path of each request'

/** What the inputs hold: numbers as typed (so a rejected value stays on screen as the reviewer typed it). */
export type RecognitionForm = Record<NumberKey, string> & {
  callbackMode: boolean
  publicCallbackUrl: string
  resendInterrupted: boolean
}

const NUMBER_KEYS = Object.keys(NUMBER_FIELDS) as NumberKey[]

export function toForm(r: RecognitionSettings): RecognitionForm {
  const numbers = Object.fromEntries(NUMBER_KEYS.map((k) => [k, String(r[k])])) as Record<NumberKey, string>
  return {
    ...numbers,
    callbackMode: r.callbackMode,
    publicCallbackUrl: r.publicCallbackUrl,
    resendInterrupted: r.resendInterrupted,
  }
}

/** "Parallel requests must be a whole number from 1 to 16", or null when the text is a valid value. */
export function numberProblem(key: NumberKey, text: string): string | null {
  const spec = NUMBER_FIELDS[key]
  const range = `from ${spec.min} to ${spec.max}`
  const wanted = spec.integer ? `a whole number ${range}` : `a number ${range}`
  const t = text.trim()
  const n = Number(t)
  if (t === '' || !Number.isFinite(n)) return `${spec.label} must be ${wanted}`
  if (spec.integer && !Number.isInteger(n)) return `${spec.label} must be ${wanted}`
  if (n < spec.min || n > spec.max) return `${spec.label} must be ${wanted}`
  return null
}

export function urlProblem(text: string): string | null {
  const t = text.trim()
  if (t === '') return null
  try {
    const u = new URL(t)
    if (u.protocol === 'http:' || u.protocol === 'https:') return null
  } catch {
    // fall through
  }
  return `${PUBLIC_URL_LABEL} must be empty or an http(s) address, such as https://relay.example.com/recto`
}

export type PatchResult =
  | { ok: true; patch: Partial<RecognitionSettings> }
  | { ok: false; message: string; key: NumberKey | 'publicCallbackUrl' }

/** Only what changed, checked; the first problem found otherwise (named by its label). */
export function recognitionPatch(form: RecognitionForm, current: RecognitionSettings): PatchResult {
  const patch: Partial<RecognitionSettings> = {}
  for (const key of NUMBER_KEYS) {
    if (form[key].trim() === String(current[key])) continue
    const problem = numberProblem(key, form[key])
    if (problem) return { ok: false, message: problem, key }
    const n = Number(form[key].trim())
    if (n !== current[key]) patch[key] = n
  }
  if (form.callbackMode !== current.callbackMode) patch.callbackMode = form.callbackMode
  if (form.resendInterrupted !== current.resendInterrupted) patch.resendInterrupted = form.resendInterrupted
  const url = form.publicCallbackUrl.trim()
  if (url !== current.publicCallbackUrl) {
    const problem = urlProblem(url)
    if (problem) return { ok: false, message: problem, key: 'publicCallbackUrl' }
    patch.publicCallbackUrl = url
  }
  return { ok: true, patch }
}

const LABELS: Record<string, string> = {
  ...Object.fromEntries(NUMBER_KEYS.map((k) => [k, NUMBER_FIELDS[k].label])),
  callbackMode: CALLBACK_MODE_LABEL,
  publicCallbackUrl: PUBLIC_URL_LABEL,
  resendInterrupted: RESEND_LABEL,
}

/**
 * The main process's validation message with field paths replaced by their labels:
 * "… 0.recognition.concurrency: Too big …" → "… Parallel requests: Too big …".
 */
export function explainSettingsError(message: string): string {
  return message.replace(
    /\b(?:\d+\.)?recognition\.([A-Za-z]+)/g,
    (whole, key: string) => LABELS[key] ?? whole,
  )
}

/** A whole number from `min` to `max` as typed (review settings: attention score, minimum age), or null. */
export function wholeNumberIn(typed: string, min: number, max: number): number | null {
  const t = typed.trim()
  if (!/^\d{1,3}$/.test(t)) return null
  const n = Number(t)
  return n >= min && n <= max ? n : null
}
