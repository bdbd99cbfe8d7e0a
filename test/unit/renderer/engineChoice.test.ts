// The renderer's side of the engine choice (issue 15): what Save sends from the Settings select, the words the
// toolbar and the case panel use, and Recognize all with the local engine (nothing skipped for want of a country
// or type: the MRZ gives them).
import { describe, expect, it } from 'vitest'
import { recognizePlan, type ParamsOf } from '../../../renderer/src/recognition/paramsLogic'
import {
  enginePatch,
  engineShortName,
  isEngineName,
  mrzNote,
  providerText,
} from '../../../renderer/src/settings/engineChoice'
import { settingLabel, valueText } from '../../../renderer/src/settings/policyNotes'

describe('enginePatch', () => {
  it('sends the choice only when the reviewer changed it', () => {
    expect(enginePatch('argos', { effective: 'local', pinned: false })).toBe('argos')
    expect(enginePatch('local', { effective: 'argos', pinned: false })).toBe('local')
    // Unchanged: saving other settings must not turn the automatic choice into a stored one.
    expect(enginePatch('local', { effective: 'local', pinned: false })).toBeNull()
    expect(enginePatch(null, { effective: 'local', pinned: false })).toBeNull()
  })

  it('sends nothing when the policy pins the engine (the main process would refuse it)', () => {
    expect(enginePatch('argos', { effective: 'local', pinned: true })).toBeNull()
    expect(enginePatch('argos', null)).toBeNull()
  })

  it('knows the two engines and nothing else', () => {
    expect(['argos', 'local', 'ARGOS', '', null].map(isEngineName)).toEqual([true, true, false, false, false])
  })
})

describe('words', () => {
  it('names the engine in the toolbar and the reader in the case panel', () => {
    expect(engineShortName('local')).toBe('On this computer')
    expect(engineShortName('argos')).toBe('ARGOS')
    expect(providerText('local')).toBe('Read on this computer')
    expect(providerText('argos')).toBe('Read by ARGOS')
    expect(providerText(null)).toBeNull()
  })
})

describe('mrzNote', () => {
  it('says how many characters the check digits repaired, and where in its title', () => {
    const note = mrzNote({ valid: true, repairs: [{ line: 2, position: 14, from: 'O', to: '0' }] })
    expect(note).toEqual({
      text: 'MRZ: 1 character repaired',
      title:
        'Repaired with the check digits (the read before repair is kept): line 2 character 14: “O” → “0”',
    })
  })

  it('says when the check digits fail, and nothing for a clean MRZ or none', () => {
    expect(mrzNote({ valid: false, repairs: [] })?.text).toBe('MRZ check digits fail')
    expect(mrzNote({ valid: true, repairs: [] })).toBeNull()
    expect(mrzNote(null)).toBeNull()
    expect(mrzNote(undefined)).toBeNull()
  })
})

describe('settings history', () => {
  it('names the engine setting and its values (null: automatic)', () => {
    expect(settingLabel('recognition.engine')).toBe('Recognition engine')
    expect(valueText('recognition.engine', 'local')).toBe('On this computer')
    expect(valueText('recognition.engine', 'argos')).toBe('ARGOS')
    expect(valueText('recognition.engine', null)).toBe('automatic')
  })
})

describe('recognizePlan with the local engine', () => {
  const cases: ParamsOf[] = [
    { id: 'a', issuingCountry: 'NZL', idType: 'passport', status: 'new' },
    { id: 'b', issuingCountry: null, idType: null, status: 'new' },
    { id: 'c', issuingCountry: 'ITA', idType: null, status: 'failed' },
    { id: 'd', issuingCountry: null, idType: null, status: 'recognised' },
  ]

  it('reads the cases without a country or type instead of skipping them', () => {
    const local = recognizePlan(cases, new Set(), true)
    expect(local.skipped).toEqual([])
    expect(local.fromMrz.map((c) => c.id)).toEqual(['b', 'c'])
    expect(local.groups).toEqual([{ issuingCountry: 'NZL', idType: 'passport', count: 1 }])
    expect(local.pending.map((c) => c.id)).toEqual(['a', 'b', 'c'])
  })

  it('still skips them for ARGOS', () => {
    const argos = recognizePlan(cases, new Set())
    expect(argos.skipped.map((c) => c.id)).toEqual(['b', 'c'])
    expect(argos.fromMrz).toEqual([])
  })
})
