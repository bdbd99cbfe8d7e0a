// What each ARGOS failure means for the reviewer (API-NOTES, "Errors"): a title, the API's own message, an action.
import type { CaseError } from '../../../shared/model'

type Advice = { title: string; action: string }

const BY_ERROR_CODE: Record<string, Advice> = {
  '1001': {
    title: 'ARGOS workspace unavailable',
    action: 'Your ARGOS workspace is unavailable: contact your ARGOS account administrator.',
  },
  '1003': {
    title: 'ARGOS could not process the data',
    action: 'A temporary provider problem: try Recognize again in a moment.',
  },
  '1005': { title: 'Front image missing', action: 'Import the front image again, then recognize.' },
  '1006': { title: 'Issuing country missing', action: 'Choose the issuing country, then recognize.' },
  '1009': {
    title: 'Document could not be analysed',
    action: 'The scan quality is too low: import a sharper, well-lit scan.',
  },
  '1010': { title: 'Callback URL missing', action: 'Check the callback settings, or use synchronous mode.' },
  '1011': {
    title: 'Document not recognised',
    action:
      'Check that the issuing country and ID type match the front image, change them and recognize again.',
  },
  '1012': {
    title: 'Back of the document not recognised',
    action: 'Check that the back image belongs to this document and matches the country and ID type.',
  },
  '1013': { title: 'Invalid image format', action: 'Import the scan as a JPEG or PNG and recognize again.' },
  '1014': { title: 'ID type missing', action: 'Choose the ID type, then recognize.' },
  '1015': {
    title: 'Invalid request',
    action: 'Check the country and ID type; if this persists, report it to support.',
  },
}

function byStatus(status: number): Advice {
  if (status === 401 || status === 403)
    return { title: 'ARGOS refused the API key', action: 'Check the API key or IP allow-list in Settings.' }
  if (status === 404)
    return { title: 'ARGOS address not found', action: 'Check the ARGOS base URL in Settings.' }
  if (status === 408)
    return { title: 'ARGOS did not answer in time', action: 'Check the network and try again.' }
  if (status === 413)
    return { title: 'Image too large for ARGOS', action: 'Import a smaller scan (under 10 MB).' }
  if (status === 429)
    return {
      title: 'Too many requests',
      action: 'ARGOS is rate-limiting: wait a minute and recognize again.',
    }
  if (status >= 500)
    return { title: 'ARGOS server error', action: 'A provider problem: try again in a few minutes.' }
  return {
    title: `ARGOS answered HTTP ${status}`,
    action: 'Try again; if this persists, report it to support.',
  }
}

export function adviceFor(
  httpStatus: number,
  errorCode: string | null,
  apiMessage: string | null,
): CaseError {
  const advice = (errorCode && BY_ERROR_CODE[errorCode]) || byStatus(httpStatus)
  return {
    title: advice.title,
    message: apiMessage ?? (errorCode ? `Error ${errorCode}` : `HTTP ${httpStatus}`),
    action: advice.action,
    httpStatus,
    errorCode,
  }
}

/**
 * What a failure means for the batch (API-NOTES, "Errors").
 * - `retry`: the client retries it automatically with backoff (bounded by the retry policy).
 * - `retryable`: the reviewer retrying the case later can succeed, possibly after changing its inputs
 *   (country, type, scan) or the settings. False only for client bugs that resending cannot fix (1005, 1015).
 * - `stopBatch`: every other case of the batch would fail the same way (account, key, address, callback setup).
 * - `maybeProcessed`: ARGOS may have received and processed (billed) the request although no result came back;
 *   the client does not resend it without the reviewer's leave (argos-client.ts, header).
 * 413 is not retried here: the client shrinks the images once instead.
 */
export type FailurePolicy = {
  retry: boolean
  retryable: boolean
  stopBatch: boolean
  maybeProcessed: boolean
}

const CLIENT_BUGS = new Set(['1005', '1015'])
const BATCH_STOPPERS = new Set(['1001', '1010'])

export function policyFor(httpStatus: number, errorCode: string | null): FailurePolicy {
  if (errorCode) {
    return {
      retry: errorCode === '1003',
      retryable: !CLIENT_BUGS.has(errorCode),
      stopBatch: BATCH_STOPPERS.has(errorCode),
      maybeProcessed: false,
    }
  }
  if (httpStatus === 401 || httpStatus === 403 || httpStatus === 404)
    return { retry: false, retryable: true, stopBatch: true, maybeProcessed: false }
  const transient = httpStatus === 408 || httpStatus === 429 || httpStatus >= 500
  // A gateway's 502/504 answers for a backend that did not answer (in time): it may still process the request.
  // ARGOS's own 500/503 (and 408, 429) say the request was not taken or failed: API-NOTES retries them.
  const gateway = httpStatus === 502 || httpStatus === 504
  return { retry: transient, retryable: true, stopBatch: false, maybeProcessed: gateway }
}

export function transportError(message: string, action: string, title = 'Could not reach ARGOS'): CaseError {
  return { title, message, action, httpStatus: null, errorCode: null }
}

/** One line for the reviewer: "Title: API message. Action" */
export function describe(e: CaseError): string {
  const message = e.message.endsWith('.') ? e.message : `${e.message}.`
  return `${e.title}: ${message} ${e.action}`
}

/** A problem of the setup that every request would hit (the renderer shows one banner): key refused, no such address. */
export function problemFor(httpStatus: number, errorCode: string | null): 'auth' | 'unreachable' | undefined {
  if (errorCode) return undefined
  if (httpStatus === 401 || httpStatus === 403) return 'auth'
  if (httpStatus === 404) return 'unreachable'
  return undefined
}

/** Connection errors that mean the endpoint cannot be reached at all (name, route, refusal, TLS certificate). */
const UNREACHABLE = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
])

/**
 * A connection error that happens before any byte of the request is written (no address, refused, no route, TLS
 * handshake refused, connect timeout): ARGOS cannot have received the body. Any other error (reset, socket closed,
 * unknown) may come after the body was sent.
 */
export function sentNothing(code: string | null): boolean {
  return isUnreachableCode(code) || code === 'UND_ERR_CONNECT_TIMEOUT'
}

export function isUnreachableCode(code: string | null): boolean {
  if (!code) return false
  return UNREACHABLE.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')
}
