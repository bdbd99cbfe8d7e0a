// The pieces of "no document billed twice" that need no ARGOS: the send marker in the case schema (old cases stay
// valid), the Interrupted status in the queue, its audit events and their sentences, which failures the client
// may retry without billing twice (policyFor, sentNothing), and the resend setting (stored, validated, in the
// Settings form). The crash tests are in resume.test.ts.
import { describe, expect, it } from 'vitest'
import { describeAuditEntry, type AuditEntry } from '../../../shared/audit'
import { CaseSchema, queueStatus, summarise, type Case } from '../../../shared/model'
import { policyFor, sentNothing } from '../../../electron/services/argos/argos-errors'
import { statusDrafts } from '../../../electron/services/cases/case-audit'
import { interruptedError } from '../../../electron/services/recognition/recognition-runner'
import { parseStoredSettings } from '../../../electron/services/settings/stored-settings'
import { SettingsPatchSchema } from '../../../shared/ipc'
import { recognitionPatch, toForm } from '../../../renderer/src/settings/recognitionForm'
import { DEFAULT_RECOGNITION_SETTINGS } from '../../../shared/model'
import { newCase } from '../../support/store-cases'

const MARKER = { attemptId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', at: '2030-01-02T03:04:05.678Z' }

function entry(type: AuditEntry['type'], details: Record<string, unknown>): AuditEntry {
  return {
    seq: 0,
    at: '2030-01-02T03:04:06.000Z',
    reviewer: 'Ana',
    type,
    details,
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  }
}

describe('the send marker and the Interrupted status', () => {
  it('a case saved before markers existed still loads; a marker must carry a hex attempt id', () => {
    const old = newCase('case-0001', 'a.jpg')
    expect('sendMarker' in old).toBe(false)
    expect(CaseSchema.parse({ ...old, status: 'interrupted', sendMarker: MARKER }).sendMarker).toEqual(MARKER)
    expect(CaseSchema.safeParse({ ...old, sendMarker: { attemptId: 'x', at: MARKER.at } }).success).toBe(
      false,
    )
  })

  it('shows as Interrupted in the queue, with the error title as the reason', () => {
    const c: Case = {
      ...newCase('case-0002', 'b.jpg'),
      status: 'interrupted',
      sendMarker: MARKER,
      error: interruptedError(MARKER.at, 'restart'),
    }
    expect(queueStatus(c)).toBe('interrupted')
    expect(summarise(c)).toMatchObject({ queueStatus: 'interrupted', errorTitle: 'Recognition interrupted' })
    expect(c.error?.message).toBe(
      'Recognition was interrupted at 2030-01-02 03:04:05 UTC after the request was sent; ARGOS may have processed and billed it.',
    )
    expect(c.error?.action).toBe('Recognize again to resend.')
  })

  it('records the interruption and names the interrupted attempt when it is resent', () => {
    const sending: Case = { ...newCase('case-0003', 'c.jpg'), status: 'sending', sendMarker: MARKER }
    const interrupted: Case = {
      ...sending,
      status: 'interrupted',
      error: interruptedError(MARKER.at, 'restart'),
    }
    const [event] = statusDrafts(sending, interrupted, 'Ana', MARKER.at)
    expect(event).toMatchObject({
      type: 'recognition_interrupted',
      details: { attemptId: MARKER.attemptId, sentAt: MARKER.at, resent: null },
    })
    const next = { attemptId: 'ffffffffffffffffffffffffffffffff', at: '2030-01-02T04:00:00.000Z' }
    const [sent] = statusDrafts(
      interrupted,
      { ...interrupted, status: 'sending', sendMarker: next },
      'Ana',
      next.at,
    )
    expect(sent).toMatchObject({ type: 'sent', details: { resendOf: MARKER.attemptId } })
    // A first send names no earlier attempt.
    const fresh = newCase('case-0004', 'd.jpg')
    const [first] = statusDrafts(fresh, { ...fresh, status: 'sending', sendMarker: next }, 'Ana', next.at)
    expect(first!.details).not.toHaveProperty('resendOf')
  })

  it('describes the events in the timeline', () => {
    expect(
      describeAuditEntry(
        entry('recognition_interrupted', { attemptId: 'a', sentAt: MARKER.at, resent: null }),
      ),
    ).toBe(`Recognition interrupted after the request was sent at ${MARKER.at}: ARGOS may have billed it`)
    expect(
      describeAuditEntry(
        entry('recognition_interrupted', { attemptId: 'a', sentAt: null, resent: 'automatic' }),
      ),
    ).toBe(
      'Recognition interrupted after the request was sent: ARGOS may have billed it; resent automatically (setting)',
    )
    expect(describeAuditEntry(entry('sent', { attempt: 2, provider: 'argos', resendOf: 'a' }))).toBe(
      'Sent to ARGOS (attempt 2, resending an interrupted request)',
    )
  })
})

describe('which failures the client may retry without billing twice', () => {
  it('gateway answers may come after ARGOS processed the body; its own 500/503/429/408 and 1003 may not', () => {
    for (const s of [502, 504])
      expect(policyFor(s, null)).toMatchObject({ retry: true, maybeProcessed: true })
    for (const s of [500, 503, 429, 408])
      expect(policyFor(s, null)).toMatchObject({ retry: true, maybeProcessed: false })
    expect(policyFor(400, '1003')).toMatchObject({ retry: true, maybeProcessed: false })
  })

  it('only errors before the connection carried anything count as nothing sent', () => {
    for (const code of [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'CERT_HAS_EXPIRED',
      'UND_ERR_CONNECT_TIMEOUT',
    ])
      expect(sentNothing(code)).toBe(true)
    for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', null]) expect(sentNothing(code)).toBe(false)
  })
})

describe('the setting "Resend interrupted requests automatically"', () => {
  it('is off by default and when the stored value is missing or not a boolean', () => {
    expect(DEFAULT_RECOGNITION_SETTINGS.resendInterrupted).toBe(false)
    expect(parseStoredSettings({}).recognition.resendInterrupted).toBe(false)
    const stored = { recognition: { ...DEFAULT_RECOGNITION_SETTINGS, resendInterrupted: 'yes' } }
    expect(parseStoredSettings(stored).recognition).toMatchObject({
      resendInterrupted: false,
      concurrency: 4,
    })
    expect(
      parseStoredSettings({ recognition: { ...DEFAULT_RECOGNITION_SETTINGS, resendInterrupted: true } })
        .recognition.resendInterrupted,
    ).toBe(true)
  })

  it('a patch must give a boolean', () => {
    expect(SettingsPatchSchema.safeParse({ recognition: { resendInterrupted: true } }).success).toBe(true)
    expect(SettingsPatchSchema.safeParse({ recognition: { resendInterrupted: 'on' } }).success).toBe(false)
  })

  it('the Settings form sends it only when it changed', () => {
    const current = DEFAULT_RECOGNITION_SETTINGS
    expect(recognitionPatch(toForm(current), current)).toEqual({ ok: true, patch: {} })
    expect(recognitionPatch({ ...toForm(current), resendInterrupted: true }, current)).toEqual({
      ok: true,
      patch: { resendInterrupted: true },
    })
  })
})
