// recognizeCase in callback mode, with a real CallbackReceiver and a stub client: each request sends its own
// tokened callback URL, the token is forgotten however the request ends, and no message the runner hands on (the
// batch outcome, the case's error, its support body) carries the API key or the token.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type {
  ArgosClient,
  RecognitionOutcome,
  RecognitionRequest,
} from '../../../electron/services/argos/argos-client'
import { parseRecognition } from '../../../electron/services/argos/argos-result'
import { CallbackReceiver } from '../../../electron/services/argos/callback-receiver'
import type { CaseStore } from '../../../electron/services/store/case-store'
import { recognizeCase, type RunnerDeps } from '../../../electron/services/recognition/recognition-runner'
import type { Settings } from '../../../electron/services/settings/settings'
import { DEFAULT_RECOGNITION_SETTINGS, type Case } from '../../../shared/model'
import { fixturePath } from '../../support/paths'

const KEY = 'sk_live_Secret+Key/With=Specials'
const FRONT = readFileSync(fixturePath('d02-ita-id-front.jpg'))
const logs: string[] = []
const logger = {
  info: (m: string) => logs.push(m),
  warn: (m: string) => logs.push(m),
  error: (m: string) => logs.push(m),
}
const receivers: CallbackReceiver[] = []
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.stop()))
  logs.length = 0
})

function baseCase(): Case {
  return {
    id: 'case-0001',
    name: 'scan.jpg',
    front: {
      file: 'front.jpg',
      originalName: 'scan.jpg',
      mime: 'image/jpeg',
      width: 800,
      height: 500,
      bytes: FRONT.length,
    },
    back: null,
    issuingCountry: 'ITA',
    idType: 'government_id',
    status: 'new',
    error: null,
    supportBody: null,
    fields: [],
  } as unknown as Case
}

/** What the client does on `recognize`, given the request (its callback URL included). */
type Script = (req: RecognitionRequest) => Promise<RecognitionOutcome>

async function setup(script: Script, redact: (t: string) => string = (t) => t) {
  const receiver = new CallbackReceiver({ port: 0, logger, parse: parseRecognition })
  receivers.push(receiver)
  const { url } = await receiver.start()
  let stored = baseCase()
  const sent: RecognitionRequest[] = []
  const deps: RunnerDeps = {
    store: { load: async () => stored, readImage: async () => FRONT } as unknown as CaseStore,
    settings: {
      recognition: () => ({ ...DEFAULT_RECOGNITION_SETTINGS, callbackMode: true, callbackTimeoutSec: 10 }),
      apiKey: () => KEY,
      engine: () => 'argos',
      baseUrl: () => 'https://argos.example',
    } as unknown as Settings,
    client: {
      recognize: (req: RecognitionRequest) => {
        sent.push(req)
        return script(req)
      },
    } as unknown as ArgosClient,
    callbacks: async () => ({ receiver, url }),
    changeCase: async (_id, change) => (stored = change(stored)),
    logger,
    redact,
    readBarcode: async () => {
      throw new Error('not used')
    },
  }
  return { receiver, deps, sent, stored: () => stored }
}

const accepted = (transactionId: string): RecognitionOutcome => ({
  kind: 'accepted',
  transactionId,
  attempts: 1,
  shrunk: false,
})

function postJson(url: string, body: object): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

function expectClean(text: string, token: string): void {
  for (const secret of [KEY, encodeURIComponent(KEY), token]) expect(text).not.toContain(secret)
}

describe('recognizeCase in callback mode', () => {
  it('sends a tokened URL per request and redacts key and token from a callback error message', async () => {
    const { receiver, deps, sent, stored } = await setup(async (req) => {
      const url = req.callbackUrl!
      const token = url.split('/').at(-1)!
      // ARGOS answers in the error form, echoing what it was sent.
      setTimeout(() => {
        void postJson(url, {
          statusCode: 400,
          transactionId: 'tx-1',
          errorCode: '1011',
          message: `bad key ${KEY} (${encodeURIComponent(KEY)}) for ${url} token ${token}`,
        })
      }, 20)
      return accepted('tx-1')
    })
    const result = await recognizeCase(deps, 'case-0001', new AbortController().signal)
    const url = sent[0]!.callbackUrl!
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/argos\/callback\/[A-Za-z0-9_-]{43}$/)
    const token = url.split('/').at(-1)!
    expect(result.ok).toBe(false)
    expect(result.message).toContain('Document not recognised')
    expect(result.message).toContain('[redacted]')
    expectClean(result.message, token)
    const c = stored()
    expect(c.status).toBe('failed')
    expect(c.error!.message).toContain('[redacted]')
    expectClean(JSON.stringify(c), token)
    expectClean(logs.join('\n'), token)
    expect(receiver.inFlight).toBe(0)

    // A second request gets another token.
    await recognizeCase(deps, 'case-0001', new AbortController().signal)
    expect(sent[1]!.callbackUrl).not.toBe(url)
  })

  it('forgets the token when the request is not accepted, and redacts it from the failure', async () => {
    const { receiver, deps, sent, stored } = await setup(async (req) => ({
      kind: 'failed',
      error: {
        title: 'Callback URL refused',
        message: `callbackUrl ${req.callbackUrl} is not reachable`,
        action: 'Check the callback settings.',
        httpStatus: 400,
        errorCode: '1015',
      },
      body: `{"message":"callbackUrl ${req.callbackUrl} is not reachable"}`,
      retryable: false,
      stopBatch: true,
      attempts: 1,
      retryAfterMs: null,
    }))
    const result = await recognizeCase(deps, 'case-0001', new AbortController().signal)
    const token = sent[0]!.callbackUrl!.split('/').at(-1)!
    expect(result.ok).toBe(false)
    expectClean(result.message, token)
    expectClean(JSON.stringify(stored()), token)
    expect(stored().supportBody).toContain('[redacted]')
    expect(receiver.inFlight).toBe(0)
    expect((await postJson(sent[0]!.callbackUrl!, { transactionId: 'tx', result: {} })).status).toBe(404)
  })

  it('forgets the token when the client throws', async () => {
    const { receiver, deps } = await setup(async () => {
      throw new Error('network down')
    })
    await expect(recognizeCase(deps, 'case-0001', new AbortController().signal)).rejects.toThrow(
      'network down',
    )
    expect(receiver.inFlight).toBe(0)
  })

  it('takes the result posted to the tokened URL', async () => {
    const d02 = JSON.parse(readFileSync(fixturePath('d02-ita-id.response.json'), 'utf8')) as {
      result: unknown
    }
    const { receiver, deps, stored } = await setup(async (req) => {
      setTimeout(() => {
        void postJson(req.callbackUrl!, { statusCode: 200, transactionId: 'tx-ok', result: d02.result })
      }, 20)
      return accepted('tx-ok')
    })
    const result = await recognizeCase(deps, 'case-0001', new AbortController().signal)
    expect(result).toMatchObject({ ok: true })
    expect(stored()).toMatchObject({ status: 'recognised', transactionId: 'tx-ok' })
    expect(receiver.stats.accepted).toBe(1)
    expect(receiver.inFlight).toBe(0)
  })
})
