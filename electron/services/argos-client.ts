// The ARGOS Global ID Recognition client (synchronous mode). Builds the request from stored image bytes,
// parses the answer with zod and turns every failure into a CaseError the reviewer can act on.
// The API key goes into the x-api-key header and nowhere else: never into messages or logs.
import type { CaseError, IdType } from '../../shared/model'
import { adviceFor, transportError } from './argos-errors'
import { ArgosErrorBody, ShapeAResponse } from './argos-schema'

export type RecognitionRequest = {
  baseUrl: string
  apiKey: string
  front: Buffer
  back: Buffer | null
  issuingCountry: string
  idType: IdType
  timeoutMs?: number
}

export type RecognitionResult =
  { ok: true; response: ShapeAResponse } | { ok: false; error: CaseError; body: string | null }

export function recognitionUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/recognition`
}

export async function recognize(
  req: RecognitionRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<RecognitionResult> {
  const payload: Record<string, string> = {
    // Raw base64, no data: prefix (the contract forbids the MIME prefix).
    idImage: req.front.toString('base64'),
    issuingCountry: req.issuingCountry,
    idType: req.idType,
  }
  if (req.back) payload.idBackImage = req.back.toString('base64')

  let res: Response
  try {
    res = await fetchImpl(recognitionUrl(req.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': req.apiKey },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(req.timeoutMs ?? 120_000),
    })
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError'
    return {
      ok: false,
      body: null,
      error: timedOut
        ? transportError(
            'ARGOS did not answer in time',
            'Check the network and try again.',
            'Request timed out',
          )
        : transportError(
            `No connection to ${new URL(req.baseUrl).host}`,
            'Check the network connection and the ARGOS base URL in Settings, then try again.',
          ),
    }
  }

  const text = await res.text().catch(() => '')
  let json: unknown = undefined
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }

  if (!res.ok) {
    const body = ArgosErrorBody.safeParse(json)
    const errorCode = body.success ? (body.data.errorCode ?? null) : null
    const message = body.success ? (body.data.message ?? null) : null
    return { ok: false, body: text.slice(0, 4000), error: adviceFor(res.status, errorCode, message) }
  }

  const parsed = ShapeAResponse.safeParse(json)
  if (!parsed.success) {
    return {
      ok: false,
      body: text.slice(0, 4000),
      error: {
        title: 'Unexpected answer from ARGOS',
        message: 'The response did not have the documented shape',
        action: 'Try again; if this persists, report it to support (the response is kept with the case).',
        httpStatus: res.status,
        errorCode: null,
      },
    }
  }
  return { ok: true, response: parsed.data }
}
