import { describe, expect, it } from 'vitest'
import { DEFAULT_RECOGNITION_SETTINGS, RecognitionSettingsSchema } from '../../../shared/model'
import {
  NUMBER_FIELDS,
  explainSettingsError,
  numberProblem,
  recognitionPatch,
  toForm,
  type NumberKey,
} from '../../../renderer/src/settings/recognitionForm'

const keys = Object.keys(NUMBER_FIELDS) as NumberKey[]

describe('recognition settings bounds', () => {
  it('match the shared schema at both ends', () => {
    for (const k of keys) {
      const { min, max, integer } = NUMBER_FIELDS[k]
      const field = RecognitionSettingsSchema.shape[k]
      expect(field.safeParse(min).success, `${k} min`).toBe(true)
      expect(field.safeParse(max).success, `${k} max`).toBe(true)
      expect(field.safeParse(min - 0.5).success, `${k} below`).toBe(false)
      expect(field.safeParse(max + 0.5).success, `${k} above`).toBe(false)
      expect(field.safeParse(min + 0.5).success, `${k} fraction`).toBe(!integer)
    }
  })
  it('accept every default', () => {
    for (const k of keys) expect(numberProblem(k, String(DEFAULT_RECOGNITION_SETTINGS[k]))).toBeNull()
  })
})

describe('numberProblem', () => {
  it('names the field and its range', () => {
    expect(numberProblem('concurrency', '20')).toBe('Parallel requests must be a whole number from 1 to 16')
    expect(numberProblem('concurrency', '2.5')).toBe('Parallel requests must be a whole number from 1 to 16')
    expect(numberProblem('uploadLimitMb', '')).toBe('Upload limit (MB) must be a number from 0.5 to 50')
    expect(numberProblem('uploadLimitMb', '7.5')).toBeNull()
    expect(numberProblem('callbackPort', '0')).toBeNull()
  })
})

describe('recognitionPatch', () => {
  const current = DEFAULT_RECOGNITION_SETTINGS
  it('sends only what changed', () => {
    const form = {
      ...toForm(current),
      concurrency: '8',
      callbackMode: true,
      publicCallbackUrl: ' https://relay.example/x ',
    }
    expect(recognitionPatch(form, current)).toEqual({
      ok: true,
      patch: { concurrency: 8, callbackMode: true, publicCallbackUrl: 'https://relay.example/x' },
    })
  })
  it('sends nothing for an untouched form or a reformatted equal number', () => {
    expect(recognitionPatch(toForm(current), current)).toEqual({ ok: true, patch: {} })
    expect(recognitionPatch({ ...toForm(current), uploadLimitMb: '10.0' }, current)).toEqual({
      ok: true,
      patch: {},
    })
  })
  it('refuses a bad value and names it', () => {
    expect(recognitionPatch({ ...toForm(current), maxRetries: '11' }, current)).toEqual({
      ok: false,
      key: 'maxRetries',
      message: 'Retries must be a whole number from 0 to 10',
    })
    const bad = recognitionPatch({ ...toForm(current), publicCallbackUrl: 'ftp://relay' }, current)
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.key).toBe('publicCallbackUrl')
  })
  it('accepts clearing the public URL', () => {
    const withUrl = { ...current, publicCallbackUrl: 'https://relay.example' }
    expect(recognitionPatch({ ...toForm(withUrl), publicCallbackUrl: '' }, withUrl)).toEqual({
      ok: true,
      patch: { publicCallbackUrl: '' },
    })
  })
})

describe('explainSettingsError', () => {
  it('replaces field paths with labels', () => {
    expect(
      explainSettingsError(
        'Invalid arguments for updateSettings: 0.recognition.concurrency: Too big: expected number to be <=16',
      ),
    ).toBe('Invalid arguments for updateSettings: Parallel requests: Too big: expected number to be <=16')
    expect(explainSettingsError('disk full')).toBe('disk full')
  })
})
