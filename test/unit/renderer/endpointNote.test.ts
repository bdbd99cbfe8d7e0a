import { describe, expect, it } from 'vitest'
import {
  DEFAULT_RECOGNITION_SETTINGS,
  DEFAULT_REVIEW_SETTINGS,
  type SettingsView,
} from '../../../shared/model'
import { DEFAULT_EXPORT_SETTINGS } from '../../../shared/export-options'
import { baseUrlProblem, keyClearedNote } from '../../../renderer/src/settings/endpointNote'

function view(url: string, storage: SettingsView['apiKeyStorage']): SettingsView {
  return {
    argosBaseUrl: url,
    reviewerName: '',
    apiKeySet: storage !== 'none',
    apiKeyStorage: storage,
    encryptionAvailable: true,
    engine: { effective: 'argos', pinned: false },
    overriddenByEnvironment: { argosBaseUrl: false, apiKey: storage === 'environment' },
    recognition: DEFAULT_RECOGNITION_SETTINGS,
    review: DEFAULT_REVIEW_SETTINGS,
    export: DEFAULT_EXPORT_SETTINGS,
    account: 'reviewer-a',
    policy: { source: null, problem: null, pinned: [] },
  }
}

describe('Settings dialog: the endpoint notes', () => {
  it('refuses a plain-http remote URL with a message naming https, and lets https or loopback through', () => {
    expect(baseUrlProblem('http://203.0.113.5/modules')).toContain('https')
    expect(baseUrlProblem('https://b.example/modules')).toBeNull()
    expect(baseUrlProblem('http://127.0.0.1:4010/modules')).toBeNull()
  })

  it('says the key was cleared, naming both origins, when a save moved the endpoint to another origin', () => {
    expect(
      keyClearedNote(
        view('https://a.example/modules', 'encrypted'),
        view('https://b.example/modules', 'none'),
      ),
    ).toBe(
      'The API key was cleared: it was saved for https://a.example, the endpoint is now https://b.example. ' +
        'Enter the key for the new endpoint.',
    )
    expect(
      keyClearedNote(view('https://a.example/modules', 'session'), view('https://b.example/v2', 'none')),
    ).toContain('was cleared')
  })

  it('says nothing when the key stayed, there was none, it came from the environment, or the origin is the same', () => {
    const a = 'https://a.example/modules'
    expect(keyClearedNote(view(a, 'encrypted'), view('https://b.example/m', 'encrypted'))).toBeNull()
    expect(keyClearedNote(view(a, 'none'), view('https://b.example/m', 'none'))).toBeNull()
    expect(keyClearedNote(view(a, 'environment'), view('https://b.example/m', 'none'))).toBeNull()
    expect(keyClearedNote(view(a, 'encrypted'), view('https://a.example/other', 'none'))).toBeNull()
  })
})
